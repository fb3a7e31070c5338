//! Installs the tools the build and the tests need, idempotently: each tool is checked
//! first and skipped when the right version is present, so a second run only looks.
//!
//! Everything comes from the package registries the project may use: rustup's targets,
//! crates.io (`cargo install`), Debian's packages (`apt-get`) and npm (`npm ci` against a
//! committed lock file). No tool downloads a prebuilt binary or a browser of its own.

use std::{fs, path::Path};

use anyhow::{bail, Context, Result};

use crate::util::{cmd, note, on_path, output, root, run, scratch, step};

/// The Trunk release we build with: 0.22 needs a newer rustc than the toolchain has.
pub const TRUNK_VERSION: &str = "0.21.14";

/// The cargo-fuzz release `cargo xtask fuzz` and the test's short fuzzing pass run.
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Debian's Chromium and its WebDriver, used by every browser test.
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which groups of tools a command needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Building and serving the app: wasm target, trunk, wasm-bindgen, wasm-opt.
    Build,
    /// Everything `Build` needs plus Chromium, ChromeDriver and the npm test tools.
    Test,
}

/// Puts the local tool folders first on `PATH` and sets the environment every child
/// process should see. Called once at start-up, before any thread exists.
pub fn prepare_env() {
    let mut dirs = vec![scratch().join("tools/node_modules/.bin"), home_cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    if let Ok(joined) = std::env::join_paths(dirs) {
        std::env::set_var("PATH", joined);
    }
    // Trunk would otherwise ask crates.io for a newer release on every build.
    std::env::set_var("TRUNK_SKIP_VERSION_CHECK", "true");
    std::env::set_var("CHROMEDRIVER", CHROMEDRIVER);
    std::env::set_var("CHROME_PATH", CHROMIUM);
}

fn home_cargo_bin() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_default()
        .join("bin")
}

