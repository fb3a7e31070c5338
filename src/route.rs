//! The app's addresses: every page is a query string on the one `index.html`.
//!
//! Leptos 0.8's router has no hash routing, and a path per page would need
//! server rewrites or a stub file per route. A query string is served by any
//! static host with HTTP 200, at the root or under a sub-path, so every page
//! (a search with its filters, an enterprise, a list page, a report section)
//! has a permalink that works cold. The scheme:
//!
//! | page        | address                                              |
//! |-------------|------------------------------------------------------|
//! | search      | `?q=…&blacklisted=1&honours=1&scheme=…&min=AA&region=35` |
//! | enterprise  | `?e=USCC`                                            |
//! | lists       | `?view=lists`                                        |
//! | one list    | `?list=serious-violation&p=2&sort=date&f=…`          |
//! | grade roll  | `?list=quality-integrity&level=AAA` (a red list)     |
//! | report      | `?view=report` (sections are `#fragments`)           |
//! | about       | `?view=about`                                        |
//! | changes     | `?view=changes` (what changed in each kept build)    |
//! | batch check | `?view=check` (the lines stay in the page, never in the address) |
//! | watch list  | `?view=watch` (the list is in local storage)         |
//!
//! `&asof=YYYY-MM-DD` on any of them shows status as of that date instead of
//! today (China Standard Time); links keep it, like `&embed=1`.

use zhixin_core::{Day, HonourKind, ListKind, Scheme};

/// Search filters as they appear in the address bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchFilters {
    /// Only enterprises with a blacklist listing in force.
    pub blacklisted: bool,
    /// Only enterprises with a current honour.
    pub honours: bool,
    /// Only enterprises with a current grade in this scheme …
    pub scheme: Option<Scheme>,
    /// … at this grade or better (a grade of `scheme`).
    pub min_grade: Option<String>,
    /// Only enterprises whose code's division digits start with this (two-digit province).
    pub region: Option<String>,
}

impl SearchFilters {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == SearchFilters::default()
    }
}

/// How a list page is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest listing or award first.
    #[default]
    Date,
    /// Oldest first.
    DateAsc,
    /// By name.
    Name,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Date, Sort::DateAsc, Sort::Name];

    pub fn id(self) -> &'static str {
        match self {
            Sort::Date => "date",
            Sort::DateAsc => "date-asc",
            Sort::Name => "name",
        }
    }

    pub fn parse(s: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|x| x.id() == s)
            .unwrap_or_default()
    }
}

/// A list or roll shown on the lists pages: a blacklist or watch list, or a
/// red list (the current honours of a kind, the current grades of a scheme,
/// of one grade when one is given).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roll {
    List(ListKind),
    Honour(HonourKind),
    Grade(Scheme, Option<&'static str>),
}

impl Roll {
    /// Every roll, lists first (grade rolls of all grades).
    pub fn all() -> impl Iterator<Item = Roll> {
        ListKind::ALL
            .iter()
            .map(|k| Roll::List(*k))
            .chain(HonourKind::ALL.iter().map(|k| Roll::Honour(*k)))
            .chain(Scheme::ALL.iter().map(|s| Roll::Grade(*s, None)))
    }

    /// The stable id used in addresses (the core's vocabulary ids), which
    /// is also the registry's roll id.
    pub fn id(self) -> &'static str {
        match self {
            Roll::List(k) => k.id(),
            Roll::Honour(k) => k.id(),
            Roll::Grade(s, _) => s.id(),
        }
    }

    pub fn parse(s: &str) -> Option<Roll> {
        Roll::all().find(|r| r.id() == s)
    }

    /// This grade roll narrowed to `level`, when it is one of its scheme's grades.
    pub fn with_level(self, level: Option<&str>) -> Roll {
        match (self, level) {
            (Roll::Grade(s, _), Some(l)) => {
                Roll::Grade(s, s.grades().iter().copied().find(|g| *g == l))
            }
            _ => self,
        }
    }
}

/// One page of the app, read from and written to the query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Search {
        q: String,
        filters: SearchFilters,
    },
    Enterprise(String),
    Lists,
    List {
        roll: Roll,
        page: usize,
        sort: Sort,
        filter: String,
    },
    Report,
    About,
    Changes,
    /// The batch check of a pasted list of codes or names.
    Check,
    /// The enterprises the viewer watches (kept in local storage).
    Watch,
}

impl Default for Route {
    fn default() -> Route {
        Route::Search {
            q: String::new(),
            filters: SearchFilters::default(),
        }
    }
}

/// The longest query kept from an address: longer text is cut, never rejected.
pub const MAX_QUERY_CHARS: usize = 100;

