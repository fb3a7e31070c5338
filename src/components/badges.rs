//! Status badges for a search result or an enterprise: each carries a word and
//! a symbol, so nothing depends on colour alone.

use leptos::prelude::*;
use zhixin_core::{ListKind, Scheme};

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

#[component]
pub fn Badges(data: BadgeData) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lists = data
        .in_force
        .iter()
        .map(|&k| {
            let (class, mark) = if k.is_blacklist() { ("badge bad", "⛔") } else { ("badge warn", "⚠") };
            view! { <li class=class><span aria-hidden="true">{mark}" "</span>{move || list_label(ctx.lang.get(), k)}</li> }
        })
        .collect_view();
    let grades = data
        .grades
        .iter()
        .cloned()
        .map(|(s, g)| {
            view! { <li class="badge grade"><span class="sr">{move || scheme_label(ctx.lang.get(), s)}" "</span><span aria-hidden="true" title=move || scheme_label(ctx.lang.get(), s)>{short_scheme(s)}</span>" "<b>{g}</b></li> }
        })
        .collect_view();
    let honours = (data.honours > 0).then(|| {
        let n = data.honours;
        view! { <li class="badge good"><span aria-hidden="true">"★ "</span>{move || ctx.t(T::BadgeHonours)}" "{n}</li> }
    });
    view! { <ul class="badges">{lists}{grades}{honours}</ul> }
}

/// A short visible tag for a scheme; the full name is read out and in the title.
fn short_scheme(s: Scheme) -> &'static str {
    match s {
        Scheme::QualityIntegrity => "诚信",
        Scheme::CreditRating => "信用",
        Scheme::QualityCredit => "质信",
    }
}
