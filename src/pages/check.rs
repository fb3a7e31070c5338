//! `?view=check`: the batch check. A buyer pastes up to 1,000 lines of
//! credit codes or names (or drops a CSV/TXT file), picks the date that
//! matters (a bid deadline), and gets each line's enterprise with its status
//! on that date: blacklisted, cautions, current grades, honours, the last
//! spot check. Each line is resolved as `zhixin show DIR -` resolves it
//! (`zhixin_core::batch`), so the CLI gives the same answers.
//!
//! Everything stays in the browser: the lines are never put in the address
//! or sent anywhere; only registry files are fetched. The result can be
//! filtered, downloaded as CSV (formula-safe) and printed with its date, the
//! registry's data date and build.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use zhixin_core::batch::{self, BatchResult, Resolved, MAX_BATCH_LINES};
use zhixin_core::{CheckResult, Day, EnterpriseView};

use crate::components::chart::csv_data_url;
use crate::components::cite::print_button;
use crate::components::dom::{el, el_class, event_value, host, Elem};
use crate::data::{self, DataError};
use crate::i18n::{honour_label, list_label, result_label, scheme_label, Lang};
use crate::nav::set_title;
use crate::route::Route;
use crate::state::Ctx;
use crate::text::csv;

/// One checked line: its number in the list, the query read from it, and
/// what it resolved to (`Ok(None)`: not found).
#[derive(Clone, Debug, PartialEq)]
struct Row {
    n: usize,
    query: String,
    result: Result<Option<BatchResult>, String>,
}

impl Row {
    /// The row's `data-status`: the status as of the check's date, or
    /// `not-found`, or `error` (a registry file could not be read).
    fn status(&self) -> &'static str {
        match &self.result {
            Ok(Some(r)) => batch::status_id(&r.view),
            Ok(None) => "not-found",
            Err(_) => "error",
        }
    }

    fn to_confirm(&self) -> bool {
        matches!(&self.result, Ok(Some(r)) if r.resolved == Resolved::BestMatch)
    }
}

/// Which rows the table shows.
const FILTERS: [&str; 6] = [
    "all",
    "blacklisted",
    "caution",
    "clear",
    "confirm",
    "not-found",
];

fn filter_label(l: Lang, f: &str) -> &'static str {
    match f {
        "blacklisted" => l.pick("列入黑名单", "列入黑名單", "Blacklisted"),
        "caution" => l.pick("警示", "警示", "Caution"),
        "clear" => l.pick("无有效名单记录", "無有效名單記錄", "No listing in force"),
        "confirm" => l.pick("请确认的匹配", "請確認的匹配", "Matches to confirm"),
        "not-found" => l.pick("未找到", "未找到", "Not found"),
        _ => l.pick("全部", "全部", "All"),
    }
}

fn keeps(filter: &str, row: &Row) -> bool {
    match filter {
        "all" => true,
        "confirm" => row.to_confirm(),
        "not-found" => row.status() == "not-found" || row.status() == "error",
        f => row.status() == f,
    }
}

/// What the page holds while it is on screen.
#[derive(Clone, Copy)]
struct State {
    rows: RwSignal<Vec<Row>>,
    /// Lines checked so far, of how many; `None` before the first run.
    progress: RwSignal<Option<(usize, usize)>>,
    done: RwSignal<bool>,
    filter: RwSignal<String>,
    day: RwSignal<Day>,
    /// The day the shown rows were checked for.
    checked_on: RwSignal<Option<Day>>,
    message: RwSignal<Option<String>>,
    /// Each run's number: a newer run makes an older one stop.
    run: StoredValue<u32>,
}

