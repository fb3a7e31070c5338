//! `?e=USCC`: one enterprise's quality-credit page, rendered from the core's
//! `EnterpriseView` computed against the viewer's today.
//!
//! The page is static once computed, so it is built with `components::dom`
//! (see there for why); every fact goes in as text.

use leptos::prelude::*;
use zhixin_core::{
    BadgeSummary, CheckResult, Day, Enterprise, EnterpriseView, GradeView, HonourView, ListingView,
    Scheme, SpotCheckView,
};

use crate::components::badges::badges;
use crate::components::changes::history;
use crate::components::cite::cite_box;
use crate::components::dom::{el, el_class, host, Elem};
use crate::components::embed_code::embed_box;
use crate::components::layout::{new_tab_link, open_full};
use crate::components::notice::{data_error, skeleton};
use crate::components::share_card::share_button;
use crate::components::source::source_line;
use crate::data;
use crate::i18n::{
    fill, honour_label, level_label, list_label, region_name, result_label, scheme_label, Lang, T,
};
use crate::nav::set_title;
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
    // The change feed's files, for the history section (not in an embed).
    let changes = LocalResource::new(move || async move {
        if ctx.embed {
            Ok(Vec::new())
        } else {
            data::changes().await
        }
    });
    let page = move || {
        let e = match record.get() {
            None => skeleton(6),
            Some(Ok(Some(e))) => detail(ctx, &e, ctx.day()),
            Some(Ok(None)) => not_found(ctx, &uscc.get_untracked()),
            Some(Err(err)) => el("div")
                .child(el_class("h1", "code").text(&uscc.get_untracked()))
                .opt_child(data_error(ctx, &err)),
        };
        host(e)
    };
    let history = move || match (record.get(), changes.get()) {
        (Some(Ok(Some(e))), Some(Ok(sets))) => history(ctx, &e.uscc, &sets).map(host),
        _ => None,
    };
    view! { {page} {history} }
}

fn not_found(ctx: Ctx, uscc: &str) -> Elem {
    set_title(uscc);
    let search = ctx.href(&Route::Search {
        q: uscc.into(),
        filters: Default::default(),
    });
    el("div")
        .child(el_class("h1", "code").text(uscc))
        .child(el_class("p", "note").text(ctx.t(T::NotFound)))
        .child(el("p").child(el("a").attr("href", &search).text(ctx.t(T::BackToSearch))))
}

/// The whole page of one enterprise as of `today` (a component for tests).
#[component]
pub fn EnterpriseDetail(record: Enterprise, today: Day) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    host(detail(ctx, &record, today))
}

fn detail(ctx: Ctx, record: &Enterprise, today: Day) -> Elem {
    let v = EnterpriseView::new(record, today);
    set_title(&v.name);
    let b = BadgeSummary::of(record, today);
    let meta = el("p")
        .class("meta-line")
        .child(el_class("span", "k").text(ctx.t(T::Code)).text(": "))
        .child(el_class("span", "code").text(&v.uscc))
        .opt_child(region_name(ctx.l(), v.region.as_deref(), &v.uscc).map(|r| {
            el("span")
                .text(" · ")
                .child(el_class("span", "k").text(ctx.t(T::Region)).text(": "))
                .text(&r)
        }));
    let head = el_class("header", "ent-head")
        .child(el("h1").text(&v.name))
        .child(meta)
        .child(badges(ctx, &b));
    // Looking at a watched enterprise's page (for today) is looking at it:
    // the watch page's changes start from what it shows now.
    if !ctx.embed && today == ctx.today {
        crate::components::watch::mark_seen(&v, today);
    }
    // The star remembers the status of today, even on a page as of another date.
    let head = if ctx.embed {
        head
    } else if today == ctx.today {
        head.child(crate::components::watch::star(ctx, &v, today))
    } else {
        let now = EnterpriseView::new(record, ctx.today);
        head.child(crate::components::watch::star(ctx, &now, ctx.today))
    };
    if ctx.embed {
        return el_class("article", "enterprise embed-card")
            .child(head)
            .child(status_banner(ctx, &v))
            .child(summary(ctx, &v));
    }
    el_class("article", "enterprise")
        .child(head)
        .child(status_banner(ctx, &v))
        .opt_child(trust_banner(ctx, &v))
        .child(crate::components::asof::control(ctx))
        .child(overview(ctx, &v))
        .child(grades(ctx, &v.grade_history))
        .child(section(
            ctx,
            "listings",
            T::Listings,
            v.listings.iter().map(|l| listing(ctx, l)).collect(),
        ))
        .child(section(
            ctx,
            "honours",
            T::Honours,
            v.honours.iter().map(|x| honour(ctx, x)).collect(),
        ))
        .child(section(
            ctx,
            "checks",
            T::SpotChecks,
            v.spot_checks.iter().map(|s| spot_check(ctx, s)).collect(),
        ))
        .opt_child(correction(ctx))
        .opt_child((!ctx.embed).then(|| share_button(ctx, &v)))
        .child(cite_box(
            ctx,
            &Route::Enterprise(v.uscc.clone()),
            &format!("{} · {}", v.name, ctx.t(T::AppName)),
            true,
        ))
        .opt_child((!ctx.embed).then(|| {
            embed_box(
                ctx,
                T::EmbedCard,
                &ctx.embed_src(&Route::Enterprise(v.uscc.clone())),
                &ctx.full_src(&Route::Enterprise(v.uscc.clone())),
                &format!("{} · 质信查", v.name),
                560,
            )
        }))
}

