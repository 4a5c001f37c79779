//! Stamps the binaries with the fingerprint of the generator sources they are built from, for
//! `cargo-apis` to compare with the checkout it runs in.

#[path = "src/fingerprint.rs"]
mod fingerprint;

use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let root = Path::new(&manifest_dir).parent().unwrap_or(Path::new("..")).to_path_buf();
    for input in fingerprint::INPUTS {
        println!("cargo::rerun-if-changed={}", root.join(input).display());
    }
    // Unreadable sources get no stamp: `cargo-apis` then always defers to `cargo xtask`.
    let stamp = fingerprint::of(&root).map_or_else(|_| String::new(), |f| format!("{f:016x}"));
    println!("cargo::rustc-env=APIS_GENERATOR_FINGERPRINT={stamp}");
}
