//! All fetching: the registry's files under `<base>registry/`, with gloo-net.
//!
//! Every file but `meta.json` and its signature is checked against the
//! SHA-256 digest that `meta.json` lists for it (through its family's digest
//! page: `zhixin_core::integrity`) before anything reads it; a file that does
//! not match is refused ([`DataError::Refused`]), named, and the rest works.
//! With a publisher key pinned at build time ([`PINNED_KEY`]), [`trust`]
//! checks `meta.json.minisig`, which roots those digests in the publisher.
//!
//! Views never build URLs or fetch; they call the typed async functions here.
//! Chunks are content-hashed and immutable, so each is kept in memory once
//! fetched, within a budget (the least recently used are forgotten). A newer
//! search aborts the requests of the one it replaces (an `AbortController` per
//! search), and page loads abort theirs
//! when the page's reactive owner is cleaned up. What a chunk *means* is
//! decided by the core (`Meta`, `Search`, `decode_records`), never here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use leptos::prelude::on_cleanup;
use zhixin_core::integrity::{self, Expect};
use zhixin_core::{
    find_record, honour_current, listing_in_force, BadgeSummary, Chunks, Count, Day, Enterprise,
    Filters, FormatError, FormatErrorKind, Hit, MatchKind, Meta, RollIndexChunk, RollPage, Search,
    Step,
};

use crate::nav::base_path;
use crate::route::SearchFilters;

/// Why registry data could not be shown. Each names the file involved, so a
/// missing chunk is reported precisely while the rest of the app works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The file does not exist (HTTP 404).
    Missing(String),
    /// The file exists but could not be read as what it should be.
    Corrupt(String, String),
    /// The file's bytes are not the publisher's: they do not match the
    /// SHA-256 digest that `meta.json` lists for it.
    Refused(String),
    /// The request failed: offline, or the server is unreachable.
    Network(String),
    /// A newer request replaced this one; nothing to show.
    Aborted,
    /// A part of the app (the search engine, a page) that is downloaded when
    /// first needed could not be (offline, or the server is unreachable).
    Module,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Missing(p) => write!(f, "{p}: not found"),
            DataError::Corrupt(p, why) => write!(f, "{p}: {why}"),
            DataError::Refused(p) => write!(
                f,
                "{p}: refused: does not match the digest the publisher listed in meta.json"
            ),
            DataError::Network(p) => write!(f, "{p}: network error"),
            DataError::Aborted => write!(f, "aborted"),
            DataError::Module => write!(f, "a part of the app could not be downloaded"),
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
    /// The publisher's credit-repair channel (`registry.json`'s `repair_url`).
    pub repair_url: Option<String>,
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
    static CACHE: RefCell<FileCache> = RefCell::new(FileCache::default());
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

/// The URL of a registry file (the page links `changes.xml`, the feed).
pub fn url_of(path: &str) -> String {
    format!("{}registry/{}", base_path(), path.trim_start_matches('/'))
}

/// The most bytes of fetched files kept in memory (records, roll pages) …
const FILE_CACHE_BYTES: usize = 8 << 20;
/// … and of search chunks with what searches decoded from them (term
/// indexes, cards: `Chunks::held_cost`), trimmed before each search. A long
/// session on a phone then holds about 24 MB of registry data at most, however
/// long it lasts; what was forgotten is fetched again when needed (the
/// browser's HTTP cache usually has it).
const SEARCH_CHUNK_BYTES: usize = 16 << 20;

/// The wasm linear memory a long session is held to: the caches' budgets
/// above and what the app and a search need beside them (about 11 MB at a
/// million enterprises), with a megabyte to spare. Linear memory never
/// shrinks, and the holes between blocks that the caches' churn leaves cost
/// a little more of it as a session goes on, however the heaps are kept
/// (`src/heap.rs`, issue 19). So what memory takes beyond this comes out of
/// the caches' budgets ([`budget`]): the blocks they let go of make room for
/// the next ones, and memory levels off instead of creeping up.
const MEMORY_CAP: usize = 36 << 20;

/// How many bytes the caches give up for each byte memory took beyond
/// [`MEMORY_CAP`]: one was too few to stop the creep within 30 minutes.
const GIVE_UP: u64 = 4;

/// What a cache of budget `full` may hold with linear memory at `memory`
/// bytes: its share of [`GIVE_UP`] times what memory took beyond
/// [`MEMORY_CAP`] comes off.
fn budget(full: usize, memory: usize) -> usize {
    let over = memory.saturating_sub(MEMORY_CAP) as u64;
    let share =
        over.saturating_mul(GIVE_UP * full as u64) / (FILE_CACHE_BYTES + SEARCH_CHUNK_BYTES) as u64;
    full.saturating_sub(share as usize)
}

/// What the search chunks may hold now (see [`budget`]).
fn chunk_budget() -> usize {
    budget(SEARCH_CHUNK_BYTES, crate::heap::memory_bytes())
}

