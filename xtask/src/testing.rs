//! `cargo xtask test`: every test of the project, stage by stage, with a tally.
//!
//! Stages: native tests (`cargo test --workspace`, which includes the tidy check),
//! clippy with `-D warnings` (natively for the workspace, and for the app on wasm32), a
//! short fuzzing pass (every target of `fuzz/` for a few seconds), the
//! app's wasm tests in headless Chromium, the release builds (root and sub-path) with the
//! demo registry, the Playwright end-to-end tests, and Lighthouse. A failing stage does
//! not stop the later ones unless they need its output, so one run shows every failure.
//! The last line is `summary: N passed, N failed`, counting individual tests.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result};

use crate::{
    dist, fuzz,
    install::{self, Needs, CHROMIUM},
    server, size,
    util::{cmd, note, root, run, run_streaming, step},
};

#[cfg(test)]
mod tests;

/// Counts of tests that passed and failed, and the stages that failed as a whole.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    failed_stages: Vec<String>,
    /// How long each stage took, in the order they ran (printed at the end, so a
    /// slow CI run says where its minutes went).
    durations: Vec<(String, Duration)>,
}

impl Tally {
    /// Records a stage: its parsed test counts, or one pass/fail for the stage itself
    /// when it printed no counts (a build, or a runner that crashed before counting).
    fn record(&mut self, stage: &str, ok: bool, counts: Counts) {
        self.passed += counts.passed;
        self.failed += counts.failed;
        if !counts.seen && ok {
            self.passed += 1;
        } else if !ok && counts.failed == 0 {
            // A build, or a runner that exited non-zero without counting a failing test
            // (a crash, a compile error in another test binary): still a failure.
            self.failed += 1;
        }
        if !ok || counts.failed > 0 {
            self.failed_stages.push(stage.to_string());
        }
    }
}

/// Test counts read from a runner's output.
#[derive(Default, Clone, Copy)]
struct Counts {
    seen: bool,
    passed: usize,
    failed: usize,
}

impl Counts {
    /// Reads libtest's `test result: ok. 3 passed; 0 failed; ...` (native and
    /// wasm-bindgen-test-runner alike), node's test runner's `ℹ pass 3` / `ℹ fail 0`, and
    /// our own scripts' `lighthouse: 3 passed, 0 failed`.
    fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            self.seen = true;
            self.passed += number_before(rest, " passed");
            self.failed += number_before(rest, " failed");
        } else if let Some(n) = line.strip_prefix("ℹ pass ") {
            self.seen = true;
            self.passed += n.trim().parse().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("ℹ fail ") {
            self.seen = true;
            self.failed += n.trim().parse().unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("lighthouse: ") {
            self.seen = true;
            self.passed += number_before(rest, " passed");
            self.failed += number_before(rest, " failed");
        }
    }
}

/// The number just before `word` in `text` ("12 passed" → 12), or 0.
fn number_before(text: &str, word: &str) -> usize {
    text.find(word)
        .and_then(|end| {
            let start = text[..end]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |i| i + 1);
            text[start..end].parse().ok()
        })
        .unwrap_or(0)
}

/// Runs a test command, echoing and counting, and records it.
fn stage(tally: &mut Tally, name: &str, command: &mut Command) {
    step(name);
    let started = Instant::now();
    let mut counts = Counts::default();
    let ok = match run_streaming(command, |line| counts.read(line)) {
        Ok(ok) => ok,
        Err(e) => {
            println!("    {e:#}");
            false
        }
    };
    tally.record(name, ok, counts);
    tally.durations.push((name.to_string(), started.elapsed()));
}

/// Runs and records a build step that is not itself a test but that later tests need.
fn build(tally: &mut Tally, name: &str, work: impl FnOnce() -> Result<()>) -> bool {
    let started = Instant::now();
    let result = work();
    tally.durations.push((name.to_string(), started.elapsed()));
    let ok = match result {
        Ok(()) => true,
        Err(e) => {
            println!("    FAILED: {e:#}");
            false
        }
    };
    tally.record(name, ok, Counts::default());
    ok
}

