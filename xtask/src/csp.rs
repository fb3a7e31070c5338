//! Content-Security-Policy and Subresource Integrity for the built app: the split
//! hook (split.rs) applies them to Trunk's final, minified `index.html` and to the
//! split loader, once every file has its final bytes, because SRI digests and CSP
//! hashes are of exact bytes and the hook rewrites the main JS and wasm after Trunk.
//!
//! The policy travels in the page as `<meta http-equiv="Content-Security-Policy">`,
//! so it applies on any static host, GitHub Pages included, which cannot set
//! headers. Its inline scripts and the inlined CSS are allowed by their SHA-256
//! hashes, never by `'unsafe-inline'`; wasm needs only `'wasm-unsafe-eval'`.
//! docs/deploy.md gives the HTTP headers to add (`frame-ancestors`, which a meta
//! element cannot carry).

use std::collections::{HashMap, HashSet};

use anyhow::{bail, Result};
use base64::{engine::general_purpose::STANDARD, Engine as _};
use sha2::{Digest, Sha256};

#[cfg(test)]
mod tests;

/// `sha256-BASE64` of `bytes`: the value of an `integrity` attribute, and quoted,
/// a CSP hash source. SHA-256 rather than Trunk's default SHA-384: 128 bits of
/// collision resistance is ample, the registry's digests are SHA-256 too, and
/// each of the ~20 digests the shell carries is 20 bytes shorter (they do not
/// compress).
pub fn sha256_source(bytes: &[u8]) -> String {
    format!("sha256-{}", STANDARD.encode(Sha256::digest(bytes)))
}

/// The part of the policy to send as an HTTP header with `index.html`, besides the
/// meta element (docs/deploy.md; the xtask server sends it): the build-independent
/// directives, so the header need not change when the app is rebuilt, and
/// `frame-ancestors`, which only a header can set. No `default-src` or `script-src`:
/// a page obeys every policy it is given, so those come from the meta element, whose
/// hashes change with each app build; a header `default-src` would refuse them.
/// `embed`: the address asks for the embedded page (`embed=1`), which news sites
/// show in an `<iframe>`; any other page may only be framed by the app's own origin.
pub fn header_policy(embed: bool) -> String {
    let ancestors = if embed { "*" } else { "'self'" };
    format!("{HEADER_DIRECTIVES}; frame-ancestors {ancestors}")
}

/// The build-independent directives that the header repeats (`header_policy`).
pub const HEADER_DIRECTIVES: &str =
    "connect-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The directives that never change between builds. `default-src 'none'`: any
/// kind of resource not listed here (fonts, frames, media) is refused.
/// `img-src 'self'`: the favicon (the report's charts are inline SVG, not
/// images). `worker-src 'self'` and `manifest-src 'self'`: the service worker
/// and the web app manifest beside index.html (xtask/src/sw.rs). `connect-src 'self'`: the registry, the wasm modules and
/// their preloads are fetched from the app's own origin and nowhere else.
/// `form-action 'self'`: the search form, should it ever submit without the app,
/// goes to the app's own address. `frame-ancestors` is absent: it is ignored (with
/// a console error) in a meta element; see docs/deploy.md for the header.
pub const FIXED_DIRECTIVES: &str = "default-src 'none'; img-src 'self'; worker-src 'self'; \
     manifest-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The policy for `html`: `FIXED_DIRECTIVES`, scripts from the app's origin and
/// the inline ones by hash, wasm compilation, and the inline styles by hash.
pub fn policy(html: &str) -> Result<String> {
    let scripts = inline_contents(html, "script")?;
    let styles = inline_contents(html, "style")?;
    let quoted = |contents: &[&str]| {
        contents
            .iter()
            .map(|c| format!(" '{}'", sha256_source(c.as_bytes())))
            .collect::<String>()
    };
    Ok(format!(
        "{FIXED_DIRECTIVES}; script-src 'self' 'wasm-unsafe-eval'{}; style-src{}",
        quoted(&scripts),
        if styles.is_empty() {
            " 'none'".to_string()
        } else {
            quoted(&styles)
        }
    ))
}

/// `html` with its policy as a meta element right after `<meta charset>`: a meta
/// policy governs only what follows it, so it comes before every script, style
/// and link, and the charset stays within the first 1024 bytes.
pub fn with_policy(html: &str) -> Result<String> {
    if html.contains("http-equiv=\"Content-Security-Policy\"")
        || html.contains("http-equiv=Content-Security-Policy")
    {
        bail!("index.html already has a Content-Security-Policy meta element");
    }
    let policy = policy(html)?;
    let Some(charset) = html.find("<meta charset") else {
        bail!("index.html has no <meta charset>");
    };
    let Some(end) = html[charset..].find('>') else {
        bail!("index.html's <meta charset> is not closed");
    };
    let at = charset + end + 1;
    let mut out = String::with_capacity(html.len() + policy.len() + 64);
    out.push_str(&html[..at]);
    out.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
    ));
    out.push_str(&html[at..]);
    Ok(out)
}

