//! SVG bar charts drawn by the app (no chart library), each with the same
//! numbers in a table and a CSV download.
//!
//! Bars are horizontal so long Chinese category names fit at 360 px, and the
//! SVG is `aria-hidden` because the table beside it says the same thing.

use leptos::prelude::*;

use crate::components::dom::{h, hc, host, s, E};
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

// Integer coordinates: formatting floats into attributes would add float
// printing code to the wasm for no visible gain.
const ROW_H: i32 = 26;
const LABEL_W: i32 = 120;
const WIDTH: i32 = 480;

/// The chart block: title, SVG bars, the table behind a disclosure, and the CSV link.
pub fn bar_chart(ctx: Ctx, chart: &Chart) -> E {
    let height = (chart.rows.len() as i32 * ROW_H + 8).max(30);
    let bar_w = (WIDTH - LABEL_W - 64) as f64;
    let max = if chart.max > 0.0 { chart.max } else { 1.0 };
    let n = |v: i32| v.to_string();
    let mut svg = s("svg")
        .cls("chart")
        .at("viewBox", &format!("0 0 {WIDTH} {height}"))
        .at("aria-hidden", "true")
        .at("focusable", "false")
        .ch(s("line")
            .cls("axis")
            .at("x1", &n(LABEL_W))
            .at("x2", &n(LABEL_W))
            .at("y1", "0")
            .at("y2", &n(height)));
    let mut body = h("tbody");
    for (i, r) in chart.rows.iter().enumerate() {
        let y = i as i32 * ROW_H + 4;
        let w = ((r.value / max).clamp(0.0, 1.0) * bar_w).round() as i32;
        let label: String = if r.label.chars().count() > 9 {
            r.label.chars().take(8).chain(['…']).collect()
        } else {
            r.label.clone()
        };
        svg = svg
            .ch(s("text")
                .at("x", &n(LABEL_W - 6))
                .at("y", &n(y + 15))
                .at("text-anchor", "end")
                .tx(&label))
            .ch(s("rect")
                .cls("bar")
                .at("x", &n(LABEL_W))
                .at("y", &n(y + 3))
                .at("width", &n(w.max(1)))
                .at("height", &n(ROW_H - 8))
                .at("rx", "2"))
            .ch(s("text")
                .at("x", &n(LABEL_W + w + 4))
                .at("y", &n(y + 15))
                .tx(&r.value_text));
        let mut tr = h("tr").ch(h("th").at("scope", "row").tx(&r.label));
        for c in &r.cells {
            tr = tr.ch(hc("td", "num").tx(c));
        }
        body = body.ch(tr);
    }
    let mut head = h("tr");
    for c in &chart.columns {
        head = head.ch(h("th").at("scope", "col").tx(c));
    }
    let title_id = format!("{}-h", chart.id);
    let table = hc("div", "table-wrap").ch(h("table")
        .ch(hc("caption", "sr").tx(&chart.title))
        .ch(h("thead").ch(head))
        .ch(body));
    h("section")
        .cls("chart-block")
        .at("id", chart.id)
        .at("aria-labelledby", &title_id)
        .ch(h("h2").at("id", &title_id).tx(&chart.title))
        .ch(svg)
        .ch(h("details")
            .ch(h("summary").tx(ctx.t(T::ShowTable)))
            .ch(table))
        .ch(h("a")
            .cls("download")
            .at("href", &csv_data_url(&chart.to_csv()))
            .at("download", &format!("{}.csv", chart.id))
            .tx(ctx.t(T::DownloadCsv))
            .tx(" · ")
            .tx(&chart.title))
}

/// A chart as a component.
#[component]
pub fn BarChart(chart: Chart) -> impl IntoView {
    host(bar_chart(expect_context::<Ctx>(), &chart))
}
