//! The frame around every page: skip link, header with navigation, language
//! and theme switches, the demo/stale/offline banners, and the footer.
//!
//! Built with `components::dom` (see there for why); the header is rebuilt
//! when the page's section or the theme changes, which is cheap.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::dom::{event_value, focus_later, h, hc, host, s, E};
use crate::components::notice::Banners;
use crate::i18n::{Lang, T};
use crate::route::Route;
use crate::state::{Ctx, Theme};

/// Which navigation entry a route belongs to.
fn section(route: &Route) -> u8 {
    match route {
        Route::Search { .. } | Route::Enterprise(_) => 0,
        Route::Lists | Route::List { .. } => 1,
        Route::Report => 2,
        Route::About => 3,
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
            f.ch(h("p").ch(open_full(ctx, &ctx.nav.route(), ctx.t(T::OpenFull))))
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
pub fn open_full(ctx: Ctx, route: &Route, text: &str) -> E {
    h("a")
        .at("href", &ctx.full_href(route))
        .at("target", "_blank")
        .at("rel", "noopener")
        .tx(text)
        .ch(h("span").at("aria-hidden", "true").tx(" ↗"))
        .ch(hc("span", "sr").tx(" (").tx(ctx.t(T::NewTab)).tx(")"))
}

/// The compact frame of an embedded page: the name (opening the full page)
/// and the demo mark; no navigation, language or theme controls (the host
/// page sets `&lang=`, and the system's colour scheme applies).
fn embed_header(ctx: Ctx, route: &Route) -> E {
    hc("header", "top embed-top").ch(hc("div", "top-in")
        .ch(open_full(ctx, route, ctx.t(T::AppName)).cls("brand"))
        .opt(demo_tag(ctx)))
}

/// The 演示数据 / demo data mark, when the registry says it is demonstration data.
fn demo_tag(ctx: Ctx) -> Option<E> {
    let demo = ctx.info.get().and_then(|r| r.ok()).is_some_and(|i| i.demo);
    demo.then(|| {
        hc("span", "demo-tag")
            .at("title", ctx.t(T::Demo))
            .tx(ctx.t(T::DemoShort))
            .ch(hc("span", "sr").tx(" / demo data: ").tx(ctx.t(T::Demo)))
    })
}

fn header(ctx: Ctx, current: u8, dark: bool) -> E {
    let skip = h("a")
        .cls("skip")
        .at("href", "#main")
        .tx(ctx.t(T::SkipToContent))
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
    let logo = s("svg")
        .cls("logo")
        .at("viewBox", "0 0 24 24")
        .at("width", "24")
        .at("height", "24")
        .at("aria-hidden", "true")
        .ch(s("path")
            .at("d", "M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6z")
            .at("fill", "currentColor")
            .at("opacity", ".2"))
        .ch(s("path")
            .at("d", "m8 12 3 3 5-6")
            .at("fill", "none")
            .at("stroke", "currentColor")
            .at("stroke-width", "2.2")
            .at("stroke-linecap", "round")
            .at("stroke-linejoin", "round"));
    let brand = hc("a", "brand")
        .at("href", &ctx.href(&Route::default()))
        .ch(logo)
        .ch(h("span").tx(ctx.t(T::AppName)));

    let mut select = hc("select", "lang").at("id", "lang").on(
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
        let mut o = h("option")
            .at("value", l.tag())
            .at("lang", l.tag())
            .tx(l.native_name());
        if l == ctx.l() {
            o = o.at("selected", "");
        }
        select = select.ch(o);
    }
    let theme = h("button")
        .at("type", "button")
        .at("id", "theme")
        .cls("theme")
        .at("aria-pressed", if dark { "true" } else { "false" })
        .at("title", ctx.t(T::ThemeToggle))
        .ch(h("span")
            .at("aria-hidden", "true")
            .tx(if dark { "☾" } else { "☀" }))
        .ch(hc("span", "sr").tx(ctx.t(T::ThemeToggle)))
        .on(
            "click",
            Box::new(move |_| {
                ctx.theme.set(if dark { Theme::Light } else { Theme::Dark });
                focus_later("theme");
            }),
        );
    let tools = hc("div", "tools")
        .ch(hc("label", "sr").at("for", "lang").tx(ctx.t(T::Language)))
        .ch(select)
        .ch(theme);

    let mut nav = hc("nav", "nav").at("aria-label", ctx.t(T::Tagline));
    for (i, key, route) in [
        (0u8, T::NavSearch, Route::default()),
        (1, T::NavLists, Route::Lists),
        (2, T::NavReport, Route::Report),
        (3, T::NavAbout, Route::About),
    ] {
        let mut a = h("a").at("href", &ctx.href(&route)).tx(ctx.t(key));
        if i == current {
            a = a.at("aria-current", "page");
        }
        nav = nav.ch(a);
    }
    // The demo mark sits in the header's first row, in space kept for it, so
    // that it appears without shifting the page when the metadata arrives.
    let mark = hc("span", "demo-slot").opt(demo_tag(ctx));
    h("div")
        .ch(skip)
        .ch(hc("header", "top").ch(hc("div", "top-in").ch(brand).ch(mark).ch(tools).ch(nav)))
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

fn footer(ctx: Ctx) -> E {
    let info = ctx.info.get().and_then(|r| r.ok());
    let mut p = h("p");
    if let Some(i) = &info {
        if let Some(pb) = &i.publisher {
            p = p.ch(h("span").tx(ctx.t(T::Publisher)).tx(": ").tx(pb).tx(" · "));
        }
        if let Some(d) = i.as_of {
            p = p.ch(h("span")
                .tx(ctx.t(T::AsOf))
                .tx(" ")
                .ch(h("time").at("datetime", &d.to_string()).tx(&d.to_string()))
                .tx(" · "));
        }
    }
    p = p.ch(h("a")
        .at("href", &ctx.href(&Route::About))
        .tx(ctx.t(T::NavAbout)));
    let demo = info.as_ref().filter(|i| i.demo).map(|_| {
        h("p")
            .ch(h("strong").tx("演示数据 / demo data"))
            .tx(" · ")
            .tx(ctx.t(T::Demo))
    });
    hc("footer", "foot").opt(demo).ch(p).ch(h("p")
        .tx(ctx.t(T::NotRating))
        .tx(" ")
        .tx(ctx.t(T::Prevails)))
}
