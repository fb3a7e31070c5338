//! Component tests in headless Chromium (wasm-bindgen-test): the enterprise
//! page's sections and statuses, XSS-safe rendering, language switching,
//! badges and charts, each mounted into a real DOM and read back.
//!
//! Run by `cargo xtask test` (`cargo test -p zhixin-app --target wasm32-unknown-unknown`
//! with a browser); compiled to nothing natively.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use zhixin_app::components::badges::Badges;
use zhixin_app::components::chart::{BarChart, Chart, ChartRow};
use zhixin_app::i18n::Lang;
use zhixin_app::pages::enterprise::EnterpriseDetail;
use zhixin_app::state::Ctx;
use zhixin_core::{
    BadgeSummary, CheckResult, Day, Enterprise, Grade, Honour, HonourKind, ListKind, Listing,
    Scheme, Source, SpotCheck,
};

wasm_bindgen_test_configure!(run_in_browser);

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn source(url: Option<&str>) -> Source {
    Source {
        file: "演示名单.csv".into(),
        row: 2,
        citation: Some("演示市市场监督管理局公告（虚构）".into()),
        document_no: Some("演市监〔2025〕1号".into()),
        url: url.map(str::to_string),
        ..Source::default()
    }
}

fn listing(list: ListKind, on: &str, reason: &str) -> Listing {
    Listing {
        basis: Some("《演示条例》第一条".into()),
        ..Listing::new(
            list,
            day(on),
            "演示市市场监督管理局（虚构）",
            reason,
            source(Some("https://example.gov.cn/notice/1")),
        )
    }
}

fn enterprise(name: &str) -> Enterprise {
    Enterprise {
        uscc: "91350200MA2YJ1XR9G".into(),
        name: name.into(),
        ..Enterprise::default()
    }
}

/// Mounts `view` (with the app's context) into a fresh element and returns it
/// once effects have run (built content is attached when the host mounts).
async fn mount<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> (web_sys::HtmlElement, Ctx) {
    let doc = document();
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let ctx_slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = ctx_slot.clone();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let ctx = Ctx::init();
        ctx.lang.set(Lang::Hans);
        provide_context(ctx);
        slot.set(Some(ctx));
        view()
    });
    handle.forget();
    let ctx = ctx_slot.take().unwrap();
    tick().await;
    (host, ctx)
}

