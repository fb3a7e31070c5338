//! Notices: the demo-data mark, stale-data and offline banners, data errors
//! and loading skeletons.

use leptos::prelude::*;

use crate::components::dom::{el, el_class, host, Elem};
use crate::data::{DataError, Trust};
use crate::i18n::{fill, T};
use crate::state::Ctx;

/// The banners under the header: status as of another date than today
/// (`&asof=`), demo data, data older than the publisher's refresh interval,
/// offline, and a registry that could not be loaded.
#[component]
pub fn Banners() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        let mut div = el_class("div", "banners");
        // On a page as of another date, first and following the address (its
        // link back to today is the page shown now).
        ctx.nav.track_asof();
        if ctx.asof().is_some() {
            div = div.opt_child(crate::components::asof::banner(ctx, &ctx.nav.route()));
        }
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
                div = div.child(
                    el_class("p", "banner warn")
                        .attr("role", "note")
                        .text("⚠ ")
                        .text(&text),
                );
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                div = div.child(
                    el_class("p", "banner error")
                        .attr("role", "alert")
                        .text(ctx.t(T::NoRegistry))
                        .text(" (")
                        .text(&e.to_string())
                        .text(")"),
                );
            }
            None => {}
        }
        div = div
            .opt_child(trust_banner(ctx))
            .opt_child(refused_banner(ctx));
        if !ctx.online.get() {
            div = div.child(
                el_class("p", "banner warn")
                    .attr("role", "status")
                    .text(ctx.t(T::Offline)),
            );
        }
        host(div)
    }
}

/// The warning of a registry whose signature fails, or is missing when the
/// deployment pins a key: what it means and what to do, on every page.
fn trust_banner(ctx: Ctx) -> Option<Elem> {
    let (key, detail, key_id) = match ctx.trust.get()? {
        Trust::Failed { key_id, why } => (T::TrustFailed, Some(why), key_id),
        Trust::Unsigned { key_id } => (T::TrustUnsigned, None, key_id),
        _ => return None,
    };
    let mut p = el_class("p", "banner error trust")
        .attr("role", "alert")
        .child(el("strong").text("⚠ ").text(ctx.t(key)))
        .text(" ")
        .text(ctx.t(T::TrustWhat));
    if let Some(d) = detail {
        p = p.text(" (").text(&d);
        if !key_id.is_empty() {
            p = p
                .text("; ")
                .text(ctx.t(T::KeyId))
                .text(" ")
                .child(el("code").text(&key_id));
        }
        p = p.text(")");
    }
    Some(p)
}

/// Every file refused so far, named, on every page.
fn refused_banner(ctx: Ctx) -> Option<Elem> {
    let refused = ctx.refused.get();
    if refused.is_empty() {
        return None;
    }
    let mut list = el_class("ul", "refused-files");
    for p in &refused {
        list = list.child(el("li").child(el("code").text(p)));
    }
    Some(
        el_class("div", "banner error refused")
            .attr("role", "alert")
            .child(el("p").child(el("strong").text("⚠ ").text(ctx.t(T::RefusedFiles))))
            .child(list),
    )
}

/// A data error as a clear message naming the file; the rest of the page works.
pub fn data_error(ctx: Ctx, error: &DataError) -> Option<Elem> {
    let (key, file) = match error {
        DataError::Missing(p) => (T::ErrMissing, Some(p.clone())),
        DataError::Corrupt(p, why) => (T::ErrCorrupt, Some(format!("{p} — {why}"))),
        DataError::Refused(p) => (T::ErrRefused, Some(p.clone())),
        // Offline, a file the service worker has not cached: it was never opened here.
        DataError::Network(p) if !ctx.online.get_untracked() => (T::ErrOffline, Some(p.clone())),
        DataError::Network(p) => (T::ErrNetwork, Some(p.clone())),
        // Not a registry file: nothing to name.
        DataError::Module => (T::ErrModule, None),
        DataError::Aborted => return None,
    };
    let mut what = el("p").child(el("strong").text(ctx.t(key)));
    if let Some(file) = file {
        what = what.text(": ").child(el("code").text(&file));
    }
    Some(
        el_class("div", "note error")
            .attr("role", "alert")
            .child(what)
            .child(el("p").text(ctx.t(T::ErrRest))),
    )
}

/// Grey placeholder lines while data loads; announced once as "loading".
pub fn skeleton(lines: usize) -> Elem {
    let ctx = expect_context::<Ctx>();
    let mut div = el_class("div", "skeleton").attr("aria-busy", "true").child(
        el_class("span", "sr")
            .attr("role", "status")
            .text(ctx.t(T::Loading)),
    );
    // Their varied widths come from style/main.css, not a style attribute, which
    // the Content-Security-Policy (style-src without 'unsafe-inline') would refuse.
    for _ in 0..lines {
        div = div.child(el_class("div", "sk-line"));
    }
    div
}
