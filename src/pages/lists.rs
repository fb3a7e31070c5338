//! `?view=lists`: the lists and honour rolls; `?list=ID&p=N&sort=…&f=…`: one
//! of them, the entries in force (or current) for the viewer's today, paged,
//! sortable and filterable, each page a permalink.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use zhixin_core::{HonourKind, ListKind};

use crate::components::notice::{DataErrorNote, Skeleton};
use crate::data::{self, RollEntry};
use crate::i18n::{fill, honour_label, list_label, Lang, T};
use crate::pages::enterprise::set_title;
use crate::route::{Roll, Route, Sort};
use crate::state::Ctx;

/// Entries per page.
pub const PAGE_SIZE: usize = 25;

/// The label of a roll in a language.
pub fn roll_label(lang: Lang, roll: Roll) -> &'static str {
    match roll {
        Roll::List(k) => list_label(lang, k),
        Roll::Honour(k) => honour_label(lang, k),
    }
}

#[component]
pub fn ListsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    Effect::new(move |_| set_title(ctx.t(T::ListsTitle)));
    let link = move |roll: Roll| {
        let href = ctx.href(&Route::List {
            roll,
            page: 1,
            sort: Sort::default(),
            filter: String::new(),
        });
        let kind = match roll {
            Roll::List(k) if k.is_blacklist() => Some(T::Blacklist),
            Roll::List(_) => Some(T::Caution),
            Roll::Honour(_) => None,
        };
        view! {
            <li><a href=href>
                <span>{move || roll_label(ctx.lang.get(), roll)}</span>
                {kind.map(|k| view! { <span class="small">{move || ctx.t(k)}</span> })}
            </a></li>
        }
    };
    view! {
        <h1>{move || ctx.t(T::ListsTitle)}</h1>
        <p>{move || ctx.t(T::ListsIntro)}</p>
        <h2>{move || ctx.t(T::BlackLists)}</h2>
        <ul class="roll-index">{ListKind::ALL.iter().map(|k| link(Roll::List(*k))).collect_view()}</ul>
        <h2>{move || ctx.t(T::HonourRolls)}</h2>
        <ul class="roll-index">{HonourKind::ALL.iter().map(|k| link(Roll::Honour(*k))).collect_view()}</ul>
    }
}

