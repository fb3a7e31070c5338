//! Status badges for a search result or an enterprise: each carries a word and
//! a symbol, so nothing depends on colour alone.

use leptos::prelude::*;
use zhixin_core::BadgeSummary;

use crate::components::dom::{el, host, Elem};
use crate::i18n::{list_label, scheme_label, T};
use crate::state::Ctx;

/// The badge list.
pub fn badges(ctx: Ctx, data: &BadgeSummary) -> Elem {
    let lang = ctx.l();
    let mut ul = el("ul").class("badges");
    for &k in &data.in_force {
        let (class, mark) = if k.is_blacklist() {
            ("badge bad", "✖ ")
        } else {
            ("badge warn", "⚠ ")
        };
        ul = ul.child(
            el("li")
                .class(class)
                .child(el("span").attr("aria-hidden", "true").text(mark))
                .text(list_label(lang, k)),
        );
    }
    for (s, g) in &data.grades {
        ul = ul.child(
            el("li")
                .class("badge grade")
                .text(scheme_label(lang, *s))
                .text(" ")
                .child(el("b").text(g)),
        );
    }
    if data.honours > 0 {
        ul = ul.child(
            el("li")
                .class("badge good")
                .child(el("span").attr("aria-hidden", "true").text("★ "))
                .text(ctx.t(T::BadgeHonours))
                .text(" ")
                .text(&data.honours.to_string()),
        );
    }
    ul
}

/// The badge list as a component.
#[component]
pub fn Badges(data: BadgeSummary) -> impl IntoView {
    host(badges(expect_context::<Ctx>(), &data))
}
