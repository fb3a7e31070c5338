//! `?view=about`: who publishes the registry, as of when, how status is
//! computed, that it is not a credit rating and that the issuing authority's
//! publication prevails.

use leptos::prelude::*;

use crate::i18n::{fill, T};
use crate::pages::enterprise::set_title;
use crate::state::Ctx;
use crate::text::safe_href;

#[component]
pub fn AboutPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    Effect::new(move |_| set_title(ctx.t(T::AboutTitle)));
    let info = move || ctx.info.get().and_then(|r| r.ok());
    view! {
        <article class="prose">
            <h1>{move || ctx.t(T::AboutTitle)}</h1>
            {move || info().filter(|i| i.demo).map(|_| view! { <p class="banner demo"><strong>"演示数据 / demo data"</strong>" · "{ctx.t(T::AboutDemo)}</p> })}
            <section aria-labelledby="who-h">
                <h2 id="who-h">{move || ctx.t(T::Publisher)}</h2>
                {move || info().map(|i| {
                    let correction = i.correction_url.as_deref().and_then(safe_href).map(str::to_string);
                    view! {
                        <dl class="facts">
                            {i.title.clone().map(|t| view! { <dt>{ctx.t(T::AppName)}</dt><dd>{t}</dd> })}
                            {i.publisher.clone().map(|p| view! { <dt>{ctx.t(T::Publisher)}</dt><dd>{p}</dd> })}
                            {i.as_of.map(|d| view! { <dt>{ctx.t(T::AsOf)}</dt><dd><time datetime=d.to_string()>{d.to_string()}</time></dd> })}
                            {i.enterprises.map(|n| view! { <dt>{ctx.t(T::Enterprises)}</dt><dd>{n.to_string()}</dd> })}
                            {i.refresh_days.map(|n| view! { <dt>{ctx.t(T::RefreshDays)}</dt><dd>{fill(ctx.t(T::Days), "n", &n.to_string())}</dd> })}
                            {i.notice.clone().map(|n| view! { <dt>{ctx.t(T::Notice)}</dt><dd>{n}</dd> })}
                        </dl>
                        {correction.map(|u| view! { <p>{ctx.t(T::AboutCorrection)}" "<a href=u rel="noopener noreferrer" target="_blank">{ctx.t(T::ReportError)}</a></p> })}
                    }
                })}
            </section>
            <section aria-labelledby="how-h">
                <h2 id="how-h">{move || ctx.t(T::AboutHow)}</h2>
                <p>{move || ctx.t(T::AboutHowText)}</p>
            </section>
            <section aria-labelledby="rating-h">
                <h2 id="rating-h">{move || ctx.t(T::NotRating)}</h2>
                <p>{move || ctx.t(T::AboutNotRating)}</p>
                <p><strong>{move || ctx.t(T::Prevails)}</strong></p>
                <p>{move || ctx.t(T::AboutPrivacy)}</p>
            </section>
        </article>
    }
}
