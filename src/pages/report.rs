//! `?view=report`: the quality report from the build's aggregates: the
//! overall spot-check pass rate with its counts and period; pass rates by
//! product category, industry, province, city, year and programme; listings
//! in force, grades and honours counted on the viewer's today (from the
//! aggregates' timeline, as the lists count them). Every chart has its table
//! and CSV; each section is a `#fragment` permalink; the page prints with
//! its dates.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhixin_core::{Count, Day, HonourKind, Level, ListKind, Scheme, Tally};

use crate::components::chart::{bar_chart, csv_data_url, Chart, ChartRow};
use crate::components::dom::{el, el_class, host, Elem};
use crate::components::notice::{data_error, skeleton};
use crate::data::{self, PassRow, Stats};
use crate::i18n::{fill, honour_label, level_label, list_label, scheme_label, Lang, T};
use crate::nav::set_title;
use crate::route::Route;
use crate::state::Ctx;
use crate::text::percent;

/// `n` with thousands separators (1,234).
fn grouped(n: u64) -> String {
    Count {
        at_least: n as usize,
        more: false,
    }
    .grouped()
}

/// `passed / checked`, NaN for no samples (shown as "–").
fn rate(r: &PassRow) -> f64 {
    if r.checked == 0 {
        f64::NAN
    } else {
        r.passed as f64 / r.checked as f64
    }
}

/// A pass-rate chart from grouped spot checks.
fn pass_chart(lang: Lang, id: &'static str, title: T, group: T, rows: &[PassRow]) -> Chart {
    Chart {
        id,
        title: lang.t(title).into(),
        columns: vec![
            lang.t(group).into(),
            lang.t(T::Checked).into(),
            lang.t(T::Passed).into(),
            lang.t(T::Failed).into(),
            lang.t(T::PassRate).into(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let rate = rate(r);
                ChartRow {
                    label: r.label.clone(),
                    value: if rate.is_finite() { rate } else { 0.0 },
                    value_text: percent(rate),
                    cells: vec![
                        r.checked.to_string(),
                        r.passed.to_string(),
                        (r.checked - r.passed.min(r.checked)).to_string(),
                        percent(rate),
                    ],
                }
            })
            .collect(),
        max: 1.0,
    }
}

/// A count chart: the bar is the first count, the table has them all.
fn count_chart(
    id: &'static str,
    title: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<u64>)>,
) -> Chart {
    let max = rows
        .iter()
        .filter_map(|r| r.1.first())
        .max()
        .copied()
        .unwrap_or(0) as f64;
    Chart {
        id,
        title,
        columns,
        rows: rows
            .into_iter()
            .map(|(label, n)| ChartRow {
                label,
                value: n.first().copied().unwrap_or(0) as f64,
                value_text: n.first().copied().map(grouped).unwrap_or_default(),
                cells: n.iter().map(|v| v.to_string()).collect(),
            })
            .collect(),
        max,
    }
}

/// The report's date-dependent counts on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// The day they hold on: the day asked for, or the build's date for a
    /// registry whose aggregates have no timeline.
    pub day: Option<Day>,
    /// Per list: listings in force, and enterprises listed (when known).
    pub listings: Vec<(ListKind, u64, Option<u64>)>,
    pub blacklisted: u64,
    pub cautioned: u64,
    /// Enterprises with a current grade, with a current honour (when known).
    pub graded: Option<u64>,
    pub honoured: Option<u64>,
    /// Per scheme, enterprises per current grade, best first.
    pub grades: Vec<(Scheme, Vec<(String, u64)>)>,
    pub honours: Vec<(HonourKind, u64)>,
    pub honour_levels: Vec<(Level, u64)>,
}

