//! The app's view layer: a small, non-generic DOM builder. Every page's
//! content, the header and footer, the badges, charts and notices are built
//! with it ([`el`], [`Elem::child`], [`Elem::text`] …); `view!` is kept for the
//! few reactive shells around them (the layout, the search box, `Suspense`),
//! and [`host`] puts a built element into such a view.
//!
//! Why not `view!` everywhere: every `view!` tree is its own nested generic
//! type, and tachys monomorphises build, rebuild and mount code for each one,
//! while this builder costs a few calls per element (ARCHITECTURE.md has the
//! measured difference on the enterprise page). A view that changes is built
//! again by the reactive closure around its `host` rather than patched.
//!
//! It is XSS-safe by construction: text is only ever added as text nodes,
//! attributes with `setAttribute`, and links only by callers that passed the
//! URL through `text::safe_href` or built it from a route.
//!
//! Listeners ([`Elem::on`]) are added with tachys' own `addEventListener`
//! helper and belong to the reactive owner that builds the element (the
//! component, or the run of the reactive closure that rebuilds it): when that
//! owner is cleaned up, the listener is removed and its closure dropped, with
//! whatever it holds. A long session therefore keeps only the listeners of
//! what is on screen.

use leptos::prelude::*;
use leptos::tachys::renderer::dom::Dom;
use wasm_bindgen::JsCast;

/// An element under construction.
pub struct Elem(web_sys::Element);

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// A new HTML element. Tag names are constants of this crate, never data.
pub fn el(tag: &str) -> Elem {
    Elem(
        document()
            .create_element(tag)
            .expect("a valid constant tag name"),
    )
}

/// A new SVG element.
pub fn svg_el(tag: &str) -> Elem {
    Elem(
        document()
            .create_element_ns(Some(SVG_NS), tag)
            .expect("a valid constant SVG tag name"),
    )
}

/// Shorthand: an element with a class.
pub fn el_class(tag: &str, class: &str) -> Elem {
    el(tag).class(class)
}

impl Elem {
    /// The DOM element built so far.
    pub fn node(&self) -> &web_sys::Element {
        &self.0
    }

    /// Sets the class attribute.
    pub fn class(self, class: &str) -> Elem {
        self.attr("class", class)
    }

    /// Sets an attribute (its value is never interpreted as markup).
    pub fn attr(self, name: &str, value: &str) -> Elem {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends text (a text node: markup in data stays text).
    pub fn text(self, text: &str) -> Elem {
        let _ = self.0.append_with_str_1(text);
        self
    }

    /// Appends a child element.
    pub fn child(self, child: Elem) -> Elem {
        let _ = self.0.append_child(&child.0);
        self
    }

    /// Appends a child when there is one.
    pub fn opt_child(self, child: Option<Elem>) -> Elem {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// Appends every child.
    pub fn children(self, children: Vec<Elem>) -> Elem {
        for c in children {
            let _ = self.0.append_child(&c.0);
        }
        self
    }

    /// Adds an event listener, removed (and its closure dropped) when the
    /// current reactive owner is cleaned up: build elements with listeners
    /// inside a component or a reactive closure, or inside
    /// `owner.with(..)` when built later from an event (see [`Elem::on`]'s
    /// callers in `pages/search.rs`). Without an owner the listener would be
    /// removed at once, so it is then not added, and debug builds say so.
    pub fn on(self, event: &str, mut handler: Box<dyn FnMut(web_sys::Event)>) -> Elem {
        if Owner::current().is_none() {
            leptos::logging::debug_warn!(
                "zhixin: a `{event}` listener built outside any reactive owner was not added"
            );
            return self;
        }
        let remove = Dom::add_event_listener(
            &self.0,
            event,
            Box::new(move |ev: wasm_bindgen::JsValue| handler(ev.unchecked_into())),
        );
        // Dropping the remover removes the listener and drops the closure.
        on_cleanup(move || drop(remove));
        self
    }

    /// Sets a boolean attribute when `on`.
    pub fn bool_attr(self, name: &str, on: bool) -> Elem {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }
}

/// Hosts a built element in a Leptos view: a `display: contents` wrapper
/// that receives the element when it is mounted. One non-generic function, so
/// every page shares its code.
pub fn host(e: Elem) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let el = send_wrapper::SendWrapper::new(e.0);
    node.on_load(move |div| {
        // A re-run of the enclosing closure rebuilds the same wrapper in
        // place, so whatever it held before is replaced, not appended to.
        div.set_text_content(None);
        let _ = div.append_child(&el);
    });
    view! { <div class="host" node_ref=node></div> }
}

/// The value of the element an event came from (an input or a select).
pub fn event_value(ev: &web_sys::Event) -> String {
    ev.target()
        .and_then(|t| {
            t.dyn_into::<web_sys::HtmlInputElement>()
                .ok()
                .map(|i| i.value())
        })
        .or_else(|| {
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
        })
        .unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub fn event_checked(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// Moves focus to the element with `id`, after the current render.
pub fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
