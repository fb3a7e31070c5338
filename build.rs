//! With the `split` feature the app's wasm is linked with its relocations
//! (`--emit-relocs`), which `cargo xtask split-wasm` needs to cut the pages
//! other than search out into their own modules.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if split && wasm {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
