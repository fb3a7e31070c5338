//! The quality report page, drawn from the build's aggregates.

use leptos::prelude::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <h1>"质量报告"</h1> }
}
