//! Unit tests of header recognition: aliases, normalisation, kind, column meaning by kind.

use super::*;
use csv::StringRecord;

fn row(n: u32, cells: &[&str]) -> RawRow {
    RawRow {
        number: n,
        cells: StringRecord::from(cells.to_vec()),
    }
}

#[test]
fn headers_are_normalised_before_matching() {
    assert_eq!(classify("统一社会\n信用代码"), Some(Head::F(Field::Uscc)));
    assert_eq!(classify(" 企业名称 "), Some(Head::F(Field::Name)));
    assert_eq!(
        classify("做出决定机关(列入)"),
        Some(Head::F(Field::ListedBy))
    );
    assert_eq!(
        classify("作出决定机关（移出）"),
        Some(Head::F(Field::RemovedBy))
    );
    assert_eq!(classify("ＵＳＣＣ"), Some(Head::F(Field::Uscc)));
    assert_eq!(classify("listed_on"), Some(Head::F(Field::ListedOn)));
    assert_eq!(classify("*企业名称："), Some(Head::F(Field::Name)));
    assert_eq!(
        classify("列入严重违法失信企业名单（黑名单）原因"),
        Some(Head::F(Field::Reason))
    );
    assert_eq!(
        classify("不合格项目║检验结果║标准值"),
        Some(Head::F(Field::FailedItems))
    );
    assert_eq!(
        classify("标称生产企业统一社会信用代码"),
        Some(Head::ProducerUscc)
    );
    assert_eq!(classify("邮政编码"), None);
}

#[test]
fn the_header_is_found_below_title_rows() {
    let rows = vec![
        row(1, &["附件1", "", ""]),
        row(2, &["演示名单", "演示名单", "演示名单"]),
        row(
            3,
            &[
                "序号",
                "企业名称",
                "统一社会信用代码",
                "列入经营异常名录原因",
                "列入日期",
            ],
        ),
    ];
    let h = detect(&rows).unwrap();
    assert_eq!(h.index, 2);
    assert_eq!(h.kind, Kind::Listings);
    assert_eq!(h.list_hint, Some(zhixin_core::ListKind::AbnormalOperation));
}

#[test]
fn the_header_must_be_within_the_first_rows() {
    let mut rows: Vec<RawRow> = (0..HEADER_DEPTH as u32)
        .map(|i| row(i + 1, &["标题"]))
        .collect();
    rows.push(row(21, &["uscc", "name"]));
    assert!(detect(&rows).is_none());
}

#[test]
fn column_meaning_depends_on_the_kind() {
    let listing = detect(&[row(
        1,
        &["统一社会信用代码", "企业名称", "类别", "列入日期", "事由"],
    )])
    .unwrap();
    assert_eq!(listing.kind, Kind::Listings);
    assert_eq!(listing.col(Field::List), Some(2));
    let honour = detect(&[row(
        1,
        &["统一社会信用代码", "企业名称", "类别", "荣誉名称"],
    )])
    .unwrap();
    assert_eq!(honour.kind, Kind::Honours);
    assert_eq!(honour.col(Field::Kind), Some(2));
    let food = detect(&[row(1, &["企业名称", "食品名称", "等级", "检验结论"])]).unwrap();
    assert_eq!(food.kind, Kind::SpotChecks);
    assert_eq!(food.col(Field::Grade), None);
    assert_eq!(food.unknown, ["等级"]);
    let grade = detect(&[row(
        1,
        &["统一社会信用代码", "企业名称", "等级", "评价体系"],
    )])
    .unwrap();
    assert_eq!(grade.kind, Kind::Grades);
    assert_eq!(grade.col(Field::Grade), Some(2));
}

#[test]
fn producer_and_sampled_unit() {
    let both = detect(&[row(
        1,
        &["被抽样单位名称", "标称生产企业名称", "产品名称", "结果"],
    )])
    .unwrap();
    assert_eq!(both.col(Field::Name), Some(1));
    assert_eq!(both.col(Field::SampledUnit), Some(0));
    let sampled_only = detect(&[row(1, &["受检单位", "产品名称", "结果"])]).unwrap();
    assert_eq!(sampled_only.col(Field::Name), Some(0));
    assert_eq!(sampled_only.col(Field::SampledUnit), None);
    let bare = detect(&[row(1, &["企业名称", "受检单位", "产品名称", "结果"])]).unwrap();
    assert_eq!(
        bare.col(Field::Name),
        Some(0),
        "a bare 企业名称 is the producer"
    );
    assert_eq!(bare.col(Field::SampledUnit), Some(1));
}

#[test]
fn registration_number_beside_the_code_is_the_registration_no() {
    let h = detect(&[row(1, &["注册号", "统一社会信用代码", "企业名称"])]).unwrap();
    assert_eq!(h.col(Field::Uscc), Some(1));
    assert_eq!(h.col(Field::RegistrationNo), Some(0));
    let h = detect(&[row(1, &["统一社会信用代码", "注册号", "企业名称"])]).unwrap();
    assert_eq!(h.col(Field::Uscc), Some(0));
    assert_eq!(h.col(Field::RegistrationNo), Some(1));
    let only = detect(&[row(1, &["注册号", "企业名称"])]).unwrap();
    assert_eq!(only.col(Field::Uscc), Some(0));
}

#[test]
fn unknown_columns_are_named() {
    let h = detect(&[row(1, &["uscc", "name", "邮政编码", "", "法定代表人"])]).unwrap();
    assert_eq!(h.kind, Kind::Enterprises);
    assert_eq!(h.unknown, ["邮政编码", "法定代表人"]);
}
