//! The frame around every page: skip link, header with navigation, language
//! and theme switches, the demo/stale/offline banners, and the footer.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
    let query = use_query_map();
    let current = Memo::new(move |_| query.with(|q| section(&Route::from_query(|k| q.get(k)))));
    let nav = [
        (0u8, T::NavSearch, Route::default()),
        (1, T::NavLists, Route::Lists),
        (2, T::NavReport, Route::Report),
        (3, T::NavAbout, Route::About),
    ];
    let nav_links = nav
        .into_iter()
        .map(|(i, key, route)| {
            let href = ctx.href(&route);
            view! {
                <a href=href aria-current=move || (current.get() == i).then_some("page")>{move || ctx.t(key)}</a>
            }
        })
        .collect_view();
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            use wasm_bindgen::JsCast;
            if let Ok(el) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    view! {
        <a class="skip" href="#main" on:click=skip>{move || ctx.t(T::SkipToContent)}</a>
        <header class="top">
            <div class="top-in">
                <a class="brand" href=ctx.href(&Route::default())>
                    <svg class="logo" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M12 2 3 6v6c0 5 3.8 9.3 9 10 5.2-.7 9-5 9-10V6z" fill="currentColor" opacity=".2"/><path d="m8 12 3 3 5-6" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>
                    <span>{move || ctx.t(T::AppName)}</span>
                </a>
                <div class="tools">
                    <LangSelect/>
                    <ThemeToggle/>
                </div>
                <nav class="nav" aria-label=move || ctx.t(T::NavSearch).to_string() + " / " + ctx.t(T::NavAbout)>{nav_links}</nav>
            </div>
        </header>
        <Banners/>
        <main id="main" tabindex="-1">{children()}</main>
        <Footer/>
    }
}

#[component]
fn LangSelect() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let options = Lang::ALL
        .into_iter()
        .map(|l| view! { <option value=l.tag() lang=l.tag() selected=move || ctx.lang.get() == l>{l.native_name()}</option> })
        .collect_view();
    view! {
        <label class="sr" for="lang">{move || ctx.t(T::Language)}</label>
        <select
            id="lang"
            class="lang"
            prop:value=move || ctx.lang.get().tag()
            on:change:target=move |ev| {
                if let Some(l) = Lang::parse(&ev.target().value()) {
                    ctx.lang.set(l);
                }
            }
        >
            {options}
        </select>
    }
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

#[component]
fn ThemeToggle() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dark = move || effective_dark(ctx.theme.get());
    view! {
        <button
            type="button"
            class="theme"
            aria-pressed=move || if dark() { "true" } else { "false" }
            title=move || ctx.t(T::ThemeToggle)
            on:click=move |_| ctx.theme.set(if dark() { Theme::Light } else { Theme::Dark })
        >
            <span aria-hidden="true">{move || if dark() { "☾" } else { "☀" }}</span>
            <span class="sr">{move || ctx.t(T::ThemeToggle)}</span>
        </button>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let info = move || ctx.info.get().and_then(|r| r.ok());
    view! {
        <footer class="foot">
            <p>
                {move || info().and_then(|i| i.publisher.clone()).map(|p| view! { <span>{ctx.t(T::Publisher)}": "{p}" · "</span> })}
                {move || info().and_then(|i| i.as_of).map(|d| view! { <span>{ctx.t(T::AsOf)}" "<time datetime=d.to_string()>{d.to_string()}</time>" · "</span> })}
                <a href=ctx.href(&Route::About)>{move || ctx.t(T::NavAbout)}</a>
            </p>
            <p>{move || ctx.t(T::NotRating)}" "{move || ctx.t(T::Prevails)}</p>
        </footer>
    }
}
