//! Status badges for a search result or an enterprise: each carries a word and
//! a symbol, so nothing depends on colour alone. The trustworthy side (current
//! grades, each current honour's kind) is shown as plainly as the lists in
//! force: one badge each, in words, bold (守信激励 as visible as 失信惩戒).

use leptos::prelude::*;
use zhixin_core::BadgeSummary;

use crate::components::dom::{el, host, Elem};
use crate::i18n::{honour_label, list_label, scheme_label};
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
                .child(el("span").attr("aria-hidden", "true").text("◆ "))
                .text(scheme_label(lang, *s))
                .text(" ")
                .child(el("b").text(g)),
        );
    }
    for k in &data.honour_kinds {
        ul = ul.child(
            el("li")
                .class("badge good")
                .child(el("span").attr("aria-hidden", "true").text("★ "))
                .text(honour_label(lang, *k)),
        );
    }
    ul
}

/// The badge list as a component.
#[component]
pub fn Badges(data: BadgeSummary) -> impl IntoView {
    host(badges(expect_context::<Ctx>(), &data))
}
