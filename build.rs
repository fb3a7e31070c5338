//! With the `split` feature the app's wasm is linked with its relocations
//! (`--emit-relocs`), which `cargo xtask split-wasm` needs to cut the pages
//! other than search out into their own modules.
//!
//! `ZHIXIN_PUBLIC_KEY_FILE=path/to/zhixin.pub` pins the publisher's key (as
//! `ZHIXIN_PUBLIC_KEY` with the file's text does): `data::PINNED_KEY`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=ZHIXIN_PUBLIC_KEY");
    println!("cargo:rerun-if-env-changed=ZHIXIN_PUBLIC_KEY_FILE");
    if let Some(path) = std::env::var_os("ZHIXIN_PUBLIC_KEY_FILE").filter(|p| !p.is_empty()) {
        println!("cargo:rerun-if-changed={}", path.to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "ZHIXIN_PUBLIC_KEY_FILE={}: cannot read the publisher's public key: {e}",
                path.to_string_lossy()
            )
        });
        // The base64 line alone: an environment value holds one line.
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .unwrap_or_default();
        println!("cargo:rustc-env=ZHIXIN_PUBLIC_KEY={line}");
    }
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if split && wasm {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
