//! Ground truth for evaluations and tests, written to `SRC/.zhixin-truth/`:
//! search queries with every equally good answer (`queries.jsonl`), one
//! enterprise of each status for the browser tests (`cases.json`), and the
//! rows the build must reject (`expected-rejections.json`).

use super::ent::{Ent, Generator, FORMER, STREAM_TRUTH};
use super::facts::{Facts, Role};
use super::names::{hash_str, pinyin_full, pinyin_initials, IdBuild};
use super::rng::Rng;
use super::vocab::{HOMOPHONES, INDUSTRIES, MODIFIERS, PLACE_FIRST, PLACE_SECOND, SUFFIXES};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use zhixin_core::{uscc, Day, Enterprise, Status};

/// A row the build must reject.
#[derive(Clone, Debug, Serialize)]
pub struct Rejection {
    pub file: String,
    pub sheet: Option<String>,
    /// The row a person sees (CSV: the record's number, header and captions included).
    pub row: u32,
    /// The contract's column name.
    pub column: String,
    /// The header as written in the file.
    pub header: String,
    pub value: String,
    /// Why (a short description, not the build's wording).
    pub reason: String,
}

impl Rejection {
    pub fn csv(
        file: &str,
        row: u32,
        column: &str,
        header: &str,
        value: &str,
        reason: &str,
    ) -> Rejection {
        Rejection {
            file: file.into(),
            sheet: None,
            row,
            column: column.into(),
            header: header.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }

    pub fn xlsx(
        file: &str,
        sheet: &str,
        row: u32,
        column: &str,
        header: &str,
        value: &str,
        reason: &str,
    ) -> Rejection {
        Rejection {
            sheet: Some(sheet.into()),
            ..Rejection::csv(file, row, column, header, value, reason)
        }
    }
}

/// The query kinds, in output order.
pub const KINDS: &[&str] = &[
    "code",
    "typo-code",
    "exact-name",
    "partial-name",
    "pinyin-full",
    "pinyin-initials",
    "traditional",
    "brand",
    "former-name",
    "typo-name",
];

/// One line of `queries.jsonl`.
#[derive(Clone, Debug, Serialize)]
pub struct Query {
    pub kind: &'static str,
    pub query: String,
    pub expected: Vec<String>,
}

/// Every current name, compactly.
#[derive(Default)]
struct NameStore {
    buf: String,
    ends: Vec<u32>,
}

impl NameStore {
    fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len() as u32);
    }
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
    }
    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// A reservoir sample of candidates for one query kind.
struct Reservoir {
    items: Vec<(u32, String)>,
    seen: u64,
    cap: usize,
    rng: Rng,
}

impl Reservoir {
    fn new(seed: u64, kind: usize, cap: usize) -> Reservoir {
        Reservoir {
            items: Vec::new(),
            seen: 0,
            cap,
            rng: Rng::for_item(seed, STREAM_TRUTH, kind as u64),
        }
    }
    fn offer(&mut self, idx: u32, extra: impl FnOnce() -> String) {
        self.seen += 1;
        if self.items.len() < self.cap {
            self.items.push((idx, extra()));
        } else {
            let j = self.rng.below(self.seen.min(usize::MAX as u64) as usize);
            if j < self.cap {
                self.items[j] = (idx, extra());
            }
        }
    }
    fn sorted(mut self) -> Vec<(u32, String)> {
        self.items.sort();
        self.items
    }
}

/// One enterprise of a status, for the browser tests.
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    pub uscc: String,
    pub name: String,
    /// What the page must show as of the demo's as-of date.
    pub expect: serde_json::Value,
}

/// `cases.json`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Cases {
    pub as_of: Option<Day>,
    pub note: &'static str,
    pub blacklisted: Option<Case>,
    pub caution: Option<Case>,
    pub expired_listing: Option<Case>,
    pub graded: Option<Case>,
    pub honoured: Option<Case>,
    pub xss: Option<Case>,
}

