//! Navigation: the current address as a signal, `navigate`, back/forward, and
//! in-app link clicks, over the History API.
//!
//! Why not `leptos_router`: every page of this app is a query string on one
//! document (see `route`), so path matching, nested routes and `<A>` bring
//! nothing, while the router and its URL handling cost tens of kilobytes of
//! wasm against the app shell's 150 KB brotli budget. What is kept is what the
//! router gave: one source of truth for the address, `pushState`/`replaceState`
//! navigation, `popstate` for back/forward, and interception of same-document
//! link clicks under the base path (so a sub-path deployment works).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::Route;
use zhixin_core::Day;

/// The address handle in context: the current query string.
#[derive(Clone, Copy)]
pub struct Nav {
    search: RwSignal<String>,
    /// The address's `asof` date as days since 1970 plus one, 0 for none:
    /// a plain number, so that the signal is a type the app already has
    /// (each new signal type adds its code to the app shell). Set only when
    /// it changes, so typing does not wake what follows it.
    asof: RwSignal<u32>,
}

impl Nav {
    /// Starts listening to back/forward and link clicks; provided by `App`.
    pub fn init() -> Nav {
        let now = current_search();
        let nav = Nav {
            asof: RwSignal::new(asof_of(&now)),
            search: RwSignal::new(now),
        };
        let pop = window_event_listener(leptos::ev::popstate, move |_| nav.refresh());
        let click = window_event_listener(leptos::ev::click, move |ev| nav.on_click(ev));
        on_cleanup(move || {
            pop.remove();
            click.remove();
        });
        nav
    }

    /// The current route (reactive).
    pub fn route(&self) -> Route {
        let s = self.search.get();
        let params = web_sys::UrlSearchParams::new_with_str(&s).ok();
        Route::from_query(|k| params.as_ref().and_then(|p| p.get(k)))
    }

    /// The date of `&asof=` in the address, if any (not reactive; see
    /// [`Nav::track_asof`]).
    pub fn asof(&self) -> Option<Day> {
        match self.asof.get_untracked() {
            0 => None,
            n => Day::from_epoch_days(n as i32 - 1),
        }
    }

    /// Makes the running effect follow changes of the `asof` date only.
    pub fn track_asof(&self) {
        self.asof.track();
    }

    /// Reads the address after a navigation.
    fn refresh(&self) {
        let now = current_search();
        let asof = asof_of(&now);
        self.search.set(now);
        if self.asof.get_untracked() != asof {
            self.asof.set(asof);
        }
    }

    /// Goes to `href` (a path under the base, with its query). `replace`
    /// overwrites the current history entry (used while typing), else a new
    /// entry is pushed and the page scrolls to the top.
    pub fn go(&self, href: &str, replace: bool) {
        let Ok(history) = window().history() else {
            return;
        };
        let state = wasm_bindgen::JsValue::NULL;
        let ok = if replace {
            history.replace_state_with_url(&state, "", Some(href))
        } else {
            history.push_state_with_url(&state, "", Some(href))
        };
        if ok.is_ok() {
            self.refresh();
            if !replace {
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }

    /// Intercepts a plain left click on a link to this document (same origin,
    /// same path), so that following it does not reload the app.
    fn on_click(&self, ev: web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !a.target().is_empty() || a.has_attribute("download") {
            return;
        }
        let loc = window().location();
        let (Ok(origin), Ok(path), Ok(search)) = (loc.origin(), loc.pathname(), loc.search())
        else {
            return;
        };
        if a.origin() != origin || a.pathname() != path {
            return;
        }
        // A link to a section of the same page: the browser scrolls to it.
        if a.search() == search && !a.hash().is_empty() {
            return;
        }
        ev.prevent_default();
        self.go(
            &format!("{}{}{}", a.pathname(), a.search(), a.hash()),
            false,
        );
        if !a.hash().is_empty() {
            let id = a.hash().trim_start_matches('#').to_string();
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&id) {
                    el.scroll_into_view();
                }
            });
        }
    }
}

/// The `asof` parameter of a query string as [`Nav::asof`] keeps it.
fn asof_of(search: &str) -> u32 {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|p| p.get("asof"))
        .and_then(|v| crate::route::parse_asof(&v))
        .and_then(|d| u32::try_from(d.to_epoch_days() + 1).ok())
        .unwrap_or(0)
}

fn current_search() -> String {
    window().location().search().unwrap_or_default()
}

/// The path of the document's base URL: Trunk writes `--public-url` into
/// `<base href>`, so this is `/zhixin/` under a sub-path and `/` at the root.
pub fn base_path() -> String {
    document()
        .base_uri()
        .ok()
        .flatten()
        .and_then(|u| web_sys::Url::new(&u).ok())
        .map(|u| u.pathname())
        .map(|p| {
            if p.ends_with('/') {
                p
            } else {
                p.rsplit_once('/')
                    .map(|(a, _)| format!("{a}/"))
                    .unwrap_or_else(|| "/".into())
            }
        })
        .unwrap_or_else(|| "/".into())
}

/// Sets the document title (one per page, for history and search engines).
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · 质信查"));
}
