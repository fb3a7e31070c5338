//! Status on another date (`&asof=YYYY-MM-DD`): the date control, and the
//! label every page carries while it shows status for a day that is not today.
//!
//! The time rules are the core's; this only picks the day they are asked for
//! ([`Ctx::day`]) and says so plainly, so that a page as of a bid deadline is
//! never mistaken for the status today.

use wasm_bindgen::JsCast;

use crate::components::dom::{el, el_class, Elem};
use crate::i18n::{fill, T};
use crate::route::{parse_asof, Route};
use crate::state::Ctx;

/// The banner of a page as of another date: "status as of D, not today
/// (today is T)", with a link back to today. `None` on a page for today.
pub fn banner(ctx: Ctx, route: &Route) -> Option<Elem> {
    let d = ctx.asof()?;
    let text = fill(
        &fill(ctx.t(T::AsOfLabel), "d", &d.to_string()),
        "t",
        &ctx.today.to_string(),
    );
    Some(
        el_class("p", "banner asof")
            .attr("role", "note")
            .attr("data-asof", &d.to_string())
            .child(el("strong").text(&text))
            .text(" ")
            .child(
                el("a")
                    .attr("href", &ctx.href_on(route, None))
                    .text(ctx.t(T::AsOfBack)),
            ),
    )
}

/// The date control of a page whose status depends on the date (enterprise,
/// lists, report): a date field and a button that opens the same page as of
/// that date (today's date clears `asof`).
pub fn control(ctx: Ctx) -> Elem {
    let id = "asof-date";
    let nav = ctx.nav;
    let submit = move |ev: web_sys::Event| {
        ev.prevent_default();
        let value = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        let asof = parse_asof(&value).filter(|d| *d != ctx.today);
        // The page shown now, with its own parameters (a list's sort and filter).
        let route = leptos::prelude::untrack(|| nav.route());
        nav.go(&ctx.href_on(&route, asof), false);
    };
    el_class("form", "asof-form")
        .attr("role", "search")
        .attr("aria-label", ctx.t(T::AsOfControl))
        .child(el("label").attr("for", id).text(ctx.t(T::AsOfControl)))
        .child(
            el("input")
                .attr("type", "date")
                .attr("id", id)
                .attr("name", "asof")
                .attr("value", &ctx.day().to_string())
                .attr("min", "1990-01-01")
                .attr("max", "2999-12-31")
                .attr("required", ""),
        )
        .child(el("button").attr("type", "submit").text(ctx.t(T::AsOfShow)))
        .on("submit", Box::new(submit))
}
