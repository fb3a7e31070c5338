//! `?view=about`: who publishes the registry, as of when, how status is
//! computed, that it is not a credit rating and that the issuing authority's
//! publication prevails.

use leptos::prelude::*;

use crate::components::dom::{h, hc, host, E};
use crate::data::Info;
use crate::i18n::{fill, T};
use crate::pages::enterprise::{embed_box, set_title};
use crate::route::Route;
use crate::state::Ctx;
use crate::text::safe_href;

fn publisher(ctx: Ctx, i: &Info) -> E {
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
    let mut dl = hc("dl", "facts");
    for (k, v) in rows {
        if let Some(v) = v {
            dl = dl.ch(h("dt").tx(ctx.t(k))).ch(h("dd").tx(&v));
        }
    }
    let correction = i.correction_url.as_deref().and_then(safe_href).map(|u| {
        h("p").tx(ctx.t(T::AboutCorrection)).tx(" ").ch(h("a")
            .at("href", u)
            .at("rel", "noopener noreferrer")
            .at("target", "_blank")
            .tx(ctx.t(T::ReportError)))
    });
    h("div").ch(dl).opt(correction)
}

fn section(id: &str, title: &str, body: Vec<E>) -> E {
    let hid = format!("{id}-h");
    h("section")
        .at("aria-labelledby", &hid)
        .ch(h("h2").at("id", &hid).tx(title))
        .kids(body)
}

#[component]
pub fn AboutPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    set_title(ctx.t(T::AboutTitle));
    move || {
        let info = ctx.info.get().and_then(|r| r.ok());
        let demo = info.as_ref().filter(|i| i.demo).map(|_| {
            hc("p", "banner demo")
                .ch(h("strong").tx("演示数据 / demo data"))
                .tx(" · ")
                .tx(ctx.t(T::AboutDemo))
        });
        host(
            hc("article", "prose")
                .ch(h("h1").tx(ctx.t(T::AboutTitle)))
                .opt(demo)
                .ch(section(
                    "who",
                    ctx.t(T::Publisher),
                    info.map(|i| vec![publisher(ctx, &i)]).unwrap_or_default(),
                ))
                .ch(section(
                    "how",
                    ctx.t(T::AboutHow),
                    vec![h("p").tx(ctx.t(T::AboutHowText))],
                ))
                .ch(section(
                    "rating",
                    ctx.t(T::NotRating),
                    vec![
                        h("p").tx(ctx.t(T::AboutNotRating)),
                        h("p").ch(h("strong").tx(ctx.t(T::Prevails))),
                        h("p").tx(ctx.t(T::AboutPrivacy)),
                    ],
                ))
                .opt((!ctx.embed).then(|| {
                    section(
                        "embed",
                        ctx.t(T::Embed),
                        vec![embed_box(
                            ctx,
                            T::EmbedLookup,
                            &ctx.embed_src(&Route::default()),
                            "质信查",
                            560,
                        )],
                    )
                })),
        )
    }
}
