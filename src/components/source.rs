//! A fact's source: the publisher's citation, document number and an
//! `http(s)` link; anything else is shown as text, never linked.

use leptos::prelude::*;
use zhixin_core::SourceView;

use crate::i18n::T;
use crate::state::Ctx;
use crate::text::safe_href;

#[component]
pub fn SourceLine(source: SourceView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let link = source
        .source_url
        .as_deref()
        .and_then(safe_href)
        .map(str::to_string);
    // A URL that is not http(s) stays visible as text so nothing is hidden.
    let unsafe_url = match (&source.source_url, &link) {
        (Some(u), None) => Some(u.clone()),
        _ => None,
    };
    view! {
        <p class="source">
            <span class="k">{move || ctx.t(T::Source)}": "</span>
            <span>{source.source.clone()}</span>
            {source.document_no.clone().map(|d| view! { " · " <span class="k">{move || ctx.t(T::DocumentNo)}": "</span><span>{d}</span> })}
            {link.map(|u| view! { " · " <a href=u rel="noopener noreferrer nofollow" target="_blank">{move || ctx.t(T::SourceLink)}</a> })}
            {unsafe_url.map(|u| view! { " · " <span class="raw">{u}</span> })}
        </p>
    }
}
