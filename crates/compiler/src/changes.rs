//! The change feed: what changed since the previous build, written beside
//! the new one (`changes/NNNNN-DIGEST.json` and the Atom feed `changes.xml`).
//!
//! It works at the edge of the build: [`write_feed`] runs once the new
//! registry is staged, reads it and the previous registry (the one `--out`
//! serves before the switch, or `--previous`) through the same checked
//! readers as the CLI (`index::read`), compares each enterprise by the time
//! rules at each build's date (`zhixin_core::changes`), and adds its files to
//! the staged `meta.json` (signed again when the build signs). The previous
//! registry is held as one small snapshot per enterprise; the new one is
//! read shard by shard.

use crate::index::{self, read::read_checked, SIGNATURE_FILE};
use anyhow::Context;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use zhixin_core::changes::{
    diff, Change, ChangeKind, ChangeSet, PreviousBuild, Snapshot, CHANGES_DIR, CHANGES_VERSION,
};
use zhixin_core::{decode_records, Day, Meta};

/// The Atom feed's file name in the registry folder.
pub const FEED_FILE: &str = "changes.xml";
/// Record shards of the previous build decoded at once by the feed.
const OLD_SHARDS_AT_ONCE: usize = 64;

/// Builds the feed keeps by default (change files and feed entries).
pub const DEFAULT_KEEP: usize = 10;

/// What [`write_feed`] wrote.
#[derive(Clone, Debug)]
pub struct FeedSummary {
    /// The new change file, relative to the registry folder.
    pub file: String,
    pub build: u32,
    /// Whether there was a previous build to compare with.
    pub compared: bool,
    pub note: Option<String>,
    pub counts: BTreeMap<ChangeKind, u64>,
    /// Builds the feed now holds.
    pub builds: usize,
}

impl FeedSummary {
    /// One line for the build summary.
    pub fn line(&self) -> String {
        if !self.compared {
            return format!(
                "changes: none listed ({}); {FEED_FILE} has no entries",
                self.note.as_deref().unwrap_or("no previous build")
            );
        }
        let total: u64 = self.counts.values().sum();
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(k, n)| format!("{n} {}", k.id()))
            .collect();
        let detail = if parts.is_empty() {
            String::new()
        } else {
            format!(": {}", parts.join(", "))
        };
        format!(
            "changes since the previous build: {total}{detail} (in {} and {FEED_FILE})",
            self.file
        )
    }
}

/// The previous registry, opened before the build writes anything so that a
/// `--previous` folder that is not a registry fails the build at once.
pub struct Previous {
    dir: std::path::PathBuf,
    meta: Meta,
}

impl Previous {
    /// Opens `dir`'s `meta.json`: an error naming the folder when it is not
    /// a registry this zhixin reads.
    pub fn open(dir: &Path) -> anyhow::Result<Previous> {
        let meta = index::read::open(dir).with_context(|| {
            format!(
                "--previous {}: not a registry to compare with; give the folder of the previous build",
                dir.display()
            )
        })?;
        Ok(Previous {
            dir: dir.to_path_buf(),
            meta,
        })
    }

    /// The registry `out` serves now, if any: `None` with the reason when
    /// there is none or it cannot be read (an older format, a damaged
    /// `meta.json`); the feed then says so instead of failing the build.
    pub fn live(out: &Path) -> Result<Previous, String> {
        if !out.join("meta.json").exists() {
            return Err("no previous build in the output folder".into());
        }
        Previous::open(out).map_err(|e| format!("the previous build cannot be read: {e:#}"))
    }
}

/// Compares the staged build in `staging` with `previous`, writes the change
/// file, the kept change files of earlier builds (at most `keep` in all) and
/// `changes.xml` into `staging`, and lists them in its `meta.json`.
pub fn write_feed(
    staging: &Path,
    previous: Result<Previous, String>,
    keep: usize,
    sign: Option<&crate::Signer>,
) -> anyhow::Result<FeedSummary> {
    let keep = keep.max(1);
    let meta = index::read::open(staging)?;
    let as_of = meta.as_of.context("the staged build has no as_of date")?;
    let (mut set, earlier) = match previous {
        Ok(prev) => compare(staging, &meta, as_of, &prev)?,
        Err(note) => (
            ChangeSet {
                zhixin_changes: CHANGES_VERSION,
                build: 1,
                as_of,
                enterprises: meta.counts.enterprises,
                previous: None,
                note: Some(note),
                counts: BTreeMap::new(),
                changes: Vec::new(),
            },
            Vec::new(),
        ),
    };
    set.finish();
    let bytes = serde_json::to_vec(&set)?;
    let digest = index::family::name_digest(&bytes);
    let name = format!("{CHANGES_DIR}/{:05}-{digest}.json", set.build);
    let mut files: Vec<(String, Vec<u8>)> = vec![(name.clone(), bytes)];
    let mut sets = vec![set];
    for (path, bytes, s) in earlier.into_iter().take(keep - 1) {
        files.push((path, bytes));
        sets.push(s);
    }
    let feed = atom(&meta, &sets);
    files.push((FEED_FILE.to_string(), feed.into_bytes()));
    add_to_meta(staging, &files, sign)?;
    let set = &sets[0];
    Ok(FeedSummary {
        file: name,
        build: set.build,
        compared: set.previous.is_some(),
        note: set.note.clone(),
        counts: set.counts.clone(),
        builds: sets.len(),
    })
}