/// The most bytes one registry file may have (as the CLI's reader caps it):
/// more is a damaged or planted file, refused rather than held.
const MAX_FILE_BYTES: usize = 256 << 20;

fn too_large(path: &str) -> DataError {
    DataError::Corrupt(
        path.into(),
        format!("more than a registry file may have ({MAX_FILE_BYTES} bytes)"),
    )
}

/// A fetched file's bytes, shared: the buffer they were read into, in an
/// `Rc`. (An `Rc<[u8]>` copies them into a block of its own: a second
/// file-sized block at every fetch, and in the browser, whose memory never
/// shrinks, blocks of odd sizes that a long session's memory crept with,
/// issue 19.)
type FileBytes = Rc<Vec<u8>>;

/// Fetched files, the oldest forgotten first beyond [`FILE_CACHE_BYTES`]
/// (less when memory is past its cap: [`budget`]).
#[derive(Default)]
struct FileCache {
    files: HashMap<String, FileBytes>,
    order: std::collections::VecDeque<String>,
    bytes: usize,
}

impl FileCache {
    fn insert(&mut self, path: &str, bytes: FileBytes) {
        let max = budget(FILE_CACHE_BYTES, crate::heap::memory_bytes());
        self.bytes += bytes.len();
        if let Some(old) = self.files.insert(path.to_string(), bytes) {
            self.bytes -= old.len();
        } else {
            self.order.push_back(path.to_string());
        }
        while self.bytes > max && self.order.len() > 1 {
            if let Some(old) = self.order.pop_front().and_then(|p| self.files.remove(&p)) {
                self.bytes -= old.len();
            }
        }
    }
}

