//! Status badges for a search result or an enterprise: each carries a word and
//! a symbol, so nothing depends on colour alone.

use leptos::prelude::*;
use zhixin_core::{ListKind, Scheme};

use crate::components::dom::{h, host, E};
use crate::i18n::{list_label, scheme_label, T};
use crate::state::Ctx;

/// What the badges show, computed by the core's time rules for the viewer's today.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BadgeData {
    pub blacklisted: bool,
    /// Lists in force (blacklists and cautions).
    pub in_force: Vec<ListKind>,
    /// Current grade per scheme.
    pub grades: Vec<(Scheme, String)>,
    /// Number of current honours.
    pub honours: usize,
}

/// The badge list.
pub fn badges(ctx: Ctx, data: &BadgeData) -> E {
    let lang = ctx.l();
    let mut ul = h("ul").cls("badges");
    for &k in &data.in_force {
        let (class, mark) = if k.is_blacklist() {
            ("badge bad", "✖ ")
        } else {
            ("badge warn", "⚠ ")
        };
        ul = ul.ch(h("li")
            .cls(class)
            .ch(h("span").at("aria-hidden", "true").tx(mark))
            .tx(list_label(lang, k)));
    }
    for (s, g) in &data.grades {
        ul = ul.ch(h("li")
            .cls("badge grade")
            .tx(scheme_label(lang, *s))
            .tx(" ")
            .ch(h("b").tx(g)));
    }
    if data.honours > 0 {
        ul = ul.ch(h("li")
            .cls("badge good")
            .ch(h("span").at("aria-hidden", "true").tx("★ "))
            .tx(ctx.t(T::BadgeHonours))
            .tx(" ")
            .tx(&data.honours.to_string()));
    }
    ul
}

/// The badge list as a component.
#[component]
pub fn Badges(data: BadgeData) -> impl IntoView {
    host(badges(expect_context::<Ctx>(), &data))
}
