//! Unit tests of what captions say.

use super::*;

#[test]
fn dates_in_captions() {
    assert_eq!(
        caption_date("附件1 名单 发布时间：2024年3月1日")
            .unwrap()
            .day
            .to_string(),
        "2024-03-01"
    );
    assert_eq!(
        caption_date("公告日期: 2024-03-05 演示")
            .unwrap()
            .day
            .to_string(),
        "2024-03-05"
    );
    assert_eq!(
        caption_date("演示局2024年6月30日发布")
            .unwrap()
            .day
            .to_string(),
        "2024-06-30"
    );
    assert!(
        caption_date("2024年第一批抽查结果").is_none(),
        "a year alone is not a date"
    );
}

#[test]
fn authorities_in_captions() {
    assert_eq!(
        caption_authority("附件1 演示市市场监督管理局关于公布2024年严重违法失信企业名单的公告")
            .as_deref(),
        Some("演示市市场监督管理局")
    );
    assert_eq!(
        caption_authority("发布机关：演示省质量技术监督局 2024").as_deref(),
        Some("演示省质量技术监督局")
    );
    assert_eq!(caption_authority("2024年抽查结果"), None);
    // A merged bureau's second name and a fictional mark stay with the name; other brackets do not.
    assert_eq!(
        caption_authority("演示市市场监督管理局（知识产权局）关于公布抽查结果的通告").as_deref(),
        Some("演示市市场监督管理局（知识产权局）")
    );
    assert_eq!(
        caption_authority("演示市市场监督管理局(虚构)严重违法失信企业名单").as_deref(),
        Some("演示市市场监督管理局(虚构)")
    );
    assert_eq!(
        caption_authority("演示市市场监督管理局（2024年第3号）").as_deref(),
        Some("演示市市场监督管理局")
    );
    assert_eq!(
        caption_authority("演示市市场监督管理局（").as_deref(),
        Some("演示市市场监督管理局")
    );
}

#[test]
fn results_from_text() {
    assert_eq!(
        text_result("附件2 不合格产品名单.xlsx"),
        Some(CheckResult::Fail)
    );
    assert_eq!(text_result("附件1 合格产品.csv"), Some(CheckResult::Pass));
    assert_eq!(text_result("抽查结果.csv"), None);
}
