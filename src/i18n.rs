//! The interface's three languages: simplified Chinese (default), traditional
//! Chinese and English. Registry data (names, reasons) is shown as published.
//!
//! Strings are a closed enum rather than lookup by string key, so a missing
//! translation is a compile error, not a blank on the page.

use zhixin_core::{region, CheckResult, HonourKind, Level, ListKind, Scheme};

/// An interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Hans,
    Hant,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Hans, Lang::Hant, Lang::En];

    /// The BCP 47 tag, used in `<html lang>`, the address and local storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Hans => "zh-Hans",
            Lang::Hant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Hans => "简体中文",
            Lang::Hant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// Reads a tag, accepting the common regional forms (`zh-CN`, `zh-TW`, `en-US`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "zh-hant"
            || t.starts_with("zh-tw")
            || t.starts_with("zh-hk")
            || t.starts_with("zh-mo")
            || t.starts_with("zh-hant-")
        {
            Some(Lang::Hant)
        } else if t.starts_with("zh") {
            Some(Lang::Hans)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks one of three translations.
    pub fn pick(self, hans: &'static str, hant: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Hans => hans,
            Lang::Hant => hant,
            Lang::En => en,
        }
    }
}

macro_rules! strings {
    ($($key:ident => $hans:literal, $hant:literal, $en:literal;)*) => {
        /// A piece of interface text: its translations, in the order of
        /// [`Lang::ALL`]. Each key is a constant (`T::AppName`) rather than an
        /// enum variant looked up in one function, so that its strings are
        /// data that only the code using the key refers to: the splitter
        /// (xtask/src/split.rs) moves a page's strings into the page's part
        /// with its code, and the shell carries only the text it shows itself.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct T(&'static [&'static str; 3]);

        #[allow(non_upper_case_globals)]
        impl T {
            $(pub const $key: T = T(&[$hans, $hant, $en]);)*

            /// Every key, for tests.
            pub const ALL: &'static [T] = &[$(T::$key,)*];
        }
    };
}

impl Lang {
    /// The text of `key` in this language.
    pub fn t(self, key: T) -> &'static str {
        key.0[self as usize]
    }
}

