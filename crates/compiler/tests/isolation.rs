//! One bad file never sinks the others: sparse sheets, the reader's limits,
//! a reader failure, symbolic links and special files in the source folder.

use crate::util::*;
use rust_xlsxwriter::Workbook;
use zhixin_compiler::{compile_with, CompileOptions, Limits};

/// A fictional enterprises table, as a good file beside the bad ones.
const GOOD: &str = "uscc,name\n91350200MA0000015A,演示甲有限公司（虚构）\n";

/// An enterprises sheet of two rows, plus a stray value at `(row, col)`.
fn stray_workbook(path: &std::path::Path, row: u32, col: u16) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "统一社会信用代码").unwrap();
    ws.write_string(0, 1, "企业名称").unwrap();
    ws.write_string(1, 0, "91350200MA00000235").unwrap();
    ws.write_string(1, 1, "演示乙有限公司（虚构）").unwrap();
    ws.write_string(row, col, "x").unwrap();
    wb.save(path).unwrap();
}

fn opts() -> CompileOptions {
    CompileOptions::new(day(AS_OF))
}

#[test]
fn a_value_in_cell_xfd1048576_is_over_the_column_limit_and_the_rest_is_read() {
    let dir = tempdir();
    std::fs::write(dir.path().join("good.csv"), GOOD).unwrap();
    stray_workbook(&dir.path().join("stray.xlsx"), 1_048_575, 16_383);
    assert!(
        std::fs::metadata(dir.path().join("stray.xlsx"))
            .unwrap()
            .len()
            < 10_000
    );
    let c = compile_with(dir.path(), &opts()).unwrap();
    assert_eq!(c.enterprises.len(), 1, "the good file is read");
    assert_eq!(c.report.unreadable.len(), 1);
    let u = &c.report.unreadable[0];
    assert_eq!(u.file, "stray.xlsx");
    assert_eq!(u.sheet.as_deref(), Some("Sheet1"));
    assert!(u.reason.contains("XFD1048576"), "{}", u.reason);
    let limit = u.limit.as_ref().unwrap();
    assert_eq!((limit.flag.as_str(), limit.value), ("--max-columns", 1000));
    assert_eq!(c.report.totals.unreadable_files, 1);
    assert!(file(&c, "stray.xlsx")
        .reason
        .as_deref()
        .unwrap()
        .contains("--max-columns"));
    // Raising the limit reads it, the stray value as a rejected row.
    let wide = CompileOptions {
        limits: Limits {
            columns: 16_384,
            ..Limits::default()
        },
        ..opts()
    };
    let c = compile_with(dir.path(), &wide).unwrap();
    assert!(c.report.unreadable.is_empty());
    assert_eq!(c.enterprises.len(), 2);
    let f = file(&c, "stray.xlsx");
    assert_eq!((f.accepted, f.rejected), (1, 1));
    assert_eq!(f.rejections[0].row, 1_048_576);
}