/// Fetches a registry file's bytes, checked against the digest `meta.json`
/// lists for it, from memory when already fetched and checked (kept within
/// [`FILE_CACHE_BYTES`]).
async fn fetch_bytes(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<FileBytes, DataError> {
    if let Some(b) = CACHE.with(|c| c.borrow().files.get(path).cloned()) {
        return Ok(b);
    }
    let bytes = fetch_checked(path, signal).await?;
    crate::heap::stats::phase(5);
    let bytes = Rc::new(bytes);
    CACHE.with(|c| c.borrow_mut().insert(path, bytes.clone()));
    crate::heap::stats::phase(0);
    Ok(bytes)
}

/// Fetches a registry file's bytes, checked against the digest `meta.json`
/// lists for it; not kept here. The bytes are the one buffer they were
/// copied into from the response (search chunks go on into the core's
/// `Chunks` as they are: a copy on the way would churn the heap with
/// transient chunk-sized buffers, issue 19).
async fn fetch_checked(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Vec<u8>, DataError> {
    let meta = meta().await?;
    let Some(expect) = meta.expect(path) else {
        return Err(refused(path));
    };
    let (bytes, page) = match &expect {
        Expect::Digest(_) => match take_prefetched(path) {
            Some(b) => (b, None),
            None => (fetch_raw(path, signal).await?, None),
        },
        // The chunk and its digest page at once: the name comes from
        // meta.json, so checking costs no extra round trip.
        Expect::InPage { page, .. } => {
            let (b, p) =
                futures::future::join(fetch_raw(path, signal), digest_page(page, signal)).await;
            (b?, Some(p?))
        }
    };
    integrity::check_expected(path, &bytes, &expect, |_| {
        Ok(page.as_deref().map(<[u8]>::to_vec).unwrap_or_default())
    })
    .map_err(|e| match e.kind {
        FormatErrorKind::Digest => refused(e.path.as_deref().unwrap_or(path)),
        _ => from_format(&e, path),
    })?;
    Ok(bytes)
}

/// A digest page's bytes (kept: a few hundred of 1 KB at most); checked by
/// the caller against `meta.json` each time, which costs microseconds.
async fn digest_page(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Rc<[u8]>, DataError> {
    loop {
        if let Some(b) = PAGES.with(|p| p.borrow().get(path).cloned()) {
            return Ok(b);
        }
        // Chunks of one page fetched at once share one request for it.
        let Some(_flight) = Flight::start(path) else {
            Landed(path).await;
            continue;
        };
        let b: Rc<[u8]> = fetch_raw(path, signal).await?.into();
        PAGES.with(|p| p.borrow_mut().insert(path.to_string(), b.clone()));
        return Ok(b);
    }
}

/// `path` refused (its bytes are not the publisher's): named on every page.
fn refused(path: &str) -> DataError {
    REFUSED.with(|r| {
        let mut r = r.borrow_mut();
        if !r.0.iter().any(|p| p == path) {
            r.0.push(path.to_string());
            if let Some(on) = &r.1 {
                on(path.to_string());
            }
        }
    });
    DataError::Refused(path.to_string())
}

/// Calls `on` with every file refused from now on (the banner lists them).
pub fn on_refused(on: impl Fn(String) + 'static) {
    REFUSED.with(|r| r.borrow_mut().1 = Some(Box::new(on)));
}

/// Fetches a registry file's bytes as served, unchecked.
async fn fetch_raw(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Vec<u8>, DataError> {
    // The core's `Meta` only names such paths; checked again here, where the
    // URL is made, so that no path can reach another folder or origin.
    if !zhixin_core::is_plain_relative_path(path) {
        return Err(DataError::Corrupt(
            path.into(),
            "not a file of the registry folder".into(),
        ));
    }
    // A failed request is the caller's abort when the signal says so, else a network failure.
    let failed = || {
        if signal.is_some_and(|s| s.aborted()) {
            DataError::Aborted
        } else {
            DataError::Network(path.into())
        }
    };
    let response = gloo_net::http::Request::get(&url_of(path))
        .abort_signal(signal)
        .send()
        .await
        .map_err(|_| failed())?;
    match response.status() {
        200 => {}
        404 | 410 => return Err(DataError::Missing(path.into())),
        s => return Err(DataError::Corrupt(path.into(), format!("HTTP {s}"))),
    }
    // A declared size over the cap is refused before the body is read.
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_FILE_BYTES as u64) {
        return Err(too_large(path));
    }
    let bytes = response.binary().await.map_err(|_| failed())?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// One search result as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultItem {
    pub uscc: String,
    pub name: String,
    /// The region as published, when the registry has one.
    pub region: Option<String>,
    /// Why it matched (a former name, a brand, pinyin …).
    pub matched: MatchKind,
    /// Badges computed by the core for the viewer's today.
    pub badges: BadgeSummary,
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
    /// How many enterprises match, when the search could tell ("20 of 1,234").
    pub total: Option<Count>,
    /// The query was only a company form (公司, 有限): too common to search.
    pub too_common: bool,
}

/// How many results a search shows at first, and how many more each
/// "show more" adds.
pub const RESULT_LIMIT: usize = 20;

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

/// Spot checks of one group (a product category, region or year).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassRow {
    pub label: String,
    pub checked: u64,
    pub passed: u64,
}

/// The build's aggregates for the quality report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub as_of: Option<Day>,
    /// Every sample: the headline pass rate.
    pub total: PassRow,
    /// The first and last publication dates of the samples.
    pub period: Option<(Day, Day)>,
    pub by_category: Vec<PassRow>,
    pub by_industry: Vec<PassRow>,
    pub by_region: Vec<PassRow>,
    pub by_city: Vec<PassRow>,
    pub by_year: Vec<PassRow>,
    pub by_programme: Vec<PassRow>,
    /// Per scheme, the number of enterprises holding each grade (best first), on `as_of`.
    pub grades: Vec<(zhixin_core::Scheme, Vec<(String, u64)>)>,
    /// Listings in force per list, on `as_of`.
    pub listings: Vec<(zhixin_core::ListKind, u64)>,
    /// Current honours per kind, on `as_of`.
    pub honours: Vec<(zhixin_core::HonourKind, u64)>,
    /// Blacklisted and cautioned enterprises, on `as_of`.
    pub blacklisted: u64,
    pub cautioned: u64,
    /// The date-dependent counts on every day (empty for an older registry:
    /// then the counts above, of the build's date, are all there is).
    pub timeline: zhixin_core::Timeline,
}

/// Files refused so far, and who to tell of a new one.
type Refused = (Vec<String>, Option<Box<dyn Fn(String)>>);

/// The registry's `meta.json` and its bytes.
type MetaAndBytes = (Rc<Meta>, Rc<[u8]>);

thread_local! {
    /// The registry's `meta.json`, read once per page load, and its bytes
    /// (which the signature covers).
    static META: RefCell<Option<MetaAndBytes>> = const { RefCell::new(None) };
    /// Files being fetched by one caller while others wait (see [`Flight`]).
    static IN_FLIGHT: RefCell<HashMap<String, Vec<std::task::Waker>>> = RefCell::new(HashMap::new());
    /// The chunk [`prefetch_first`] fetched (path, bytes, empty once a
    /// search took them): kept so that it is fetched once per visit.
    static PREFETCHED: RefCell<Option<(String, Vec<u8>)>> = const { RefCell::new(None) };
    /// Digest pages fetched (see [`digest_page`]).
    static PAGES: RefCell<HashMap<String, Rc<[u8]>>> = RefCell::new(HashMap::new());
    static REFUSED: RefCell<Refused> = RefCell::new((Vec::new(), None));
    /// Why a search chunk could not be used, by path: the search's errors
    /// name the chunk, this says what happened to it (refused, missing page).
    static FAILED: RefCell<HashMap<String, DataError>> = RefCell::new(HashMap::new());
    /// Chunks fetched for searches, as the core's `Search` reads them.
    static CHUNKS: RefCell<Chunks> = RefCell::new(Chunks::new());
}

/// Maps a core format error to what the page says (naming the file).
fn from_format(e: &FormatError, fallback: &str) -> DataError {
    let path = e.path.clone().unwrap_or_else(|| fallback.to_string());
    if let Some(d) = FAILED.with(|f| f.borrow().get(&path).cloned()) {
        return d;
    }
    match &e.kind {
        FormatErrorKind::Missing(_) => DataError::Missing(path),
        _ => DataError::Corrupt(path, e.to_string()),
    }
}

/// The registry's `meta.json`, parsed by the core (which rejects unknown versions).
pub async fn meta() -> Result<Rc<Meta>, DataError> {
    Ok(meta_and_bytes().await?.0)
}

async fn meta_and_bytes() -> Result<(Rc<Meta>, Rc<[u8]>), DataError> {
    if let Some(m) = META.with(|m| m.borrow().clone()) {
        return Ok(m);
    }
    let bytes: Rc<[u8]> = fetch_raw("meta.json", None).await?.into();
    let meta = Rc::new(Meta::from_json(&bytes).map_err(|e| from_format(&e, "meta.json"))?);
    // Two callers may have fetched it at once: keep the first, so that the
    // signature is checked over the bytes the app uses.
    Ok(META.with(|m| m.borrow_mut().get_or_insert((meta, bytes)).clone()))
}

/// A fetch of a file that others may need at the same moment (the digest
/// page several chunks share): while it is in flight, the others
/// wait for it ([`Landed`]) instead of requesting the file again. Dropped
/// when the fetch ends, however it ends (done, failed, aborted), waking them.
struct Flight(String);

impl Flight {
    /// `None` when `path` is already in flight.
    fn start(path: &str) -> Option<Flight> {
        IN_FLIGHT.with(|f| {
            let mut f = f.borrow_mut();
            if f.contains_key(path) {
                return None;
            }
            f.insert(path.to_string(), Vec::new());
            Some(Flight(path.to_string()))
        })
    }
}

impl Drop for Flight {
    fn drop(&mut self) {
        let waiters = IN_FLIGHT.with(|f| f.borrow_mut().remove(&self.0));
        for w in waiters.unwrap_or_default() {
            w.wake();
        }
    }
}

/// Ready once the fetch of the path in flight has ended (see [`Flight`]);
/// the waiter then looks for what it brought.
struct Landed<'a>(&'a str);

