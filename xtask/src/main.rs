//! `cargo xtask`: the project's build, serve and test automation, in Rust so it runs
//! wherever cargo does. See `cargo xtask help` (arguments parsed by clap).

mod bench_peers;
mod browser_bench;
mod csp;
mod dist;
mod eval;
mod eval2;
mod fuzz;
mod install;
mod server;
mod size;
mod split;
mod sw;
mod testing;
mod util;

use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser, Subcommand};

use install::Needs;

/// The project's build, serve and test automation.
#[derive(Parser, Debug)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Install what is needed, build the CLI, a fictional demo registry and the app, and
    /// serve them on http://127.0.0.1:8080/
    Serve {
        /// Serve dist/ as it is.
        #[arg(long)]
        no_build: bool,
        /// Another port.
        #[arg(long, value_name = "N", default_value = "8080")]
        port: String,
    },
    /// Install what is needed and run every test: native, clippy (native and wasm), wasm
    /// in headless Chromium, Playwright end-to-end, axe-core and Lighthouse
    Test,
    /// The app shell's wasm/JS/CSS sizes (raw, gzip, brotli) in dist/
    Size,
    /// The workspace's criterion benchmarks (ARGS go to cargo bench)
    Bench {
        #[arg(
            trailing_var_arg = true,
            allow_hyphen_values = true,
            value_name = "ARGS"
        )]
        args: Vec<String>,
    },
    /// Search latency (wasm, chunks cached) and bytes before the first result, measured in
    /// the app in Chromium on an N-enterprise demo registry
    BenchBrowser(browser_bench::Args),
    /// Search quality (recall@1, recall@5 per query kind) on the demo registry's ground
    /// truth and on the second, independent evaluation (tests/eval2)
    Eval(eval::Args),
    /// zhixin's search (wasm, in Node) against Fuse.js, MiniSearch, FlexSearch and
    /// Pagefind on the second evaluation (tests/eval2) (minutes; not in test)
    BenchPeers(bench_peers::Args),
    /// Every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for S seconds each, with
    /// executions per target; fails on a crash
    Fuzz {
        /// Seconds per target.
        #[arg(long, value_name = "S", default_value_t = 60)]
        time: u64,
        /// Only these targets (default: all).
        #[arg(value_name = "TARGET")]
        targets: Vec<String>,
    },
    /// Only install the tools (what serve and test do first)
    Install,
    /// Trunk's post-build hook (Trunk.toml): the search engine and every page but search
    /// in their own wasm modules, downloaded when first needed
    SplitWasm,
}

fn main() -> ExitCode {
    install::prepare_env();
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(command: Option<Cmd>) -> Result<bool> {
    match command {
        Some(Cmd::Serve { no_build, port }) => serve(!no_build, &port).map(|()| true),
        Some(Cmd::Test) => testing::run_all(),
        Some(Cmd::Size) => size::report(&dist::dist()).map(|()| true),
        Some(Cmd::Bench { args }) => testing::bench(&args).map(|()| true),
        Some(Cmd::BenchBrowser(a)) => browser_bench::run_bench(a).map(|()| true),
        Some(Cmd::Eval(a)) => evaluate(a).map(|()| true),
        Some(Cmd::BenchPeers(a)) => bench_peers::run(a).map(|()| true),
        Some(Cmd::Fuzz { time, targets }) => fuzz::main(time, &targets),
        Some(Cmd::SplitWasm) => split::run_hook().map(|()| true),
        Some(Cmd::Install) => install::ensure(Needs::Test).map(|()| true),
        None => {
            Cli::command().print_help()?;
            Ok(true)
        }
    }
}

/// `cargo xtask eval`: the demo's evaluation, then the second, independent one
/// (`--only` picks one; a registry given by `--dir` is evaluated alone).
fn evaluate(a: eval::Args) -> Result<()> {
    let count2 = a.count.unwrap_or(eval2::DEFAULT_COUNT);
    let (seed, rebuild) = (a.seed, a.rebuild);
    match a.only.as_deref() {
        Some("eval2") => eval2::run(count2, seed, rebuild),
        None | Some("demo") => {
            let both = a.only.is_none() && a.dir.is_none();
            eval::run(a)?;
            if both {
                eval2::run(count2, seed, rebuild)?;
            }
            Ok(())
        }
        Some(other) => anyhow::bail!("--only {other}: use demo or eval2"),
    }
}

/// Builds everything and serves `dist/` until interrupted.
fn serve(build: bool, port: &str) -> Result<()> {
    if build {
        install::ensure(Needs::Build)?;
        dist::all()?;
    }
    let addr = server::start(dist::dist(), &format!("127.0.0.1:{port}"))?;
    util::step("Serving");
    println!("    zhixin is at http://{addr}/  (demo data; Ctrl-C to stop)");
    loop {
        std::thread::park();
    }
}
