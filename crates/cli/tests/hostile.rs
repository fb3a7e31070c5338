//! Registries that lie: a damaged or hostile `meta.json` or chunk makes
//! `zhixin search` exit 2 naming the file, promptly, without reading outside
//! the folder, allocating for what a file claims, or blocking on a device.
//!
//! Each command runs under a watchdog: a hang is a failure here, not a slow
//! test (the time and memory figures live in the report).

use crate::util::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `zhixin ARGS`, killing it and failing the test if it has not ended
/// within a minute (a hang, or gigabytes being allocated).
fn zhixin_watched(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhixin"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run zhixin");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("zhixin {args:?} did not end within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// `DIR/meta.json` as JSON, edited by `edit`, written back.
fn edit_meta(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let p = dir.join("meta.json");
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(&p, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
}

/// A search that must be refused: exit 2, and stderr names `file` and says `what`.
fn assert_refused(dir: &Path, query: &str, file: &str, what: &str) {
    let o = zhixin_watched(&["search", p(dir), query]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout: {}\nstderr: {err}",
        stdout(&o)
    );
    assert!(err.contains(file), "names {file}: {err}");
    assert!(err.contains(what), "says {what}: {err}");
}

#[test]
fn a_shard_count_no_registry_has_is_refused_without_allocating_for_it() {
    let f = built();
    edit_meta(&f.out, |m| {
        m["records"]["shards"] = 4294967295u32.into();
        // One hash for the whole family: nothing in the file bounds the count.
        m["records"]["hashes"] = "0123abcd".into();
    });
    assert_refused(&f.out, "银康", "meta.json", "shards");
}

#[test]
fn paths_outside_the_folder_are_refused() {
    for t2s in [
        "/dev/zero",
        "../../etc/passwd",
        "rec/../../x.txt",
        "C:\\x.txt",
        "https://example.com/t2s.txt",
    ] {
        let f = built();
        edit_meta(&f.out, |m| m["t2s"] = t2s.into());
        assert_refused(&f.out, "銀康", "meta.json", "t2s");
    }
}

#[test]
fn a_fifo_or_a_device_under_a_chunks_name_is_refused_without_blocking() {
    let f = built();
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("meta.json")).unwrap()).unwrap();
    let t2s = meta["t2s"]
        .as_str()
        .expect("the fixture has a t2s table")
        .to_string();
    std::fs::remove_file(f.out.join(&t2s)).unwrap();
    let made = Command::new("mkfifo").arg(f.out.join(&t2s)).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    // A traditional character: the query needs the t2s table.
    assert_refused(&f.out, "銀康", &t2s, "not a regular file");

    std::fs::remove_file(f.out.join(&t2s)).unwrap();
    std::os::unix::fs::symlink("/dev/zero", f.out.join(&t2s)).unwrap();
    assert_refused(&f.out, "銀康", &t2s, "not a regular file");
}

#[test]
fn a_chunk_larger_than_any_registry_file_is_not_read() {
    let f = built();
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("meta.json")).unwrap()).unwrap();
    let t2s = meta["t2s"].as_str().unwrap().to_string();
    // Sparse: the test costs no disk, the reader must not try to hold it.
    let file = std::fs::File::create(f.out.join(&t2s)).unwrap();
    file.set_len(300 << 20).unwrap();
    assert_refused(&f.out, "銀康", &t2s, "more than a registry file may have");
}

#[test]
fn a_pinyin_fence_crafted_to_decode_quadratically_is_refused() {
    let f = built();
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("meta.json")).unwrap()).unwrap();
    let fence = meta["pinyin_fence"]
        .as_str()
        .expect("the fixture has a pinyin fence")
        .to_string();
    // 300,000 keys, each the previous one and one more letter: 1.5 MB that
    // front-coding would expand to 45 GB of keys.
    let n: u32 = 300_000;
    let mut b = b"ZXF1".to_vec();
    put_varint(&mut b, n);
    for i in 0..n {
        put_varint(&mut b, i); // shared: the whole previous key
        put_varint(&mut b, 1);
        b.push(b'a');
    }
    std::fs::write(f.out.join(&fence), b).unwrap();
    // Its digest no longer matches meta.json's, so it is refused before it
    // is decoded; the decoder's own bound (a fence whose digest was forged
    // too) is tested in the core (`format::tests`).
    assert_refused(&f.out, "yinkang", &fence, "refused");
}

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[test]
fn a_missing_chunk_makes_search_exit_2_after_printing_what_it_found() {
    let f = built();
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("meta.json")).unwrap()).unwrap();
    let t2s = meta["t2s"].as_str().unwrap().to_string();
    std::fs::remove_file(f.out.join(&t2s)).unwrap();
    let o = zhixin_watched(&["search", p(&f.out), "銀康", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).expect("results still printed");
    assert!(hits.is_array());
    let err = stderr(&o);
    assert!(err.contains(&t2s) && err.contains("damaged"), "{err}");
}