/// The embedded card's facts in brief: current grades per scheme, listings
/// in force, current honours, spot checks; the full record is a link away.
fn summary(ctx: Ctx, v: &EnterpriseView) -> Elem {
    let l = ctx.l();
    let (colon, open, sep, close) = if l == Lang::En {
        (": ", " (", ", ", ")")
    } else {
        ("：", "（", "，", "）")
    };
    let grades: Vec<String> = v
        .grade_history
        .iter()
        .filter(|g| g.current && v.grades.get(&g.scheme) == Some(&g.grade))
        .map(|g| {
            let scheme = scheme_label(l, g.scheme);
            format!(
                "{scheme}{colon}{}{open}{}{sep}{}{close}",
                g.grade, g.issued_by, g.issued_on
            )
        })
        .collect();
    let listings: Vec<String> = v
        .listings
        .iter()
        .filter(|x| x.in_force)
        .map(|x| {
            format!(
                "{}{open}{}{sep}{}{close}",
                list_label(l, x.list),
                x.listed_by,
                x.listed_on
            )
        })
        .collect();
    let current: Vec<&HonourView> = v.honours.iter().filter(|x| x.current).collect();
    let mut honours: Vec<String> = current
        .iter()
        .take(3)
        .map(|x| format!("{}{colon}{}", honour_label(l, x.kind), x.title))
        .collect();
    if current.len() > 3 {
        honours.push(fill(
            ctx.t(T::AndMore),
            "n",
            &(current.len() - 3).to_string(),
        ));
    }
    let checks = v
        .spot_checks
        .iter()
        .map(|c| c.published_on)
        .max()
        .map(|latest| {
            let failed = v
                .spot_checks
                .iter()
                .filter(|c| c.result == CheckResult::Fail)
                .count();
            let t = fill(
                ctx.t(T::ChecksSummary),
                "n",
                &v.spot_checks.len().to_string(),
            );
            fill(
                &fill(&t, "f", &failed.to_string()),
                "d",
                &latest.to_string(),
            )
        });
    let mut dl = el_class("dl", "facts");
    for (key, items) in [
        (T::CurrentGrade, grades),
        (T::InForceListings, listings),
        (T::CurrentHonours, honours),
        (T::SpotChecks, checks.into_iter().collect()),
    ] {
        dl = dl.child(el("dt").text(ctx.t(key)));
        if items.is_empty() {
            dl = dl.child(el_class("dd", "empty").text(ctx.t(T::NoneRecorded)));
        }
        for i in items {
            dl = dl.child(el("dd").text(&i));
        }
    }
    el("section")
        .attr("aria-label", ctx.t(T::Overview))
        .child(dl)
        .child(el("p").child(open_full(
            ctx,
            &Route::Enterprise(v.uscc.clone()),
            ctx.t(T::FullRecord),
        )))
}

