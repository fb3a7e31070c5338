//! Tests of the query-string routes: every route survives a round trip, and
//! mangled addresses fall back to something useful.

use super::*;
use std::collections::HashMap;

/// Parses a query string the way the browser's router does (percent-decoding values).
fn parse(query: &str) -> Route {
    let map: HashMap<String, String> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k.to_string(), decode(v))
        })
        .collect();
    Route::from_query(|k| map.get(k).cloned())
}

fn decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn every_route_round_trips() {
    let routes = [
        Route::default(),
        Route::Search {
            q: "青岛 银康&<x>".into(),
            filters: SearchFilters::default(),
        },
        Route::Search {
            q: "qdyk".into(),
            filters: SearchFilters {
                blacklisted: true,
                honours: true,
                scheme: Some(Scheme::QualityIntegrity),
                min_grade: Some("AA".into()),
                region: Some("35".into()),
            },
        },
        Route::Enterprise("91350200MA2YJ1XR9G".into()),
        Route::Lists,
        Route::List {
            roll: Roll::List(ListKind::SeriousViolation),
            page: 2,
            sort: Sort::Name,
            filter: "食品".into(),
        },
        Route::List {
            roll: Roll::Honour(HonourKind::TimeHonouredBrand),
            page: 1,
            sort: Sort::Date,
            filter: String::new(),
        },
        Route::List {
            roll: Roll::Grade(Scheme::QualityIntegrity, Some("AAA")),
            page: 3,
            sort: Sort::Name,
            filter: String::new(),
        },
        Route::List {
            roll: Roll::Grade(Scheme::CreditRating, None),
            page: 1,
            sort: Sort::Date,
            filter: String::new(),
        },
        Route::Report,
        Route::About,
        Route::Changes,
        Route::Check,
        Route::Watch,
    ];
    for r in routes {
        assert_eq!(parse(&r.to_query()), r, "{}", r.to_query());
    }
}

#[test]
fn the_batch_check_and_the_watch_list_are_views() {
    assert_eq!(Route::Check.to_query(), "?view=check");
    assert_eq!(Route::Watch.to_query(), "?view=watch");
}

#[test]
fn home_page_has_an_empty_query() {
    assert_eq!(Route::default().to_query(), "");
}

#[test]
fn enterprise_permalink_is_short() {
    assert_eq!(
        Route::Enterprise("91350200MA2YJ1XR9G".into()).to_query(),
        "?e=91350200MA2YJ1XR9G"
    );
}

#[test]
fn a_grade_without_its_scheme_or_outside_it_is_dropped() {
    assert_eq!(
        parse("?q=a&min=AA"),
        Route::Search {
            q: "a".into(),
            filters: SearchFilters::default()
        }
    );
    let Route::Search { filters, .. } = parse("?scheme=quality-credit&min=BBB") else {
        panic!()
    };
    assert_eq!(filters.scheme, Some(Scheme::QualityCredit));
    assert_eq!(filters.min_grade, None);
}

#[test]
fn unknown_list_and_bad_page_fall_back() {
    assert_eq!(parse("?list=nope"), Route::default());
    let Route::List { page, .. } = parse("?list=quality-blacklist&p=0") else {
        panic!()
    };
    assert_eq!(page, 1);
    let Route::List { page, .. } = parse("?list=quality-blacklist&p=x") else {
        panic!()
    };
    assert_eq!(page, 1);
}

#[test]
fn very_long_queries_are_cut_not_rejected() {
    let long = "公".repeat(500);
    let Route::Search { q, .. } = Route::from_query(|k| (k == "q").then(|| long.clone())) else {
        panic!()
    };
    assert_eq!(q.chars().count(), MAX_QUERY_CHARS);
}

#[test]
fn region_must_be_two_digits() {
    let Route::Search { filters, .. } = parse("?region=3x") else {
        panic!()
    };
    assert_eq!(filters.region, None);
}

#[test]
fn embedded_links_keep_the_mode_and_still_parse_to_the_same_route() {
    let e = Route::Enterprise("91350200MA2YJ1XR9G".into());
    assert_eq!(e.href("/zhixin/", false), "/zhixin/?e=91350200MA2YJ1XR9G");
    assert_eq!(
        e.href("https://example.org/", true),
        "https://example.org/?e=91350200MA2YJ1XR9G&embed=1"
    );
    assert_eq!(Route::default().href("/", false), "/");
    assert_eq!(Route::default().href("/", true), "/?embed=1");
    for r in [e, Route::Report, Route::default()] {
        let href = r.href("/", true);
        let query = href.trim_start_matches('/');
        assert_eq!(
            parse(query),
            r,
            "{href}: the embed flag does not change the page"
        );
    }
}

#[test]
fn a_grade_roll_keeps_only_a_grade_of_its_scheme() {
    let roll = |q: &str| match parse(q) {
        Route::List { roll, .. } => Some(roll),
        _ => None,
    };
    assert_eq!(
        roll("?list=quality-integrity&level=AAA"),
        Some(Roll::Grade(Scheme::QualityIntegrity, Some("AAA")))
    );
    assert_eq!(
        Route::List {
            roll: Roll::Grade(Scheme::QualityIntegrity, Some("AAA")),
            page: 1,
            sort: Sort::Date,
            filter: String::new(),
        }
        .to_query(),
        "?list=quality-integrity&level=AAA"
    );
    // BBB is a credit-rating grade, not a quality-integrity one: the whole scheme.
    assert_eq!(
        roll("?list=quality-integrity&level=BBB"),
        Some(Roll::Grade(Scheme::QualityIntegrity, None))
    );
    assert_eq!(
        roll("?list=credit-rating&level=BBB"),
        Some(Roll::Grade(Scheme::CreditRating, Some("BBB")))
    );
    // A level on a list is ignored.
    assert_eq!(
        roll("?list=serious-violation&level=AAA"),
        Some(Roll::List(ListKind::SeriousViolation))
    );
}

#[test]
fn pages_as_of_a_date_keep_it_in_their_links_and_parse_to_the_same_route() {
    let day: zhixin_core::Day = "2026-11-22".parse().unwrap();
    let e = Route::Enterprise("91350200MA2YJ1XR9G".into());
    assert_eq!(
        e.href_as_of("/", false, Some(day)),
        "/?e=91350200MA2YJ1XR9G&asof=2026-11-22"
    );
    assert_eq!(
        Route::default().href_as_of("/", true, Some(day)),
        "/?asof=2026-11-22&embed=1"
    );
    assert_eq!(e.href_as_of("/", false, None), e.href("/", false));
    let href = e.href_as_of("/", true, Some(day));
    assert_eq!(parse(href.trim_start_matches('/')), e);
    assert_eq!(parse_asof("2026-11-22"), Some(day));
    for bad in ["", "2026-11-31", "2026-1-2", "yesterday", "2026-11-22x"] {
        assert_eq!(parse_asof(bad), None, "{bad:?} is not a date");
    }
}

#[test]
fn the_changes_page_has_a_view_address() {
    assert_eq!(Route::Changes.to_query(), "?view=changes");
}
