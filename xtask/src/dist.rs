//! `cargo xtask dist`: the release binary as a Debian package and a plain
//! tar.gz, both under target/dist, then a check of what was built.
//!
//! The package is assembled by hand and built with `dpkg-deb` (on every
//! Debian/Ubuntu machine) rather than cargo-deb: five small files in
//! `packaging/` say everything, and CI installs nothing more.

use crate::{root, step, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct Built {
    /// None where `dpkg-deb` is missing (not a Debian-like machine).
    pub deb: Option<PathBuf>,
    pub tarball: PathBuf,
}

/// Files that go into both packages: (source under the repository, path
/// installed, mode).
const FILES: &[(&str, &str, u32)] = &[
    (
        "packaging/servicebook.service",
        "lib/systemd/system/servicebook.service",
        0o644,
    ),
    (
        "packaging/servicebook.default",
        "etc/default/servicebook",
        0o644,
    ),
    (
        "docs/DEPLOY.md",
        "usr/share/doc/servicebook/DEPLOY.md",
        0o644,
    ),
    (
        "docs/BACKUP.md",
        "usr/share/doc/servicebook/BACKUP.md",
        0o644,
    ),
];

/// Lines the unit must hold: the promises the package makes to an admin.
pub const UNIT_LINES: &[&str] = &[
    "User=servicebook",
    "EnvironmentFile=-/etc/default/servicebook",
    "ExecStart=/usr/bin/servicebook serve --data /var/lib/servicebook",
    "StateDirectory=servicebook",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    "WantedBy=multi-user.target",
];

pub fn build(bin: &Path) -> Result<Built> {
    let dist = root().join("target/dist");
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let deb = if which("dpkg-deb") {
        Some(deb(bin, &dist)?)
    } else {
        println!("dpkg-deb is not installed: no .deb built (install dpkg to build one)");
        None
    };
    let tarball = tarball(bin, &dist)?;
    Ok(Built { deb, tarball })
}

fn deb(bin: &Path, dist: &Path) -> Result<PathBuf> {
    let arch = debian_arch()?;
    step(&format!("Debian package servicebook_{VERSION}_{arch}.deb"));
    let stage = dist.join("deb-root");
    let _ = std::fs::remove_dir_all(&stage);
    put(bin, &stage.join("usr/bin/servicebook"), 0o755)?;
    for (from, to, mode) in FILES {
        put(&root().join(from), &stage.join(to), *mode)?;
    }
    for script in ["postinst", "prerm", "postrm"] {
        let from = root().join("packaging/debian").join(script);
        put(&from, &stage.join("DEBIAN").join(script), 0o755)?;
    }
    write(
        &stage.join("DEBIAN/conffiles"),
        "/etc/default/servicebook\n",
    )?;
    let installed_kib = dir_size(&stage) / 1024 + 1;
    let control = format!(
        "Package: servicebook\n\
         Version: {VERSION}\n\
         Architecture: {arch}\n\
         Maintainer: Servicebook maintainers <servicebook@localhost>\n\
         Section: net\n\
         Priority: optional\n\
         Installed-Size: {installed_kib}\n\
         Depends: libc6, passwd\n\
         Description: technical service management for small IT firms\n \
         Customers, devices, contracts, service requests on SLA clocks, work\n \
         orders, signed service reports, loaners, repairs and spare parts, in\n \
         one binary that serves its browser app and JSON API. Runs as the\n \
         servicebook system service with its data in /var/lib/servicebook.\n"
    );
    write(&stage.join("DEBIAN/control"), &control)?;
    let out = dist.join(format!("servicebook_{VERSION}_{arch}.deb"));
    // --root-owner-group: files owned by root in the package without fakeroot.
    run(
        "dpkg-deb",
        &[
            "--root-owner-group",
            "--build",
            &stage.to_string_lossy(),
            &out.to_string_lossy(),
        ],
    )?;
    let _ = std::fs::remove_dir_all(&stage);
    println!("{}", out.display());
    Ok(out)
}

fn tarball(bin: &Path, dist: &Path) -> Result<PathBuf> {
    let target = host_triple()?;
    let name = format!("servicebook-{VERSION}-{target}");
    step(&format!("archive {name}.tar.gz"));
    let stage = dist.join("tar-root");
    let _ = std::fs::remove_dir_all(&stage);
    let top = stage.join(&name);
    put(bin, &top.join("servicebook"), 0o755)?;
    put(
        &root().join("packaging/servicebook.service"),
        &top.join("servicebook.service"),
        0o644,
    )?;
    put(
        &root().join("packaging/servicebook.default"),
        &top.join("servicebook.default"),
        0o644,
    )?;
    put(
        &root().join("packaging/INSTALL"),
        &top.join("INSTALL"),
        0o644,
    )?;
    put(
        &root().join("docs/DEPLOY.md"),
        &top.join("DEPLOY.md"),
        0o644,
    )?;
    let out = dist.join(format!("{name}.tar.gz"));
    run(
        "tar",
        &[
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            "-czf",
            &out.to_string_lossy(),
            "-C",
            &stage.to_string_lossy(),
            &name,
        ],
    )?;
    let _ = std::fs::remove_dir_all(&stage);
    println!("{}", out.display());
    Ok(out)
}

/// Checks the built packages from the outside, as an admin would get them:
/// their file lists, the conffile, the maintainer scripts, the unit's key
/// lines (and `systemd-analyze verify` where it exists), and that the
/// packaged binary runs and is this version.
pub fn check(built: &Built) -> Result {
    step("checking the packages");
    if let Some(deb) = &built.deb {
        let deb = deb.to_string_lossy();
        let listing = output("dpkg-deb", &["-c", &deb])?;
        for (path, mode) in [
            ("./usr/bin/servicebook", "-rwxr-xr-x root/root"),
            (
                "./lib/systemd/system/servicebook.service",
                "-rw-r--r-- root/root",
            ),
            ("./etc/default/servicebook", "-rw-r--r-- root/root"),
        ] {
            let line = listing
                .lines()
                .find(|l| l.ends_with(&format!(" {path}")))
                .ok_or_else(|| format!("the .deb has no {path}:\n{listing}"))?;
            if !line.starts_with(mode) {
                return Err(format!("{path} in the .deb is not {mode}: {line}"));
            }
        }
        let info = output("dpkg-deb", &["-I", &deb])?;
        for field in [
            "Package: servicebook",
            &format!("Version: {VERSION}"),
            "Depends: libc6",
        ] {
            if !info.contains(field) {
                return Err(format!("the .deb's control lacks `{field}`:\n{info}"));
            }
        }
        let conffiles = output("dpkg-deb", &["-I", &deb, "conffiles"])?;
        if conffiles.trim() != "/etc/default/servicebook" {
            return Err(format!("the .deb's conffiles are {conffiles:?}"));
        }
        let postinst = output("dpkg-deb", &["-I", &deb, "postinst"])?;
        for needed in [
            "useradd --system",
            "enable --now servicebook",
            "journalctl -u servicebook",
        ] {
            if !postinst.contains(needed) {
                return Err(format!("postinst does not `{needed}`"));
            }
        }
        let tree = root().join("target/dist/deb-check");
        let _ = std::fs::remove_dir_all(&tree);
        run("dpkg-deb", &["-x", &deb, &tree.to_string_lossy()])?;
        let unit = read(&tree.join("lib/systemd/system/servicebook.service"))?;
        check_unit(&unit)?;
        check_binary(&tree.join("usr/bin/servicebook"))?;
        verify_unit(&tree)?;
        let _ = std::fs::remove_dir_all(&tree);
        println!("ok  {deb}");
    }
    let tarball = built.tarball.to_string_lossy();
    let listing = output("tar", &["-tzvf", &tarball])?;
    let name = built
        .tarball
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .ok_or("the archive's name")?;
    for file in [
        "servicebook",
        "servicebook.service",
        "servicebook.default",
        "INSTALL",
    ] {
        if !listing
            .lines()
            .any(|l| l.ends_with(&format!(" {name}/{file}")))
        {
            return Err(format!("the tar.gz has no {name}/{file}:\n{listing}"));
        }
    }
    let tree = root().join("target/dist/tar-check");
    let _ = std::fs::remove_dir_all(&tree);
    std::fs::create_dir_all(&tree).map_err(|e| e.to_string())?;
    run("tar", &["-xzf", &tarball, "-C", &tree.to_string_lossy()])?;
    check_unit(&read(&tree.join(name).join("servicebook.service"))?)?;
    check_binary(&tree.join(name).join("servicebook"))?;
    let _ = std::fs::remove_dir_all(&tree);
    println!("ok  {tarball}");
    Ok(())
}

/// The unit lines of [`UNIT_LINES`] that `unit` lacks.
pub fn missing_unit_lines(unit: &str) -> Vec<&'static str> {
    UNIT_LINES
        .iter()
        .filter(|want| !unit.lines().any(|l| l.trim() == **want))
        .copied()
        .collect()
}

