//! Tests of the interface strings: complete, distinct per language where it matters.

use super::*;

#[test]
fn every_string_is_translated_in_every_language() {
    for key in T::ALL {
        for lang in Lang::ALL {
            assert!(
                !lang.t(*key).trim().is_empty(),
                "{key:?} is empty in {lang:?}"
            );
        }
    }
}

#[test]
fn placeholders_are_the_same_in_every_language() {
    for key in T::ALL {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}'))
                .map(|(h, _)| h.to_string())
                .collect();
            v.sort();
            v
        };
        let hans = holes(Lang::Hans.t(*key));
        assert_eq!(hans, holes(Lang::Hant.t(*key)), "{key:?}");
        assert_eq!(hans, holes(Lang::En.t(*key)), "{key:?}");
    }
}

#[test]
fn regional_tags_map_to_the_right_script() {
    assert_eq!(Lang::parse("zh-TW"), Some(Lang::Hant));
    assert_eq!(Lang::parse("zh-Hant"), Some(Lang::Hant));
    assert_eq!(Lang::parse("zh-CN"), Some(Lang::Hans));
    assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
    assert_eq!(Lang::parse("fr"), None);
    for l in Lang::ALL {
        assert_eq!(Lang::parse(l.tag()), Some(l));
    }
}

#[test]
fn fill_replaces_the_named_hole() {
    assert_eq!(
        fill(Lang::En.t(T::Page), "n", "2").replace("{m}", "5"),
        "Page 2 of 5"
    );
}

#[test]
fn the_boot_screen_speaks_the_apps_words() {
    // index.html's boot screen swaps in these texts for zh-Hant and English before
    // the first paint; they must stay the app's own, or the first paint would differ.
    let html = include_str!("../../index.html");
    for lang in [Lang::Hant, Lang::En] {
        for key in [T::AppName, T::Tagline, T::EmptyHelp] {
            let quoted = format!("\"{}\"", lang.t(key));
            assert!(
                html.contains(&quoted),
                "index.html's boot screen lacks {key:?} in {lang:?}: {quoted}"
            );
        }
    }
}
