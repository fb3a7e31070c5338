//! `?view=watch`: the enterprises the viewer watches (starred on their
//! pages), each with its status now and what changed since the viewer last
//! looked (`zhixin_core::watch`). The list is in this browser's local
//! storage only: no cookie, no account, nothing sent.

use leptos::prelude::*;
use zhixin_core::watch::{Change, Snapshot, Watched};
use zhixin_core::EnterpriseView;

use crate::components::dom::{el, el_class, host, Elem};
use crate::components::notice::skeleton;
use crate::components::watch::{load, save};
use crate::data;
use crate::i18n::{list_label, scheme_label, Lang};
use crate::nav::set_title;
use crate::route::Route;
use crate::state::Ctx;

/// A watched enterprise as it is now: its view for today, or why not.
struct Entry {
    watched: Watched,
    now: Result<Option<EnterpriseView>, String>,
}

#[component]
pub fn WatchPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let l = ctx.l();
    set_title(l.pick("关注的企业", "關注的企業", "Watch list"));
    let version = RwSignal::new(0u32);
    let entries = LocalResource::new(move || {
        version.track();
        async move {
            let mut out = Vec::new();
            for w in load() {
                let now = match data::record_with(&w.uscc, None).await {
                    Ok(r) => Ok(r.map(|e| EnterpriseView::new(&e, ctx.today))),
                    Err(e) => Err(e.to_string()),
                };
                out.push(Entry { watched: w, now });
            }
            std::rc::Rc::new(out)
        }
    });
    let body = move || {
        host(match entries.get() {
            None => skeleton(4),
            Some(list) => page(ctx, &list, version),
        })
    };
    view! {
        <h1>{l.pick("关注的企业", "關注的企業", "Watch list")}</h1>
        <p class="small">{l.pick(
            "在企业页点击“☆ 关注”即可加入。关注列表只保存在本浏览器（本地存储）中，不使用 cookie，不会发送到任何地方；换浏览器或清除网站数据后列表不再保留。",
            "在企業頁點擊「☆ 關注」即可加入。關注列表只保存在本瀏覽器（本地儲存）中，不使用 cookie，不會傳送到任何地方；換瀏覽器或清除網站資料後列表不再保留。",
            "Add an enterprise with “☆ Watch” on its page. The list is kept in this browser's local storage only: no cookie, nothing is sent anywhere; another browser, or clearing the site's data, does not keep it.",
        )}</p>
        {body}
    }
}

fn page(ctx: Ctx, list: &[Entry], version: RwSignal<u32>) -> Elem {
    let l = ctx.l();
    if list.is_empty() {
        return el_class("p", "empty").text(l.pick(
            "还没有关注任何企业。",
            "還沒有關注任何企業。",
            "You watch no enterprise yet.",
        ));
    }
    let mark_all = el("button")
        .attr("type", "button")
        .attr("id", "watch-seen")
        .text(l.pick("全部标记为已查看", "全部標記為已查看", "Mark all as seen"))
        .on(
            "click",
            Box::new(move |_| {
                let mut stored = load();
                // Only what was shown can be marked: read the records again.
                let today = ctx.today;
                leptos::task::spawn_local(async move {
                    for w in stored.iter_mut() {
                        if let Ok(Some(e)) = data::record_with(&w.uscc, None).await {
                            let v = EnterpriseView::new(&e, today);
                            w.seen = Snapshot::of(&v);
                            w.seen_on = today;
                        }
                    }
                    save(&stored);
                    version.try_update(|n| *n += 1);
                });
            }),
        );
    let items = list.iter().map(|e| item(ctx, e, version)).collect();
    el("div")
        .child(el_class("p", "cite-tools").child(mark_all))
        .child(el_class("ul", "watch-list cards").children(items))
}