/// Lets effects and reactive updates run.
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn count(host: &web_sys::HtmlElement, selector: &str) -> u32 {
    host.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn blacklisted_enterprise_shows_the_banner_and_the_listing_in_force() {
    let mut e = enterprise("演示黑名单食品有限公司");
    e.listings.push(listing(
        ListKind::SeriousViolation,
        "2025-06-30",
        "虚构原因",
    ));
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    let text = host.text_content().unwrap();
    assert!(text.contains("列入黑名单（有效）"), "{text}");
    assert!(text.contains("严重违法失信名单"));
    assert!(
        text.contains("2028-07-01"),
        "ends_on is the day after the third anniversary: {text}"
    );
    assert!(text.contains("演市监〔2025〕1号"), "document number shown");
    assert!(text.contains("2026-11-22"), "computed for the given today");
    assert_eq!(count(&host, ".status.bad"), 1);
    assert_eq!(count(&host, "a[href='https://example.gov.cn/notice/1']"), 1);
}

#[wasm_bindgen_test]
async fn an_expired_listing_is_not_in_force() {
    let mut e = enterprise("演示过期名单有限公司");
    e.listings.push(listing(
        ListKind::SeriousViolation,
        "2022-01-10",
        "虚构原因",
    ));
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    let text = host.text_content().unwrap();
    assert!(text.contains("目前无有效名单记录"), "{text}");
    assert!(text.contains("已不在效力期"));
    assert_eq!(count(&host, ".status.ok"), 1);
    assert_eq!(count(&host, ".status.bad"), 0);
}

#[wasm_bindgen_test]
async fn a_caution_is_not_a_blacklist() {
    let mut e = enterprise("演示经营异常有限公司");
    e.listings.push(listing(
        ListKind::AbnormalOperation,
        "2026-01-05",
        "通过登记的住所无法联系",
    ));
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    let text = host.text_content().unwrap();
    assert!(text.contains("警示：列入经营异常名录"), "{text}");
    assert_eq!(count(&host, ".status.warn"), 1);
}

#[wasm_bindgen_test]
async fn grades_are_shown_per_scheme_never_blended() {
    let mut e = enterprise("演示等级有限公司");
    let g = |scheme, grade: &str, on: &str, until: &str| Grade {
        valid_until: Some(day(until)),
        ..Grade::new(
            scheme,
            grade,
            "演示省质量协会（虚构）",
            day(on),
            source(None),
        )
    };
    e.grades
        .push(g(Scheme::QualityIntegrity, "A", "2020-01-01", "2022-12-31"));
    e.grades.push(g(
        Scheme::QualityIntegrity,
        "AA",
        "2023-01-01",
        "2027-12-31",
    ));
    e.grades
        .push(g(Scheme::CreditRating, "BBB", "2024-03-01", "2027-02-28"));
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    assert_eq!(count(&host, ".scheme"), 2, "one block per scheme");
    assert_eq!(count(&host, ".timeline > li"), 3, "history kept");
    let currents: Vec<String> = {
        let l = host.query_selector_all(".current-grade b").unwrap();
        (0..l.length())
            .map(|i| l.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(currents, ["AA", "BBB"]);
    assert!(
        host.text_content().unwrap().contains("已失效"),
        "the old grade is history"
    );
}

#[wasm_bindgen_test]
async fn honours_and_spot_checks_show_current_expired_and_failures() {
    let mut e = enterprise("演示荣誉有限公司");
    let h = |title: &str, on: &str, until: &str| Honour {
        kind: HonourKind::TimeHonouredBrand,
        title: title.into(),
        awarded_by: "演示省商务厅（虚构）".into(),
        awarded_on: day(on),
        valid_until: Some(day(until)),
        product: None,
        brand: Some("演康".into()),
        level: None,
        certificate_no: None,
        abolished: false,
        source: source(None),
    };
    e.honours.push(h("演示老字号", "2021-05-01", "2027-04-30"));
    e.honours
        .push(h("演示过期老字号", "2010-05-01", "2013-04-30"));
    e.spot_checks.push(SpotCheck {
        product: "演示酱油".into(),
        result: CheckResult::Fail,
        checked_by: "演示市市场监督管理局（虚构）".into(),
        published_on: day("2026-03-01"),
        brand: None,
        model: None,
        batch: None,
        failed_items: vec!["氨基酸态氮".into()],
        sampled_unit: None,
        product_category: None,
        lab: None,
        programme: None,
        region: None,
        source: source(None),
    });
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    let text = host.text_content().unwrap();
    assert!(text.contains("演示老字号") && text.contains("演示过期老字号"));
    assert_eq!(count(&host, ".card.good"), 1, "one current honour");
    assert!(
        text.contains("不合格") && text.contains("氨基酸态氮"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn registry_text_is_shown_as_text_and_only_http_links() {
    let mut e = enterprise("<script>alert(1)</script>演示公司");
    e.former_names
        .push("\"><img src=x onerror=alert(1)>".into());
    let mut l = listing(
        ListKind::QualityBlacklist,
        "2026-01-01",
        "<b onclick=alert(1)>理由</b>",
    );
    l.source.url = Some("javascript:alert(1)".into());
    e.listings.push(l);
    let (host, _) =
        mount(move || view! { <EnterpriseDetail record=e today=day("2026-11-22")/> }).await;
    assert_eq!(
        count(&host, "script, img, b[onclick]"),
        0,
        "no element from data"
    );
    let text = host.text_content().unwrap();
    assert!(text.contains("<script>alert(1)</script>演示公司"));
    assert!(text.contains("\"><img src=x onerror=alert(1)>"));
    assert!(
        text.contains("javascript:alert(1)"),
        "an unsafe URL stays visible as text"
    );
    let links = host.query_selector_all("a[href]").unwrap();
    for i in 0..links.length() {
        let a: web_sys::Element = links.item(i).unwrap().unchecked_into();
        let href = a.get_attribute("href").unwrap();
        assert!(
            href.starts_with("http://") || href.starts_with("https://") || href.starts_with('/'),
            "{href}"
        );
    }
}

#[wasm_bindgen_test]
async fn switching_language_relabels_the_page() {
    let mut e = enterprise("演示公司");
    e.listings
        .push(listing(ListKind::SeriousViolation, "2026-01-01", "虚构"));
    // As in `App`, a language switch re-renders the tree below it.
    let (host, ctx) = mount(move || {
        let ctx = expect_context::<Ctx>();
        move || {
            ctx.lang.track();
            view! { <EnterpriseDetail record=e.clone() today=day("2026-11-22")/> }
        }
    })
    .await;
    assert!(host.text_content().unwrap().contains("信用等级"));
    ctx.lang.set(Lang::En);
    tick().await;
    let text = host.text_content().unwrap();
    assert!(text.contains("Blacklisted (in force)"), "{text}");
    assert!(text.contains("Serious violation list"));
    ctx.lang.set(Lang::Hant);
    tick().await;
    assert!(host.text_content().unwrap().contains("列入黑名單（有效）"));
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-Hant")
    );
}

#[wasm_bindgen_test]
async fn badges_carry_words_not_only_colour() {
    let data = BadgeSummary {
        blacklisted: true,
        in_force: vec![ListKind::SeriousViolation, ListKind::AbnormalOperation],
        grades: vec![(Scheme::QualityIntegrity, "AA".into())],
        honours: 2,
        honour_kinds: vec![HonourKind::QualityAward, HonourKind::WellKnownTrademark],
    };
    let (host, _) = mount(move || view! { <Badges data=data/> }).await;
    let text = host.text_content().unwrap();
    assert!(
        text.contains("严重违法失信名单") && text.contains("经营异常名录"),
        "{text}"
    );
    assert!(text.contains("质量诚信等级") && text.contains("AA"));
    // Each current honour's kind in words, as each list in force is (this
    // replaced a bare count, "荣誉 2", on purpose: see badges.rs).
    assert!(
        text.contains("政府质量奖") && text.contains("驰名商标"),
        "{text}"
    );
    assert_eq!(count(&host, ".badge.good"), 2);
    assert_eq!(count(&host, ".badge.bad"), 1);
}

#[wasm_bindgen_test]
async fn a_chart_has_a_table_with_the_same_numbers_and_a_csv_download() {
    let chart = Chart {
        id: "pass-category",
        title: "合格率".into(),
        columns: vec!["类别".into(), "合格率".into()],
        rows: vec![
            ChartRow {
                label: "食品".into(),
                value: 0.9,
                value_text: "90.0%".into(),
                cells: vec!["90.0%".into()],
            },
            ChartRow {
                label: "玩具".into(),
                value: 0.5,
                value_text: "50.0%".into(),
                cells: vec!["50.0%".into()],
            },
        ],
        max: 1.0,
    };
    let (host, _) = mount(move || view! { <BarChart chart=chart/> }).await;
    assert_eq!(count(&host, "svg rect.bar"), 2);
    assert_eq!(count(&host, "tbody tr"), 2);
    let cells = host
        .query_selector("tbody tr td")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(cells, "90.0%");
    let a = host.query_selector("a[download]").unwrap().unwrap();
    let href = a.get_attribute("href").unwrap();
    assert!(href.starts_with("data:text/csv"), "{href}");
    let csv = String::from(
        js_sys::decode_uri_component(&href["data:text/csv;charset=utf-8,".len()..]).unwrap(),
    );
    assert!(csv.contains("食品,90.0%"), "{csv}");
}

#[wasm_bindgen_test]
async fn a_listener_is_removed_and_its_closure_dropped_with_its_owner() {
    use zhixin_app::components::dom::el;
    let clicks = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let owner = Owner::new();
    let seen = clicks.clone();
    let button: web_sys::HtmlElement = owner.with(|| {
        el("button")
            .on("click", Box::new(move |_| seen.set(seen.get() + 1)))
            .node()
            .clone()
            .unchecked_into()
    });
    button.click();
    assert_eq!(clicks.get(), 1);
    // The closure (holding the second handle) is alive while its owner is.
    assert_eq!(std::rc::Rc::strong_count(&clicks), 2);
    owner.cleanup();
    assert_eq!(
        std::rc::Rc::strong_count(&clicks),
        1,
        "the listener's closure was dropped"
    );
    button.click();
    assert_eq!(clicks.get(), 1, "the listener was removed");
}

#[wasm_bindgen_test]
async fn rebuilding_a_view_drops_the_listeners_of_the_one_it_replaces() {
    use zhixin_app::components::dom::{el, host};
    let held = std::sync::Arc::new(());
    let probe = held.clone();
    let runs = RwSignal::new(0u32);
    let (page, _) = mount(move || {
        move || {
            let n = runs.get();
            let mine = probe.clone();
            host(el("button").attr("id", "again").text(&n.to_string()).on(
                "click",
                Box::new(move |_| {
                    let _ = &mine;
                    runs.update(|n| *n += 1);
                }),
            ))
        }
    })
    .await;
    for _ in 0..50 {
        let button: web_sys::HtmlElement = page
            .query_selector("#again")
            .unwrap()
            .unwrap()
            .unchecked_into();
        button.click();
        tick().await;
    }
    assert_eq!(runs.get_untracked(), 50);
    assert_eq!(count(&page, "#again"), 1);
    // The test's handle, the render closure's, and the one listener on screen:
    // the 50 listeners of the views replaced are gone with them.
    assert_eq!(std::sync::Arc::strong_count(&held), 3);
}
