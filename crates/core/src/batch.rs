//! Batch check: pasted lines (or a CSV/TXT file's) read as queries, and each
//! query resolved to one enterprise, for the app's `?view=check` and
//! `zhixin show DIR - --json`, so that both answer a list the same way.
//!
//! A line is resolved by its credit code when it holds a valid one (exact:
//! the registry holds that code or nothing), else by name: an enterprise
//! whose name equals the line (after the core's normalisation: width, case,
//! punctuation) is the answer; otherwise the search's
//! best match is offered with its runner-up, marked "please confirm", because
//! a procurement officer must not take a near miss for the bidder.

use serde::{Deserialize, Serialize};

use crate::normalize;
use crate::search::Hit;
use crate::uscc;
use crate::view::EnterpriseView;

/// The most lines one batch check reads (the app refuses more, saying so).
pub const MAX_BATCH_LINES: usize = 1000;

/// How many hits a name query asks the search for: the best and the runner-up.
pub const BATCH_HITS: usize = 2;

/// Column names a file's first line may carry instead of a query.
const HEADER_WORDS: &[&str] = &[
    "名称",
    "企业名称",
    "单位名称",
    "公司名称",
    "供应商",
    "供应商名称",
    "投标人",
    "统一社会信用代码",
    "信用代码",
    "代码",
    "name",
    "names",
    "company",
    "uscc",
    "code",
    "creditcode",
];

/// The query of one line: its credit code when one of its cells holds a
/// valid one, else its first non-empty cell. A line of a CSV or tab-separated
/// file is cut into cells at commas and tabs (outside double quotes); a
/// pasted name is one cell. `None` for a blank line.
pub fn query_of_line(line: &str) -> Option<String> {
    let cells = cells(line.trim_start_matches('\u{feff}'));
    if let Some(code) = cells.iter().find_map(|c| valid_code(c)) {
        return Some(code);
    }
    cells.into_iter().find(|c| !c.is_empty())
}

/// Every query of a pasted text or a file's text, in order: blank lines
/// skipped, and a first line that is only column names (名称, 统一社会信用代码,
/// name, uscc …) skipped as a header.
pub fn queries(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(q) = query_of_line(line) else {
            continue;
        };
        if i == 0 && is_header(line) {
            continue;
        }
        out.push(q);
    }
    out
}

fn is_header(line: &str) -> bool {
    let cells = cells(line.trim_start_matches('\u{feff}'));
    let words: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.to_lowercase().replace([' ', '_', '-'], ""))
        .collect();
    !words.is_empty() && words.iter().all(|w| HEADER_WORDS.contains(&w.as_str()))
}

/// Cells of a line split at commas and tabs, each trimmed. A cell that
/// starts with a double quote is quoted as in RFC 4180 (commas inside, `""`
/// for a quote); a quote anywhere else is text, so a pasted
/// `=HYPERLINK("…")` or `"ACME" Ltd.` stays as typed.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            ',' | '\t' if !quoted => out.push(std::mem::take(&mut cell).trim().to_string()),
            c => cell.push(c),
        }
    }
    out.push(cell.trim().to_string());
    out
}

/// The normalised code when `s` is a valid credit code.
pub fn valid_code(s: &str) -> Option<String> {
    let code = uscc::normalize(s);
    uscc::validate(&code).ok().map(|_| code)
}

/// How a line was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolved {
    /// The line is the enterprise's credit code.
    Code,
    /// The line is the enterprise's name (and no other enterprise's).
    Name,
    /// The search's best match: please confirm (see `runner_up`).
    BestMatch,
}

impl Resolved {
    /// The id in `show - --json` (`code`, `name`, `best-match`).
    pub fn id(self) -> &'static str {
        match self {
            Resolved::Code => "code",
            Resolved::Name => "name",
            Resolved::BestMatch => "best-match",
        }
    }
}

/// Another enterprise a best match could have been.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub uscc: String,
    pub name: String,
}

/// Which enterprise a name query means, from its search hits (best first,
/// at least [`BATCH_HITS`] asked for): `None` when the search found none.
pub fn resolve_name(query: &str, hits: &[Hit]) -> Option<(String, Resolved, Option<RunnerUp>)> {
    let best = hits.first()?;
    // Without the registry's traditional → simplified table: the app and the
    // CLI must agree without one more download, and the search already finds
    // a traditional spelling, which then is a best match to confirm.
    let q = normalize(query, None);
    let same = |h: &Hit| !q.is_empty() && normalize(&h.name, None) == q;
    let runner_up = hits.get(1).map(|h| RunnerUp {
        uscc: h.uscc.clone(),
        name: h.name.clone(),
    });
    // Two enterprises of the same name (in two cities, say) are not told
    // apart by the name: the user must confirm which one.
    let how = if same(best) && !hits.get(1).is_some_and(same) {
        Resolved::Name
    } else {
        Resolved::BestMatch
    };
    let runner_up = (how == Resolved::BestMatch).then_some(runner_up).flatten();
    Some((best.uscc.clone(), how, runner_up))
}

/// A batch row's status as of its date: `blacklisted`, `caution` or `clear`
/// (the `data-status` of the app's rows and enterprise page).
pub fn status_id(v: &EnterpriseView) -> &'static str {
    if v.blacklisted {
        "blacklisted"
    } else if !v.cautions.is_empty() {
        "caution"
    } else {
        "clear"
    }
}

/// One line of `zhixin show DIR - --json`: the enterprise's `show` object
/// with how the line was resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    /// The query read from the line (see [`query_of_line`]).
    pub query: String,
    pub resolved: Resolved,
    /// For a best match, the next best, so a script can flag the line.
    pub runner_up: Option<RunnerUp>,
    #[serde(flatten)]
    pub view: EnterpriseView,
}

#[cfg(test)]
mod tests;
