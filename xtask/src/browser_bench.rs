//! `cargo xtask bench-browser`: search measured in the real app, in Chromium, on a demo
//! registry of a given size (`tests/e2e/bench.mjs` says what is measured). It prints
//! figures; nothing here passes or fails on time.

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

use crate::{
    dist, install,
    install::Needs,
    server,
    util::{cmd, note, root, run, scratch, step},
};

/// The options of `cargo xtask bench-browser`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Enterprises in the demo registry (seed 1).
    #[arg(long, value_name = "N", default_value = "100000")]
    count: String,
    /// Ground-truth queries measured.
    #[arg(long, value_name = "N", default_value = "200")]
    queries: String,
    /// Queries of every kind also measured as on a slow phone (CPU 4× slower,
    /// 150 ms / 1.6 Mbps): time to the first result painted. 0 skips it.
    #[arg(long, value_name = "N", default_value = "2")]
    slow: String,
    /// A demo source built before (with --registry).
    #[arg(long, value_name = "SRC", requires = "registry")]
    src: Option<PathBuf>,
    /// Its registry (with --src).
    #[arg(long, value_name = "DIR", requires = "src")]
    registry: Option<PathBuf>,
}

/// Builds the CLI, a demo registry of `--count` enterprises (default 100,000, seed 1),
/// the app, serves the app with that registry and runs the browser benchmark over
/// `--queries` ground-truth queries (default 200). `--src SRC --registry DIR` use a
/// demo source and its registry built before (a million-enterprise build takes
/// minutes) instead.
pub fn run_bench(args: Args) -> Result<()> {
    let Args {
        count,
        queries,
        slow,
        src,
        registry,
    } = args;
    let given = (src, registry);
    install::ensure(Needs::Test)?;
    let dir = scratch().join(format!("bench-{count}"));
    let site = dir.join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site).with_context(|| format!("removing {}", site.display()))?;
    }
    // The public key the app pins (a registry given with --registry is not ours to sign).
    let mut pin: Option<PathBuf> = None;
    let (src, registry) = match given {
        (Some(src), Some(registry)) => {
            note(&format!(
                "using {} and its registry {}",
                src.display(),
                registry.display()
            ));
            (src, std::fs::canonicalize(&registry).context("--registry")?)
        }
        (None, None) => {
            let zhixin = dist::cli(dist::Profile::Release)?;
            let (src, registry) = (dir.join("src"), dir.join("registry"));
            for d in [&src, &registry] {
                if d.exists() {
                    std::fs::remove_dir_all(d)
                        .with_context(|| format!("removing {}", d.display()))?;
                }
            }
            step(&format!(
                "Writing a demo source of {count} fictional enterprises (seed 1) and its registry"
            ));
            run(cmd(&zhixin)
                .args(["demo", "--out"])
                .arg(&src)
                .args(["--count", &count, "--seed", "1"]))?;
            // Signed, and the app pins the key, as a publisher's deployment does: the
            // signature check is part of what a visit costs.
            let keys = dir.join("keys");
            if !keys.join("zhixin.key").exists() {
                run(cmd(&zhixin).arg("keygen").arg(&keys))?;
            }
            run(cmd(&zhixin)
                .arg("build")
                .arg(&src)
                .arg("--out")
                .arg(&registry)
                .arg("--sign")
                .arg(keys.join("zhixin.key")))?;
            pin = Some(keys.join("zhixin.pub"));
            (src, registry)
        }
        _ => bail!("bench-browser: --src and --registry go together"),
    };

    step("Building the app (trunk build --release) for the benchmark");
    run(cmd("cargo").args(["fetch", "--quiet"]))?;
    let mut trunk = cmd("trunk");
    trunk.args(["build", "--release", "--dist"]).arg(&site);
    if let Some(key) = &pin {
        trunk.env("ZHIXIN_PUBLIC_KEY_FILE", key);
    }
    run(&mut trunk)?;
    // The registry can be a gigabyte: linked, not copied.
    std::os::unix::fs::symlink(&registry, site.join("registry"))
        .context("linking the registry beside the app")?;

    let addr = server::start(site, "127.0.0.1:0")?;
    let url = format!("http://{addr}/");
    note(&format!("app with the {count}-enterprise registry: {url}"));
    step(&format!("Browser benchmark: {queries} queries in Chromium"));
    run(cmd("node")
        .arg(root().join("tests/e2e/bench.mjs"))
        .env("ZHIXIN_BENCH_URL", &url)
        .env(
            "ZHIXIN_BENCH_QUERIES",
            src.join(".zhixin-truth/queries.jsonl"),
        )
        .env("ZHIXIN_BENCH_N", &queries)
        .env("ZHIXIN_BENCH_SLOW_N", &slow))?;
    note("rows: tests/e2e/output/bench-browser.json");
    Ok(())
}