#[component]
pub fn CheckPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    set_title(ctx.t(crate::i18n::T::NavCheck));
    let st = State {
        rows: RwSignal::new(Vec::new()),
        progress: RwSignal::new(None),
        done: RwSignal::new(false),
        filter: RwSignal::new("all".into()),
        // `&asof=` (a bid deadline in a shared link) or today in China Standard Time.
        day: RwSignal::new(ctx.day()),
        checked_on: RwSignal::new(None),
        message: RwSignal::new(None),
        run: StoredValue::new(0),
    };
    // The run in flight stops (and its requests are aborted) when the page goes.
    let abort: StoredValue<Option<send_wrapper::SendWrapper<web_sys::AbortController>>> =
        StoredValue::new(None);
    on_cleanup(move || {
        if let Some(c) = abort.try_get_value().flatten() {
            c.abort();
        }
    });
    let form = form(ctx, st, abort);
    let build = LocalResource::new(data::registry_build);
    let progress = move || {
        let text = st.progress.get().map(|(n, of)| {
            let l = ctx.l();
            if st.done.get() {
                format!(
                    "{} {n} {}",
                    l.pick("已核查", "已核查", "Checked"),
                    l.pick("行", "行", "lines")
                )
            } else {
                format!(
                    "{} {n} / {of} …",
                    l.pick("正在核查", "正在核查", "Checking")
                )
            }
        });
        host(
            el_class("p", "status-line")
                .attr("id", "check-progress")
                .attr("role", "status")
                .text(&text.unwrap_or_default()),
        )
    };
    let message = move || {
        host(match st.message.get() {
            Some(m) => el_class("p", "note error").attr("role", "alert").text(&m),
            None => el("span"),
        })
    };
    let results = move || {
        let rows = st.rows.get();
        st.filter.track();
        if !st.done.get() || rows.is_empty() {
            return host(el("span"));
        }
        let build = build.get().and_then(|r| r.ok());
        host(results(ctx, st, &rows, build.as_deref()))
    };
    view! {
        {host(form)}
        {message}
        {progress}
        {results}
    }
}

/// The form: the lines, a file to read them from, the date, the button.
fn form(
    ctx: Ctx,
    st: State,
    abort: StoredValue<Option<send_wrapper::SendWrapper<web_sys::AbortController>>>,
) -> Elem {
    let l = ctx.l();
    let textarea = el_class("textarea", "check-input")
        .attr("id", "check-input")
        .attr("rows", "8")
        .attr("spellcheck", "false")
        .attr("aria-describedby", "check-hint")
        .on(
            "dragover",
            Box::new(|ev| {
                ev.prevent_default();
            }),
        )
        .on(
            "drop",
            Box::new(move |ev| {
                ev.prevent_default();
                let file = ev
                    .dyn_ref::<web_sys::DragEvent>()
                    .and_then(|d| d.data_transfer())
                    .and_then(|t| t.files())
                    .and_then(|f| f.get(0));
                if let Some(file) = file {
                    read_file(ctx, st, file);
                }
            }),
        );
    let file = el("input")
        .attr("type", "file")
        .attr("id", "check-file")
        .attr("accept", ".csv,.txt,text/csv,text/plain")
        .on(
            "change",
            Box::new(move |ev| {
                let file = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .and_then(|i| i.files())
                    .and_then(|f| f.get(0));
                if let Some(file) = file {
                    read_file(ctx, st, file);
                }
            }),
        );
    let date = el("input")
        .attr("type", "date")
        .attr("id", "check-date")
        .attr("value", &st.day.get_untracked().to_string())
        .on(
            "change",
            Box::new(move |ev| {
                if let Ok(d) = event_value(&ev).parse::<Day>() {
                    st.day.set(d);
                }
            }),
        );
    let button = el("button")
        .attr("type", "submit")
        .attr("id", "check-run")
        .class("primary")
        .text(l.pick("核查", "核查", "Check"));
    el("div")
        .child(el("h1").text(l.pick(
            "批量核查企业信用状况",
            "批量核查企業信用狀況",
            "Check a list of enterprises",
        )))
        .child(el("p").text(l.pick(
            "每行一个统一社会信用代码或企业名称，最多 1000 行（也可拖入或选择 CSV、TXT 文件）。代码精确匹配；名称完全一致即匹配，否则给出最接近的企业并标明“请确认”及次佳匹配。核查全部在您的浏览器中进行，名单不会发送到任何地方。",
            "每行一個統一社會信用代碼或企業名稱，最多 1000 行（也可拖入或選擇 CSV、TXT 檔案）。代碼精確匹配；名稱完全一致即匹配，否則給出最接近的企業並標明「請確認」及次佳匹配。核查全部在您的瀏覽器中進行，名單不會傳送到任何地方。",
            "One unified social credit code or enterprise name per line, up to 1,000 lines (or drop or choose a CSV or TXT file). Codes match exactly; a name matches when it is the enterprise's name, otherwise the closest enterprise is shown marked “please confirm”, with the runner-up. The check runs entirely in your browser: the list is sent nowhere.",
        )))
        .child(
            el_class("form", "check-form")
                .attr("id", "check-form")
                .on(
                    "submit",
                    Box::new(move |ev| {
                        ev.prevent_default();
                        start(ctx, st, abort);
                    }),
                )
                .child(
                    el("label")
                        .attr("for", "check-input")
                        .text(l.pick("代码或名称（每行一个）", "代碼或名稱（每行一個）", "Codes or names (one per line)")),
                )
                .child(textarea)
                .child(el_class("p", "hint").attr("id", "check-hint").text(l.pick(
                    "CSV 文件的每一行：含有效代码的单元格优先，否则取第一个单元格；首行为列名时跳过。",
                    "CSV 檔案的每一行：含有效代碼的儲存格優先，否則取第一個儲存格；首行為欄名時略過。",
                    "In a CSV file each row gives its cell holding a valid code, else its first cell; a first row of column names is skipped.",
                )))
                .child(
                    el_class("div", "check-row")
                        .child(
                            el_class("div", "field-row")
                                .child(el("label").attr("for", "check-file").text(l.pick(
                                    "或读取文件（CSV、TXT）",
                                    "或讀取檔案（CSV、TXT）",
                                    "Or read a file (CSV, TXT)",
                                )))
                                .child(file),
                        )
                        .child(
                            el_class("div", "field-row")
                                .child(el("label").attr("for", "check-date").text(l.pick(
                                    "状态日期（如投标截止日）",
                                    "狀態日期（如投標截止日）",
                                    "Status on (e.g. the bid deadline)",
                                )))
                                .child(date),
                        )
                        .child(button),
                ),
        )
}