/// The date-dependent counts on `day` from the aggregates' timeline; the
/// build's own counts on its date when the registry has no timeline.
pub fn counts_on(s: &Stats, day: Day) -> DayCounts {
    let tl = &s.timeline;
    if tl.is_empty() {
        return DayCounts {
            day: s.as_of,
            listings: s.listings.iter().map(|(k, n)| (*k, *n, None)).collect(),
            blacklisted: s.blacklisted,
            cautioned: s.cautioned,
            graded: None,
            honoured: None,
            grades: s.grades.clone(),
            honours: s.honours.clone(),
            honour_levels: Vec::new(),
        };
    }
    let on = |t: Tally| tl.on(t, day);
    DayCounts {
        day: Some(day),
        listings: ListKind::ALL
            .iter()
            .map(|k| (*k, on(Tally::Listings(*k)), Some(on(Tally::Listed(*k)))))
            .collect(),
        blacklisted: on(Tally::Blacklisted),
        cautioned: on(Tally::Cautioned),
        graded: Some(on(Tally::Graded)),
        honoured: Some(on(Tally::Honoured)),
        // The schemes the build saw grades of, every grade of each.
        grades: s
            .grades
            .iter()
            .map(|(scheme, _)| {
                let rows = scheme
                    .grades()
                    .iter()
                    .enumerate()
                    .map(|(r, g)| (g.to_string(), on(Tally::Grade(*scheme, r as u8))))
                    .collect();
                (*scheme, rows)
            })
            .collect(),
        honours: HonourKind::ALL
            .iter()
            .map(|k| (*k, on(Tally::Honours(*k))))
            .filter(|(_, n)| *n > 0)
            .collect(),
        honour_levels: Level::ALL
            .iter()
            .map(|l| (*l, on(Tally::HonourLevel(*l))))
            .filter(|(_, n)| *n > 0)
            .collect(),
    }
}

/// Every chart of the report, in the page's order.
pub fn charts(lang: Lang, s: &Stats, c: &DayCounts) -> Vec<Chart> {
    let mut out = vec![
        pass_chart(
            lang,
            "pass-category",
            T::PassByCategory,
            T::Product,
            &s.by_category,
        ),
        pass_chart(
            lang,
            "pass-industry",
            T::PassByIndustry,
            T::Industry,
            &s.by_industry,
        ),
        pass_chart(
            lang,
            "pass-region",
            T::PassByRegion,
            T::Province,
            &s.by_region,
        ),
        pass_chart(lang, "pass-city", T::PassByCity, T::City, &s.by_city),
        pass_chart(lang, "pass-year", T::PassByYear, T::Year, &s.by_year),
        pass_chart(
            lang,
            "pass-programme",
            T::PassByProgramme,
            T::Programme,
            &s.by_programme,
        ),
    ];
    let listings = c
        .listings
        .iter()
        .map(|(k, n, e)| {
            let mut v = vec![*n];
            v.extend(*e);
            (list_label(lang, *k).to_string(), v)
        })
        .collect();
    let mut columns = vec![
        lang.t(T::NavLists).into(),
        lang.t(T::ListingsInForce).into(),
    ];
    if c.listings.iter().any(|l| l.2.is_some()) {
        columns.push(lang.t(T::Enterprises).into());
    }
    out.push(count_chart(
        "listings",
        lang.t(T::ListingsInForce).into(),
        columns,
        listings,
    ));
    for (scheme, rows) in &c.grades {
        let id = match scheme {
            Scheme::QualityIntegrity => "grades-quality-integrity",
            Scheme::CreditRating => "grades-credit-rating",
            Scheme::QualityCredit => "grades-quality-credit",
        };
        let title = format!(
            "{} · {}",
            lang.t(T::GradeDistribution),
            scheme_label(lang, *scheme)
        );
        let rows = rows.iter().map(|(g, n)| (g.clone(), vec![*n])).collect();
        let columns = vec![
            lang.t(T::CurrentGrade).into(),
            lang.t(T::Enterprises).into(),
        ];
        out.push(count_chart(id, title, columns, rows));
    }
    let honours = c
        .honours
        .iter()
        .map(|(k, n)| (honour_label(lang, *k).to_string(), vec![*n]))
        .collect();
    out.push(count_chart(
        "honours",
        lang.t(T::HonoursByKind).into(),
        vec![lang.t(T::Kind).into(), lang.t(T::CurrentHonours).into()],
        honours,
    ));
    let levels = c
        .honour_levels
        .iter()
        .map(|(l, n)| (level_label(lang, *l).to_string(), vec![*n]))
        .collect();
    out.push(count_chart(
        "honour-levels",
        lang.t(T::HonoursByLevel).into(),
        vec![lang.t(T::Level).into(), lang.t(T::CurrentHonours).into()],
        levels,
    ));
    out.retain(|c| !c.rows.is_empty());
    out
}