#[test]
fn a_stray_value_far_below_is_read_without_a_row_per_blank_row() {
    let dir = tempdir();
    stray_workbook(&dir.path().join("tall.xlsx"), 1_048_575, 0);
    let c = compile_with(dir.path(), &opts()).unwrap();
    let f = file(&c, "tall.xlsx");
    assert_eq!((f.accepted, f.rejected), (1, 1));
    assert!(f.skipped.len() < 10, "blank rows are not listed one by one");
    assert!(
        f.warnings
            .iter()
            .any(|w| w.reason.contains("blank rows 3–1048575")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn cells_and_cell_length_have_limits_too() {
    let dir = tempdir();
    stray_workbook(&dir.path().join("a.xlsx"), 5, 1);
    let few = CompileOptions {
        limits: Limits {
            cells: 4,
            ..Limits::default()
        },
        ..opts()
    };
    let c = compile_with(dir.path(), &few).unwrap();
    assert_eq!(
        c.report.unreadable[0].limit.as_ref().unwrap().flag,
        "--max-cells"
    );
    let short = CompileOptions {
        limits: Limits {
            cell_chars: 10,
            ..Limits::default()
        },
        ..opts()
    };
    let c = compile_with(dir.path(), &short).unwrap();
    let u = &c.report.unreadable[0];
    assert_eq!(u.limit.as_ref().unwrap().flag, "--max-cell-chars");
    assert!(
        u.reason.contains("cell A2 holds 18 characters"),
        "{}",
        u.reason
    );
    let small = CompileOptions {
        limits: Limits {
            workbook_bytes: 1000,
            ..Limits::default()
        },
        ..opts()
    };
    let c = compile_with(dir.path(), &small).unwrap();
    assert_eq!(
        c.report.unreadable[0].limit.as_ref().unwrap().flag,
        "--max-workbook-bytes"
    );
}

#[test]
fn every_unreadable_file_is_listed_and_a_damaged_one_is_not_a_mere_non_table() {
    let dir = tempdir();
    std::fs::write(dir.path().join("good.csv"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("broken.xlsx"),
        b"PK\x03\x04 not really a workbook",
    )
    .unwrap();
    stray_workbook(&dir.path().join("stray.xlsx"), 0, 2000);
    std::fs::write(
        dir.path().join("photo.png"),
        [0x89, b'P', b'N', b'G', 0, 0, 1],
    )
    .unwrap();
    let c = compile_with(dir.path(), &opts()).unwrap();
    let names: Vec<&str> = c
        .report
        .unreadable
        .iter()
        .map(|u| u.file.as_str())
        .collect();
    assert_eq!(
        names,
        ["broken.xlsx", "stray.xlsx"],
        "all of them, in path order"
    );
    assert!(
        file(&c, "photo.png").kind.is_none(),
        "not a table, as before"
    );
    assert_eq!(c.enterprises.len(), 1);
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_skipped_unless_followed() {
    let dir = tempdir();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("good.csv"), GOOD).unwrap();
    let elsewhere = dir.path().join("elsewhere.csv");
    std::fs::write(
        &elsewhere,
        "uscc,name\n91350200MA00000235,演示乙有限公司（虚构）\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&elsewhere, src.join("linked.csv")).unwrap();
    std::os::unix::fs::symlink(&src, src.join("loop")).unwrap();
    let c = compile_with(&src, &opts()).unwrap();
    assert_eq!(c.enterprises.len(), 1);
    let skipped: Vec<&str> = c
        .report
        .skipped_files
        .iter()
        .map(|s| s.file.as_str())
        .collect();
    assert_eq!(skipped, ["linked.csv", "loop"]);
    assert!(c.report.skipped_files[0]
        .reason
        .contains("--follow-symlinks"));
    let follow = CompileOptions {
        follow_symlinks: true,
        ..opts()
    };
    let c = compile_with(&src, &follow).unwrap();
    assert_eq!(c.enterprises.len(), 2, "the linked file is read");
    assert_eq!(
        c.report.skipped_files.len(),
        1,
        "the loop back is read once"
    );
    assert!(c.report.skipped_files[0].reason.contains("already read"));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_source_folder_is_skipped_not_read() {
    let dir = tempdir();
    std::fs::write(dir.path().join("good.csv"), GOOD).unwrap();
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        panic!("mkfifo is needed for this test");
    }
    let c = compile_with(dir.path(), &opts()).unwrap();
    assert_eq!(c.enterprises.len(), 1);
    assert_eq!(c.report.skipped_files[0].file, "pipe.csv");
    assert!(c.report.skipped_files[0]
        .reason
        .contains("not a regular file"));
}

/// Regression: a 6 KB `.xls` made by the `read_workbook` fuzz target
/// (`fixtures/damaged-xls`, no data in it) whose sector chains calamine 0.38
/// followed until memory ran out, aborting the whole build. It is now an
/// unreadable file, named, and the good file beside it is read.
#[test]
fn an_xls_whose_sector_chain_loops_is_unreadable_not_a_build_abort() {
    let dir = tempdir();
    std::fs::write(dir.path().join("good.csv"), GOOD).unwrap();
    std::fs::copy(
        fixture("damaged-xls").join("looping-chain.xls"),
        dir.path().join("looping-chain.xls"),
    )
    .unwrap();
    let c = compile_with(dir.path(), &opts()).unwrap();
    assert_eq!(c.enterprises.len(), 1, "the good file is read");
    let u = &c.report.unreadable[0];
    assert_eq!(u.file, "looping-chain.xls");
    assert!(
        u.reason.contains("compound-file structure is damaged"),
        "{}",
        u.reason
    );
}

/// Regression: two 6 KB `.xls` files made by the `read_workbook` fuzz target
/// from the fictional listings seed (`fixtures/damaged-xls`): `far-column.xls`
/// has a cell record past column IV, for which calamine 0.38 allocated a grid
/// of tens of gigabytes, and `far-dimensions.xls` a DIMENSIONS record whose
/// last row is before its first (calamine's reservation wrapped to terabytes);
/// either aborted the build. Each is now an unreadable file, named with what
/// to do, and the good file beside it is read.
#[test]
fn an_xls_with_cells_outside_the_format_is_unreadable_not_a_build_abort() {
    for file in ["far-column.xls", "far-dimensions.xls"] {
        let dir = tempdir();
        std::fs::write(dir.path().join("good.csv"), GOOD).unwrap();
        std::fs::copy(fixture("damaged-xls").join(file), dir.path().join(file)).unwrap();
        let c = compile_with(dir.path(), &opts()).unwrap();
        assert_eq!(c.enterprises.len(), 1, "{file}: the good file is read");
        let u = &c.report.unreadable[0];
        assert_eq!(u.file, file);
        assert!(u.reason.contains("256 columns"), "{file}: {}", u.reason);
        assert!(
            u.reason.contains("save it as .xlsx"),
            "{file}: {}",
            u.reason
        );
    }
}