impl std::future::Future for Landed<'_> {
    type Output = ();
    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        IN_FLIGHT.with(|f| match f.borrow_mut().get_mut(self.0) {
            Some(waiters) => {
                waiters.push(cx.waker().clone());
                std::task::Poll::Pending
            }
            None => std::task::Poll::Ready(()),
        })
    }
}

/// The publisher key pinned when the app was built: the environment
/// variable `ZHIXIN_PUBLIC_KEY` (the text of `zhixin.pub`, or its base64
/// line), or the file `ZHIXIN_PUBLIC_KEY_FILE` names (see build.rs). Not a
/// file of the registry: whoever could change the registry could change that.
pub const PINNED_KEY: Option<&str> = option_env!("ZHIXIN_PUBLIC_KEY");

/// The signature file beside `meta.json`.
const SIGNATURE: &str = "meta.json.minisig";

/// What the publisher's signature says of this copy of the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trust {
    /// The deployment pins no key: there is nothing to check against.
    NoKey,
    /// `meta.json` is signed by the pinned key (its id), so every file that
    /// matches its digest is the publisher's.
    Verified { key_id: String },
    /// A key is pinned but the registry has no signature.
    Unsigned { key_id: String },
    /// The signature does not verify: another key, or a changed `meta.json`
    /// or signature (why, in English).
    Failed { key_id: String, why: String },
    /// Not checked yet, or the signature could not be fetched (offline).
    Unknown,
}

/// Checks the registry's signature against the pinned key.
pub async fn trust() -> Trust {
    let Some(key) = PINNED_KEY else {
        return Trust::NoKey;
    };
    let Ok((_, meta)) = meta_and_bytes().await else {
        return Trust::Unknown;
    };
    let sig = match fetch_raw(SIGNATURE, None).await {
        Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
        Err(DataError::Missing(_)) => None,
        Err(_) => return Trust::Unknown,
    };
    call_part!(check_signature(key, sig, meta)).unwrap_or(Trust::Unknown)
}

// Ed25519 and BLAKE2b are only needed once per visit, after the page is up:
// a part of their own keeps them out of the shell.
part! {
    fn check_signature(key: &'static str, sig: Option<String>, meta: Rc<[u8]>) -> Trust {
        match integrity::PublicKey::decode(key) {
            Err(e) => Trust::Failed {
                key_id: String::new(),
                why: format!("the pinned key: {e}"),
            },
            Ok(k) => match sig {
                None => Trust::Unsigned { key_id: k.id() },
                Some(sig) => match k.verify(&sig, &meta) {
                    Ok(_) => Trust::Verified { key_id: k.id() },
                    Err(e) => Trust::Failed {
                        key_id: k.id(),
                        why: e.to_string(),
                    },
                },
            },
        }
    }
}

