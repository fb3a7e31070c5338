//! Tests of provinces from division digits.

use super::*;

#[test]
fn province_from_division_digits() {
    assert_eq!(
        province_of_uscc("91350200MA2YJ1XR9G").map(|p| p.zh),
        Some("福建省")
    );
    assert_eq!(province_of_uscc("9199"), None);
    assert_eq!(province_of_uscc("9"), None);
}

#[test]
fn province_from_a_published_region_in_full_or_short_form() {
    let zh = |t: &str| province_in_text(t).map(|p| p.zh);
    assert_eq!(zh("福建省厦门市"), Some("福建省"));
    assert_eq!(zh("福建厦门"), Some("福建省"));
    assert_eq!(zh("广西南宁市"), Some("广西壮族自治区"));
    assert_eq!(zh("内蒙古呼和浩特市"), Some("内蒙古自治区"));
    assert_eq!(zh("演示市"), None);
    // The region names the province; the code is the fallback.
    assert_eq!(
        province_of(Some("浙江省杭州市"), "91350200MA2YJ1XR9G").map(|p| p.zh),
        Some("浙江省")
    );
    assert_eq!(
        province_of(None, "91350200MA2YJ1XR9G").map(|p| p.zh),
        Some("福建省")
    );
}

#[test]
fn city_from_the_region_else_from_four_division_digits() {
    let code = "91350200MA2YJ1XR9G";
    assert_eq!(
        city_of(Some("福建省厦门市思明区"), code).as_deref(),
        Some("福建省厦门市")
    );
    assert_eq!(
        city_of(Some("新疆和田地区"), code).as_deref(),
        Some("新疆维吾尔自治区和田地区")
    );
    assert_eq!(
        city_of(Some("北京市海淀区"), code).as_deref(),
        Some("北京市")
    );
    // A region that names only the province: the code's digits tell the city.
    assert_eq!(
        city_of(Some("福建省"), code).as_deref(),
        Some("福建省·3502")
    );
    assert_eq!(city_of(None, code).as_deref(), Some("福建省·3502"));
    assert_eq!(
        city_of(None, "91310115MA1K3YJ75A").as_deref(),
        Some("上海市")
    );
    assert_eq!(city_of(None, "9199"), None);
}

#[test]
fn a_city_name_with_zhou_inside_ends_at_its_shi() {
    let code = "91350200MA2YJ1XR9G";
    assert_eq!(
        city_of(Some("浙江省杭州市西湖区"), code).as_deref(),
        Some("浙江省杭州市")
    );
    assert_eq!(
        city_of(Some("湖北省恩施土家族苗族自治州恩施市"), code).as_deref(),
        Some("湖北省恩施土家族苗族自治州")
    );
    assert_eq!(
        city_of(Some("内蒙古锡林郭勒盟"), code).as_deref(),
        Some("内蒙古自治区锡林郭勒盟")
    );
}
