//! `cargo xtask split-wasm`: Trunk's post-build hook (see Trunk.toml). It cuts the
//! parts of the app that the search page does not need to show and take input (the
//! search engine, every other page: `part!` in src/lib.rs) out of the main wasm
//! module, so the app shell a phone downloads first stays small; each part is a
//! module downloaded the first time it is needed (Leptos's `wasm_split`, with the
//! splitter of `cargo leptos --split`).
//!
//! Trunk has built the app with the `split` feature (index.html), so cargo's linked
//! module carries relocations and the parts' split points. Trunk's own
//! wasm-bindgen output of it is replaced: this splits cargo's module, runs
//! wasm-bindgen on the main module and, in release builds, wasm-opt on every
//! module. The parts, the chunks they share and their loader go in `split-HASH/`.
//! HASH, also in the main JS and wasm's names, is a hash of everything written,
//! so a browser or CDN can cache these files forever and never mix two builds.
//!
//! Last, on the final bytes (csp.rs): every script and wasm module the page loads
//! gets its Subresource Integrity digest, and index.html its Content-Security-Policy.

use std::{
    collections::HashMap,
    hash::Hasher,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context, Result};

use crate::{
    csp::{self, sha256_source},
    util::{cmd, note, run, step},
};

/// Stand-ins in index.html for digests known only once every file is final: the
/// main wasm's (in Trunk.toml's `pattern_script`, the app's start script) and the
/// split loader's (in the preload script's `modulepreload`).
const MAIN_WASM_INTEGRITY: &str = "ZHIXIN_MAIN_WASM_INTEGRITY";
const LOADER_INTEGRITY: &str = "ZHIXIN_LOADER_INTEGRITY";

/// The parts that index.html's preload script names (see `preload_in_html`).
const PRELOADED: [&str; 8] = [
    "search_engine",
    "enterprise_page",
    "lists_page",
    "list_page",
    "report_page",
    "about_page",
    "changes_page",
    "check_page",
];

