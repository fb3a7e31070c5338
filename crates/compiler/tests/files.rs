//! Files that are not tables: reported with `kind: null`, never skipped
//! silently; hidden files and registry.json are not tables at all.

use crate::util::*;

#[test]
fn unrecognised_files_are_reported_and_hidden_files_and_registry_json_are_not() {
    let c = build(&fixture("unrecognised"));
    let names: Vec<&str> = c.report.files.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(names, ["README.txt", "empty.csv", "ok.csv", "picture.png"]);
    let readme = file(&c, "README.txt");
    assert_eq!(readme.kind, None);
    assert!(readme
        .reason
        .as_deref()
        .unwrap()
        .contains("no recognised header"));
    let png = file(&c, "picture.png");
    assert_eq!(png.kind, None);
    assert!(png.reason.as_deref().unwrap().contains("not a table file"));
    assert_eq!(file(&c, "empty.csv").kind, None);
    assert_eq!(file(&c, "ok.csv").accepted, 1);
    assert_eq!(c.report.totals.unrecognised_files, 3);
    assert_eq!(c.registry_json.as_ref().unwrap()["demo"], true);
}

#[test]
fn a_missing_source_folder_is_an_error_naming_it() {
    let err = zhixin_compiler::compile(std::path::Path::new("/no/such/folder"), day(AS_OF), false)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("/no/such/folder"), "{err}");
}

#[test]
fn files_in_subfolders_are_read_with_their_relative_path() {
    let dir = tempdir();
    std::fs::create_dir_all(dir.path().join("2024/第一批")).unwrap();
    std::fs::write(
        dir.path().join("2024/第一批/e.csv"),
        "uscc,name\n91350200MA0000015A,演示甲有限公司（虚构）\n",
    )
    .unwrap();
    let c = build(dir.path());
    assert_eq!(c.report.files[0].file, "2024/第一批/e.csv");
    assert_eq!(
        c.enterprises[0].source.as_ref().unwrap().file,
        "2024/第一批/e.csv"
    );
}
