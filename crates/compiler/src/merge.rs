//! Merging typed rows of every file into enterprises, keyed by USCC.
//!
//! Order matters and is fixed: first the enterprises tables (so their names
//! are the known names), then the facts with a USCC, then the rows that only
//! carry an old registration number or organisation code, which can only be
//! resolved once every enterprise and its secondary identifiers are known.
//! Within a pass, files go in path order and rows in sheet order, so a
//! build is deterministic.

use crate::record::{EnterpriseRow, Fact, Issue, RowResult, TableResult, Typed};
use crate::spill::{self, Entry, RowAt, ShardFile};
use crate::value::{name_chars, name_key, Ident};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHasher};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use zhixin_core::{Enterprise, Listing};

/// FxHash, not SipHash: the keys are codes and facts from the publisher's own
/// tables, not requests to a server, so flooding resistance buys nothing, and
/// merging a million rows spends much of its time hashing.
type FxBuild = FxBuildHasher;

/// The enterprises and, per file, how many accepted rows were duplicates.
pub struct Merged {
    pub enterprises: Vec<Enterprise>,
    pub duplicates: Vec<usize>,
}

/// Shards of the parallel merge: rows are grouped by a hash of their code,
/// so every row of one enterprise lands in the same shard.
pub(crate) const SHARDS: usize = 64;
// A row's shard travels as one byte.
const _: () = assert!(SHARDS <= 256);

/// A row on its way to a shard: its place in the sequential order (enterprises
/// tables first, then facts; files in path order, rows in order), its file,
/// its code and the row.
type Placed<'a> = (u32, usize, String, &'a mut Typed);

/// A shard's enterprises numbered: code → number, and each one's first row.
type Numbered = (HashMap<String, usize, FxBuild>, Vec<u32>);

pub(crate) fn shard_of_code(code: &str) -> usize {
    let mut h = FxHasher::default();
    h.write(code.as_bytes());
    (h.finish() % SHARDS as u64) as usize
}

/// Merges every accepted row; rows the merge cannot place become rejections
/// in `files` (so the report sees the final outcome of every row).
///
/// The enterprises come out in the order their first row has in the
/// sequential order, so the result is the same as merging one row after
/// another (see [`merge_with`]).
pub fn merge(files: &mut [Vec<TableResult>]) -> Merged {
    let mut parts: Vec<(Vec<u32>, Vec<Enterprise>)> = Vec::new();
    let duplicates = merge_with(files, &mut |first, es| {
        parts.push((first, es));
        Ok(())
    })
    .unwrap_or_default();
    // The enterprises in the order of their first row.
    let mut order: Vec<(u32, usize)> = parts
        .iter()
        .flat_map(|(first, _)| first.iter().copied())
        .enumerate()
        .map(|(i, f)| (f, i))
        .collect();
    order.par_sort_unstable();
    let mut all: Vec<Enterprise> = Vec::with_capacity(order.len());
    for (_, es) in parts {
        all.extend(es);
    }
    let mut from: Vec<u32> = order.into_iter().map(|(_, i)| i as u32).collect();
    permute(&mut all, &mut from);
    Merged {
        enterprises: all,
        duplicates,
    }
}

/// Shards merged at once by [`merge_with`]: each holds its enterprises
/// until `sink` has taken them.
fn shards_at_once() -> usize {
    rayon::current_num_threads().clamp(1, 8)
}