fn item(ctx: Ctx, e: &Entry, version: RwSignal<u32>) -> Elem {
    let l = ctx.l();
    let w = &e.watched;
    let uscc = w.uscc.clone();
    let remove = el("button")
        .attr("type", "button")
        .class("watch-remove")
        .attr(
            "aria-label",
            &format!(
                "{} {}",
                l.pick("取消关注", "取消關注", "Stop watching"),
                w.name
            ),
        )
        .text(l.pick("取消关注", "取消關注", "Stop watching"))
        .on(
            "click",
            Box::new(move |_| {
                let mut list = load();
                list.retain(|x| x.uscc != uscc);
                save(&list);
                version.update(|n| *n += 1);
            }),
        );
    let link = el("a")
        .attr("href", &ctx.href(&Route::Enterprise(w.uscc.clone())))
        .text(&w.name);
    let seen = format!(
        "{} {}",
        l.pick("上次查看：", "上次查看：", "Last seen:"),
        w.seen_on
    );
    let mut li = el("li").class("card").attr("data-uscc", &w.uscc);
    match &e.now {
        Ok(Some(v)) => {
            let now = Snapshot::of(v);
            let status = now.status.clone();
            li = li
                .attr("data-status", &status)
                .class(match status.as_str() {
                    "blacklisted" => "card bad",
                    "caution" => "card warn",
                    _ => "card",
                });
            let changes = w.seen.changes(&now, v);
            let what = if changes.is_empty() {
                el_class("p", "small no-change").text(l.pick(
                    "自上次查看以来没有变化。",
                    "自上次查看以來沒有變化。",
                    "No change since you last looked.",
                ))
            } else {
                el("div")
                    .child(el_class("p", "changed").child(el("strong").text(l.pick(
                        "自上次查看以来的变化：",
                        "自上次查看以來的變化：",
                        "Changed since you last looked:",
                    ))))
                    .child(
                        el_class("ul", "changes").children(
                            changes
                                .iter()
                                .map(|c| el("li").text(&change_text(l, c)))
                                .collect(),
                        ),
                    )
            };
            li.child(el_class("p", "card-head").child(el("b").child(link)))
                .child(el_class("p", "code small").text(&w.uscc))
                .child(el_class("p", &format!("st st-{status}")).text(&format!(
                    "{}：{}",
                    l.pick("当前状态", "當前狀態", "Status now"),
                    status_word(l, &status)
                )))
                .child(what)
                .child(el_class("p", "small").text(&seen).text(" ").child(remove))
        }
        Ok(None) => li
            .attr("data-status", "not-found")
            .child(el_class("p", "card-head").child(el("b").child(link)))
            .child(el("p").text(l.pick(
                "登记中已没有这个代码的企业。",
                "登記中已沒有這個代碼的企業。",
                "The registry no longer holds this code.",
            )))
            .child(el_class("p", "small").text(&seen).text(" ").child(remove)),
        Err(why) => li
            .attr("data-status", "error")
            .child(el_class("p", "card-head").child(el("b").child(link)))
            .child(el_class("p", "note error").text(why))
            .child(el_class("p", "small").text(&seen).text(" ").child(remove)),
    }
}

fn status_word(l: Lang, status: &str) -> &'static str {
    match status {
        "blacklisted" => l.pick("✖ 列入黑名单", "✖ 列入黑名單", "✖ Blacklisted"),
        "caution" => l.pick("⚠ 警示", "⚠ 警示", "⚠ Caution"),
        _ => l.pick(
            "✓ 无有效名单记录",
            "✓ 無有效名單記錄",
            "✓ No listing in force",
        ),
    }
}

fn change_text(l: Lang, c: &Change) -> String {
    let none = l.pick("无", "無", "none");
    match c {
        Change::Status { from, to } => format!(
            "{}{} → {}",
            l.pick("状态：", "狀態：", "Status: "),
            status_word(l, from),
            status_word(l, to)
        ),
        Change::Listed(k) => format!(
            "{}{}",
            l.pick("新列入：", "新列入：", "Now listed: "),
            list_label(l, *k)
        ),
        Change::Delisted(k) => format!(
            "{}{}",
            l.pick("已不在效力期：", "已不在效力期：", "No longer in force: "),
            list_label(l, *k)
        ),
        Change::Grade { scheme, from, to } => format!(
            "{}{}{} → {}",
            scheme_label(l, *scheme),
            l.pick("：", "：", ": "),
            from.as_deref().unwrap_or(none),
            to.as_deref().unwrap_or(none)
        ),
        Change::HonourGained(t) => format!("{}{t}", l.pick("新荣誉：", "新榮譽：", "New honour: ")),
        Change::HonourLost(t) => format!(
            "{}{t}",
            l.pick("荣誉已失效：", "榮譽已失效：", "Honour ended: ")
        ),
        Change::SpotChecks {
            new,
            latest,
            failed,
        } => {
            let mut s = format!(
                "{}{new}",
                l.pick("新的监督抽查：", "新的監督抽查：", "New spot checks: ")
            );
            if let Some(d) = latest {
                s.push_str(&format!(" ({} {d})", l.pick("最近", "最近", "latest")));
            }
            if *failed {
                s.push_str(l.pick("，含不合格", "，含不合格", ", including a failure"));
            }
            s
        }
    }
}
