//! `?view=lists`: the blacklists (失信惩戒) and the red lists (守信激励: the
//! current grades per scheme and grade, the current honours per kind);
//! `?list=ID&p=N&sort=…&f=…` (and `&level=AAA` for a grade): one of them,
//! the entries in force (or current) for the viewer's today, paged, sortable
//! and filterable, each page a permalink.

use leptos::prelude::*;
use zhixin_core::{HonourKind, ListKind, Scheme, StableSort};

use crate::components::dom::{el, el_class, host, Elem};
use crate::components::notice::{data_error, skeleton};
use crate::data::{self, RollEntry};
use crate::i18n::{fill, honour_label, list_label, scheme_label, Lang, T};
use crate::nav::set_title;
use crate::route::{Roll, Route, Sort};
use crate::state::Ctx;

/// Entries per page.
pub const PAGE_SIZE: usize = 25;

/// The label of a roll in a language (质量诚信等级 AAA for a grade roll).
pub fn roll_label(lang: Lang, roll: Roll) -> String {
    match roll {
        Roll::List(k) => list_label(lang, k).into(),
        Roll::Honour(k) => honour_label(lang, k).into(),
        Roll::Grade(s, None) => scheme_label(lang, s).into(),
        Roll::Grade(s, Some(g)) => format!("{} {g}", scheme_label(lang, s)),
    }
}

/// The link to the first page of a roll.
pub fn roll_href(ctx: Ctx, roll: Roll) -> String {
    ctx.href(&Route::List {
        roll,
        page: 1,
        sort: Sort::default(),
        filter: String::new(),
    })
}

#[component]
pub fn ListsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    set_title(ctx.t(T::ListsTitle));
    let link = |roll: Roll| {
        let kind = match roll {
            Roll::List(k) if k.is_blacklist() => Some(T::Blacklist),
            Roll::List(_) => Some(T::Caution),
            Roll::Honour(_) | Roll::Grade(..) => None,
        };
        el("li").child(
            el("a")
                .attr("href", &roll_href(ctx, roll))
                .child(el("span").text(&roll_label(ctx.l(), roll)))
                .opt_child(kind.map(|k| el_class("span", "small").text(ctx.t(k)))),
        )
    };
    // A grade roll per grade of each scheme the registry has grades of
    // (every scheme until its metadata is read).
    let grades = move |meta: Option<&zhixin_core::Meta>| {
        let mut out = el("div");
        for s in Scheme::ALL
            .iter()
            .copied()
            .filter(|s| meta.is_none_or(|m| m.roll(s.id()).is_some()))
        {
            let rolls = std::iter::once(Roll::Grade(s, None))
                .chain(s.grades().iter().map(|g| Roll::Grade(s, Some(*g))));
            out = out.child(el("h4").text(scheme_label(ctx.l(), s))).child(
                el_class("ul", "roll-index grade-index").children(
                    rolls
                        .map(|r| {
                            let text = match r {
                                Roll::Grade(_, Some(g)) => g.to_string(),
                                _ => ctx.t(T::AllGrades).into(),
                            };
                            el("li").child(el("a").attr("href", &roll_href(ctx, r)).text(&text))
                        })
                        .collect(),
                ),
            );
        }
        out
    };
    let meta = LocalResource::new(data::meta);
    let head = host(
        el("div")
            .child(el("h1").text(ctx.t(T::ListsTitle)))
            .child(el("p").text(ctx.t(T::ListsIntro)))
            .child(crate::components::asof::control(ctx))
            .child(el("h2").text(ctx.t(T::BlackLists)))
            .child(
                el_class("ul", "roll-index")
                    .children(ListKind::ALL.iter().map(|k| link(Roll::List(*k))).collect()),
            )
            .child(el("h2").attr("id", "red-lists").text(ctx.t(T::RedLists)))
            .child(el("p").text(ctx.t(T::RedListsIntro)))
            .child(el("h3").text(ctx.t(T::HonourRolls)))
            .child(
                el_class("ul", "roll-index").children(
                    HonourKind::ALL
                        .iter()
                        .map(|k| link(Roll::Honour(*k)))
                        .collect(),
                ),
            )
            .child(el("h3").text(ctx.t(T::GradeRolls))),
    );
    view! {
        {head}
        {move || host(grades(meta.get().and_then(|m| m.ok()).as_deref()))}
    }
}

/// Filters, sorts and cuts a page out of a roll (presentation only: which
/// entries are in force was decided by the core). ASCII case folding is
/// enough for codes and Latin letters in names, and Unicode case tables
/// would cost the wasm tens of kilobytes.
pub fn page_of(
    entries: &[RollEntry],
    filter: &str,
    sort: Sort,
    page: usize,
) -> (Vec<RollEntry>, usize, usize) {
    let kept = filtered(entries, filter, sort);
    let total = kept.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let items = kept
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    (items, total, pages)
}