/// The headline: the overall pass rate with its counts and period, and the
/// status counts on the report's day, with the same figures as CSV.
fn overall(ctx: Ctx, s: &Stats, c: &DayCounts) -> Elem {
    let t = &s.total;
    let failed = t.checked - t.passed.min(t.checked);
    let counts = fill(
        &fill(
            &fill(ctx.t(T::OverallCounts), "p", &grouped(t.passed)),
            "n",
            &grouped(t.checked),
        ),
        "f",
        &grouped(failed),
    );
    let mut rows: Vec<(String, String)> = vec![
        (ctx.t(T::OverallPassRate).into(), percent(rate(t))),
        (ctx.t(T::Checked).into(), t.checked.to_string()),
        (ctx.t(T::Passed).into(), t.passed.to_string()),
        (ctx.t(T::Failed).into(), failed.to_string()),
    ];
    if let Some((a, b)) = s.period {
        rows.push((ctx.t(T::Period).into(), format!("{a} – {b}")));
    }
    let day = c.day.map(|d| d.to_string()).unwrap_or_default();
    let on_day = |k: T| format!("{} ({day})", ctx.t(k));
    rows.push((on_day(T::BlacklistedEnterprises), c.blacklisted.to_string()));
    rows.push((on_day(T::CautionedEnterprises), c.cautioned.to_string()));
    if let Some(n) = c.graded {
        rows.push((on_day(T::GradedEnterprises), n.to_string()));
    }
    if let Some(n) = c.honoured {
        rows.push((on_day(T::HonouredEnterprises), n.to_string()));
    }
    let mut dl = el_class("dl", "facts overall-facts");
    for (k, v) in rows.iter().skip(4) {
        dl = dl.child(el("dt").text(k)).child(el("dd").text(v));
    }
    let csv = crate::text::csv(
        &[ctx.t(T::Group), ctx.t(T::Count)],
        &rows
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect::<Vec<_>>(),
    );
    el("section")
        .class("chart-block overall")
        .attr("id", "overall")
        .attr("aria-labelledby", "overall-h")
        .child(
            el("h2")
                .attr("id", "overall-h")
                .text(ctx.t(T::OverallPassRate)),
        )
        .child(
            el_class("p", "headline")
                .attr("data-pass-rate", &percent(rate(t)))
                .child(el_class("b", "big-rate").text(&percent(rate(t))))
                .text(" ")
                .child(el_class("span", "overall-counts").text(&counts)),
        )
        .child(dl)
        .child(
            el("a")
                .class("download")
                .attr("href", &csv_data_url(&csv))
                .attr("download", "overall.csv")
                .text(ctx.t(T::DownloadCsv)),
        )
}

