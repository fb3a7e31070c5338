//! The share card: a PNG of an enterprise's status, drawn in the browser on a
//! canvas, for platforms that take images but not iframes (messaging apps,
//! social posts). It says what the page says at the top: the name and code,
//! the status on the viewer's today with the lists in force, the current
//! grades, the data's date, the source (the publisher) and the notes (not a
//! credit rating; the issuing authority's publication prevails), and the
//! page's address with its QR code (the same code the page shows).
//!
//! The canvas is driven through `js_sys::Reflect` rather than web-sys's
//! canvas bindings: those would add their JavaScript glue to the app shell
//! every page loads, for a button only this page has.

use js_sys::{Array, Function, Reflect};
use leptos::prelude::GetUntracked;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use zhixin_core::EnterpriseView;

use crate::components::dom::{el, Elem};
use crate::i18n::{fill, list_label, scheme_label, T};
use crate::route::Route;
use crate::state::Ctx;

const WIDTH: f64 = 1200.0;
/// The most pixels the QR code's square (with its quiet zone) may take.
const QR_SIDE: f64 = 200.0;
const HEIGHT: f64 = 630.0;
const MARGIN: f64 = 64.0;
const FONT: &str = "\"Noto Sans CJK SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif";

fn call(obj: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(obj, &method.into())?.dyn_into()?;
    f.apply(obj, &args.iter().collect::<Array>())
}

fn set(obj: &JsValue, prop: &str, value: &str) -> Result<(), JsValue> {
    Reflect::set(obj, &prop.into(), &value.into()).map(|_| ())
}

/// What the card says, already in the viewer's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub name: String,
    pub uscc: String,
    /// The status line and its colour.
    pub status: String,
    pub colour: &'static str,
    /// Lists in force, current grades.
    pub lines: Vec<String>,
    /// "Status on D · data as of D2 · publisher".
    pub dates: String,
    pub notes: String,
    pub address: String,
}

/// The card of `v` (computed for the viewer's today) as the page shows it.
pub fn card(ctx: Ctx, v: &EnterpriseView) -> Card {
    let lang = ctx.l();
    let (status, colour) = if v.blacklisted {
        (ctx.t(T::StatusBlacklisted), "#b3261e")
    } else if !v.cautions.is_empty() {
        (ctx.t(T::StatusCaution), "#8a5300")
    } else {
        (ctx.t(T::StatusClear), "#1b6e3a")
    };
    let mut lines = Vec::new();
    let mut lists: Vec<&str> = Vec::new();
    for l in v.listings.iter().filter(|l| l.in_force) {
        let label = list_label(lang, l.list);
        if !lists.contains(&label) {
            lists.push(label);
        }
    }
    if !lists.is_empty() {
        lines.push(lists.join(" · "));
    }
    for (scheme, grade) in &v.grades {
        lines.push(format!("{} {grade}", scheme_label(lang, *scheme)));
    }
    let info = ctx.info.get_untracked().and_then(|r| r.ok());
    let mut dates = fill(ctx.t(T::StatusComputed), "d", &v.as_of.to_string());
    if let Some(d) = info.as_ref().and_then(|i| i.as_of) {
        dates.push_str(&format!(" · {} {d}", ctx.t(T::AsOf)));
    }
    if let Some(p) = info.as_ref().and_then(|i| i.publisher.clone()) {
        dates.push_str(&format!(" · {p}"));
    }
    Card {
        name: v.name.clone(),
        uscc: v.uscc.clone(),
        status: status.to_string(),
        colour,
        lines,
        dates,
        notes: format!("{} {}", ctx.t(T::NotRating), ctx.t(T::Prevails)),
        address: ctx.full_src(&Route::Enterprise(v.uscc.clone())),
    }
}

