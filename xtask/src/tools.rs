//! Installs the build and test tools the first time, then only checks.
//! Versions that work on these machines: ../shared/TOOLCHAIN.md.

use crate::{root, sh, step, Result};
use std::path::PathBuf;
use std::process::Command;

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN: &str = "binaryen@132.0.0";
const PLAYWRIGHT: &str = "playwright-core@1.65.1";
/// The API fuzzer (PyPI), pinned: a new release may add checks.
const SCHEMATHESIS: &str = "4.32.5";

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// npm packages (wasm-opt, Playwright) live here, outside the repository.
fn node_prefix() -> PathBuf {
    home().join(".cache/servicebook/node")
}

pub fn node_modules() -> PathBuf {
    node_prefix().join("node_modules")
}

fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
        .join("bin")
}

/// PATH with cargo's bin dir and the npm tools first.
pub fn path() -> std::ffi::OsString {
    let mut dirs = vec![node_modules().join(".bin"), cargo_bin()];
    if let Some(p) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(dirs).unwrap_or_default()
}

/// The first line a tool prints for `--version`, if it runs.
fn version_of(program: &str) -> Option<String> {
    let out = Command::new(program)
        .arg("--version")
        .env("PATH", path())
        .output()
        .ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    })
}

/// The version of a package as locked in Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let marker = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&marker)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + marker.len();
    let len = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + len].to_owned())
}

pub fn ensure_build_tools() -> Result {
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if !String::from_utf8_lossy(&targets.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        step("installing the wasm32 target");
        sh("rustup", &["target", "add", "wasm32-unknown-unknown"], &[])?;
    }

    if version_of("trunk").as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        step(&format!(
            "installing trunk {TRUNK_VERSION} (about 10 minutes on 2 cores, once)"
        ));
        sh(
            "cargo",
            &["install", "--locked", &format!("trunk@{TRUNK_VERSION}")],
            &[],
        )?;
    }

    // The CLI must match the wasm-bindgen crate exactly, and Trunk.toml must
    // name the same version or Trunk refuses to build offline.
    let bindgen = locked_version("wasm-bindgen")?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")) {
        return Err(format!(
            "Trunk.toml [tools] wasm_bindgen must be \"{bindgen}\", the version in Cargo.lock"
        ));
    }
    if version_of("wasm-bindgen").as_deref() != Some(&format!("wasm-bindgen {bindgen}")) {
        step(&format!(
            "installing wasm-bindgen-cli {bindgen} (a few minutes, once)"
        ));
        // Without --locked: the CLI's own lockfile names a release missing from the registry.
        sh(
            "cargo",
            &[
                "install",
                "--force",
                "wasm-bindgen-cli",
                "--version",
                &bindgen,
            ],
            &[],
        )?;
    }

    // Debian's binaryen (108) produces modules that fail in Chromium: use npm's.
    if !node_modules().join(".bin/wasm-opt").exists() {
        step(&format!("installing wasm-opt ({BINARYEN}, npm)"));
        npm_install(BINARYEN)?;
    }
    Ok(())
}

pub fn ensure_browser_tools() -> Result {
    if !PathBuf::from("/usr/bin/chromium").exists() {
        step("installing Chromium (Debian package)");
        sh("apt-get", &["update", "-q"], &[])?;
        sh(
            "apt-get",
            &["install", "-y", "-q", "chromium"],
            &[("DEBIAN_FRONTEND", "noninteractive")],
        )?;
    }
    let wanted = PLAYWRIGHT.rsplit('@').next().unwrap_or("");
    let have = std::fs::read_to_string(node_modules().join("playwright-core/package.json"))
        .unwrap_or_default();
    if !have.contains(&format!("\"version\": \"{wanted}\"")) {
        step(&format!(
            "installing {PLAYWRIGHT} (npm; it drives Debian's Chromium, it downloads no browser)"
        ));
        npm_install(PLAYWRIGHT)?;
    }
    Ok(())
}

/// Schemathesis in its own virtualenv under ~/.cache/servicebook; the
/// path of its `st` command.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    let venv = home().join(".cache/servicebook/schemathesis");
    let st = venv.join("bin/st");
    let have = Command::new(&st)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    if !have.contains(SCHEMATHESIS) {
        step(&format!(
            "installing schemathesis {SCHEMATHESIS} (PyPI, in {})",
            venv.display()
        ));
        let venv_s = venv.to_string_lossy().into_owned();
        sh("python3", &["-m", "venv", &venv_s], &[])?;
        let pip = venv.join("bin/pip").to_string_lossy().into_owned();
        sh(
            &pip,
            &["install", "-q", &format!("schemathesis=={SCHEMATHESIS}")],
            &[],
        )?;
    }
    Ok(st)
}

fn npm_install(package: &str) -> Result {
    let prefix = node_prefix();
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    let prefix = prefix.to_string_lossy().into_owned();
    sh(
        "npm",
        &[
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &prefix,
            package,
        ],
        &[("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")],
    )
}
