//! Tidy checks that run inside `cargo test`: house rules a reviewer should not have to
//! police by hand (after rust-analyzer's `xtask/src/tidy.rs`).

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is one level below the root")
        .to_path_buf()
}

/// Folders that hold no source of ours: build output, dependencies, scratch.
const SKIP: &[&str] = &[
    "target",
    "node_modules",
    "dist",
    ".git",
    ".zhixin",
    "output",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            if !SKIP.iter().any(|s| name == *s) {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&root(), &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "found no .rs files under {}",
        root().display()
    );
    files
        .into_iter()
        .filter_map(|p| fs::read_to_string(&p).ok().map(|text| (p, text)))
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn every_rust_file_starts_with_a_doc_line() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| relative(&path))
        .collect();
    assert!(
        offenders.is_empty(),
        "these files must start with a `//!` line saying what lives there:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn no_debug_macro_left_behind() {
    // Spelled in two pieces so this file does not match itself.
    let needle = format!("{}!(", "dbg");
    let offenders: Vec<String> = sources()
        .into_iter()
        .flat_map(|(path, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains(&needle))
                .map(|(i, _)| format!("{}:{}", relative(&path), i + 1))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "remove the debug macro calls:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn code_is_formatted_with_the_committed_rustfmt_toml() {
    assert!(
        root().join("rustfmt.toml").is_file(),
        "rustfmt.toml must be committed"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        // `-l`: name the files only; the diffs of a whole workspace would bury the log.
        .args(["fmt", "--all", "--check", "--", "-l", "--color", "never"])
        .current_dir(root())
        .output()
        .expect("cargo fmt runs");
    assert!(
        out.status.success(),
        "run `cargo fmt --all`; these files are not formatted:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Trunk looks for wasm-opt by version and refuses to build offline with another, so the
/// version Trunk.toml names must be the one xtask installs from npm.
#[test]
fn trunk_toml_wasm_opt_matches_the_installed_binaryen() {
    let trunk = fs::read_to_string(root().join("Trunk.toml")).expect("Trunk.toml");
    let tools = fs::read_to_string(root().join("xtask/tools/package.json")).expect("package.json");
    let major = tools
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"binaryen\":"))
        .map(|v| {
            v.trim()
                .trim_matches(|c| c == '"' || c == ',')
                .split('.')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .expect("xtask/tools/package.json depends on binaryen");
    let line = format!("wasm_opt = \"version_{major}\"");
    assert!(
        trunk.lines().any(|l| l.trim() == line),
        "Trunk.toml must say `{line}` to match binaryen {major} in xtask/tools/package.json"
    );
}

/// The module a `.rs` file under `src` is (`a::b` for `a/b.rs` or `a/b/mod.rs`); `None`
/// for the crate root (lib.rs, main.rs), which declares every module.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts.is_empty() || parts == ["lib"] || parts == ["main"] {
        return None;
    }
    Some(parts.join("::"))
}

/// Every path a file names from its crate: `crate::a::b`, the items of `crate::a::{b, c::{d}}`,
/// and `super::x` read from `module`'s parent. Comments are left out.
fn crate_paths(text: &str, module: &str) -> Vec<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let code = code.replace(
        "super::",
        &if parent.is_empty() {
            "crate::".to_string()
        } else {
            format!("crate::{parent}::")
        },
    );
    let mut out = Vec::new();
    expand_paths(&code, &mut out);
    out
}

fn expand_paths(code: &str, out: &mut Vec<String>) {
    let bytes = code.as_bytes();
    let mut at = 0;
    while let Some(found) = code[at..].find("crate::") {
        let start = at + found;
        at = start + 1;
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || b"_:".contains(&bytes[end]))
        {
            end += 1;
        }
        let path = code[start..end].trim_end_matches(':').to_string();
        if end < bytes.len() && bytes[end] == b'{' && code[start..end].ends_with("::") {
            // A group: each top-level item continues the path.
            let (mut depth, mut close, mut item_start) = (0, end + 1, end + 1);
            let mut items = Vec::new();
            while close < bytes.len() {
                match bytes[close] {
                    b'{' => depth += 1,
                    b'}' if depth == 0 => break,
                    b'}' => depth -= 1,
                    b',' if depth == 0 => {
                        items.push(&code[item_start..close]);
                        item_start = close + 1;
                    }
                    _ => {}
                }
                close += 1;
            }
            items.push(&code[item_start..close.min(bytes.len())]);
            for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
                let item = item.trim_start_matches("self").trim_start_matches("::");
                expand_paths(&format!("{path}::{item}"), out);
            }
            at = close;
        } else {
            out.push(path);
        }
    }
}

