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

/// Defines a part of the app that Trunk's builds (feature `split`, which
/// index.html turns on) move into its own wasm module, downloaded the first
/// time it is called, so that the app shell a phone downloads first holds only
/// what the search page needs to show and take input. `cargo xtask split-wasm`
/// (Trunk's post-build hook) does the split, with the splitter of `cargo leptos
/// --split`; index.html then starts the download of the address's page with the
/// shell. A part returns `Err(NotLoaded)` when its module could not be
/// downloaded (offline): the page says so and the next call tries again.
/// Without the feature (the wasm tests, `cargo test`) a part is an ordinary
/// function. Call one with `call_part!`.
macro_rules! part {
    ($(#[$m:meta])* $v:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block) => {
        $(#[$m])*
        #[cfg_attr(
            feature = "split",
            leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        $v fn $name($($arg: $ty),*) -> Result<$out, $crate::NotLoaded> {
            Ok($body)
        }
    };
}

/// Calls a function defined with `part!`: awaits its module in the split build.
#[cfg(feature = "split")]
macro_rules! call_part {
    ($call:expr) => {
        $call.await
    };
}
#[cfg(not(feature = "split"))]
macro_rules! call_part {
    ($call:expr) => {
        $call
    };
}

/// A part of the app (`part!`) whose wasm module could not be downloaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

pub mod components;
pub mod data;
pub mod embed;
pub mod heap;
pub mod i18n;
pub mod nav;
pub mod pages;
pub mod route;
pub mod state;
pub mod text;

/// Large blocks apart from small ones, so that a long session's memory
/// levels off (see [`heap`]).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: heap::TwoHeaps = heap::TwoHeaps::new();

/// The heaps' counts, for a measuring build (see [`heap::stats`]).
#[cfg(feature = "heap-stats")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn zhixin_heap_stats() -> String {
    heap::stats::report()
}

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
    // state is in the address), so texts need not be reactive one by one;
    // so does a change of the date status is shown for (`&asof=`).
    move || {
        ctx.lang.track();
        ctx.nav.track_asof();
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

/// Shows a page defined with `part!`. While its module downloads, a skeleton
/// takes the place of the page it replaces (whose state is gone) at once; a
/// module that cannot be downloaded is said, with a way to try again.
#[cfg(feature = "split")]
macro_rules! page {
    ($retry:expr, $call:expr) => {{
        let retry = $retry;
        view! {
            <Suspense fallback=|| components::dom::host(components::notice::skeleton(6))>
                {Suspend::new(async move { page_or_error(retry, call_part!($call)) })}
            </Suspense>
        }
        .into_any()
    }};
}
#[cfg(not(feature = "split"))]
macro_rules! page {
    ($retry:expr, $call:expr) => {
        page_or_error($retry, call_part!($call))
    };
}

/// Loading a page's module again: by the button of the message that it could
/// not be, or by itself when the browser is back online.
#[derive(Clone, Copy)]
struct Retry {
    tries: RwSignal<u32>,
    failed: StoredValue<bool>,
}

impl Retry {
    fn new(ctx: Ctx) -> Retry {
        let retry = Retry {
            tries: RwSignal::new(0),
            failed: StoredValue::new(false),
        };
        Effect::new(move |_| {
            if ctx.online.get() && retry.failed.get_value() {
                retry.again();
            }
        });
        retry
    }

    fn again(self) {
        self.failed.set_value(false);
        self.tries.update(|n| *n += 1);
    }
}

fn page_or_error(retry: Retry, page: Result<AnyView, NotLoaded>) -> AnyView {
    match page {
        Ok(view) => view,
        Err(NotLoaded) => {
            retry.failed.set_value(true);
            let ctx = expect_context::<Ctx>();
            let button = components::dom::el("button")
                .attr("type", "button")
                .text(ctx.t(i18n::T::Retry))
                .on("click", Box::new(move |_| retry.again()));
            components::notice::data_error(ctx, &data::DataError::Module)
                .map(|note| components::dom::host(note.child(button)))
                .into_any()
        }
    }
}

/// The page for the current address. Each page reads its own parameters.
#[component]
fn Page() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let route = Memo::new(move |_| ctx.nav.route());
    let retry = Retry::new(ctx);
    // Only the kind of page decides what is mounted; a page follows changes of
    // its own parameters reactively, so typing does not remount the search page.
    let kind = Memo::new(move |_| match route.get() {
        Route::Search { .. } => 0u8,
        Route::Enterprise(_) => 1,
        Route::Lists => 2,
        Route::List { .. } => 3,
        Route::Report => 4,
        Route::About => 5,
        Route::Changes => 6,
        Route::Check => 7,
        Route::Watch => 8,
    });
    move || {
        // `get`, not `track`: tracking a memo does not compute it, and a memo
        // never computed never notifies.
        let _ = kind.get();
        retry.tries.track();
        // Only the page shown now is tried again when the browser is back online.
        retry.failed.set_value(false);
        match route.get_untracked() {
            // The search page is where people arrive: it is in the main module.
            Route::Search { .. } => {
                pages::search::SearchPage(pages::search::SearchPageProps { route }).into_any()
            }
            Route::Enterprise(_) => page!(retry, enterprise_page(route)),
            Route::Lists => page!(retry, lists_page()),
            Route::List { .. } => page!(retry, list_page(route)),
            Route::Report => page!(retry, report_page()),
            Route::About => page!(retry, about_page()),
            Route::Changes => page!(retry, changes_page()),
            Route::Check => page!(retry, check_page()),
            // The watch list shows enterprises as their pages do, from the same
            // code: it is in the enterprise page's part (one part fewer to list).
            Route::Watch => page!(retry, enterprise_page(route)),
        }
    }
}

// Every page but search is a part of its own (see `part!`).
part! {
    fn enterprise_page(route: Memo<Route>) -> AnyView {
        if route.get_untracked() == Route::Watch {
            return Ok(pages::watch::WatchPage().into_any());
        }
        pages::enterprise::EnterprisePage(pages::enterprise::EnterprisePageProps { route })
            .into_any()
    }
}
part! {
    fn lists_page() -> AnyView {
        pages::lists::ListsPage().into_any()
    }
}
part! {
    fn list_page(route: Memo<Route>) -> AnyView {
        pages::lists::ListPage(pages::lists::ListPageProps { route }).into_any()
    }
}
part! {
    fn report_page() -> AnyView {
        pages::report::ReportPage().into_any()
    }
}
part! {
    fn about_page() -> AnyView {
        pages::about::AboutPage().into_any()
    }
}
part! {
    fn changes_page() -> AnyView {
        pages::changes::ChangesPage().into_any()
    }
}
part! {
    fn check_page() -> AnyView {
        pages::check::CheckPage().into_any()
    }
}
