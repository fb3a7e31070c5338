//! `zhixin demo`: writes a FICTIONAL registry's source tables (演示数据 / demo data).
//!
//! Deterministic: the same seed gives byte-identical files. Every table kind
//! and every encoding and layout of the data contract (source-lists.md) is
//! exercised: UTF-8 CSV with and without BOM, GB18030 with Chinese headers,
//! tab-separated text, XLSX with several sheets, title rows, footers, merged
//! cells and the many date formats. Names are assembled from syllables around
//! invented places; every authority is marked （虚构）.
//!
//! Besides the tables, `SRC/registry.json` describes the publisher, and
//! `SRC/.zhixin-truth/` holds the ground truth: search queries with their
//! expected answers, one enterprise of each status for the browser tests, and
//! the rows the build must reject; `status.jsonl` gives the expected status
//! (blacklisted, cautions, current grades, each listing in force or not) of
//! every enterprise with a listing, grade or honour as of the demo's as-of
//! date, and `summary.json` the aggregates the build's statistics should show.
//!
//! Rows are streamed to disk as they are generated, so a million enterprises
//! take seconds and modest memory; workbooks are capped at
//! [`tables::XLSX_CAP`] rows and the rest of a table stays in CSV.
//!
//! | file | kind | what it exercises |
//! |---|---|---|
//! | `enterprises.csv` | enterprises | UTF-8, canonical headers, ISO dates, `;` former names |
//! | `市场主体名录.csv` | enterprises | GB18030, Chinese headers, caption rows, 序号, 注册号 beside the code, `/` `-` placeholders, 注：/合计 footers |
//! | `enterprises-bom.csv` | enterprises | UTF-8 with BOM, `2024/3/1` dates, `、` former names |
//! | `企业名录.xlsx` | enterprises | three sheets, merged title rows, `统一社会\n信用代码` header, Excel dates, footers |
//! | `质量诚信等级评价结果.xlsx` | grades | a sheet per year, Chinese scheme names, `长期` validity |
//! | `信用等级评价名单.csv` | grades | GB18030, `2024年3月1日` dates |
//! | `quality-credit-grades.tsv` | grades | tab-separated, `2024.3.1` dates, `9999-12-31`/`9999-9-9` |
//! | `grades.csv` | grades | UTF-8 with BOM, canonical headers; duplicates of some workbook rows |
//! | `严重违法失信企业名单.xlsx` | listings | no `list` column (from the reason header), 列入/移出 sheets, (列入)/(移出) authorities, 注册号 |
//! | `严重违法失信名单（补充）.csv` | listings | list from the file name only, `2024.03.01` dates |
//! | `经营异常名录.csv` | listings | GB18030, list from 列入经营异常名录原因, `做出决定机关(列入)`, rows known only by 注册号 |
//! | `listings.csv` | listings | `list` column (ids and Chinese names), `2024-3-1` dates, removal and annulment |
//! | `honours.csv` | honours | canonical headers, `2024-03` month-precision dates |
//! | `荣誉名单.xlsx` | honours | sheets per kind, 认定年份 (a year), Excel serials, `20240301` numbers, 中国名牌 history |
//! | `spot_checks.csv` | spot_checks | `pass`/`fail`, all optional columns |
//! | `附件1 …合格产品名单.xlsx`, `附件2 …不合格产品名单.xlsx` | spot_checks | no result column, authority and date only in the caption, producer vs 被抽样单位, merged 序号 over failed items |
//! | `食品安全监督抽检信息.csv` | spot_checks | GB18030, 符合/不符合, 等级 as the food's grade, `20240301` dates |
//! | `spot-checks.tsv` | spot_checks | `P`/`F`, Excel serial numbers as text |
//!
//! A few enterprises appear only in fact tables; facts published before a
//! renaming carry the former name. The deliberately bad rows are listed in
//! `.zhixin-truth/expected-rejections.json`.

mod codes;
mod ent;
mod facts;
mod files;
mod names;
mod rng;
mod sink;
mod tables;
mod truth;
mod vocab;

use anyhow::{Context, Result};
use ent::{Ent, Generator, STREAM_ROUTE};
use facts::Role;
use files::Route;
use rng::Rng;
use serde::Serialize;
use std::path::Path;
use zhixin_core::Day;

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Number of enterprises.
    pub count: usize,
    /// Random seed: the same seed gives the same files.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> DemoOptions {
        DemoOptions {
            count: 3000,
            seed: 1,
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Serialize)]
pub struct DemoSummary {
    /// The date the demo's statuses are designed around (also in `registry.json`).
    pub as_of: Day,
    /// Enterprises in the registry the build will make (deliberately bad rows add none).
    pub enterprises: usize,
    /// Every file written, relative to the output folder, with its data rows.
    pub files: Vec<DemoFile>,
    /// Ground-truth queries written.
    pub queries: usize,
    /// Rows the build must reject.
    pub expected_rejections: usize,
}

/// One written file.
#[derive(Clone, Debug, Serialize)]
pub struct DemoFile {
    pub file: String,
    pub rows: u64,
}

/// The fixed date the demo's facts are arranged around: blacklisted, expired
/// and current facts are so as of this date and stay so for months around it.
pub fn demo_as_of() -> Day {
    Day::from_ymd(2026, 11, 22).unwrap_or_else(|| Day::from_epoch_days(0).expect("epoch is a date"))
}

/// The name of the enterprise whose name and listing carry HTML and script,
/// for the app's XSS test.
pub const XSS_NAME: &str = "演示<script>alert(\"xss\")</script>科技有限公司";

