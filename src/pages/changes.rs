//! `?view=changes`: what changed in each build the registry keeps (the
//! change feed's files, `docs/changes.md`), newest first, with the Atom feed
//! to subscribe to.

use std::rc::Rc;

use leptos::prelude::*;
use zhixin_core::changes::ChangeSet;

use crate::components::changes::{build_heading, compared, kind_label, table};
use crate::components::dom::{el, el_class, host, Elem};
use crate::components::notice::{data_error, skeleton};
use crate::data;
use crate::nav::set_title;
use crate::state::Ctx;

/// Rows a build shows before "show all" (a build at a million enterprises
/// may list thousands of changes; all of them are one click away).
const FIRST_ROWS: usize = 100;

fn title(ctx: Ctx) -> &'static str {
    ctx.l().pick("变动", "變動", "What changed")
}

/// One build's section: heading, what it was compared with, counts by kind,
/// and its changes (past the first rows, in a disclosure built when opened).
fn build_section(ctx: Ctx, s: Rc<ChangeSet>) -> Elem {
    let lang = ctx.l();
    let hid = format!("build-{}-h", s.build);
    let heading = build_heading(lang, &s);
    let mut section = el_class("section", "build")
        .attr("aria-labelledby", &hid)
        .child(el("h2").attr("id", &hid).text(&heading))
        .child(el("p").text(&compared(lang, &s)));
    if !s.counts.is_empty() {
        let mut counts = el_class("ul", "change-counts");
        for (k, n) in &s.counts {
            counts = counts.child(el("li").text(&format!("{} {n}", kind_label(lang, *k))));
        }
        section = section.child(counts);
    }
    if s.changes.is_empty() {
        return section;
    }
    let first: Vec<_> = s.changes.iter().take(FIRST_ROWS).collect();
    section = section.child(table(ctx, &first, true, &heading));
    if s.changes.len() > FIRST_ROWS {
        let label = lang
            .pick("其余 {n} 项", "其餘 {n} 項", "{n} more")
            .replace("{n}", &(s.changes.len() - FIRST_ROWS).to_string());
        let more = el_class("details", "more").child(el("summary").text(&label));
        let node = more.node().clone();
        let mut built = false;
        let more = more.on(
            "toggle",
            Box::new(move |_| {
                if built {
                    return;
                }
                built = true;
                let rest: Vec<_> = s.changes.iter().skip(FIRST_ROWS).collect();
                let t = table(ctx, &rest, true, &build_heading(ctx.l(), &s));
                let _ = node.append_child(t.node());
            }),
        );
        section = section.child(more);
    }
    section
}

#[component]
pub fn ChangesPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    Effect::new(move |_| set_title(title(ctx)));
    let sets = LocalResource::new(data::changes);
    move || {
        let lang = ctx.l();
        let intro = el("p").text(lang.pick(
            "每次发布新数据时，与上一次发布相比的变动：新列入或移出名单、名单期满、等级评定、变化或失效、荣誉获得或失效、新的抽查结果（不合格在前）。每项变动按各次发布的数据日期、依同样的规则判断。",
            "每次發布新數據時，與上一次發布相比的變動：新列入或移出名單、名單期滿、等級評定、變化或失效、榮譽獲得或失效、新的抽查結果（不合格在前）。每項變動按各次發布的數據日期、依同樣的規則判斷。",
            "What changed each time new data was published, compared with the publication before: listings in force, removed or expired, grades issued, changed or lapsed, honours awarded or expired, new spot checks (failed first). Each is judged by the same rules at each publication's data date.",
        ));
        let feed = el("p").child(
            el("a")
                .attr("href", &data::url_of("changes.xml"))
                .attr("type", "application/atom+xml")
                .text(lang.pick(
                    "订阅变动（Atom）",
                    "訂閱變動（Atom）",
                    "Subscribe to changes (Atom feed)",
                )),
        );
        let body = match sets.get() {
            None => skeleton(6),
            Some(Ok(sets)) if sets.is_empty() => el_class("p", "note").text(lang.pick(
                "此登记没有变动记录（由较早版本的 zhixin 构建）。",
                "此登記沒有變動記錄（由較早版本的 zhixin 構建）。",
                "This registry keeps no record of changes (it was built by an earlier zhixin).",
            )),
            Some(Ok(sets)) => {
                el("div").children(sets.iter().map(|s| build_section(ctx, s.clone())).collect())
            }
            Some(Err(e)) => data_error(ctx, &e).unwrap_or_else(|| el("div")),
        };
        host(
            el_class("article", "changes-page")
                .child(el("h1").text(title(ctx)))
                .child(intro)
                .child(feed)
                .child(body),
        )
    }
}
