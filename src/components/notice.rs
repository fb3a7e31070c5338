//! Notices: the demo-data mark, stale-data and offline banners, data errors
//! and loading skeletons.

use leptos::prelude::*;

use crate::data::DataError;
use crate::i18n::{fill, T};
use crate::state::Ctx;

/// The banners under the header: demo data, data older than the publisher's
/// refresh interval, offline, and a registry that could not be loaded.
#[component]
pub fn Banners() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let info = move || ctx.info.get();
    view! {
        <div class="banners">
            {move || match info() {
                Some(Ok(i)) => {
                    let demo = i.demo.then(|| view! { <p class="banner demo" role="note"><strong>"演示数据 / demo data"</strong>" · "{ctx.t(T::Demo)}</p> });
                    let stale = i.is_stale(ctx.today).then(|| {
                        let text = fill(ctx.t(T::Stale), "n", &i.refresh_days.unwrap_or(0).to_string());
                        let text = fill(&text, "d", &i.as_of.map(|d| d.to_string()).unwrap_or_default());
                        view! { <p class="banner warn" role="note">"⚠ "{text}</p> }
                    });
                    view! { {demo}{stale} }.into_any()
                }
                Some(Err(e)) => view! { <p class="banner error" role="alert">{ctx.t(T::NoRegistry)}" ("{e.to_string()}")"</p> }.into_any(),
                None => ().into_any(),
            }}
            {move || (!ctx.online.get()).then(|| view! { <p class="banner warn" role="status">{ctx.t(T::Offline)}</p> })}
        </div>
    }
}

/// A data error as a clear message naming the file; the rest of the page works.
#[component]
pub fn DataErrorNote(error: DataError) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (key, file) = match &error {
        DataError::Missing(p) => (T::ErrMissing, p.clone()),
        DataError::Corrupt(p, why) => (T::ErrCorrupt, format!("{p} — {why}")),
        DataError::Network(p) => (T::ErrNetwork, p.clone()),
        DataError::Aborted => return ().into_any(),
    };
    view! {
        <div class="note error" role="alert">
            <p><strong>{move || ctx.t(key)}</strong>": "<code>{file}</code></p>
            <p>{move || ctx.t(T::ErrRest)}</p>
        </div>
    }
    .into_any()
}

/// Grey placeholder lines while data loads; announced once as "loading".
#[component]
pub fn Skeleton(#[prop(default = 3)] lines: usize) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="skeleton" aria-busy="true">
            <span class="sr" role="status">{move || ctx.t(T::Loading)}</span>
            {(0..lines).map(|i| view! { <div class="sk-line" style=format!("width:{}%", 92 - (i * 17) % 40)></div> }).collect_view()}
        </div>
    }
}