/// Merges every accepted row, handing the enterprises to `sink` a shard at
/// a time (with the place of each one's first row in the sequential order)
/// and freeing them: the merge never holds every enterprise. Returns, per
/// file, how many accepted rows were duplicates.
///
/// Rows are merged in parallel, one task per shard of codes; each shard sees
/// its rows in the sequential order. Rows known only by a registration
/// number or organisation code go to the enterprise that the first two
/// passes give that identifier (the first such enterprise in the order of
/// first rows), which is found from the rows before any enterprise is made.
pub fn merge_with(
    files: &mut [Vec<TableResult>],
    sink: &mut dyn FnMut(Vec<u32>, Vec<Enterprise>) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<usize>> {
    let nfiles = files.len();
    // Sized up front: two million rows, grown by doubling, would be copied
    // into fresh memory again and again.
    let rows: usize = files
        .iter()
        .flat_map(|tables| tables.iter().map(|t| t.rows.len()))
        .sum();
    let mut enterprise_rows: Vec<(usize, String, &mut Typed)> = Vec::with_capacity(rows);
    let mut fact_rows: Vec<(usize, String, &mut Typed)> = Vec::with_capacity(rows);
    let mut secondary_rows: Vec<(usize, &mut RowResult)> = Vec::new();
    for (fi, tables) in files.iter_mut().enumerate() {
        for t in tables.iter_mut() {
            for (_, res) in t.rows.iter_mut() {
                let is_uscc = matches!(
                    res,
                    Ok(Typed {
                        ident: Ident::Uscc(_),
                        ..
                    })
                );
                if !is_uscc {
                    if res.is_ok() {
                        secondary_rows.push((fi, res));
                    }
                    continue;
                }
                let Ok(typed) = res else { continue };
                let Ident::Uscc(code) =
                    std::mem::replace(&mut typed.ident, Ident::Uscc(String::new()))
                else {
                    continue;
                };
                if matches!(typed.fact, Fact::Enterprise(_)) {
                    enterprise_rows.push((fi, code, typed));
                } else {
                    fact_rows.push((fi, code, typed));
                }
            }
        }
    }
    let of: Vec<u8> = enterprise_rows
        .par_iter()
        .chain(fact_rows.par_iter())
        .map(|(_, code, _)| shard_of_code(code) as u8)
        .collect();
    let mut sizes = [0usize; SHARDS];
    for &s in &of {
        sizes[s as usize] += 1;
    }
    let mut shards: Vec<Vec<Placed>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    for (seq, ((fi, code, t), s)) in enterprise_rows
        .into_iter()
        .chain(fact_rows)
        .zip(of)
        .enumerate()
    {
        shards[s as usize].push((seq as u32, fi, code, t));
    }
    // Each shard numbers its enterprises in the order of their first row.
    let numbered: Vec<Numbered> = shards
        .par_iter()
        .map(|rows| {
            let mut index = HashMap::with_capacity_and_hasher(rows.len() / 2, FxBuild::default());
            let mut first = Vec::with_capacity(rows.len() / 2);
            for (seq, _, code, _) in rows {
                if !index.contains_key(code.as_str()) {
                    index.insert(code.clone(), first.len());
                    first.push(*seq);
                }
            }
            (index, first)
        })
        .collect();
    // The rows known by an old identifier, each to its shard and enterprise.
    let mut secondary: Vec<Vec<(usize, usize, &mut Typed)>> =
        (0..SHARDS).map(|_| Vec::new()).collect();
    if !secondary_rows.is_empty() {
        let found = secondary_targets(&shards, &numbered, &secondary_rows);
        for ((fi, res), target) in secondary_rows.into_iter().zip(found) {
            match target {
                Some((s, i)) => {
                    if let Ok(t) = res {
                        secondary[s].push((fi, i, t));
                    }
                }
                None => {
                    let Ok(t) = &*res else { continue };
                    let what = ident_kind(&t.ident);
                    let issue = Issue {
                        column: Some("uscc"),
                        value: Some(ident_text(&t.ident).to_string()),
                        reason: format!(
                            "no USCC; {what} not known: no enterprise in the registry carries this {what}; give the 18-character code"
                        ),
                    };
                    *res = Err(vec![issue]);
                }
            }
        }
    }
    let mut duplicates = vec![0; nfiles];
    let mut work: Vec<_> = shards
        .into_iter()
        .zip(numbered)
        .zip(secondary)
        .map(|((rows, (index, first)), sec)| (rows, index, first, sec))
        .collect();
    while !work.is_empty() {
        let rest = work.split_off(work.len().min(shards_at_once()));
        let done: Vec<(Vec<u32>, Vec<Enterprise>, Vec<usize>)> = std::mem::replace(&mut work, rest)
            .into_par_iter()
            .map(|(rows, index, first, sec)| {
                let mut enterprises = Vec::new();
                enterprises.resize_with(first.len(), Enterprise::default);
                let mut m = Merger {
                    enterprises: &mut enterprises,
                    first: first.into_iter().map(u128::from).collect(),
                    index,
                    // Growing a table of a million entries rehashes and moves
                    // it again and again; a shard has at most one fact per row.
                    seen: HashSet::with_capacity_and_hasher(rows.len(), FxBuild::default()),
                    duplicates: vec![0; nfiles],
                };
                for (seq, fi, code, t) in rows {
                    m.place(seq.into(), fi, code, t);
                }
                for (fi, i, t) in sec {
                    let code = m.enterprises[i].uscc.clone();
                    t.warnings.push(Issue {
                        column: Some("uscc"),
                        value: Some(ident_text(&t.ident).to_string()),
                        reason: format!(
                            "no USCC; matched by its {} to {code}",
                            ident_kind(&t.ident)
                        ),
                    });
                    m.place(u128::MAX, fi, code, t);
                }
                let Merger {
                    first, duplicates, ..
                } = m;
                // Row numbers of the sequential order fit in u32 here.
                let first = first.into_iter().map(|f| f as u32).collect();
                (first, enterprises, duplicates)
            })
            .collect();
        for (first, enterprises, dups) in done {
            for (d, n) in duplicates.iter_mut().zip(&dups) {
                *d += n;
            }
            sink(first, enterprises)?;
        }
    }
    Ok(duplicates)
}

/// A row known only by an old registration number or organisation code,
/// held in memory until the merge (a few per thousand rows): where it is
/// found depends on every shard.
pub(crate) struct Secondary {
    pub at: RowAt,
    pub typed: Typed,
}

/// What the merge of spilled rows tells the report: per file, how many
/// accepted rows were duplicates; the warnings it adds to rows (with their
/// order among the row's warnings, see [`MERGE_SUB`]); the rows it rejects.
pub(crate) struct MergeNotes {
    pub duplicates: Vec<usize>,
    pub warnings: Vec<(RowAt, u32, Issue)>,
    pub rejected: Vec<(RowAt, Vec<Issue>)>,
}

/// A spilled row's own warnings are numbered from 0 when it is read; the
/// ones the merge adds come after them, numbered from here.
pub(crate) const MERGE_SUB: u32 = 1 << 24;

/// [`merge_with`] for rows spilled to shard files (see `spill`): the same
/// enterprises, duplicates, warnings and rejections, with memory holding a
/// few shards' rows and enterprises at a time instead of every row.
///
/// A shard's rows are sorted back into the sequential order (files were
/// read in parallel) and merged as `merge_with` merges a shard; the rows
/// known by an old identifier (`secondary`) go to their enterprise's shard
/// after a first pass over the shards' headers finds it.
pub(crate) fn merge_spilled(
    mut shards: Vec<ShardFile>,
    forgotten: &[u32],
    mut secondary: Vec<Secondary>,
    nfiles: usize,
    sink: &mut dyn FnMut(Vec<Enterprise>) -> anyhow::Result<()>,
) -> anyhow::Result<MergeNotes> {
    secondary.sort_by_key(|s| s.at);
    let mut notes = MergeNotes {
        duplicates: vec![0; nfiles],
        warnings: Vec::new(),
        rejected: Vec::new(),
    };
    let mut per_shard: Vec<Vec<(Secondary, String)>> =
        (0..shards.len()).map(|_| Vec::new()).collect();
    if !secondary.is_empty() {
        let found = spilled_targets(&mut shards, forgotten, &secondary)?;
        for (s, target) in secondary.into_iter().zip(found) {
            match target {
                Some((shard, code)) => per_shard[shard].push((s, code)),
                None => {
                    let what = ident_kind(&s.typed.ident);
                    let issue = Issue {
                        column: Some("uscc"),
                        value: Some(ident_text(&s.typed.ident).to_string()),
                        reason: format!(
                            "no USCC; {what} not known: no enterprise in the registry carries this {what}; give the 18-character code"
                        ),
                    };
                    notes.rejected.push((s.at, vec![issue]));
                }
            }
        }
    }
    let mut work: Vec<(ShardFile, Vec<(Secondary, String)>)> =
        shards.into_iter().zip(per_shard).collect();
    while !work.is_empty() {
        let rest = work.split_off(work.len().min(shards_at_once()));
        let done: Vec<anyhow::Result<ShardDone>> = std::mem::replace(&mut work, rest)
            .into_par_iter()
            .map(|(file, sec)| merge_shard(file, forgotten, sec, nfiles))
            .collect();
        for d in done {
            let (enterprises, dups, warnings) = d?;
            for (d, n) in notes.duplicates.iter_mut().zip(&dups) {
                *d += n;
            }
            notes.warnings.extend(warnings);
            sink(enterprises)?;
        }
    }
    Ok(notes)
}

/// A shard merged: its enterprises, duplicates per file, warnings added.
type ShardDone = (Vec<Enterprise>, Vec<usize>, Vec<(RowAt, u32, Issue)>);

/// Merges one shard's spilled rows, then the rows known by an old
/// identifier that belong to its enterprises (each with its code).
fn merge_shard(
    mut file: ShardFile,
    forgotten: &[u32],
    sec: Vec<(Secondary, String)>,
    nfiles: usize,
) -> anyhow::Result<ShardDone> {
    let bytes = file.read()?;
    drop(file);
    let mut rows = spill::entries(&bytes)?;
    rows.retain(|e| !forgotten.contains(&e.at.file));
    rows.sort_unstable_by_key(Entry::key);
    let mut index = HashMap::with_capacity_and_hasher(rows.len() / 2, FxBuild::default());
    let mut first = Vec::with_capacity(rows.len() / 2);
    for e in &rows {
        if !index.contains_key(e.code) {
            index.insert(e.code.to_string(), first.len());
            first.push(e.key());
        }
    }
    let mut enterprises = Vec::new();
    enterprises.resize_with(first.len(), Enterprise::default);
    let mut m = Merger {
        enterprises: &mut enterprises,
        first,
        index,
        seen: HashSet::with_capacity_and_hasher(rows.len(), FxBuild::default()),
        duplicates: vec![0; nfiles],
    };
    let mut warnings = Vec::new();
    for e in &rows {
        let mut t = e.typed()?;
        m.place(e.key(), e.at.file as usize, e.code.to_string(), &mut t);
        for (k, w) in t.warnings.into_iter().enumerate() {
            warnings.push((e.at, MERGE_SUB + k as u32, w));
        }
    }
    drop(rows);
    drop(bytes);
    for (s, code) in sec {
        let Secondary { at, mut typed } = s;
        typed.warnings.push(Issue {
            column: Some("uscc"),
            value: Some(ident_text(&typed.ident).to_string()),
            reason: format!(
                "no USCC; matched by its {} to {code}",
                ident_kind(&typed.ident)
            ),
        });
        m.place(u128::MAX, at.file as usize, code, &mut typed);
        // Kept whole until now: its warnings from conversion come first.
        for (k, w) in typed.warnings.into_iter().enumerate() {
            warnings.push((at, k as u32, w));
        }
    }
    let duplicates = m.duplicates;
    Ok((enterprises, duplicates, warnings))
}

/// [`secondary_targets`] over the shard files: for each row known only by
/// an old identifier, the shard and code of the enterprise it belongs to.
fn spilled_targets(
    shards: &mut [ShardFile],
    forgotten: &[u32],
    secondary: &[Secondary],
) -> anyhow::Result<Vec<Option<(usize, String)>>> {
    let mut want_reg: HashSet<&str, FxBuild> = HashSet::default();
    let mut want_org: HashSet<&str, FxBuild> = HashSet::default();
    for s in secondary {
        match &s.typed.ident {
            Ident::RegNo(r) => {
                want_reg.insert(r);
            }
            Ident::OrgCode(o) => {
                want_org.insert(o);
            }
            Ident::Uscc(_) => {}
        }
    }
    // (first row, shard, code) of the enterprise that carries each wanted identifier.
    type Holder = (u128, usize, String);
    type Held = Vec<(String, Holder)>;
    let per_shard: Vec<anyhow::Result<(Held, Held)>> = shards
        .par_iter_mut()
        .enumerate()
        .map(|(s, f)| {
            let bytes = f.read()?;
            let mut rows = spill::entries(&bytes)?;
            rows.retain(|e| !forgotten.contains(&e.at.file));
            rows.sort_unstable_by_key(Entry::key);
            // Per code: its first row, and whether a row gave it an identifier yet.
            let mut seen: HashMap<&str, (u128, bool, bool), FxBuild> =
                HashMap::with_capacity_and_hasher(rows.len() / 2, FxBuild::default());
            let (mut regs, mut orgs) = (Vec::new(), Vec::new());
            for e in &rows {
                let h = seen.entry(e.code).or_insert((e.key(), false, false));
                if !h.1 {
                    if let Some(r) = e.registration_no {
                        h.1 = true;
                        if want_reg.contains(r) {
                            regs.push((r.to_string(), (h.0, s, e.code.to_string())));
                        }
                    }
                }
                if !h.2 {
                    if let Some(o) = e.org_code {
                        h.2 = true;
                        if want_org.contains(o) {
                            orgs.push((o.to_string(), (h.0, s, e.code.to_string())));
                        }
                    }
                }
            }
            Ok((regs, orgs))
        })
        .collect();
    let mut by_reg: HashMap<String, Holder, FxBuild> = HashMap::default();
    let mut by_org: HashMap<String, Holder, FxBuild> = HashMap::default();
    for held in per_shard {
        let (regs, orgs) = held?;
        for (k, h) in regs {
            let e = by_reg.entry(k).or_insert_with(|| h.clone());
            if h < *e {
                *e = h;
            }
        }
        for (k, h) in orgs {
            let e = by_org.entry(k).or_insert_with(|| h.clone());
            if h < *e {
                *e = h;
            }
        }
    }
    Ok(secondary
        .iter()
        .map(|s| {
            let found = match &s.typed.ident {
                Ident::RegNo(r) => by_reg.get(r.as_str()),
                Ident::OrgCode(o) => by_org.get(o.as_str()),
                Ident::Uscc(_) => None,
            };
            found.map(|(_, shard, code)| (*shard, code.clone()))
        })
        .collect())
}

/// For each row known only by an old identifier, the enterprise (shard,
/// number in the shard) it belongs to: the first enterprise, in the order
/// of first rows, that carries the identifier after the first two passes
/// (an enterprise's identifier is the one its first row giving one gives).
fn secondary_targets(
    shards: &[Vec<Placed>],
    numbered: &[Numbered],
    secondary_rows: &[(usize, &mut RowResult)],
) -> Vec<Option<(usize, usize)>> {
    let mut want_reg: HashSet<&str, FxBuild> = HashSet::default();
    let mut want_org: HashSet<&str, FxBuild> = HashSet::default();
    for (_, res) in secondary_rows {
        match res {
            Ok(Typed {
                ident: Ident::RegNo(r),
                ..
            }) => {
                want_reg.insert(r);
            }
            Ok(Typed {
                ident: Ident::OrgCode(o),
                ..
            }) => {
                want_org.insert(o);
            }
            _ => {}
        }
    }
    // (first row, shard, number) of the enterprise that carries each wanted identifier.
    type Holder = (u32, usize, usize);
    type Held = Vec<(String, Holder)>;
    let per_shard: Vec<(Held, Held)> = shards
        .par_iter()
        .zip(numbered)
        .enumerate()
        .map(|(s, (rows, (index, first)))| {
            let mut has_reg = vec![false; first.len()];
            let mut has_org = vec![false; first.len()];
            let (mut regs, mut orgs) = (Vec::new(), Vec::new());
            for (_, _, code, t) in rows {
                let Some(&i) = index.get(code.as_str()) else {
                    continue;
                };
                if !has_reg[i] {
                    if let Some(r) = &t.registration_no {
                        has_reg[i] = true;
                        if want_reg.contains(r.as_str()) {
                            regs.push((r.clone(), (first[i], s, i)));
                        }
                    }
                }
                if !has_org[i] {
                    if let Some(o) = &t.org_code {
                        has_org[i] = true;
                        if want_org.contains(o.as_str()) {
                            orgs.push((o.clone(), (first[i], s, i)));
                        }
                    }
                }
            }
            (regs, orgs)
        })
        .collect();
    let mut by_reg: HashMap<String, Holder, FxBuild> = HashMap::default();
    let mut by_org: HashMap<String, Holder, FxBuild> = HashMap::default();
    for (regs, orgs) in per_shard {
        for (k, h) in regs {
            let e = by_reg.entry(k).or_insert(h);
            *e = (*e).min(h);
        }
        for (k, h) in orgs {
            let e = by_org.entry(k).or_insert(h);
            *e = (*e).min(h);
        }
    }
    secondary_rows
        .iter()
        .map(|(_, res)| {
            let found = match res {
                Ok(Typed {
                    ident: Ident::RegNo(r),
                    ..
                }) => by_reg.get(r.as_str()),
                Ok(Typed {
                    ident: Ident::OrgCode(o),
                    ..
                }) => by_org.get(o.as_str()),
                _ => None,
            };
            found.map(|&(_, s, i)| (s, i))
        })
        .collect()
}

/// Reorders `v` in place so that `v[p]` becomes the old `v[from[p]]`
/// (`from` is a permutation), following each cycle with swaps; `from` is
/// used up.
fn permute<T>(v: &mut [T], from: &mut [u32]) {
    for start in 0..v.len().min(from.len()) {
        let mut p = start;
        loop {
            let q = from[p] as usize;
            from[p] = p as u32;
            if q == start || q >= v.len() {
                break;
            }
            v.swap(p, q);
            p = q;
        }
    }
}

fn ident_text(i: &Ident) -> &str {
    match i {
        Ident::Uscc(s) | Ident::RegNo(s) | Ident::OrgCode(s) => s,
    }
}

fn ident_kind(i: &Ident) -> &'static str {
    match i {
        Ident::RegNo(_) => "registration number",
        Ident::OrgCode(_) => "organisation code",
        Ident::Uscc(_) => "code",
    }
}

