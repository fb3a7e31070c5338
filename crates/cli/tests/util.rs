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

/// The enterprises-only fixture, built as of 2026-11-22 (the build must succeed).
pub fn built() -> Fixture {
    let f = fixture(&[("enterprises.csv", ENTERPRISES)]);
    let o = zhixin(&[
        "build",
        p(&f.src),
        "--out",
        p(&f.out),
        "--as-of",
        "2026-11-22",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    f
}
