//! SVG bar charts drawn by the app (no chart library), each with the same
//! numbers in a table and a CSV download.
//!
//! Bars are horizontal so long Chinese category names fit at 360 px, and the
//! SVG is `aria-hidden` because the table beside it says the same thing.

use leptos::prelude::*;

use crate::components::dom::{el, el_class, host, svg_el, Elem};
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
pub fn bar_chart(ctx: Ctx, chart: &Chart) -> Elem {
    let height = (chart.rows.len() as i32 * ROW_H + 8).max(30);
    let bar_w = (WIDTH - LABEL_W - 64) as f64;
    let max = if chart.max > 0.0 { chart.max } else { 1.0 };
    let n = |v: i32| v.to_string();
    let mut svg = svg_el("svg")
        .class("chart")
        .attr("viewBox", &format!("0 0 {WIDTH} {height}"))
        .attr("aria-hidden", "true")
        .attr("focusable", "false")
        .child(
            svg_el("line")
                .class("axis")
                .attr("x1", &n(LABEL_W))
                .attr("x2", &n(LABEL_W))
                .attr("y1", "0")
                .attr("y2", &n(height)),
        );
    let mut body = el("tbody");
    for (i, r) in chart.rows.iter().enumerate() {
        let y = i as i32 * ROW_H + 4;
        let w = ((r.value / max).clamp(0.0, 1.0) * bar_w).round() as i32;
        let label: String = if r.label.chars().count() > 9 {
            r.label.chars().take(8).chain(['…']).collect()
        } else {
            r.label.clone()
        };
        svg = svg
            .child(
                svg_el("text")
                    .attr("x", &n(LABEL_W - 6))
                    .attr("y", &n(y + 15))
                    .attr("text-anchor", "end")
                    .text(&label),
            )
            .child(
                svg_el("rect")
                    .class("bar")
                    .attr("x", &n(LABEL_W))
                    .attr("y", &n(y + 3))
                    .attr("width", &n(w.max(1)))
                    .attr("height", &n(ROW_H - 8))
                    .attr("rx", "2"),
            )
            .child(
                svg_el("text")
                    .attr("x", &n(LABEL_W + w + 4))
                    .attr("y", &n(y + 15))
                    .text(&r.value_text),
            );
        let mut tr = el("tr").child(el("th").attr("scope", "row").text(&r.label));
        for c in &r.cells {
            tr = tr.child(el_class("td", "num").text(c));
        }
        body = body.child(tr);
    }
    let mut head = el("tr");
    for c in &chart.columns {
        head = head.child(el("th").attr("scope", "col").text(c));
    }
    let title_id = format!("{}-h", chart.id);
    let table = el_class("div", "table-wrap").child(
        el("table")
            .child(el_class("caption", "sr").text(&chart.title))
            .child(el("thead").child(head))
            .child(body),
    );
    el("section")
        .class("chart-block")
        .attr("id", chart.id)
        .attr("aria-labelledby", &title_id)
        .child(el("h2").attr("id", &title_id).text(&chart.title))
        .child(svg)
        .child(
            el("details")
                .child(el("summary").text(ctx.t(T::ShowTable)))
                .child(table),
        )
        .child(
            el("a")
                .class("download")
                .attr("href", &csv_data_url(&chart.to_csv()))
                .attr("download", &format!("{}.csv", chart.id))
                .text(ctx.t(T::DownloadCsv))
                .text(" · ")
                .text(&chart.title),
        )
}

/// A chart as a component.
#[component]
pub fn BarChart(chart: Chart) -> impl IntoView {
    host(bar_chart(expect_context::<Ctx>(), &chart))
}