struct Merger<'e> {
    /// The shard's enterprises, numbered in the order of their first row.
    enterprises: &'e mut [Enterprise],
    /// Per enterprise, the place of its first row in the sequential order
    /// (a row number, or a `spill::merge_key`).
    first: Vec<u128>,
    index: HashMap<String, usize, FxBuild>,
    /// (enterprise, hash of the fact's identity) of every fact merged so far.
    seen: HashSet<(u32, u64), FxBuild>,
    duplicates: Vec<usize>,
}

impl Merger<'_> {
    /// Places an accepted row on the enterprise `code`; its first row
    /// (`seq`, see [`Placed`]) creates it.
    fn place(&mut self, seq: u128, file: usize, code: String, t: &mut Typed) {
        // Every code of the shard's rows was numbered, and a row matched by
        // a secondary identifier carries a numbered enterprise's code.
        let Some(&idx) = self.index.get(&code) else {
            return;
        };
        if self.first[idx] == seq {
            self.enterprises[idx] = Enterprise {
                uscc: code,
                name: std::mem::take(&mut t.name),
                ..Enterprise::default()
            };
        } else {
            self.check_name(idx, t);
        }
        let e = &mut self.enterprises[idx];
        if e.registration_no.is_none() {
            e.registration_no = t.registration_no.take();
        }
        if e.org_code.is_none() {
            e.org_code = t.org_code.take();
        }
        if e.region.is_none() {
            // An enterprises table's region, read before or after, takes precedence.
            e.region = t.region.take();
        }
        let fact = std::mem::replace(&mut t.fact, Fact::PartOfSample);
        let key = fact_key(&fact);
        let dup = key.is_some_and(|k| !self.seen.insert((idx as u32, k)));
        if dup {
            self.duplicates[file] += 1;
        }
        match fact {
            Fact::Enterprise(src) => {
                let src = *src;
                if dup {
                    fill_enterprise(e, src);
                } else {
                    let EnterpriseRow {
                        former_names,
                        industry,
                        address,
                        status,
                        established_on,
                        region,
                        source,
                    } = src;
                    for n in former_names {
                        push_name(e, n);
                    }
                    e.industry = industry.or(e.industry.take());
                    e.address = address.or(e.address.take());
                    e.status = status.or(e.status.take());
                    e.established_on = established_on.or(e.established_on);
                    e.region = region.or(e.region.take());
                    e.source = Some(source);
                }
            }
            Fact::Grade(g) if !dup => push_tight(&mut e.grades, *g),
            Fact::Listing(l) => {
                if dup {
                    // The same listing in two files: keep one, completed with what the other adds.
                    if let Some(x) = e
                        .listings
                        .iter_mut()
                        .find(|x| x.list == l.list && x.listed_on == l.listed_on)
                    {
                        complete_listing(x, *l);
                    }
                } else {
                    push_tight(&mut e.listings, *l);
                }
            }
            Fact::Honour(h) if !dup => {
                if let Some(b) = &h.brand {
                    push_brand(e, b);
                }
                push_tight(&mut e.honours, *h);
            }
            Fact::SpotCheck(s) if !dup => {
                if let Some(b) = &s.brand {
                    push_brand(e, b);
                }
                push_tight(&mut e.spot_checks, *s);
            }
            _ => {}
        }
    }

    /// A row naming the enterprise differently: warn and keep the name as a former or alternative name.
    fn check_name(&mut self, i: usize, t: &mut Typed) {
        if matches!(t.fact, Fact::PartOfSample) || t.name.is_empty() {
            return;
        }
        let e = &mut self.enterprises[i];
        if t.name == e.name {
            return;
        }
        let k = name_key(&t.name);
        if k == name_key(&e.name) {
            return;
        }
        let known = e.former_names.iter().any(|n| name_key(n) == k);
        t.warnings.push(Issue {
            column: Some("name"),
            value: Some(t.name.clone()),
            reason: format!(
                "name differs from the enterprise's known name '{}' for {}; kept as a former or alternative name",
                e.name, e.uscc
            ),
        });
        if !known {
            push_tight(&mut e.former_names, t.name.clone());
        }
    }
}