/// The text of every `<TAG>` element without a `src` attribute (inline scripts,
/// inline styles), exactly as the browser hashes it. The HTML is our own minified
/// output, so a plain scan serves: no comments or CDATA hide a tag in it, and a
/// script cannot contain its own end tag.
fn inline_contents<'a>(html: &'a str, tag: &str) -> Result<Vec<&'a str>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(&open) {
        let start = at + i;
        let after_name = start + open.len();
        // `<scripts>` or `<style-x>` are other elements.
        if !html[after_name..].starts_with(['>', ' ', '\t', '\n', '/']) {
            at = after_name;
            continue;
        }
        let Some(gt) = html[start..].find('>') else {
            bail!("an unclosed <{tag}> tag in index.html");
        };
        let body_start = start + gt + 1;
        let Some(len) = html[body_start..].find(&close) else {
            bail!("a <{tag}> without </{tag}> in index.html");
        };
        let attributes = &html[after_name..start + gt];
        if !has_attribute(attributes, "src") {
            found.push(&html[body_start..body_start + len]);
        }
        at = body_start + len + close.len();
    }
    Ok(found)
}

/// Whether a tag's attribute text (`type=module src=/a.js`) has attribute `name`.
fn has_attribute(attributes: &str, name: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a.split('=').next() == Some(name))
}

/// The split loader with an `integrity` on each module's fetch (`./NAME.wasm`,
/// from `digests` by NAME), so that a changed part or chunk is refused by the
/// browser like a changed main module. Fails when a fetch has no digest or a
/// digest no fetch (the splitter's loader changed shape).
pub fn pin_fetches(loader: &str, digests: &HashMap<String, String>) -> Result<String> {
    const FETCH: &str = "fetch(new URL(\"./";
    const TAIL: &str = ".wasm\", import.meta.url))";
    let mut out = String::with_capacity(loader.len() + digests.len() * 80);
    let mut pinned = HashSet::new();
    let mut rest = loader;
    while let Some(i) = rest.find(FETCH) {
        let name_start = i + FETCH.len();
        let Some(len) = rest[name_start..].find(TAIL) else {
            bail!("the split loader fetches a module in an unknown way; update csp.rs");
        };
        let name = &rest[name_start..name_start + len];
        let Some(digest) = digests.get(name) else {
            bail!("the split loader fetches {name}.wasm, which the splitter did not write");
        };
        // `fetch(new URL("./NAME.wasm", import.meta.url)` then the digest, then `)`.
        let url_end = name_start + len + TAIL.len() - 1;
        out.push_str(&rest[..url_end]);
        out.push_str(&format!(", {{ integrity: \"{digest}\" }})"));
        rest = &rest[url_end + 1..];
        pinned.insert(name);
    }
    out.push_str(rest);
    if pinned.len() != digests.len() {
        bail!(
            "the split loader fetches {} modules, the splitter wrote {}; update csp.rs",
            pinned.len(),
            digests.len()
        );
    }
    Ok(out)
}

/// The global through which index.html's preload script (split.rs,
/// `preload_in_html`) gives the loader the digests of the modules.
pub const DIGESTS_GLOBAL: &str = "zhixinSri";

/// The loader that [`pin_fetches`] pinned, each digest replaced by a lookup
/// in the table that index.html's preload script already carries for its
/// `<link rel=preload>`s (as [`DIGESTS_GLOBAL`]): a digest does not compress,
/// and each of the ~60 modules' would otherwise be in the shell twice. The
/// page stays the root of trust: its scripts are allowed by their hashes and
/// it pins the loader's digest. A module without a digest in the table is
/// refused, never fetched unchecked.
pub fn digests_from_page(pinned: &str, digests: &HashMap<String, String>) -> Result<String> {
    let mut out = pinned.to_string();
    for (name, digest) in digests {
        let literal = format!("{{ integrity: \"{digest}\" }}");
        if out.matches(&literal).count() != 1 {
            bail!("the pinned loader does not fetch {name}.wasm once with its digest");
        }
        out = out.replacen(&literal, &format!("{{ integrity: sri(\"{name}\") }}"), 1);
    }
    if out.contains("integrity: \"") {
        bail!("the pinned loader has a digest of no module the splitter wrote");
    }
    out.push_str(&format!(
        "\nfunction sri(name) {{\n    const digest = (self.{DIGESTS_GLOBAL} || {{}})[name];\n    \
         if (!digest) throw new Error(`${{name}}.wasm: no digest in the page`);\n    return digest;\n}}\n"
    ));
    Ok(out)
}
