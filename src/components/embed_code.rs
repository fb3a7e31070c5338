//! The "embed this" disclosure: the `<iframe>` code that puts a page of the
//! app (an enterprise's card, the lookup) in another site's article.

use crate::components::dom::{el, el_class, Elem};
use crate::i18n::T;
use crate::state::Ctx;
use crate::text::embed_code;

/// A disclosure with the `<iframe>` code that embeds `src` (an enterprise's
/// page, or the lookup) in an article, with a plain link to `full` for
/// readers without scripts.
pub fn embed_box(ctx: Ctx, summary: T, src: &str, full: &str, title: &str, height: u32) -> Elem {
    el_class("details", "embed")
        .child(el("summary").text(ctx.t(summary)))
        .child(
            el_class("p", "small")
                .attr("id", "embed-hint")
                .text(ctx.t(T::EmbedHint)),
        )
        .child(
            el("textarea")
                .attr("readonly", "")
                .attr("rows", "5")
                .attr("spellcheck", "false")
                .attr("aria-label", ctx.t(T::Embed))
                .attr("aria-describedby", "embed-hint")
                .text(&embed_code(src, full, title, height)),
        )
}
