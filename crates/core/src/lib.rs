//! zhixin core: the model of a quality-credit registry, Unified Social Credit
//! Code validation, the time rules, the index format, normalisation and search.
//!
//! The core does no I/O and reads no clock: the compiler (native) and the app
//! (wasm) give it bytes and dates. Main types: [`Enterprise`] and its facts,
//! [`Day`], [`Status`], [`EnterpriseView`] (the `show --json` object).
//!
//! ```
//! use zhixin_core::{uscc, Day, Enterprise, Listing, ListKind, Source, Status};
//!
//! assert!(uscc::is_valid("91350200MA2YJ1XR9G"));
//! let listing = Listing::new(
//!     ListKind::SeriousViolation,
//!     "2023-11-22".parse().unwrap(),
//!     "演示市市场监督管理局（虚构）",
//!     "演示数据",
//!     Source::default(),
//! );
//! let e = Enterprise { listings: vec![listing], ..Enterprise::default() };
//! let on = |s: &str| s.parse::<Day>().unwrap();
//! assert!(Status::of(&e, on("2026-11-22")).blacklisted);
//! assert!(!Status::of(&e, on("2026-11-23")).blacklisted);
//! ```

pub mod batch;
pub mod changes;
mod day;
mod format;
mod model;
mod normalize;
pub mod region;
mod search;
mod sort;
mod stats;
mod status;
pub mod uscc;
mod view;
pub mod watch;

pub use day::{Day, DayParseError};
/// SHA-256 digests of registry files, rooted in `meta.json` (a part of the format).
pub use format::integrity;
pub use format::{
    code_keys, decode_records, find_record, fnv1a, old_id_key, shard_of, Card, CardGrade,
    CardHonour, CardListing, CardShard, CodeShard, Counts, Field, FormatError, FormatErrorKind,
    Meta, PostingShard, RegistryInfo, RollEntry, RollIndexChunk, RollInfo, RollLine, RollPage,
    ShardTable, FORMAT_VERSION,
};
pub use format::{
    is_plain_relative_path, PinyinChunk, PinyinEntry, PinyinFence, MAX_PINYIN_KEY_BYTES,
    MAX_SHARDS, TRADE_INITIALS,
};
pub use model::{
    CheckResult, Enterprise, Grade, Honour, HonourKind, Level, ListKind, Listing, Scheme, Source,
    SpotCheck,
};
pub use normalize::{
    cut_query, is_cjk, normalize, place_in_brackets_first, strip_org_suffix, T2s, MAX_QUERY_CHARS,
    ORG_SUFFIXES,
};
pub use search::pinyin as search_terms;
pub use search::{Chunks, Count, Filters, Hit, MatchKind, Search, Step};
pub use sort::StableSort;
pub use stats::{
    GradeCount, Rate, SpotCheckStats, Stats, StatsBuilder, Tally, Timeline, STATS_VERSION,
};
pub use status::{
    current_grades, grade_current, grade_span, honour_current, honour_span, in_span,
    listing_ends_on, listing_in_force, listing_span, BadgeSummary, Status,
};
pub use view::{EnterpriseView, GradeView, HonourView, ListingView, SourceView, SpotCheckView};
