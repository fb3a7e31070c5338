//! `?e=USCC`: one enterprise's quality-credit page, rendered from the core's
//! `EnterpriseView` computed against the viewer's today.
//!
//! The page is static once computed, so it is built with `components::dom`
//! (see there for why); every fact goes in as text.

use leptos::prelude::*;
use zhixin_core::{
    region, CheckResult, Day, Enterprise, EnterpriseView, GradeView, HonourView, ListingView,
    Scheme, SpotCheckView,
};

use crate::components::badges::{badges, BadgeData};
use crate::components::dom::{h, hc, host, E};
use crate::components::layout::open_full;
use crate::components::notice::{data_error, skeleton};
use crate::components::source::source_line;
use crate::data;
use crate::i18n::{
    fill, honour_label, level_label, list_label, result_label, scheme_label, Lang, T,
};
use crate::route::Route;
use crate::state::Ctx;
use crate::text::{iframe_code, safe_href};

#[component]
pub fn EnterprisePage(route: Memo<Route>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let uscc = Memo::new(move |_| match route.get() {
        Route::Enterprise(u) => u,
        _ => String::new(),
    });
    let record = LocalResource::new(move || data::enterprise(uscc.get()));
    move || {
        let e = match record.get() {
            None => skeleton(6),
            Some(Ok(Some(e))) => detail(ctx, &e, ctx.today),
            Some(Ok(None)) => not_found(ctx, &uscc.get_untracked()),
            Some(Err(err)) => h("div")
                .ch(hc("h1", "code").tx(&uscc.get_untracked()))
                .opt(data_error(ctx, &err)),
        };
        host(e)
    }
}

fn not_found(ctx: Ctx, uscc: &str) -> E {
    set_title(uscc);
    let search = ctx.href(&Route::Search {
        q: uscc.into(),
        filters: Default::default(),
    });
    h("div")
        .ch(hc("h1", "code").tx(uscc))
        .ch(hc("p", "note").tx(ctx.t(T::NotFound)))
        .ch(h("p").ch(h("a").at("href", &search).tx(ctx.t(T::BackToSearch))))
}

/// Sets the document title (one per page, for history and search engines).
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · 质信查"));
}

/// The whole page of one enterprise as of `today` (a component for tests).
#[component]
pub fn EnterpriseDetail(record: Enterprise, today: Day) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    host(detail(ctx, &record, today))
}

/// The region's name: as published, else the province from the code.
pub fn region_name(lang: Lang, published: Option<&str>, uscc: &str) -> Option<String> {
    published.map(str::to_string).or_else(|| {
        region::province_of_uscc(uscc).map(|p| {
            if lang == Lang::En {
                p.en.to_string()
            } else {
                p.zh.to_string()
            }
        })
    })
}

fn detail(ctx: Ctx, record: &Enterprise, today: Day) -> E {
    let v = EnterpriseView::new(record, today);
    set_title(&v.name);
    let mut in_force = Vec::new();
    for l in v.listings.iter().filter(|l| l.in_force) {
        if !in_force.contains(&l.list) {
            in_force.push(l.list);
        }
    }
    let b = BadgeData {
        blacklisted: v.blacklisted,
        in_force,
        grades: v.grades.iter().map(|(s, g)| (*s, g.clone())).collect(),
        honours: v.honours.iter().filter(|h| h.current).count(),
    };
    let meta = h("p")
        .cls("meta-line")
        .ch(hc("span", "k").tx(ctx.t(T::Code)).tx(": "))
        .ch(hc("span", "code").tx(&v.uscc))
        .opt(region_name(ctx.l(), v.region.as_deref(), &v.uscc).map(|r| {
            h("span")
                .tx(" · ")
                .ch(hc("span", "k").tx(ctx.t(T::Region)).tx(": "))
                .tx(&r)
        }));
    let head = hc("header", "ent-head")
        .ch(h("h1").tx(&v.name))
        .ch(meta)
        .ch(badges(ctx, &b));
    if ctx.embed {
        return hc("article", "enterprise embed-card")
            .ch(head)
            .ch(status_banner(ctx, &v))
            .ch(summary(ctx, &v));
    }
    hc("article", "enterprise")
        .ch(head)
        .ch(status_banner(ctx, &v))
        .ch(overview(ctx, &v))
        .ch(grades(ctx, &v.grade_history))
        .ch(section(
            ctx,
            "listings",
            T::Listings,
            v.listings.iter().map(|l| listing(ctx, l)).collect(),
        ))
        .ch(section(
            ctx,
            "honours",
            T::Honours,
            v.honours.iter().map(|x| honour(ctx, x)).collect(),
        ))
        .ch(section(
            ctx,
            "checks",
            T::SpotChecks,
            v.spot_checks.iter().map(|s| spot_check(ctx, s)).collect(),
        ))
        .opt(correction(ctx))
        .opt((!ctx.embed).then(|| {
            embed_box(
                ctx,
                T::EmbedCard,
                &ctx.embed_src(&Route::Enterprise(v.uscc.clone())),
                &format!("{} · 质信查", v.name),
                560,
            )
        }))
}