/// Reads a dropped or chosen file into the box: UTF-8, else GB18030 (which
/// covers GBK and GB2312), as bureaus' and buyers' spreadsheets are saved.
fn read_file(ctx: Ctx, st: State, file: web_sys::File) {
    let promise = file.array_buffer();
    leptos::task::spawn_local(async move {
        let Ok(buf) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            st.message.try_set(Some(
                ctx.l()
                    .pick(
                        "无法读取该文件。",
                        "無法讀取該檔案。",
                        "The file could not be read.",
                    )
                    .into(),
            ));
            return;
        };
        let buf: js_sys::Object = buf.unchecked_into();
        let decode = |label: &str| {
            let opts = web_sys::TextDecoderOptions::new();
            opts.set_fatal(true);
            web_sys::TextDecoder::new_with_label_and_options(label, &opts)
                .ok()?
                .decode_with_buffer_source(&buf)
                .ok()
        };
        let text = decode("utf-8").or_else(|| decode("gb18030"));
        match text {
            Some(text) => {
                if let Some(area) = document()
                    .get_element_by_id("check-input")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                {
                    area.set_value(&text);
                }
                st.message.try_set(None);
            }
            None => {
                st.message.try_set(Some(
                    ctx.l()
                        .pick(
                            "该文件不是文本（UTF-8 或 GBK）文件。请另存为 CSV 或 TXT。",
                            "該檔案不是文字（UTF-8 或 GBK）檔案。請另存為 CSV 或 TXT。",
                            "The file is not text (UTF-8 or GBK). Save it as CSV or TXT.",
                        )
                        .into(),
                ));
            }
        }
    });
}