/// The report's dates and the print button.
fn dates(ctx: Ctx, s: &Stats, c: &DayCounts) -> Elem {
    let time = |d: Day| {
        el("time")
            .attr("datetime", &d.to_string())
            .text(&d.to_string())
    };
    let mut p = el_class("p", "report-dates small");
    if let Some(d) = s.as_of {
        p = p.text(ctx.t(T::AsOf)).text(" ").child(time(d)).text(" · ");
    }
    if let Some(d) = c.day {
        p = p
            .text(ctx.t(T::CountedOn))
            .text(" ")
            .child(time(d))
            .text(" · ");
    }
    p = p.text(ctx.t(T::ViewedOn)).text(" ").child(time(ctx.today));
    let print = el("button")
        .attr("type", "button")
        .class("print-report")
        .text(ctx.t(T::PrintReport))
        .on(
            "click",
            Box::new(|_| {
                open_tables();
                let _ = window().print();
            }),
        );
    el_class("div", "report-head").child(p).child(print)
}

/// Opens every table's disclosure, so a printed report has its numbers.
fn open_tables() {
    if let Ok(list) = document().query_selector_all("details") {
        for i in 0..list.length() {
            if let Some(n) = list.item(i) {
                if let Ok(e) = n.dyn_into::<web_sys::Element>() {
                    let _ = e.set_attribute("open", "");
                }
            }
        }
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    Effect::new(move |_| set_title(ctx.t(T::ReportTitle)));
    // Printing from the browser's menu opens the tables too.
    let on_print = window_event_listener(leptos::ev::beforeprint, |_| open_tables());
    on_cleanup(move || on_print.remove());
    let stats = LocalResource::new(data::stats);
    view! {
        <h1>{ctx.t(T::ReportTitle)}</h1>
        <p>{ctx.t(T::ReportIntro)}</p>
        {host(crate::components::asof::control(ctx))}
        {move || host(match stats.get() {
            None => skeleton(8),
            Some(Ok(Some(s))) => {
                let counts = counts_on(&s, ctx.day());
                let charts = charts(ctx.l(), &s, &counts);
                let mut toc = el_class("ul", "report-toc");
                let mut out = el("div").child(dates(ctx, &s, &counts));
                toc = toc.child(el("li").child(el("a").attr("href", &format!("{}#overall", ctx.href(&Route::Report))).text(ctx.t(T::OverallPassRate))));
                for c in &charts {
                    toc = toc.child(el("li").child(el("a").attr("href", &format!("{}#{}", ctx.href(&Route::Report), c.id)).text(&c.title)));
                }
                out = out.child(el("nav").attr("aria-label", ctx.t(T::ReportTitle)).child(toc));
                out = out.child(overall(ctx, &s, &counts));
                // The first charts now, the others one per task, so that no
                // single task blocks a phone's main thread for long.
                let mut rest = charts.into_iter();
                for c in rest.by_ref().take(FIRST_CHARTS) {
                    out = out.child(bar_chart(ctx, &c));
                }
                append_later(ctx, out.node().clone(), rest.collect());
                out
            }
            Some(Ok(None)) => el_class("p", "note").text(ctx.t(T::NoStats)),
            Some(Err(e)) => data_error(ctx, &e).unwrap_or_else(|| el("div")),
        })}
    }
}

/// How many charts the report draws in the task that loads its data.
const FIRST_CHARTS: usize = 1;

/// Appends `charts` to `parent` one per task, then scrolls to the section the
/// address's #fragment names, now that it exists.
fn append_later(ctx: Ctx, parent: web_sys::Element, mut charts: Vec<Chart>) {
    if charts.is_empty() {
        request_animation_frame(scroll_to_hash);
        return;
    }
    let next = charts.remove(0);
    set_timeout(
        move || {
            let _ = parent.append_child(bar_chart(ctx, &next).node());
            append_later(ctx, parent, charts);
        },
        std::time::Duration::ZERO,
    );
}

fn scroll_to_hash() {
    let hash = window().location().hash().unwrap_or_default();
    let id = hash.trim_start_matches('#');
    if !id.is_empty() {
        if let Some(el) = document().get_element_by_id(id) {
            el.scroll_into_view();
        }
    }
}

#[cfg(test)]
mod tests;
