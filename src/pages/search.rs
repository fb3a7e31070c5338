//! The search page (home, `?q=…` with filters): results update as the person
//! types (debounced; a newer search aborts the older one's requests), with
//! filters, keyboard navigation, "did you mean" for a mistyped code, and
//! empty and no-match states that help.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhixin_core::{region, MatchKind, Scheme};

use crate::components::badges::badges;
use crate::components::dom::{el, el_class, event_checked, event_value, focus_later, host, Elem};
use crate::components::notice::{data_error, skeleton};
use crate::data::{self, ResultItem, SearchOutcome};
use crate::i18n::{fill, region_name, scheme_label, Lang, T};
use crate::nav::set_title;
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

    let go = move |q: String, filters: SearchFilters, replace: bool| {
        ctx.nav
            .go(&ctx.href(&Route::Search { q, filters }), replace);
    };
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let on_input = {
        move |value: String| {
            text.set(value.clone());
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            let filters = params.get_untracked().1;
            // Typing replaces the history entry, so Back leaves the search
            // rather than stepping through every prefix typed.
            let h = set_timeout_with_handle(move || go(value, filters, true), DEBOUNCE).ok();
            pending.set_value(h);
        }
    };
    let set_filters: std::rc::Rc<dyn Fn(SearchFilters)> =
        { std::rc::Rc::new(move |f: SearchFilters| go(text.get_untracked(), f, false)) };
    let set_filters = send_wrapper::SendWrapper::new(set_filters);
    let filters_open = StoredValue::new(false);

    // How many results are shown: the first page, more with each "show
    // more"; back to the first page for every new query or filter.
    let shown = RwSignal::new(data::RESULT_LIMIT);
    Effect::new(move |_| {
        params.track();
        shown.set(data::RESULT_LIMIT);
    });
    let outcome = LocalResource::new(move || {
        let (q, f) = params.get();
        data::search(q, f, ctx.day(), shown.get())
    });
    let show_more = move || shown.update(|n| *n += data::RESULT_LIMIT);

    let on_box_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "ArrowDown" {
            ev.prevent_default();
            focus_result(0);
        }
    };

    view! {
        <h1 class="sr">{ctx.t(T::EmptyTitle)}</h1>
        <form class="search-form" role="search" on:submit=move |ev| ev.prevent_default()>
            <label for="q">{ctx.t(T::SearchLabel)}</label>
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
                placeholder=ctx.t(T::SearchPlaceholder)
                prop:value=move || text.get()
                on:input:target=move |ev| on_input(ev.target().value())
                on:keydown=on_box_key
            />
            <p id="q-hint" class="hint">{ctx.t(T::SearchHint)}</p>
            {move || host(filter_panel(ctx, &params.get().1, filters_open, (*set_filters).clone()))}
        </form>
        {move || {
            let (q, f) = params.get_untracked();
            // While a newer search runs, the resource still holds the last
            // results, so the list does not flicker as the person types.
            host(match outcome.get() {
                None => skeleton(4),
                Some(Ok(o)) => results(ctx, &o, &q, &f, show_more),
                Some(Err(e)) => data_error(ctx, &e).unwrap_or_else(|| el("div")),
            })
        }}
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
fn on_results_key(ev: web_sys::KeyboardEvent) {
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

/// The filters, rebuilt when they change (focus is put back on the control
/// that changed them).
fn filter_panel(
    ctx: Ctx,
    f: &SearchFilters,
    open: StoredValue<bool>,
    set: std::rc::Rc<dyn Fn(SearchFilters)>,
) -> Elem {
    let is_open = open.get_value() || !f.is_empty();
    let details = el("details").class("filters").bool_attr("open", is_open);
    let details_el = details.node().clone();
    let details = details.child(el("summary").text(ctx.t(T::Filters)));
    if is_open {
        return details.child(filter_grid(ctx, f, set)).on(
            "toggle",
            Box::new(move |_| open.set_value(details_el.has_attribute("open"))),
        );
    }
    // Closed (the usual start): the controls are built when first opened, which
    // keeps the home page's start-up task short.
    let f = f.clone();
    let built = std::cell::Cell::new(false);
    // The grid's listeners belong to the panel's owner, not to the event.
    let owner = Owner::current();
    details.on(
        "toggle",
        Box::new(move |_| {
            let now_open = details_el.has_attribute("open");
            open.set_value(now_open);
            if now_open && !built.replace(true) {
                let build = || filter_grid(ctx, &f, set.clone());
                let grid = match &owner {
                    Some(owner) => owner.with(build),
                    None => build(),
                };
                let _ = details_el.append_child(grid.node());
            }
        }),
    )
}

/// The filter controls.
fn filter_grid(ctx: Ctx, f: &SearchFilters, set: std::rc::Rc<dyn Fn(SearchFilters)>) -> Elem {
    let lang = ctx.l();
    let change = |id: &'static str,
                  apply: fn(&mut SearchFilters, &web_sys::Event)|
     -> Box<dyn FnMut(web_sys::Event)> {
        let set = set.clone();
        let current = f.clone();
        Box::new(move |ev| {
            let mut next = current.clone();
            apply(&mut next, &ev);
            set(next);
            focus_later(id);
        })
    };
    let check =
        |id: &'static str, label: T, on: bool, apply: fn(&mut SearchFilters, &web_sys::Event)| {
            el_class("label", "check")
                .child(
                    el("input")
                        .attr("type", "checkbox")
                        .attr("id", id)
                        .bool_attr("checked", on)
                        .on("change", change(id, apply)),
                )
                .text(ctx.t(label))
        };
    let select = |id: &'static str,
                  label: T,
                  options: Vec<(String, String, bool)>,
                  disabled: bool,
                  apply: fn(&mut SearchFilters, &web_sys::Event)| {
        let mut sel = el("select")
            .attr("id", id)
            .bool_attr("disabled", disabled)
            .on("change", change(id, apply));
        let any_selected = options.iter().any(|o| o.2);
        sel = sel.child(
            el("option")
                .attr("value", "")
                .bool_attr("selected", !any_selected)
                .text(ctx.t(T::Any)),
        );
        for (v, text, selected) in options {
            sel = sel.child(
                el("option")
                    .attr("value", &v)
                    .bool_attr("selected", selected)
                    .text(&text),
            );
        }
        el_class("div", "field-row")
            .child(el("label").attr("for", id).text(ctx.t(label)))
            .child(sel)
    };
    let schemes = Scheme::ALL
        .iter()
        .map(|s| {
            (
                s.id().to_string(),
                scheme_label(lang, *s).to_string(),
                f.scheme == Some(*s),
            )
        })
        .collect();
    let grades = f
        .scheme
        .map(|s| {
            s.grades()
                .iter()
                .map(|g| {
                    (
                        g.to_string(),
                        g.to_string(),
                        f.min_grade.as_deref() == Some(*g),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let regions = region::PROVINCES
        .iter()
        .map(|p| {
            (
                p.code.to_string(),
                if lang == Lang::En { p.en } else { p.zh }.to_string(),
                f.region.as_deref() == Some(p.code),
            )
        })
        .collect();
    let mut grid = el_class("div", "filter-grid")
        .child(check(
            "f-bl",
            T::FilterBlacklisted,
            f.blacklisted,
            |f, ev| f.blacklisted = event_checked(ev),
        ))
        .child(check("f-hon", T::FilterHonours, f.honours, |f, ev| {
            f.honours = event_checked(ev)
        }))
        .child(select(
            "f-scheme",
            T::FilterScheme,
            schemes,
            false,
            |f, ev| {
                f.scheme = Scheme::parse(&event_value(ev));
                f.min_grade = None;
            },
        ))
        .child(select(
            "f-min",
            T::FilterMinGrade,
            grades,
            f.scheme.is_none(),
            |f, ev| {
                let g = event_value(ev);
                f.min_grade = (!g.is_empty()).then_some(g);
            },
        ))
        .child(select(
            "f-region",
            T::FilterRegion,
            regions,
            false,
            |f, ev| {
                let r = event_value(ev);
                f.region = (!r.is_empty()).then_some(r);
            },
        ));
    if !f.is_empty() {
        let set = set.clone();
        grid = grid.child(
            el("button")
                .attr("type", "button")
                .attr("id", "f-clear")
                .text(ctx.t(T::ClearFilters))
                .on(
                    "click",
                    Box::new(move |_| {
                        set(SearchFilters::default());
                        focus_later("f-bl");
                    }),
                ),
        );
    }
    grid
}

fn results(
    ctx: Ctx,
    outcome: &SearchOutcome,
    query: &str,
    filters: &SearchFilters,
    show_more: impl Fn() + 'static,
) -> Elem {
    let mut out = el("div");
    for e in &outcome.errors {
        out = out.opt_child(data_error(ctx, e));
    }
    if query.trim().is_empty() && filters.is_empty() {
        return out.child(
            el("section")
                .class("intro")
                .attr("aria-labelledby", "intro-h")
                .child(el("h2").attr("id", "intro-h").text(ctx.t(T::EmptyTitle)))
                .child(el("p").text(ctx.t(T::EmptyHelp))),
        );
    }
    let n = outcome.hits.len();
    // "20 of 1,234" when more match than are listed.
    let total = outcome.total.filter(|t| t.at_least > n && n > 0);
    let count = match total {
        Some(t) => fill(
            &fill(
                ctx.t(if t.more {
                    T::ResultsOfAtLeast
                } else {
                    T::ResultsOf
                }),
                "n",
                &n.to_string(),
            ),
            "total",
            &t.grouped(),
        ),
        None => fill(ctx.t(T::ResultsCount), "n", &n.to_string()),
    };
    out = out.child(
        el_class("p", "status-line")
            .attr("role", "status")
            .attr("aria-live", "polite")
            .text(&count),
    );
    if !outcome.did_you_mean.is_empty() {
        let mut box_ = el_class("div", "did-you-mean").attr("role", "note");
        if outcome.code_invalid {
            box_ = box_.child(el("p").text(ctx.t(T::CodeInvalid)));
        }
        box_ = box_.child(el("p").text(ctx.t(T::DidYouMean)));
        box_ = box_.child(
            el_class("ul", "results").children(
                outcome
                    .did_you_mean
                    .iter()
                    .map(|r| result_row(ctx, r))
                    .collect(),
            ),
        );
        out = out.child(box_);
    } else if n == 0 && outcome.too_common {
        out = out.child(
            el_class("div", "note")
                .attr("role", "note")
                .child(el("p").child(el("strong").text(&fill(
                    ctx.t(T::TooCommon),
                    "q",
                    query.trim(),
                ))))
                .child(el("p").text(ctx.t(T::TooCommonHelp))),
        );
    } else if n == 0 {
        let mut note = el_class("div", "note").attr("role", "note");
        if outcome.code_invalid {
            note = note.child(el("p").text(ctx.t(T::CodeInvalid)));
        }
        out = out.child(
            note.child(el("p").child(el("strong").text(ctx.t(T::NoMatch))))
                .child(el("p").text(ctx.t(T::NoMatchHelp))),
        );
    }
    let list = el_class("ul", "results")
        .attr("id", "results")
        .attr("aria-label", ctx.t(T::Results))
        .children(outcome.hits.iter().map(|r| result_row(ctx, r)).collect())
        .on(
            "keydown",
            Box::new(|ev| on_results_key(ev.unchecked_into())),
        );
    out = out.child(list);
    if total.is_some() {
        out = out.child(
            el_class("button", "show-more")
                .attr("type", "button")
                .attr("id", "show-more")
                .text(ctx.t(T::ShowMore))
                .on("click", Box::new(move |_| show_more())),
        );
    }
    out
}

fn result_row(ctx: Ctx, hit: &ResultItem) -> Elem {
    let href = ctx.href(&Route::Enterprise(hit.uscc.clone()));
    let mut sub = el_class("span", "sub").child(el_class("span", "code").text(&hit.uscc));
    if let Some(r) = region_name(ctx.l(), hit.region.as_deref(), &hit.uscc) {
        sub = sub.text(" · ").text(&r);
    }
    if let Some(key) = match_label(hit.matched) {
        sub = sub
            .text(" · ")
            .text(ctx.t(T::MatchedBy))
            .text(": ")
            .text(ctx.t(key));
    }
    el("li").child(
        el("a")
            .class("result")
            .attr("href", &href)
            .child(el_class("span", "name").text(&hit.name))
            .child(sub)
            .child(badges(ctx, &hit.badges)),
    )
}

/// Why a result matched, when it is not plainly its name or code.
fn match_label(m: MatchKind) -> Option<T> {
    match m {
        MatchKind::Name | MatchKind::Code => None,
        MatchKind::FormerName => Some(T::FormerNames),
        MatchKind::Brand => Some(T::Brands),
        MatchKind::Pinyin => Some(T::MatchPinyin),
        MatchKind::PinyinInitials => Some(T::MatchInitials),
        MatchKind::Fuzzy => Some(T::MatchFuzzy),
    }
}