/// Installs what `needs` requires, printing one line per tool.
pub fn ensure(needs: Needs) -> Result<()> {
    step("Installing tools (each is skipped when already present)");
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()?;
    if needs == Needs::Test {
        chromium()?;
        npm_test_tools()?;
        cargo_fuzz()?;
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed =
        output(cmd("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        note("wasm32-unknown-unknown target: present");
        return Ok(());
    }
    note("wasm32-unknown-unknown target: installing with rustup");
    run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    let want = format!("trunk {TRUNK_VERSION}");
    if output(cmd("trunk").arg("--version")).as_deref() == Some(want.as_str()) {
        note(&format!("{want}: present"));
        return Ok(());
    }
    note(&format!(
        "{want}: installing with cargo install (several minutes, once)"
    ));
    run(cmd("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// cargo-fuzz, for the fuzz targets in `fuzz/` (see `fuzz.rs`).
pub fn cargo_fuzz() -> Result<()> {
    let want = format!("cargo-fuzz {CARGO_FUZZ_VERSION}");
    if output(cmd("cargo").args(["fuzz", "--version"])).as_deref() == Some(want.as_str()) {
        note(&format!("{want}: present"));
        return Ok(());
    }
    note(&format!(
        "{want}: installing with cargo install (a minute, once)"
    ));
    run(cmd("cargo").args([
        "install",
        "cargo-fuzz",
        "--version",
        CARGO_FUZZ_VERSION,
        "--locked",
    ]))
}

fn wasm_bindgen() -> Result<()> {
    let version = locked_version("wasm-bindgen")?;
    let want = format!("wasm-bindgen {version}");
    let have = output(cmd("wasm-bindgen").arg("--version"));
    // The test runner comes in the same crate; check it too so a half install is mended.
    let runner = output(cmd("wasm-bindgen-test-runner").arg("--version"));
    if have.as_deref() == Some(want.as_str()) && runner.is_some() {
        note(&format!("{want} (matches Cargo.lock): present"));
        return Ok(());
    }
    note(&format!(
        "{want} (matches Cargo.lock): installing with cargo install (once)"
    ));
    // Deliberately not --locked: that is how it was checked to build with this toolchain.
    run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

/// The version of `package` in the workspace's Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    let lock = fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"") {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(v.trim_matches('"').to_string());
            }
        }
    }
    bail!("{package} is not in Cargo.lock; run `cargo generate-lockfile` first")
}

/// The `version_NNN` that Trunk.toml asks Trunk to find for wasm-opt.
pub fn trunk_wasm_opt_version() -> Result<String> {
    let toml = fs::read_to_string(root().join("Trunk.toml")).context("reading Trunk.toml")?;
    toml.lines()
        .filter_map(|l| l.trim().strip_prefix("wasm_opt"))
        .filter_map(|rest| rest.trim().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"').to_string())
        .next()
        .context("Trunk.toml has no [tools] wasm_opt = \"version_NNN\" line")
}

/// wasm-opt from npm's `binaryen` (Debian's 108 produces a page that fails in
/// `WebAssembly.Table.set`), installed into `.zhixin/tools` from `xtask/tools`'s lock file.
fn wasm_opt() -> Result<()> {
    let want = trunk_wasm_opt_version()?;
    let tools = scratch().join("tools");
    let bin = tools.join("node_modules/.bin/wasm-opt");
    let have = output(std::process::Command::new(&bin).arg("--version"));
    let lock_current = same_file_content(
        &root().join("xtask/tools/package-lock.json"),
        &tools.join("node_modules/.zhixin-installed-lock.json"),
    );
    if lock_current
        && have
            .as_deref()
            .is_some_and(|v| v.contains(&format!("({want})")))
    {
        note(&format!(
            "wasm-opt {want} (npm binaryen, .zhixin/tools): present"
        ));
        return Ok(());
    }
    note(&format!(
        "wasm-opt {want}: installing npm binaryen into .zhixin/tools"
    ));
    npm_ci(&root().join("xtask/tools"), &tools)?;
    let have = output(std::process::Command::new(&bin).arg("--version")).unwrap_or_default();
    if !have.contains(&format!("({want})")) {
        bail!(
            "xtask/tools/package.json installs `{have}` but Trunk.toml asks for {want}: \
             make them agree"
        );
    }
    Ok(())
}

/// Debian's packages for the browser tests: Chromium, its WebDriver, and a CJK font so
/// that Chinese text renders as text (not boxes) in screenshots; and jing, the RELAX NG
/// validator the change-feed test checks `changes.xml` with (RFC 4287's schema).
const APT_PACKAGES: [&str; 4] = ["chromium", "chromium-driver", "fonts-noto-cjk", "jing"];

fn chromium() -> Result<()> {
    let has_cjk_font = output(cmd("fc-list").arg(":lang=zh")).is_some_and(|l| !l.is_empty());
    let has_jing = Path::new("/usr/bin/jing").is_file();
    if Path::new(CHROMIUM).is_file()
        && Path::new(CHROMEDRIVER).is_file()
        && has_cjk_font
        && has_jing
    {
        note("chromium + chromium-driver + a CJK font + jing (Debian): present");
        return Ok(());
    }
    let packages = APT_PACKAGES.join(" ");
    if !is_root() {
        bail!(
            "{CHROMIUM}, {CHROMEDRIVER}, a CJK font or jing is missing; install them with \
             `sudo apt-get install -y {packages}` and run again"
        );
    }
    note(&format!("{packages}: installing with apt-get"));
    run(cmd("apt-get")
        .args(["update", "-q"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(cmd("apt-get")
        .args(["install", "-y", "-q"])
        .args(APT_PACKAGES)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn is_root() -> bool {
    output(cmd("id").arg("-u")).as_deref() == Some("0")
}

/// playwright-core, @axe-core/playwright and Lighthouse in tests/e2e/node_modules.
fn npm_test_tools() -> Result<()> {
    let e2e = root().join("tests/e2e");
    let lock_current = same_file_content(
        &e2e.join("package-lock.json"),
        &e2e.join("node_modules/.zhixin-installed-lock.json"),
    );
    if lock_current {
        note("npm test tools (playwright-core, axe-core, lighthouse): present");
        return Ok(());
    }
    note("npm test tools: npm ci in tests/e2e");
    npm_ci(&e2e, &e2e)
}

/// `npm ci` in `dir` unless its `node_modules` was installed from the same lock file.
pub fn npm_ci_once(dir: &Path, what: &str) -> Result<()> {
    if same_file_content(
        &dir.join("package-lock.json"),
        &dir.join("node_modules/.zhixin-installed-lock.json"),
    ) {
        note(&format!("{what}: present"));
        return Ok(());
    }
    note(&format!("{what}: npm ci in {}", dir.display()));
    npm_ci(dir, dir)
}

/// `npm ci` of the package in `src` into `dest` (the same folder or a scratch copy), then
/// a stamp with the lock file it installed, which is how the next run knows to skip.
fn npm_ci(src: &Path, dest: &Path) -> Result<()> {
    if on_path("npm").is_none() {
        bail!(
            "npm is not on PATH; install Node.js 20 or newer (Debian: apt-get install nodejs npm)"
        );
    }
    fs::create_dir_all(dest)?;
    if src != dest {
        for file in ["package.json", "package-lock.json"] {
            fs::copy(src.join(file), dest.join(file))
                .with_context(|| format!("copying {}", src.join(file).display()))?;
        }
    }
    run(cmd("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dest))?;
    fs::copy(
        dest.join("package-lock.json"),
        dest.join("node_modules/.zhixin-installed-lock.json"),
    )?;
    Ok(())
}

fn same_file_content(a: &Path, b: &Path) -> bool {
    matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
}