strings! {
    AppName => "质信查", "質信查", "Zhixin";
    Tagline => "企业质量信用公示查询", "企業質量信用公示查詢", "Enterprise quality-credit registry";
    NavSearch => "搜索", "搜尋", "Search";
    NavLists => "名单", "名單", "Lists";
    NavReport => "质量报告", "質量報告", "Quality report";
    NavAbout => "关于", "關於", "About";
    NavCheck => "批量核查", "批量核查", "Batch check";
    NavWatch => "关注", "關注", "Watch list";
    SkipToContent => "跳到主要内容", "跳到主要內容", "Skip to main content";
    Language => "语言", "語言", "Language";
    ThemeToggle => "切换深色/浅色模式", "切換深色/淺色模式", "Switch dark/light mode";
    ThemeAuto => "跟随系统", "跟隨系統", "System";
    ThemeLight => "浅色", "淺色", "Light";
    ThemeDark => "深色", "深色", "Dark";
    Demo => "所有企业、机关和记录均为虚构，仅供演示。", "所有企業、機關和記錄均為虛構，僅供演示。", "Every enterprise, authority and record is fictional, for demonstration only.";
    AsOf => "数据截至", "數據截至", "Data as of";
    Publisher => "发布机构", "發布機構", "Publisher";
    Prevails => "以原发布机关公布为准", "以原發布機關公布為準", "The issuing authority's publication prevails (以原发布机关公布为准)";
    NotRating => "本站不是信用评级。", "本站不是信用評級。", "This is not a credit rating.";
    Stale => "数据可能已过期：发布机构承诺每 {n} 天更新，当前数据截至 {d}。", "數據可能已過期：發布機構承諾每 {n} 天更新，當前數據截至 {d}。", "The data may be out of date: the publisher refreshes it every {n} days and it is as of {d}.";
    Offline => "您已离线。打开过的内容和做过的搜索仍可使用。", "您已離線。打開過的內容和做過的搜尋仍可使用。", "You are offline. What you opened or searched for before still works.";
    Loading => "正在加载…", "正在載入…", "Loading…";
    Retry => "重试", "重試", "Retry";
    ErrMissing => "数据文件缺失", "數據檔案缺失", "A data file is missing";
    ErrCorrupt => "数据文件已损坏", "數據檔案已損壞", "A data file is damaged";
    ErrOffline => "离线时无法查看（本设备上尚未打开过）", "離線時無法查看（本裝置上尚未打開過）", "Not available offline (not opened on this device yet)";
    ErrNetwork => "网络错误，无法加载数据文件", "網絡錯誤，無法載入數據檔案", "Network error: a data file could not be loaded";
    ErrModule => "网络错误，无法加载本功能的程序，请联网后重试", "網絡錯誤，無法載入本功能的程式，請連網後重試", "Network error: this part of the app could not be loaded; try again when online";
    ErrRefused => "数据文件与发布机构的签名不符，已拒绝使用", "數據檔案與發布機構的簽名不符，已拒絕使用", "A data file does not match what the publisher signed and was refused";
    RefusedFiles => "以下数据文件与发布机构公布的摘要不符，已拒绝使用（其余内容不受影响）：", "以下數據檔案與發布機構公布的摘要不符，已拒絕使用（其餘內容不受影響）：", "These data files do not match the digests the publisher listed and were refused (the rest still works):";
    TrustFailed => "无法证实这些数据来自发布机构：签名验证失败。", "無法證實這些數據來自發布機構：簽名驗證失敗。", "This data cannot be shown to be the publisher's: its signature does not verify.";
    TrustUnsigned => "无法证实这些数据来自发布机构：数据没有签名。", "無法證實這些數據來自發布機構：數據沒有簽名。", "This data cannot be shown to be the publisher's: it is not signed.";
    TrustWhat => "数据可能在发布后被改动（镜像、缓存或代理），也可能是站点更新到一半。请刷新页面；若仍出现此提示，请勿依赖本页内容，请到发布机构官网核实。", "數據可能在發布後被改動（鏡像、快取或代理），也可能是站點更新到一半。請重新整理頁面；若仍出現此提示，請勿依賴本頁內容，請到發布機構官網核實。", "It may have been changed after publication (by a mirror, a cache or a proxy), or the site may be mid-update. Reload the page; if this warning stays, do not rely on what this site shows and check with the publisher's own website.";
    SignedBy => "由 {p} 签名，已验证", "由 {p} 簽名，已驗證", "Signed by {p}, verified";
    KeyId => "密钥 ID", "密鑰 ID", "key ID";
    Signature => "签名", "簽名", "Signature";
    SignatureVerified => "本站数据由发布机构以其公布的密钥签名，您的浏览器已逐一核对所用的每个数据文件。", "本站數據由發布機構以其公布的密鑰簽名，您的瀏覽器已逐一核對所用的每個數據檔案。", "The publisher signed this data with its published key, and your browser checks every data file it uses against that signature.";
    SignatureNoKey => "本部署未固定发布机构的公钥，因此不检查签名；每个数据文件仍与 meta.json 中的摘要核对。", "本部署未固定發布機構的公鑰，因此不檢查簽名；每個數據檔案仍與 meta.json 中的摘要核對。", "This deployment pins no publisher key, so the signature is not checked; every data file is still checked against its digest in meta.json.";
    SignatureUnknown => "尚未核对签名（或签名文件无法下载）。", "尚未核對簽名（或簽名檔案無法下載）。", "The signature has not been checked yet (or could not be downloaded).";
    ErrRest => "其余内容不受影响。", "其餘內容不受影響。", "The rest of the registry still works.";
    NoRegistry => "无法加载登记数据（registry/meta.json）。", "無法載入登記數據（registry/meta.json）。", "The registry (registry/meta.json) could not be loaded.";
    SearchLabel => "企业名称、统一社会信用代码、品牌或拼音", "企業名稱、統一社會信用代碼、品牌或拼音", "Enterprise name, credit code, brand or pinyin";
    SearchPlaceholder => "例如：银康食品、91350200MA2YJ1XR9G、qdyk", "例如：銀康食品、91350200MA2YJ1XR9G、qdyk", "e.g. 银康食品, 91350200MA2YJ1XR9G, qdyk";
    SearchHint => "输入企业名称的任意部分、信用代码、曾用名、品牌或拼音首字母，结果随输入更新。用 ↓ ↑ 在结果间移动。", "輸入企業名稱的任意部分、信用代碼、曾用名、品牌或拼音首字母，結果隨輸入更新。用 ↓ ↑ 在結果間移動。", "Type any part of a name, a credit code, a former name, a brand or pinyin initials; results update as you type. Use ↓ ↑ to move between results.";
    Filters => "筛选", "篩選", "Filters";
    FilterBlacklisted => "仅看列入黑名单的", "僅看列入黑名單的", "Blacklisted only";
    FilterHonours => "有有效荣誉的", "有有效榮譽的", "With a current honour";
    FilterScheme => "等级体系", "等級體系", "Grading scheme";
    FilterMinGrade => "最低等级", "最低等級", "Minimum grade";
    FilterRegion => "地区", "地區", "Region";
    Any => "不限", "不限", "Any";
    ClearFilters => "清除筛选", "清除篩選", "Clear filters";
    Results => "搜索结果", "搜尋結果", "Results";
    ResultsCount => "{n} 个结果", "{n} 個結果", "{n} results";
    ResultsOf => "显示 {n} 个，共 {total} 个结果", "顯示 {n} 個，共 {total} 個結果", "{n} of {total} results";
    ResultsOfAtLeast => "显示 {n} 个，至少 {total} 个结果", "顯示 {n} 個，至少 {total} 個結果", "{n} of at least {total} results";
    ShowMore => "显示更多结果", "顯示更多結果", "Show more results";
    TooCommon => "“{q}”是几乎每个企业名称都有的组织形式，单独查找无法区分企业。", "「{q}」是幾乎每個企業名稱都有的組織形式，單獨查找無法區分企業。", "“{q}” is a company form that almost every name has; on its own it tells no enterprise apart.";
    TooCommonHelp => "请再多输入一些：字号（如“宏达”）、地名加字号，或统一社会信用代码。", "請再多輸入一些：字號（如「宏達」）、地名加字號，或統一社會信用代碼。", "Type more: the trade name (e.g. 宏达), the place and trade name, or the credit code.";
    NoMatch => "没有找到匹配的企业。", "沒有找到匹配的企業。", "No enterprise matches.";
    NoMatchHelp => "试试更短的名称片段、去掉地名前缀、拼音首字母，或检查信用代码是否抄错一位；也可以清除筛选。", "試試更短的名稱片段、去掉地名前綴、拼音首字母，或檢查信用代碼是否抄錯一位；也可以清除篩選。", "Try a shorter part of the name, drop the place prefix, use pinyin initials, or check the credit code for a mistyped character; or clear the filters.";
    DidYouMean => "您是不是要找：", "您是不是要找：", "Did you mean:";
    CodeInvalid => "这不是有效的统一社会信用代码（校验位不符）。", "這不是有效的統一社會信用代碼（校驗位不符）。", "This is not a valid credit code (its check character does not match).";
    EmptyTitle => "查企业的质量信用", "查企業的質量信用", "Look up an enterprise's quality credit";
    EmptyHelp => "可查：是否列入严重违法失信名单、质量黑名单或经营异常名录，质量诚信等级，名牌、老字号等荣誉，以及产品质量监督抽查结果。每条信息均注明来源。", "可查：是否列入嚴重違法失信名單、質量黑名單或經營異常名錄，質量誠信等級，名牌、老字號等榮譽，以及產品質量監督抽查結果。每條資訊均註明來源。", "See whether an enterprise is on the serious-violation list, the quality blacklist or the abnormal-operation list, its quality-integrity grades, honours such as brands and time-honoured brands, and product spot-check results — each fact with its source.";
    Code => "统一社会信用代码", "統一社會信用代碼", "Unified Social Credit Code";
    Region => "地区", "地區", "Region";
    MatchedBy => "匹配", "匹配", "Matched";
    MatchPinyin => "拼音", "拼音", "pinyin";
    MatchInitials => "拼音首字母", "拼音首字母", "pinyin initials";
    MatchFuzzy => "近似名称", "近似名稱", "similar name";
    BadgeBlacklisted => "黑名单", "黑名單", "Blacklisted";
    BadgeCaution => "经营异常", "經營異常", "Caution";
    StatusBlacklisted => "列入黑名单（有效）", "列入黑名單（有效）", "Blacklisted (in force)";
    StatusCaution => "警示：列入经营异常名录", "警示：列入經營異常名錄", "Caution: on the abnormal-operation list";
    StatusClear => "目前无有效名单记录", "目前無有效名單記錄", "No listing in force";
    StatusComputed => "按今天（北京时间 {d}）计算", "按今天（北京時間 {d}）計算", "Computed for today ({d}, China Standard Time)";
    StatusComputedAsOf => "按 {d} 计算，不是今天", "按 {d} 計算，不是今天", "Computed as of {d}, not today";
    AsOfLabel => "状态截至 {d}，不是今天（今天是 {t}）", "狀態截至 {d}，不是今天（今天是 {t}）", "Status as of {d}, not today (today is {t})";
    AsOfBack => "查看今天的状态", "查看今天的狀態", "See the status today";
    AsOfControl => "查看某一日期的状态", "查看某一日期的狀態", "Status on a date";
    AsOfShow => "查看", "查看", "Show";
    Overview => "概况", "概況", "Overview";
    FormerNames => "曾用名", "曾用名", "Former names";
    Brands => "品牌", "品牌", "Brands";
    Industry => "行业", "行業", "Industry";
    Address => "地址", "地址", "Address";
    RegStatus => "登记状态", "登記狀態", "Registration status";
    Established => "成立日期", "成立日期", "Established";
    Grades => "信用等级", "信用等級", "Grades";
    GradesNote => "各等级体系分别列示，不合并为一个分数。", "各等級體系分別列示，不合併為一個分數。", "Each scheme is shown on its own; schemes are never blended into one score.";
    CurrentGrade => "当前等级", "當前等級", "Current grade";
    NoCurrentGrade => "无有效等级", "無有效等級", "No current grade";
    History => "历史", "歷史", "History";
    IssuedBy => "评定机关", "評定機關", "Issued by";
    IssuedOn => "评定日期", "評定日期", "Issued on";
    ValidUntil => "有效期至", "有效期至", "Valid until";
    Current => "有效", "有效", "Current";
    Expired => "已失效", "已失效", "Expired";
    NoExpiry => "未公布", "未公布", "not published";
    Listings => "名单记录", "名單記錄", "Listings";
    InForce => "有效", "有效", "In force";
    NotInForce => "已不在效力期", "已不在效力期", "No longer in force";
    Annulled => "已撤销", "已撤銷", "Annulled";
    Repaired => "已信用修复移出", "已信用修復移出", "Removed after credit repair";
    RemovedBy => "移出决定机关", "移出決定機關", "Removed by";
    RepairChannel => "申请信用修复（发布机构渠道）", "申請信用修復（發布機構渠道）", "Apply for credit repair (the publisher's channel)";
    ListedOn => "列入日期", "列入日期", "Listed on";
    RemovedOn => "移出日期", "移出日期", "Removed on";
    EndsOn => "期满日（不含）", "期滿日（不含）", "Ends on (first day not in force)";
    ListedBy => "作出决定机关", "作出決定機關", "Authority";
    Reason => "列入原因", "列入原因", "Reason";
    Basis => "依据", "依據", "Basis";
    DocumentNo => "文号", "文號", "Decision no.";
    RemovalReason => "移出原因", "移出原因", "Removal reason";
    Honours => "荣誉与品牌", "榮譽與品牌", "Honours and brands";
    AwardedBy => "授予机关", "授予機關", "Awarded by";
    AwardedOn => "授予日期", "授予日期", "Awarded on";
    Level => "级别", "級別", "Level";
    Kind => "类别", "類別", "Kind";
    DemoShort => "演示数据", "演示數據", "Demo data";
    CertificateNo => "证书编号", "證書編號", "Certificate no.";
    Product => "产品", "產品", "Product";
    SpotChecks => "监督抽查", "監督抽查", "Spot checks";
    Result => "结果", "結果", "Result";
    PublishedOn => "公布日期", "公布日期", "Published on";
    CheckedBy => "抽查机关", "抽查機關", "Checked by";
    FailedItems => "不合格项目", "不合格項目", "Failed items";
    SampledUnit => "被抽样单位", "被抽樣單位", "Sampled unit";
    Lab => "承检机构", "承檢機構", "Laboratory";
    Batch => "批次", "批次", "Batch";
    Model => "规格型号", "規格型號", "Model";
    Source => "来源", "來源", "Source";
    SourceLink => "查看原文", "查看原文", "Original publication";
    None => "无", "無", "None";
    NoneRecorded => "无记录", "無記錄", "None recorded";
    ReportError => "报告信息错误", "報告資訊錯誤", "Report an error";
    NotFound => "登记中没有这个代码的企业。", "登記中沒有這個代碼的企業。", "No enterprise with this code is in the registry.";
    BackToSearch => "返回搜索", "返回搜尋", "Back to search";
    ListsTitle => "名单与荣誉榜", "名單與榮譽榜", "Lists and honour rolls";
    ListsIntro => "有效的名单记录与有效荣誉，按今天（北京时间）或所选日期计算。", "有效的名單記錄與有效榮譽，按今天（北京時間）或所選日期計算。", "Listings in force and current honours, computed for today (China Standard Time) or the date chosen.";
    BlackLists => "失信名单（黑名单与警示）", "失信名單（黑名單與警示）", "Lists (blacklists and cautions)";
    HonourRolls => "荣誉榜", "榮譽榜", "Honour rolls";
    TrustBanner => "守信信息：当前等级与荣誉", "守信資訊：當前等級與榮譽", "Trust: current grades and honours";
    RedLists => "红名单（守信激励）", "紅名單（守信激勵）", "Red lists (rewarding trust)";
    RedListsIntro => "有效的等级与荣誉；每家企业在每个体系中只列其当前等级。", "有效的等級與榮譽；每家企業在每個體系中只列其當前等級。", "Current grades and honours; each enterprise once per scheme, with its current grade.";
    GradeRolls => "等级榜", "等級榜", "Grade rolls";
    AllGrades => "全部等级", "全部等級", "All grades";
    SortBy => "排序", "排序", "Sort";
    SortDate => "日期（新→旧）", "日期（新→舊）", "Date (newest first)";
    SortDateAsc => "日期（旧→新）", "日期（舊→新）", "Date (oldest first)";
    SortName => "名称", "名稱", "Name";
    FilterText => "按名称或代码筛选", "按名稱或代碼篩選", "Filter by name or code";
    Page => "第 {n} 页，共 {m} 页", "第 {n} 頁，共 {m} 頁", "Page {n} of {m}";
    Prev => "上一页", "上一頁", "Previous";
    First => "第一页", "第一頁", "First";
    Last => "最后一页", "最後一頁", "Last";
    DownloadList => "下载整份名单（CSV，{n} 条）", "下載整份名單（CSV，{n} 條）", "Download the whole list (CSV, {n} entries)";
    Next => "下一页", "下一頁", "Next";
    Name => "名称", "名稱", "Name";
    Date => "日期", "日期", "Date";
    Title => "名称", "名稱", "Title";
    Entries => "{n} 条", "{n} 條", "{n} entries";
    ListEmpty => "这份名单目前没有有效记录。", "這份名單目前沒有有效記錄。", "Nothing on this list is in force now.";
    Caution => "警示", "警示", "Caution";
    Blacklist => "黑名单", "黑名單", "Blacklist";
    ReportTitle => "产品质量分析报告", "產品質量分析報告", "Product quality report";
    ReportIntro => "根据本登记的监督抽查、等级和名单数据自动汇总。", "根據本登記的監督抽查、等級和名單數據自動匯總。", "Aggregated automatically from this registry's spot checks, grades and listings.";
    PassByCategory => "按产品类别的抽查合格率", "按產品類別的抽查合格率", "Spot-check pass rate by product category";
    PassByRegion => "按省份的抽查合格率", "按省份的抽查合格率", "Spot-check pass rate by province";
    PassByYear => "按年度的抽查合格率", "按年度的抽查合格率", "Spot-check pass rate by year";
    GradeDistribution => "等级分布", "等級分佈", "Grade distribution";
    ListingsInForce => "有效名单记录", "有效名單記錄", "Listings in force";
    PassRate => "合格率", "合格率", "Pass rate";
    Checked => "抽查批次", "抽查批次", "Samples";
    Passed => "合格", "合格", "Passed";
    Failed => "不合格", "不合格", "Failed";
    Count => "数量", "數量", "Count";
    Group => "分组", "分組", "Group";
    DownloadCsv => "下载 CSV", "下載 CSV", "Download CSV";
    OpenFull => "在质信查中打开", "在質信查中打開", "Open in zhixin";
    FullRecord => "查看完整档案", "查看完整檔案", "See the full record";
    InForceListings => "有效名单", "有效名單", "Listings in force";
    CurrentHonours => "有效荣誉", "有效榮譽", "Current honours";
    ChecksSummary => "{n} 次，其中 {f} 次不合格（最近 {d}）", "{n} 次，其中 {f} 次不合格（最近 {d}）", "{n}, {f} failed (latest {d})";
    AndMore => "等 {n} 项", "等 {n} 項", "and {n} more";
    NewTab => "在新标签页中打开", "在新分頁中打開", "opens in a new tab";
    Embed => "嵌入", "嵌入", "Embed";
    EmbedCard => "把这张企业页嵌入文章", "把這張企業頁嵌入文章", "Embed this page in an article";
    EmbedLookup => "把查询框嵌入文章", "把查詢框嵌入文章", "Embed the lookup in an article";
    EmbedHint => "把下面的代码粘贴到网页的 HTML 中。嵌入的页面随登记更新，同样注明“本站不是信用评级”和“以原发布机关公布为准”，不使用 Cookie。", "把下面的代碼貼到網頁的 HTML 中。嵌入的頁面隨登記更新，同樣註明「本站不是信用評級」和「以原發布機關公布為準」，不使用 Cookie。", "Paste this code into your page's HTML. The embedded page follows the registry's updates, carries the same notes (not a credit rating; the issuing authority's publication prevails) and sets no cookies.";
    ShowTable => "数据表", "數據表", "Data table";
    PassByIndustry => "按行业的抽查合格率", "按行業的抽查合格率", "Spot-check pass rate by industry";
    PassByCity => "按城市的抽查合格率", "按城市的抽查合格率", "Spot-check pass rate by city";
    PassByProgramme => "按抽查类别的合格率", "按抽查類別的合格率", "Pass rate by programme";
    Province => "省份", "省份", "Province";
    City => "城市", "城市", "City";
    Year => "年度", "年度", "Year";
    Programme => "抽查类别", "抽查類別", "Programme";
    HonoursByKind => "按类别的有效荣誉", "按類別的有效榮譽", "Current honours by kind";
    HonoursByLevel => "按级别的有效荣誉", "按級別的有效榮譽", "Current honours by level";
    OverallPassRate => "监督抽查总体合格率", "監督抽查總體合格率", "Overall spot-check pass rate";
    OverallCounts => "{n} 批次中 {p} 批次合格，{f} 批次不合格", "{n} 批次中 {p} 批次合格，{f} 批次不合格", "{p} of {n} samples passed, {f} failed";
    Period => "抽查期间", "抽查期間", "Period";
    BlacklistedEnterprises => "黑名单企业", "黑名單企業", "Blacklisted enterprises";
    CautionedEnterprises => "警示企业", "警示企業", "Enterprises under caution";
    GradedEnterprises => "有有效等级的企业", "有有效等級的企業", "Enterprises with a current grade";
    HonouredEnterprises => "有有效荣誉的企业", "有有效榮譽的企業", "Enterprises with a current honour";
    CountedOn => "统计日期", "統計日期", "Counted on";
    ViewedOn => "查看日期", "查看日期", "Viewed on";
    PrintReport => "打印报告", "列印報告", "Print the report";
    NoStats => "此登记没有统计数据。", "此登記沒有統計數據。", "This registry has no aggregates.";
    AboutTitle => "关于本站", "關於本站", "About";
    AboutWho => "本登记由以下机构发布：", "本登記由以下機構發布：", "This registry is published by:";
    AboutHow => "状态如何计算", "狀態如何計算", "How status is computed";
    AboutHowText => "所有状态都在您的浏览器中、按今天（北京时间）或所选日期计算：名单记录自列入之日起有效，至移出之日前一天止；严重违法失信名单最长三年（期满次日起不再有效）；经营异常名录只作警示；被撤销的记录从不显示为有效。等级在评定（或生效）日至有效期截止日（含）之间为有效，同一体系只显示最新的有效等级；不同体系分别列示，不合并。荣誉在有效期内为有效，已废止的“中国名牌”和“著名商标”一律视为历史。", "所有狀態都在您的瀏覽器中、按今天（北京時間）或所選日期計算：名單記錄自列入之日起有效，至移出之日前一天止；嚴重違法失信名單最長三年（期滿次日起不再有效）；經營異常名錄只作警示；被撤銷的記錄從不顯示為有效。等級在評定（或生效）日至有效期截止日（含）之間為有效，同一體系只顯示最新的有效等級；不同體系分別列示，不合併。榮譽在有效期內為有效，已廢止的「中國名牌」和「著名商標」一律視為歷史。", "Every status is computed in your browser for today in China Standard Time (or the date chosen): a listing is in force from the day it was listed until the day before its removal; a serious-violation listing lasts three years at most (it ends the day after the anniversary); the abnormal-operation list is only a caution; an annulled listing is never shown as in force. A grade is current from its issue (or effective) date through its last valid day, and only the newest current grade of each scheme is shown as current; schemes are listed separately, never blended. An honour is current within its validity; the abolished China Top Brand and famous-trademark titles are always history.";
    AboutNotRating => "本站汇总公开发布的信息，不是信用评级，也不对企业作出评价。", "本站匯總公開發布的資訊，不是信用評級，也不對企業作出評價。", "This site gathers published information. It is not a credit rating and makes no judgement of any enterprise.";
    AboutPrivacy => "本站不使用 Cookie，不跟踪访问者，不向其他网站发送请求；语言和显示模式只保存在您的浏览器本地。", "本站不使用 Cookie，不追蹤訪客，不向其他網站發送請求；語言和顯示模式只保存在您的瀏覽器本地。", "No cookies, no tracking, no requests to other sites; your language and display mode are kept only in your browser's local storage.";
    AboutCorrection => "发现错误？", "發現錯誤？", "Found a mistake?";
    AboutDemo => "这是演示数据：所有企业、机关和记录都是虚构的。", "這是演示數據：所有企業、機關和記錄都是虛構的。", "This is demonstration data: every enterprise, authority and record is fictional.";
    Enterprises => "企业数", "企業數", "Enterprises";
    RefreshDays => "更新周期", "更新週期", "Refresh interval";
    Days => "{n} 天", "{n} 天", "{n} days";
    Notice => "说明", "說明", "Notice";
}

