//! A fingerprint of the generator's sources, so that an installed `cargo-apis` can tell
//! whether it was built from the checkout it runs in. Also compiled into `build.rs`, which
//! stamps the binary with the fingerprint of the sources it was built from.

use std::io;
use std::path::{Path, PathBuf};

/// What decides what the commands write, relative to the checkout's root: the generator, the
/// code that writes its files (`codegen.rs`) and the OpenAPI export, this fingerprint itself,
/// and the exact versions of their dependencies (a new `prettyplease` prints differently).
/// Not the benchmarks or the command-line parsing: editing them leaves installs current.
pub const INPUTS: [&str; 8] = [
    "Cargo.lock",
    "codegen/Cargo.toml",
    "codegen/src",
    "xtask/Cargo.toml",
    "xtask/build.rs",
    "xtask/src/codegen.rs",
    "xtask/src/fingerprint.rs",
    "xtask/src/openapi.rs",
];

/// FNV-1a (64 bits) over each input file's relative path and contents, in path order.
///
/// # Errors
/// When an input cannot be read.
pub fn of(root: &Path) -> io::Result<u64> {
    let mut files = Vec::new();
    for input in INPUTS {
        collect(&root.join(input), &mut files)?;
    }
    files.sort();
    let mut hash = Fnv::default();
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        hash.write(relative.to_string_lossy().replace('\\', "/").as_bytes());
        hash.write(&[0]);
        hash.write(&std::fs::read(file)?);
        hash.write(&[0]);
    }
    Ok(hash.0)
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_dir() {
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), files)?;
        }
    } else {
        files.push(path.to_path_buf());
    }
    Ok(())
}

/// Stable across Rust releases, unlike `std`'s `DefaultHasher`; the build script and the
/// binary must agree.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake checkout holding every input, in a fresh temporary directory.
    fn checkout(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("apis-fingerprint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["codegen/src/emit", "xtask/src/bench"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "Cargo.lock",
            "codegen/Cargo.toml",
            "codegen/src/lib.rs",
            "codegen/src/emit/mod.rs",
            "xtask/Cargo.toml",
            "xtask/build.rs",
            "xtask/src/codegen.rs",
            "xtask/src/fingerprint.rs",
            "xtask/src/openapi.rs",
        ] {
            std::fs::write(root.join(file), file).unwrap();
        }
        root
    }

    #[test]
    fn any_change_to_the_generator_changes_the_fingerprint() {
        let root = checkout("change");
        let before = of(&root).unwrap();
        assert_eq!(of(&root).unwrap(), before, "the same sources give the same fingerprint");
        std::fs::write(root.join("codegen/src/emit/mod.rs"), "changed").unwrap();
        let edited = of(&root).unwrap();
        assert_ne!(edited, before);
        std::fs::write(root.join("codegen/src/emit/new.rs"), "").unwrap();
        let added = of(&root).unwrap();
        assert_ne!(added, edited, "a new (even empty) file counts");
        std::fs::create_dir_all(root.join("spec")).unwrap();
        std::fs::write(root.join("spec/x.yaml"), "not an input").unwrap();
        assert_eq!(of(&root).unwrap(), added, "specs are what the generator reads, not what it is");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn moving_bytes_between_files_changes_the_fingerprint() {
        let root = checkout("move");
        std::fs::write(root.join("xtask/src/codegen.rs"), "ab").unwrap();
        std::fs::write(root.join("xtask/src/openapi.rs"), "c").unwrap();
        let before = of(&root).unwrap();
        std::fs::write(root.join("xtask/src/codegen.rs"), "a").unwrap();
        std::fs::write(root.join("xtask/src/openapi.rs"), "bc").unwrap();
        assert_ne!(of(&root).unwrap(), before);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn the_benchmarks_and_the_command_line_are_not_inputs() {
        let root = checkout("bench");
        let before = of(&root).unwrap();
        std::fs::write(root.join("xtask/src/bench/mod.rs"), "edited").unwrap();
        std::fs::write(root.join("xtask/src/lib.rs"), "edited").unwrap();
        assert_eq!(of(&root).unwrap(), before, "an install stays current when only the bench changes");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_checkout_without_the_generator_has_no_fingerprint() {
        let root = checkout("missing");
        std::fs::remove_dir_all(root.join("codegen/src")).unwrap();
        assert!(of(&root).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }
}