/// The embedded card's facts in brief: current grades per scheme, listings
/// in force, current honours, spot checks; the full record is a link away.
fn summary(ctx: Ctx, v: &EnterpriseView) -> E {
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
    let mut dl = hc("dl", "facts");
    for (key, items) in [
        (T::CurrentGrade, grades),
        (T::InForceListings, listings),
        (T::CurrentHonours, honours),
        (T::SpotChecks, checks.into_iter().collect()),
    ] {
        dl = dl.ch(h("dt").tx(ctx.t(key)));
        if items.is_empty() {
            dl = dl.ch(hc("dd", "empty").tx(ctx.t(T::NoneRecorded)));
        }
        for i in items {
            dl = dl.ch(h("dd").tx(&i));
        }
    }
    h("section")
        .at("aria-label", ctx.t(T::Overview))
        .ch(dl)
        .ch(h("p").ch(open_full(
            ctx,
            &Route::Enterprise(v.uscc.clone()),
            ctx.t(T::FullRecord),
        )))
}

/// A disclosure with the `<iframe>` code that embeds `src` (an enterprise's
/// page, or the lookup) in an article.
pub fn embed_box(ctx: Ctx, summary: T, src: &str, title: &str, height: u32) -> E {
    hc("details", "embed")
        .ch(h("summary").tx(ctx.t(summary)))
        .ch(hc("p", "small")
            .at("id", "embed-hint")
            .tx(ctx.t(T::EmbedHint)))
        .ch(h("textarea")
            .at("readonly", "")
            .at("rows", "4")
            .at("spellcheck", "false")
            .at("aria-label", ctx.t(T::Embed))
            .at("aria-describedby", "embed-hint")
            .tx(&iframe_code(src, title, height)))
}

