//! Unit tests of cell values: dates in every form, validity, codes, vocabularies.

use super::*;
use proptest::prelude::*;

fn d(s: &str) -> Day {
    s.parse().unwrap()
}

#[test]
fn every_date_form_of_the_contract() {
    for s in [
        "2024-03-01",
        "2024/3/1",
        "2024.03.01",
        "2024-3-1",
        "2024.3.1",
        "20240301",
        "20240301.0",
        "2024年3月1日",
        "2024年03月01日",
        "45352",
        "45352.0",
        "45352.75",
        "2024-03-01 10:30:00",
        "2024-03-01T10:30",
        " 2024-03-01 ",
    ] {
        let p = parse_date(s).unwrap_or_else(|e| panic!("{s}: {}", e.0));
        assert_eq!(
            (p.day, p.precision),
            (d("2024-03-01"), Precision::Day),
            "{s}"
        );
    }
}

#[test]
fn month_and_year_precision() {
    for s in ["2024年3月", "2024-03", "2024/3", "2024.03"] {
        let p = parse_date(s).unwrap();
        assert_eq!(
            (p.day, p.precision),
            (d("2024-03-01"), Precision::Month),
            "{s}"
        );
    }
    let y = parse_date("2024").unwrap();
    assert_eq!((y.day, y.precision), (d("2024-01-01"), Precision::Year));
    assert_eq!(parse_date("2024年").unwrap().precision, Precision::Year);
}

#[test]
fn not_dates() {
    for s in [
        "",
        "abc",
        "2024-13-01",
        "2023-02-29",
        "2024/02/30",
        "1.5",
        "01/03/2024",
        "2024年3月1日下午",
        "十月",
    ] {
        assert!(parse_date(s).is_err(), "{s}");
    }
}

#[test]
fn validity_sentinels_mean_no_expiry() {
    for s in ["9999-12-31", "9999-9-9", "长期", "99991231", "长期有效"] {
        assert_eq!(parse_valid_until(s).unwrap(), None, "{s}");
    }
    assert_eq!(
        parse_valid_until("2024-03-01至2027-02-28")
            .unwrap()
            .unwrap()
            .day,
        d("2027-02-28")
    );
    assert!(parse_valid_until("不对").is_err());
}

#[test]
fn placeholders() {
    for s in ["", " ", "/", "-", "—", "--", "无", "不详", "暂无"] {
        assert!(is_placeholder(s), "{s:?}");
    }
    assert!(!is_placeholder("无锡"));
}

#[test]
fn codes_normalised_validated_or_secondary() {
    assert_eq!(
        parse_code(" 9135 0200 ma2yj1xr9g ").unwrap().0,
        Ident::Uscc("91350200MA2YJ1XR9G".into())
    );
    assert_eq!(
        parse_code("９１３５０２００ＭＡ２ＹＪ１ＸＲ９Ｇ")
            .unwrap()
            .0,
        Ident::Uscc("91350200MA2YJ1XR9G".into())
    );
    assert_eq!(
        parse_code("350200100000011").unwrap().0,
        Ident::RegNo("350200100000011".into())
    );
    assert_eq!(
        parse_code("MA2YJ1XR-9").unwrap().0,
        Ident::OrgCode("MA2YJ1XR9".into())
    );
    assert!(parse_code("91110000********")
        .unwrap_err()
        .0
        .starts_with("no USCC; registration number not known"));
    assert!(parse_code("91350200MA2YJ1XR9H")
        .unwrap_err()
        .0
        .contains("check character"));
    assert!(parse_code("913502").is_err());
}

#[test]
fn vocabularies() {
    assert_eq!(parse_scheme("质量诚信等级"), Some(Scheme::QualityIntegrity));
    assert_eq!(
        parse_scheme("GB/T 22116 信用等级"),
        Some(Scheme::CreditRating)
    );
    assert_eq!(parse_scheme("质量信用"), Some(Scheme::QualityCredit));
    assert_eq!(parse_scheme("星级"), None);
    assert_eq!(normalize_grade("ＡＡ级"), "AA");
    assert_eq!(
        parse_list("列入经营异常名录"),
        Some(ListKind::AbnormalOperation)
    );
    assert_eq!(
        parse_list("严重违法失信企业名单（黑名单）"),
        Some(ListKind::SeriousViolation)
    );
    assert_eq!(parse_list("质量黑名单"), Some(ListKind::QualityBlacklist));
    assert_eq!(parse_result("P"), Some(CheckResult::Pass));
    assert_eq!(parse_result("f"), Some(CheckResult::Fail));
    assert_eq!(parse_result("不符合"), Some(CheckResult::Fail));
    assert_eq!(
        parse_result("经抽样检验，所检项目符合标准要求"),
        Some(CheckResult::Pass)
    );
    assert_eq!(parse_result("待定"), None);
    assert_eq!(
        parse_honour_kind("中华老字号"),
        Some(HonourKind::TimeHonouredBrand)
    );
    assert_eq!(parse_level("省级"), Some(Level::Provincial));
    assert_eq!(split_list("甲；乙|丙、丁;/"), ["甲", "乙", "丙", "丁"]);
}

