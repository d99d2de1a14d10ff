//! Brotli copies of the browser app's assets, made once at build time
//! (`<file>.br` beside each file in web/dist): quality 11 is the smallest a
//! phone can download and takes seconds, so the server never does it at
//! start; it embeds these and sends them to browsers that accept `br`.

use crate::Result;
use std::path::Path;

const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json"];

/// Writes `<file>.br` for every compressible file of `dist` whose copy is
/// missing or older than the file.
pub fn brotli_dist(dist: &Path) -> Result {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_file() || !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let out = path.with_extension(format!("{ext}.br"));
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        if let (Some(src), Some(dst)) = (modified(&path), modified(&out)) {
            if dst >= src {
                continue;
            }
        }
        let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut compressed = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut compressed, &params)
            .map_err(|e| format!("brotli {}: {e}", path.display()))?;
        std::fs::write(&out, &compressed).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    Ok(())
}