/// Blacklisted / caution / no listing in force, with the date it was computed
/// for and the registry's as-of date beside it.
fn status_banner(ctx: Ctx, v: &EnterpriseView) -> E {
    let (class, mark, key) = if v.blacklisted {
        ("status bad", "✖ ", T::StatusBlacklisted)
    } else if !v.cautions.is_empty() {
        ("status warn", "⚠ ", T::StatusCaution)
    } else {
        ("status ok", "✓ ", T::StatusClear)
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
    let small = hc("p", "small")
        .tx(&fill(ctx.t(T::StatusComputed), "d", &v.as_of.to_string()))
        .opt(as_of.map(|d| {
            h("span")
                .tx(" · ")
                .tx(ctx.t(T::AsOf))
                .tx(" ")
                .ch(h("time").at("datetime", &d.to_string()).tx(&d.to_string()))
        }));
    h("section")
        .cls(class)
        .at("aria-labelledby", "status-h")
        .ch(h("h2")
            .at("id", "status-h")
            .ch(h("span").at("aria-hidden", "true").tx(mark))
            .tx(ctx.t(key)))
        .opt((!lists.is_empty()).then(|| h("p").tx(&lists.join("、"))))
        .ch(small)
}

/// A titled section of fact cards, or "none recorded".
fn section(ctx: Ctx, id: &str, title: T, cards: Vec<E>) -> E {
    let hid = format!("{id}-h");
    let body = if cards.is_empty() {
        hc("p", "empty").tx(ctx.t(T::NoneRecorded))
    } else {
        hc("ul", "cards").kids(cards)
    };
    h("section")
        .at("id", id)
        .at("aria-labelledby", &hid)
        .ch(h("h2").at("id", &hid).tx(ctx.t(title)))
        .ch(body)
}

fn overview(ctx: Ctx, v: &EnterpriseView) -> E {
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
    let mut dl = hc("dl", "facts");
    let mut any = false;
    for (k, val) in rows {
        if let Some(val) = val.filter(|s| !s.is_empty()) {
            any = true;
            dl = dl.ch(h("dt").tx(ctx.t(k))).ch(h("dd").tx(&val));
        }
    }
    h("section")
        .at("id", "overview")
        .at("aria-labelledby", "overview-h")
        .ch(h("h2").at("id", "overview-h").tx(ctx.t(T::Overview)))
        .ch(if any {
            dl
        } else {
            hc("p", "empty").tx(ctx.t(T::NoneRecorded))
        })
}

/// Labelled values of a fact card; absent values are left out.
fn fields(ctx: Ctx, rows: Vec<(T, Option<String>)>) -> E {
    let mut dl = hc("dl", "fields");
    for (k, v) in rows {
        if let Some(v) = v.filter(|s| !s.is_empty()) {
            dl = dl.ch(hc("div", "f").ch(h("dt").tx(ctx.t(k))).ch(h("dd").tx(&v)));
        }
    }
    dl
}

/// A state as a word and a symbol (never colour alone).
fn tag(ctx: Ctx, class: &str, mark: &str, key: T) -> E {
    h("span")
        .cls(class)
        .ch(h("span").at("aria-hidden", "true").tx(mark))
        .tx(ctx.t(key))
}

fn on_off(ctx: Ctx, on: bool, yes: T, no: T) -> E {
    if on {
        tag(ctx, "tag on", "● ", yes)
    } else {
        tag(ctx, "tag off", "○ ", no)
    }
}

/// A fact card: a head line, fields and the source.
fn card(class: &str, head: E, fields: E, source: E) -> E {
    h("li").cls(class).ch(head).ch(fields).ch(source)
}

fn until(ctx: Ctx, d: Option<Day>) -> Option<String> {
    Some(
        d.map(|d| d.to_string())
            .unwrap_or_else(|| ctx.t(T::NoExpiry).into()),
    )
}

fn grades(ctx: Ctx, items: &[GradeView]) -> E {
    let mut sec = h("section")
        .at("id", "grades")
        .at("aria-labelledby", "grades-h")
        .ch(h("h2").at("id", "grades-h").tx(ctx.t(T::Grades)))
        .ch(hc("p", "small").tx(ctx.t(T::GradesNote)));
    let schemes: Vec<Scheme> = Scheme::ALL
        .iter()
        .copied()
        .filter(|s| items.iter().any(|g| g.scheme == *s))
        .collect();
    if schemes.is_empty() {
        return sec.ch(hc("p", "empty").tx(ctx.t(T::NoneRecorded)));
    }
    for s in schemes {
        let history: Vec<&GradeView> = items.iter().filter(|g| g.scheme == s).collect();
        let current = history.iter().find(|g| g.current).map(|g| g.grade.clone());
        let cur = hc("p", "current-grade")
            .tx(ctx.t(T::CurrentGrade))
            .tx(": ")
            .ch(match current {
                Some(g) => hc("b", "grade-big").tx(&g),
                None => h("span").tx(ctx.t(T::NoCurrentGrade)),
            });
        let entries = history
            .into_iter()
            .map(|g| {
                let head = hc("p", "card-head")
                    .ch(hc("b", "grade").tx(&g.grade))
                    .tx(" ")
                    .ch(on_off(ctx, g.current, T::Current, T::Expired));
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
        sec = sec.ch(hc("div", "scheme")
            .ch(h("h3").tx(scheme_label(ctx.l(), s)))
            .ch(cur)
            .ch(hc("h4", "sr").tx(ctx.t(T::History)))
            .ch(hc("ol", "timeline").kids(entries)));
    }
    sec
}

fn listing(ctx: Ctx, l: &ListingView) -> E {
    let class = match (l.in_force, l.list.is_blacklist()) {
        (true, true) => "card bad",
        (true, false) => "card warn",
        _ => "card",
    };
    let state = if l.annulled {
        tag(ctx, "tag off", "⊘ ", T::Annulled)
    } else {
        on_off(ctx, l.in_force, T::InForce, T::NotInForce)
    };
    let head = hc("p", "card-head")
        .ch(h("b").tx(list_label(ctx.l(), l.list)))
        .tx(" ")
        .ch(state);
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
        ],
    );
    card(class, head, f, source_line(ctx, &l.source))
}

fn honour(ctx: Ctx, x: &HonourView) -> E {
    let head = hc("p", "card-head")
        .ch(h("b").tx(&x.title))
        .tx(" ")
        .ch(on_off(ctx, x.current, T::Current, T::Expired));
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

fn spot_check(ctx: Ctx, s: &SpotCheckView) -> E {
    let fail = s.result == CheckResult::Fail;
    let result = h("span")
        .cls(if fail { "tag fail" } else { "tag on" })
        .ch(h("span")
            .at("aria-hidden", "true")
            .tx(if fail { "✗ " } else { "✓ " }))
        .tx(result_label(ctx.l(), s.result));
    let head = hc("p", "card-head")
        .ch(h("b").tx(&s.product))
        .tx(" ")
        .ch(result);
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

/// The publisher's correction channel, linked only when it is http(s).
fn correction(ctx: Ctx) -> Option<E> {
    let url = ctx
        .info
        .get_untracked()
        .and_then(|r| r.ok())
        .and_then(|i| i.correction_url.clone())?;
    let url = safe_href(&url)?;
    Some(
        hc("p", "correction").ch(h("a")
            .at("href", url)
            .at("rel", "noopener noreferrer")
            .at("target", "_blank")
            .tx(ctx.t(T::ReportError))),
    )
}
