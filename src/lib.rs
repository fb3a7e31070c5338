//! zhixin app (质信查): a Leptos CSR front end over a static quality-credit registry.
//!
//! The app is one `index.html` whose pages are query strings (see [`route`]),
//! so every page has a permalink that any static host serves with HTTP 200,
//! also under a sub-path (links are built on the document's `<base href>`,
//! which Trunk's `--public-url` sets). [`App`] sets up navigation ([`nav`]),
//! the language, the colour theme and the registry's metadata, and picks the
//! page from the address.
//!
//! Layers, one direction: `pages/` (one file per route) and `components/`
//! render; [`data`] is the only module that fetches (with gloo-net, aborting
//! requests a newer one replaces); every rule about status, ranking and
//! filtering lives in `zhixin-core` and is tested natively there.
//!
//! ```
//! use zhixin_app::route::Route;
//! assert_eq!(Route::Enterprise("91350200MA2YJ1XR9G".into()).to_query(), "?e=91350200MA2YJ1XR9G");
//! ```

pub mod components;
pub mod data;
pub mod embed;
pub mod i18n;
pub mod nav;
pub mod pages;
pub mod route;
pub mod state;
pub mod text;

use leptos::prelude::*;

use components::layout::Layout;
use route::Route;
use state::Ctx;

/// The whole app: context (language, theme, address, registry metadata),
/// layout and the page the address names.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::init();
    provide_context(ctx);
    if ctx.embed {
        embed::init();
    }
    // Start-up work is cut in two tasks, so that neither blocks the phone's
    // main thread for long: this one builds the frame, the next the page.
    // Until both are done the app is built inside index.html's hidden `#app`
    // while its static boot screen stays on screen; `reveal` swaps them
    // before the next paint, so no frame shows neither or both.
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            ready.set(true);
            request_animation_frame(reveal);
        },
        std::time::Duration::ZERO,
    );
    // A language switch re-renders everything (data is cached by `data`,
    // state is in the address), so texts need not be reactive one by one.
    move || {
        ctx.lang.track();
        view! {
            <Layout>
                {move || ready.get().then(Page)}
            </Layout>
        }
    }
}

/// Shows the app in place of index.html's boot screen.
fn reveal() {
    let d = document();
    if let Some(boot) = d.get_element_by_id("boot") {
        boot.remove();
    }
    if let Some(app) = d.get_element_by_id("app") {
        let _ = app.remove_attribute("hidden");
    }
}

/// Calls a page that the release build (feature `split`) loads as its own
/// wasm module the first time it is shown; see `page_in_own_module`.
#[cfg(feature = "split")]
macro_rules! split {
    ($call:expr) => {
        leptos::prelude::Suspend::new(async move { $call.await }).into_any()
    };
}
#[cfg(not(feature = "split"))]
macro_rules! split {
    ($call:expr) => {
        $call
    };
}

/// The page for the current address. Each page reads its own parameters.
#[component]
fn Page() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let route = Memo::new(move |_| ctx.nav.route());
    // Only the kind of page decides what is mounted; a page follows changes of
    // its own parameters reactively, so typing does not remount the search page.
    let kind = Memo::new(move |_| match route.get() {
        Route::Search { .. } => 0u8,
        Route::Enterprise(_) => 1,
        Route::Lists => 2,
        Route::List { .. } => 3,
        Route::Report => 4,
        Route::About => 5,
    });
    move || {
        // `get`, not `track`: tracking a memo does not compute it, and a memo
        // never computed never notifies.
        let _ = kind.get();
        match route.get_untracked() {
            // The search page is where people arrive: it is in the main module.
            Route::Search { .. } => {
                pages::search::SearchPage(pages::search::SearchPageProps { route }).into_any()
            }
            Route::Enterprise(_) => split!(enterprise_page(route)),
            Route::Lists => split!(lists_page()),
            Route::List { .. } => split!(list_page(route)),
            Route::Report => split!(report_page()),
            Route::About => split!(about_page()),
        }
    }
}

// Every page but search has its own wasm module in the release build, so that
// the app shell a phone downloads first holds only what the search page needs
// (Leptos's `#[lazy]`, split by `cargo xtask split-wasm` as Trunk's post-build
// hook). Without the feature (`trunk serve`, the wasm tests) they are ordinary
// functions.
#[cfg_attr(feature = "split", leptos::lazy)]
fn enterprise_page(route: Memo<Route>) -> AnyView {
    pages::enterprise::EnterprisePage(pages::enterprise::EnterprisePageProps { route }).into_any()
}
#[cfg_attr(feature = "split", leptos::lazy)]
fn lists_page() -> AnyView {
    pages::lists::ListsPage().into_any()
}
#[cfg_attr(feature = "split", leptos::lazy)]
fn list_page(route: Memo<Route>) -> AnyView {
    pages::lists::ListPage(pages::lists::ListPageProps { route }).into_any()
}
#[cfg_attr(feature = "split", leptos::lazy)]
fn report_page() -> AnyView {
    pages::report::ReportPage().into_any()
}
#[cfg_attr(feature = "split", leptos::lazy)]
fn about_page() -> AnyView {
    pages::about::AboutPage().into_any()
}