/// Every entry the filter keeps, in the order asked for (a page's, and the
/// whole list's CSV).
pub fn filtered(entries: &[RollEntry], filter: &str, sort: Sort) -> Vec<RollEntry> {
    let f = filter.trim().to_ascii_lowercase();
    let mut kept: Vec<RollEntry> = entries
        .iter()
        .filter(|e| {
            f.is_empty()
                || e.name.to_ascii_lowercase().contains(&f)
                || e.uscc.to_ascii_lowercase().contains(&f)
                || e.detail.to_ascii_lowercase().contains(&f)
        })
        .cloned()
        .collect();
    // One sort call with the order chosen inside the comparator, through the
    // core's `StableSort`: each `sort_by` is a separate copy of the sort in the wasm.
    kept.stable_sort_by(|a, b| {
        let by = match sort {
            Sort::Date => b.date.cmp(&a.date),
            Sort::DateAsc => a.date.cmp(&b.date),
            Sort::Name => a.name.cmp(&b.name),
        };
        by.then_with(|| a.uscc.cmp(&b.uscc))
    });
    kept
}

/// A count with thousands separators (12,345), as the search count prints it.
fn grouped(n: usize) -> String {
    zhixin_core::Count {
        at_least: n,
        more: false,
    }
    .grouped()
}

/// The whole list (as filtered and sorted) as CSV: code, name, detail, date.
pub fn list_csv(lang: Lang, roll: Roll, entries: &[RollEntry]) -> String {
    let (detail, date) = match roll {
        Roll::List(_) => (T::Reason, T::ListedOn),
        Roll::Honour(_) => (T::Title, T::AwardedOn),
        Roll::Grade(..) => (T::CurrentGrade, T::IssuedOn),
    };
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.uscc.clone(),
                e.name.clone(),
                e.detail.clone(),
                e.date.to_string(),
            ]
        })
        .collect();
    crate::text::csv(
        &[
            lang.t(T::Code),
            lang.t(T::Name),
            lang.t(detail),
            lang.t(date),
        ],
        &rows,
    )
}

/// A button that downloads the whole list as CSV, made when clicked (a
/// million-row list would be a heavy `href`).
fn csv_button(
    ctx: Ctx,
    roll: Roll,
    entries: std::rc::Rc<Vec<RollEntry>>,
    sort: Sort,
    filter: String,
) -> Elem {
    let text = fill(ctx.t(T::DownloadList), "n", &grouped(entries.len()));
    let lang = ctx.l();
    let day = ctx.day();
    el("button")
        .attr("type", "button")
        .class("download")
        .text(&text)
        .on(
            "click",
            Box::new(move |_| {
                let kept = filtered(&entries, &filter, sort);
                // A grade roll's file names its grade (quality-integrity-AAA-…).
                let name = match roll {
                    Roll::Grade(_, Some(g)) => format!("{}-{g}-{day}.csv", roll.id()),
                    _ => format!("{}-{day}.csv", roll.id()),
                };
                download(&name, &list_csv(lang, roll, &kept));
            }),
        )
}

/// Saves `text` as the file `name` through a temporary object URL.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let a = el("a").attr("href", &url).attr("download", name);
    if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(a.node()) {
        a.click();
    }
    // After the click has started the download.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
}