/// Reads the box and checks every line, one after the other (a search
/// reuses the chunks the previous ones fetched), showing the progress.
fn start(
    ctx: Ctx,
    st: State,
    abort: StoredValue<Option<send_wrapper::SendWrapper<web_sys::AbortController>>>,
) {
    let l = ctx.l();
    let text = document()
        .get_element_by_id("check-input")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|a| a.value())
        .unwrap_or_default();
    let queries = batch::queries(&text);
    if queries.is_empty() {
        st.message.set(Some(
            l.pick(
                "请先输入至少一个代码或名称。",
                "請先輸入至少一個代碼或名稱。",
                "Enter at least one code or name first.",
            )
            .into(),
        ));
        return;
    }
    if queries.len() > MAX_BATCH_LINES {
        // Refused whole, never cut: a buyer must not believe the whole list was checked.
        st.message.set(Some(format!(
            "{} {} {}",
            l.pick(
                "一次最多核查 1000 行，您输入了",
                "一次最多核查 1000 行，您輸入了",
                "At most 1,000 lines can be checked at once; you entered",
            ),
            queries.len(),
            l.pick(
                "行。请分批核查。",
                "行。請分批核查。",
                "lines. Check them in parts.",
            )
        )));
        return;
    }
    st.message.set(None);
    let run = st.run.get_value() + 1;
    st.run.set_value(run);
    if let Some(prev) = abort.get_value() {
        prev.abort();
    }
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    abort.set_value(controller.map(send_wrapper::SendWrapper::new));
    let day = st.day.get_untracked();
    let total = queries.len();
    st.rows.set(Vec::new());
    st.done.set(false);
    st.checked_on.set(Some(day));
    st.progress.set(Some((0, total)));
    leptos::task::spawn_local(async move {
        let mut rows = Vec::with_capacity(total);
        for (i, q) in queries.into_iter().enumerate() {
            let result = match data::check_query(&q, day, signal.as_ref()).await {
                Ok(r) => Ok(r),
                Err(DataError::Aborted) => return,
                Err(e) => Err(e.to_string()),
            };
            if st.run.try_get_value() != Some(run) {
                return;
            }
            rows.push(Row {
                n: i + 1,
                query: q,
                result,
            });
            st.progress.try_set(Some((i + 1, total)));
        }
        st.rows.try_set(rows);
        st.done.try_set(true);
    });
}

/// The result: provenance (for print), counts, filter, CSV, the table.
fn results(ctx: Ctx, st: State, rows: &[Row], build: Option<&str>) -> Elem {
    let l = ctx.l();
    let day = st.checked_on.get_untracked().unwrap_or(ctx.today);
    let info = ctx.info.get_untracked().and_then(|r| r.ok());
    let count = |f: &str| rows.iter().filter(|r| keeps(f, r)).count();

    let mut prov = el_class("dl", "facts check-prov");
    let mut fact = |k: &str, v: &str| {
        let dl = std::mem::replace(&mut prov, el("dl"));
        prov = dl.child(el("dt").text(k)).child(el("dd").text(v));
    };
    fact(
        l.pick("状态日期", "狀態日期", "Status as of"),
        &day.to_string(),
    );
    if let Some(p) = info.as_ref().and_then(|i| i.publisher.clone()) {
        fact(l.pick("发布机构", "發布機構", "Publisher"), &p);
    }
    if let Some(d) = info.as_ref().and_then(|i| i.as_of) {
        fact(l.pick("数据截至", "數據截至", "Data as of"), &d.to_string());
    }
    if let Some(b) = build {
        fact(
            l.pick(
                "数据版本（meta.json 摘要）",
                "數據版本（meta.json 摘要）",
                "Registry build (meta.json digest)",
            ),
            b,
        );
    }
    fact(
        l.pick("查看日期", "查看日期", "Viewed on"),
        &ctx.today.to_string(),
    );
    fact(
        l.pick("核查行数", "核查行數", "Lines checked"),
        &rows.len().to_string(),
    );

    let filter = st.filter.get_untracked();
    let mut select = el("select").attr("id", "check-filter").on(
        "change",
        Box::new(move |ev| st.filter.set(event_value(&ev))),
    );
    for f in FILTERS {
        let mut o =
            el("option")
                .attr("value", f)
                .text(&format!("{} ({})", filter_label(l, f), count(f)));
        if f == filter {
            o = o.attr("selected", "");
        }
        select = select.child(o);
    }
    let shown: Vec<&Row> = rows.iter().filter(|r| keeps(&filter, r)).collect();
    let csv_text = to_csv(l, day, &shown);
    let download = el_class("a", "download")
        .attr("id", "check-csv")
        .attr("href", &csv_data_url(&csv_text))
        .attr("download", &format!("zhixin-check-{day}.csv"))
        .text(&format!(
            "{} ({} {})",
            l.pick("下载 CSV", "下載 CSV", "Download CSV"),
            shown.len(),
            l.pick("行", "行", "rows")
        ));
    let toolbar = el_class("div", "toolbar")
        .child(
            el_class("div", "field-row")
                .child(
                    el("label")
                        .attr("for", "check-filter")
                        .text(l.pick("显示", "顯示", "Show")),
                )
                .child(select),
        )
        .child(download)
        .child(print_button(ctx));

    let head = [
        "#",
        "输入",
        "企业",
        "匹配",
        "状态",
        "当前等级",
        "有效荣誉",
        "最近抽查",
    ];
    let head_en = [
        "#",
        "Input",
        "Enterprise",
        "Match",
        "Status",
        "Current grades",
        "Current honours",
        "Last spot check",
    ];
    let mut tr = el("tr");
    for (i, h) in head.iter().enumerate() {
        let text = if l == Lang::En { head_en[i] } else { h };
        tr = tr.child(el("th").attr("scope", "col").text(text));
    }
    let caption = format!(
        "{} {day}",
        l.pick(
            "核查结果，状态日期",
            "核查結果，狀態日期",
            "Results, status as of"
        )
    );
    let table = el("table")
        .attr("id", "check-table")
        .child(el("caption").text(&caption))
        .child(el("thead").child(tr))
        .child(el("tbody").children(shown.iter().map(|r| row(ctx, r)).collect()));
    el_class("section", "check-result")
        .attr("aria-labelledby", "check-result-h")
        .child(el("h2").attr("id", "check-result-h").text(l.pick(
            "核查结果",
            "核查結果",
            "Results",
        )))
        .child(prov)
        .child(toolbar)
        .child(el_class("div", "table-wrap").child(table))
}

