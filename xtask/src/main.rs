//! `cargo xtask`: the project's build, serve and test automation, in Rust so it runs
//! wherever cargo does. See `cargo xtask help`.

mod bench_peers;
mod browser_bench;
mod csp;
mod dist;
mod eval;
mod eval2;
mod install;
mod server;
mod size;
mod split;
mod testing;
mod util;

use std::process::ExitCode;

use anyhow::Result;

use install::Needs;

const HELP: &str = "\
cargo xtask <command>

  serve        install what is needed, build the CLI, a fictional demo registry and the app,
               and serve them on http://127.0.0.1:8080/
               (--no-build: serve dist/ as it is; --port N: another port)
  test         install what is needed and run every test: native, wasm in headless
               Chromium, Playwright end-to-end, axe-core and Lighthouse
  size         the app shell's wasm/JS/CSS sizes (raw, gzip, brotli) in dist/
  bench [ARGS] the workspace's criterion benchmarks (ARGS go to cargo bench)
  bench-browser [--count N] [--queries N] [--src SRC --registry DIR]
               search latency (wasm, chunks cached) and bytes before the first result,
               measured in the app in Chromium on an N-enterprise demo registry
               (--src/--registry reuse a demo source and its built registry)
  eval [ARGS]  search quality (recall@1, recall@5 per query kind) on the demo registry's ground
               truth and on the second, independent evaluation (tests/eval2)
               (--count N: 10000 demo / 3000 eval2 by default; --only demo|eval2; --rebuild)
  bench-peers [--count N] [--per-kind K] [--only a,b]
               zhixin's search (wasm, in Node) against Fuse.js, MiniSearch, FlexSearch and
               Pagefind on the second evaluation (tests/eval2): recall per kind, latency,
               index bytes, bytes before the first result, build time (minutes; not in test)
  install      only install the tools (what serve and test do first)
  split-wasm   Trunk's post-build hook (Trunk.toml): the search engine and every page
               but search in their own wasm modules, downloaded when first needed
";

fn main() -> ExitCode {
    install::prepare_env();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(args: &[String]) -> Result<bool> {
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("serve") => serve(rest).map(|()| true),
        Some("test") => testing::run_all(),
        Some("size") => size::report(&dist::dist()).map(|()| true),
        Some("bench") => testing::bench(rest).map(|()| true),
        Some("bench-browser") => browser_bench::run_bench(rest).map(|()| true),
        Some("eval") => eval::run(rest).map(|()| true),
        Some("bench-peers") => bench_peers::run(rest).map(|()| true),
        Some("split-wasm") => split::run_hook().map(|()| true),
        Some("install") => install::ensure(Needs::Test).map(|()| true),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(true)
        }
        Some(other) => {
            eprint!("unknown command `{other}`\n\n{HELP}");
            Ok(false)
        }
    }
}

/// Builds everything and serves `dist/` until interrupted.
fn serve(args: &[String]) -> Result<()> {
    let mut build = true;
    let mut port = "8080".to_string();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-build" => build = false,
            "--port" => port = args.next().cloned().unwrap_or(port),
            other => anyhow::bail!("serve: unknown option `{other}` (try --no-build, --port N)"),
        }
    }
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
