//! What changed between builds, as the "What changed" page and an
//! enterprise's history show it: a change's kind and what it says, in the
//! interface's language, and the table of a build's changes. The strings are
//! here, not in `i18n`, so that they load with the pages that use them.

use zhixin_core::changes::{Change, ChangeKind, ChangeSet};

use crate::components::dom::{el, el_class, Elem};
use crate::i18n::{honour_label, list_label, scheme_label, Lang};
use crate::route::Route;
use crate::state::Ctx;

/// A change kind's label.
pub fn kind_label(lang: Lang, k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => lang.pick("新收录", "新收錄", "Added"),
        ChangeKind::Removed => lang.pick("不再收录", "不再收錄", "Removed"),
        ChangeKind::Listed => lang.pick("列入名单", "列入名單", "Listed"),
        ChangeKind::Delisted => lang.pick("移出名单", "移出名單", "Delisted"),
        ChangeKind::ListingExpired => lang.pick("名单期满", "名單期滿", "Listing expired"),
        ChangeKind::GradeIssued => lang.pick("评定等级", "評定等級", "Grade issued"),
        ChangeKind::GradeChanged => lang.pick("等级变化", "等級變化", "Grade changed"),
        ChangeKind::GradeLapsed => lang.pick("等级失效", "等級失效", "Grade lapsed"),
        ChangeKind::HonourAwarded => lang.pick("获得荣誉", "獲得榮譽", "Honour awarded"),
        ChangeKind::HonourExpired => lang.pick("荣誉失效", "榮譽失效", "Honour expired"),
        ChangeKind::SpotCheckFailed => lang.pick("抽查不合格", "抽查不合格", "Spot check failed"),
        ChangeKind::SpotCheckPassed => lang.pick("抽查合格", "抽查合格", "Spot check passed"),
    }
}

/// What a change says beyond its kind: the list, grade, honour or product.
pub fn detail(lang: Lang, c: &Change) -> String {
    let list = c.list.map(|l| list_label(lang, l)).unwrap_or_default();
    let scheme = c.scheme.map(|s| scheme_label(lang, s)).unwrap_or_default();
    let grade = c.grade.as_deref().unwrap_or_default();
    let prev = c.previous_grade.as_deref().unwrap_or_default();
    match c.kind {
        ChangeKind::Added | ChangeKind::Removed => String::new(),
        ChangeKind::Listed | ChangeKind::Delisted | ChangeKind::ListingExpired => list.into(),
        ChangeKind::GradeIssued => format!("{scheme} {grade}"),
        ChangeKind::GradeChanged => format!("{scheme} {prev} → {grade}"),
        ChangeKind::GradeLapsed => format!("{scheme} {prev}"),
        ChangeKind::HonourAwarded | ChangeKind::HonourExpired => format!(
            "{} {}",
            c.honour.map(|h| honour_label(lang, h)).unwrap_or_default(),
            c.title.as_deref().unwrap_or_default()
        ),
        ChangeKind::SpotCheckFailed | ChangeKind::SpotCheckPassed => {
            c.product.clone().unwrap_or_default()
        }
    }
}

/// "Build N, as of D (compared with build M, as of D0)" or, for a build
/// with nothing to compare with, says so.
pub fn build_heading(lang: Lang, s: &ChangeSet) -> String {
    match lang {
        Lang::En => format!("Build {}, data as of {}", s.build, s.as_of),
        _ => format!(
            "第 {}{}{}",
            s.build,
            lang.pick(" 次构建，数据截至 ", " 次構建，數據截至 ", ""),
            s.as_of
        ),
    }
}

/// The line under a build's heading: what it was compared with.
pub fn compared(lang: Lang, s: &ChangeSet) -> String {
    match &s.previous {
        Some(p) => {
            let d = p.as_of.map(|d| d.to_string()).unwrap_or_default();
            match lang {
                Lang::En => format!(
                    "Compared with build {} (data as of {d}): {} changes.",
                    p.build,
                    s.changes.len()
                ),
                _ => format!(
                    "{}{}{}{d}{}{}{}",
                    lang.pick("与第 ", "與第 ", ""),
                    p.build,
                    lang.pick(" 次构建（数据截至 ", " 次構建（數據截至 ", ""),
                    lang.pick("）相比：", "）相比：", ""),
                    s.changes.len(),
                    lang.pick(" 项变动。", " 項變動。", "")
                ),
            }
        }
        None => lang
            .pick(
                "没有可比较的上一次构建，因此没有列出变动。",
                "沒有可比較的上一次構建，因此沒有列出變動。",
                "There was no previous build to compare with, so no changes are listed.",
            )
            .to_string(),
    }
}

