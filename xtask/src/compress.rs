//! Brotli and gzip copies of the browser app's assets, made once at build
//! time (`<file>.br` and `<file>.gz` beside each file in web/dist): brotli
//! quality 11 is the smallest a phone can download and takes seconds, so the
//! server never compresses at start; it embeds these and sends the best one
//! the browser accepts.

use crate::Result;
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json"];

/// Writes `<file>.br` and `<file>.gz` for every compressible file of `dist`
/// whose copies are missing or older than the file.
pub fn brotli_dist(dist: &Path) -> Result {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !path.is_file() || !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let out = path.with_extension(format!("{ext}.br"));
        let gz = path.with_extension(format!("{ext}.gz"));
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let fresh = |copy: &Path| matches!((modified(&path), modified(copy)), (Some(src), Some(dst)) if dst >= src);
        if fresh(&out) && fresh(&gz) {
            continue;
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
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        enc.write_all(&data)
            .and_then(|()| enc.finish())
            .and_then(|bytes| std::fs::write(&gz, bytes))
            .map_err(|e| format!("gzip {}: {e}", gz.display()))?;
    }
    Ok(())
}