/// The registry's metadata for the interface.
pub async fn info() -> Result<Rc<Info>, DataError> {
    let m = meta().await?;
    let r = &m.registry;
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.to_string());
    Ok(Rc::new(Info {
        as_of: m.as_of.or(r.as_of),
        title: text(&r.title),
        publisher: text(&r.publisher),
        correction_url: r.correction_url.clone(),
        repair_url: r.repair_url.clone(),
        refresh_days: r.refresh_days,
        demo: r.demo,
        notice: r.notice.clone(),
        enterprises: Some(m.counts.enterprises),
    }))
}

/// One enterprise by code, `Ok(None)` when the registry does not hold it.
pub async fn enterprise(uscc: String) -> Result<Option<Enterprise>, DataError> {
    let signal = owner_signal();
    let code = zhixin_core::uscc::normalize(&uscc);
    let meta = meta().await?;
    let Some(path) = meta.record_chunk_for(&code).map(str::to_string) else {
        return Ok(None);
    };
    let bytes = fetch_bytes(&path, signal.as_ref()).await?;
    crate::heap::stats::phase(4);
    let r = find_record(&bytes, &code).map_err(|e| from_format(&e, &path));
    crate::heap::stats::phase(0);
    r
}

/// Fetches `paths` concurrently into the search chunk store; a failure is
/// stored as such, so the search goes on with the chunks that are there.
async fn fill_chunks(
    paths: Vec<String>,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(), DataError> {
    let fetched = futures::future::join_all(paths.iter().map(|p| fetch_checked(p, signal))).await;
    for (p, r) in paths.into_iter().zip(fetched) {
        match r {
            Ok(b) => {
                FAILED.with(|f| f.borrow_mut().remove(&p));
                crate::heap::stats::phase(2);
                CHUNKS.with(|c| c.borrow_mut().insert(p, b));
                crate::heap::stats::phase(0);
            }
            Err(DataError::Aborted) => return Err(DataError::Aborted),
            Err(e) => {
                FAILED.with(|f| f.borrow_mut().insert(p.clone(), e.clone()));
                CHUNKS.with(|c| c.borrow_mut().insert_error(p, e.to_string()))
            }
        }
    }
    Ok(())
}

/// Runs a search with the core's `Search`, aborting the requests of the previous one.
///
/// The search engine (the core's search, the card decoder, the badges' time
/// rules) is a part of its own (`part!` in lib.rs), downloaded by the first search
/// or at idle: the search page is on screen and takes input before it arrives.
pub async fn search(
    q: String,
    f: SearchFilters,
    today: Day,
    limit: usize,
) -> Result<SearchOutcome, DataError> {
    // An empty box needs no engine (the page shows its empty state at once),
    // but still stops the search it replaces.
    if q.trim().is_empty() && f.is_empty() {
        begin_search();
        return Ok(SearchOutcome::default());
    }
    // The engine's part downloads and starts while the chunk its first step
    // asks for alone arrives, instead of one round trip after it.
    let engine = async { call_part!(search_engine(q.clone(), f, today, limit)) };
    let (run, ()) = futures::future::join(engine, prefetch_first(&q)).await;
    run.map_err(|_| DataError::Module)?.await
}

/// Fetches, once per visit, the single chunk a search's first step asks for
/// alone, before the ones the query's terms name: the traditional →
/// simplified table for a query with characters (the terms depend on it),
/// else the pinyin fence for one with letters and no digits (it says which
/// pinyin chunks to read). Its bytes wait, unchecked, for the engine's fetch
/// of it ([`fetch_checked`] checks them; the shell holds no digest code).
async fn prefetch_first(q: &str) {
    // `meta.json` as the app's start read it (index.html preloads it): not
    // fetched again here, which would cost a second request.
    let Some((meta, _)) = META.with(|m| m.borrow().clone()) else {
        return;
    };
    let path = if !q.is_ascii() {
        meta.t2s.as_ref()
    } else if q.bytes().any(|b| b.is_ascii_alphabetic()) && !q.bytes().any(|b| b.is_ascii_digit()) {
        meta.pinyin_fence.as_ref()
    } else {
        None
    };
    let Some(path) = path else {
        return;
    };
    if PREFETCHED.with(|p| p.borrow().is_some()) {
        return;
    }
    if let Ok(bytes) = fetch_raw(path, None).await {
        PREFETCHED.with(|p| *p.borrow_mut() = Some((path.clone(), bytes)));
    }
}

/// The bytes of `path` if [`prefetch_first`] fetched them (once: they are
/// checked and kept by the caller).
fn take_prefetched(path: &str) -> Option<Vec<u8>> {
    PREFETCHED.with(|p| {
        let mut p = p.borrow_mut();
        match p.as_mut() {
            Some((f, bytes)) if f == path && !bytes.is_empty() => Some(std::mem::take(bytes)),
            _ => None,
        }
    })
}

/// A search still to run (the future of [`run_search`]).
type Running =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<SearchOutcome, DataError>>>>;

part! {
    fn search_engine(q: String, f: SearchFilters, today: Day, limit: usize) -> Running {
        Box::pin(run_search(q, f, today, limit))
    }
}

async fn run_search(
    q: String,
    f: SearchFilters,
    today: Day,
    limit: usize,
) -> Result<SearchOutcome, DataError> {
    let signal = begin_search();
    clear_step_timings();
    let meta = meta().await?;
    let filters = Filters {
        blacklisted: f.blacklisted,
        honours: f.honours,
        scheme: f.scheme,
        min_grade: f.min_grade.clone(),
        region: f.region.clone(),
        industry: None,
        on: Some(today),
    };
    crate::heap::stats::phase(6);
    CHUNKS.with(|c| c.borrow_mut().trim(chunk_budget()));
    crate::heap::stats::phase(0);
    let mut s = Search::new(&meta, &q, &filters, limit.max(1));
    let hits = loop {
        crate::heap::stats::phase(1);
        let step = timed_step(|| CHUNKS.with(|c| s.step(&c.borrow())));
        crate::heap::stats::phase(0);
        match step {
            Step::Need(paths) => fill_chunks(paths, signal.as_ref()).await?,
            Step::Done(hits) => break hits,
        }
    };
    mark_search_done();
    let items: Vec<ResultItem> = hits.iter().map(|h| result_item(h, today)).collect();
    let repaired = s.repaired();
    Ok(SearchOutcome {
        did_you_mean: if repaired { items.clone() } else { Vec::new() },
        hits: if repaired { Vec::new() } else { items },
        code_invalid: s.code_invalid(),
        errors: s.errors().iter().map(|e| from_format(e, "?")).collect(),
        total: s.total(),
        too_common: s.too_common(),
    })
}

/// The `zhixin-search-done` User Timing mark, its detail what the caches hold
/// (`chunks`: search chunks with what was decoded from them; `files`: other
/// fetched files), so a long session's memory can be told apart from the
/// caches filling up to their budgets (`tests/e2e/session.mjs`).
fn mark_search_done() {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let detail = js_sys::Object::new();
    let chunks = CHUNKS.with(|c| c.borrow().held_cost());
    let files = CACHE.with(|c| c.borrow().bytes);
    let _ = js_sys::Reflect::set(&detail, &"chunks".into(), &(chunks as f64).into());
    let _ = js_sys::Reflect::set(&detail, &"files".into(), &(files as f64).into());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"detail".into(), &detail);
    // `mark(name, options)` through JS: web-sys has its options as unstable API.
    let mark = js_sys::Reflect::get(&p, &"mark".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    match mark {
        Some(mark) => {
            let _ = mark.call2(&p, &"zhixin-search-done".into(), &options);
        }
        None => {
            let _ = p.mark("zhixin-search-done");
        }
    }
}

/// Forgets the previous search's step marks and measures ([`timed_step`]):
/// the page keeps User Timing entries until they are cleared, and a long
/// session held thousands of them (at a million enterprises, 9,000 after 30
/// minutes, Blink's heap growing by about 0.2 MB a minute: issue 19). A
/// benchmark reads the steps of the search it waited for.
fn clear_step_timings() {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name("zhixin-step-start");
        p.clear_marks_with_mark_name("zhixin-step-end");
        p.clear_measures_with_measure_name("zhixin-search-step");
    }
}

