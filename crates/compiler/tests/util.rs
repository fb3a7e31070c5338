//! Helpers shared by the integration tests: build a fixture folder, find a
//! file's report, an enterprise, its view as of a date.

use std::path::{Path, PathBuf};
use zhixin_compiler::{compile, Compiled, FileReport};
use zhixin_core::{Day, Enterprise, EnterpriseView};

/// The as-of date of every fixture build.
pub const AS_OF: &str = "2026-11-22";

pub fn day(s: &str) -> Day {
    s.parse().unwrap()
}

/// The path of a committed fixture folder.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Compiles a folder as of [`AS_OF`].
pub fn build(dir: &Path) -> Compiled {
    compile(dir, day(AS_OF), false).unwrap()
}

/// The report of the file whose path ends with `name`.
pub fn file<'a>(c: &'a Compiled, name: &str) -> &'a FileReport {
    c.report
        .files
        .iter()
        .find(|f| f.file.ends_with(name))
        .unwrap_or_else(|| {
            panic!(
                "no report for {name}: {:?}",
                c.report.files.iter().map(|f| &f.file).collect::<Vec<_>>()
            )
        })
}

pub fn ent<'a>(c: &'a Compiled, uscc: &str) -> &'a Enterprise {
    c.enterprises
        .iter()
        .find(|e| e.uscc == uscc)
        .unwrap_or_else(|| panic!("no enterprise {uscc}"))
}

pub fn view(c: &Compiled, uscc: &str, on: &str) -> EnterpriseView {
    EnterpriseView::new(ent(c, uscc), day(on))
}

/// Rows rejected in a file, sorted.
pub fn rejected_rows(f: &FileReport) -> Vec<u32> {
    let mut v: Vec<u32> = f.rejections.iter().map(|r| r.row).collect();
    v.sort();
    v
}

/// Every file report satisfies `read == accepted + rejected`, and rejections list each rejected row once.
pub fn assert_accounted(c: &Compiled) {
    for f in &c.report.files {
        assert_eq!(
            f.read,
            f.accepted + f.rejected,
            "{}: read != accepted + rejected",
            f.file
        );
        assert_eq!(
            f.rejections.len(),
            f.rejected,
            "{}: one rejection per rejected row",
            f.file
        );
    }
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}
