//! `?e=USCC`: one enterprise's quality-credit page, rendered from the core's
//! `EnterpriseView` computed against the viewer's today.

use leptos::prelude::*;
use zhixin_core::{
    region, CheckResult, Day, Enterprise, EnterpriseView, GradeView, HonourView, ListingView,
    Scheme, SpotCheckView,
};

use crate::components::badges::{BadgeData, Badges};
use crate::components::notice::{DataErrorNote, Skeleton};
use crate::components::source::SourceLine;
use crate::data;
use crate::i18n::{
    fill, honour_label, level_label, list_label, result_label, scheme_label, Lang, T,
};
use crate::route::Route;
use crate::state::Ctx;
use crate::text::safe_href;

#[component]
pub fn EnterprisePage(route: Memo<Route>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let uscc = Memo::new(move |_| match route.get() {
        Route::Enterprise(u) => u,
        _ => String::new(),
    });
    let record = LocalResource::new(move || data::enterprise(uscc.get()));
    view! {
        <Transition fallback=|| view! { <Skeleton lines=6/> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(Some(e)) => view! { <EnterpriseDetail record=e today=ctx.today/> }.into_any(),
                    Ok(None) => view! { <NotFound uscc=uscc.get_untracked()/> }.into_any(),
                    Err(e) => view! { <h1 class="code">{uscc.get_untracked()}</h1><DataErrorNote error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn NotFound(uscc: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let search = ctx.href(&Route::Search {
        q: uscc.clone(),
        filters: Default::default(),
    });
    set_title(&uscc);
    view! {
        <h1 class="code">{uscc}</h1>
        <p class="note">{move || ctx.t(T::NotFound)}</p>
        <p><a href=search>{move || ctx.t(T::BackToSearch)}</a></p>
    }
}

/// Sets the document title (one per page, for history and search engines).
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · 质信查"));
}

/// The whole page of one enterprise as of `today`.
#[component]
pub fn EnterpriseDetail(record: Enterprise, today: Day) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let v = EnterpriseView::new(&record, today);
    set_title(&v.name);
    let province = region::province_of_uscc(&v.uscc);
    let region_text = move || v_region(ctx.lang.get(), province);
    let badges = BadgeData {
        blacklisted: v.blacklisted,
        in_force: v
            .listings
            .iter()
            .filter(|l| l.in_force)
            .map(|l| l.list)
            .fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            }),
        grades: v.grades.iter().map(|(s, g)| (*s, g.clone())).collect(),
        honours: v.honours.iter().filter(|h| h.current).count(),
    };
    let region_pub = v.region.clone();
    view! {
        <article class="enterprise">
            <header class="ent-head">
                <h1>{v.name.clone()}</h1>
                <p class="meta-line">
                    <span class="k">{move || ctx.t(T::Code)}": "</span><span class="code">{v.uscc.clone()}</span>
                    {move || region_pub.clone().or_else(region_text).map(|r| view! { " · " <span class="k">{ctx.t(T::Region)}": "</span><span>{r}</span> })}
                </p>
                <Badges data=badges/>
            </header>
            <StatusBanner view=v.clone()/>
            <Overview view=v.clone()/>
            <Grades items=v.grade_history.clone()/>
            <Listings items=v.listings.clone()/>
            <Honours items=v.honours.clone()/>
            <SpotChecks items=v.spot_checks.clone()/>
            <Correction uscc=v.uscc.clone()/>
        </article>
    }
}

fn v_region(lang: Lang, p: Option<&'static region::Province>) -> Option<String> {
    p.map(|p| {
        if lang == Lang::En {
            p.en.to_string()
        } else {
            p.zh.to_string()
        }
    })
}

/// Blacklisted / caution / no listing in force, with the date it was computed for
/// and the registry's as-of date beside it.
#[component]
fn StatusBanner(view: EnterpriseView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (class, mark, key) = if view.blacklisted {
        ("status bad", "⛔", T::StatusBlacklisted)
    } else if !view.cautions.is_empty() {
        ("status warn", "⚠", T::StatusCaution)
    } else {
        ("status ok", "✓", T::StatusClear)
    };
    let lists: Vec<_> = view
        .listings
        .iter()
        .filter(|l| l.in_force)
        .map(|l| l.list)
        .collect();
    let today = view.as_of.to_string();
    view! {
        <section class=class aria-labelledby="status-h">
            <h2 id="status-h"><span aria-hidden="true">{mark}" "</span>{move || ctx.t(key)}</h2>
            {(!lists.is_empty()).then(|| {
                let lists = lists.clone();
                view! { <p>{move || lists.iter().map(|k| list_label(ctx.lang.get(), *k)).collect::<Vec<_>>().join("、")}</p> }
            })}
            <p class="small">
                {move || fill(ctx.t(T::StatusComputed), "d", &today)}
                {move || ctx.info.get().and_then(|r| r.ok()).and_then(|i| i.as_of).map(|d| view! { " · " {ctx.t(T::AsOf)}" "<time datetime=d.to_string()>{d.to_string()}</time> })}
            </p>
        </section>
    }
}