/// Publisher metadata (`SRC/registry.json`).
#[derive(Serialize)]
struct RegistryJson<'a> {
    title: &'a str,
    publisher: &'a str,
    correction_url: &'a str,
    repair_url: &'a str,
    refresh_days: u32,
    demo: bool,
    notice: &'a str,
    as_of: Day,
}

/// Writes the demo source folder `out` (created if missing).
pub fn write_demo(out: &Path, opts: &DemoOptions) -> Result<DemoSummary> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let as_of = demo_as_of();
    let seed = opts.seed;
    let mut gen = Generator::new(seed, as_of);
    let mut ent_files = tables::EnterpriseFiles::create(out)?;
    let mut fact_files = files::FactFiles::create(out, as_of)?;
    let mut truth = truth::Truth::new(seed, opts.count, as_of);
    let tdir = out.join(".zhixin-truth");
    truth.open_status(&tdir)?;
    // Two ordinary enterprises the deliberately bad rows refer to.
    let mut spare = Vec::new();

    for i in 0..opts.count {
        let idx = i as u32;
        let mut e = gen.next(idx);
        let role = Role::of(idx);
        if role == Some(Role::Xss) {
            e.name = XSS_NAME.to_string();
            gen.claim_name(&e.name, idx);
            e.former_names.clear();
            e.brand = None;
        }
        let mut facts = facts::generate(&e, seed, as_of);
        let mut rr = Rng::for_item(seed, STREAM_ROUTE, i as u64);
        let ent_route = rr.below(100);
        // A few enterprises appear only in fact tables: the build creates
        // them from the rows' names.
        let facts_only = role.is_none() && !facts.is_empty() && rr.chance(0.02);
        // Facts published before a renaming carry the former name, as old
        // lists do (the build warns and keeps it as an alternative name).
        let old = match e.former_names.last() {
            Some(f) if role.is_none() && !facts_only => {
                let renamed_on = as_of.add_days(-(30 + rr.below(1500) as i32));
                Some((
                    renamed_on,
                    Ent {
                        name: f.clone(),
                        ..e.clone()
                    },
                ))
            }
            _ => None,
        };
        let mut route = || {
            if role.is_some() {
                Route::Plain
            } else {
                Route::Random(rr.below(100))
            }
        };
        if role.is_some() {
            ent_files.write_csv(&e)?;
        } else if !facts_only {
            ent_files.write(&e, ent_route)?;
        }
        // Known by registration number: the table it went to has that column.
        let reg_known = e.registration_no.is_some()
            && !facts_only
            && !(70..80).contains(&ent_route)
            && role.is_none();
        let as_at = |on: Day| match &old {
            Some((renamed_on, o)) if on < *renamed_on => o,
            _ => &e,
        };
        for g in &facts.grades {
            fact_files.grade(as_at(g.issued_on), g, route())?;
        }
        for l in &facts.listings {
            let r = route();
            let by_reg = reg_known && matches!(r, Route::Random(x) if x % 7 == 0);
            fact_files.listing(as_at(l.listed_on), l, r, by_reg)?;
        }
        for h in &facts.honours {
            fact_files.honour(as_at(h.awarded_on), h, route())?;
        }
        for s in &mut facts.spot_checks {
            let on = s.published_on;
            fact_files.spot_check(as_at(on), s, route())?;
        }
        truth.observe(&e, &facts, !facts_only)?;
        if role.is_none() && !facts_only && spare.len() < 2 {
            spare.push(e);
        }
    }

    if let [a, b] = &spare[..] {
        let mut rng = Rng::for_item(seed, STREAM_ROUTE, u64::MAX);
        let wrong = codes::with_wrong_check(&gen.fresh_code(&mut rng));
        let code2 = gen.fresh_code(&mut rng);
        truth.rejections.extend(ent_files.bad_rows(&wrong, &code2)?);
        let reg = gen.unknown_reg_no(&mut rng);
        truth.rejections.extend(fact_files.bad_rows(a, b, &reg)?);
    }

    let mut files: Vec<DemoFile> = ent_files
        .finish()?
        .into_iter()
        .chain(fact_files.finish()?)
        .map(|(file, rows)| DemoFile { file, rows })
        .collect();

    let registry = RegistryJson {
        title: "质信查演示 registry · 质量信用档案（虚构）",
        publisher: "云澜市市场监督管理局（虚构）",
        correction_url: "https://example.org/zhixin-demo/corrections",
        repair_url: "https://example.org/zhixin-demo/credit-repair",
        refresh_days: 30,
        demo: true,
        notice: "演示数据 / demo data: all names and authorities are fictional",
        as_of,
    };
    let path = out.join("registry.json");
    let json = serde_json::to_string_pretty(&registry)? + "\n";
    std::fs::write(&path, json).with_context(|| format!("writing {}", path.display()))?;
    files.push(DemoFile {
        file: "registry.json".into(),
        rows: 0,
    });

    let queries = truth.queries(&gen)?;
    truth.write(&tdir, &queries)?;
    for f in [
        "queries.jsonl",
        "cases.json",
        "expected-rejections.json",
        "status.jsonl",
        "summary.json",
    ] {
        files.push(DemoFile {
            file: format!(".zhixin-truth/{f}"),
            rows: 0,
        });
    }
    Ok(DemoSummary {
        as_of,
        enterprises: opts.count,
        files,
        queries: queries.len(),
        expected_rejections: truth.rejections.len(),
    })
}

#[cfg(test)]
mod tests;
