//! Small pure helpers for what the views show: safe links, CSV, percentages.
//!
//! Kept free of Leptos so they are tested natively.

/// The URL when it is an absolute `http:` or `https:` link, else `None`.
///
/// Registry data is untrusted: a `javascript:` or `data:` URL must never
/// become a link (it is shown as text instead). The check is on the scheme
/// after trimming, case-insensitively, and rejects whitespace and control
/// characters anywhere, which browsers strip and attackers use to hide a scheme.
pub fn safe_href(url: &str) -> Option<&str> {
    let u = url.trim();
    if u.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &u[8..]
    } else if lower.starts_with("http://") {
        &u[7..]
    } else {
        return None;
    };
    // A host must follow; `http:///x` or `http://` alone is not a link.
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    (!host.is_empty()).then_some(u)
}

/// One CSV field, quoted when needed (RFC 4180), with a leading `'` for cells
/// a spreadsheet would run as a formula: those starting with `=`, `+`, `-`,
/// `@` (but a plain signed number), a tab or a carriage return (OWASP's list:
/// spreadsheets strip leading whitespace before reading a formula).
pub fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['\t', '\r'])
        || (s.starts_with(['=', '+', '-', '@']) && !is_plain_number(s))
    {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A signed decimal such as `-12.5` or `+3`: a spreadsheet reads it as a
/// number, not a formula. (Written out rather than `parse::<f64>()`, whose
/// tables would add ~20 KB to the app's wasm for this one check.)
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    !(int.is_empty() && frac.is_empty()) && all_digits(int) && all_digits(frac)
}

/// A CSV document from a header and rows, CRLF line ends, with a BOM so that
/// Excel opens the Chinese text as UTF-8.
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(header.iter().map(|h| csv_field(h)).collect()));
    for r in rows {
        out.push_str(&line(r.iter().map(|c| csv_field(c)).collect()));
    }
    out
}

/// A ratio as a percentage with one decimal (`0.9123` → `91.2%`).
pub fn percent(ratio: f64) -> String {
    if !ratio.is_finite() {
        return "–".into();
    }
    // Integer arithmetic: float formatting would add kilobytes to the wasm.
    let permille = (ratio * 1000.0).round() as i64;
    let sign = if permille < 0 { "-" } else { "" };
    let p = permille.abs();
    format!("{sign}{}.{}%", p / 10, p % 10)
}

/// The `<iframe>` code that embeds the page at `src` in another site, with
/// `title` for screen readers. Both are escaped for an HTML attribute.
pub fn iframe_code(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" loading=\"lazy\" style=\"border:0;max-width:720px\"></iframe>",
        attr_escape(src),
        attr_escape(title)
    )
}

/// The embed code offered to journalists: the `<iframe>` of [`iframe_code`]
/// and, for a reader without scripts (or a host that drops iframes), a plain
/// link to the full page in `<noscript>`.
pub fn embed_code(src: &str, full: &str, title: &str, height: u32) -> String {
    format!(
        "{}\n<noscript><a href=\"{}\">{}</a></noscript>",
        iframe_code(src, title, height),
        attr_escape(full),
        attr_escape(title)
    )
}

fn attr_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
