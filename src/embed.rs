//! An embedded page (`&embed=1`) tells the page around it how tall it is, so
//! that a newsroom's `<iframe>` can fit its content instead of scrolling.
//!
//! Whenever the document's height changes (a `ResizeObserver`), it posts the
//! height to the parent window in three dialects, so that a host page fits
//! the iframe with whatever it already runs and nothing pasted:
//!
//! - `{ type: "zhixin:height", height }`, for the README's six-line listener;
//! - `{ "datawrapper-height": { KEY: height } }`, Datawrapper's message, which
//!   the script of Datawrapper's responsive embed code (already on many news
//!   sites) applies to the iframe the message came from; KEY is this page's
//!   path and query, which older versions of that script look for in the
//!   iframe's `src`;
//! - `pymxPYMx{id}xPYMxheightxPYMx{height}`, a Pym.js child's height message,
//!   when the page was opened by a Pym.js parent (`<div data-pym-src="…">`
//!   on a page that loads pym.js): the parent adds `childId` to the address
//!   and sizes its iframe from this message.
//!
//! The messages carry nothing but the height. A host page that listens for
//! none of them simply keeps the iframe's own height.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "zhixin:height";
/// Datawrapper's height message's key.
pub const DATAWRAPPER_MESSAGE: &str = "datawrapper-height";

/// A Pym.js child's height message to the parent that knows it as `id`
/// (pym.js: `['pym', id, 'height', height].join('xPYMx')`).
pub fn pym_height(id: &str, height: i32) -> String {
    format!("pymxPYMx{id}xPYMxheightxPYMx{height}")
}

/// Marks the document as embedded (`<html data-embed>`: the style drops its
/// viewport-high minimums, which would otherwise grow with the iframe they
/// size), and starts reporting the content's height to the parent window,
/// when there is one.
pub fn init() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-embed", "");
    }
    let Some(root) = doc.body() else {
        return;
    };
    let parent = match window.parent() {
        Ok(Some(p)) if p != window => p,
        _ => return,
    };
    let location = window.location();
    let params = location
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok());
    // Read now: the app's own navigation rewrites the address without it.
    let pym_id = params.and_then(|p| p.get("childId"));
    let key = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let observed = root.clone();
    let last = std::cell::Cell::new(-1);
    let on_resize = Closure::<dyn Fn()>::new(move || {
        let height = observed.scroll_height();
        if height == last.replace(height) {
            return;
        }
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from(height));
        let _ = parent.post_message(&message, "*");
        let sizes = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&sizes, &key.as_str().into(), &JsValue::from(height));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &DATAWRAPPER_MESSAGE.into(), &sizes);
        let _ = parent.post_message(&message, "*");
        if let Some(id) = &pym_id {
            let _ = parent.post_message(&pym_height(id, height).into(), "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&root);
        // Both live as long as the app (`App` calls this): when it is
        // unmounted the observer stops and the closure is dropped.
        let held = send_wrapper::SendWrapper::new((observer, on_resize));
        leptos::prelude::on_cleanup(move || {
            let (observer, on_resize) = held.take();
            observer.disconnect();
            drop(on_resize);
        });
    }
}