impl Route {
    /// Reads a route from query parameters (`get` returns a decoded value).
    /// Unknown or malformed parameters fall back to the search page, so a
    /// mangled permalink still shows something useful.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Route {
        let flag = |k: &str| get(k).is_some_and(|v| is_on(&v));
        if let Some(e) = get("e") {
            return Route::Enterprise(e.trim().chars().take(40).collect());
        }
        if let Some(roll) = get("list").and_then(|l| Roll::parse(&l)) {
            let roll = roll.with_level(get("level").as_deref());
            let page = get("p")
                .and_then(|p| p.parse::<usize>().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1);
            let sort = Sort::parse(&get("sort").unwrap_or_default());
            let filter = get("f")
                .unwrap_or_default()
                .chars()
                .take(MAX_QUERY_CHARS)
                .collect();
            return Route::List {
                roll,
                page,
                sort,
                filter,
            };
        }
        match get("view").as_deref() {
            Some("lists") => return Route::Lists,
            Some("report") => return Route::Report,
            Some("about") => return Route::About,
            Some("changes") => return Route::Changes,
            Some("check") => return Route::Check,
            Some("watch") => return Route::Watch,
            _ => {}
        }
        let scheme = get("scheme").and_then(|s| Scheme::parse(&s));
        let min_grade = scheme.and_then(|s| get("min").filter(|g| s.rank(g).is_some()));
        let region =
            get("region").filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()));
        let filters = SearchFilters {
            blacklisted: flag("blacklisted"),
            honours: flag("honours"),
            scheme,
            min_grade,
            region,
        };
        let q = get("q")
            .unwrap_or_default()
            .chars()
            .take(MAX_QUERY_CHARS)
            .collect();
        Route::Search { q, filters }
    }

    /// The link to this route under `base` (a path or an absolute address
    /// ending in `/`); `embed` adds `embed=1`, the compact page for iframes.
    pub fn href(&self, base: &str, embed: bool) -> String {
        self.href_as_of(base, embed, None)
    }

    /// [`Route::href`] with `asof=YYYY-MM-DD` when `asof` is given: the page
    /// with status as of that date.
    pub fn href_as_of(&self, base: &str, embed: bool, asof: Option<Day>) -> String {
        let mut q = self.to_query();
        let mut add = |k: &str, v: &str| {
            q.push(if q.is_empty() { '?' } else { '&' });
            q.push_str(k);
            q.push('=');
            q.push_str(v);
        };
        if let Some(d) = asof {
            add("asof", &d.to_string());
        }
        if embed {
            add("embed", "1");
        }
        format!("{base}{q}")
    }

    /// The query string of this route, `""` for the home page, else starting with `?`.
    pub fn to_query(&self) -> String {
        let mut p: Vec<(&str, String)> = Vec::new();
        match self {
            Route::Search { q, filters } => {
                if !q.is_empty() {
                    p.push(("q", q.clone()));
                }
                if filters.blacklisted {
                    p.push(("blacklisted", "1".into()));
                }
                if filters.honours {
                    p.push(("honours", "1".into()));
                }
                if let Some(s) = filters.scheme {
                    p.push(("scheme", s.id().into()));
                    if let Some(g) = &filters.min_grade {
                        p.push(("min", g.clone()));
                    }
                }
                if let Some(r) = &filters.region {
                    p.push(("region", r.clone()));
                }
            }
            Route::Enterprise(uscc) => p.push(("e", uscc.clone())),
            Route::Lists => p.push(("view", "lists".into())),
            Route::List {
                roll,
                page,
                sort,
                filter,
            } => {
                p.push(("list", roll.id().into()));
                if let Roll::Grade(_, Some(level)) = roll {
                    p.push(("level", (*level).into()));
                }
                if *page > 1 {
                    p.push(("p", page.to_string()));
                }
                if *sort != Sort::default() {
                    p.push(("sort", sort.id().into()));
                }
                if !filter.is_empty() {
                    p.push(("f", filter.clone()));
                }
            }
            Route::Report => p.push(("view", "report".into())),
            Route::About => p.push(("view", "about".into())),
            Route::Changes => p.push(("view", "changes".into())),
            Route::Check => p.push(("view", "check".into())),
            Route::Watch => p.push(("view", "watch".into())),
        }
        if p.is_empty() {
            return String::new();
        }
        let mut out = String::from("?");
        for (i, (k, v)) in p.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            encode_into(v, &mut out);
        }
        out
    }
}

/// Reads `asof`: a date `YYYY-MM-DD` (the core's calendar), anything else is
/// ignored (the page then shows today), so a mangled permalink still works.
pub fn parse_asof(v: &str) -> Option<Day> {
    let v = v.trim();
    (v.len() == 10).then(|| v.parse::<Day>().ok()).flatten()
}

/// True for a flag's "on" values in an address (`1`, `true`).
pub fn is_on(v: &str) -> bool {
    v == "1" || v == "true"
}

/// Percent-encodes a query value (UTF-8 bytes; unreserved characters kept).
fn encode_into(v: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

#[cfg(test)]
mod tests;