#[component]
pub fn ListPage(route: Memo<Route>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let params = Memo::new(move |_| match route.get() {
        Route::List {
            roll,
            page,
            sort,
            filter,
        } => (roll, page, sort, filter),
        _ => (
            Roll::List(ListKind::SeriousViolation),
            1,
            Sort::default(),
            String::new(),
        ),
    });
    let roll = Memo::new(move |_| params.get().0);
    Effect::new(move |_| set_title(&roll_label(ctx.l(), roll.get())));
    let entries = LocalResource::new(move || data::roll(roll.get(), ctx.day()));
    let go = move |page: usize, sort: Sort, filter: String, replace: bool| {
        let href = ctx.href(&Route::List {
            roll: roll.get_untracked(),
            page,
            sort,
            filter,
        });
        ctx.nav.go(&href, replace);
    };
    let go2 = go;
    view! {
        <p><a href=ctx.href(&Route::Lists)>{ctx.t(T::ListsTitle)}</a></p>
        <h1>{move || roll_label(ctx.l(), roll.get())}</h1>
        {host(crate::components::asof::control(ctx))}
        <form class="toolbar" on:submit=move |ev| ev.prevent_default()>
            <div class="field-row">
                <label for="roll-filter">{ctx.t(T::FilterText)}</label>
                <input id="roll-filter" type="search" autocomplete="off" prop:value=move || params.get().3
                    on:input:target=move |ev| { let (_, _, s, _) = params.get_untracked(); go(1, s, ev.target().value(), true) }/>
            </div>
            <div class="field-row">
                <label for="roll-sort">{ctx.t(T::SortBy)}</label>
                <select id="roll-sort" on:change:target=move |ev| { let (_, _, _, f) = params.get_untracked(); go2(1, Sort::parse(&ev.target().value()), f, false) }>
                    {Sort::ALL.into_iter().map(|s| {
                        let key = match s { Sort::Date => T::SortDate, Sort::DateAsc => T::SortDateAsc, Sort::Name => T::SortName };
                        view! { <option value=s.id() selected=move || params.get().2 == s>{ctx.t(key)}</option> }
                    }).collect_view()}
                </select>
            </div>
        </form>
        {move || {
            let (roll, page, sort, filter) = params.get();
            host(match entries.get() {
                None => skeleton(8),
                Some(Ok(all)) => {
                    let (items, total, pages) = page_of(&all.entries, &filter, sort, page);
                    let mut out = el("div");
                    for e in &all.errors {
                        out = out.opt_child(data_error(ctx, e));
                    }
                    let whole = std::rc::Rc::new(all.entries);
                    out.child(roll_table(ctx, roll, &items, total, page.min(pages), pages, sort, &filter))
                        .opt_child((total > 0).then(|| el_class("p", "list-tools").child(csv_button(ctx, roll, whole, sort, filter.clone()))))
                }
                Some(Err(e)) => data_error(ctx, &e).unwrap_or_else(|| el("div")),
            })
        }}
    }
}

#[allow(clippy::too_many_arguments)]
fn roll_table(
    ctx: Ctx,
    roll: Roll,
    items: &[RollEntry],
    total: usize,
    page: usize,
    pages: usize,
    sort: Sort,
    filter: &str,
) -> Elem {
    if items.is_empty() {
        return el_class("p", "note").text(ctx.t(T::ListEmpty));
    }
    let at = |p: usize| {
        ctx.href(&Route::List {
            roll,
            page: p,
            sort,
            filter: filter.to_string(),
        })
    };
    let (detail_key, date_key) = match roll {
        Roll::List(_) => (T::Reason, T::ListedOn),
        Roll::Honour(_) => (T::Title, T::AwardedOn),
        Roll::Grade(..) => (T::CurrentGrade, T::IssuedOn),
    };
    let mut body = el("tbody");
    for e in items {
        let href = ctx.href(&Route::Enterprise(e.uscc.clone()));
        body = body.child(
            el("tr")
                .child(
                    el("td")
                        .child(el("a").attr("href", &href).text(&e.name))
                        .child(el("br"))
                        .child(el_class("span", "code small").text(&e.uscc)),
                )
                .child(el("td").text(&e.detail))
                .child(
                    el_class("td", "num").child(
                        el("time")
                            .attr("datetime", &e.date.to_string())
                            .text(&e.date.to_string()),
                    ),
                ),
        );
    }
    let head = el("tr")
        .child(el("th").attr("scope", "col").text(ctx.t(T::Name)))
        .child(el("th").attr("scope", "col").text(ctx.t(detail_key)))
        .child(
            el_class("th", "num")
                .attr("scope", "col")
                .text(ctx.t(date_key)),
        );
    let page_text = fill(
        &fill(ctx.t(T::Page), "n", &page.to_string()),
        "m",
        &pages.to_string(),
    );
    let step = |target: Option<usize>, text: String, rel: &str| match target {
        Some(p) => el("a").attr("href", &at(p)).attr("rel", rel).text(&text),
        None => el_class("span", "disabled").text(&text),
    };
    let pager = el_class("nav", "pager")
        .attr("aria-label", &page_text)
        .child(step(
            (page > 1).then_some(1),
            format!("⇤ {}", ctx.t(T::First)),
            "first",
        ))
        .child(step(
            (page > 1).then(|| page - 1),
            format!("← {}", ctx.t(T::Prev)),
            "prev",
        ))
        .child(el("span").text(&page_text))
        .child(step(
            (page < pages).then_some(page + 1),
            format!("{} →", ctx.t(T::Next)),
            "next",
        ))
        .child(step(
            (page < pages).then_some(pages),
            format!("{} ⇥", ctx.t(T::Last)),
            "last",
        ));
    el("div")
        .child(
            el_class("p", "status-line")
                .attr("role", "status")
                .attr("data-total", &total.to_string())
                .text(&fill(ctx.t(T::Entries), "n", &grouped(total))),
        )
        .child(
            el_class("div", "table-wrap").child(
                el("table")
                    .child(el_class("caption", "sr").text(&roll_label(ctx.l(), roll)))
                    .child(el("thead").child(head))
                    .child(body),
            ),
        )
        .child(pager)
}

#[cfg(test)]
mod tests;
