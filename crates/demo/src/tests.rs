//! Tests of the demo generator: determinism, valid codes, distributions, and
//! ground truth that agrees with the tables it describes.

use super::ent::Generator;
use super::facts::{generate, Role};
use super::*;
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use zhixin_core::{uscc, CheckResult, HonourKind, ListKind, Status};

fn write(count: usize, seed: u64) -> (tempfile::TempDir, DemoSummary) {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = write_demo(dir.path(), &DemoOptions { count, seed }).expect("demo written");
    (dir, summary)
}

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).expect("inside").to_path_buf(),
                    std::fs::read(&p).expect("read"),
                );
            }
        }
    }
    out
}

/// A text table as records of strings (BOM stripped, GB18030 decoded).
fn text_table(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join(name)).expect("table exists");
    let text =
        if name.contains("名录.csv") || name.contains("名单.csv") || name.contains("信息.csv")
        {
            encoding_rs::GB18030.decode(&bytes).0.into_owned()
        } else {
            String::from_utf8(bytes).expect("utf-8")
        };
    let text = text.trim_start_matches('\u{feff}');
    let delim = if name.ends_with(".tsv") { b'\t' } else { b',' };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("record").iter().map(str::to_string).collect())
        .collect()
}

/// Every sheet of a workbook: (sheet, rows of cells as text).
fn workbook(dir: &Path, name: &str) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(dir.join(name)).expect("workbook opens");
    let mut out = Vec::new();
    for sheet in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&sheet).expect("sheet");
        let rows = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) => format!("{f}"),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect();
        out.push((sheet, rows));
    }
    out
}

/// Column index of the first header among `names` in a header row.
fn col(header: &[String], names: &[&str]) -> usize {
    header
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .unwrap_or_else(|| panic!("no column {names:?} in {header:?}"))
}

/// (code, name) of every enterprise row in the four enterprises tables.
fn enterprise_rows(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, header_at) in [
        ("enterprises.csv", 0),
        ("市场主体名录.csv", 2),
        ("enterprises-bom.csv", 0),
    ] {
        let t = text_table(dir, name);
        let h = &t[header_at];
        let (c, n) = (
            col(h, &["uscc", "统一社会信用代码"]),
            col(h, &["name", "企业名称", "名称"]),
        );
        for r in &t[header_at + 1..] {
            if r.len() > n && !r[c].is_empty() && r[c].len() == 18 {
                out.push((r[c].clone(), r[n].clone()));
            }
        }
    }
    for (_, rows) in workbook(dir, "企业名录.xlsx") {
        for r in &rows[3..] {
            if r.len() > 2 && r[1].len() == 18 {
                out.push((r[1].clone(), r[2].clone()));
            }
        }
    }
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_tables() {
    let (a, sa) = write(400, 7);
    let (b, _) = write(400, 7);
    let (c, _) = write(400, 8);
    let fa = files(a.path());
    assert!(
        fa.len() >= 20,
        "every table and truth file is written: {:?}",
        fa.keys()
    );
    assert_eq!(fa, files(b.path()), "same seed, same bytes (XLSX included)");
    assert_eq!(sa.files.len(), fa.len());
    assert_ne!(
        fa[Path::new("enterprises.csv")],
        files(c.path())[Path::new("enterprises.csv")]
    );
}

#[test]
fn every_code_is_valid_except_the_deliberately_bad_rows() {
    let (dir, summary) = write(3000, 1);
    let rows = enterprise_rows(dir.path());
    let bad: HashSet<String> = read_rejections(dir.path())
        .iter()
        .map(|r| r["value"].as_str().unwrap_or("").to_string())
        .collect();
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for (code, name) in &rows {
        if bad.contains(code) {
            continue;
        }
        assert!(uscc::is_valid(code), "{code} ({name}) is valid");
        assert!(
            codes.insert(code.clone()),
            "{code} appears once in the enterprises tables"
        );
        assert!(names.insert(name.clone()), "{name} names one enterprise");
    }
    // A few enterprises appear only in fact tables; every other one is listed once.
    assert!(
        codes.len() <= summary.enterprises && codes.len() >= summary.enterprises * 95 / 100,
        "{}",
        codes.len()
    );
    // Division digits carry a real province code, so the region can be derived.
    assert!(codes
        .iter()
        .all(|c| zhixin_core::region::province_of_uscc(c).is_some()));
    // Most organisation-code check characters are right; a few are not, as in real data.
    let mismatched = codes
        .iter()
        .filter(|c| uscc::validate(c).ok().flatten().is_some())
        .count();
    assert!(
        mismatched > 0 && mismatched < codes.len() / 20,
        "{mismatched} org-code mismatches"
    );
}