/// Filters, sorts and cuts a page out of a roll (presentation only: which
/// entries are in force was decided by the core).
pub fn page_of(
    entries: &[RollEntry],
    filter: &str,
    sort: Sort,
    page: usize,
) -> (Vec<RollEntry>, usize, usize) {
    let f = filter.trim().to_lowercase();
    let mut kept: Vec<RollEntry> = entries
        .iter()
        .filter(|e| {
            f.is_empty()
                || e.name.to_lowercase().contains(&f)
                || e.uscc.to_lowercase().contains(&f)
                || e.detail.to_lowercase().contains(&f)
        })
        .cloned()
        .collect();
    match sort {
        Sort::Date => kept.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.uscc.cmp(&b.uscc))),
        Sort::DateAsc => kept.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uscc.cmp(&b.uscc))),
        Sort::Name => kept.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.uscc.cmp(&b.uscc))),
    }
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
    Effect::new(move |_| set_title(roll_label(ctx.lang.get(), roll.get())));
    let entries = LocalResource::new(move || data::roll(roll.get(), ctx.today));
    let navigate = use_navigate();
    let go = move |page: usize, sort: Sort, filter: String, replace: bool| {
        let href = ctx.href(&Route::List {
            roll: roll.get_untracked(),
            page,
            sort,
            filter,
        });
        navigate(
            &href,
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let go2 = go.clone();
    view! {
        <p><a href=ctx.href(&Route::Lists)>{move || ctx.t(T::ListsTitle)}</a></p>
        <h1>{move || roll_label(ctx.lang.get(), roll.get())}</h1>
        <form class="toolbar" on:submit=move |ev| ev.prevent_default()>
            <div class="field-row">
                <label for="roll-filter">{move || ctx.t(T::FilterText)}</label>
                <input id="roll-filter" type="search" autocomplete="off" prop:value=move || params.get().3
                    on:input:target=move |ev| { let (_, _, s, _) = params.get_untracked(); go(1, s, ev.target().value(), true) }/>
            </div>
            <div class="field-row">
                <label for="roll-sort">{move || ctx.t(T::SortBy)}</label>
                <select id="roll-sort" on:change:target=move |ev| { let (_, _, _, f) = params.get_untracked(); go2(1, Sort::parse(&ev.target().value()), f, false) }>
                    {Sort::ALL.into_iter().map(|s| {
                        let key = match s { Sort::Date => T::SortDate, Sort::DateAsc => T::SortDateAsc, Sort::Name => T::SortName };
                        view! { <option value=s.id() selected=move || params.get().2 == s>{move || ctx.t(key)}</option> }
                    }).collect_view()}
                </select>
            </div>
        </form>
        <Transition fallback=|| view! { <Skeleton lines=8/> }>
            {move || Suspend::new(async move {
                let (roll, page, sort, filter) = params.get();
                match entries.await {
                    Ok(all) => {
                        let (items, total, pages) = page_of(&all, &filter, sort, page);
                        view! { <RollTable roll=roll items=items total=total page=page.min(pages) pages=pages sort=sort filter=filter/> }.into_any()
                    }
                    Err(e) => view! { <DataErrorNote error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RollTable(
    roll: Roll,
    items: Vec<RollEntry>,
    total: usize,
    page: usize,
    pages: usize,
    sort: Sort,
    filter: String,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    if items.is_empty() {
        return view! { <p class="note">{move || ctx.t(T::ListEmpty)}</p> }.into_any();
    }
    let at = move |p: usize| {
        ctx.href(&Route::List {
            roll,
            page: p,
            sort,
            filter: filter.clone(),
        })
    };
    let prev = (page > 1).then(|| at(page - 1));
    let next = (page < pages).then(|| at(page + 1));
    let detail_key = match roll {
        Roll::List(_) => T::Reason,
        Roll::Honour(_) => T::Title,
    };
    let date_key = match roll {
        Roll::List(_) => T::ListedOn,
        Roll::Honour(_) => T::AwardedOn,
    };
    let rows = items
        .into_iter()
        .map(|e| {
            let href = ctx.href(&Route::Enterprise(e.uscc.clone()));
            view! {
                <tr>
                    <td><a href=href>{e.name.clone()}</a><br/><span class="code small">{e.uscc.clone()}</span></td>
                    <td>{e.detail.clone()}</td>
                    <td class="num"><time datetime=e.date.to_string()>{e.date.to_string()}</time></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="status-line" role="status">{move || fill(ctx.t(T::Entries), "n", &total.to_string())}</p>
        <div class="table-wrap">
            <table>
                <caption class="sr">{move || roll_label(ctx.lang.get(), roll)}</caption>
                <thead><tr>
                    <th scope="col">{move || ctx.t(T::Name)}</th>
                    <th scope="col">{move || ctx.t(detail_key)}</th>
                    <th scope="col" class="num">{move || ctx.t(date_key)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || fill(&fill(ctx.t(T::Page), "n", &page.to_string()), "m", &pages.to_string())>
            {match prev { Some(h) => view! { <a href=h rel="prev">"← "{move || ctx.t(T::Prev)}</a> }.into_any(), None => view! { <span class="disabled">"← "{move || ctx.t(T::Prev)}</span> }.into_any() }}
            <span>{move || fill(&fill(ctx.t(T::Page), "n", &page.to_string()), "m", &pages.to_string())}</span>
            {match next { Some(h) => view! { <a href=h rel="next">{move || ctx.t(T::Next)}" →"</a> }.into_any(), None => view! { <span class="disabled">{move || ctx.t(T::Next)}" →"</span> }.into_any() }}
        </nav>
    }
    .into_any()
}
