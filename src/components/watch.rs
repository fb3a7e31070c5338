//! The watch list's storage and the star that adds an enterprise to it.
//!
//! The list lives in the browser's local storage only (`zhixin.watch`, a
//! JSON array of `zhixin_core::watch::Watched`): no cookie, nothing sent. The
//! enterprise page and the watch page use it, so its code is in their parts.

use leptos::prelude::*;
use zhixin_core::watch::{parse_watch_list, Snapshot, Watched};
use zhixin_core::{Day, EnterpriseView};

use crate::components::dom::{el, Elem};
use crate::state::Ctx;

const KEY: &str = "zhixin.watch";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The stored watch list, oldest first.
pub fn load() -> Vec<Watched> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .map(|j| parse_watch_list(&j))
        .unwrap_or_default()
}

/// Stores the list (a full or unavailable storage keeps the old one).
pub fn save(list: &[Watched]) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(list)) {
        let _ = s.set_item(KEY, &json);
    }
}

/// Records that the viewer has looked at `v` (computed for `today`) now,
/// when it is watched: the watch page's changes start from here.
pub fn mark_seen(v: &EnterpriseView, today: Day) {
    let mut list = load();
    if let Some(w) = list.iter_mut().find(|w| w.uscc == v.uscc) {
        let now = Snapshot::of(v);
        if w.seen != now || w.seen_on != today || w.name != v.name {
            w.seen = now;
            w.seen_on = today;
            w.name = v.name.clone();
            save(&list);
        }
    }
}

fn star_text(ctx: Ctx, on: bool) -> &'static str {
    let l = ctx.l();
    if on {
        l.pick("★ 已关注", "★ 已關注", "★ Watching")
    } else {
        l.pick("☆ 关注", "☆ 關注", "☆ Watch")
    }
}

/// The star button of an enterprise page (`aria-pressed`): adds the
/// enterprise, as seen now, to the watch list, or removes it.
pub fn star(ctx: Ctx, v: &EnterpriseView, today: Day) -> Elem {
    let on = load().iter().any(|w| w.uscc == v.uscc);
    let entry = Watched {
        uscc: v.uscc.clone(),
        name: v.name.clone(),
        seen_on: today,
        seen: Snapshot::of(v),
    };
    let button = el("button")
        .attr("type", "button")
        .attr("id", "watch-star")
        .class("watch-star")
        .attr("aria-pressed", if on { "true" } else { "false" })
        .attr(
            "title",
            ctx.l().pick(
                "关注列表只保存在本浏览器中",
                "關注列表只保存在本瀏覽器中",
                "The watch list is kept in this browser only",
            ),
        )
        .text(star_text(ctx, on));
    let node = button.node().clone();
    button.on(
        "click",
        Box::new(move |_| {
            let mut list = load();
            let on = if let Some(i) = list.iter().position(|w| w.uscc == entry.uscc) {
                list.remove(i);
                false
            } else {
                list.push(entry.clone());
                true
            };
            save(&list);
            let _ = node.set_attribute("aria-pressed", if on { "true" } else { "false" });
            node.set_text_content(Some(star_text(ctx, on)));
        }),
    )
}