fn read_rejections(dir: &Path) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(".zhixin-truth/expected-rejections.json"))
            .expect("rejections written"),
    )
    .expect("json");
    v["rejections"].as_array().cloned().unwrap_or_default()
}

#[test]
fn names_and_authorities_are_fictional_and_marked() {
    let (dir, _) = write(600, 3);
    let reg: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("registry.json")).expect("registry.json"),
    )
    .expect("json");
    assert_eq!(reg["demo"], true);
    assert!(reg["publisher"]
        .as_str()
        .is_some_and(|p| p.contains("（虚构）")));
    assert!(reg["notice"]
        .as_str()
        .is_some_and(|p| p.contains("演示数据")));
    for (file, cols) in [
        ("listings.csv", &["listed_by"][..]),
        ("grades.csv", &["issued_by"][..]),
        ("honours.csv", &["awarded_by"][..]),
        ("spot_checks.csv", &["checked_by", "lab"][..]),
    ] {
        let t = text_table(dir.path(), file);
        for c in cols {
            let i = col(&t[0], &[c]);
            for r in &t[1..] {
                assert!(
                    r[i].ends_with("（虚构）") || r[i].is_empty() || r[i] == "/",
                    "{file} {c}: {}",
                    r[i]
                );
            }
        }
    }
}

#[test]
fn distributions_are_roughly_as_promised() {
    let as_of = demo_as_of();
    let mut gen = Generator::new(11, as_of);
    let n = 20_000;
    let (mut samples, mut fails, mut graded, mut expired_grades) = (0, 0, 0, 0);
    let mut listed: HashMap<ListKind, usize> = HashMap::new();
    let (mut removed, mut annulled, mut old_serious, mut honoured, mut abolished) = (0, 0, 0, 0, 0);
    let mut former = 0;
    for i in 0..n {
        let e = gen.next(i);
        former += usize::from(!e.former_names.is_empty());
        if Role::of(i).is_some() {
            continue;
        }
        let f = generate(&e, 11, as_of);
        samples += f.spot_checks.len();
        fails += f
            .spot_checks
            .iter()
            .filter(|s| s.result == CheckResult::Fail)
            .count();
        graded += usize::from(!f.grades.is_empty());
        expired_grades += f
            .grades
            .iter()
            .filter(|g| !zhixin_core::grade_current(g, as_of))
            .count();
        for l in &f.listings {
            *listed.entry(l.list).or_default() += 1;
            removed += usize::from(l.removed_on.is_some());
            // The flag the truth is computed with is what the table's text says.
            let says = l
                .removal_reason
                .as_deref()
                .is_some_and(|r| r.contains("撤销"));
            assert_eq!(l.annulled, says, "{l:?}");
            annulled += usize::from(l.annulled);
            old_serious += usize::from(
                l.list == ListKind::SeriousViolation
                    && l.listed_on.period_end_exclusive(3) <= as_of,
            );
        }
        honoured += usize::from(!f.honours.is_empty());
        abolished += f
            .honours
            .iter()
            .filter(|h| {
                let says = h.kind == HonourKind::FamousTrademark
                    || h.kind == HonourKind::BrandProduct && h.title.contains("中国名牌");
                assert_eq!(h.abolished, says, "{h:?}");
                h.abolished
            })
            .count();
    }
    let rate = fails as f64 / samples as f64;
    assert!(
        (0.10..0.15).contains(&rate),
        "spot-check failure rate {rate}"
    );
    for (list, lo, hi) in [
        (ListKind::AbnormalOperation, 0.025, 0.045),
        (ListKind::SeriousViolation, 0.01, 0.025),
        (ListKind::QualityBlacklist, 0.003, 0.01),
    ] {
        let r = listed.get(&list).copied().unwrap_or(0) as f64 / n as f64;
        assert!((lo..hi).contains(&r), "{list:?} rate {r}");
    }
    assert!(
        removed > 0 && annulled > 0 && old_serious > 0,
        "{removed} removed, {annulled} annulled, {old_serious} old"
    );
    assert!(annulled * 10 < removed, "annulments are few");
    assert!(
        (0.09..0.15).contains(&(graded as f64 / n as f64)),
        "graded {graded}"
    );
    assert!(
        expired_grades > graded / 3,
        "grade histories hold expired grades"
    );
    assert!((0.04..0.08).contains(&(honoured as f64 / n as f64)) && abolished > 0);
    assert!(
        (0.10..0.20).contains(&(former as f64 / n as f64)),
        "former names {former}"
    );
}

