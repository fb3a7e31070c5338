//! Unit tests of the feed's text: escaping, ids, descriptions.

use super::*;

#[test]
fn xml_text_is_escaped_and_forbidden_characters_dropped() {
    assert_eq!(
        xml_escape("A&B <c> \"d\" 'e'\u{1b}[31m"),
        "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;[31m"
    );
}

#[test]
fn ids_are_stable_uuids() {
    let a = urn("key");
    assert_eq!(a, urn("key"));
    assert_ne!(a, urn("other key"));
    let hex = a.strip_prefix("urn:uuid:").unwrap();
    let parts: Vec<usize> = hex.split('-').map(str::len).collect();
    assert_eq!(parts, vec![8, 4, 4, 4, 12]);
    assert_eq!(&hex[14..15], "8", "version 8: {a}");
}

#[test]
fn every_kind_is_described_with_what_changed() {
    let mut c = Change {
        kind: ChangeKind::GradeChanged,
        uscc: "91350200MA2YJ1XR9G".into(),
        name: "演示".into(),
        on: None,
        list: None,
        scheme: Some(zhixin_core::Scheme::QualityIntegrity),
        grade: Some("AAA".into()),
        previous_grade: Some("A".into()),
        honour: None,
        title: None,
        product: None,
    };
    assert_eq!(describe(&c), "质量诚信等级 A → AAA");
    c.kind = ChangeKind::Listed;
    c.list = Some(zhixin_core::ListKind::SeriousViolation);
    assert_eq!(describe(&c), "列入严重违法失信名单");
    for k in ChangeKind::ALL {
        c.kind = *k;
        assert!(!describe(&c).is_empty());
    }
}
