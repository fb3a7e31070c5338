//! A QR code of a page's permalink, for shop windows, certificates and
//! printed pages: the `qrcode` crate encodes, the view layer draws it as one
//! SVG path (dark modules on a light square with the standard four-module
//! quiet zone), so no markup string is ever parsed into the page.
//!
//! Only the enterprise page and the batch check call it, so its code is in
//! their parts of the wasm, not in the shell.

use qrcode::{Color, EcLevel, QrCode};

use crate::components::dom::{svg_el, Elem};

/// The quiet zone around the symbol, in modules (the standard's minimum).
const QUIET: usize = 4;

/// The SVG path of the dark modules of `text`'s QR code (error correction
/// level M, which survives a smudged or partly covered print) and the side
/// of the square with its quiet zone, in modules; `None` when the text is too
/// long for any QR version.
pub fn qr_path(text: &str) -> Option<(String, usize)> {
    let (runs, side) = dark_runs(text)?;
    let mut d = String::new();
    for (x, y, len) in runs {
        d.push_str(&format!("M{x} {y}h{len}v1h-{len}z"));
    }
    Some((d, side))
}

/// A run of dark modules: x, y and length, in modules.
pub type Run = (usize, usize, usize);

/// The runs of dark modules of `text`'s QR code, row by row, as (x, y, length)
/// in modules with the quiet zone included, and the side of the square:
/// what the SVG path and the share card's canvas both draw.
pub fn dark_runs(text: &str) -> Option<(Vec<Run>, usize)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (y, row) in colors.chunks(width).enumerate() {
        // One rectangle per run of dark modules in a row keeps the drawing short.
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                runs.push((start + QUIET, y + QUIET, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((runs, width + 2 * QUIET))
}

/// The QR code of `text` as an `<svg role="img">` named `label` (which should
/// say "QR"), or `None` when the text cannot be encoded.
pub fn qr_svg(text: &str, label: &str) -> Option<Elem> {
    let (d, side) = qr_path(text)?;
    let side = side.to_string();
    Some(
        svg_el("svg")
            .class("qr")
            .attr("role", "img")
            .attr("aria-label", label)
            .attr("viewBox", &format!("0 0 {side} {side}"))
            .attr("shape-rendering", "crispEdges")
            .child(svg_el("title").text(label))
            // Light behind dark whatever the theme: scanners need that contrast.
            .child(
                svg_el("rect")
                    .attr("width", &side)
                    .attr("height", &side)
                    .attr("fill", "#fff"),
            )
            .child(svg_el("path").attr("d", &d).attr("fill", "#000")),
    )
}