/// Replaces `{name}` in a translated string.
pub fn fill(text: &str, name: &str, value: &str) -> String {
    text.replace(&format!("{{{name}}}"), value)
}

/// The region's name: as published, else the province from the code.
pub fn region_name(lang: Lang, published: Option<&str>, uscc: &str) -> Option<String> {
    published.map(str::to_string).or_else(|| {
        region::province_of_uscc(uscc).map(|p| {
            if lang == Lang::En {
                p.en.to_string()
            } else {
                p.zh.to_string()
            }
        })
    })
}

/// The label of a list.
pub fn list_label(lang: Lang, k: ListKind) -> &'static str {
    match k {
        ListKind::SeriousViolation => lang.pick(
            "严重违法失信名单",
            "嚴重違法失信名單",
            "Serious violation list",
        ),
        ListKind::AbnormalOperation => {
            lang.pick("经营异常名录", "經營異常名錄", "Abnormal operation list")
        }
        ListKind::QualityBlacklist => lang.pick("质量黑名单", "質量黑名單", "Quality blacklist"),
    }
}

/// The label of a grading scheme.
pub fn scheme_label(lang: Lang, s: Scheme) -> &'static str {
    match s {
        Scheme::QualityIntegrity => {
            lang.pick("质量诚信等级", "質量誠信等級", "Quality integrity grade")
        }
        Scheme::CreditRating => lang.pick(
            "信用等级（GB/T 22116）",
            "信用等級（GB/T 22116）",
            "Credit grade (GB/T 22116)",
        ),
        Scheme::QualityCredit => lang.pick("质量信用等级", "質量信用等級", "Quality credit grade"),
    }
}