/// One row of a changes table: kind, enterprise (linked), what, when.
fn row(ctx: Ctx, c: &Change, with_name: bool) -> Elem {
    let lang = ctx.l();
    let mut tr =
        el_class("tr", &format!("change {}", c.kind.id())).child(el("td").child(
            el_class("span", &format!("kind {}", c.kind.id())).text(kind_label(lang, c.kind)),
        ));
    if with_name {
        let cell = if c.kind == ChangeKind::Removed {
            el("td")
                .text(&c.name)
                .text(" ")
                .child(el_class("span", "code").text(&c.uscc))
        } else {
            el("td").child(
                el("a")
                    .attr("href", &ctx.href(&Route::Enterprise(c.uscc.clone())))
                    .text(&c.name),
            )
        };
        tr = tr.child(cell);
    }
    tr.child(el("td").text(&detail(lang, c)))
        .child(el("td").text(&c.on.map(|d| d.to_string()).unwrap_or_default()))
}

/// A table of `changes` (with the enterprise column unless `with_name` is false).
pub fn table(ctx: Ctx, changes: &[&Change], with_name: bool, label: &str) -> Elem {
    let lang = ctx.l();
    let mut head = el("tr").child(
        el("th")
            .attr("scope", "col")
            .text(lang.pick("变动", "變動", "Change")),
    );
    if with_name {
        head = head.child(el("th").attr("scope", "col").text(lang.pick(
            "企业",
            "企業",
            "Enterprise",
        )));
    }
    head = head
        .child(
            el("th")
                .attr("scope", "col")
                .text(lang.pick("内容", "內容", "What")),
        )
        .child(
            el("th")
                .attr("scope", "col")
                .text(lang.pick("日期", "日期", "Date")),
        );
    let body = el("tbody").children(changes.iter().map(|c| row(ctx, c, with_name)).collect());
    el_class("div", "table-wrap").child(
        el_class("table", "changes")
            .attr("aria-label", label)
            .child(el("thead").child(head))
            .child(body),
    )
}

/// An enterprise's history: its changes in the builds the registry keeps,
/// newest first, and a link to every change. `None` for a registry without
/// a change feed.
pub fn history(ctx: Ctx, uscc: &str, sets: &[std::rc::Rc<ChangeSet>]) -> Option<Elem> {
    if sets.is_empty() {
        return None;
    }
    let lang = ctx.l();
    let title = lang.pick("变动记录", "變動記錄", "History of changes");
    let mut body = el("tbody");
    let mut rows = 0;
    for s in sets {
        for c in s.changes.iter().filter(|c| c.uscc == uscc) {
            rows += 1;
            body = body.child(
                el_class("tr", &format!("change {}", c.kind.id()))
                    .child(el("td").text(&s.as_of.to_string()))
                    .child(
                        el("td").child(
                            el_class("span", &format!("kind {}", c.kind.id()))
                                .text(kind_label(lang, c.kind)),
                        ),
                    )
                    .child(el("td").text(&detail(lang, c)))
                    .child(el("td").text(&c.on.map(|d| d.to_string()).unwrap_or_default())),
            );
        }
    }
    let compared = sets.iter().filter(|s| s.previous.is_some()).count();
    let content = if rows == 0 {
        el_class("p", "note").text(
            &lang
                .pick(
                    "最近 {n} 次发布中没有变动。",
                    "最近 {n} 次發布中沒有變動。",
                    "No change in the last {n} publications.",
                )
                .replace("{n}", &compared.to_string()),
        )
    } else {
        let th = |t: &str| el("th").attr("scope", "col").text(t);
        el_class("div", "table-wrap").child(
            el_class("table", "changes history")
                .attr("aria-labelledby", "history-h")
                .child(
                    el("thead").child(
                        el("tr")
                            .child(th(lang.pick(
                                "发布（数据截至）",
                                "發布（數據截至）",
                                "Published (data as of)",
                            )))
                            .child(th(lang.pick("变动", "變動", "Change")))
                            .child(th(lang.pick("内容", "內容", "What")))
                            .child(th(lang.pick("日期", "日期", "Date"))),
                    ),
                )
                .child(body),
        )
    };
    Some(
        el_class("section", "history")
            .attr("aria-labelledby", "history-h")
            .child(el("h2").attr("id", "history-h").text(title))
            .child(content)
            .child(
                el("p").child(
                    el("a")
                        .attr("href", &ctx.href(&Route::Changes))
                        .text(lang.pick("全部变动", "全部變動", "Every change")),
                ),
            ),
    )
}