/// `text` cut into lines no wider than `max` pixels in the context's font.
fn wrap(c: &JsValue, text: &str, max: f64) -> Result<Vec<String>, JsValue> {
    let mut out = Vec::new();
    let mut line = String::new();
    for ch in text.chars() {
        let mut next = line.clone();
        next.push(ch);
        let m = call(c, "measureText", &[next.as_str().into()])?;
        let w = Reflect::get(&m, &"width".into())?.as_f64().unwrap_or(0.0);
        if w > max && !line.is_empty() {
            out.push(std::mem::take(&mut line));
            line.push(ch);
        } else {
            line = next;
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    Ok(out)
}

/// Draws `card` on a new canvas.
pub fn draw(card: &Card) -> Result<web_sys::Element, JsValue> {
    let doc = leptos::prelude::document();
    let canvas = doc.create_element("canvas")?;
    canvas.set_attribute("width", &WIDTH.to_string())?;
    canvas.set_attribute("height", &HEIGHT.to_string())?;
    let c = call(&canvas, "getContext", &["2d".into()])?;
    let rect = |colour: &str, x: f64, y: f64, w: f64, h: f64| -> Result<(), JsValue> {
        set(&c, "fillStyle", colour)?;
        call(&c, "fillRect", &[x.into(), y.into(), w.into(), h.into()]).map(|_| ())
    };
    let text = |s: &str, font: &str, colour: &str, x: f64, y: f64| -> Result<(), JsValue> {
        set(&c, "font", font)?;
        set(&c, "fillStyle", colour)?;
        call(&c, "fillText", &[s.into(), x.into(), y.into()]).map(|_| ())
    };
    rect("#ffffff", 0.0, 0.0, WIDTH, HEIGHT)?;
    rect(card.colour, 0.0, 0.0, 16.0, HEIGHT)?;
    set(&c, "textBaseline", "alphabetic")?;
    text(
        "质信查",
        &format!("600 28px {FONT}"),
        "#0b5cad",
        MARGIN,
        72.0,
    )?;
    // The permalink's QR code in the top right corner, as on the page.
    if let Some((runs, side)) = crate::components::qr::dark_runs(&card.address) {
        let m = (QR_SIDE / side as f64).floor().max(1.0);
        let x0 = WIDTH - MARGIN - m * side as f64;
        rect("#ffffff", x0, 32.0, m * side as f64, m * side as f64)?;
        set(&c, "fillStyle", "#000000")?;
        for (x, y, len) in runs {
            let args = [
                (x0 + m * x as f64).into(),
                (32.0 + m * y as f64).into(),
                (m * len as f64).into(),
                m.into(),
            ];
            call(&c, "fillRect", &args)?;
        }
    }
    set(&c, "font", &format!("700 52px {FONT}"))?;
    let mut y = 150.0;
    for line in wrap(&c, &card.name, WIDTH - 3.0 * MARGIN - QR_SIDE)?
        .iter()
        .take(2)
    {
        text(line, &format!("700 52px {FONT}"), "#111111", MARGIN, y)?;
        y += 64.0;
    }
    text(
        &card.uscc,
        &format!("400 28px {FONT}"),
        "#444444",
        MARGIN,
        y,
    )?;
    y += 72.0;
    text(
        &card.status,
        &format!("700 40px {FONT}"),
        card.colour,
        MARGIN,
        y,
    )?;
    y += 52.0;
    for line in card.lines.iter().take(3) {
        text(line, &format!("400 30px {FONT}"), "#222222", MARGIN, y)?;
        y += 42.0;
    }
    set(&c, "font", &format!("400 22px {FONT}"))?;
    let mut foot = HEIGHT - 110.0;
    for line in [&card.dates, &card.notes, &card.address] {
        for part in wrap(&c, line, WIDTH - 2.0 * MARGIN)?.iter().take(1) {
            text(part, &format!("400 22px {FONT}"), "#444444", MARGIN, foot)?;
        }
        foot += 34.0;
    }
    Ok(canvas)
}

/// Saves `canvas` as `file` (a PNG download).
fn download(canvas: &web_sys::Element, file: String) -> Result<(), JsValue> {
    let save = Closure::once_into_js(move |blob: JsValue| {
        let Ok(blob) = blob.dyn_into::<web_sys::Blob>() else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let doc = leptos::prelude::document();
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", &file);
            if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
                a.click();
            }
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    call(canvas, "toBlob", &[save, "image/png".into()]).map(|_| ())
}

/// The "share card" button: draws the card and downloads it as a PNG.
pub fn share_button(ctx: Ctx, v: &EnterpriseView) -> Elem {
    let lang = ctx.l();
    let card = card(ctx, v);
    let file = format!("{}.png", v.uscc);
    el("p").attr("class", "share").child(
        el("button")
            .attr("type", "button")
            .attr("class", "share-card")
            .text(lang.pick(
                "下载分享图片（PNG）",
                "下載分享圖片（PNG）",
                "Download a share card (PNG)",
            ))
            .on(
                "click",
                Box::new(move |_| {
                    if let Ok(canvas) = draw(&card) {
                        let _ = download(&canvas, file.clone());
                    }
                }),
            ),
    )
}