/// Runs one synchronous step of a search between two User Timing marks, as a
/// `zhixin-search-step` measure: the wasm compute of a keystroke, without the
/// network, for the browser's performance panel and `cargo xtask bench-browser`
/// (which also waits for the `zhixin-search-done` mark of a finished search).
fn timed_step<T>(step: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &perf {
        let _ = p.mark("zhixin-step-start");
    }
    let out = step();
    if let Some(p) = &perf {
        let _ = p.mark("zhixin-step-end");
        let _ = p.measure_with_start_mark_and_end_mark(
            "zhixin-search-step",
            "zhixin-step-start",
            "zhixin-step-end",
        );
    }
    out
}

/// A result row's data, with badges by the core's time rules for `today`.
fn result_item(h: &Hit, today: Day) -> ResultItem {
    ResultItem {
        uscc: h.uscc.clone(),
        name: h.name.clone(),
        region: h.card.region.clone(),
        matched: h.matched,
        badges: BadgeSummary::from_status(&h.card.status(today), |i| {
            h.card.grades.get(i).map(|g| g.grade.clone())
        }),
    }
}

/// Entries of a roll in force (lists) or current (honours) on `today`, with
/// the chunks that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RollData {
    pub entries: Vec<RollEntry>,
    pub errors: Vec<DataError>,
}