pub fn run_hook() -> Result<()> {
    let staging = PathBuf::from(
        std::env::var_os("TRUNK_STAGING_DIR")
            .context("split-wasm is Trunk's post-build hook (Trunk.toml); run trunk build")?,
    );
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let name = trunk_name(&staging)?;
    let hash = name.trim_start_matches("zhixin-app-").to_string();
    // Trunk.toml's cargo_profile: the same linked module for release and debug.
    let input =
        crate::dist::target_dir().join("wasm32-unknown-unknown/wasm-release/zhixin-app.wasm");
    step(&format!(
        "Splitting {} into the app shell and its parts",
        input.display()
    ));
    let wasm = std::fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
    // Trunk names its output after the seahash of the module cargo built; another
    // file here (another target folder or profile) would publish stale code.
    if seahash_hex(&[&wasm]) != hash {
        bail!(
            "{} is not the module Trunk just built (Trunk's is {name}): is cargo's target \
             folder elsewhere (CARGO_TARGET_DIR, build.target-dir) or the profile not \
             wasm-release?",
            input.display()
        );
    }

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
            "splitting {} (was it built with the `split` feature, which links it with \
             --emit-relocs?)",
            input.display()
        )
    })?;
    let loader = parts.join("__wasm_split.js");
    std::fs::rename(parts.join(&link_name), &loader)?;
    std::fs::remove_dir(parts.join(format!("split-{hash}")))?;
    any_host_in_loader(&loader)?;
    for part in PRELOADED {
        if !split.prefetch_map.contains_key(part) {
            bail!("no part `{part}` in the split module, but index.html's preload script names it");
        }
    }

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
    let main_js = staging.join(format!("{name}.js"));
    let main_wasm = staging.join(format!("{name}_bg.wasm"));
    // Trunk's preload links carry the digests of the files replaced here
    // (index.html's data-integrity): found by value and replaced at the end.
    let trunk_digests = [&main_js, &main_wasm]
        .map(|p| std::fs::read(p).map(|bytes| sha256_source(&bytes)))
        .into_iter()
        .collect::<std::io::Result<Vec<_>>>()
        .context("reading Trunk's main JS and wasm")?;
    std::fs::rename(work.join(format!("{name}.js")), &main_js)?;
    let bound = work.join(format!("{name}_bg.wasm"));
    if release {
        let mut jobs = vec![(bound.clone(), main_wasm.clone())];
        jobs.extend(split.split_modules.iter().map(|p| (p.clone(), p.clone())));
        optimise_all(&jobs)?;
    } else {
        std::fs::rename(&bound, &main_wasm)?;
    }
    std::fs::remove_dir_all(&work)?;
    // The parts are final now (the renaming below does not touch them).
    let mut part_digests = HashMap::new();
    for part in &split.split_modules {
        let stem = part
            .file_stem()
            .context("a split module without a name")?
            .to_string_lossy()
            .into_owned();
        part_digests.insert(stem, sha256_source(&std::fs::read(part)?));
    }
    let text = std::fs::read_to_string(&loader)?;
    let pinned = csp::pin_fetches(&text, &part_digests)?;
    let shared = csp::digests_from_page(&pinned, &part_digests)?;
    std::fs::write(&loader, squeeze(&shared))?;
    let html = staging.join("index.html");
    preload_in_html(&html, &hash, &split.prefetch_map, &part_digests)?;
    write_pages(&parts.join(PAGES_FILE), &split.prefetch_map)?;

    // Name everything after what was written, in the files that refer to it too.
    let mut written = vec![main_js.clone(), main_wasm.clone(), loader.clone()];
    let mut modules = split.split_modules.clone();
    modules.sort();
    written.extend(modules);
    let contents = written
        .iter()
        .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
        .collect::<Result<Vec<_>>>()?;
    let digest = seahash_hex(&contents.iter().map(Vec::as_slice).collect::<Vec<_>>());
    // Same length as Trunk's (its hex has no leading zeros), so that the name can
    // be replaced inside the main wasm, which holds the loader's path.
    let fresh = &format!("{digest:0>16}")[16 - hash.len()..];
    for file in [&html, &main_js, &main_wasm, &loader] {
        replace_in_file(file, hash.as_bytes(), fresh.as_bytes())?;
    }
    std::fs::rename(&main_js, staging.join(format!("zhixin-app-{fresh}.js")))?;
    std::fs::rename(
        &main_wasm,
        staging.join(format!("zhixin-app-{fresh}_bg.wasm")),
    )?;
    std::fs::rename(&parts, staging.join(format!("split-{fresh}")))?;
    let digest_of = |file: String| {
        std::fs::read(staging.join(&file))
            .map(|bytes| sha256_source(&bytes))
            .with_context(|| format!("reading {file}"))
    };
    let js_digest = digest_of(format!("zhixin-app-{fresh}.js"))?;
    let wasm_digest = digest_of(format!("zhixin-app-{fresh}_bg.wasm"))?;
    let loader_digest = digest_of(format!("split-{fresh}/__wasm_split.js"))?;
    let mut text = std::fs::read_to_string(&html)?;
    for (from, to) in [
        (trunk_digests[0].as_str(), &js_digest),
        (trunk_digests[1].as_str(), &wasm_digest),
        (MAIN_WASM_INTEGRITY, &wasm_digest),
        (LOADER_INTEGRITY, &loader_digest),
    ] {
        text = replace_once(&text, from, to)
            .with_context(|| format!("setting the integrity digests in {}", html.display()))?;
    }
    let text = csp::with_policy(&text)?;
    std::fs::write(&html, &text)?;
    // The service worker, last: it lists every file by its final name, and its
    // version changes with any of them or the page.
    crate::sw::write(&staging, &seahash_hex(&[fresh.as_bytes(), text.as_bytes()]))?;
    note(&format!(
        "main module zhixin-app-{fresh}_bg.wasm; {} parts and shared chunks in split-{fresh}/",
        split.split_modules.len()
    ));
    Ok(())
}