#[test]
fn look_alike_siblings_share_a_pinyin() {
    let mut gen = Generator::new(5, demo_as_of());
    let mut by_pinyin: HashMap<String, HashSet<String>> = HashMap::new();
    for i in 0..5000 {
        let e = gen.next(i);
        if let Some(p) = super::names::pinyin_full(&e.name) {
            by_pinyin.entry(p).or_default().insert(e.name.clone());
        }
    }
    let groups = by_pinyin.values().filter(|g| g.len() > 1).count();
    assert!(
        groups >= 50,
        "{groups} groups of different names with the same pinyin"
    );
}

#[test]
fn truth_agrees_with_the_tables() {
    let (dir, summary) = write(3000, 1);
    let dir = dir.path();
    let names: HashMap<String, String> = enterprise_rows(dir).into_iter().collect();
    let queries: Vec<serde_json::Value> =
        std::fs::read_to_string(dir.join(".zhixin-truth/queries.jsonl"))
            .expect("queries written")
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
    assert_eq!(queries.len(), summary.queries);
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    // Every cell of the honours and spot-check tables, where brands are published.
    let mut brand_cells: HashSet<String> = HashSet::new();
    for f in ["honours.csv", "spot_checks.csv", "食品安全监督抽检信息.csv"] {
        brand_cells.extend(text_table(dir, f).into_iter().flatten());
    }
    for f in [
        "荣誉名单.xlsx",
        "附件1 产品质量监督抽查合格产品名单.xlsx",
        "附件2 产品质量监督抽查不合格产品名单.xlsx",
    ] {
        brand_cells.extend(
            workbook(dir, f)
                .into_iter()
                .flat_map(|(_, rows)| rows.into_iter().flatten()),
        );
    }
    for q in &queries {
        let kind = q["kind"].as_str().expect("kind").to_string();
        let query = q["query"].as_str().expect("query");
        let expected: Vec<&str> = q["expected"]
            .as_array()
            .expect("expected")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert!(!expected.is_empty());
        *per_kind.entry(kind.clone()).or_default() += 1;
        let target = expected[0];
        assert!(uscc::is_valid(target));
        let name = names.get(target);
        match kind.as_str() {
            "code" => assert_eq!(query, target),
            "typo-code" => {
                assert!(!uscc::is_valid(query));
                assert!(uscc::one_substitution_away(query)
                    .iter()
                    .any(|c| c == target));
            }
            "exact-name" => {
                if let Some(name) = name {
                    assert_eq!(query, name);
                }
            }
            "partial-name" => {
                let n = query.chars().count();
                assert!((2..=4).contains(&n), "{query}");
                if let Some(name) = name {
                    assert!(
                        name.contains(query) && !name.starts_with(query),
                        "{query} in {name}"
                    );
                }
            }
            "pinyin-full" => {
                // Every expected name, the target first, reads the query up
                // to a syllable boundary.
                for code in &expected {
                    if let Some(other) = names.get(*code) {
                        let reads = (1..=8).any(|k| {
                            let head: String = other.chars().take(k).collect();
                            super::names::pinyin_full(&head).as_deref() == Some(query)
                        });
                        assert!(reads, "{other} reads {query}");
                    }
                }
            }
            "pinyin-initials" => {
                assert!(matches!(query.len(), 4 | 6));
                assert!(query.bytes().all(|b| b.is_ascii_lowercase()));
                for code in &expected {
                    if let Some(other) = names.get(*code) {
                        // From the name's start, or its trade name and
                        // industry word whole (after the place, to the form).
                        let head: String = other.chars().take(query.len()).collect();
                        let after = super::truth::trade_and_industry(other)
                            .and_then(super::names::pinyin_initials);
                        assert!(
                            super::names::pinyin_initials(&head).as_deref() == Some(query)
                                || after.as_deref() == Some(query),
                            "{query} fits {other}"
                        );
                    }
                }
            }
            "traditional" => {
                if let Some(name) = name {
                    assert_ne!(query, name);
                    assert_eq!(query.chars().count(), name.chars().count());
                }
            }
            "brand" => assert!(brand_cells.contains(query), "brand {query} is in a table"),
            "former-name" => assert!(
                !names.values().any(|n| n == query),
                "a former name is nobody's current name"
            ),
            "typo-name" => {
                assert!(!names.values().any(|n| n == query));
                if let Some(name) = name {
                    let (a, b) = (name.chars().count() as i64, query.chars().count() as i64);
                    assert!((a - b).abs() <= 1);
                }
            }
            other => panic!("unknown kind {other}"),
        }
    }
    for k in super::truth::KINDS {
        let n = per_kind.get(*k).copied().unwrap_or(0);
        assert!((150..=200).contains(&n), "{k}: {n} queries");
    }

    // Cases: one enterprise per status, in the enterprises table with that name.
    let cases: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(".zhixin-truth/cases.json")).expect("cases"),
    )
    .expect("json");
    for k in [
        "blacklisted",
        "caution",
        "expired_listing",
        "graded",
        "honoured",
        "xss",
    ] {
        let c = &cases[k];
        let code = c["uscc"].as_str().expect("uscc");
        assert_eq!(
            names.get(code).map(String::as_str),
            c["name"].as_str(),
            "{k}"
        );
    }
    assert!(cases["xss"]["name"]
        .as_str()
        .is_some_and(|n| n.contains("<script>")));
    assert_eq!(cases["blacklisted"]["expect"]["blacklisted"], true);
    assert_eq!(
        cases["graded"]["expect"]["grades"]
            .as_object()
            .map(|g| g.len()),
        Some(2)
    );

    // Expected statuses: the cases agree, and spot checks fail about 12% of the time.
    let status: HashMap<String, serde_json::Value> =
        std::fs::read_to_string(dir.join(".zhixin-truth/status.jsonl"))
            .expect("status written")
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
            .map(|v| (v["uscc"].as_str().unwrap_or("").to_string(), v))
            .collect();
    let blacklisted = &status[cases["blacklisted"]["uscc"].as_str().expect("uscc")];
    assert_eq!(blacklisted["blacklisted"], true);
    let expired = &status[cases["expired_listing"]["uscc"].as_str().expect("uscc")];
    assert_eq!(expired["listings"][0]["in_force"], false);
    assert!(
        status.len() > 300 && status.len() < 1200,
        "{} enterprises with statuses",
        status.len()
    );
    let totals: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join(".zhixin-truth/summary.json")).expect("summary"),
    )
    .expect("json");
    let rate = totals["failed_samples"].as_f64().unwrap_or(0.0)
        / totals["samples"].as_f64().unwrap_or(1.0);
    assert!((0.09..0.15).contains(&rate), "failure rate {rate}");
    assert_eq!(totals["enterprises"], 3000);

    // Expected rejections point at rows that hold the bad value.
    let rejections = read_rejections(dir);
    assert_eq!(rejections.len(), summary.expected_rejections);
    assert!(rejections.len() >= 10);
    for r in &rejections {
        let file = r["file"].as_str().expect("file");
        let row = r["row"].as_u64().expect("row") as usize;
        let value = r["value"].as_str().expect("value");
        let cells: Vec<String> = match r["sheet"].as_str() {
            None => text_table(dir, file)[row - 1].clone(),
            Some(sheet) => {
                let wb = workbook(dir, file);
                let rows = &wb.iter().find(|(s, _)| s == sheet).expect("sheet").1;
                rows[row - 1].clone()
            }
        };
        assert!(
            cells.iter().any(|c| c == value),
            "{file} row {row} holds {value}: {cells:?}"
        );
    }
}