fn check_unit(unit: &str) -> Result {
    let missing = missing_unit_lines(unit);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("the unit lacks {missing:?}"))
    }
}

fn check_binary(bin: &Path) -> Result {
    let version = output(&bin.to_string_lossy(), &["--version"])?;
    if version.trim() != format!("servicebook {VERSION}") {
        return Err(format!("the packaged binary says {version:?}"));
    }
    Ok(())
}

/// `systemd-analyze verify` on the unit, where systemd-analyze exists. It
/// insists that ExecStart's program exists, so it reads a copy whose
/// ExecStart names the extracted binary; `check_unit` holds the real path.
fn verify_unit(tree: &Path) -> Result {
    if !which("systemd-analyze") {
        println!("systemd-analyze is not installed: the unit's syntax is not verified");
        return Ok(());
    }
    let unit = read(&tree.join("lib/systemd/system/servicebook.service"))?;
    let bin = tree.join("usr/bin/servicebook");
    let copy = tree.join("servicebook.service");
    write(
        &copy,
        &unit.replace(
            "ExecStart=/usr/bin/servicebook",
            &format!("ExecStart={}", bin.display()),
        ),
    )?;
    let out = Command::new("systemd-analyze")
        .args(["verify", "--man=no"])
        .arg(&copy)
        .output()
        .map_err(|e| format!("systemd-analyze: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    if out.status.success() && !text.contains("servicebook.service:") {
        println!("systemd-analyze verify: the unit is clean");
        Ok(())
    } else {
        Err(format!(
            "systemd-analyze verify found problems in the unit:\n{text}"
        ))
    }
}

fn debian_arch() -> Result<String> {
    Ok(output("dpkg", &["--print-architecture"])?.trim().to_owned())
}

fn host_triple() -> Result<String> {
    let info = output("rustc", &["-vV"])?;
    info.lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".to_owned())
}

fn put(from: &Path, to: &Path, mode: u32) -> Result {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::copy(from, to).map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))?;
    set_mode(to, mode)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> Result {
    Ok(())
}

fn write(path: &Path, text: &str) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    set_mode(path, 0o644)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn dir_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn which(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(program: &str, args: &[&str]) -> Result {
    output(program, args).map(|_| ())
}

fn output(program: &str, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_unit_holds_every_promised_line_and_a_weakened_one_is_caught() {
        let unit = std::fs::read_to_string(root().join("packaging/servicebook.service")).unwrap();
        assert!(
            missing_unit_lines(&unit).is_empty(),
            "{:?}",
            missing_unit_lines(&unit)
        );
        let weakened = unit.replace("ProtectSystem=strict", "ProtectSystem=full");
        assert_eq!(missing_unit_lines(&weakened), ["ProtectSystem=strict"]);
    }
}
