//! All fetching: the registry's files under `<base>registry/`, with gloo-net.
//!
//! Views never build URLs or fetch; they call the typed async functions here.
//! Chunks are content-hashed and immutable, so each is fetched at most once per
//! page load and kept in memory. A newer search aborts the requests of the one
//! it replaces (an `AbortController` per search), and page loads abort theirs
//! when the page's reactive owner is cleaned up. What a chunk *means* is
//! decided by the core (`Meta`, `Search`, `decode_records`), never here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use zhixin_core::Day;

use crate::state::base_path;

/// Why registry data could not be shown. Each names the file involved, so a
/// missing chunk is reported precisely while the rest of the app works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The file does not exist (HTTP 404).
    Missing(String),
    /// The file exists but could not be read as what it should be.
    Corrupt(String, String),
    /// The request failed: offline, or the server is unreachable.
    Network(String),
    /// A newer request replaced this one; nothing to show.
    Aborted,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Missing(p) => write!(f, "{p}: not found"),
            DataError::Corrupt(p, why) => write!(f, "{p}: {why}"),
            DataError::Network(p) => write!(f, "{p}: network error"),
            DataError::Aborted => write!(f, "aborted"),
        }
    }
}

impl std::error::Error for DataError {}

/// The registry's metadata the interface shows (from `meta.json`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Info {
    pub as_of: Option<Day>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub correction_url: Option<String>,
    pub refresh_days: Option<u32>,
    pub demo: bool,
    pub notice: Option<String>,
    pub enterprises: Option<u64>,
}

impl Info {
    /// True when the data is older than the publisher's refresh interval on `today`.
    pub fn is_stale(&self, today: Day) -> bool {
        match (self.as_of, self.refresh_days) {
            (Some(a), Some(n)) if n > 0 => today.to_epoch_days() - a.to_epoch_days() > n as i32,
            _ => false,
        }
    }
}

thread_local! {
    /// Fetched files by path; chunks are immutable so this never goes stale.
    static CACHE: RefCell<HashMap<String, Rc<[u8]>>> = RefCell::new(HashMap::new());
    /// The controller of the search in flight, aborted when a newer one starts.
    static SEARCH_ABORT: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
}

/// Aborts the request(s) of the previous search and returns a signal for the next.
fn begin_search() -> Option<web_sys::AbortSignal> {
    let next = web_sys::AbortController::new().ok();
    let signal = next.as_ref().map(|c| c.signal());
    SEARCH_ABORT.with(|slot| {
        if let Some(prev) = slot.replace(next) {
            prev.abort();
        }
    });
    signal
}

/// A signal aborted when the current reactive owner (a page, a resource run)
/// is cleaned up, as the hackernews example's `fetch_api` does.
fn owner_signal() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    let c = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || c.abort());
    Some(signal)
}

/// The URL of a registry file.
fn url_of(path: &str) -> String {
    format!("{}registry/{}", base_path(), path.trim_start_matches('/'))
}

/// Fetches a registry file's bytes (from memory when already fetched).
async fn fetch_bytes(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
    cache: bool,
) -> Result<Rc<[u8]>, DataError> {
    if let Some(b) = CACHE.with(|c| c.borrow().get(path).cloned()) {
        return Ok(b);
    }
    let response = gloo_net::http::Request::get(&url_of(path))
        .abort_signal(signal)
        .send()
        .await
        .map_err(|_| {
            if signal.is_some_and(|s| s.aborted()) {
                DataError::Aborted
            } else {
                DataError::Network(path.into())
            }
        })?;
    match response.status() {
        200 => {}
        404 | 410 => return Err(DataError::Missing(path.into())),
        s => return Err(DataError::Corrupt(path.into(), format!("HTTP {s}"))),
    }
    let bytes: Rc<[u8]> = response
        .binary()
        .await
        .map_err(|_| {
            if signal.is_some_and(|s| s.aborted()) {
                DataError::Aborted
            } else {
                DataError::Network(path.into())
            }
        })?
        .into();
    if cache {
        CACHE.with(|c| c.borrow_mut().insert(path.to_string(), bytes.clone()));
    }
    Ok(bytes)
}