/// Import circles between the modules of one crate: a module that, through the paths
/// its files name, reaches itself. A child naming its parent (a `tests.rs` with
/// `use super::*`) is no circle and is left out.
fn import_circles(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: std::collections::BTreeMap<String, PathBuf> = files
        .into_iter()
        .filter_map(|f| module_of(src, &f).map(|m| (m, f)))
        .collect();
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.trim_start_matches("crate::").split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains_key(m))
    };
    let mut edges: std::collections::BTreeMap<&str, std::collections::BTreeSet<String>> =
        Default::default();
    for (m, file) in &modules {
        let text = fs::read_to_string(file).unwrap_or_default();
        let targets = crate_paths(&text, m)
            .iter()
            .filter_map(|p| resolve(p))
            .filter(|t| t != m && !m.starts_with(&format!("{t}::")))
            .collect();
        edges.insert(m, targets);
    }
    let reach = |from: &str| {
        let mut seen = std::collections::BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for t in edges.get(m.as_str()).into_iter().flatten() {
                if seen.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
        seen
    };
    let reaches: std::collections::BTreeMap<&str, _> =
        modules.keys().map(|m| (m.as_str(), reach(m))).collect();
    let mut out = Vec::new();
    for (m, targets) in &edges {
        for t in targets {
            if reaches[t.as_str()].contains(*m) {
                out.push(format!("{}: {m} -> {t}", relative(src)));
            }
        }
    }
    out
}

/// Circles known and being removed (issue #19); an entry that no longer holds fails the
/// test too, so that the list only shrinks.
const KNOWN_CIRCLES: &[&str] = &[];