/// Blacklisted / caution / no listing in force, with the date it was computed
/// for and the registry's as-of date beside it.
fn status_banner(ctx: Ctx, v: &EnterpriseView) -> Elem {
    // `data-status` is for scripts and tests (documented in the README).
    let (class, mark, key, status) = if v.blacklisted {
        ("status bad", "✖ ", T::StatusBlacklisted, "blacklisted")
    } else if !v.cautions.is_empty() {
        ("status warn", "⚠ ", T::StatusCaution, "caution")
    } else {
        ("status ok", "✓ ", T::StatusClear, "clear")
    };
    let computed = if v.as_of == ctx.today {
        T::StatusComputed
    } else {
        T::StatusComputedAsOf
    };
    let mut lists: Vec<&str> = Vec::new();
    for l in v.listings.iter().filter(|l| l.in_force) {
        let label = list_label(ctx.l(), l.list);
        if !lists.contains(&label) {
            lists.push(label);
        }
    }
    let as_of = ctx
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .and_then(|i| i.as_of);
    let small = el_class("p", "small")
        .text(&fill(ctx.t(computed), "d", &v.as_of.to_string()))
        .opt_child(as_of.map(|d| {
            el("span").text(" · ").text(ctx.t(T::AsOf)).text(" ").child(
                el("time")
                    .attr("datetime", &d.to_string())
                    .text(&d.to_string()),
            )
        }));
    el("section")
        .class(class)
        .attr("data-status", status)
        .attr("data-date", &v.as_of.to_string())
        .attr("aria-labelledby", "status-h")
        .child(
            el("h2")
                .attr("id", "status-h")
                .child(el("span").attr("aria-hidden", "true").text(mark))
                .text(ctx.t(key)),
        )
        .opt_child((!lists.is_empty()).then(|| el("p").text(&lists.join("、"))))
        .opt_child(repair(ctx, v))
        .child(small)
}

/// The trustworthy side beside the status banner (守信激励 as visible as
/// 失信惩戒): each current grade and each current honour's kind, linked to
/// its red list. None when the enterprise has neither.
fn trust_banner(ctx: Ctx, v: &EnterpriseView) -> Option<Elem> {
    use crate::pages::lists::{roll_href, roll_label};
    use crate::route::Roll;
    let mut items: Vec<Elem> = Vec::new();
    for (scheme, grade) in &v.grades {
        let level = scheme.grades().iter().copied().find(|g| g == grade);
        let roll = Roll::Grade(*scheme, level);
        items.push(
            el("li").child(
                el("a")
                    .attr("href", &roll_href(ctx, roll))
                    .text(scheme_label(ctx.l(), *scheme))
                    .text(" ")
                    .child(el_class("b", "grade-big").text(grade)),
            ),
        );
    }
    let mut kinds: Vec<zhixin_core::HonourKind> = Vec::new();
    for h in v.honours.iter().filter(|h| h.current) {
        if !kinds.contains(&h.kind) {
            kinds.push(h.kind);
        }
    }
    for k in kinds {
        let n = v
            .honours
            .iter()
            .filter(|h| h.current && h.kind == k)
            .count();
        let roll = Roll::Honour(k);
        let mut a = el("a")
            .attr("href", &roll_href(ctx, roll))
            .child(el("span").attr("aria-hidden", "true").text("★ "))
            .text(&roll_label(ctx.l(), roll));
        if n > 1 {
            a = a.text(&format!(" ×{n}"));
        }
        items.push(el("li").child(a));
    }
    if items.is_empty() {
        return None;
    }
    Some(
        el("section")
            .class("trust")
            .attr("aria-labelledby", "trust-h")
            .child(
                el("h2")
                    .attr("id", "trust-h")
                    .child(el("span").attr("aria-hidden", "true").text("✓ "))
                    .text(ctx.t(T::TrustBanner)),
            )
            .child(el_class("ul", "trust-list").children(items)),
    )
}

/// A titled section of fact cards, or "none recorded".
fn section(ctx: Ctx, id: &str, title: T, cards: Vec<Elem>) -> Elem {
    let hid = format!("{id}-h");
    let body = if cards.is_empty() {
        el_class("p", "empty").text(ctx.t(T::NoneRecorded))
    } else {
        el_class("ul", "cards").children(cards)
    };
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", &hid)
        .child(el("h2").attr("id", &hid).text(ctx.t(title)))
        .child(body)
}

fn overview(ctx: Ctx, v: &EnterpriseView) -> Elem {
    let rows: Vec<(T, Option<String>)> = vec![
        (
            T::FormerNames,
            (!v.former_names.is_empty()).then(|| v.former_names.join("、")),
        ),
        (
            T::Brands,
            (!v.brands.is_empty()).then(|| v.brands.join("、")),
        ),
        (T::Industry, v.industry.clone()),
        (T::Address, v.address.clone()),
        (T::RegStatus, v.status.clone()),
        (T::Established, v.established_on.map(|d| d.to_string())),
    ];
    let mut dl = el_class("dl", "facts");
    let mut any = false;
    for (k, val) in rows {
        if let Some(val) = val.filter(|s| !s.is_empty()) {
            any = true;
            dl = dl.child(el("dt").text(ctx.t(k))).child(el("dd").text(&val));
        }
    }
    el("section")
        .attr("id", "overview")
        .attr("aria-labelledby", "overview-h")
        .child(el("h2").attr("id", "overview-h").text(ctx.t(T::Overview)))
        .child(if any {
            dl
        } else {
            el_class("p", "empty").text(ctx.t(T::NoneRecorded))
        })
}