/// Pushes onto one of an enterprise's lists, growing it to one element
/// first, then doubling: most enterprises have one or two facts of a kind,
/// and the standard growth's first step (four elements; a spot check is
/// ~400 bytes) would leave most of a million lists' memory unused.
fn push_tight<T>(v: &mut Vec<T>, x: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(v.len().max(1));
    }
    v.push(x);
}

fn push_name(e: &mut Enterprise, n: String) {
    let k = name_key(&n);
    if k != name_key(&e.name) && !e.former_names.iter().any(|x| name_key(x) == k) {
        push_tight(&mut e.former_names, n);
    }
}

fn push_brand(e: &mut Enterprise, b: &str) {
    let k = name_key(b);
    if !k.is_empty() && !e.brands.iter().any(|x| name_key(x) == k) {
        push_tight(&mut e.brands, b.to_string());
    }
}

fn fill_enterprise(e: &mut Enterprise, src: EnterpriseRow) {
    for n in src.former_names {
        push_name(e, n);
    }
    e.industry = e.industry.take().or(src.industry);
    e.address = e.address.take().or(src.address);
    e.status = e.status.take().or(src.status);
    e.established_on = e.established_on.or(src.established_on);
    e.region = e.region.take().or(src.region);
    if e.source.is_none() {
        e.source = Some(src.source);
    }
}