#[test]
fn case_statuses_hold_for_months_around_the_as_of_date() {
    let as_of = demo_as_of();
    let mut gen = Generator::new(1, as_of);
    for i in 0..6u32 {
        let e = gen.next(i);
        let f = generate(&e, 1, as_of);
        let ent = zhixin_core::Enterprise {
            grades: f.grades,
            listings: f.listings,
            honours: f.honours,
            ..zhixin_core::Enterprise::default()
        };
        for shift in [-120, 0, 180, 300] {
            let st = Status::of(&ent, as_of.add_days(shift));
            match Role::of(i).expect("role") {
                Role::Blacklisted => assert!(st.blacklisted),
                Role::Caution | Role::Xss => assert!(!st.blacklisted && !st.cautions.is_empty()),
                Role::ExpiredListing => assert!(st.in_force.is_empty()),
                Role::Graded => assert_eq!(st.current_grades.len(), 2),
                Role::Honoured => assert!(st.current_honours >= 2),
            }
        }
    }
}

#[test]
fn paired_spot_check_workbooks_have_no_result_column_and_merge_multi_item_samples() {
    let (dir, _) = write(3000, 1);
    for (file, _) in [
        ("附件1 产品质量监督抽查合格产品名单.xlsx", "合格"),
        ("附件2 产品质量监督抽查不合格产品名单.xlsx", "不合格"),
    ] {
        for (_, rows) in workbook(dir.path(), file) {
            let header = &rows[4];
            assert!(
                header.iter().any(|h| h == "被抽样单位")
                    && header.iter().any(|h| h == "标称生产企业名称")
            );
            assert!(!header
                .iter()
                .any(|h| h.contains("结果") || h.contains("结论")));
            assert!(rows[3][0].starts_with("发布时间："));
        }
    }
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("附件2 产品质量监督抽查不合格产品名单.xlsx"))
            .expect("opens");
    let mut merged = 0;
    for sheet in wb.sheet_names().to_vec() {
        let regions = wb.merge_cells_by_sheet_name(&sheet).expect("merged cells");
        // 序号 (column 0) merged down over a sample's failed-item rows.
        merged += regions
            .iter()
            .filter(|d| d.start.1 == 0 && d.end.0 > d.start.0)
            .count();
    }
    assert!(
        merged > 0,
        "some samples with several failed items are merged down"
    );
}