/// The label of an honour kind.
pub fn honour_label(lang: Lang, k: HonourKind) -> &'static str {
    match k {
        HonourKind::QualityAward => {
            lang.pick("政府质量奖", "政府質量獎", "Government quality award")
        }
        HonourKind::BrandProduct => lang.pick("名牌产品", "名牌產品", "Brand product"),
        HonourKind::WellKnownTrademark => lang.pick("驰名商标", "馳名商標", "Well-known trademark"),
        HonourKind::GeographicalIndication => {
            lang.pick("地理标志产品", "地理標誌產品", "Geographical indication")
        }
        HonourKind::TimeHonouredBrand => lang.pick("老字号", "老字號", "Time-honoured brand"),
        HonourKind::Certification => lang.pick("认证", "認證", "Certification"),
        HonourKind::FamousTrademark => lang.pick("著名商标", "著名商標", "Famous trademark"),
    }
}

/// The label of an honour's level.
pub fn level_label(lang: Lang, l: Level) -> &'static str {
    match l {
        Level::National => lang.pick("国家级", "國家級", "National"),
        Level::Provincial => lang.pick("省级", "省級", "Provincial"),
        Level::Municipal => lang.pick("市级", "市級", "Municipal"),
        Level::District => lang.pick("区县级", "區縣級", "District"),
    }
}

/// The label of a spot-check result.
pub fn result_label(lang: Lang, r: CheckResult) -> &'static str {
    match r {
        CheckResult::Pass => lang.t(T::Passed),
        CheckResult::Fail => lang.t(T::Failed),
    }
}

#[cfg(test)]
mod tests;
