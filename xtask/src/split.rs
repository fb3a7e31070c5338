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
    preload_in_html(&staging.join("index.html"), hash, &split.prefetch_map)?;
    write_pages(&parts.join(PAGES_FILE), &split.prefetch_map)?;
    note(&format!(
        "main module {name}_bg.wasm, {} page modules in split-{hash}/",
        split.split_modules.len()
    ));
    Ok(())
}

/// In each `split-HASH/` folder: one line per lazily loaded part (`search`,
/// `enterprise_page` …), its name then the files it downloads, for `cargo xtask size`.
pub const PAGES_FILE: &str = "pages.txt";

fn write_pages(
    path: &Path,
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
) -> Result<()> {
    let mut lines: Vec<String> = pages(prefetch_map)
        .into_iter()
        .map(|(page, files)| format!("{page} {}", files.join(" ")))
        .collect();
    lines.push(String::new());
    std::fs::write(path, lines.join("\n")).with_context(|| format!("writing {}", path.display()))
}

/// The lazily loaded parts by page name (the split's name without its hash:
/// `enterprise_page_1836…` is `enterprise_page`), each with its files' stems.
fn pages(
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
) -> Vec<(String, Vec<String>)> {
    let mut pages: Vec<(String, Vec<String>)> = prefetch_map
        .iter()
        .map(|(split, files)| {
            let page = split.trim_end_matches(|c: char| c.is_ascii_digit());
            (page.trim_end_matches('_').to_string(), files.clone())
        })
        .collect();
    pages.sort();
    pages
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

/// Adds to index.html, before the app starts, the download of the modules the
/// address's page needs (`<link rel=preload>`, in parallel with the main module,
/// so a deep link to an enterprise waits for one round trip, not two), and for
/// the bare search page the search engine's modules at idle (`rel=prefetch`),
/// before the first keystroke needs them. The address is read as
/// `Route::from_query` reads it (src/route.rs); a wrong guess costs a download,
/// never a wrong page. Also preloads the split loader, which the main JS imports.
fn preload_in_html(
    html: &Path,
    hash: &str,
    prefetch_map: &std::collections::HashMap<String, Vec<String>>,
) -> Result<()> {
    let map = pages(prefetch_map)
        .iter()
        .map(|(page, files)| {
            let files: Vec<String> = files.iter().map(|f| format!("'{f}'")).collect();
            format!("{page}:[{}]", files.join(","))
        })
        .collect::<Vec<_>>()
        .join(",");
    let dir = format!("split-{hash}/");
    let script = format!(
        r#"<link rel="modulepreload" href="{dir}__wasm_split.js"><script>(function(){{var m={{{map}}},p=new URLSearchParams(location.search),d=document;function add(k,rel){{(m[k]||[]).forEach(function(f){{var l=d.createElement('link');l.rel=rel;l.href='{dir}'+f+'.wasm';if(rel==='preload'){{l.as='fetch';l.crossOrigin='anonymous'}}d.head.appendChild(l)}})}}var k=p.has('e')?'enterprise_page':p.has('list')?'list_page':{{lists:'lists_page',report:'report_page',about:'about_page'}}[p.get('view')];if(k)add(k,'preload');else if((p.get('q')||'').trim()||['blacklisted','honours','scheme','region'].some(function(x){{return p.has(x)}}))add('search_engine','preload');else add('search_engine','prefetch')}})()</script>"#
    );
    let text =
        std::fs::read_to_string(html).with_context(|| format!("reading {}", html.display()))?;
    let Some(at) = text.find("</head>") else {
        bail!("{} has no </head>", html.display());
    };
    let mut out = text;
    out.insert_str(at, &script);
    std::fs::write(html, out).with_context(|| format!("writing {}", html.display()))
}