/// Collects what the truth files need while the tables are written.
pub struct Truth {
    seed: u64,
    per_kind: usize,
    usccs: Vec<[u8; 18]>,
    names: NameStore,
    res: Vec<Reservoir>,
    /// Brand → enterprises whose accepted rows carry it.
    brands: HashMap<String, Vec<u32>>,
    pub cases: Cases,
    pub rejections: Vec<Rejection>,
    as_of: Day,
    /// `status.jsonl`, written as enterprises are observed.
    status: Option<std::io::BufWriter<std::fs::File>>,
    /// Aggregates for `summary.json`.
    summary: Summary,
}

/// What the build's aggregates should say, as of the demo's as-of date.
#[derive(Debug, Default, Serialize)]
struct Summary {
    as_of: Option<Day>,
    enterprises: u64,
    /// Spot-check samples (a sample over several rows counts once) and failures.
    samples: u64,
    failed_samples: u64,
    /// Per publication year: [samples, failures].
    samples_by_year: std::collections::BTreeMap<i32, [u64; 2]>,
    /// Enterprises with an in-force listing, per list.
    listed_in_force: std::collections::BTreeMap<&'static str, u64>,
    blacklisted: u64,
    /// Current grades per scheme and grade.
    current_grades:
        std::collections::BTreeMap<&'static str, std::collections::BTreeMap<String, u64>>,
    current_honours: u64,
    listings: u64,
    grades: u64,
    honours: u64,
}

impl Truth {
    pub fn new(seed: u64, count: usize, as_of: Day) -> Truth {
        let per_kind = (count / 10).clamp(1, 200);
        let res = (0..KINDS.len())
            .map(|k| Reservoir::new(seed, k, per_kind * 3))
            .collect();
        Truth {
            seed,
            per_kind,
            usccs: Vec::with_capacity(count),
            names: NameStore::default(),
            res,
            brands: HashMap::new(),
            cases: Cases { as_of: Some(as_of), note: "演示数据 / demo data: fictional enterprises; statuses hold as of as_of and for months around it", ..Cases::default() },
            rejections: Vec::new(),
            as_of,
            status: None,
            summary: Summary { as_of: Some(as_of), ..Summary::default() },
        }
    }

    /// Starts `dir/status.jsonl`: the expected status of every enterprise
    /// with a listing, grade or honour (the others have none to get wrong).
    pub fn open_status(&mut self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join("status.jsonl");
        let f =
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        self.status = Some(std::io::BufWriter::with_capacity(1 << 16, f));
        Ok(())
    }