#[test]
fn only_http_links() {
    assert!(http_url("https://example.org/a").is_some());
    assert!(http_url("HTTP://example.org").is_some());
    for s in [
        "javascript:alert(1)",
        "ftp://x",
        "http://",
        "www.example.org",
        "https://a b",
        "data:text/html,x",
    ] {
        assert!(http_url(s).is_none(), "{s}");
    }
}

proptest! {
    #[test]
    fn date_parsing_never_panics(s in "\\PC{0,24}") {
        let _ = parse_date(&s);
        let _ = parse_valid_until(&s);
        let _ = parse_code(&s);
    }

    #[test]
    fn iso_dates_round_trip(days in -20_000i32..60_000) {
        let day = Day::from_epoch_days(days).unwrap();
        let p = parse_date(&day.to_string()).unwrap();
        prop_assert_eq!(p.day, day);
        let slash = format!("{}/{}/{}", day.year(), day.month(), day.day());
        prop_assert_eq!(parse_date(&slash).unwrap().day, day);
        let zh = format!("{}年{}月{}日", day.year(), day.month(), day.day());
        prop_assert_eq!(parse_date(&zh).unwrap().day, day);
    }
}

#[test]
fn vocabularies_are_read_literally() {
    assert_eq!(
        parse_scheme("纳税信用等级"),
        None,
        "a tax credit grade is no scheme of the contract"
    );
    assert_eq!(parse_scheme("质量诚信等级评价结果"), None);
    assert_eq!(text_scheme("2024年度纳税信用等级A级纳税人名单"), None);
    assert_eq!(
        text_scheme("2024年企业信用等级评价结果"),
        Some(Scheme::CreditRating)
    );
    assert_eq!(
        text_scheme("2024年质量信用AAA级企业名单"),
        Some(Scheme::QualityCredit)
    );
    assert_eq!(normalize_grade("3A"), "AAA");
    assert_eq!(normalize_grade("３Ａ级"), "AAA");
    assert_eq!(normalize_grade("1A级"), "A");
    assert_eq!(parse_list("异常名录"), Some(ListKind::AbnormalOperation));
    assert_eq!(
        parse_list("经营异常名单"),
        Some(ListKind::AbnormalOperation)
    );
    assert_eq!(
        parse_list("严重违法失信企业名单"),
        Some(ListKind::SeriousViolation)
    );
    assert_eq!(parse_list("经营异常情况说明"), None);
    assert_eq!(
        parse_honour_kind("2024年度省名牌产品"),
        None,
        "a title, not a kind's name"
    );
    assert_eq!(
        text_honour_kind("2024年度省名牌产品"),
        Some(HonourKind::BrandProduct)
    );
}

#[test]
fn annulment_and_abolished_titles_are_read_once_from_the_text() {
    assert!(is_annulment("撤销列入决定"));
    assert!(is_annulment("撤销（列入依据错误）"));
    assert!(is_annulment("Listing ANNULLED on appeal"));
    assert!(is_annulment("revoked"));
    assert!(!is_annulment("信用修复"));
    assert!(!is_annulment("期满"));
    assert!(is_abolished_title(HonourKind::BrandProduct, "中国名牌产品"));
    assert!(!is_abolished_title(
        HonourKind::BrandProduct,
        "演示省名牌产品"
    ));
    assert!(!is_abolished_title(
        HonourKind::QualityAward,
        "中国名牌产品"
    ));
    // A famous trademark is abolished whatever its title says.
    assert!(is_abolished_title(
        HonourKind::FamousTrademark,
        "演示省著名商标"
    ));
    assert!(!is_abolished_title(
        HonourKind::WellKnownTrademark,
        "驰名商标"
    ));
}

#[test]
fn famous_trademark_is_read_by_its_contract_name_and_in_titles() {
    assert_eq!(
        parse_honour_kind("著名商标"),
        Some(HonourKind::FamousTrademark)
    );
    assert_eq!(
        parse_honour_kind("famous-trademark"),
        Some(HonourKind::FamousTrademark)
    );
    // A cell is read literally; a title names the kind inside its text.
    assert_eq!(parse_honour_kind("省著名商标"), None);
    assert_eq!(
        text_honour_kind("2010年度演示省著名商标"),
        Some(HonourKind::FamousTrademark)
    );
    assert_eq!(
        text_honour_kind("中国驰名商标"),
        Some(HonourKind::WellKnownTrademark)
    );
}

#[test]
fn credit_repair_is_read_from_the_removal_reason_and_is_not_an_annulment() {
    assert!(is_credit_repair("信用修复"));
    assert!(is_credit_repair("完成信用修复，移出"));
    assert!(is_credit_repair("信用修復"));
    assert!(is_credit_repair("Removed after Credit Repair"));
    assert!(!is_credit_repair("期满"));
    assert!(!is_credit_repair("撤销（列入依据错误）"));
    // An annulment that mentions repair is an annulment: never in force.
    assert!(!is_credit_repair(
        "信用修复申请审查中发现列入错误，撤销列入"
    ));
}