pub fn run_all() -> Result<bool> {
    let started = Instant::now();
    install::ensure(Needs::Test)?;
    let mut tally = Tally::default();

    stage(
        &mut tally,
        "Native tests: cargo test --workspace --no-fail-fast",
        cmd("cargo")
            .args(["test", "--workspace", "--no-fail-fast"])
            // The change-feed test validates changes.xml with jing (installed above).
            .env("ZHIXIN_REQUIRE_JING", "1"),
    );

    // Clippy with every warning an error (the workspace's lints are in
    // Cargo.toml): natively for every crate and target, and for the app as
    // the browser gets it (wasm32, where other code is compiled in).
    stage(
        &mut tally,
        "Clippy: cargo clippy --workspace --all-targets -- -D warnings",
        cmd("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    stage(
        &mut tally,
        "Clippy for the app on wasm: cargo clippy -p zhixin-app --target wasm32-unknown-unknown --all-targets -- -D warnings",
        cmd("cargo").args([
            "clippy",
            "-p",
            "zhixin-app",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );

    fuzz_pass(&mut tally);

    stage(
        &mut tally,
        "Wasm tests in headless Chromium: cargo test -p zhixin-app --target wasm32-unknown-unknown",
        cmd("cargo")
            .args([
                "test",
                "-p",
                "zhixin-app",
                "--target",
                "wasm32-unknown-unknown",
            ])
            // In Chromium rather than Node, through chromedriver ($CHROMEDRIVER). The runner
            // adds headless and no-sandbox itself; xtask/webdriver.json adds the binary and
            // the flags that keep Chromium off the (closed) network.
            .env("WASM_BINDGEN_USE_BROWSER", "1")
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root().join("xtask/webdriver.json"),
            ),
    );

    let built = build(&mut tally, "CLI and demo registry", || {
        dist::cli(dist::Profile::Dev).and_then(|zhixin| dist::demo_registry(&zhixin))
    }) && build(&mut tally, "App release build", dist::app)
        && build(
            &mut tally,
            "App release build under a sub-path",
            dist::app_under_sub_path,
        );

    if built {
        if let Err(e) = browser_stages(&mut tally) {
            build(
                &mut tally,
                "Starting the servers for the browser tests",
                || Err(e),
            );
        }
    } else {
        println!("\n    Skipping the browser tests: the builds they need failed.");
    }

    if dist::dist().join("index.html").is_file() {
        step("App shell size");
        if let Err(e) = size::report(&dist::dist()) {
            println!("    {e:#}");
        }
    }

    let minutes = started.elapsed().as_secs_f64() / 60.0;
    println!("\nTime per stage:");
    for (name, took) in &tally.durations {
        println!("  {:>6.1} s  {name}", took.as_secs_f64());
    }
    println!();
    if !tally.failed_stages.is_empty() {
        println!("Failed stages:");
        for s in &tally.failed_stages {
            println!("  - {s}");
        }
    }
    println!("xtask test took {minutes:.1} min");
    println!("summary: {} passed, {} failed", tally.passed, tally.failed);
    Ok(tally.failed_stages.is_empty())
}

/// Every fuzz target for [`fuzz::SHORT_PASS_SECONDS`]: one test per target, failed
/// by a crash (the input is kept, see `cargo xtask fuzz`).
fn fuzz_pass(tally: &mut Tally) {
    let name = "Fuzzing: every target briefly (cargo xtask fuzz --time 4)";
    let started = Instant::now();
    let runs = fuzz::run(fuzz::TARGETS, fuzz::SHORT_PASS_SECONDS);
    tally.durations.push((name.to_string(), started.elapsed()));
    match runs {
        Ok(runs) => {
            let failed = runs.iter().filter(|r| r.failure.is_some()).count();
            let counts = Counts {
                seen: true,
                passed: runs.len() - failed,
                failed,
            };
            tally.record(name, failed == 0, counts);
        }
        Err(e) => {
            build(tally, name, || Err(e));
        }
    }
}

/// A child process that is killed when dropped, so a failing run leaves no server behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_stages(tally: &mut Tally) -> Result<()> {
    step("Starting the servers for the browser tests");
    let addr = server::start(dist::dist(), "127.0.0.1:0")?;
    let base = format!("http://{addr}/");
    note(&format!(
        "app:          {base} (xtask's static server, dist/)"
    ));

    // The sub-path build is served by Python's plain http.server, the most ordinary static
    // host there is: if a deep link works there, it works on any static host.
    let port = free_port()?;
    let python = cmd("python3")
        .args([
            "-m",
            "http.server",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--directory",
        ])
        .arg(dist::subpath_root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting python3 -m http.server")?;
    let _python = KillOnDrop(python);
    let sub = format!("http://127.0.0.1:{port}/{}/", dist::SUB_PATH);
    wait_for(&sub)?;
    note(&format!("sub-path app: {sub} (python3 -m http.server)"));

    let e2e = root().join("tests/e2e");
    let env = [
        ("ZHIXIN_BASE_URL", base.clone()),
        ("ZHIXIN_SUBPATH_URL", sub),
        // The sub-path build's files, which the offline test serves from a copy.
        (
            "ZHIXIN_SUBPATH_DIST",
            dist::subpath_root()
                .join(dist::SUB_PATH)
                .to_string_lossy()
                .into_owned(),
        ),
        (
            "ZHIXIN_DEMO_SRC",
            dist::demo_src().to_string_lossy().into_owned(),
        ),
        ("ZHIXIN_CHROMIUM", CHROMIUM.to_string()),
        (
            "ZHIXIN_CLI",
            dist::cli_path(dist::Profile::Dev)
                .to_string_lossy()
                .into_owned(),
        ),
        (
            "ZHIXIN_REGISTRY",
            dist::registry().to_string_lossy().into_owned(),
        ),
        // The copy the app is served with: tests/e2e/integrity.spec.mjs changes a chunk
        // there (and puts it back) to see it refused.
        (
            "ZHIXIN_SERVED_REGISTRY",
            dist::dist().join("registry").to_string_lossy().into_owned(),
        ),
    ];
    stage(
        tally,
        "End-to-end tests: Playwright + axe-core in Chromium (tests/e2e/*.spec.mjs)",
        cmd("node").arg(e2e.join("run.mjs")).envs(env.clone()),
    );
    stage(
        tally,
        "Lighthouse (mobile): accessibility 1, best practices 1, SEO >= 0.9; performance reported",
        cmd("node").arg(e2e.join("lighthouse.mjs")).envs(env),
    );
    Ok(())
}

/// A free port on loopback, found by binding port 0 and letting it go.
fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Waits until `url`'s server accepts connections (Python takes a moment to start).
fn wait_for(url: &str) -> Result<()> {
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    for _ in 0..100 {
        if std::net::TcpStream::connect(&host).is_ok() {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    anyhow::bail!("the server for {url} did not start within 10 s")
}

/// `cargo xtask bench`: the workspace's criterion benches.
pub fn bench(args: &[String]) -> Result<()> {
    step("Benchmarks: cargo bench --workspace --benches");
    run(cmd("cargo")
        .args(["bench", "--workspace", "--benches"])
        .args(args))
}