/// The entries of a list in force (or a roll's current honours or grades)
/// on `today`: all of them, never a silent cap. A list or honour roll is read
/// from its index (`rollx/`, a short line per entry with the span the core's
/// time rules give it); a grade roll, which keeps one current grade per
/// enterprise and scheme (the cards say which), and any roll of a registry
/// built before rolls had an index, from every roll page. A chunk that cannot
/// be read is named in `errors`.
pub async fn roll(roll: crate::route::Roll, today: Day) -> Result<RollData, DataError> {
    let signal = owner_signal();
    let meta = meta().await?;
    let Some(info) = meta.roll(roll.id()) else {
        return Ok(RollData::default());
    };
    let mut out = RollData::default();
    let index = info
        .index
        .as_ref()
        .filter(|_| !matches!(roll, crate::route::Roll::Grade(..)));
    let paths: Vec<String> = match index {
        Some(x) => x.paths().to_vec(),
        None => info.pages.paths().to_vec(),
    };
    let chunks =
        futures::future::join_all(paths.iter().map(|p| fetch_bytes(p, signal.as_ref()))).await;
    // The enterprises already on a grade roll: one entry each.
    let mut graded: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (path, r) in paths.iter().zip(chunks) {
        let bytes = match r {
            Ok(b) => b,
            Err(DataError::Aborted) => return Err(DataError::Aborted),
            Err(e) => {
                out.errors.push(e);
                continue;
            }
        };
        if index.is_some() {
            match RollIndexChunk::decode(&bytes) {
                Ok(c) => out
                    .entries
                    .extend(
                        c.lines
                            .into_iter()
                            .filter(|l| l.on(today))
                            .map(|l| RollEntry {
                                date: l.date(),
                                uscc: l.0,
                                name: l.1,
                                detail: l.5,
                            }),
                    ),
                Err(e) => out.errors.push(from_format(&e, path)),
            }
            continue;
        }
        let page = match RollPage::decode(&bytes) {
            Ok(p) => p,
            Err(e) => {
                out.errors.push(from_format(&e, path));
                continue;
            }
        };
        for e in page.entries {
            let fact = match (&e.listing, &e.honour, &e.grade) {
                (Some(l), _, _) if listing_in_force(l, today) => {
                    Some((l.listed_on, l.reason.clone()))
                }
                (_, Some(h), _) if honour_current(h, today) => {
                    Some((h.awarded_on, h.title.clone()))
                }
                (_, _, Some(g)) if current_grade_entry(&e.card, g, roll, today, &mut graded) => {
                    Some((g.issued_on, format!("{} · {}", g.grade, g.issued_by)))
                }
                _ => None,
            };
            if let Some((date, detail)) = fact {
                out.entries.push(RollEntry {
                    uscc: e.card.uscc.clone(),
                    name: e.card.name.clone(),
                    date,
                    detail,
                });
            }
        }
    }
    Ok(out)
}

/// True when `g`, a grade of `card`'s enterprise, is its current grade in
/// the roll's scheme on `today` (by the core's time rules, which pick one
/// grade per scheme) and of the roll's level, and the enterprise is not on
/// the roll yet.
fn current_grade_entry(
    card: &zhixin_core::Card,
    g: &zhixin_core::Grade,
    roll: crate::route::Roll,
    today: Day,
    seen: &mut std::collections::HashSet<String>,
) -> bool {
    let crate::route::Roll::Grade(scheme, level) = roll else {
        return false;
    };
    if g.scheme != scheme || level.is_some_and(|l| l != g.grade) {
        return false;
    }
    let status = card.status(today);
    let Some(current) = status
        .current_grades
        .get(&scheme)
        .and_then(|i| card.grades.get(*i))
    else {
        return false;
    };
    let same = current.grade == g.grade
        && current.issued_on == g.issued_on
        && current.valid_from == g.valid_from
        && current.valid_until == g.valid_until;
    same && seen.insert(card.uscc.clone())
}

/// The change files the registry keeps (`changes/NNNNN-DIGEST.json`, listed
/// in `meta.json`), newest build first; empty for a registry without a feed.
pub async fn changes() -> Result<Vec<Rc<zhixin_core::changes::ChangeSet>>, DataError> {
    let signal = owner_signal();
    let meta = meta().await?;
    let prefix = format!("{}/", zhixin_core::changes::CHANGES_DIR);
    let mut paths: Vec<String> = meta
        .files
        .keys()
        .filter(|k| k.starts_with(&prefix) && k.ends_with(".json"))
        .cloned()
        .collect();
    // The build number leads the name: newest first.
    paths.sort_by(|a, b| b.cmp(a));
    let fetched =
        futures::future::join_all(paths.iter().map(|p| fetch_bytes(p, signal.as_ref()))).await;
    let mut out = Vec::with_capacity(paths.len());
    for (p, bytes) in paths.iter().zip(fetched) {
        let set = serde_json::from_slice(&bytes?)
            .map_err(|e| DataError::Corrupt(p.clone(), e.to_string()))?;
        out.push(Rc::new(set));
    }
    Ok(out)
}

