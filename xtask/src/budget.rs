//! The app's download budget and the phone's cold load, for `cargo xtask
//! bench`. Trunk cannot split the WASM, so every page added makes the one
//! bundle larger: the bench prints it against the budget and fails when it
//! is over, so growth is noticed when it happens, not by a customer.

use crate::{root, step, tools, Result};
use std::path::Path;
use std::process::Command;

/// The whole app as served to a browser that accepts brotli, in bytes.
pub const BROTLI_BUDGET: u64 = 350_000;
/// Navigation to the sign-in form on the emulated phone, in milliseconds:
/// printed against this target, not failed on (a shared machine's timing
/// varies more than a byte count does).
pub const COLD_LOAD_TARGET_MS: u64 = 1_200;

pub struct AssetSize {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Every file of `dist` as it is stored and as it is served compressed
/// (the build-time `.gz`/`.br` copies; a file without one is sent as is).
pub fn sizes(dist: &Path) -> Result<Vec<AssetSize>> {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !path.is_file() || name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let raw = size(&path).unwrap_or(0);
        let copy = |ext: &str| size(&path.with_file_name(format!("{name}.{ext}"))).unwrap_or(raw);
        out.push(AssetSize {
            gzip: copy("gz"),
            brotli: copy("br"),
            raw,
            name,
        });
    }
    out.sort_by(|a, b| b.brotli.cmp(&a.brotli));
    Ok(out)
}

/// Prints the sizes and the budget line; `Err` when over the budget.
pub fn report(sizes: &[AssetSize]) -> Result {
    for a in sizes {
        let kind = a.name.rsplit('.').next().unwrap_or("");
        if matches!(kind, "wasm" | "js" | "css") {
            println!(
                "{:<8}{:>10} raw {:>10} gzip {:>10} brotli   {}",
                kind,
                kb(a.raw),
                kb(a.gzip),
                kb(a.brotli),
                a.name
            );
        }
    }
    let total: u64 = sizes.iter().map(|a| a.brotli).sum();
    let verdict = if total <= BROTLI_BUDGET {
        "within"
    } else {
        "OVER"
    };
    println!(
        "app as served (brotli, every file): {} — {verdict} the budget of {}",
        kb(total),
        kb(BROTLI_BUDGET)
    );
    if total <= BROTLI_BUDGET {
        Ok(())
    } else {
        Err(format!(
            "the app is {} brotli, over its budget of {} by {} (see the sizes above)",
            kb(total),
            kb(BROTLI_BUDGET),
            kb(total - BROTLI_BUDGET)
        ))
    }
}

/// Runs tests/browser/coldload.cjs against `bin` and prints the median.
pub fn cold_load(bin: &Path) -> Result {
    tools::ensure_browser_tools()?;
    step("phone cold load to the sign-in form (Chromium: CPU 4× slower, 9 Mbit/s, 60 ms; empty cache; 5 runs)");
    let out = Command::new("node")
        .arg("tests/browser/coldload.cjs")
        .current_dir(root())
        .env("PATH", tools::path())
        .env("SERVICEBOOK_BIN", bin)
        .env("NODE_PATH", tools::node_modules())
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "the cold-load measurement failed:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let median = stdout
        .lines()
        .filter_map(|l| l.split("\"cold_load_ms\":").nth(1))
        .filter_map(|rest| rest.split([',', '}']).next()?.trim().parse::<u64>().ok())
        .last()
        .ok_or_else(|| format!("no cold_load_ms in:\n{stdout}"))?;
    for line in stdout.lines().filter(|l| !l.starts_with('{')) {
        println!("{line}");
    }
    let verdict = if median <= COLD_LOAD_TARGET_MS {
        "within"
    } else {
        "OVER"
    };
    println!(
        "phone cold load: median {median} ms — {verdict} the target of {COLD_LOAD_TARGET_MS} ms"
    );
    Ok(())
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, brotli: u64) -> AssetSize {
        AssetSize {
            name: name.into(),
            raw: brotli * 4,
            gzip: brotli * 2,
            brotli,
        }
    }

    #[test]
    fn the_budget_counts_every_file_as_served() {
        assert!(report(&[asset("a_bg.wasm", 300_000), asset("a.js", 50_000)]).is_ok());
        let over = report(&[asset("a_bg.wasm", 300_000), asset("a.js", 50_001)]).unwrap_err();
        assert!(over.contains("over its budget"), "{over}");
    }

    #[test]
    fn a_file_without_compressed_copies_counts_at_its_own_size() {
        let dir = std::env::temp_dir().join(format!("xtask-budget-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app_bg.wasm"), vec![0u8; 1000]).unwrap();
        std::fs::write(dir.join("app_bg.wasm.br"), vec![0u8; 100]).unwrap();
        std::fs::write(dir.join("app_bg.wasm.gz"), vec![0u8; 200]).unwrap();
        std::fs::write(dir.join("favicon.png"), vec![0u8; 50]).unwrap();
        let s = sizes(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].raw, s[0].gzip, s[0].brotli), (1000, 200, 100));
        assert_eq!((s[1].raw, s[1].gzip, s[1].brotli), (50, 50, 50));
    }
}
