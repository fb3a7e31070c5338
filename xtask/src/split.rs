//! `cargo xtask split-wasm`: Trunk's post-build hook (see Trunk.toml). It cuts the
//! app's pages other than search out of the main wasm module, so the app shell a
//! phone downloads first holds only the search page; each other page is a module
//! loaded the first time it is shown (Leptos's `#[lazy]`, the same splitter as
//! `cargo leptos --split`).
//!
//! Trunk has built the app with the `split` feature (index.html), so cargo's linked
//! module carries relocations and the lazy pages' split points. Trunk's own
//! wasm-bindgen output of it is replaced: this splits cargo's module, runs
//! wasm-bindgen on the main part under Trunk's file names (so index.html's links
//! stay right) and, in release builds, wasm-opt on every part. The page modules
//! and their loader go in `split-HASH/` beside them, so a new build never mixes
//! with a cached old one.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::util::{cmd, note, run, step};

pub fn run_hook() -> Result<()> {
    let staging = PathBuf::from(
        std::env::var_os("TRUNK_STAGING_DIR")
            .context("split-wasm is Trunk's post-build hook (Trunk.toml); run trunk build")?,
    );
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let name = trunk_name(&staging)?;
    let hash = name.trim_start_matches("zhixin-app-");
    // Trunk.toml's cargo_profile: the same linked module for release and debug.
    let input =
        crate::dist::target_dir().join("wasm32-unknown-unknown/wasm-release/zhixin-app.wasm");
    step(&format!(
        "Splitting {} into lazily loaded pages",
        input.display()
    ));
    let wasm = std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;

    let parts = staging.join(format!("split-{hash}"));
    let work = staging.join(".split-work");
    for dir in [&parts, &work] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
    }
    // The loader's path is both the import module name in the main module
    // (relative to the main JS, at the root) and where the splitter writes it
    // (relative to its output folder): written one level down, moved up below.
    let link_name = format!("./split-{hash}/__wasm_split.js");
    std::fs::create_dir_all(parts.join(format!("split-{hash}")))?;
    std::fs::create_dir_all(&work)?;
    let main_module = format!("../{name}.js");
    let main_out = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &parts;
        opts.main_out_path = &main_out;
        opts.link_name = &link_name;
        opts.main_module = &main_module;
        opts
    })
    .map_err(|e| anyhow::anyhow!("{e:?}"))
    .with_context(|| {
        format!(
            "splitting {} (was it built with the `split` feature, which links it with --emit-relocs?)",
            input.display()
        )
    })?;
    std::fs::rename(parts.join(&link_name), parts.join("__wasm_split.js"))?;
    std::fs::remove_dir(parts.join(format!("split-{hash}")))?;

    run(cmd("wasm-bindgen")
        .args([
            "--target=web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
        ])
        .arg(format!("--out-name={name}"))
        .arg("--out-dir")
        .arg(&work)
        .arg(&main_out))?;
    std::fs::rename(
        work.join(format!("{name}.js")),
        staging.join(format!("{name}.js")),
    )?;
    let main = work.join(format!("{name}_bg.wasm"));
    let main_dest = staging.join(format!("{name}_bg.wasm"));
    if release {
        optimise(&main, &main_dest)?;
        for part in &split.split_modules {
            optimise(part, part)?;
        }
    } else {
        std::fs::rename(&main, &main_dest)?;
    }
    std::fs::remove_dir_all(&work)?;
    note(&format!(
        "main module {name}_bg.wasm, {} page modules in split-{hash}/",
        split.split_modules.len()
    ));
    Ok(())
}

/// `zhixin-app-HASH`, the name Trunk gave the app's JS and wasm.
fn trunk_name(staging: &Path) -> Result<String> {
    for entry in std::fs::read_dir(staging)? {
        let file = entry?.file_name().to_string_lossy().into_owned();
        if let Some(name) = file.strip_suffix("_bg.wasm") {
            if name.starts_with("zhixin-app-") {
                return Ok(name.to_string());
            }
        }
    }
    bail!(
        "no zhixin-app-*_bg.wasm in Trunk's staging folder {}",
        staging.display()
    )
}

fn optimise(from: &Path, to: &Path) -> Result<()> {
    run(cmd("wasm-opt").arg("-Oz").arg(from).arg("-o").arg(to))
}
