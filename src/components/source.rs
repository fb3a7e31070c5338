//! A fact's source: the publisher's citation, document number and an
//! `http(s)` link; anything else is shown as text, never linked.

use zhixin_core::SourceView;

use crate::components::dom::{h, hc, E};
use crate::i18n::T;
use crate::state::Ctx;
use crate::text::safe_href;

pub fn source_line(ctx: Ctx, source: &SourceView) -> E {
    let mut p = hc("p", "source")
        .ch(hc("span", "k").tx(ctx.t(T::Source)).tx(": "))
        .ch(h("span").tx(&source.source));
    if let Some(d) = &source.document_no {
        p = p
            .tx(" · ")
            .ch(hc("span", "k").tx(ctx.t(T::DocumentNo)).tx(": "))
            .ch(h("span").tx(d));
    }
    if let Some(url) = &source.source_url {
        p = match safe_href(url) {
            Some(u) => p.tx(" · ").ch(h("a")
                .at("href", u)
                .at("rel", "noopener noreferrer nofollow")
                .at("target", "_blank")
                .tx(ctx.t(T::SourceLink))),
            // A URL that is not http(s) stays visible as text so nothing is hidden.
            None => p.tx(" · ").ch(hc("span", "raw").tx(url)),
        };
    }
    p
}
