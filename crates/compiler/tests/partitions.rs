//! Partitioned builds: four partitions of the demo folder, merged, give the
//! registry a single build of the folder writes, byte for byte (signed
//! `meta.json`, digests, report and statistics included).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhixin_compiler::partition::{build_partition, merge, Partition};
use zhixin_compiler::{build, BuildOptions, Signer};

/// Every file under `dir` but the publisher's bookkeeping (`.zhixin/`), by
/// path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if rel.starts_with(".zhixin") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Writes the fictional demo sources of `count` enterprises into `dir`.
fn demo(dir: &Path, count: usize, seed: u64) {
    zhixin_demo::write_demo(dir, &zhixin_demo::DemoOptions { count, seed }).unwrap();
}

fn options() -> BuildOptions {
    let mut o = BuildOptions::new("2026-11-22".parse().unwrap());
    o.grace = std::time::Duration::ZERO;
    // A stand-in signer: the signature covers meta.json's bytes, so equal
    // signatures mean equal meta.json files.
    o.sign = Some(Signer::new(|meta: &[u8]| {
        Ok(format!(
            "test signature of {} bytes: {:x}",
            meta.len(),
            meta.iter().map(|&b| b as u64).sum::<u64>()
        ))
    }));
    o
}

#[test]
fn four_merged_partitions_are_the_single_build_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    demo(&src, 1500, 3);
    let opts = options();

    let single = tmp.path().join("single");
    let one = build(&src, &single, &opts).unwrap();
    assert!(one.published);

    let parts: Vec<PathBuf> = (1..=4)
        .map(|k| tmp.path().join(format!("part{k}")))
        .collect();
    let mut dealt = 0;
    for (k, part) in (1..=4).zip(&parts) {
        let p = build_partition(&src, part, &opts, Partition { k, n: 4 }).unwrap();
        assert!(p.files > 0, "partition {k}/4 got no file");
        dealt += p.files;
    }
    // Parts named in any order.
    let mut given = parts.clone();
    given.reverse();
    let merged_dir = tmp.path().join("merged");
    let merged = merge(&given, &merged_dir, &options()).unwrap();
    assert!(merged.published);
    assert_eq!(merged.report, one.report);

    let (a, b) = (files(&single), files(&merged_dir));
    assert_eq!(dealt, one.report.files.len());
    assert!(
        a.contains_key("meta.json.minisig") && a.len() > 50,
        "{} files",
        a.len()
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between the single build and the merge"
        );
    }
}

#[test]
fn a_missing_or_repeated_partition_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    demo(&src, 200, 1);
    let opts = options();
    let parts: Vec<PathBuf> = (1..=3).map(|k| tmp.path().join(format!("p{k}"))).collect();
    for (k, part) in (1..=3).zip(&parts) {
        build_partition(&src, part, &opts, Partition { k, n: 3 }).unwrap();
    }
    let out = tmp.path().join("out");
    let e = merge(&parts[..2], &out, &opts).unwrap_err().to_string();
    assert!(e.contains("partition 3/3 is missing"), "{e}");
    let twice = [parts[0].clone(), parts[1].clone(), parts[1].clone()];
    let e = merge(&twice, &out, &opts).unwrap_err().to_string();
    assert!(e.contains("partition 2/3 is given twice"), "{e}");
    // Nothing was published by the refused merges.
    assert!(!out.join("meta.json").exists());
    // A folder that is not a partition is named.
    let e = merge(std::slice::from_ref(&src), &out, &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("is not a partition folder"), "{e}");
}

#[test]
fn a_partition_of_another_source_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, other) = (tmp.path().join("src"), tmp.path().join("other"));
    demo(&src, 200, 1);
    demo(&other, 300, 2);
    let opts = options();
    let (p1, p2) = (tmp.path().join("p1"), tmp.path().join("p2"));
    build_partition(&src, &p1, &opts, Partition { k: 1, n: 2 }).unwrap();
    build_partition(&other, &p2, &opts, Partition { k: 2, n: 2 }).unwrap();
    let e = merge(&[p1, p2.clone()], &tmp.path().join("out"), &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("listed other source files"), "{e}");
    assert!(e.contains(&p2.display().to_string()), "{e}");
}

#[test]
fn a_partition_build_does_not_overwrite_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    demo(&src, 100, 1);
    let part = tmp.path().join("part");
    std::fs::create_dir_all(&part).unwrap();
    std::fs::write(part.join("notes.txt"), "mine").unwrap();
    let e = build_partition(&src, &part, &options(), Partition { k: 1, n: 2 })
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a partition folder zhixin made"), "{e}");
    assert_eq!(
        std::fs::read_to_string(part.join("notes.txt")).unwrap(),
        "mine"
    );
    // A partition folder is rebuilt in place.
    let fresh = tmp.path().join("fresh");
    build_partition(&src, &fresh, &options(), Partition { k: 1, n: 2 }).unwrap();
    build_partition(&src, &fresh, &options(), Partition { k: 1, n: 2 }).unwrap();
}