/// A kept change file: its path, bytes and content.
type Kept = (String, Vec<u8>, ChangeSet);

/// The changes from `prev` to the staged build, and the previous registry's
/// change files, newest first.
fn compare(
    staging: &Path,
    meta: &Meta,
    as_of: Day,
    prev: &Previous,
) -> anyhow::Result<(ChangeSet, Vec<Kept>)> {
    let old_as_of = prev.meta.as_of.unwrap_or(as_of);
    // The previous registry's change files, newest first.
    let mut earlier: Vec<Kept> = Vec::new();
    for path in prev.meta.files.keys() {
        if !(path.starts_with(&format!("{CHANGES_DIR}/")) && path.ends_with(".json")) {
            continue;
        }
        let bytes = read_checked(&prev.dir, &prev.meta, path).with_context(|| {
            format!("the previous build's change file in {}", prev.dir.display())
        })?;
        let s: ChangeSet = serde_json::from_slice(&bytes)
            .with_context(|| format!("{path} in {}: not a change file", prev.dir.display()))?;
        earlier.push((path.clone(), bytes, s));
    }
    earlier.sort_by_key(|k| std::cmp::Reverse(k.2.build));
    let previous_build = earlier.first().map_or(1, |k| k.2.build);
    // The previous build: one small snapshot per enterprise, gathered a few
    // dozen shards at a time (all shards' snapshots in a list and then in
    // the map would hold every snapshot twice).
    let paths = prev.meta.records.paths();
    let mut old: HashMap<String, Snapshot> =
        HashMap::with_capacity(prev.meta.counts.enterprises as usize);
    for group in paths.chunks(OLD_SHARDS_AT_ONCE) {
        let part = group
            .par_iter()
            .map(|p| -> anyhow::Result<Vec<(String, Snapshot)>> {
                let bytes = read_checked(&prev.dir, &prev.meta, p)
                    .with_context(|| format!("the previous build in {}", prev.dir.display()))?;
                let recs = decode_records(&bytes).map_err(|e| e.at(p))?;
                Ok(recs
                    .iter()
                    .map(|e| (e.uscc.clone(), Snapshot::of(e, old_as_of)))
                    .collect())
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        old.extend(part.into_iter().flatten());
    }
    // The new build, shard by shard.
    let per_shard = meta
        .records
        .paths()
        .par_iter()
        .map(|p| -> anyhow::Result<(Vec<Change>, Vec<String>)> {
            let bytes = read_checked(staging, meta, p)?;
            let recs = decode_records(&bytes).map_err(|e| e.at(p))?;
            let mut out = Vec::new();
            let mut seen = Vec::with_capacity(recs.len());
            for e in &recs {
                let new = Snapshot::of(e, as_of);
                diff(&e.uscc, old.get(&e.uscc), Some(&new), &mut out);
                seen.push(e.uscc.clone());
            }
            Ok((out, seen))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut changes = Vec::new();
    let mut seen: HashSet<String> = HashSet::with_capacity(old.len());
    for (c, s) in per_shard {
        changes.extend(c);
        seen.extend(s);
    }
    for (uscc, snap) in &old {
        if !seen.contains(uscc) {
            diff(uscc, Some(snap), None, &mut changes);
        }
    }
    let set = ChangeSet {
        zhixin_changes: CHANGES_VERSION,
        build: previous_build + 1,
        as_of,
        enterprises: meta.counts.enterprises,
        previous: Some(PreviousBuild {
            build: previous_build,
            as_of: prev.meta.as_of,
            enterprises: prev.meta.counts.enterprises,
        }),
        note: None,
        counts: BTreeMap::new(),
        changes,
    };
    Ok((set, earlier))
}

/// Writes `files` into `staging` and lists them in its `meta.json` with
/// their digests; signs the new `meta.json` when the build signs.
fn add_to_meta(
    staging: &Path,
    files: &[(String, Vec<u8>)],
    sign: Option<&crate::Signer>,
) -> anyhow::Result<()> {
    let mut meta = index::read::open(staging)?;
    for (name, bytes) in files {
        let p = staging.join(name);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
        meta.files
            .insert(name.clone(), index::family::name_digest(bytes));
    }
    let json = meta.to_json();
    if let Some(signer) = sign {
        let sig = staging.join(SIGNATURE_FILE);
        std::fs::write(&sig, signer.sign(json.as_bytes())?)
            .with_context(|| format!("cannot write {}", sig.display()))?;
    }
    let p = staging.join("meta.json");
    std::fs::write(&p, json).with_context(|| format!("cannot write {}", p.display()))
}

/// `s` with XML's special characters escaped (text and attribute values).
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (control characters in a cell).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A `urn:uuid:` IRI made from the digest of `key` (version 8, the
/// name-based custom form): the same key gives the same id in every build.
fn urn(key: &str) -> String {
    let mut d = zhixin_core::integrity::digest(key.as_bytes());
    d[6] = (d[6] & 0x0f) | 0x80;
    d[8] = (d[8] & 0x3f) | 0x80;
    let h = zhixin_core::integrity::to_hex(&d);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// What a change says, in the registry's language (Simplified Chinese).
pub fn describe(c: &Change) -> String {
    let list = c.list.map_or("", |l| l.label_zh());
    let scheme = c.scheme.map_or("", |s| s.label_zh());
    let grade = c.grade.as_deref().unwrap_or("");
    let prev = c.previous_grade.as_deref().unwrap_or("");
    let honour = c.honour.map_or("", |h| h.label_zh());
    let title = c.title.as_deref().unwrap_or("");
    let product = c.product.as_deref().unwrap_or("");
    match c.kind {
        ChangeKind::Added => "新收录".to_string(),
        ChangeKind::Removed => "不再收录".to_string(),
        ChangeKind::Listed => format!("列入{list}"),
        ChangeKind::Delisted => format!("移出{list}"),
        ChangeKind::ListingExpired => format!("{list}期满"),
        ChangeKind::GradeIssued => format!("{scheme}评为 {grade}"),
        ChangeKind::GradeChanged => format!("{scheme} {prev} → {grade}"),
        ChangeKind::GradeLapsed => format!("{scheme} {prev} 失效"),
        ChangeKind::HonourAwarded => format!("获{honour}：{title}"),
        ChangeKind::HonourExpired => format!("{honour}不再有效：{title}"),
        ChangeKind::SpotCheckFailed => format!("抽查不合格：{product}"),
        ChangeKind::SpotCheckPassed => format!("抽查合格：{product}"),
    }
}

/// The Atom feed (RFC 4287) of `sets`, newest first: one entry per change,
/// linking to the enterprise's page. Links are relative to the feed
/// (`registry/changes.xml` beside the app's `index.html`).
fn atom(meta: &Meta, sets: &[ChangeSet]) -> String {
    let info = &meta.registry;
    let title = if info.title.is_empty() {
        "质信查"
    } else {
        info.title.as_str()
    };
    let author = if info.publisher.is_empty() {
        title
    } else {
        info.publisher.as_str()
    };
    let feed_key = format!("zhixin feed\n{}\n{}", info.title, info.publisher);
    let stamp = |d: Day| format!("{d}T00:00:00+08:00");
    let newest = &sets[0];
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-Hans\">\n");
    x.push_str(&format!("  <id>{}</id>\n", urn(&feed_key)));
    x.push_str(&format!("  <title>{}：变动</title>\n", xml_escape(title)));
    let subtitle = match &newest.previous {
        Some(p) => format!(
            "第 {} 次构建（截至 {}）与第 {} 次构建相比；本订阅保留最近 {} 次构建的变动",
            newest.build,
            newest.as_of,
            p.build,
            sets.len()
        ),
        None => format!(
            "第 {} 次构建（截至 {}）：没有可比较的上一次构建，没有变动可列",
            newest.build, newest.as_of
        ),
    };
    x.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        xml_escape(&subtitle)
    ));
    x.push_str(&format!("  <updated>{}</updated>\n", stamp(newest.as_of)));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(author)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{FEED_FILE}\"/>\n"
    ));
    x.push_str("  <link rel=\"alternate\" type=\"text/html\" href=\"../?view=changes\"/>\n");
    x.push_str("  <generator>zhixin</generator>\n");
    for s in sets {
        for c in &s.changes {
            let what = describe(c);
            let key = format!(
                "{feed_key}\n{}\n{}",
                s.build,
                serde_json::to_string(c).unwrap_or_default()
            );
            x.push_str("  <entry>\n");
            x.push_str(&format!("    <id>{}</id>\n", urn(&key)));
            x.push_str(&format!(
                "    <title>{}：{}</title>\n",
                xml_escape(&c.name),
                xml_escape(&what)
            ));
            x.push_str(&format!("    <updated>{}</updated>\n", stamp(s.as_of)));
            x.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"../?e={}\"/>\n",
                xml_escape(&c.uscc)
            ));
            x.push_str(&format!("    <category term=\"{}\"/>\n", c.kind.id()));
            let on = c.on.map(|d| format!("（{d}）")).unwrap_or_default();
            x.push_str(&format!(
                "    <summary>{}{on}；统一社会信用代码 {}；第 {} 次构建，截至 {}</summary>\n",
                xml_escape(&what),
                xml_escape(&c.uscc),
                s.build,
                s.as_of
            ));
            x.push_str("  </entry>\n");
        }
    }
    x.push_str("</feed>\n");
    x
}

#[cfg(test)]
mod tests;
