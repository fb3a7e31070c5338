//! "Cite this page": the permalink, its QR code, who published the data,
//! as of when, the day it was viewed, and a button that copies a citation
//! (publisher, title, URL, access date). Shown on screen and printed (the
//! print stylesheet in style/main.css keeps it and drops the controls), so a
//! printed enterprise page or batch result says where and when it came from.

use leptos::prelude::*;

use crate::components::dom::{el, el_class, Elem};
use crate::components::qr::qr_svg;
use crate::i18n::Lang;
use crate::route::Route;
use crate::state::Ctx;

/// The absolute, plain (not embedded) address of `route`: the permalink.
pub fn permalink(ctx: Ctx, route: &Route) -> String {
    let origin = window().location().origin().unwrap_or_default();
    route.href(&(origin + &ctx.base_path()), false)
}

/// The citation of a page: GB/T 7714's form for an online resource in
/// Chinese ("责任者. 题名[EB/OL]. (更新日期)[引用日期]. 获取路径."), an
/// author–title–URL–accessed form in English.
pub fn citation(
    lang: Lang,
    publisher: &str,
    title: &str,
    as_of: Option<&str>,
    url: &str,
    viewed: &str,
) -> String {
    match lang {
        Lang::En => {
            let data = as_of
                .map(|d| format!(" Data as of {d}."))
                .unwrap_or_default();
            format!("{publisher}. \u{201c}{title}.\u{201d}{data} {url} (accessed {viewed}).")
        }
        _ => {
            let data = as_of.map(|d| format!("({d})")).unwrap_or_default();
            format!("{publisher}. {title}[EB/OL]. {data}[{viewed}]. {url}.")
        }
    }
}

/// The block: facts of the page's provenance, the QR code of `route`'s
/// permalink (when `qr`), the citation and its copy button.
pub fn cite_box(ctx: Ctx, route: &Route, title: &str, qr: bool) -> Elem {
    let l = ctx.l();
    let url = permalink(ctx, route);
    let info = ctx.info.get_untracked().and_then(|r| r.ok());
    let publisher = info
        .as_ref()
        .and_then(|i| i.publisher.clone().or_else(|| i.title.clone()))
        .unwrap_or_else(|| ctx.t(crate::i18n::T::AppName).to_string());
    let as_of = info.as_ref().and_then(|i| i.as_of).map(|d| d.to_string());
    let viewed = ctx.today.to_string();
    let text = citation(l, &publisher, title, as_of.as_deref(), &url, &viewed);

    let mut dl = el_class("dl", "facts cite-facts");
    let row = |dl: Elem, k: &str, v: Elem| dl.child(el("dt").text(k)).child(el("dd").child(v));
    dl = row(
        dl,
        l.pick("发布机构", "發布機構", "Publisher"),
        el("span").text(&publisher),
    );
    if let Some(d) = &as_of {
        dl = row(
            dl,
            l.pick("数据截至", "數據截至", "Data as of"),
            el("time").attr("datetime", d).text(d),
        );
    }
    dl = row(
        dl,
        l.pick("查看日期", "查看日期", "Viewed on"),
        el("time").attr("datetime", &viewed).text(&viewed),
    );
    dl = row(
        dl,
        l.pick("永久链接", "永久連結", "Permalink"),
        el("a").class("permalink").attr("href", &url).text(&url),
    );

    let status = el_class("span", "copy-status")
        .attr("role", "status")
        .attr("aria-live", "polite");
    let status_node = status.node().clone();
    let copied = l.pick("已复制引用", "已複製引用", "Citation copied");
    let failed = l.pick(
        "无法复制，请手动选择上面的引用文字",
        "無法複製，請手動選取上面的引用文字",
        "Could not copy: select the citation above by hand",
    );
    let copy_text = text.clone();
    let button = el("button")
        .attr("type", "button")
        .class("copy-cite")
        .text(l.pick("复制引用", "複製引用", "Copy citation"))
        .on(
            "click",
            Box::new(move |_| {
                let status = status_node.clone();
                let clipboard = window().navigator().clipboard();
                let promise = clipboard.write_text(&copy_text);
                leptos::task::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    status.set_text_content(Some(if ok { copied } else { failed }));
                });
            }),
        );

    let mut block = el_class("section", "cite")
        .attr("aria-labelledby", "cite-h")
        .child(el("h2").attr("id", "cite-h").text(l.pick(
            "引用本页",
            "引用本頁",
            "Cite this page",
        )));
    let facts = el_class("div", "cite-body").child(dl);
    let facts = if qr {
        let label = l.pick("本页二维码 QR", "本頁二維碼 QR", "QR code of this page");
        facts.opt_child(qr_svg(&url, label).map(|svg| el_class("figure", "qr-fig").child(svg)))
    } else {
        facts
    };
    block = block
        .child(facts)
        .child(el_class("p", "citation").attr("id", "citation").text(&text))
        .child(
            el_class("p", "cite-tools")
                .child(button)
                .text(" ")
                .child(print_button(ctx))
                .text(" ")
                .child(status),
        );
    block
}

/// Prints the page (the browser's dialog; the print stylesheet does the rest).
pub fn print_button(ctx: Ctx) -> Elem {
    el("button")
        .attr("type", "button")
        .class("print")
        .text(ctx.l().pick("打印", "列印", "Print"))
        .on(
            "click",
            Box::new(|_| {
                let _ = window().print();
            }),
        )
}
