//! A fact's source: the publisher's citation, document number and an
//! `http(s)` link; anything else is shown as text, never linked.

use zhixin_core::SourceView;

use crate::components::dom::{el, el_class, Elem};
use crate::i18n::T;
use crate::state::Ctx;
use crate::text::safe_href;

pub fn source_line(ctx: Ctx, source: &SourceView) -> Elem {
    let mut p = el_class("p", "source")
        .child(el_class("span", "k").text(ctx.t(T::Source)).text(": "))
        .child(el("span").text(&source.source));
    if let Some(d) = &source.document_no {
        p = p
            .text(" · ")
            .child(el_class("span", "k").text(ctx.t(T::DocumentNo)).text(": "))
            .child(el("span").text(d));
    }
    if let Some(url) = &source.source_url {
        p = match safe_href(url) {
            Some(u) => p.text(" · ").child(
                el("a")
                    .attr("href", u)
                    .attr("rel", "noopener noreferrer nofollow")
                    .attr("target", "_blank")
                    .text(ctx.t(T::SourceLink)),
            ),
            // A URL that is not http(s) stays visible as text so nothing is hidden.
            None => p.text(" · ").child(el_class("span", "raw").text(url)),
        };
    }
    p
}
