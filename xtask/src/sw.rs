//! The service worker (`sw.js`), written by the split hook once every file of the
//! build has its final name: a small hand-written worker with the build's file list.
//!
//! - Install: the shell (index.html, the main JS and wasm, the split loader) and every
//!   part are cached by their content-hashed names, in a cache named after the build.
//! - Navigations and the registry's fixed-name files (`meta.json`, its signature,
//!   `report.json`, `stats.json`, `changes.xml`) are network-first with the cached
//!   copy as the fallback, so a new deployment (a new `index.html` naming new files)
//!   is used on the next visit and never a stale shell forever.
//! - Every other registry file is immutable by name: cache-first, cached when first
//!   fetched, in a cache per registry build (told by `meta.json`'s digest). A new
//!   `meta.json` deletes the registry caches but its own and the one before it, which
//!   pages opened before the switch may still use (the grace period).
//! - Activation deletes the shell caches of other builds of the same scope. Cache
//!   names carry the scope, so two deployments on one origin (`/`, `/zhixin/`) keep
//!   their own.
//!
//! Nothing is fetched from another origin; requests outside the scope and non-GET
//! requests are left to the browser. The page registers it (index.html) relative to
//! its `<base>`, so it works under any sub-path and in the embedded page.

use std::path::Path;

use anyhow::{Context, Result};

/// The worker's file name beside index.html.
pub const SW_FILE: &str = "sw.js";

/// Files of the staged build the worker does not precache: the page itself is
/// cached as the scope's root, the worker is the browser's, the rest is not the app.
const NOT_PRECACHED: [&str; 3] = ["index.html", SW_FILE, "robots.txt"];

/// Writes `staging/sw.js` for the files now in `staging` (paths relative to it);
/// `version` names the build (a digest of its files).
pub fn write(staging: &Path, version: &str) -> Result<()> {
    let mut files = Vec::new();
    list(staging, staging, &mut files)?;
    files.retain(|f| !NOT_PRECACHED.contains(&f.as_str()) && !f.starts_with('.'));
    files.sort();
    let js = script(version, &files);
    let out = staging.join(SW_FILE);
    std::fs::write(&out, js).with_context(|| format!("writing {}", out.display()))
}

fn list(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            list(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

/// The worker's source for `version` and the precached `files`.
pub fn script(version: &str, files: &[String]) -> String {
    let list = files
        .iter()
        .map(|f| format!("'{}'", f.replace('\\', "\\\\").replace('\'', "\\'")))
        .collect::<Vec<_>>()
        .join(",");
    // Comments and indentation are for the reader of this file: the worker
    // counts in the app shell's budget (`cargo xtask size`), so they go.
    let body: Vec<&str> = TEMPLATE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect();
    format!(
        "// zhixin's service worker (xtask/src/sw.rs)\n{}\n",
        body.join("\n")
    )
    .replace("%VERSION%", version)
    .replace("%FILES%", &list)
}

/// The worker. `%VERSION%` and `%FILES%` are filled in by `script`.
const TEMPLATE: &str = r#"// zhixin's service worker, written by `cargo xtask split-wasm` (xtask/src/sw.rs).
'use strict';
const VERSION = '%VERSION%';
const FILES = [%FILES%];
const SCOPE = self.registration.scope;
const SHELL = 'zhixin-shell ' + SCOPE + ' ';
const DATA = 'zhixin-data ' + SCOPE + ' ';
const FIXED = 'zhixin-fixed ' + SCOPE;
const FIXED_FILES = /^registry\/(meta\.json(\.minisig)?|report\.json|stats\.json|changes\.xml)$/;
const at = (p) => new URL(p, SCOPE).href;
let current;
let previous;

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL + VERSION)
    .then((c) => c.addAll(['./'].concat(FILES).map(at)))
    // The registry's meta.json too: the page fetched it before the worker ran.
    .then(() => caches.open(FIXED))
    .then((c) => c.add(at('registry/meta.json')).catch(() => {}))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys
      .filter((k) => k.startsWith(SHELL) && k !== SHELL + VERSION)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The registry cache of the meta.json served last.
async function dataCache() {
  if (!current) {
    const m = await (await caches.open(FIXED)).match(at('registry/meta.json'));
    current = DATA + (m ? await tag(await m.arrayBuffer()) : '-');
  }
  return caches.open(current);
}

async function tag(bytes) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

// A new registry build: its own cache; keep the one before it, delete the others.
async function newMeta(response) {
  await dataCache();
  const name = DATA + await tag(await response.clone().arrayBuffer());
  if (name === current) return;
  previous = current;
  current = name;
  const keys = await caches.keys();
  await Promise.all(keys
    .filter((k) => k.startsWith(DATA) && k !== current && k !== previous)
    .map((k) => caches.delete(k)));
}

async function networkFirst(request, cacheName, key, meta) {
  const cache = await caches.open(cacheName);
  try {
    // Revalidated whatever the host's cache headers say: a new build is seen at once.
    const response = await fetch(new Request(request, { cache: 'no-cache' }));
    if (response.ok) {
      if (meta) await newMeta(response);
      await cache.put(key, response.clone());
    }
    return response;
  } catch (error) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request, open) {
  const hit = await caches.match(request.url);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await (await open()).put(request.url, response.clone());
  return response;
}

self.addEventListener('fetch', (e) => {
  const r = e.request;
  if (r.method !== 'GET' || !r.url.startsWith(SCOPE)) return;
  const path = r.url.slice(SCOPE.length).split('#')[0].split('?')[0];
  if (path === 'sw.js') return;
  if (r.mode === 'navigate' || path === '' || path === 'index.html') {
    e.respondWith(networkFirst(r, SHELL + VERSION, at('./'), false));
  } else if (FIXED_FILES.test(path)) {
    e.respondWith(networkFirst(r, FIXED, r.url, path === 'registry/meta.json'));
  } else if (path.startsWith('registry/')) {
    e.respondWith(cacheFirst(r, dataCache));
  } else {
    e.respondWith(cacheFirst(r, () => caches.open(SHELL + VERSION)));
  }
});
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_names_the_build_and_every_file_quoted() {
        let js = script(
            "abc123",
            &["zhixin-app-1.js".into(), "split-1/it's.wasm".into()],
        );
        assert!(js.contains("const VERSION = 'abc123';"), "{js}");
        assert!(
            js.contains(r"const FILES = ['zhixin-app-1.js','split-1/it\'s.wasm'];"),
            "{js}"
        );
        assert!(!js.contains('%'), "every placeholder filled: {js}");
        // Nothing from another origin: the only URLs are built from the scope.
        assert!(!js.contains("http"), "{js}");
    }
}