#[test]
fn no_import_circles_between_modules() {
    let mut crates = vec![root().join("src")];
    if let Ok(entries) = fs::read_dir(root().join("crates")) {
        crates.extend(entries.flatten().map(|e| e.path().join("src")));
    }
    crates.push(root().join("xtask/src"));
    crates.sort();
    let circles: Vec<String> = crates
        .iter()
        .filter(|src| src.is_dir())
        .flat_map(|src| import_circles(src))
        .collect();
    let new: Vec<&String> = circles
        .iter()
        .filter(|c| !KNOWN_CIRCLES.contains(&c.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "modules must import in one direction; these imports close a circle:\n  {}",
        new.iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    let gone: Vec<&&str> = KNOWN_CIRCLES
        .iter()
        .filter(|k| !circles.iter().any(|c| c == *k))
        .collect();
    assert!(
        gone.is_empty(),
        "these circles are gone: remove them from KNOWN_CIRCLES in xtask/tests/tidy.rs:\n  {}",
        gone.iter().map(|c| **c).collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn the_circle_check_sees_use_groups_super_and_inline_paths() {
    let text = "use crate::a::{b, c::{d, e}};\nuse super::f::G;\nfn x() { crate::h::i(); } // crate::not::this";
    let mut found = crate_paths(text, "m::n");
    found.sort();
    assert_eq!(
        found,
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "crate::h::i",
            "crate::m::f::G"
        ]
    );
}

/// `cargo metadata --format-version 1` (offline: everything is in Cargo.lock),
/// with `--no-deps` for the workspace's own packages only.
fn metadata(no_deps: bool) -> serde_json::Value {
    let mut c = Command::new(env!("CARGO"));
    c.args(["metadata", "--format-version", "1", "--offline"])
        .current_dir(root());
    if no_deps {
        c.arg("--no-deps");
    }
    let out = c.output().expect("running cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// The `.rs` files of a package folder that a kind of dependency may serve:
/// normal ones `src/` and `build.rs`, dev ones also `tests/`, `benches/` and
/// `examples/`, build ones `build.rs`.
fn package_sources(dir: &Path, kind: Option<&str>) -> Vec<String> {
    let mut files = Vec::new();
    let folders: &[&str] = match kind {
        None => &["src"],
        Some("dev") => &["src", "tests", "benches", "examples"],
        _ => &[],
    };
    for f in folders {
        rust_files(&dir.join(f), &mut files);
    }
    if dir.join("build.rs").is_file() && kind != Some("dev") {
        files.push(dir.join("build.rs"));
    }
    files
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect()
}

/// True when `text` names the crate `ident` as a path (`ident::`), in a `use`
/// or `extern crate`, or as a macro (`ident!`).
fn names_crate(text: &str, ident: &str) -> bool {
    let boundary = |i: usize| {
        i == 0 || {
            let c = text[..i].chars().next_back().unwrap_or(' ');
            !(c.is_alphanumeric() || c == '_' || c == ':')
        }
    };
    text.match_indices(ident).any(|(i, _)| {
        let after = &text[i + ident.len()..];
        boundary(i) && (after.starts_with("::") || after.starts_with('!') || after.starts_with(';'))
    })
}

/// Dependencies used without being named in code, and why.
const USED_UNNAMED: &[(&str, &str, &str)] = &[];

#[test]
fn every_dependency_is_used_in_its_crate() {
    let meta = metadata(true);
    let mut unused = Vec::new();
    for p in meta["packages"].as_array().expect("packages") {
        let name = p["name"].as_str().unwrap_or_default();
        let dir = Path::new(p["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .expect("a manifest is in a folder")
            .to_path_buf();
        for d in p["dependencies"].as_array().expect("dependencies") {
            let dep = d["rename"]
                .as_str()
                .or(d["name"].as_str())
                .unwrap_or_default();
            let kind = d["kind"].as_str();
            if USED_UNNAMED
                .iter()
                .any(|(pkg, used, _)| *pkg == name && *used == dep)
            {
                continue;
            }
            let ident = dep.replace('-', "_");
            if !package_sources(&dir, kind)
                .iter()
                .any(|text| names_crate(text, &ident))
            {
                unused.push(format!("{name}: {dep} ({})", kind.unwrap_or("normal")));
            }
        }
    }
    assert!(
        unused.is_empty(),
        "dependencies no source of their crate names (remove them from Cargo.toml, or \
         list them in USED_UNNAMED with the reason):\n{}",
        unused.join("\n")
    );
}

/// The licences a dependency may be used under (SPDX ids). No GPL, AGPL or
/// LGPL: a dependency offered only under one of those, or under a licence
/// not listed here, fails the check below.
const ALLOWED_LICENCES: &[&str] = &[
    "MIT",
    "MIT-0",
    "Apache-2.0",
    "Apache-2.0 WITH LLVM-exception",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "0BSD",
    "ISC",
    "Zlib",
    "Unicode-3.0",
    "Unlicense",
    "CC0-1.0",
    "BSL-1.0",
];

/// True when the SPDX `expr` lets us use the crate under allowed licences:
/// `A OR B` needs one side, `A AND B` both (`/` is the old spelling of OR).
fn licence_allowed(expr: &str) -> bool {
    let spaced = expr
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('/', " OR ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    let ok = or_expr(&tokens, &mut pos);
    ok == Some(true) && pos == tokens.len()
}

fn or_expr(t: &[&str], pos: &mut usize) -> Option<bool> {
    let mut v = and_expr(t, pos)?;
    while t.get(*pos) == Some(&"OR") {
        *pos += 1;
        v |= and_expr(t, pos)?;
    }
    Some(v)
}

fn and_expr(t: &[&str], pos: &mut usize) -> Option<bool> {
    let mut v = licence(t, pos)?;
    while t.get(*pos) == Some(&"AND") {
        *pos += 1;
        v &= licence(t, pos)?;
    }
    Some(v)
}

fn licence(t: &[&str], pos: &mut usize) -> Option<bool> {
    let first = *t.get(*pos)?;
    *pos += 1;
    if first == "(" {
        let v = or_expr(t, pos)?;
        (t.get(*pos) == Some(&")")).then_some(())?;
        *pos += 1;
        return Some(v);
    }
    let mut id = first.to_string();
    if t.get(*pos) == Some(&"WITH") {
        id = format!("{id} WITH {}", t.get(*pos + 1)?);
        *pos += 2;
    }
    Some(ALLOWED_LICENCES.contains(&id.as_str()))
}

#[test]
fn licence_expressions_are_read_as_spdx() {
    assert!(licence_allowed("MIT OR Apache-2.0"));
    assert!(licence_allowed("MIT/Apache-2.0"));
    assert!(licence_allowed("(MIT OR Apache-2.0) AND Unicode-3.0"));
    assert!(licence_allowed("Apache-2.0 WITH LLVM-exception OR GPL-3.0"));
    assert!(licence_allowed("MIT OR Apache-2.0 OR LGPL-2.1-or-later"));
    assert!(!licence_allowed("GPL-3.0-only"));
    assert!(!licence_allowed("MIT AND LGPL-2.1-or-later"));
    assert!(!licence_allowed("AGPL-3.0 OR SSPL-1.0"));
    assert!(!licence_allowed("Some-Unknown-Licence"));
    assert!(!licence_allowed("MIT OR"));
}

#[test]
fn every_dependency_has_an_allowed_licence() {
    let meta = metadata(false);
    let mut refused = Vec::new();
    for p in meta["packages"].as_array().expect("packages") {
        if p["source"].is_null() {
            continue; // the workspace's own crates
        }
        let name = p["name"].as_str().unwrap_or_default();
        let version = p["version"].as_str().unwrap_or_default();
        match p["license"].as_str() {
            Some(l) if licence_allowed(l) => {}
            Some(l) => refused.push(format!("{name} {version}: {l}")),
            None => refused.push(format!("{name} {version}: no SPDX licence in its manifest")),
        }
    }
    assert!(
        refused.is_empty(),
        "dependencies whose licence is not in ALLOWED_LICENCES (no GPL, AGPL or LGPL):\n{}",
        refused.join("\n")
    );
}