#[test]
fn registration_numbers_have_valid_check_digits() {
    let mut rng = super::rng::Rng::for_item(1, 9, 9);
    for _ in 0..100 {
        let r = super::codes::registration_no(&mut rng, "350200");
        assert_eq!(r.len(), 15);
        // ISO 7064 MOD 11,10, checked the way the standard states it: the
        // running value over the 14 digits plus the check digit is 1 mod 10.
        let mut p = 10u32;
        let digits: Vec<u32> = r.bytes().map(|b| (b - b'0') as u32).collect();
        for d in &digits[..14] {
            let s = match (p % 11 + d) % 10 {
                0 => 10,
                s => s,
            };
            p = s * 2;
        }
        assert_eq!((p % 11 + digits[14]) % 10, 1, "{r}");
    }
}

#[test]
fn brand_characters_never_occur_in_names() {
    let alphabet: HashSet<char> = super::truth::name_alphabet().into_iter().collect();
    for c in super::vocab::BRAND_CHARS {
        assert!(
            !alphabet.contains(c),
            "brand character {c} is used in names"
        );
    }
    let pools = super::names::pools();
    let place: HashSet<char> = pools.places.iter().flatten().copied().collect();
    assert!(
        pools.core.iter().all(|(c, _)| !place.contains(c)),
        "core words never reuse place characters"
    );
    assert!(pools.places.len() >= 40);
}