/// Labelled values of a fact card; absent values are left out.
fn fields(ctx: Ctx, rows: Vec<(T, Option<String>)>) -> Elem {
    let mut dl = el_class("dl", "fields");
    for (k, v) in rows {
        if let Some(v) = v.filter(|s| !s.is_empty()) {
            dl = dl.child(
                el_class("div", "f")
                    .child(el("dt").text(ctx.t(k)))
                    .child(el("dd").text(&v)),
            );
        }
    }
    dl
}

/// A state as a word and a symbol (never colour alone).
fn tag(ctx: Ctx, class: &str, mark: &str, key: T) -> Elem {
    el("span")
        .class(class)
        .child(el("span").attr("aria-hidden", "true").text(mark))
        .text(ctx.t(key))
}

fn on_off(ctx: Ctx, on: bool, yes: T, no: T) -> Elem {
    if on {
        tag(ctx, "tag on", "● ", yes)
    } else {
        tag(ctx, "tag off", "○ ", no)
    }
}

/// A fact card: a head line, fields and the source.
fn card(class: &str, head: Elem, fields: Elem, source: Elem) -> Elem {
    el("li")
        .class(class)
        .child(head)
        .child(fields)
        .child(source)
}

fn until(ctx: Ctx, d: Option<Day>) -> Option<String> {
    Some(
        d.map(|d| d.to_string())
            .unwrap_or_else(|| ctx.t(T::NoExpiry).into()),
    )
}

fn grades(ctx: Ctx, items: &[GradeView]) -> Elem {
    let mut sec = el("section")
        .attr("id", "grades")
        .attr("aria-labelledby", "grades-h")
        .child(el("h2").attr("id", "grades-h").text(ctx.t(T::Grades)))
        .child(el_class("p", "small").text(ctx.t(T::GradesNote)));
    let schemes: Vec<Scheme> = Scheme::ALL
        .iter()
        .copied()
        .filter(|s| items.iter().any(|g| g.scheme == *s))
        .collect();
    if schemes.is_empty() {
        return sec.child(el_class("p", "empty").text(ctx.t(T::NoneRecorded)));
    }
    for s in schemes {
        let history: Vec<&GradeView> = items.iter().filter(|g| g.scheme == s).collect();
        let current = history.iter().find(|g| g.current).map(|g| g.grade.clone());
        let cur = el_class("p", "current-grade")
            .text(ctx.t(T::CurrentGrade))
            .text(": ")
            .child(match current {
                Some(g) => el_class("b", "grade-big").text(&g),
                None => el("span").text(ctx.t(T::NoCurrentGrade)),
            });
        let entries = history
            .into_iter()
            .map(|g| {
                let head = el_class("p", "card-head")
                    .child(el_class("b", "grade").text(&g.grade))
                    .text(" ")
                    .child(on_off(ctx, g.current, T::Current, T::Expired));
                let f = fields(
                    ctx,
                    vec![
                        (T::IssuedBy, Some(g.issued_by.clone())),
                        (T::IssuedOn, Some(g.issued_on.to_string())),
                        (T::ValidUntil, until(ctx, g.valid_until)),
                        (T::Notice, g.note.clone()),
                    ],
                );
                card(
                    if g.current { "card current" } else { "card" },
                    head,
                    f,
                    source_line(ctx, &g.source),
                )
            })
            .collect();
        sec = sec.child(
            el_class("div", "scheme")
                .child(el("h3").text(scheme_label(ctx.l(), s)))
                .child(cur)
                .child(el_class("h4", "sr").text(ctx.t(T::History)))
                .child(el_class("ol", "timeline").children(entries)),
        );
    }
    sec
}

