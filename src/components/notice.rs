//! Notices: the demo-data mark, stale-data and offline banners, data errors
//! and loading skeletons.

use leptos::prelude::*;

use crate::components::dom::{h, hc, host, E};
use crate::data::DataError;
use crate::i18n::{fill, T};
use crate::state::Ctx;

/// The banners under the header: demo data, data older than the publisher's
/// refresh interval, offline, and a registry that could not be loaded.
#[component]
pub fn Banners() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        let mut div = hc("div", "banners");
        match ctx.info.get() {
            Some(Ok(i)) if i.is_stale(ctx.today) => {
                let text = fill(
                    ctx.t(T::Stale),
                    "n",
                    &i.refresh_days.unwrap_or(0).to_string(),
                );
                let text = fill(
                    &text,
                    "d",
                    &i.as_of.map(|d| d.to_string()).unwrap_or_default(),
                );
                div = div.ch(hc("p", "banner warn").at("role", "note").tx("⚠ ").tx(&text));
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                div = div.ch(hc("p", "banner error")
                    .at("role", "alert")
                    .tx(ctx.t(T::NoRegistry))
                    .tx(" (")
                    .tx(&e.to_string())
                    .tx(")"));
            }
            None => {}
        }
        if !ctx.online.get() {
            div = div.ch(hc("p", "banner warn")
                .at("role", "status")
                .tx(ctx.t(T::Offline)));
        }
        host(div)
    }
}

/// A data error as a clear message naming the file; the rest of the page works.
pub fn data_error(ctx: Ctx, error: &DataError) -> Option<E> {
    let (key, file) = match error {
        DataError::Missing(p) => (T::ErrMissing, Some(p.clone())),
        DataError::Corrupt(p, why) => (T::ErrCorrupt, Some(format!("{p} — {why}"))),
        DataError::Network(p) => (T::ErrNetwork, Some(p.clone())),
        // Not a registry file: nothing to name.
        DataError::Module => (T::ErrModule, None),
        DataError::Aborted => return None,
    };
    let mut what = h("p").ch(h("strong").tx(ctx.t(key)));
    if let Some(file) = file {
        what = what.tx(": ").ch(h("code").tx(&file));
    }
    Some(
        hc("div", "note error")
            .at("role", "alert")
            .ch(what)
            .ch(h("p").tx(ctx.t(T::ErrRest))),
    )
}

/// Grey placeholder lines while data loads; announced once as "loading".
pub fn skeleton(lines: usize) -> E {
    let ctx = expect_context::<Ctx>();
    let mut div = hc("div", "skeleton")
        .at("aria-busy", "true")
        .ch(hc("span", "sr").at("role", "status").tx(ctx.t(T::Loading)));
    for i in 0..lines {
        div = div.ch(hc("div", "sk-line").at("style", &format!("width:{}%", 92 - (i * 17) % 40)));
    }
    div
}
