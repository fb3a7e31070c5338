//! Builds what is served: the `zhixin` CLI, the fictional demo registry, and the app with
//! Trunk, at the root (`dist/`) and under a sub-path (`.zhixin/subpath/zhixin/`).

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::util::{cmd, copy_dir, note, root, run, scratch, step};

/// How many fictional enterprises the demo registry has, and its seed: enough to page
/// through lists and to exercise search, small enough to build in seconds.
const DEMO_COUNT: &str = "3000";
const DEMO_SEED: &str = "1";

/// The sub-path the second app build is served under, to test deep links there.
pub const SUB_PATH: &str = "zhixin";

/// Where the app and the registry are served from (the root build).
pub fn dist() -> PathBuf {
    root().join("dist")
}

/// The folder `python3 -m http.server` serves for the sub-path build; the app is in
/// `SUB_PATH` below it, so it is reachable only under `/zhixin/`.
pub fn subpath_root() -> PathBuf {
    scratch().join("subpath")
}

/// The demo source tables (`zhixin demo` output), including DEMO's truth files.
pub fn demo_src() -> PathBuf {
    scratch().join("demo-src")
}

/// The registry built from the demo source; copied beside each app build.
pub fn registry() -> PathBuf {
    scratch().join("registry")
}

/// The demo publisher's key pair (`zhixin keygen`), made once per checkout: the demo
/// registry is signed with it and the app builds here pin its public key, as a
/// publisher's deployment pins theirs (README, "Signing").
pub fn demo_keys() -> PathBuf {
    scratch().join("keys")
}

/// The environment that pins the demo key in a Trunk build of the app.
fn pinned_key() -> (&'static str, PathBuf) {
    ("ZHIXIN_PUBLIC_KEY_FILE", demo_keys().join("zhixin.pub"))
}

/// Builds the CLI in release mode and returns the binary's path.
/// The cargo profile the CLI is built with.
#[derive(Clone, Copy)]
pub enum Profile {
    /// What `cargo test --workspace` has built already: `cargo xtask test` uses it
    /// for the browser tests' registries, saving a release build of the workspace
    /// (about two minutes of a CI run) for a few seconds more of building them.
    Dev,
    /// What publishers run: for serving and benchmarks.
    Release,
}

pub fn cli(profile: Profile) -> Result<PathBuf> {
    let mut build = cmd("cargo");
    // `--workspace`: the features the workspace's tests unify, so that after
    // `cargo test --workspace` this is the binary already built, not a rebuild.
    build.args(["build", "--workspace", "--bin", "zhixin"]);
    match profile {
        Profile::Dev => step("Building the zhixin CLI (dev profile, as the native tests built it)"),
        Profile::Release => {
            step("Building the zhixin CLI (release)");
            build.arg("--release");
        }
    }
    run(&mut build)?;
    Ok(cli_path(profile))
}

/// Where `cli` puts the binary (CI may move the target folder out of the clone).
pub fn cli_path(profile: Profile) -> PathBuf {
    target_dir().join(match profile {
        Profile::Dev => "debug/zhixin",
        Profile::Release => "release/zhixin",
    })
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The date of the demo registry's first build (see `demo_registry`).
const DEMO_PREVIOUS_AS_OF: &str = "2026-06-01";

/// Writes the fictional demo source and builds the registry from it.
pub fn demo_registry(zhixin: &PathBuf) -> Result<()> {
    step(&format!("Writing the demo source ({DEMO_COUNT} fictional enterprises, seed {DEMO_SEED}) and building its registry"));
    let src = demo_src();
    // A fresh folder each time, so a changed generator never leaves stale tables behind.
    if src.exists() {
        std::fs::remove_dir_all(&src).with_context(|| format!("removing {}", src.display()))?;
    }
    run(cmd(zhixin)
        .args(["demo", "--out"])
        .arg(&src)
        .args(["--count", DEMO_COUNT, "--seed", DEMO_SEED]))?;
    let out = registry();
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    let keys = demo_keys();
    if !keys.join("zhixin.key").exists() {
        run(cmd(zhixin).arg("keygen").arg(&keys))?;
    }
    // A first build as of an earlier date, so that the registry's change feed
    // (and the app's "What changed" page) has a build to compare with: what
    // the time rules changed since then, and what the demo dates after it.
    run(cmd(zhixin)
        .arg("build")
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .args(["--as-of", DEMO_PREVIOUS_AS_OF, "--grace-period", "0"]))?;
    run(cmd(zhixin)
        .arg("build")
        .arg(&src)
        .arg("--out")
        .arg(&out)
        .args(["--grace-period", "0"])
        .arg("--sign")
        .arg(keys.join("zhixin.key")))?;
    note(&format!(
        "registry: {} (signed with {})",
        out.display(),
        keys.join("zhixin.key").display()
    ));
    Ok(())
}

/// `trunk build --release` into `dist/`, then the registry beside it as `dist/registry/`.
/// Trunk empties its dist folder, so the registry is copied in afterwards.
pub fn app() -> Result<()> {
    step("Building the app (trunk build --release) into dist/");
    // Trunk.toml makes Trunk run cargo offline, so every crate the wasm build needs must be
    // downloaded first (on a fresh machine nothing else has fetched the wasm-only ones).
    run(cmd("cargo").args(["fetch", "--quiet"]))?;
    let (var, key) = pinned_key();
    run(cmd("trunk")
        .args(["build", "--release"])
        .arg("--dist")
        .arg(dist())
        .env(var, key))?;
    copy_dir(&registry(), &dist().join("registry"))
}

/// The same app built with `--public-url /zhixin/`, with the registry beside it.
pub fn app_under_sub_path() -> Result<()> {
    step(&format!("Building the app under the sub-path /{SUB_PATH}/"));
    let out = subpath_root().join(SUB_PATH);
    let (var, key) = pinned_key();
    run(cmd("trunk")
        .args(["build", "--release", "--public-url"])
        .arg(format!("/{SUB_PATH}/"))
        .arg("--dist")
        .arg(&out)
        .env(var, key))?;
    copy_dir(&registry(), &out.join("registry"))
}

/// Everything `serve` needs: CLI, demo registry and the root app build.
pub fn all() -> Result<()> {
    let zhixin = cli(Profile::Release)?;
    demo_registry(&zhixin)?;
    app()
}
