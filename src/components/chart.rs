//! SVG bar charts drawn by the app (no chart library), each with the same
//! numbers in a table and a CSV download.
//!
//! Bars are horizontal so long Chinese category names fit at 360 px, and the
//! SVG is `aria-hidden` because the table beside it says the same thing.

use leptos::prelude::*;

use crate::i18n::T;
use crate::state::Ctx;
use crate::text::csv;

/// One chart: a label per row, a value that sets the bar's length, its text,
/// and the table's columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The section's id (a `#fragment` of the report page) and CSV file name.
    pub id: &'static str,
    pub title: String,
    /// Column headers of the table (the first is the label column).
    pub columns: Vec<String>,
    pub rows: Vec<ChartRow>,
    /// The largest value a bar can take (1.0 for rates).
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartRow {
    pub label: String,
    pub value: f64,
    /// The text at the end of the bar (e.g. `91.2%`).
    pub value_text: String,
    /// The table's cells after the label.
    pub cells: Vec<String>,
}

impl Chart {
    /// The chart's table as CSV.
    pub fn to_csv(&self) -> String {
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                std::iter::once(r.label.clone())
                    .chain(r.cells.iter().cloned())
                    .collect()
            })
            .collect();
        csv(&header, &rows)
    }
}

/// A `data:` URL for a CSV document (same origin; nothing is requested).
pub fn csv_data_url(csv: &str) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,");
    out.push_str(&String::from(js_sys::encode_uri_component(csv)));
    out
}

const ROW_H: f64 = 26.0;
const LABEL_W: f64 = 120.0;
const WIDTH: f64 = 480.0;

#[component]
pub fn BarChart(chart: Chart) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let height = (chart.rows.len() as f64 * ROW_H + 8.0).max(30.0);
    let bar_w = WIDTH - LABEL_W - 64.0;
    let max = if chart.max > 0.0 { chart.max } else { 1.0 };
    let bars = chart
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * ROW_H + 4.0;
            let w = (r.value / max).clamp(0.0, 1.0) * bar_w;
            let label: String = if r.label.chars().count() > 9 { r.label.chars().take(8).chain(['…']).collect() } else { r.label.clone() };
            view! {
                <g>
                    <text x=LABEL_W - 6.0 y=y + 15.0 text-anchor="end">{label}</text>
                    <rect class="bar" x=LABEL_W y=y + 3.0 width=w.max(1.0) height=ROW_H - 8.0 rx="2"></rect>
                    <text x=LABEL_W + w + 4.0 y=y + 15.0>{r.value_text.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let head = chart
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let body = chart
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.label.clone()}</th>
                    {r.cells.iter().map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let href = csv_data_url(&chart.to_csv());
    let file = format!("{}.csv", chart.id);
    let title_id = format!("{}-h", chart.id);
    let labelled_by = title_id.clone();
    view! {
        <section class="chart-block" id=chart.id aria-labelledby=labelled_by>
            <h2 id=title_id>{chart.title.clone()}</h2>
            <svg class="chart" viewBox=format!("0 0 {WIDTH} {height}") aria-hidden="true" focusable="false">
                <line class="axis" x1=LABEL_W x2=LABEL_W y1="0" y2=height></line>
                {bars}
            </svg>
            <details>
                <summary>{move || ctx.t(T::ShowTable)}</summary>
                <div class="table-wrap">
                    <table>
                        <caption class="sr">{chart.title.clone()}</caption>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </details>
            <a class="download" href=href download=file>{move || ctx.t(T::DownloadCsv)}" · "{chart.title.clone()}</a>
        </section>
    }
}