/// The words of a status (never colour alone).
fn status_words(l: Lang, status: &str) -> (&'static str, &'static str) {
    match status {
        "blacklisted" => ("✖ ", l.pick("列入黑名单", "列入黑名單", "Blacklisted")),
        "caution" => ("⚠ ", l.pick("警示", "警示", "Caution")),
        "clear" => (
            "✓ ",
            l.pick("无有效名单记录", "無有效名單記錄", "No listing in force"),
        ),
        "not-found" => ("? ", l.pick("未找到", "未找到", "Not found")),
        _ => (
            "! ",
            l.pick("无法读取数据", "無法讀取數據", "Data could not be read"),
        ),
    }
}

fn grades_text(l: Lang, v: &EnterpriseView) -> String {
    v.grades
        .iter()
        .map(|(s, g)| format!("{} {g}", scheme_label(l, *s)))
        .collect::<Vec<_>>()
        .join("；")
}

fn honours_text(l: Lang, v: &EnterpriseView) -> String {
    v.honours
        .iter()
        .filter(|h| h.current)
        .map(|h| format!("{}：{}", honour_label(l, h.kind), h.title))
        .collect::<Vec<_>>()
        .join("；")
}

fn lists_text(l: Lang, v: &EnterpriseView) -> String {
    let mut out: Vec<&str> = Vec::new();
    for x in v.listings.iter().filter(|x| x.in_force) {
        let label = list_label(l, x.list);
        if !out.contains(&label) {
            out.push(label);
        }
    }
    out.join("、")
}

/// The latest spot check: its date and result.
fn last_check(l: Lang, v: &EnterpriseView) -> Option<(Day, &'static str, bool)> {
    v.spot_checks
        .iter()
        .max_by_key(|c| c.published_on)
        .map(|c| {
            (
                c.published_on,
                result_label(l, c.result),
                c.result == CheckResult::Fail,
            )
        })
}

