//! The search page (home, `?q=…` with filters): results update as the person
//! types (debounced; a newer search aborts the older one's requests), with
//! filters, keyboard navigation, "did you mean" for a mistyped code, and
//! empty and no-match states that help.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;
use zhixin_core::{region, Scheme};

use crate::components::badges::Badges;
use crate::components::notice::{DataErrorNote, Skeleton};
use crate::data::{self, ResultItem, SearchOutcome};
use crate::i18n::{fill, scheme_label, Lang, T};
use crate::pages::enterprise::set_title;
use crate::route::{Route, SearchFilters};
use crate::state::Ctx;

/// How long typing must pause before a search starts.
const DEBOUNCE: Duration = Duration::from_millis(180);

#[component]
pub fn SearchPage(route: Memo<Route>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let params = Memo::new(move |_| match route.get() {
        Route::Search { q, filters } => (q, filters),
        _ => (String::new(), SearchFilters::default()),
    });
    let text = RwSignal::new(params.get_untracked().0);
    // Back/forward (or a link) changed the address: show its query in the box.
    Effect::new(move |_| {
        let q = params.get().0;
        if text.get_untracked() != q {
            text.set(q);
        }
    });
    Effect::new(move |_| {
        let q = params.get().0;
        set_title(if q.is_empty() { ctx.t(T::Tagline) } else { &q });
    });

    let navigate = use_navigate();
    let go = {
        let navigate = navigate.clone();
        move |q: String, filters: SearchFilters, replace: bool| {
            let href = ctx.href(&Route::Search { q, filters });
            navigate(
                &href,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let on_input = {
        let go = go.clone();
        move |value: String| {
            text.set(value.clone());
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let go = go.clone();
            let filters = params.get_untracked().1;
            // Typing replaces the history entry, so Back leaves the search
            // rather than stepping through every prefix typed.
            let h = set_timeout_with_handle(move || go(value, filters, true), DEBOUNCE).ok();
            pending.set_value(h);
        }
    };
    let set_filters = {
        let go = go.clone();
        move |f: SearchFilters| go(text.get_untracked(), f, false)
    };

    let outcome = LocalResource::new(move || {
        let (q, f) = params.get();
        data::search(q, f, ctx.today)
    });

    let on_box_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "ArrowDown" {
            ev.prevent_default();
            focus_result(0);
        }
    };

    view! {
        <h1 class="sr">{move || ctx.t(T::EmptyTitle)}</h1>
        <form class="search-form" role="search" on:submit=move |ev| ev.prevent_default()>
            <label for="q">{move || ctx.t(T::SearchLabel)}</label>
            <input
                id="q"
                name="q"
                class="search-box"
                type="search"
                autocomplete="off"
                autocapitalize="off"
                spellcheck="false"
                enterkeyhint="search"
                aria-describedby="q-hint"
                aria-controls="results"
                placeholder=move || ctx.t(T::SearchPlaceholder)
                prop:value=move || text.get()
                on:input:target=move |ev| on_input(ev.target().value())
                on:keydown=on_box_key
            />
            <p id="q-hint" class="hint">{move || ctx.t(T::SearchHint)}</p>
            <FilterPanel filters=Signal::derive(move || params.get().1) set=set_filters/>
        </form>
        <Transition fallback=|| view! { <Skeleton lines=4/> }>
            {move || Suspend::new(async move {
                let (q, f) = params.get_untracked();
                match outcome.await {
                    Ok(o) => view! { <Results outcome=o query=q filters=f/> }.into_any(),
                    Err(e) => view! { <DataErrorNote error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Moves focus to the `i`-th result link (clamped); used by the arrow keys.
fn focus_result(i: isize) {
    let Ok(list) = document().query_selector_all("#results a.result") else {
        return;
    };
    let n = list.length() as isize;
    if n == 0 {
        return;
    }
    let i = i.clamp(0, n - 1) as u32;
    if let Some(el) = list
        .item(i)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Arrow keys move between results; Escape (or Up from the first) returns to the box.
fn on_results_key(ev: leptos::ev::KeyboardEvent) {
    let key = ev.key();
    if !matches!(
        key.as_str(),
        "ArrowDown" | "ArrowUp" | "Escape" | "Home" | "End"
    ) {
        return;
    }
    let Ok(list) = document().query_selector_all("#results a.result") else {
        return;
    };
    let active = document().active_element();
    let mut at = -1isize;
    for i in 0..list.length() {
        if let (Some(a), Some(n)) = (&active, list.item(i)) {
            if a.is_same_node(Some(&n)) {
                at = i as isize;
            }
        }
    }
    ev.prevent_default();
    let focus_box = || {
        if let Some(b) = document()
            .get_element_by_id("q")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = b.focus();
        }
    };
    match key.as_str() {
        "ArrowDown" => focus_result(at + 1),
        "ArrowUp" if at <= 0 => focus_box(),
        "ArrowUp" => focus_result(at - 1),
        "Home" => focus_result(0),
        "End" => focus_result(isize::MAX / 2),
        _ => focus_box(),
    }
}

#[component]
fn FilterPanel(
    filters: Signal<SearchFilters>,
    set: impl Fn(SearchFilters) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let open = move || !filters.get().is_empty();
    let update = move |f: &dyn Fn(&mut SearchFilters)| {
        let mut next = filters.get_untracked();
        f(&mut next);
        next
    };
    let (s1, s2, s3, s4, s5, s6) = (
        set.clone(),
        set.clone(),
        set.clone(),
        set.clone(),
        set.clone(),
        set,
    );
    let scheme_options = Scheme::ALL
        .iter()
        .map(|s| {
            let s = *s;
            view! { <option value=s.id() selected=move || filters.get().scheme == Some(s)>{move || scheme_label(ctx.lang.get(), s)}</option> }
        })
        .collect_view();
    let region_options = region::PROVINCES
        .iter()
        .map(|p| {
            let code = p.code;
            view! { <option value=code selected=move || filters.get().region.as_deref() == Some(code)>{move || if ctx.lang.get() == Lang::En { p.en } else { p.zh }}</option> }
        })
        .collect_view();
    view! {
        <details class="filters" open=open>
            <summary>{move || ctx.t(T::Filters)}</summary>
            <div class="filter-grid">
                <label class="check">
                    <input type="checkbox" prop:checked=move || filters.get().blacklisted
                        on:change:target=move |ev| { let v = ev.target().checked(); s1(update(&|f| f.blacklisted = v)) }/>
                    {move || ctx.t(T::FilterBlacklisted)}
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || filters.get().honours
                        on:change:target=move |ev| { let v = ev.target().checked(); s2(update(&|f| f.honours = v)) }/>
                    {move || ctx.t(T::FilterHonours)}
                </label>
                <div class="field-row">
                    <label for="f-scheme">{move || ctx.t(T::FilterScheme)}</label>
                    <select id="f-scheme" on:change:target=move |ev| {
                        let s = Scheme::parse(&ev.target().value());
                        s3(update(&|f| { f.scheme = s; f.min_grade = None; }))
                    }>
                        <option value="" selected=move || filters.get().scheme.is_none()>{move || ctx.t(T::Any)}</option>
                        {scheme_options}
                    </select>
                </div>
                <div class="field-row">
                    <label for="f-min">{move || ctx.t(T::FilterMinGrade)}</label>
                    <select id="f-min" disabled=move || filters.get().scheme.is_none() on:change:target=move |ev| {
                        let g = ev.target().value();
                        s4(update(&|f| f.min_grade = (!g.is_empty()).then(|| g.clone())))
                    }>
                        <option value="" selected=move || filters.get().min_grade.is_none()>{move || ctx.t(T::Any)}</option>
                        {move || filters.get().scheme.map(|s| s.grades().iter().map(|g| {
                            let g = *g;
                            view! { <option value=g selected=move || filters.get().min_grade.as_deref() == Some(g)>{g}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field-row">
                    <label for="f-region">{move || ctx.t(T::FilterRegion)}</label>
                    <select id="f-region" on:change:target=move |ev| {
                        let r = ev.target().value();
                        s5(update(&|f| f.region = (!r.is_empty()).then(|| r.clone())))
                    }>
                        <option value="" selected=move || filters.get().region.is_none()>{move || ctx.t(T::Any)}</option>
                        {region_options}
                    </select>
                </div>
                {move || open().then(|| {
                    let s6 = s6.clone();
                    view! { <button type="button" on:click=move |_| s6(SearchFilters::default())>{ctx.t(T::ClearFilters)}</button> }
                })}
            </div>
        </details>
    }
}

#[component]
fn Results(outcome: SearchOutcome, query: String, filters: SearchFilters) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let n = outcome.hits.len();
    let errors = outcome
        .errors
        .clone()
        .into_iter()
        .map(|e| view! { <DataErrorNote error=e/> })
        .collect_view();
    if query.trim().is_empty() && filters.is_empty() {
        return view! {
            <section class="intro" aria-labelledby="intro-h">
                <h2 id="intro-h">{move || ctx.t(T::EmptyTitle)}</h2>
                <p>{move || ctx.t(T::EmptyHelp)}</p>
            </section>
        }
        .into_any();
    }
    let did = (!outcome.did_you_mean.is_empty()).then(|| {
        let items = outcome.did_you_mean.clone();
        view! {
            <div class="did-you-mean" role="note">
                {outcome.code_invalid.then(|| view! { <p>{move || ctx.t(T::CodeInvalid)}</p> })}
                <p>{move || ctx.t(T::DidYouMean)}</p>
                <ul class="results">{items.into_iter().map(|h| view! { <ResultRow hit=h/> }).collect_view()}</ul>
            </div>
        }
    });
    let no_match = (n == 0 && outcome.did_you_mean.is_empty()).then(|| {
        view! {
            <div class="note" role="note">
                {outcome.code_invalid.then(|| view! { <p>{move || ctx.t(T::CodeInvalid)}</p> })}
                <p><strong>{move || ctx.t(T::NoMatch)}</strong></p>
                <p>{move || ctx.t(T::NoMatchHelp)}</p>
            </div>
        }
    });
    view! {
        {errors}
        <p class="status-line" role="status" aria-live="polite">{move || fill(ctx.t(T::ResultsCount), "n", &n.to_string())}</p>
        {did}
        {no_match}
        <ul id="results" class="results" aria-label=move || ctx.t(T::Results) on:keydown=on_results_key>
            {outcome.hits.into_iter().map(|h| view! { <ResultRow hit=h/> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ResultRow(hit: ResultItem) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let href = ctx.href(&Route::Enterprise(hit.uscc.clone()));
    let province = region::province_of_uscc(&hit.uscc);
    let region_text = move || {
        hit.region.clone().or_else(|| {
            province.map(|p| {
                if ctx.lang.get() == Lang::En {
                    p.en.into()
                } else {
                    p.zh.into()
                }
            })
        })
    };
    view! {
        <li>
            <a class="result" href=href>
                <span class="name">{hit.name.clone()}</span>
                <span class="sub">
                    <span class="code">{hit.uscc.clone()}</span>
                    {move || region_text().map(|r| view! { " · " {r} })}
                    {hit.also.clone().map(|a| view! { " · " {a} })}
                </span>
                <Badges data=hit.badges.clone()/>
            </a>
        </li>
    }
}