/// Makes the loader work on any static host, as wasm-bindgen's loader of the main
/// module does: a host that serves `.wasm` as another type than `application/wasm`
/// (older nginx, some CDNs) makes `WebAssembly.instantiateStreaming` fail, so the
/// module is then instantiated from its bytes; an HTTP error is an error naming
/// the file instead of a compile error.
fn any_host_in_loader(loader: &Path) -> Result<()> {
    const STREAMING: &str = "WebAssembly.instantiateStreaming(src, imports)";
    const FALLBACK: &str = r#"
async function instantiateAnyHost(src, imports) {
    const response = await src;
    if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status}`);
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/wasm") return WebAssembly.instantiateStreaming(response, imports);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
"#;
    let text =
        std::fs::read_to_string(loader).with_context(|| format!("reading {}", loader.display()))?;
    if !text.contains(STREAMING) {
        bail!(
            "the splitter's loader {} no longer calls `{STREAMING}`; update split.rs",
            loader.display()
        );
    }
    let text = text.replace(STREAMING, "instantiateAnyHost(src, imports)") + FALLBACK;
    std::fs::write(loader, text).with_context(|| format!("writing {}", loader.display()))
}

/// The loader without its indentation, blank lines and whole-line comments
/// (written after Trunk's minifier ran; Lighthouse flags it as unminified).
/// Line breaks stay, so automatic semicolon insertion reads it as before. A
/// loader with a template literal over several lines (an odd count of
/// backticks on a line) is left as it is: its indentation would be text.
fn squeeze(js: &str) -> String {
    if js.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return js.to_string();
    }
    let mut out = String::with_capacity(js.len());
    for line in js.lines().map(str::trim) {
        let comment = line.starts_with("//")
            || (line.starts_with("/*")
                && line.ends_with("*/")
                && !line[2..line.len() - 2].contains("*/"));
        if !line.is_empty() && !comment {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Trunk's file hash: seahash of the bytes, in hex.
fn seahash_hex(parts: &[&[u8]]) -> String {
    let mut hasher = seahash::SeaHasher::new();
    for part in parts {
        hasher.write(part);
    }
    format!("{:x}", hasher.finish())
}

/// `text` with its one occurrence of `from` replaced by `to`; an error when `from`
/// occurs no time or several (a stale digest would make the browser refuse the file).
fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("`{from}` occurs {n} times, not once"),
    }
}

/// Replaces every `from` by `to` (of the same length) in a file.
fn replace_in_file(path: &Path, from: &[u8], to: &[u8]) -> Result<()> {
    assert_eq!(from.len(), to.len());
    let mut bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + i..at + i + to.len()].copy_from_slice(to);
        at += i + to.len();
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

/// In each `split-HASH/` folder: one line per part (`search_engine`,
/// `enterprise_page` …), its name then the files it downloads, for `cargo xtask size`.
pub const PAGES_FILE: &str = "pages.txt";

fn write_pages(path: &Path, prefetch_map: &HashMap<String, Vec<String>>) -> Result<()> {
    let mut lines: Vec<String> = sorted(prefetch_map)
        .into_iter()
        .map(|(part, files)| format!("{part} {}", files.join(" ")))
        .collect();
    lines.push(String::new());
    std::fs::write(path, lines.join("\n")).with_context(|| format!("writing {}", path.display()))
}

/// The parts by name (a `part!` function's name), each with its files' stems.
fn sorted(prefetch_map: &HashMap<String, Vec<String>>) -> Vec<(&String, &Vec<String>)> {
    let mut parts: Vec<_> = prefetch_map.iter().collect();
    parts.sort();
    parts
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

/// wasm-opt's arguments (besides the files): part of the cache key.
const WASM_OPT_ARGS: [&str; 3] = ["-Oz", "--strip-producers", "--strip-target-features"];

/// Runs [`optimise`] on every `(from, to)` pair, on as many threads as there are
/// cores (each wasm-opt runs on one, and there are ~65 modules), and keeps each
/// result in a cache in the target folder keyed by the input's digest, wasm-opt's
/// version and its arguments. A module that did not change since the last build
/// (most of the parts, when one page changed; all of them in the sub-path build
/// `cargo xtask test` makes right after the root one) is copied from there: wasm-opt
/// is deterministic, so the bytes are those it would write again.
fn optimise_all(jobs: &[(PathBuf, PathBuf)]) -> Result<()> {
    let version = cmd("wasm-opt")
        .arg("--version")
        .output()
        .context("running wasm-opt --version")?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let cache = crate::dist::target_dir().join("wasm-opt-cache");
    std::fs::create_dir_all(&cache)?;
    prune(&cache);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((from, to)) = jobs.get(i) else {
                            return Ok(());
                        };
                        let input = std::fs::read(from)
                            .with_context(|| format!("reading {}", from.display()))?;
                        let key = sha256_source(
                            &[
                                version.as_bytes(),
                                WASM_OPT_ARGS.join(" ").as_bytes(),
                                &input,
                            ]
                            .concat(),
                        );
                        let cached = cache.join(format!(
                            "{}.wasm",
                            key.trim_start_matches("sha256-").replace(['/', '+'], "_")
                        ));
                        if cached.is_file() {
                            std::fs::copy(&cached, to)?;
                            // Used now: kept by `prune` for another while.
                            let _ = std::fs::File::options()
                                .append(true)
                                .open(&cached)
                                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
                        } else {
                            optimise(from, to)?;
                            // Written aside and renamed, so a build killed mid-copy
                            // leaves no half module in the cache.
                            let part = cached.with_extension(format!("part{i}"));
                            std::fs::copy(to, &part)?;
                            std::fs::rename(&part, &cached)?;
                        }
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| bail!("a wasm-opt worker panicked"))
            })
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(())
}

/// Removes cached modules not used for two weeks, so the cache holds about the
/// modules of the builds in between rather than growing with every build.
fn prune(cache: &Path) {
    let two_weeks = std::time::Duration::from_secs(14 * 24 * 3600);
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > two_weeks);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn optimise(from: &Path, to: &Path) -> Result<()> {
    // The producers and target-features sections tell tools, not browsers,
    // how the module was made: about 200 bytes in each of the ~80 modules.
    let out = cmd("wasm-opt")
        .args(WASM_OPT_ARGS)
        .arg(from)
        .arg("-o")
        .arg(to)
        .output()
        .context("running wasm-opt")?;
    // The splitter's modules carry a name subsection binaryen does not know (and
    // drops); its warning for each would bury the build's log.
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in stderr.lines() {
        if !line.starts_with("warning: unknown name subsection") {
            eprintln!("{line}");
        }
    }
    if !out.status.success() {
        bail!("wasm-opt -Oz {} failed ({})", from.display(), out.status);
    }
    Ok(())
}

/// Adds to index.html, before the app starts, the download of the modules the
/// address's page needs (`<link rel=preload>`, in parallel with the main module,
/// so a deep link to an enterprise waits for one round trip, not two), and for
/// the bare search page the search engine's modules (`rel=prefetch`) once the
/// app has started and the browser is idle: after the page is on screen,
/// before the first keystroke needs them. The address is read as
/// `Route::from_query` reads it (src/route.rs), roughly: an unknown list id or
/// a filter flag set to no costs a download of a part not needed yet, never a
/// wrong page. Also preloads the loader, which the main JS imports.
fn preload_in_html(
    html: &Path,
    hash: &str,
    prefetch_map: &HashMap<String, Vec<String>>,
    digests: &HashMap<String, String>,
) -> Result<()> {
    let map = sorted(prefetch_map)
        .iter()
        .map(|(part, files)| {
            let files: Vec<String> = files.iter().map(|f| format!("'{f}'")).collect();
            format!("{part}:[{}]", files.join(","))
        })
        .collect::<Vec<_>>()
        .join(",");
    // Each module's digest, which the loader's fetch checks (`pin_fetches`; it
    // reads them from here, `digests_from_page`): a
    // preload is used only by a fetch with the same integrity, else downloaded twice.
    let mut stems: Vec<_> = digests.iter().collect();
    stems.sort();
    let digests = stems
        .iter()
        .map(|(stem, digest)| format!("{stem}:'{digest}'"))
        .collect::<Vec<_>>()
        .join(",");
    let dir = format!("split-{hash}/");
    let sri = csp::DIGESTS_GLOBAL;
    let script = format!(
        r#"<link rel="modulepreload" href="{dir}__wasm_split.js" integrity="{LOADER_INTEGRITY}"><script>(function(){{var m={{{map}}},s=self.{sri}={{{digests}}},p=new URLSearchParams(location.search),d=document,v=p.get('view');function add(k,rel){{(m[k]||[]).forEach(function(f){{var l=d.createElement('link');l.rel=rel;l.href='{dir}'+f+'.wasm';l.crossOrigin='anonymous';l.integrity=s[f];if(rel==='preload')l.as='fetch';d.head.appendChild(l)}})}}var k=p.has('e')||v==='watch'?'enterprise_page':p.has('list')?'list_page':['lists','report','about','changes','check'].indexOf(v)>=0?v+'_page':'';if(k)add(k,'preload');else if((p.get('q')||'').trim()||['blacklisted','honours','scheme','region'].some(function(x){{return p.has(x)}}))add('search_engine','preload');else addEventListener('TrunkApplicationStarted',function(){{(window.requestIdleCallback||setTimeout)(function(){{add('search_engine','prefetch')}})}})}})()</script>"#
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

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn the_loader_loses_indentation_and_comments_but_not_its_code_or_line_breaks() {
        let js = "/* about_page, list_page */\nconst a = makeLoad(() => {\n    // why\n    \
                  const src = fetch(\"./a.wasm\");\n\n    return `${x} /* kept */`;\n}, []);\n";
        assert_eq!(
            squeeze(js),
            "const a = makeLoad(() => {\nconst src = fetch(\"./a.wasm\");\n\
             return `${x} /* kept */`;\n}, []);\n"
        );
        // Two comments on one line with code between them are code.
        assert_eq!(squeeze("/* a */ x(); /* b */\n"), "/* a */ x(); /* b */\n");
    }

    #[test]
    fn a_template_literal_over_several_lines_is_left_as_it_is() {
        let js = "const t = `one\n    two`;\n    // comment\n";
        assert_eq!(squeeze(js), js);
    }
}
