//! The app's shared handle: language, colour theme, today (in China Standard
//! Time), the date status is shown for (`&asof=`), the registry's metadata and
//! whether the browser is online.
//!
//! [`Ctx`] is small and `Copy` (signals and stored values), provided once by
//! `App` and read with `expect_context::<Ctx>()`.

use std::rc::Rc;

use leptos::prelude::*;
use zhixin_core::Day;

use crate::data::{self, DataError, Info};
use crate::i18n::{Lang, T};
use crate::nav::base_path;

/// The colour theme: the system's (`prefers-color-scheme`) unless chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Theme {
        match s {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
}

const LANG_KEY: &str = "zhixin.lang";
const THEME_KEY: &str = "zhixin.theme";

/// The app-wide handle in context.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    /// Today in China Standard Time when the app started ([`cst_today`]), not
    /// the device's local date: the lists date their facts in Beijing.
    pub today: Day,
    pub online: RwSignal<bool>,
    /// The address and navigation.
    pub nav: crate::nav::Nav,
    /// The registry's metadata, loaded once.
    pub info: LocalResource<Result<Rc<Info>, DataError>>,
    /// What the publisher's signature says (checked once, after start-up).
    pub trust: LocalResource<data::Trust>,
    /// Files refused because they do not match their digests, in order.
    pub refused: RwSignal<Vec<String>>,
    /// Embedded in another site's page (`&embed=1`, in an `<iframe>`): a
    /// compact frame, and links keep the mode (see [`Ctx::href`]).
    pub embed: bool,
    base: StoredValue<String>,
}

impl Ctx {
    /// Reads the saved language and theme, today's date, and starts loading
    /// the registry's metadata.
    pub fn init() -> Ctx {
        let lang = RwSignal::new(initial_lang());
        let theme = RwSignal::new(Theme::parse(&storage_get(THEME_KEY).unwrap_or_default()));
        let online = RwSignal::new(window().navigator().on_line());
        let nav = crate::nav::Nav::init();
        let ctx = Ctx {
            lang,
            theme,
            today: cst_today(),
            online,
            nav,
            info: LocalResource::new(data::info),
            trust: LocalResource::new(data::trust),
            refused: RwSignal::new(Vec::new()),
            embed: url_param("embed").is_some_and(|v| crate::route::is_on(&v)),
            base: StoredValue::new(base_path()),
        };
        // Effects only to sync with the outside world: the document's language
        // and theme attributes, local storage, the online/offline events.
        // index.html's first script already set both attributes the same way,
        // so at start nothing changes and the page is not restyled.
        Effect::new(move |_| {
            let l = lang.get();
            set_root_attribute("lang", l.tag());
            storage_set(LANG_KEY, l.tag());
        });
        Effect::new(move |_| {
            let t = theme.get();
            set_root_attribute("data-theme", t.id());
            storage_set(THEME_KEY, t.id());
        });
        let refused = ctx.refused;
        data::on_refused(move |p| refused.update(|v| v.push(p)));
        let on = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
        ctx
    }

    /// The current language. Not reactive: the app re-renders its whole
    /// tree when the language changes (see `App`), which keeps hundreds of
    /// tiny reactive text closures, and their code, out of the wasm.
    pub fn l(&self) -> Lang {
        self.lang.get_untracked()
    }

    /// Text in the current language (see [`Ctx::l`]).
    pub fn t(&self, key: T) -> &'static str {
        self.l().t(key)
    }

    /// The date every status on the page is computed for: `&asof=` when the
    /// address has one, else today in China Standard Time. Not reactive (see
    /// [`Ctx::l`]: the app re-renders when it changes).
    pub fn day(&self) -> Day {
        self.asof().unwrap_or(self.today)
    }

    /// The date of `&asof=YYYY-MM-DD` in the address, when status is asked
    /// for another date than today; `App` re-renders every page when it
    /// changes, like the language (so this is not reactive).
    pub fn asof(&self) -> Option<Day> {
        self.nav.asof()
    }

    /// The app's base path, with a trailing slash (`/` or `/zhixin/`).
    pub fn base_path(&self) -> String {
        self.base.get_value()
    }

    /// A link to a route, absolute from the origin, under the base path; in
    /// an embedded page the link stays embedded, and a page as of another
    /// date links to pages as of that date.
    pub fn href(&self, route: &crate::route::Route) -> String {
        route.href_as_of(&self.base_path(), self.embed, self.asof())
    }

    /// A link to a route as of `asof` (`None`: today), for the date control.
    pub fn href_on(&self, route: &crate::route::Route, asof: Option<Day>) -> String {
        route.href_as_of(&self.base_path(), self.embed, asof)
    }

    /// The full page of a route (not embedded), for "open in 质信查" links.
    pub fn full_href(&self, route: &crate::route::Route) -> String {
        route.href_as_of(&self.base_path(), false, self.asof())
    }

    /// The absolute address of a route's embeddable page, for the `<iframe>`
    /// code a journalist copies.
    pub fn embed_src(&self, route: &crate::route::Route) -> String {
        let origin = window().location().origin().unwrap_or_default();
        route.href_as_of(&(origin + &self.base_path()), true, self.asof())
    }

    /// The absolute address of a route's full page: the plain link of the
    /// embed code, for hosts without scripts or iframes.
    pub fn full_src(&self, route: &crate::route::Route) -> String {
        let origin = window().location().origin().unwrap_or_default();
        route.href(&(origin + &self.base_path()), false)
    }
}

/// A parameter of the address the app was opened with.
fn url_param(key: &str) -> Option<String> {
    window()
        .location()
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get(key))
}

/// The language from `?lang=`, else local storage, else the browser's, else zh-Hans.
fn initial_lang() -> Lang {
    let from_url = url_param("lang").and_then(|t| Lang::parse(&t));
    from_url
        .or_else(|| storage_get(LANG_KEY).and_then(|t| Lang::parse(&t)))
        .or_else(|| {
            window()
                .navigator()
                .language()
                .and_then(|t| Lang::parse(&t))
        })
        .unwrap_or_default()
}

/// Today in China Standard Time (UTC+8), whatever the device's time zone:
/// the one "today" of the app (the CLI's default `--as-of` is the same
/// arithmetic, `Day::cst_at_unix_ms`).
pub fn cst_today() -> Day {
    Day::cst_at_unix_ms(js_sys::Date::now() as i64)
        .or_else(|| Day::from_epoch_days(0))
        .expect("1970-01-01 is a date")
}

/// Sets an attribute of `<html>` unless it already has that value (a change
/// restyles the whole document).
fn set_root_attribute(name: &str, value: &str) {
    if let Some(el) = document().document_element() {
        if el.get_attribute(name).as_deref() != Some(value) {
            let _ = el.set_attribute(name, value);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
