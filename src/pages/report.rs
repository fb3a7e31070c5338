//! `?view=report`: the quality report from the build's aggregates: spot-check
//! pass rate by product category, region and year, grade distribution per
//! scheme, listings in force. Each section is a `#fragment` permalink.

use leptos::prelude::*;

use crate::components::chart::{bar_chart, Chart, ChartRow};
use crate::components::dom::{el, el_class, host};
use crate::components::notice::{data_error, skeleton};
use crate::data::{self, PassRow, Stats};
use crate::i18n::{list_label, scheme_label, Lang, T};
use crate::nav::set_title;
use crate::route::Route;
use crate::state::Ctx;
use crate::text::percent;

/// A pass-rate chart from grouped spot checks.
fn pass_chart(lang: Lang, id: &'static str, title: T, group: T, rows: &[PassRow]) -> Chart {
    Chart {
        id,
        title: lang.t(title).into(),
        columns: vec![
            lang.t(group).into(),
            lang.t(T::Checked).into(),
            lang.t(T::Passed).into(),
            lang.t(T::PassRate).into(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let rate = if r.checked == 0 {
                    f64::NAN
                } else {
                    r.passed as f64 / r.checked as f64
                };
                ChartRow {
                    label: r.label.clone(),
                    value: if rate.is_finite() { rate } else { 0.0 },
                    value_text: percent(rate),
                    cells: vec![r.checked.to_string(), r.passed.to_string(), percent(rate)],
                }
            })
            .collect(),
        max: 1.0,
    }
}

/// A count chart.
fn count_chart(
    lang: Lang,
    id: &'static str,
    title: String,
    group: T,
    rows: Vec<(String, u64)>,
) -> Chart {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0) as f64;
    Chart {
        id,
        title,
        columns: vec![lang.t(group).into(), lang.t(T::Count).into()],
        rows: rows
            .into_iter()
            .map(|(label, n)| ChartRow {
                label,
                value: n as f64,
                value_text: n.to_string(),
                cells: vec![n.to_string()],
            })
            .collect(),
        max,
    }
}

/// Every chart of the report, in the page's order.
pub fn charts(lang: Lang, s: &Stats) -> Vec<Chart> {
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
            "pass-region",
            T::PassByRegion,
            T::Region,
            &s.by_region,
        ),
        pass_chart(lang, "pass-year", T::PassByYear, T::Date, &s.by_year),
    ];
    for (scheme, rows) in &s.grades {
        let id = match scheme {
            zhixin_core::Scheme::QualityIntegrity => "grades-quality-integrity",
            zhixin_core::Scheme::CreditRating => "grades-credit-rating",
            zhixin_core::Scheme::QualityCredit => "grades-quality-credit",
        };
        let title = format!(
            "{} · {}",
            lang.t(T::GradeDistribution),
            scheme_label(lang, *scheme)
        );
        out.push(count_chart(lang, id, title, T::CurrentGrade, rows.clone()));
    }
    let listings = s
        .listings
        .iter()
        .map(|(k, n)| (list_label(lang, *k).to_string(), *n))
        .collect();
    out.push(count_chart(
        lang,
        "listings",
        lang.t(T::ListingsInForce).into(),
        T::NavLists,
        listings,
    ));
    out.retain(|c| !c.rows.is_empty());
    out
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    Effect::new(move |_| set_title(ctx.t(T::ReportTitle)));
    let stats = LocalResource::new(data::stats);
    view! {
        <h1>{ctx.t(T::ReportTitle)}</h1>
        <p>{ctx.t(T::ReportIntro)}</p>
        {move || host(match stats.get() {
            None => skeleton(8),
            Some(Ok(Some(s))) => {
                let charts = charts(ctx.l(), &s);
                let mut toc = el_class("ul", "report-toc");
                let mut out = el("div");
                for c in &charts {
                    toc = toc.child(el("li").child(el("a").attr("href", &format!("{}#{}", ctx.href(&Route::Report), c.id)).text(&c.title)));
                }
                out = out.child(el("nav").attr("aria-label", ctx.t(T::ReportTitle)).child(toc));
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