    /// Adds an enterprise's facts to the aggregates and its line to `status.jsonl`.
    fn status_of(&mut self, e: &Ent, facts: &Facts) -> Result<()> {
        let sm = &mut self.summary;
        sm.enterprises += 1;
        for s in &facts.spot_checks {
            let fail = s.result == zhixin_core::CheckResult::Fail;
            sm.samples += 1;
            sm.failed_samples += u64::from(fail);
            let y = sm.samples_by_year.entry(s.published_on.year()).or_default();
            y[0] += 1;
            y[1] += u64::from(fail);
        }
        if facts.listings.is_empty() && facts.grades.is_empty() && facts.honours.is_empty() {
            return Ok(());
        }
        sm.listings += facts.listings.len() as u64;
        sm.grades += facts.grades.len() as u64;
        sm.honours += facts.honours.len() as u64;
        let ent = Enterprise {
            grades: facts.grades.clone(),
            listings: facts.listings.clone(),
            honours: facts.honours.clone(),
            ..Enterprise::default()
        };
        let st = Status::of(&ent, self.as_of);
        for l in &st.in_force {
            *sm.listed_in_force.entry(l.id()).or_default() += 1;
        }
        sm.blacklisted += u64::from(st.blacklisted);
        sm.current_honours += st.current_honours as u64;
        let mut grades = serde_json::Map::new();
        for (scheme, &i) in &st.current_grades {
            let g = &ent.grades[i].grade;
            *sm.current_grades
                .entry(scheme.id())
                .or_default()
                .entry(g.clone())
                .or_default() += 1;
            grades.insert(scheme.id().to_string(), g.clone().into());
        }
        let listings: Vec<serde_json::Value> = ent
            .listings
            .iter()
            .map(|l| {
                serde_json::json!({
                    "list": l.list.id(),
                    "listed_on": l.listed_on,
                    "removed_on": l.removed_on,
                    "ends_on": zhixin_core::listing_ends_on(l),
                    "in_force": zhixin_core::listing_in_force(l, self.as_of),
                })
            })
            .collect();
        let line = serde_json::json!({
            "uscc": e.uscc,
            "blacklisted": st.blacklisted,
            "cautions": st.cautions.iter().map(|l| l.id()).collect::<Vec<_>>(),
            "grades": grades,
            "grade_history": ent.grades.len(),
            "listings": listings,
            "current_honours": st.current_honours,
            "honours": ent.honours.len(),
        });
        if let Some(w) = &mut self.status {
            serde_json::to_writer(&mut *w, &line)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Records enterprise `e` (number `e.idx`, in order) and its facts as
    /// written; `former_written` says whether its former names are in a table.
    pub fn observe(&mut self, e: &Ent, facts: &Facts, former_written: bool) -> Result<()> {
        debug_assert_eq!(self.names.len(), e.idx as usize);
        self.status_of(e, facts)?;
        self.names.push(&e.name);
        self.usccs
            .push(e.uscc.as_bytes().try_into().unwrap_or([b'0'; 18]));
        let mut brands: Vec<&String> = facts
            .honours
            .iter()
            .filter_map(|h| h.brand.as_ref())
            .collect();
        brands.extend(facts.spot_checks.iter().filter_map(|s| s.brand.as_ref()));
        brands.sort();
        brands.dedup();
        for b in &brands {
            self.brands.entry((*b).clone()).or_default().push(e.idx);
        }
        if let Some(role) = Role::of(e.idx) {
            return self.case(e, facts, role);
        }
        for (k, kind) in KINDS.iter().enumerate() {
            match *kind {
                "brand" => {
                    if let Some(b) = brands.first() {
                        self.res[k].offer(e.idx, || (*b).clone());
                    }
                }
                "former-name" => {
                    if former_written && !e.former_names.is_empty() {
                        let f = e.former_names[0].clone();
                        self.res[k].offer(e.idx, || f);
                    }
                }
                _ => self.res[k].offer(e.idx, String::new),
            }
        }
        Ok(())
    }

    fn case(&mut self, e: &Ent, facts: &Facts, role: Role) -> Result<()> {
        let ent = Enterprise {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            grades: facts.grades.clone(),
            listings: facts.listings.clone(),
            honours: facts.honours.clone(),
            spot_checks: facts.spot_checks.clone(),
            ..Enterprise::default()
        };
        let st = Status::of(&ent, self.as_of);
        let grades: serde_json::Map<String, serde_json::Value> = st
            .current_grades
            .iter()
            .map(|(s, &i)| {
                (
                    s.id().to_string(),
                    serde_json::Value::from(ent.grades[i].grade.clone()),
                )
            })
            .collect();
        let expect = serde_json::json!({
            "blacklisted": st.blacklisted,
            "cautions": st.cautions.iter().map(|l| l.id()).collect::<Vec<_>>(),
            "listings_in_force": st.in_force.iter().map(|l| l.id()).collect::<Vec<_>>(),
            "listings": ent.listings.len(),
            "grades": grades,
            "grade_history": ent.grades.len(),
            "current_honours": st.current_honours,
            "honours": ent.honours.len(),
        });
        let ok = match role {
            Role::Blacklisted => st.blacklisted,
            Role::Caution => !st.blacklisted && !st.cautions.is_empty(),
            Role::ExpiredListing => st.in_force.is_empty() && !ent.listings.is_empty(),
            Role::Graded => {
                st.current_grades.len() >= 2 && ent.grades.len() > st.current_grades.len()
            }
            Role::Honoured => st.current_honours > 0,
            Role::Xss => true,
        };
        anyhow::ensure!(
            ok,
            "demo case {role:?} ({}) does not have its status as of {}",
            e.uscc,
            self.as_of
        );
        let case = Some(Case {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            expect,
        });
        match role {
            Role::Blacklisted => self.cases.blacklisted = case,
            Role::Caution => self.cases.caution = case,
            Role::ExpiredListing => self.cases.expired_listing = case,
            Role::Graded => self.cases.graded = case,
            Role::Honoured => self.cases.honoured = case,
            Role::Xss => self.cases.xss = case,
        }
        Ok(())
    }

    fn uscc_of(&self, idx: u32) -> String {
        String::from_utf8_lossy(&self.usccs[idx as usize]).into_owned()
    }

    /// Builds the queries (after every enterprise was observed).
    pub fn queries(&mut self, gen: &Generator) -> Result<Vec<Query>> {
        let mut out = Vec::new();
        let res: Vec<Reservoir> = std::mem::take(&mut self.res);
        let mut by_kind: Vec<Vec<(u32, String)>> = res.into_iter().map(Reservoir::sorted).collect();
        let n = self.per_kind;
        let rng_for = |k: usize, idx: u32| {
            Rng::for_item(
                self.seed,
                STREAM_TRUTH,
                1000 + (k as u64) * (1 << 32) + idx as u64,
            )
        };

        for (k, &kind) in KINDS.iter().enumerate() {
            let items = std::mem::take(&mut by_kind[k]);
            match kind {
                "code" => {
                    for (idx, _) in items.iter().take(n) {
                        out.push(Query {
                            kind,
                            query: self.uscc_of(*idx),
                            expected: vec![self.uscc_of(*idx)],
                        });
                    }
                }
                "typo-code" => {
                    for (idx, _) in items.iter().take(n) {
                        let code = self.uscc_of(*idx);
                        let mut rng = rng_for(k, *idx);
                        let q = super::codes::substitute(&code, rng.below(18), &mut rng);
                        let mut expected = vec![code.clone()];
                        for c in uscc::one_substitution_away(&q) {
                            if c != code
                                && c.as_bytes()
                                    .try_into()
                                    .is_ok_and(|b: [u8; 18]| gen.codes.contains(&b))
                            {
                                expected.push(c);
                            }
                        }
                        out.push(Query {
                            kind,
                            query: q,
                            expected,
                        });
                    }
                }
                "exact-name" => {
                    for (idx, _) in items.iter().take(n) {
                        out.push(Query {
                            kind,
                            query: self.names.get(*idx as usize).to_string(),
                            expected: vec![self.uscc_of(*idx)],
                        });
                    }
                }
                "partial-name" => out.extend(self.partial(&items, n, k)),
                "pinyin-full" | "pinyin-initials" => {
                    let f = if kind == "pinyin-full" {
                        pinyin_full
                    } else {
                        pinyin_initials
                    };
                    // Place and core word (qdyk); where dozens of names share
                    // that reading, with the industry word too (qdyksp).
                    let first = self.pinyin(&items, n, kind, f, 4);
                    let used: HashSet<u32> = first.iter().map(|(i, _)| *i).collect();
                    let rest: Vec<(u32, String)> = items
                        .iter()
                        .filter(|(i, _)| !used.contains(i))
                        .cloned()
                        .collect();
                    let second = self.pinyin(&rest, n - first.len(), kind, f, 6);
                    let mut all: Vec<(u32, Query)> = first.into_iter().chain(second).collect();
                    all.sort_by_key(|(i, _)| *i);
                    out.extend(all.into_iter().map(|(_, q)| q));
                }
                "traditional" => out.extend(self.traditional(&items, n)?),
                "brand" => {
                    for (idx, brand) in items.iter().take(n) {
                        let mut expected = vec![self.uscc_of(*idx)];
                        for &o in self.brands.get(brand).map(Vec::as_slice).unwrap_or(&[]) {
                            if o != *idx {
                                expected.push(self.uscc_of(o));
                            }
                        }
                        out.push(Query {
                            kind,
                            query: brand.clone(),
                            expected,
                        });
                    }
                }
                "former-name" => {
                    for (idx, former) in items.iter().take(n) {
                        out.push(Query {
                            kind,
                            query: former.clone(),
                            expected: vec![self.uscc_of(*idx)],
                        });
                    }
                }
                "typo-name" => {
                    let alphabet = name_alphabet();
                    let mut done = 0;
                    for (idx, _) in &items {
                        if done == n {
                            break;
                        }
                        let mut rng = rng_for(k, *idx);
                        let name: Vec<char> = self.names.get(*idx as usize).chars().collect();
                        let Some(q) = typo(&name, &alphabet, &mut rng) else {
                            continue;
                        };
                        if gen.names.contains_key(&hash_str(&q)) {
                            continue;
                        }
                        let mut expected = vec![self.uscc_of(*idx)];
                        for o in within_one(&q, &alphabet, gen) {
                            let s = self.uscc_of(o);
                            if !expected.contains(&s) {
                                expected.push(s);
                            }
                        }
                        // A typo one edit from many names (a core character
                        // dropped) no longer points at anyone in particular.
                        if expected.len() > 5 {
                            continue;
                        }
                        out.push(Query {
                            kind,
                            query: q,
                            expected,
                        });
                        done += 1;
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Fragments of 2–4 characters after the place: the core word with or
    /// without the start of the industry word. Kept when at most three
    /// enterprises' names contain it (the target and its look-alikes).
    fn partial(&self, items: &[(u32, String)], n: usize, k: usize) -> Vec<Query> {
        // Candidate fragments per target, most preferred first.
        let mut cands: Vec<(u32, Vec<String>)> = Vec::new();
        let mut wanted: HashMap<u64, Vec<u32>, IdBuild> = HashMap::default();
        for (idx, _) in items {
            let chars: Vec<char> = self.names.get(*idx as usize).chars().collect();
            if chars.len() < 8 {
                continue;
            }
            let mut rng = Rng::for_item(
                self.seed,
                STREAM_TRUTH,
                5000 + k as u64 * (1 << 32) + *idx as u64,
            );
            let tail = &chars[2..];
            let mut frags: Vec<String> = vec![
                tail[..4].iter().collect(),
                tail[..3].iter().collect(),
                tail[..2].iter().collect(),
            ];
            let first = rng.below(3);
            frags.rotate_left(first);
            for f in &frags {
                wanted.entry(hash_str(f)).or_default();
            }
            cands.push((*idx, frags));
        }
        // One pass over every name's 2–4 character windows.
        for i in 0..self.names.len() {
            let name = self.names.get(i);
            let idx: Vec<usize> = name
                .char_indices()
                .map(|(p, _)| p)
                .chain([name.len()])
                .collect();
            for a in 0..idx.len() {
                for len in 2..=4 {
                    if a + len > idx.len() - 1 {
                        break;
                    }
                    let w = &name[idx[a]..idx[a + len]];
                    if let Some(v) = wanted.get_mut(&hash_str(w)) {
                        if v.len() < 8 && v.last() != Some(&(i as u32)) {
                            v.push(i as u32);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (idx, frags) in cands {
            if out.len() == n {
                break;
            }
            for f in frags {
                let holders = &wanted[&hash_str(&f)];
                if holders.len() <= 3 && holders.contains(&idx) {
                    let mut expected = vec![self.uscc_of(idx)];
                    expected.extend(
                        holders
                            .iter()
                            .filter(|&&o| o != idx)
                            .map(|&o| self.uscc_of(o)),
                    );
                    out.push(Query {
                        kind: "partial-name",
                        query: f,
                        expected,
                    });
                    break;
                }
            }
        }
        out
    }

    /// Pinyin (full or initials) of the place and core word, the part people
    /// type; every enterprise whose name reads the same up to a syllable
    /// boundary is an equally good answer.
    fn pinyin(
        &self,
        items: &[(u32, String)],
        n: usize,
        kind: &'static str,
        f: fn(&str) -> Option<String>,
        head: usize,
    ) -> Vec<(u32, Query)> {
        let key = |name: &str| -> Option<String> {
            let h: String = name.chars().take(head).collect();
            (h.chars().count() == head).then(|| f(&h)).flatten()
        };
        let mut wanted: HashMap<String, Vec<u32>> = HashMap::new();
        let mut targets = Vec::new();
        for (idx, _) in items {
            if let Some(k) = key(self.names.get(*idx as usize)) {
                wanted.entry(k.clone()).or_default();
                targets.push((*idx, k));
            }
        }
        // Every name whose reading starts with the query at a syllable
        // boundary is as good an answer: 柘屿安祥 (zhe yu an xiang) and
        // 柘垣祥… (zhe yuan xiang …) both read `zheyuanxiang`.
        let longest = wanted.keys().map(String::len).max().unwrap_or(0);
        let mut acc = String::new();
        for i in 0..self.names.len() {
            acc.clear();
            for c in self.names.get(i).chars() {
                let mut b = [0u8; 4];
                match f(c.encode_utf8(&mut b)) {
                    Some(p) => acc.push_str(&p),
                    None => break,
                }
                if acc.len() > longest {
                    break;
                }
                if let Some(v) = wanted.get_mut(&acc) {
                    v.push(i as u32);
                }
            }
        }
        // Initials also fit a name whose trade name and industry word (the
        // name after its place, up to its company form, 实业 and 厂 counted
        // with the form) read so whole: `lytc` is 菱原汰晨… from its start and
        // 岚垣天宸陶瓷 after its place alike. The second evaluation
        // (tests/eval2) accepts both readings by the same rule.
        if kind == "pinyin-initials" {
            for i in 0..self.names.len() {
                let name = self.names.get(i);
                let Some(after) = trade_and_industry(name) else {
                    continue;
                };
                if let Some(v) = f(after).and_then(|k| wanted.get_mut(&k)) {
                    if v.last() != Some(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (idx, k) in targets {
            if out.len() == n {
                break;
            }
            let holders = &wanted[&k];
            // Initials shared by dozens of names say little; such a query is left out.
            if holders.len() > 20 {
                continue;
            }
            let mut expected = vec![self.uscc_of(idx)];
            expected.extend(
                holders
                    .iter()
                    .filter(|&&o| o != idx)
                    .map(|&o| self.uscc_of(o)),
            );
            out.push((
                idx,
                Query {
                    kind,
                    query: k,
                    expected,
                },
            ));
        }
        out
    }

    /// The name in traditional characters (OpenCC s2t), when that changes it
    /// and folds back (t2s) to the same name.
    fn traditional(&self, items: &[(u32, String)], n: usize) -> Result<Vec<Query>> {
        use ferrous_opencc::{config::BuiltinConfig, OpenCC};
        let s2t =
            OpenCC::from_config(BuiltinConfig::S2t).context("loading the OpenCC s2t tables")?;
        let t2s =
            OpenCC::from_config(BuiltinConfig::T2s).context("loading the OpenCC t2s tables")?;
        let mut out = Vec::new();
        for (idx, _) in items {
            if out.len() == n {
                break;
            }
            let name = self.names.get(*idx as usize);
            let t = s2t.convert(name);
            if t != name && t2s.convert(&t) == name {
                out.push(Query {
                    kind: "traditional",
                    query: t,
                    expected: vec![self.uscc_of(*idx)],
                });
            }
        }
        Ok(out)
    }

    /// Writes the three truth files into `dir`.
    pub fn write(&mut self, dir: &Path, queries: &[Query]) -> Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        if let Some(mut w) = self.status.take() {
            w.flush().context("writing status.jsonl")?;
        }
        std::fs::write(
            dir.join("summary.json"),
            serde_json::to_string_pretty(&self.summary)? + "\n",
        )?;
        let path = dir.join("queries.jsonl");
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        for q in queries {
            serde_json::to_writer(&mut w, q)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        let cases = serde_json::to_string_pretty(&self.cases)? + "\n";
        std::fs::write(dir.join("cases.json"), cases)?;
        let rej = serde_json::json!({
            "note": "rows the build must reject: file, sheet (null for text files), row as seen, column (contract name), header as written",
            "rejections": self.rejections,
        });
        std::fs::write(
            dir.join("expected-rejections.json"),
            serde_json::to_string_pretty(&rej)? + "\n",
        )?;
        Ok(())
    }
}

/// Every character used in generated names (for typos and their neighbours).
pub fn name_alphabet() -> Vec<char> {
    let mut v: Vec<char> = HOMOPHONES.iter().flat_map(|g| g.chars()).collect();
    v.extend(PLACE_FIRST);
    v.extend(PLACE_SECOND);
    for i in INDUSTRIES {
        v.extend(i.words.iter().flat_map(|w| w.chars()));
    }
    v.extend(MODIFIERS.iter().flat_map(|w| w.chars()));
    v.extend(SUFFIXES.iter().flat_map(|w| w.0.chars()));
    v.sort();
    v.dedup();
    v
}

/// One substituted, missing or extra character after the place name.
fn typo(name: &[char], alphabet: &[char], rng: &mut Rng) -> Option<String> {
    if name.len() < 6 {
        return None;
    }
    let mut v = name.to_vec();
    let pos = 2 + rng.below(name.len() - 2);
    match rng.weighted(&[6, 2, 2]) {
        0 => {
            let c = *rng.pick(alphabet);
            if c == v[pos] {
                return None;
            }
            v[pos] = c;
        }
        1 => {
            v.remove(pos);
        }
        _ => v.insert(pos, *rng.pick(alphabet)),
    }
    Some(v.into_iter().collect())
}

/// The enterprises whose current or former name is one edit away from `q`.
fn within_one(q: &str, alphabet: &[char], gen: &Generator) -> Vec<u32> {
    let chars: Vec<char> = q.chars().collect();
    let mut found = Vec::new();
    let mut buf = String::with_capacity(q.len() + 4);
    let mut look = |buf: &String| {
        if let Some(&v) = gen.names.get(&hash_str(buf)) {
            let owner = v & !FORMER;
            if !found.contains(&owner) {
                found.push(owner);
            }
        }
    };
    // Rebuilds `buf` as `chars` with position `i` deleted, replaced or preceded by `c`.
    let build = |buf: &mut String, i: usize, c: Option<char>, insert: bool| {
        buf.clear();
        for (j, &x) in chars.iter().enumerate() {
            if j == i {
                if let Some(c) = c {
                    buf.push(c);
                }
                if !insert {
                    continue;
                }
            }
            buf.push(x);
        }
        if insert && i == chars.len() {
            if let Some(c) = c {
                buf.push(c);
            }
        }
    };
    for (i, &ch) in chars.iter().enumerate() {
        build(&mut buf, i, None, false);
        look(&buf);
        for &c in alphabet {
            if c != ch {
                build(&mut buf, i, Some(c), false);
                look(&buf);
            }
        }
    }
    for i in 0..=chars.len() {
        for &c in alphabet {
            build(&mut buf, i, Some(c), true);
            look(&buf);
        }
    }
    found.sort();
    found
}

/// A demo name after its two-character place, without its company form
/// (and 实业, which people leave out with it): 岚垣天宸陶瓷有限公司 → 天宸陶瓷.
pub(crate) fn trade_and_industry(name: &str) -> Option<&str> {
    let at = name.char_indices().nth(2)?.0;
    let mut rest = &name[at..];
    if let Some(suffix) = super::vocab::SUFFIXES
        .iter()
        .map(|s| s.0)
        .filter(|s| rest.ends_with(s))
        .max_by_key(|s| s.len())
    {
        rest = &rest[..rest.len() - suffix.len()];
    }
    let rest = rest.strip_suffix("实业").unwrap_or(rest);
    (rest.chars().count() >= 2).then_some(rest)
}