#[component]
fn Overview(view: EnterpriseView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let row = move |key: T, value: Option<String>| {
        value
            .filter(|v| !v.is_empty())
            .map(|v| view! { <dt>{move || ctx.t(key)}</dt><dd>{v}</dd> })
    };
    let join = |v: &[String]| (!v.is_empty()).then(|| v.join("、"));
    view! {
        <section aria-labelledby="overview-h">
            <h2 id="overview-h">{move || ctx.t(T::Overview)}</h2>
            <dl class="facts">
                {row(T::FormerNames, join(&view.former_names))}
                {row(T::Brands, join(&view.brands))}
                {row(T::Industry, view.industry.clone())}
                {row(T::Address, view.address.clone())}
                {row(T::RegStatus, view.status.clone())}
                {row(T::Established, view.established_on.map(|d| d.to_string()))}
            </dl>
        </section>
    }
}

/// A labelled value in a fact card; absent values are left out.
fn field(ctx: Ctx, key: T, value: Option<String>) -> impl IntoView {
    value
        .filter(|v| !v.is_empty())
        .map(|v| view! { <div class="f"><dt>{move || ctx.t(key)}</dt><dd>{v}</dd></div> })
}

/// A yes/no state as a word and a symbol (never colour alone).
fn state_tag(ctx: Ctx, on: bool, yes: T, no: T) -> impl IntoView {
    let (class, mark, key) = if on {
        ("tag on", "●", yes)
    } else {
        ("tag off", "○", no)
    };
    view! { <span class=class><span aria-hidden="true">{mark}" "</span>{move || ctx.t(key)}</span> }
}