fn row(ctx: Ctx, r: &Row) -> Elem {
    let l = ctx.l();
    let status = r.status();
    let (mark, word) = status_words(l, status);
    let mut tr = el("tr").attr("data-status", status);
    tr = tr
        .child(el_class("td", "num").text(&r.n.to_string()))
        .child(el_class("td", "query").text(&r.query));
    match &r.result {
        Ok(Some(b)) => {
            let v = &b.view;
            tr = tr.attr("data-uscc", &v.uscc);
            let ent = el("td")
                .child(
                    el("a")
                        .attr("href", &ctx.href(&Route::Enterprise(v.uscc.clone())))
                        .text(&v.name),
                )
                .child(el("br"))
                .child(el_class("span", "code small").text(&v.uscc));
            let matched = match b.resolved {
                Resolved::Code => el("td").text(l.pick("代码", "代碼", "Code")),
                Resolved::Name => el("td").text(l.pick("名称", "名稱", "Name")),
                Resolved::BestMatch => {
                    let mut td = el_class("td", "confirm").child(
                        el_class("strong", "tag fail")
                            .child(el("span").attr("aria-hidden", "true").text("⚠ "))
                            .text(l.pick("请确认", "請確認", "Please confirm")),
                    );
                    if let Some(ru) = &b.runner_up {
                        td = td
                            .child(el("br"))
                            .text(l.pick("次佳：", "次佳：", "Runner-up: "))
                            .child(
                                el("a")
                                    .attr("href", &ctx.href(&Route::Enterprise(ru.uscc.clone())))
                                    .text(&ru.name),
                            );
                    }
                    td
                }
            };
            let lists = lists_text(l, v);
            let status_td = el_class("td", &format!("st st-{status}"))
                .child(el("span").attr("aria-hidden", "true").text(mark))
                .text(word)
                .opt_child((!lists.is_empty()).then(|| el("br")))
                .text(&lists);
            let check = match last_check(l, v) {
                Some((d, res, fail)) => el("td")
                    .text(&d.to_string())
                    .text(" ")
                    .child(el_class("span", if fail { "tag fail" } else { "tag on" }).text(res)),
                None => el_class("td", "empty").text("—"),
            };
            tr.child(ent)
                .child(matched)
                .child(status_td)
                .child(el("td").text(&or_dash(grades_text(l, v))))
                .child(el("td").text(&or_dash(honours_text(l, v))))
                .child(check)
        }
        Ok(None) | Err(_) => {
            let detail = match &r.result {
                Err(e) => e.clone(),
                _ => String::new(),
            };
            tr.child(el_class("td", "empty").text("—"))
                .child(el_class("td", "empty").text("—"))
                .child(
                    el_class("td", &format!("st st-{status}"))
                        .child(el("span").attr("aria-hidden", "true").text(mark))
                        .text(word)
                        .opt_child(
                            (!detail.is_empty())
                                .then(|| el_class("span", "small").text(&format!(" {detail}"))),
                        ),
                )
                .child(el_class("td", "empty").text("—"))
                .child(el_class("td", "empty").text("—"))
                .child(el_class("td", "empty").text("—"))
        }
    }
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s
    }
}

/// The rows as CSV, in the interface's language, with the status date on
/// every row (a sheet copied elsewhere keeps it).
fn to_csv(l: Lang, day: Day, rows: &[&Row]) -> String {
    let header: [&str; 15] = if l == Lang::En {
        [
            "line",
            "input",
            "uscc",
            "name",
            "match",
            "runner-up uscc",
            "runner-up name",
            "status",
            "status id",
            "lists in force",
            "current grades",
            "current honours",
            "last spot check",
            "last spot check result",
            "status as of",
        ]
    } else {
        [
            "行号",
            "输入",
            "统一社会信用代码",
            "企业名称",
            "匹配方式",
            "次佳匹配代码",
            "次佳匹配名称",
            "状态",
            "状态代码",
            "有效名单",
            "当前等级",
            "有效荣誉",
            "最近抽查日期",
            "最近抽查结果",
            "状态日期",
        ]
    };
    let out: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let status = r.status();
            let word = status_words(l, status).1.to_string();
            match &r.result {
                Ok(Some(b)) => {
                    let v = &b.view;
                    let (ru_code, ru_name) = b
                        .runner_up
                        .as_ref()
                        .map(|x| (x.uscc.clone(), x.name.clone()))
                        .unwrap_or_default();
                    let last = last_check(l, v);
                    vec![
                        r.n.to_string(),
                        r.query.clone(),
                        v.uscc.clone(),
                        v.name.clone(),
                        b.resolved.id().into(),
                        ru_code,
                        ru_name,
                        word,
                        status.into(),
                        lists_text(l, v),
                        grades_text(l, v),
                        honours_text(l, v),
                        last.map(|x| x.0.to_string()).unwrap_or_default(),
                        last.map(|x| x.1.to_string()).unwrap_or_default(),
                        day.to_string(),
                    ]
                }
                _ => {
                    let mut cells = vec![r.n.to_string(), r.query.clone()];
                    cells.extend(std::iter::repeat_n(String::new(), 5));
                    cells.push(word);
                    cells.push(status.into());
                    cells.extend(std::iter::repeat_n(String::new(), 5));
                    cells.push(day.to_string());
                    cells
                }
            }
        })
        .collect();
    csv(&header, &out)
}
