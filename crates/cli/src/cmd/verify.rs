//! `zhixin verify DIR [--public-key FILE]`: checks a registry folder against
//! its digests and, with the publisher's key, its signature.

use anyhow::{Context, Result};
use clap::Args;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhixin_core::integrity::{self, PublicKey};
use zhixin_core::{FormatError, FormatErrorKind, Meta};

/// Check every file of a registry against its SHA-256 digest (listed, through
/// meta.json, by the build) and, with --public-key, meta.json's signature.
///
/// Exit 0: all good; 1: a file is changed or missing, or (with a key) the
/// registry is unsigned or signed by another key; every problem is printed
/// with its file. 2: usage (no such folder, unreadable key).
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The registry folder (as written by `zhixin build`).
    pub dir: PathBuf,
    /// The publisher's public key (zhixin.pub from `zhixin keygen`, as the
    /// publisher publishes it): meta.json.minisig must be its signature.
    #[arg(long, value_name = "FILE")]
    pub public_key: Option<PathBuf>,
}

/// The signature's file name beside `meta.json`.
pub const SIGNATURE_FILE: &str = "meta.json.minisig";

pub fn run(args: VerifyArgs) -> Result<ExitCode> {
    if !args.dir.is_dir() {
        anyhow::bail!(
            "{} is not a folder; give the registry folder that `zhixin build --out` wrote",
            args.dir.display()
        );
    }
    let key = match &args.public_key {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read the public key {}", p.display()))?;
            Some(PublicKey::decode(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?)
        }
        None => None,
    };
    let mut problems: Vec<String> = Vec::new();
    let meta_bytes = match std::fs::read(args.dir.join("meta.json")) {
        Ok(b) => b,
        Err(e) => {
            outln!("meta.json: cannot be read ({e}): not a registry, or its meta.json is missing");
            return Ok(ExitCode::from(1));
        }
    };
    match (&key, std::fs::read_to_string(args.dir.join(SIGNATURE_FILE))) {
        (Some(k), Ok(sig)) => match k.verify(&sig, &meta_bytes) {
            Ok(comment) => outln!(
                "{SIGNATURE_FILE}: good signature by key ID {} ({comment})",
                k.id()
            ),
            Err(e) => problems.push(format!("{SIGNATURE_FILE}: {e}")),
        },
        (Some(k), Err(_)) => problems.push(format!(
            "{SIGNATURE_FILE}: missing: the registry is not signed (expected a signature by key ID {})",
            k.id()
        )),
        (None, Ok(_)) => outln!(
            "{SIGNATURE_FILE}: present but not checked: give the publisher's key with --public-key"
        ),
        (None, Err(_)) => outln!("{SIGNATURE_FILE}: none (the registry is not signed)"),
    }
    let meta = match Meta::from_json(&meta_bytes) {
        Ok(m) => m,
        Err(e) => {
            problems.push(e.to_string());
            return Ok(finish(&problems, 0));
        }
    };
    let files = meta.listed_files();
    let mut pages = PageCache::new(&args.dir);
    for path in &files {
        if let Err(e) = check_file(&args.dir, &meta, path, &mut pages) {
            problems.push(e.to_string());
        }
    }
    Ok(finish(&problems, files.len()))
}

/// Prints the verdict; exit 1 when there is any problem.
fn finish(problems: &[String], checked: usize) -> ExitCode {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    for p in problems {
        let _ = writeln!(out, "{p}");
    }
    if problems.is_empty() {
        let _ = writeln!(
            out,
            "ok: meta.json and {checked} files match their SHA-256 digests"
        );
        ExitCode::SUCCESS
    } else {
        let _ = writeln!(
            out,
            "{} problem{} in {checked} listed files: this copy is not the registry its publisher built; \
             do not rely on it, get a fresh copy from the publisher",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    }
}

/// Digest pages read so far (each serves up to 64 chunks).
struct PageCache<'a> {
    dir: &'a Path,
    pages: HashMap<String, Result<Vec<u8>, FormatError>>,
}

impl<'a> PageCache<'a> {
    fn new(dir: &'a Path) -> PageCache<'a> {
        PageCache {
            dir,
            pages: HashMap::new(),
        }
    }

    fn get(&mut self, path: &str) -> Result<Vec<u8>, FormatError> {
        self.pages
            .entry(path.to_string())
            .or_insert_with(|| read(self.dir, path))
            .clone()
    }
}

fn read(dir: &Path, path: &str) -> Result<Vec<u8>, FormatError> {
    std::fs::read(dir.join(path)).map_err(|e| FormatError {
        path: Some(path.to_string()),
        kind: FormatErrorKind::Missing(e.to_string()),
    })
}

/// Checks one listed file. A page is checked when the first of its chunks is.
fn check_file(
    dir: &Path,
    meta: &Meta,
    path: &str,
    pages: &mut PageCache,
) -> Result<(), FormatError> {
    let bytes = read(dir, path)?;
    let expect = meta
        .expect(path)
        .ok_or_else(|| FormatError::corrupt(path, "listed but has no digest"))?;
    integrity::check_expected(path, &bytes, &expect, |p| pages.get(p))
}
