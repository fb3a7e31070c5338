//! `?view=report`: the quality report from the build's aggregates: spot-check
//! pass rate by product category, region and year, grade distribution per
//! scheme, listings in force. Each section is a `#fragment` permalink.

use leptos::prelude::*;

use crate::components::chart::{BarChart, Chart, ChartRow};
use crate::components::notice::{DataErrorNote, Skeleton};
use crate::data::{self, PassRow, Stats};
use crate::i18n::{list_label, scheme_label, Lang, T};
use crate::pages::enterprise::set_title;
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
        <h1>{move || ctx.t(T::ReportTitle)}</h1>
        <p>{move || ctx.t(T::ReportIntro)}</p>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                match stats.await {
                    Ok(Some(s)) => {
                        let lang = ctx.lang.get();
                        let charts = charts(lang, &s);
                        let toc = charts.iter().map(|c| view! { <li><a href=format!("{}?view=report#{}", ctx.base_path(), c.id)>{c.title.clone()}</a></li> }).collect_view();
                        let blocks = charts.into_iter().map(|c| view! { <BarChart chart=c/> }).collect_view();
                        // The section named in the address's #fragment, now that it exists.
                        request_animation_frame(scroll_to_hash);
                        view! { <nav aria-label=ctx.t(T::ReportTitle)><ul class="report-toc">{toc}</ul></nav>{blocks} }.into_any()
                    }
                    Ok(None) => view! { <p class="note">{ctx.t(T::NoStats)}</p> }.into_any(),
                    Err(e) => view! { <DataErrorNote error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
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