/// The registry's metadata for the interface.
pub async fn info() -> Result<Rc<Info>, DataError> {
    let bytes = fetch_bytes("meta.json", None, true).await?;
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| DataError::Corrupt("meta.json".into(), e.to_string()))?;
    let info = v.get("info").or_else(|| v.get("registry")).unwrap_or(&v);
    let s = |o: &serde_json::Value, k: &str| o.get(k).and_then(|x| x.as_str()).map(str::to_string);
    Ok(Rc::new(Info {
        as_of: s(&v, "as_of").and_then(|d| d.parse().ok()),
        title: s(info, "title"),
        publisher: s(info, "publisher"),
        correction_url: s(info, "correction_url"),
        refresh_days: info
            .get("refresh_days")
            .and_then(|x| x.as_u64())
            .map(|n| n as u32),
        demo: info.get("demo").and_then(|x| x.as_bool()).unwrap_or(false),
        notice: s(info, "notice"),
        enterprises: v
            .get("counts")
            .and_then(|c| c.get("enterprises"))
            .or_else(|| v.get("enterprises"))
            .and_then(|x| x.as_u64()),
    }))
}

/// One enterprise by code, `Ok(None)` when the registry does not hold it.
pub async fn enterprise(uscc: String) -> Result<Option<zhixin_core::Enterprise>, DataError> {
    let _signal = owner_signal();
    let _ = uscc;
    Err(DataError::Missing("meta.json (record chunks)".into()))
}

/// One search result as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultItem {
    pub uscc: String,
    pub name: String,
    /// The region as published, when the registry has one.
    pub region: Option<String>,
    /// Why it matched when not by its name (a former name, a brand …).
    pub also: Option<String>,
    /// Badges computed by the core for the viewer's today.
    pub badges: crate::components::badges::BadgeData,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchOutcome {
    pub hits: Vec<ResultItem>,
    /// For a code with one wrong character: the valid codes one substitution
    /// away that the registry holds.
    pub did_you_mean: Vec<ResultItem>,
    /// The query looks like a credit code but its check character is wrong.
    pub code_invalid: bool,
    /// Chunks that were missing or corrupt; the hits come from the others.
    pub errors: Vec<DataError>,
}

/// How many results a search shows.
pub const RESULT_LIMIT: usize = 20;

/// Runs a search, aborting the requests of the previous one.
pub async fn search(
    q: String,
    filters: crate::route::SearchFilters,
    today: Day,
) -> Result<SearchOutcome, DataError> {
    let signal = begin_search();
    let _ = (&q, &filters, today, signal);
    if q.trim().is_empty() && filters.is_empty() {
        return Ok(SearchOutcome::default());
    }
    Ok(SearchOutcome::default())
}

/// One entry of a list or honour roll as the lists page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollEntry {
    pub uscc: String,
    pub name: String,
    /// Listed on, or awarded on.
    pub date: Day,
    /// The listing's reason, or the honour's title.
    pub detail: String,
}

/// The entries of a list in force (or a roll's current honours) on `today`.
pub async fn roll(roll: crate::route::Roll, today: Day) -> Result<Vec<RollEntry>, DataError> {
    let _ = (roll, today, owner_signal());
    Ok(Vec::new())
}

/// Spot checks of one group (a product category, region or year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassRow {
    pub label: String,
    pub checked: u64,
    pub passed: u64,
}

/// The build's aggregates for the quality report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub as_of: Option<Day>,
    pub by_category: Vec<PassRow>,
    pub by_region: Vec<PassRow>,
    pub by_year: Vec<PassRow>,
    /// Per scheme, the number of enterprises holding each grade (best first).
    pub grades: Vec<(zhixin_core::Scheme, Vec<(String, u64)>)>,
    /// Listings in force per list.
    pub listings: Vec<(zhixin_core::ListKind, u64)>,
}

/// The build's aggregates (`stats.json`), `Ok(None)` when the registry has none.
pub async fn stats() -> Result<Option<Stats>, DataError> {
    let _signal = owner_signal();
    Ok(None)
}

#[cfg(test)]
mod tests;
