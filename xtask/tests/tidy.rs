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