fn complete_listing(x: &mut Listing, l: Listing) {
    if x.removed_on.is_none() {
        x.removed_on = l.removed_on;
    }
    if x.removal_reason.is_none() {
        // The flag goes with the reason it was read from.
        x.removal_reason = l.removal_reason;
        x.annulled = l.annulled;
        x.repaired = l.repaired;
    }
    if x.removed_by.is_none() {
        x.removed_by = l.removed_by;
    }
    if x.basis.is_none() {
        x.basis = l.basis;
    }
    if x.source.url.is_none() {
        x.source.url = l.source.url;
    }
    if x.source.document_no.is_none() {
        x.source.document_no = l.source.document_no;
    }
}

/// The identity of a fact, for counting duplicates: what makes two rows "the same fact".
fn fact_key(f: &Fact) -> Option<u64> {
    let mut h = FxHasher::default();
    let name = |s: &str, h: &mut FxHasher| {
        for c in name_chars(s) {
            h.write_u32(c as u32);
        }
        h.write_u8(0xFF);
    };
    match f {
        Fact::Enterprise(_) => 0u8.hash(&mut h),
        Fact::Grade(g) => (1u8, g.scheme, &g.grade, g.issued_on).hash(&mut h),
        Fact::Listing(l) => (2u8, l.list, l.listed_on).hash(&mut h),
        Fact::Honour(x) => {
            (3u8, x.kind, x.awarded_on).hash(&mut h);
            name(&x.title, &mut h);
        }
        Fact::SpotCheck(s) => {
            (4u8, s.published_on, &s.batch, &s.model, s.result).hash(&mut h);
            name(&s.product, &mut h);
        }
        Fact::PartOfSample => return None,
    }
    Some(h.finish())
}

#[cfg(test)]
mod tests;
