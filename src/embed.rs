//! An embedded page (`&embed=1`) tells the page around it how tall it is, so
//! that a newsroom's `<iframe>` can fit its content instead of scrolling.
//!
//! The message is `{ type: "zhixin:height", height: <CSS pixels> }`, posted to
//! the parent window whenever the document's height changes (a
//! `ResizeObserver`). It carries nothing but the height. A host page that
//! wants it listens for it (see the README's "Embedding"); one that does not
//! simply keeps the iframe's own height.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The `type` of the height message.
pub const HEIGHT_MESSAGE: &str = "zhixin:height";

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