#[component]
fn Grades(items: Vec<GradeView>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let schemes: Vec<Scheme> = Scheme::ALL
        .iter()
        .copied()
        .filter(|s| items.iter().any(|g| g.scheme == *s))
        .collect();
    let body = if schemes.is_empty() {
        view! { <p class="empty">{move || ctx.t(T::NoneRecorded)}</p> }.into_any()
    } else {
        schemes
            .into_iter()
            .map(|s| {
                let history: Vec<GradeView> = items.iter().filter(|g| g.scheme == s).cloned().collect();
                let current = history.iter().find(|g| g.current).map(|g| g.grade.clone());
                let entries = history.into_iter().map(|g| view! { <GradeEntry g=g/> }).collect_view();
                view! {
                    <div class="scheme">
                        <h3>{move || scheme_label(ctx.lang.get(), s)}</h3>
                        <p class="current-grade">
                            {move || ctx.t(T::CurrentGrade)}": "
                            {match current.clone() {
                                Some(g) => view! { <b class="grade-big">{g}</b> }.into_any(),
                                None => view! { <span>{ctx.t(T::NoCurrentGrade)}</span> }.into_any(),
                            }}
                        </p>
                        <h4 class="sr">{move || ctx.t(T::History)}</h4>
                        <ol class="timeline">{entries}</ol>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section aria-labelledby="grades-h">
            <h2 id="grades-h">{move || ctx.t(T::Grades)}</h2>
            <p class="small">{move || ctx.t(T::GradesNote)}</p>
            {body}
        </section>
    }
}

#[component]
fn GradeEntry(g: GradeView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let until = g.valid_until.map(|d| d.to_string());
    view! {
        <li class=if g.current { "card current" } else { "card" }>
            <p class="card-head"><b class="grade">{g.grade.clone()}</b>" "{state_tag(ctx, g.current, T::Current, T::Expired)}</p>
            <dl class="fields">
                {field(ctx, T::IssuedBy, Some(g.issued_by.clone()))}
                {field(ctx, T::IssuedOn, Some(g.issued_on.to_string()))}
                <div class="f"><dt>{move || ctx.t(T::ValidUntil)}</dt><dd>{move || until.clone().unwrap_or_else(|| ctx.t(T::NoExpiry).into())}</dd></div>
                {field(ctx, T::Notice, g.note.clone())}
            </dl>
            <SourceLine source=g.source.clone()/>
        </li>
    }
}

#[component]
fn Listings(items: Vec<ListingView>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let body = if items.is_empty() {
        view! { <p class="empty">{move || ctx.t(T::NoneRecorded)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{items.into_iter().map(|l| view! { <ListingEntry l=l/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="listings-h">
            <h2 id="listings-h">{move || ctx.t(T::Listings)}</h2>
            {body}
        </section>
    }
}

#[component]
fn ListingEntry(l: ListingView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kind = l.list;
    let class = match (l.in_force, kind.is_blacklist()) {
        (true, true) => "card bad",
        (true, false) => "card warn",
        _ => "card",
    };
    let tag = if l.annulled {
        view! { <span class="tag off"><span aria-hidden="true">"⊘ "</span>{move || ctx.t(T::Annulled)}</span> }.into_any()
    } else {
        state_tag(ctx, l.in_force, T::InForce, T::NotInForce).into_any()
    };
    view! {
        <li class=class>
            <p class="card-head"><b>{move || list_label(ctx.lang.get(), kind)}</b>" "{tag}</p>
            <dl class="fields">
                {field(ctx, T::Reason, Some(l.reason.clone()))}
                {field(ctx, T::Basis, l.basis.clone())}
                {field(ctx, T::ListedBy, Some(l.listed_by.clone()))}
                {field(ctx, T::DocumentNo, l.source.document_no.clone())}
                {field(ctx, T::ListedOn, Some(l.listed_on.to_string()))}
                {field(ctx, T::RemovedOn, l.removed_on.map(|d| d.to_string()))}
                {field(ctx, T::EndsOn, l.ends_on.map(|d| d.to_string()))}
                {field(ctx, T::RemovalReason, l.removal_reason.clone())}
            </dl>
            <SourceLine source=l.source.clone()/>
        </li>
    }
}

#[component]
fn Honours(items: Vec<HonourView>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let body = if items.is_empty() {
        view! { <p class="empty">{move || ctx.t(T::NoneRecorded)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{items.into_iter().map(|h| view! { <HonourEntry h=h/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="honours-h">
            <h2 id="honours-h">{move || ctx.t(T::Honours)}</h2>
            {body}
        </section>
    }
}

#[component]
fn HonourEntry(h: HonourView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kind = h.kind;
    let level = h.level;
    let until = h.valid_until.map(|d| d.to_string());
    view! {
        <li class=if h.current { "card good" } else { "card" }>
            <p class="card-head"><b>{h.title.clone()}</b>" "{state_tag(ctx, h.current, T::Current, T::Expired)}</p>
            <dl class="fields">
                <div class="f"><dt>{move || ctx.t(T::Honours)}</dt><dd>{move || honour_label(ctx.lang.get(), kind)}</dd></div>
                {field(ctx, T::Brands, h.brand.clone())}
                {field(ctx, T::Product, h.product.clone())}
                {level.map(|l| view! { <div class="f"><dt>{move || ctx.t(T::Level)}</dt><dd>{move || level_label(ctx.lang.get(), l)}</dd></div> })}
                {field(ctx, T::AwardedBy, Some(h.awarded_by.clone()))}
                {field(ctx, T::AwardedOn, Some(h.awarded_on.to_string()))}
                <div class="f"><dt>{move || ctx.t(T::ValidUntil)}</dt><dd>{move || until.clone().unwrap_or_else(|| ctx.t(T::NoExpiry).into())}</dd></div>
                {field(ctx, T::CertificateNo, h.certificate_no.clone())}
            </dl>
            <SourceLine source=h.source.clone()/>
        </li>
    }
}

#[component]
fn SpotChecks(items: Vec<SpotCheckView>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let body = if items.is_empty() {
        view! { <p class="empty">{move || ctx.t(T::NoneRecorded)}</p> }.into_any()
    } else {
        view! { <ul class="cards">{items.into_iter().map(|s| view! { <SpotCheckEntry s=s/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="checks-h">
            <h2 id="checks-h">{move || ctx.t(T::SpotChecks)}</h2>
            {body}
        </section>
    }
}

#[component]
fn SpotCheckEntry(s: SpotCheckView) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let result = s.result;
    let (class, mark) = match result {
        CheckResult::Pass => ("tag on", "✓"),
        CheckResult::Fail => ("tag fail", "✗"),
    };
    let failed = (!s.failed_items.is_empty()).then(|| s.failed_items.join("、"));
    view! {
        <li class=if result == CheckResult::Fail { "card warn" } else { "card" }>
            <p class="card-head"><b>{s.product.clone()}</b>" "<span class=class><span aria-hidden="true">{mark}" "</span>{move || result_label(ctx.lang.get(), result)}</span></p>
            <dl class="fields">
                {field(ctx, T::FailedItems, failed)}
                {field(ctx, T::PublishedOn, Some(s.published_on.to_string()))}
                {field(ctx, T::CheckedBy, Some(s.checked_by.clone()))}
                {field(ctx, T::Brands, s.brand.clone())}
                {field(ctx, T::Model, s.model.clone())}
                {field(ctx, T::Batch, s.batch.clone())}
                {field(ctx, T::SampledUnit, s.sampled_unit.clone())}
                {field(ctx, T::Lab, s.lab.clone())}
            </dl>
            <SourceLine source=s.source.clone()/>
        </li>
    }
}

/// The publisher's correction channel, linked only when it is http(s).
#[component]
fn Correction(uscc: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let _ = uscc;
    move || {
        let url = ctx
            .info
            .get()
            .and_then(|r| r.ok())
            .and_then(|i| i.correction_url.clone());
        url.and_then(|u| safe_href(&u).map(str::to_string)).map(|u| {
            view! { <p class="correction"><a href=u rel="noopener noreferrer" target="_blank">{ctx.t(T::ReportError)}</a></p> }
        })
    }
}