fn listing(ctx: Ctx, l: &ListingView) -> Elem {
    let class = match (l.in_force, l.list.is_blacklist()) {
        (true, true) => "card bad",
        (true, false) => "card warn",
        _ => "card",
    };
    // Three different ends, never confused: annulled (never in force),
    // removed after credit repair (in force until then), and the rest (ran
    // out by the time rules, or removed for another reason, which it names).
    let state = if l.annulled {
        tag(ctx, "tag off", "⊘ ", T::Annulled)
    } else if l.repaired {
        tag(ctx, "tag repaired", "↺ ", T::Repaired)
    } else {
        on_off(ctx, l.in_force, T::InForce, T::NotInForce)
    };
    let head = el_class("p", "card-head")
        .child(el("b").text(list_label(ctx.l(), l.list)))
        .text(" ")
        .child(state);
    let f = fields(
        ctx,
        vec![
            (T::Reason, Some(l.reason.clone())),
            (T::Basis, l.basis.clone()),
            (T::ListedBy, Some(l.listed_by.clone())),
            (T::DocumentNo, l.source.document_no.clone()),
            (T::ListedOn, Some(l.listed_on.to_string())),
            (T::RemovedOn, l.removed_on.map(|d| d.to_string())),
            (T::EndsOn, l.ends_on.map(|d| d.to_string())),
            (T::RemovalReason, l.removal_reason.clone()),
            (T::RemovedBy, l.removed_by.clone()),
        ],
    );
    card(class, head, f, source_line(ctx, &l.source))
}

fn honour(ctx: Ctx, x: &HonourView) -> Elem {
    let head = el_class("p", "card-head")
        .child(el("b").text(&x.title))
        .text(" ")
        .child(on_off(ctx, x.current, T::Current, T::Expired));
    let f = fields(
        ctx,
        vec![
            (T::Kind, Some(honour_label(ctx.l(), x.kind).into())),
            (T::Brands, x.brand.clone()),
            (T::Product, x.product.clone()),
            (T::Level, x.level.map(|l| level_label(ctx.l(), l).into())),
            (T::AwardedBy, Some(x.awarded_by.clone())),
            (T::AwardedOn, Some(x.awarded_on.to_string())),
            (T::ValidUntil, until(ctx, x.valid_until)),
            (T::CertificateNo, x.certificate_no.clone()),
        ],
    );
    card(
        if x.current { "card good" } else { "card" },
        head,
        f,
        source_line(ctx, &x.source),
    )
}

fn spot_check(ctx: Ctx, s: &SpotCheckView) -> Elem {
    let fail = s.result == CheckResult::Fail;
    let result = el("span")
        .class(if fail { "tag fail" } else { "tag on" })
        .child(
            el("span")
                .attr("aria-hidden", "true")
                .text(if fail { "✗ " } else { "✓ " }),
        )
        .text(result_label(ctx.l(), s.result));
    let head = el_class("p", "card-head")
        .child(el("b").text(&s.product))
        .text(" ")
        .child(result);
    let f = fields(
        ctx,
        vec![
            (
                T::FailedItems,
                (!s.failed_items.is_empty()).then(|| s.failed_items.join("、")),
            ),
            (T::PublishedOn, Some(s.published_on.to_string())),
            (T::CheckedBy, Some(s.checked_by.clone())),
            (T::Brands, s.brand.clone()),
            (T::Model, s.model.clone()),
            (T::Batch, s.batch.clone()),
            (T::SampledUnit, s.sampled_unit.clone()),
            (T::Lab, s.lab.clone()),
        ],
    );
    card(
        if fail { "card warn" } else { "card" },
        head,
        f,
        source_line(ctx, &s.source),
    )
}

/// The publisher's credit-repair channel (`repair_url`), on the full page of
/// an enterprise with a listing in force, linked only when it is http(s).
fn repair(ctx: Ctx, v: &EnterpriseView) -> Option<Elem> {
    // Not in an embedded card, whose one outside link is to the full page.
    if ctx.embed || !v.listings.iter().any(|l| l.in_force) {
        return None;
    }
    let url = ctx
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .and_then(|i| i.repair_url.clone())?;
    let url = safe_href(&url)?;
    Some(el_class("p", "repair").child(new_tab_link(
        ctx,
        url,
        "noopener noreferrer",
        ctx.t(T::RepairChannel),
    )))
}

/// The publisher's correction channel, linked only when it is http(s).
fn correction(ctx: Ctx) -> Option<Elem> {
    let url = ctx
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .and_then(|i| i.correction_url.clone())?;
    let url = safe_href(&url)?;
    Some(
        el_class("p", "correction").child(
            el("a")
                .attr("href", url)
                .attr("rel", "noopener noreferrer")
                .attr("target", "_blank")
                .text(ctx.t(T::ReportError)),
        ),
    )
}