/// The build's aggregates, `Ok(None)` when the registry has none.
pub async fn stats() -> Result<Option<Stats>, DataError> {
    let signal = owner_signal();
    let meta = meta().await?;
    let path = meta.stats.clone().unwrap_or_else(|| "stats.json".into());
    if meta.expect(&path).is_none() {
        // A registry built without aggregates.
        return Ok(None);
    }
    let bytes = match fetch_bytes(&path, signal.as_ref()).await {
        Ok(b) => b,
        Err(DataError::Missing(_)) if meta.stats.is_none() => return Ok(None),
        Err(e) => return Err(e),
    };
    let s: zhixin_core::Stats = serde_json::from_slice(&bytes)
        .map_err(|e| DataError::Corrupt(path.clone(), e.to_string()))?;
    Ok(Some(Stats::from_core(s)))
}

impl Stats {
    /// What the report reads of the core's aggregates.
    pub fn from_core(s: zhixin_core::Stats) -> Stats {
        let row = |r: &zhixin_core::Rate| PassRow {
            label: r.key.clone(),
            checked: r.samples as u64,
            passed: r.passed as u64,
        };
        let rows = |v: &[zhixin_core::Rate]| v.iter().map(row).collect();
        let sc = &s.spot_checks;
        Stats {
            as_of: Some(s.as_of),
            total: row(&sc.total),
            period: sc.first.zip(sc.last),
            by_category: rows(&sc.by_category),
            by_industry: rows(&sc.by_industry),
            by_region: rows(&sc.by_region),
            by_city: rows(&sc.by_city),
            by_year: rows(&sc.by_year),
            by_programme: rows(&sc.by_programme),
            honours: s
                .honours_current
                .iter()
                .map(|(k, n)| (*k, *n as u64))
                .collect(),
            blacklisted: s.blacklisted as u64,
            cautioned: s.cautioned as u64,
            grades: s
                .grades
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        v.iter()
                            .map(|g| (g.grade.clone(), g.enterprises as u64))
                            .collect(),
                    )
                })
                .collect(),
            listings: s
                .listings_in_force
                .iter()
                .map(|(k, n)| (*k, *n as u64))
                .collect(),
            timeline: s.timeline,
        }
    }
}

#[cfg(test)]
mod tests;

/// The registry's build as a short fingerprint of its `meta.json` (the
/// first 12 hex digits of its SHA-256), which names every file of the build:
/// printed with a batch check so that a printout says which data it used.
pub async fn registry_build() -> Result<String, DataError> {
    let (_, bytes) = meta_and_bytes().await?;
    let hex = integrity::to_hex(&integrity::digest(&bytes));
    Ok(hex.chars().take(12).collect())
}

/// The record of `uscc` (normalised by the caller), `Ok(None)` when the
/// registry does not hold it, its requests aborted by `signal`.
pub async fn record_with(
    code: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Option<Enterprise>, DataError> {
    let meta = meta().await?;
    let Some(path) = meta.record_chunk_for(code).map(str::to_string) else {
        return Ok(None);
    };
    let bytes = fetch_bytes(&path, signal).await?;
    find_record(&bytes, code).map_err(|e| from_format(&e, &path))
}

/// One line of a batch check, resolved as `zhixin show DIR -` resolves it
/// (`zhixin_core::batch`: a valid code exactly, else an exact name, else the
/// search's best match and its runner-up), with its status as of `day`;
/// `Ok(None)` when nothing matches. A chunk the search could not read is an
/// error: an answer from the other chunks could miss the right enterprise.
pub async fn check_query(
    query: &str,
    day: Day,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Option<zhixin_core::batch::BatchResult>, DataError> {
    use zhixin_core::batch::{self, BatchResult, Resolved};
    let (code, resolved, runner_up) = match batch::valid_code(query) {
        Some(code) => (code, Resolved::Code, None),
        None => {
            let meta = meta().await?;
            CHUNKS.with(|c| c.borrow_mut().trim(chunk_budget()));
            let mut s = Search::new(&meta, query, &Filters::default(), batch::BATCH_HITS);
            let hits = loop {
                match CHUNKS.with(|c| s.step(&c.borrow())) {
                    Step::Need(paths) => fill_chunks(paths, signal).await?,
                    Step::Done(hits) => break hits,
                }
            };
            if let Some(e) = s.errors().first() {
                return Err(from_format(e, "?"));
            }
            match batch::resolve_name(query, &hits) {
                Some(r) => r,
                None => return Ok(None),
            }
        }
    };
    let Some(record) = record_with(&code, signal).await? else {
        return Ok(None);
    };
    Ok(Some(BatchResult {
        query: query.to_string(),
        resolved,
        runner_up,
        view: zhixin_core::EnterpriseView::new(&record, day),
    }))
}
