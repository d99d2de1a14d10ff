// The browser app is built by Trunk into ../web/dist before the server (never
// from here: a nested cargo would deadlock on the build lock). The folder
// must exist for rust-embed even when only the server is built.
fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    if !dist.exists() {
        let _ = std::fs::create_dir_all(&dist);
    }
    println!("cargo:rerun-if-changed=../web/dist");
}
