//! Helpers: run the binary, write fixture folders.

use std::path::{Path, PathBuf};
use std::process::Output;

pub fn zhixin(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zhixin"))
        .args(args)
        .output()
        .expect("run zhixin")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fictional enterprises-only source folder (演示数据), as the thin slice
/// of the foundation issue describes: UTF-8 CSV with `uscc`,`name`.
pub const ENTERPRISES: &str = "\
uscc,name
91350200MA2YJ1XR9G,青屿银康食品有限公司（演示）
9135021359498494XQ,云岭澜江纺织有限公司（演示）
";

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub src: PathBuf,
    pub out: PathBuf,
}

pub fn fixture(files: &[(&str, &str)]) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    for (name, body) in files {
        std::fs::write(src.join(name), body).unwrap();
    }
    let out = dir.path().join("registry");
    Fixture {
        _dir: dir,
        src,
        out,
    }
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The date the fixtures are built and shown as of.
pub const AS_OF: &str = "2026-11-22";

impl Fixture {
    /// Builds the fixture's sources into its registry as of [`AS_OF`]; the
    /// build must succeed.
    pub fn build(self) -> Fixture {
        let o = zhixin(&[
            "build",
            p(&self.src),
            "--out",
            p(&self.out),
            "--as-of",
            AS_OF,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        self
    }

    /// `zhixin show OUT CODE --json --as-of AS_OF`, which must exit 0.
    pub fn show_json(&self, code: &str) -> serde_json::Value {
        let o = zhixin(&["show", p(&self.out), code, "--json", "--as-of", AS_OF]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).expect("show --json prints JSON")
    }
}

/// The enterprises-only fixture, built as of 2026-11-22 (the build must succeed).
pub fn built() -> Fixture {
    fixture(&[("enterprises.csv", ENTERPRISES)]).build()
}
