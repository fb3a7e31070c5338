//! `keygen`, `build --sign` and `verify`: a registry that proves it is the
//! publisher's, and every changed byte found and named.

use crate::util::{p, stderr, stdout, zhixin};
use std::path::{Path, PathBuf};

/// A fictional demo registry big enough for digest pages (cards, codes and
/// postings have more shards than are listed directly), signed with a fresh
/// key. The demo data is fictional and says so.
struct Signed {
    dir: tempfile::TempDir,
}

impl Signed {
    fn new() -> Signed {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let o = zhixin(&["keygen", p(&d.join("keys"))]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = zhixin(&[
            "demo",
            "--out",
            p(&d.join("src")),
            "--count",
            "3000",
            "--seed",
            "7",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = zhixin(&[
            "build",
            p(&d.join("src")),
            "--out",
            p(&d.join("reg")),
            "--as-of",
            "2026-11-22",
            "--sign",
            p(&d.join("keys/zhixin.key")),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        Signed { dir }
    }

    fn reg(&self) -> PathBuf {
        self.dir.path().join("reg")
    }

    fn key(&self) -> PathBuf {
        self.dir.path().join("keys/zhixin.pub")
    }

    fn verify(&self, key: Option<&Path>) -> std::process::Output {
        let reg = self.reg();
        let mut args = vec!["verify", p(&reg)];
        if let Some(k) = key {
            args.extend(["--public-key", p(k)]);
        }
        zhixin(&args)
    }

    /// The first file (relative path) of the registry whose path matches.
    fn file(&self, pred: impl Fn(&str) -> bool) -> String {
        let mut all = Vec::new();
        walk(&self.reg(), &self.reg(), &mut all);
        all.sort();
        all.into_iter()
            .find(|f| pred(f))
            .expect("the registry has such a file")
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let path = e.path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

/// Changes one byte of `path` (at `at`, from its end when negative) and
/// returns a guard that restores the file.
fn flip(path: &Path, at: isize) -> Restore {
    let bytes = std::fs::read(path).unwrap();
    let i = if at < 0 {
        (bytes.len() as isize + at) as usize
    } else {
        at as usize
    };
    let mut bad = bytes.clone();
    bad[i] = if bad[i] == b'A' { b'B' } else { b'A' };
    std::fs::write(path, &bad).unwrap();
    Restore(path.to_path_buf(), bytes)
}

struct Restore(PathBuf, Vec<u8>);

impl Drop for Restore {
    fn drop(&mut self) {
        std::fs::write(&self.0, &self.1).unwrap();
    }
}

#[test]
fn a_fresh_signed_build_verifies_with_zhixin_and_with_the_reference_verifier() {
    let s = Signed::new();
    let o = s.verify(Some(&s.key()));
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("good signature"), "{}", stdout(&o));
    // Digest pages are in use: the check covers more than the listed files.
    assert!(!s.file(|f| f.starts_with("post/sum-")).is_empty());
    // The minisign-verify crate's own API, not zhixin's code.
    let pk = minisign_verify::PublicKey::from_file(s.key()).unwrap();
    let sig = minisign_verify::Signature::from_file(s.reg().join("meta.json.minisig")).unwrap();
    let meta = std::fs::read(s.reg().join("meta.json")).unwrap();
    pk.verify(&meta, &sig, false)
        .expect("minisign-verify accepts it");
    assert!(sig
        .trusted_comment()
        .starts_with("zhixin registry meta.json"));
    // The standard minisign tool, where it is installed (`apt install minisign`).
    match std::process::Command::new("minisign")
        .arg("-V")
        .arg("-p")
        .arg(s.key())
        .arg("-m")
        .arg(s.reg().join("meta.json"))
        .output()
    {
        Ok(o) => assert!(o.status.success(), "minisign -V: {}", stderr(&o)),
        Err(_) => {
            eprintln!("note: the minisign tool is not installed; checked with minisign-verify only")
        }
    }
    // Without a key the digests are still checked, and the signature is mentioned.
    let o = s.verify(None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("not checked"), "{}", stdout(&o));
}

#[test]
fn one_changed_byte_anywhere_is_found_and_named() {
    let s = Signed::new();
    let files = [
        s.file(|f| f.starts_with("card/") && !f.contains("sum-")),
        s.file(|f| f.starts_with("post/") && !f.contains("sum-")),
        s.file(|f| f.starts_with("post/sum-")),
        s.file(|f| f.starts_with("rec/")),
        s.file(|f| f.starts_with("code/")),
        s.file(|f| f.starts_with("pin/fence-")),
        s.file(|f| f.starts_with("roll/")),
        s.file(|f| f.starts_with("t2s-")),
        s.file(|f| f.starts_with("stats-")),
        "report.json".to_string(),
    ];
    for f in &files {
        for at in [0, 7, -2] {
            let _restore = flip(&s.reg().join(f), at);
            for key in [None, Some(s.key())] {
                let o = s.verify(key.as_deref());
                assert_eq!(o.status.code(), Some(1), "{f} at {at}: {}", stdout(&o));
                assert!(stdout(&o).contains(f.as_str()), "{f}: {}", stdout(&o));
            }
        }
    }
    // meta.json: the signature no longer matches (a key is needed to tell).
    for at in [10, -3] {
        let _restore = flip(&s.reg().join("meta.json"), at);
        let o = s.verify(Some(&s.key()));
        assert_eq!(
            o.status.code(),
            Some(1),
            "meta.json at {at}: {}",
            stdout(&o)
        );
        assert!(stdout(&o).contains("meta.json"), "{}", stdout(&o));
    }
    // The signature's signed lines (its first line is minisign's untrusted comment).
    let sig = std::fs::read_to_string(s.reg().join("meta.json.minisig")).unwrap();
    let lines: Vec<&str> = sig.lines().collect();
    let start = |n: usize| lines[..n].iter().map(|l| l.len() + 1).sum::<usize>() as isize;
    for at in [start(1) + 12, start(2) + 20, start(3) + 30] {
        let _restore = flip(&s.reg().join("meta.json.minisig"), at);
        let o = s.verify(Some(&s.key()));
        assert_eq!(
            o.status.code(),
            Some(1),
            "signature at {at}: {}",
            stdout(&o)
        );
        assert!(stdout(&o).contains("meta.json.minisig"), "{}", stdout(&o));
    }
    // All restored: good again.
    assert_eq!(s.verify(Some(&s.key())).status.code(), Some(0));
}

#[test]
fn another_publishers_key_a_missing_file_and_no_signature_fail() {
    let s = Signed::new();
    let other = s.dir.path().join("other");
    assert_eq!(zhixin(&["keygen", p(&other)]).status.code(), Some(0));
    let o = s.verify(Some(&other.join("zhixin.pub")));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("another key"), "{}", stdout(&o));

    let chunk = s.file(|f| f.starts_with("code/") && !f.contains("sum-"));
    let bytes = std::fs::read(s.reg().join(&chunk)).unwrap();
    std::fs::remove_file(s.reg().join(&chunk)).unwrap();
    let o = s.verify(None);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains(&chunk), "{}", stdout(&o));
    std::fs::write(s.reg().join(&chunk), bytes).unwrap();

    std::fs::remove_file(s.reg().join("meta.json.minisig")).unwrap();
    let o = s.verify(Some(&s.key()));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("not signed"), "{}", stdout(&o));
    assert_eq!(s.verify(None).status.code(), Some(0));
}

#[test]
fn a_changed_chunk_is_refused_by_search_and_the_rest_still_answers() {
    let s = Signed::new();
    let reg = s.reg();
    let cards: Vec<String> = {
        let mut all = Vec::new();
        walk(&reg, &reg, &mut all);
        all.into_iter()
            .filter(|f| f.starts_with("card/") && !f.contains("sum-"))
            .collect()
    };
    assert!(cards.len() > 4);
    let _restore: Vec<Restore> = cards.iter().map(|c| flip(&reg.join(c), 5)).collect();
    let o = zhixin(&["search", p(&reg), "演示", "--json"]);
    // Every card is refused, so nothing is found, and each refusal is named.
    assert!(stderr(&o).contains("card/"), "{}", stderr(&o));
    assert!(stderr(&o).contains("digest"), "{}", stderr(&o));
    drop(_restore);
    let o = zhixin(&["search", p(&reg), "演示", "--json"]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn keygen_keeps_an_existing_key_and_verify_rejects_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    assert_eq!(zhixin(&["keygen", p(&keys)]).status.code(), Some(0));
    let before = std::fs::read(keys.join("zhixin.key")).unwrap();
    let o = zhixin(&["keygen", p(&keys)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("zhixin.key"), "{}", stderr(&o));
    assert_eq!(std::fs::read(keys.join("zhixin.key")).unwrap(), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys.join("zhixin.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the secret key is private: {mode:o}");
    }
    let o = zhixin(&["verify", p(&dir.path().join("nowhere"))]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(dir.path().join("bad.pub"), "not a key").unwrap();
    let o = zhixin(&[
        "verify",
        p(dir.path()),
        "--public-key",
        p(&dir.path().join("bad.pub")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad.pub"), "{}", stderr(&o));
    // A secret key that is not one fails before the build.
    let o = zhixin(&[
        "build",
        p(dir.path()),
        "--out",
        p(&dir.path().join("reg")),
        "--sign",
        p(&keys.join("zhixin.pub")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.path().join("reg").exists());
}

#[test]
fn a_password_protected_key_signs_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    let run = |args: &[&str], password: Option<&str>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_zhixin"));
        c.args(args).env_remove("ZHIXIN_KEY_PASSWORD");
        if let Some(pw) = password {
            c.env("ZHIXIN_KEY_PASSWORD", pw);
        }
        c.output().unwrap()
    };
    assert_eq!(
        run(&["keygen", p(&keys)], Some("演示 password"))
            .status
            .code(),
        Some(0)
    );
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("enterprises.csv"), crate::util::ENTERPRISES).unwrap();
    let out = dir.path().join("reg");
    let build = |pw| {
        run(
            &[
                "build",
                p(&src),
                "--out",
                p(&out),
                "--sign",
                p(&keys.join("zhixin.key")),
            ],
            pw,
        )
    };
    let o = build(None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ZHIXIN_KEY_PASSWORD"), "{}", stderr(&o));
    assert_eq!(build(Some("wrong")).status.code(), Some(2));
    let o = build(Some("演示 password"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(
        &[
            "verify",
            p(&out),
            "--public-key",
            p(&keys.join("zhixin.pub")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
