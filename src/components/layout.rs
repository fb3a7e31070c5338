//! The frame around every page: skip link, header with navigation, language
//! and theme switches, the demo/stale/offline banners, and the footer.
//!
//! Built with `components::dom` (see there for why); the header is rebuilt
//! when the page's section or the theme changes, which is cheap.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::dom::{el, el_class, event_value, focus_later, host, svg_el, Elem};
use crate::components::notice::Banners;
use crate::data::Trust;
use crate::i18n::{fill, Lang, T};
use crate::route::Route;
use crate::state::{Ctx, Theme};

/// Which navigation entry a route belongs to.
fn section(route: &Route) -> u8 {
    match route {
        Route::Search { .. } | Route::Enterprise(_) => 0,
        Route::Lists | Route::List { .. } => 1,
        Route::Report => 2,
        Route::About | Route::Changes => 3,
        Route::Check => 4,
        Route::Watch => 5,
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let current = Memo::new(move |_| section(&ctx.nav.route()));
    let top = move || {
        host(if ctx.embed {
            embed_header(ctx, &ctx.nav.route())
        } else {
            header(ctx, current.get(), effective_dark(ctx.theme.get()))
        })
    };
    let foot = move || {
        let f = footer(ctx);
        host(if ctx.embed {
            f.child(el("p").child(open_full(ctx, &ctx.nav.route(), ctx.t(T::OpenFull))))
        } else {
            f
        })
    };
    view! {
        {top}
        <main id="main" tabindex="-1">
            <Banners/>
            {children()}
        </main>
        {foot}
    }
}

/// A link to the full page of `route` in a new tab (from an embedded page).
pub fn open_full(ctx: Ctx, route: &Route, text: &str) -> Elem {
    new_tab_link(ctx, &ctx.full_href(route), "noopener", text)
}

/// A link that opens `href` in a new tab, marked as such: an arrow for the
/// eye and "(opens in a new tab)" for a screen reader.
pub fn new_tab_link(ctx: Ctx, href: &str, rel: &str, text: &str) -> Elem {
    el("a")
        .attr("href", href)
        .attr("target", "_blank")
        .attr("rel", rel)
        .text(text)
        .child(el("span").attr("aria-hidden", "true").text(" ↗"))
        .child(
            el_class("span", "sr")
                .text(" (")
                .text(ctx.t(T::NewTab))
                .text(")"),
        )
}

/// The compact frame of an embedded page: the name (opening the full page)
/// and the demo mark; no navigation, language or theme controls (the host
/// page sets `&lang=`, and the system's colour scheme applies).
fn embed_header(ctx: Ctx, route: &Route) -> Elem {
    el_class("header", "top embed-top").child(
        el_class("div", "top-in")
            .child(open_full(ctx, route, ctx.t(T::AppName)).class("brand"))
            .opt_child(demo_tag(ctx)),
    )
}

/// The 演示数据 / demo data mark, when the registry says it is demonstration data.
fn demo_tag(ctx: Ctx) -> Option<Elem> {
    let demo = ctx.info.get().and_then(|r| r.ok()).is_some_and(|i| i.demo);
    demo.then(|| {
        el_class("span", "demo-tag")
            .attr("title", ctx.t(T::Demo))
            .text(ctx.t(T::DemoShort))
            .child(
                el_class("span", "sr")
                    .text(" / demo data: ")
                    .text(ctx.t(T::Demo)),
            )
    })
}

fn header(ctx: Ctx, current: u8, dark: bool) -> Elem {
    let skip = el("a")
        .class("skip")
        .attr("href", "#main")
        .text(ctx.t(T::SkipToContent))
        .on(
            "click",
            Box::new(|ev| {
                // A plain `#main` link would resolve against <base href> and leave the page.
                ev.prevent_default();
                if let Some(el) = document()
                    .get_element_by_id("main")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            }),
        );
    let logo = svg_el("svg")
        .class("logo")
        .attr("viewBox", "0 0 24 24")
        .attr("width", "24")
        .attr("height", "24")
        .attr("aria-hidden", "true")
        .child(
            svg_el("path")
                .attr("d", "M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6z")
                .attr("fill", "currentColor")
                .attr("opacity", ".2"),
        )
        .child(
            svg_el("path")
                .attr("d", "m8 12 3 3 5-6")
                .attr("fill", "none")
                .attr("stroke", "currentColor")
                .attr("stroke-width", "2.2")
                .attr("stroke-linecap", "round")
                .attr("stroke-linejoin", "round"),
        );
    let brand = el_class("a", "brand")
        .attr("href", &ctx.href(&Route::default()))
        .child(logo)
        .child(el("span").text(ctx.t(T::AppName)));

    let mut select = el_class("select", "lang").attr("id", "lang").on(
        "change",
        Box::new(move |ev| {
            if let Some(l) = Lang::parse(&event_value(&ev)) {
                ctx.lang.set(l);
                // The page is re-rendered in the new language; keep the keyboard where it was.
                focus_later("lang");
            }
        }),
    );
    for l in Lang::ALL {
        let mut o = el("option")
            .attr("value", l.tag())
            .attr("lang", l.tag())
            .text(l.native_name());
        if l == ctx.l() {
            o = o.attr("selected", "");
        }
        select = select.child(o);
    }
    let theme = el("button")
        .attr("type", "button")
        .attr("id", "theme")
        .class("theme")
        .attr("aria-pressed", if dark { "true" } else { "false" })
        .attr("title", ctx.t(T::ThemeToggle))
        .child(
            el("span")
                .attr("aria-hidden", "true")
                .text(if dark { "☾" } else { "☀" }),
        )
        .child(el_class("span", "sr").text(ctx.t(T::ThemeToggle)))
        .on(
            "click",
            Box::new(move |_| {
                ctx.theme.set(if dark { Theme::Light } else { Theme::Dark });
                focus_later("theme");
            }),
        );
    let tools = el_class("div", "tools")
        .child(
            el_class("label", "sr")
                .attr("for", "lang")
                .text(ctx.t(T::Language)),
        )
        .child(select)
        .child(theme);

    let mut nav = el_class("nav", "nav").attr("aria-label", ctx.t(T::Tagline));
    for (i, key, route) in [
        (0u8, T::NavSearch, Route::default()),
        (1, T::NavLists, Route::Lists),
        (2, T::NavReport, Route::Report),
        (4, T::NavCheck, Route::Check),
        (5, T::NavWatch, Route::Watch),
        (3, T::NavAbout, Route::About),
    ] {
        let mut a = el("a").attr("href", &ctx.href(&route)).text(ctx.t(key));
        if i == current {
            a = a.attr("aria-current", "page");
        }
        nav = nav.child(a);
    }
    // The demo mark sits in the header's first row, in space kept for it, so
    // that it appears without shifting the page when the metadata arrives.
    let mark = el_class("span", "demo-slot").opt_child(demo_tag(ctx));
    el("div").child(skip).child(
        el_class("header", "top").child(
            el_class("div", "top-in")
                .child(brand)
                .child(mark)
                .child(tools)
                .child(nav),
        ),
    )
}

/// True when the page is dark now: chosen dark, or automatic with a dark system.
fn effective_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::Auto => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// "Signed by <publisher>, verified (key ID …)", when the signature verifies
/// with the key pinned at build time.
pub fn signed_by(ctx: Ctx) -> Option<Elem> {
    let Some(Trust::Verified { key_id }) = ctx.trust.get() else {
        return None;
    };
    let publisher = ctx
        .info
        .get()
        .and_then(|r| r.ok())
        .and_then(|i| i.publisher.clone())
        .unwrap_or_default();
    Some(
        el_class("span", "signed")
            .text("✓ ")
            .text(&fill(ctx.t(T::SignedBy), "p", &publisher))
            .text(" (")
            .text(ctx.t(T::KeyId))
            .text(" ")
            .child(el("code").text(&key_id))
            .text(")"),
    )
}

fn footer(ctx: Ctx) -> Elem {
    let info = ctx.info.get().and_then(|r| r.ok());
    let mut p = el("p");
    if let Some(i) = &info {
        if let Some(pb) = &i.publisher {
            p = p.child(
                el("span")
                    .text(ctx.t(T::Publisher))
                    .text(": ")
                    .text(pb)
                    .text(" · "),
            );
        }
        if let Some(d) = i.as_of {
            p = p.child(
                el("span")
                    .text(ctx.t(T::AsOf))
                    .text(" ")
                    .child(
                        el("time")
                            .attr("datetime", &d.to_string())
                            .text(&d.to_string()),
                    )
                    .text(" · "),
            );
        }
    }
    if let Some(signed) = signed_by(ctx) {
        p = p.child(signed).text(" · ");
    }
    p = p.child(
        el("a")
            .attr("href", &ctx.href(&Route::About))
            .text(ctx.t(T::NavAbout)),
    );
    let demo = info.as_ref().filter(|i| i.demo).map(|_| {
        el("p")
            .child(el("strong").text("演示数据 / demo data"))
            .text(" · ")
            .text(ctx.t(T::Demo))
    });
    el_class("footer", "foot").opt_child(demo).child(p).child(
        el("p")
            .text(ctx.t(T::NotRating))
            .text(" ")
            .text(ctx.t(T::Prevails)),
    )
}
