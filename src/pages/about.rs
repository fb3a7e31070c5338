//! `?view=about`: who publishes the registry, as of when, how status is
//! computed, that it is not a credit rating and that the issuing authority's
//! publication prevails.

use leptos::prelude::*;

use crate::components::dom::{el, el_class, host, Elem};
use crate::components::embed_code::embed_box;
use crate::data::{Info, Trust};
use crate::i18n::{fill, T};
use crate::nav::set_title;
use crate::route::Route;
use crate::state::Ctx;
use crate::text::safe_href;

fn publisher(ctx: Ctx, i: &Info) -> Elem {
    let rows: Vec<(T, Option<String>)> = vec![
        (T::AppName, i.title.clone()),
        (T::Publisher, i.publisher.clone()),
        (T::AsOf, i.as_of.map(|d| d.to_string())),
        (T::Enterprises, i.enterprises.map(|n| n.to_string())),
        (
            T::RefreshDays,
            i.refresh_days
                .map(|n| fill(ctx.t(T::Days), "n", &n.to_string())),
        ),
        (T::Notice, i.notice.clone()),
    ];
    let mut dl = el_class("dl", "facts");
    for (k, v) in rows {
        if let Some(v) = v {
            dl = dl.child(el("dt").text(ctx.t(k))).child(el("dd").text(&v));
        }
    }
    let correction = i.correction_url.as_deref().and_then(safe_href).map(|u| {
        el("p").text(ctx.t(T::AboutCorrection)).text(" ").child(
            el("a")
                .attr("href", u)
                .attr("rel", "noopener noreferrer")
                .attr("target", "_blank")
                .text(ctx.t(T::ReportError)),
        )
    });
    el("div").child(dl).opt_child(correction)
}

/// What the signature says, in words, with the key's id when verified.
fn signature(ctx: Ctx) -> Vec<Elem> {
    match ctx.trust.get() {
        Some(Trust::Verified { .. }) => vec![
            el("p").opt_child(crate::components::layout::signed_by(ctx)),
            el("p").text(ctx.t(T::SignatureVerified)),
        ],
        Some(Trust::NoKey) => vec![el("p").text(ctx.t(T::SignatureNoKey))],
        // The banner above every page says it and what to do.
        Some(Trust::Failed { .. }) => vec![el("p").text(ctx.t(T::TrustFailed))],
        Some(Trust::Unsigned { .. }) => vec![el("p").text(ctx.t(T::TrustUnsigned))],
        Some(Trust::Unknown) | None => vec![el("p").text(ctx.t(T::SignatureUnknown))],
    }
}

fn section(id: &str, title: &str, body: Vec<Elem>) -> Elem {
    let hid = format!("{id}-h");
    el("section")
        .attr("aria-labelledby", &hid)
        .child(el("h2").attr("id", &hid).text(title))
        .children(body)
}

#[component]
pub fn AboutPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    set_title(ctx.t(T::AboutTitle));
    move || {
        let info = ctx.info.get().and_then(|r| r.ok());
        let demo = info.as_ref().filter(|i| i.demo).map(|_| {
            el_class("p", "banner demo")
                .child(el("strong").text("演示数据 / demo data"))
                .text(" · ")
                .text(ctx.t(T::AboutDemo))
        });
        host(
            el_class("article", "prose")
                .child(el("h1").text(ctx.t(T::AboutTitle)))
                .opt_child(demo)
                .child(section(
                    "who",
                    ctx.t(T::Publisher),
                    info.map(|i| vec![publisher(ctx, &i)]).unwrap_or_default(),
                ))
                .child(section("signature", ctx.t(T::Signature), signature(ctx)))
                .child(section(
                    "how",
                    ctx.t(T::AboutHow),
                    vec![el("p").text(ctx.t(T::AboutHowText))],
                ))
                .child(section(
                    "rating",
                    ctx.t(T::NotRating),
                    vec![
                        el("p").text(ctx.t(T::AboutNotRating)),
                        el("p").child(el("strong").text(ctx.t(T::Prevails))),
                        el("p").text(ctx.t(T::AboutPrivacy)),
                    ],
                ))
                .child(section(
                    "changes",
                    ctx.l().pick("变动", "變動", "What changed"),
                    vec![
                        el("p").child(el("a").attr("href", &ctx.href(&Route::Changes)).text(
                            ctx.l().pick(
                                "每次发布与上一次相比的变动",
                                "每次發布與上一次相比的變動",
                                "What changed in each publication",
                            ),
                        )),
                    ],
                ))
                .opt_child((!ctx.embed).then(|| {
                    section(
                        "embed",
                        ctx.t(T::Embed),
                        vec![embed_box(
                            ctx,
                            T::EmbedLookup,
                            &ctx.embed_src(&Route::default()),
                            &ctx.full_src(&Route::default()),
                            "质信查",
                            560,
                        )],
                    )
                })),
        )
    }
}
