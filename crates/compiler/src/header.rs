//! Header rows: which row is the header, what kind of table it heads, and
//! what each column means for that kind.
//!
//! Published files rarely start with their header, and the same header text
//! means different things in different tables (类别 is a list's category in
//! a listing table and an honour's kind in an honour table; 等级 is a credit
//! grade in a grade table and a product grade in a food spot check). So a
//! header cell is first classified into a [`Head`] (possibly ambiguous), the
//! table's kind is decided from the set of heads, and only then is each
//! column given its [`Field`].

use crate::read::RawRow;
use crate::value::list_from_text;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The table kind under another name, for code that glob-imports [`Field`] (which has a `Kind` variant).
use Kind as TableKind;

/// The five table kinds of the contract.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Enterprises,
    Grades,
    Listings,
    Honours,
    SpotChecks,
}

impl Kind {
    /// The id written in `report.json`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Enterprises => "enterprises",
            Kind::Grades => "grades",
            Kind::Listings => "listings",
            Kind::Honours => "honours",
            Kind::SpotChecks => "spot_checks",
        }
    }
}

/// What a column means once the table's kind is known. The names are the
/// contract's canonical column names (see [`Field::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Seq,
    Uscc,
    RegistrationNo,
    OrgCode,
    Name,
    FormerNames,
    Industry,
    Address,
    Status,
    EstablishedOn,
    Region,
    Scheme,
    Grade,
    IssuedBy,
    IssuedOn,
    ValidUntil,
    ValidFrom,
    Note,
    List,
    ListedOn,
    ListedBy,
    Reason,
    Basis,
    RemovedOn,
    RemovalReason,
    RemovedBy,
    Kind,
    Title,
    AwardedBy,
    AwardedOn,
    Level,
    CertificateNo,
    Product,
    Brand,
    Model,
    Batch,
    Result,
    FailedItems,
    CheckedBy,
    PublishedOn,
    ProductCategory,
    Lab,
    Programme,
    SampledUnit,
    DocumentNo,
    SourceUrl,
    Source,
}

impl Field {
    /// The canonical column name, as the report names columns.
    pub fn name(self) -> &'static str {
        use Field::*;
        match self {
            Seq => "序号",
            Uscc => "uscc",
            RegistrationNo => "registration_no",
            OrgCode => "org_code",
            Name => "name",
            FormerNames => "former_names",
            Industry => "industry",
            Address => "address",
            Status => "status",
            EstablishedOn => "established_on",
            Region => "region",
            Scheme => "scheme",
            Grade => "grade",
            IssuedBy => "issued_by",
            IssuedOn => "issued_on",
            ValidUntil => "valid_until",
            ValidFrom => "valid_from",
            Note => "note",
            List => "list",
            ListedOn => "listed_on",
            ListedBy => "listed_by",
            Reason => "reason",
            Basis => "basis",
            RemovedOn => "removed_on",
            RemovalReason => "removal_reason",
            RemovedBy => "removed_by",
            Kind => "kind",
            Title => "title",
            AwardedBy => "awarded_by",
            AwardedOn => "awarded_on",
            Level => "level",
            CertificateNo => "certificate_no",
            Product => "product",
            Brand => "brand",
            Model => "model",
            Batch => "batch",
            Result => "result",
            FailedItems => "failed_items",
            CheckedBy => "checked_by",
            PublishedOn => "published_on",
            ProductCategory => "product_category",
            Lab => "lab",
            Programme => "programme",
            SampledUnit => "sampled_unit",
            DocumentNo => "document_no",
            SourceUrl => "source_url",
            Source => "source",
        }
    }

    /// Every field, for building the alias table from canonical names.
    const ALL: &'static [Field] = &[
        Field::Seq,
        Field::Uscc,
        Field::RegistrationNo,
        Field::OrgCode,
        Field::Name,
        Field::FormerNames,
        Field::Industry,
        Field::Address,
        Field::Status,
        Field::EstablishedOn,
        Field::Region,
        Field::Scheme,
        Field::Grade,
        Field::IssuedBy,
        Field::IssuedOn,
        Field::ValidUntil,
        Field::ValidFrom,
        Field::Note,
        Field::List,
        Field::ListedOn,
        Field::ListedBy,
        Field::Reason,
        Field::Basis,
        Field::RemovedOn,
        Field::RemovalReason,
        Field::RemovedBy,
        Field::Kind,
        Field::Title,
        Field::AwardedBy,
        Field::AwardedOn,
        Field::Level,
        Field::CertificateNo,
        Field::Product,
        Field::Brand,
        Field::Model,
        Field::Batch,
        Field::Result,
        Field::FailedItems,
        Field::CheckedBy,
        Field::PublishedOn,
        Field::ProductCategory,
        Field::Lab,
        Field::Programme,
        Field::SampledUnit,
        Field::DocumentNo,
        Field::SourceUrl,
        Field::Source,
    ];

    /// The columns a kind's rows may carry (beyond the identity columns).
    fn allowed(self, kind: TableKind) -> bool {
        use Field::*;
        match self {
            Seq | Uscc | RegistrationNo | OrgCode | Name | SourceUrl | Source | DocumentNo => true,
            // Only grades keep a note and a start of validity; elsewhere the
            // column is named as unknown rather than dropped silently.
            Note | ValidFrom => kind == TableKind::Grades,
            FormerNames | Industry | Address | Status | EstablishedOn => {
                kind == TableKind::Enterprises
            }
            // Every kind: a spot check keeps its own; elsewhere it describes the enterprise.
            Region => true,
            Scheme | Grade | IssuedBy | IssuedOn => kind == TableKind::Grades,
            ValidUntil => matches!(kind, TableKind::Grades | TableKind::Honours),
            List | ListedOn | ListedBy | Reason | Basis | RemovedOn | RemovalReason | RemovedBy => {
                kind == TableKind::Listings
            }
            Kind | Title | AwardedBy | AwardedOn | Level | CertificateNo => {
                kind == TableKind::Honours
            }
            Product | Brand => matches!(kind, TableKind::Honours | TableKind::SpotChecks),
            Model | Batch | Result | FailedItems | CheckedBy | PublishedOn | ProductCategory
            | Lab | Programme | SampledUnit => kind == TableKind::SpotChecks,
        }
    }
}

/// A header cell's meaning before the kind is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Head {
    /// A column whose meaning does not depend on the kind.
    F(Field),
    /// An authority (评价机关, 授予单位 …): issued_by, listed_by, awarded_by or checked_by.
    Authority,
    /// The fact's own date (评价日期, 授予日期 …): issued_on, awarded_on or published_on.
    MainDate,
    /// A publication date (发布日期, 公告日期 …): published_on, or the fact's date.
    PublishDate,
    /// 类别, 分类: a list (listings), an honour kind (honours), a product category (spot checks).
    Category,
    /// 等级: a credit grade in grade tables, nothing elsewhere (a food's product grade).
    AmbiguousGrade,
    /// 受检单位, 被抽样单位: the sampled unit, or the name when no producer is named.
    SampledName,
    /// 标称生产企业名称 …: the nominal producer, the row's enterprise.
    ProducerName,
    /// The producer's code.
    ProducerUscc,
    /// The sampled unit's code: not the row's enterprise.
    SampledUscc,
    /// A sub-column of a two-row result header (抽查结果 over 合格 | 不合格)
    /// whose cells mark the result: `true` for the pass column.
    ResultMark(bool),
}

/// Normalises a header cell for matching: full-width forms to half-width,
/// whitespace and line breaks removed, brackets unified, 做 read as 作,
/// ASCII lower-cased, `_`/`-` and required-markers (`*`) and trailing colons dropped.
pub fn normalize_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '【' | '〔' | '［' => '[',
            '】' | '〕' | '］' => ']',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '做' => '作',
            c => c,
        };
        if c.is_whitespace() || matches!(c, '*' | '_' | '-' | '\u{200B}' | '\u{FEFF}') {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// The alias table: normalised header text to head.
static ALIASES: LazyLock<HashMap<String, Head>> = LazyLock::new(|| {
    use Field as F;
    use Head::*;
    let table: &[(Head, &[&str])] = &[
        (F(F::Seq), &["序号", "no", "no.", "序", "编号"]),
        (
            F(F::Uscc),
            &[
                "统一社会信用代码",
                "社会信用代码",
                "信用代码",
                "统一社会信用代码/注册号",
                "统一社会信用代码(注册号)",
                "营业执照注册号",
                "注册号",
                "统一代码",
                "社会统一信用代码",
                "统一社会信用代码或注册号",
                "统一社会信用代码(或注册号)",
                "统一社会信用代码/注册号/组织机构代码",
                "creditcode",
            ],
        ),
        (
            F(F::RegistrationNo),
            &["registrationno", "工商注册号", "原注册号"],
        ),
        (F(F::OrgCode), &["orgcode", "组织机构代码", "机构代码"]),
        (
            F(F::Name),
            &[
                "企业名称",
                "单位名称",
                "市场主体名称",
                "名称",
                "企业名",
                "主体名称",
                "组织机构名称",
                "企业(单位)名称",
                "当事人名称",
                "获奖单位",
                "获奖企业",
                "企业",
                "单位",
            ],
        ),
        (
            F(F::FormerNames),
            &["formernames", "曾用名", "原名称", "历史名称", "曾用名称"],
        ),
        (
            F(F::Industry),
            &["行业", "所属行业", "行业类别", "行业门类"],
        ),
        (
            F(F::Address),
            &[
                "住所",
                "地址",
                "企业地址",
                "注册地址",
                "经营场所",
                "住所(经营场所)",
            ],
        ),
        (F(F::Status), &["登记状态", "经营状态", "企业状态"]),
        (
            F(F::EstablishedOn),
            &["establishedon", "成立日期", "成立时间"],
        ),
        (
            F(F::Region),
            &[
                "所属地市",
                "所在省份",
                "地区",
                "所属地区",
                "区域",
                "所在地区",
                "地市",
                "省份",
                "所属区域",
                "所在地",
                "省市",
            ],
        ),
        (
            F(F::Scheme),
            &[
                "评价体系",
                "等级体系",
                "信用评价名称",
                "评价名称",
                "评价类型",
                "评价类别",
                "评价体系名称",
            ],
        ),
        (
            F(F::Grade),
            &[
                "信用等级",
                "评价等级",
                "质量信用等级",
                "评价结果",
                "质量诚信等级",
                "信用评价等级",
                "评定等级",
            ],
        ),
        (AmbiguousGrade, &["等级"]),
        (
            Authority,
            &[
                "评价机关",
                "作出决定机关",
                "授予单位",
                "颁发单位",
                "组织单位",
                "评价机构",
                "评价单位",
                "颁证单位",
                "认定机构",
                "发布单位",
                "发布机关",
                "认定单位",
                "认定机关",
                "决定机关",
                "实施机关",
                "评定机构",
                "评定单位",
                "颁发机关",
                "发证机关",
                "发证单位",
                "授予机关",
            ],
        ),
        (
            F(F::ListedBy),
            &[
                "列入机关",
                "作出决定机关(列入)",
                "列入决定机关",
                "决定列入机关",
            ],
        ),
        (
            F(F::RemovedBy),
            &["作出决定机关(移出)", "移出决定机关", "移出机关"],
        ),
        (
            F(F::CheckedBy),
            &[
                "抽查机关",
                "抽检机关",
                "组织抽查机关",
                "监督抽查机关",
                "抽查单位",
            ],
        ),
        (
            MainDate,
            &[
                "评价日期",
                "授予日期",
                "颁发日期",
                "评定日期",
                "评定时间",
                "发证日期",
                "认定年份",
                "认定日期",
                "认定时间",
                "获奖时间",
                "获奖日期",
                "授予时间",
                "评价时间",
                "获评时间",
                "获评日期",
                "授牌时间",
                "授牌日期",
            ],
        ),
        (
            PublishDate,
            &[
                "发布日期",
                "公布日期",
                "通报日期",
                "发布时间",
                "公告日期",
                "公告时间",
                "公布时间",
                "通报时间",
            ],
        ),
        (
            F(F::ValidUntil),
            &[
                "有效期至",
                "有效期",
                "评价结果有效期止",
                "有效期限",
                "有效截止日期",
                "有效期止",
                "截止日期",
                "到期日期",
                "有效期截止",
            ],
        ),
        (
            F(F::ValidFrom),
            &[
                "validfrom",
                "有效期起",
                "有效期自",
                "生效日期",
                "有效期起始",
            ],
        ),
        (
            F(F::List),
            &["名单类型", "名录类型", "名单类别", "名单名称", "名录名称"],
        ),
        (F(F::ListedOn), &["listedon", "列入日期", "列入时间"]),
        (
            F(F::Reason),
            &[
                "列入事由",
                "列入原因",
                "事由",
                "列入经营异常名录原因",
                "列入严重违法失信企业名单(黑名单)原因",
                "违法事实",
                "失信行为",
            ],
        ),
        (F(F::Basis), &["依据", "列入依据", "法律依据"]),
        (F(F::RemovedOn), &["removedon", "移出日期", "移出时间"]),
        (
            F(F::RemovalReason),
            &["removalreason", "移出原因", "移出事由"],
        ),
        (Category, &["类别", "分类", "类型"]),
        (F(F::Kind), &["荣誉类型", "荣誉类别", "奖项类型"]),
        (
            F(F::Title),
            &["荣誉名称", "称号", "荣誉称号", "奖项名称", "获奖名称"],
        ),
        (F(F::Level), &["级别", "荣誉级别"]),
        (
            F(F::CertificateNo),
            &["certificateno", "证书编号", "证书号"],
        ),
        (
            F(F::Product),
            &[
                "产品名称",
                "产品",
                "样品名称",
                "食品名称",
                "商品名称",
                "样品",
            ],
        ),
        (
            F(F::Brand),
            &[
                "商标",
                "品牌",
                "代表性注册商标",
                "注册商标",
                "标称商标",
                "商标/品牌",
                "品牌名称",
            ],
        ),
        (
            F(F::Model),
            &[
                "规格型号",
                "标称规格型号",
                "规格",
                "型号规格",
                "规格/型号",
                "型号",
            ],
        ),
        (
            F(F::Batch),
            &[
                "生产日期/批号",
                "批号",
                "生产日期或批号",
                "生产日期/批货号",
                "标称生产日期/批号",
                "生产日期",
                "批次",
                "生产批次",
                "生产日期(批号)",
            ],
        ),
        (
            F(F::Result),
            &[
                "抽查结果",
                "结果",
                "检验结论",
                "检验结果",
                "抽检结果",
                "判定结果",
                "结论",
                "检验判定",
            ],
        ),
        (
            F(F::FailedItems),
            &[
                "failed_items",
                "不合格项目",
                "主要不合格项目",
                "不合格情况",
                "不合格项目║检验结果║标准值",
            ],
        ),
        (F(F::PublishedOn), &["publishedon"]),
        (
            F(F::ProductCategory),
            &[
                "productcategory",
                "产品种类",
                "产品类别",
                "食品类别",
                "食品分类",
                "产品分类",
            ],
        ),
        (F(F::Lab), &["承检机构", "检验机构", "检验单位", "承检单位"]),
        (
            F(F::Programme),
            &["抽查类别", "任务来源", "任务来源/项目名称", "抽查类型"],
        ),
        (
            F(F::DocumentNo),
            &[
                "documentno",
                "文号",
                "公告编号",
                "决定书文号",
                "列入文号",
                "列入决定书文号",
                "公告号",
                "文书号",
                "决定文书号",
            ],
        ),
        (
            F(F::SourceUrl),
            &["sourceurl", "链接", "网址", "来源链接", "原文链接", "url"],
        ),
        (F(F::Source), &["来源", "信息来源", "数据来源"]),
        (F(F::Note), &["备注", "说明"]),
        (
            SampledName,
            &[
                "sampledunit",
                "受检单位",
                "被抽样单位",
                "被抽样单位名称",
                "受检单位名称",
                "被抽查单位",
                "被抽查企业",
                "受检企业",
            ],
        ),
        (
            ProducerName,
            &[
                "标称生产企业名称",
                "标称生产单位",
                "标称生产者名称",
                "生产企业名称",
                "标称生产企业",
                "生产企业",
                "生产者名称",
                "生产单位",
                "标称生产单位名称",
                "标称生产者",
            ],
        ),
        (
            ProducerUscc,
            &[
                "标称生产企业统一社会信用代码",
                "生产企业统一社会信用代码",
                "标称生产者统一社会信用代码",
            ],
        ),
        (
            SampledUscc,
            &["被抽样单位统一社会信用代码", "受检单位统一社会信用代码"],
        ),
        (
            Authority,
            &["issuedby", "listedby", "awardedby", "checkedby"],
        ),
        (MainDate, &["issuedon", "awardedon"]),
    ];
    let mut map = HashMap::new();
    for (head, aliases) in table {
        for a in *aliases {
            map.insert(normalize_header(a), *head);
        }
    }
    // The canonical English names themselves (`uscc`, `listed_by` …).
    for f in Field::ALL {
        map.entry(normalize_header(f.name())).or_insert(Head::F(*f));
    }
    // The canonical English names of the kind-specific authorities and dates
    // are exact: `issued_by` in a grade table is issued_by.
    for (name, f) in [
        ("issued_by", Field::IssuedBy),
        ("listed_by", Field::ListedBy),
        ("awarded_by", Field::AwardedBy),
        ("checked_by", Field::CheckedBy),
        ("issued_on", Field::IssuedOn),
        ("awarded_on", Field::AwardedOn),
        ("published_on", Field::PublishedOn),
        ("kind", Field::Kind),
        ("list", Field::List),
    ] {
        map.insert(normalize_header(name), Head::F(f));
    }
    map
});

/// Classifies one header cell; `None` when it is none of the contract's columns.
pub fn classify(cell: &str) -> Option<Head> {
    let n = normalize_header(cell);
    if n.is_empty() {
        return None;
    }
    if let Some(h) = ALIASES.get(&n) {
        return Some(*h);
    }
    // Long headers seen in published lists, matched by their parts.
    let has = |s: &str| n.contains(s);
    if has("信用代码") || has("注册号") && !has("商标") {
        if has("标称") || has("生产企业") || has("生产者") {
            return Some(Head::ProducerUscc);
        }
        if has("被抽样") || has("受检") {
            return Some(Head::SampledUscc);
        }
        return Some(Head::F(Field::Uscc));
    }
    if has("不合格项目") {
        return Some(Head::F(Field::FailedItems));
    }
    if has("列入") {
        if has("原因") || has("事由") {
            return Some(Head::F(Field::Reason));
        }
        if has("日期") || has("时间") {
            return Some(Head::F(Field::ListedOn));
        }
        if has("机关") || has("机构") || has("单位") {
            return Some(Head::F(Field::ListedBy));
        }
        if has("依据") {
            return Some(Head::F(Field::Basis));
        }
    }
    if has("移出") {
        if has("原因") || has("事由") {
            return Some(Head::F(Field::RemovalReason));
        }
        if has("日期") || has("时间") {
            return Some(Head::F(Field::RemovedOn));
        }
        if has("机关") || has("机构") || has("单位") {
            return Some(Head::F(Field::RemovedBy));
        }
    }
    if has("有效期") {
        return Some(Head::F(Field::ValidUntil));
    }
    if has("曾用名") {
        return Some(Head::F(Field::FormerNames));
    }
    if has("标称生产") && has("名称") {
        return Some(Head::ProducerName);
    }
    if (has("被抽样") || has("受检")) && (has("名称") || has("单位")) && !has("地址") {
        return Some(Head::SampledName);
    }
    None
}

/// A recognised header: where it is, the table's kind and each column's field.
#[derive(Clone, Debug)]
pub struct Header {
    /// Index of the (last) header row in the table's rows.
    pub index: usize,
    /// Index of the first header row: `index - 1` for a two-row header
    /// (group labels over sub-columns), else `index`.
    pub top: usize,
    /// Columns of a two-row result header whose cells mark a pass or a fail.
    pub pass_mark: Option<usize>,
    pub fail_mark: Option<usize>,
    pub kind: Kind,
    /// The field of each column (by column index); `None` for unknown columns.
    pub fields: Vec<Option<Field>>,
    /// The column of each field (FxHash: looked up for every cell of
    /// millions of rows).
    pub columns: HashMap<Field, usize, rustc_hash::FxBuildHasher>,
    /// Header texts of the columns that are none of the kind's columns, in order.
    pub unknown: Vec<String>,
    /// The list named by the headers themselves (列入经营异常名录原因 → abnormal-operation).
    pub list_hint: Option<zhixin_core::ListKind>,
    /// The header cells as written, for reporting.
    pub texts: Vec<String>,
}

impl Header {
    /// The column of `f`, if the table has one.
    pub fn col(&self, f: Field) -> Option<usize> {
        self.columns.get(&f).copied()
    }

    /// True when the table states each row's result (a result column or
    /// pass/fail mark columns).
    pub fn has_result(&self) -> bool {
        self.col(Field::Result).is_some() || self.pass_mark.is_some() || self.fail_mark.is_some()
    }
}

/// How many rows from the top are searched for the header.
pub const HEADER_DEPTH: usize = 20;

/// Finds the header in the first [`HEADER_DEPTH`] rows and decides the kind.
///
/// A header may take two rows: group labels merged across sub-columns
/// above the sub-columns' own labels (生产企业 over 名称 | 统一社会信用代码,
/// 抽查结果 over 合格 | 不合格), with the other columns' labels merged
/// down both rows (in a CSV export: in one of them, the other cell empty).
pub fn detect(rows: &[RawRow]) -> Option<Header> {
    for index in 0..rows.len().min(HEADER_DEPTH) {
        if let Some(sub) = rows.get(index + 1) {
            if let Some(texts) = two_row_texts(&rows[index], sub) {
                let heads: Vec<Option<Head>> = texts.iter().map(|(t, s)| combine(t, s)).collect();
                if is_header(&heads) {
                    let texts = texts.iter().map(|(t, s)| joined_text(t, s)).collect();
                    let mut h = resolve(index + 1, decide_kind(&heads), &heads, texts);
                    h.top = index;
                    return Some(h);
                }
            }
        }
        let row = &rows[index];
        let heads: Vec<Option<Head>> = row.cells.iter().map(classify).collect();
        if !is_header(&heads) {
            continue;
        }
        let kind = decide_kind(&heads);
        let texts: Vec<String> = row.cells.iter().map(|c| c.trim().to_string()).collect();
        return Some(resolve(index, kind, &heads, texts));
    }
    None
}

/// A header names at least two of the contract's columns, one of them an identity.
fn is_header(heads: &[Option<Head>]) -> bool {
    let recognised = heads.iter().filter(|h| h.is_some()).count();
    let identity = heads.iter().flatten().any(|h| {
        matches!(
            h,
            Head::F(Field::Uscc | Field::Name | Field::RegistrationNo | Field::OrgCode)
                | Head::ProducerName
                | Head::ProducerUscc
                | Head::SampledName
        )
    });
    recognised >= 2 && identity
}

/// When `sub` holds sub-column labels under group labels in `top`: each
/// column's (group, label) texts. A group label merged across sub-columns
/// stands in the first of them only in a CSV export; it is carried right
/// over the sub-columns that follow. `None` when `sub` is not such a row
/// (data, or a header row of its own).
fn two_row_texts(top: &RawRow, sub: &RawRow) -> Option<Vec<(String, String)>> {
    // A title or notice row (one text, merged across the width) is caption,
    // not a group row: a group row has several labels, one of them a column.
    let mut labels: Vec<&str> = top
        .cells
        .iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    labels.dedup();
    if labels.len() < 2 || !labels.iter().any(|l| classify(l).is_some()) {
        return None;
    }
    let width = top.cells.len().max(sub.cells.len());
    let mut out: Vec<(String, String)> = Vec::with_capacity(width);
    let mut groups = 0;
    for c in 0..width {
        let mut t = top.get(c).trim().to_string();
        let s = sub.get(c).trim().to_string();
        if t.is_empty() && !s.is_empty() {
            if let Some((pt, ps)) = out.last() {
                if !pt.is_empty() && !ps.is_empty() && pt != ps {
                    t = pt.clone();
                }
            }
        }
        if !s.is_empty() && s != t {
            // A sub-column label: a column of the contract alone or under its
            // group, or a result mark; a value (a code, a date, a name) is not.
            let label = classify(&s).is_some()
                || (!t.is_empty() && classify(&format!("{t}{s}")).is_some())
                || mark_kind(&t, &s).is_some();
            if !label || crate::value::parse_code(&s).is_ok() {
                return None;
            }
            if !t.is_empty() {
                groups += 1;
            }
        }
        out.push((t, s));
    }
    (groups > 0).then_some(out)
}

/// The pass (`true`) or fail column under a result group label.
fn mark_kind(top: &str, sub: &str) -> Option<bool> {
    if classify(top) != Some(Head::F(Field::Result)) {
        return None;
    }
    match normalize_header(sub).as_str() {
        "合格" | "符合" | "pass" | "p" => Some(true),
        "不合格" | "不符合" | "fail" | "f" => Some(false),
        _ => None,
    }
}

/// What a column of a two-row header means: the group and its label read
/// together (生产企业 + 名称 = 生产企业名称), else the label alone — except
/// under the sampled unit, whose columns are not the row's enterprise's.
fn combine(top: &str, sub: &str) -> Option<Head> {
    if sub.is_empty() || sub == top {
        return classify(top);
    }
    if top.is_empty() {
        return classify(sub);
    }
    if let Some(m) = mark_kind(top, sub) {
        return Some(Head::ResultMark(m));
    }
    if let Some(h) = classify(&format!("{top}{sub}")) {
        return Some(h);
    }
    let t = normalize_header(top);
    if t.contains("被抽样") || t.contains("受检") {
        return None;
    }
    classify(sub)
}

/// A two-row header column's text for the report.
fn joined_text(top: &str, sub: &str) -> String {
    if sub.is_empty() || sub == top {
        top.to_string()
    } else if top.is_empty() {
        sub.to_string()
    } else {
        format!("{top} {sub}")
    }
}

/// The same header read as a table of `kind` (when the caption or file
/// name says what the columns cannot, e.g. `质量信用AAA级企业名单`).
pub fn as_kind(rows: &[RawRow], h: &Header, kind: Kind) -> Header {
    let heads: Vec<Option<Head>> = if h.top < h.index {
        match two_row_texts(&rows[h.top], &rows[h.index]) {
            Some(texts) => texts.iter().map(|(t, s)| combine(t, s)).collect(),
            None => h.texts.iter().map(|t| classify(t)).collect(),
        }
    } else {
        rows[h.index].cells.iter().map(classify).collect()
    };
    let mut out = resolve(h.index, kind, &heads, h.texts.clone());
    out.top = h.top;
    out
}

/// Scores each fact kind by the columns only it has; the best wins, and a
/// table with no fact columns is an enterprises table.
fn decide_kind(heads: &[Option<Head>]) -> Kind {
    use Field as F;
    let mut score: HashMap<Kind, u32> = HashMap::new();
    let mut add = |k: Kind, w: u32| *score.entry(k).or_default() += w;
    for h in heads.iter().flatten() {
        match h {
            Head::F(F::Scheme | F::Grade) => add(Kind::Grades, 3),
            Head::AmbiguousGrade => add(Kind::Grades, 1),
            Head::F(F::IssuedBy | F::IssuedOn) => add(Kind::Grades, 1),
            Head::F(F::List | F::ListedOn | F::Reason) => add(Kind::Listings, 3),
            Head::F(F::Basis | F::RemovedOn | F::RemovalReason | F::ListedBy | F::RemovedBy) => {
                add(Kind::Listings, 1)
            }
            Head::F(F::Kind | F::Title) => add(Kind::Honours, 3),
            Head::F(F::Level | F::CertificateNo | F::AwardedBy | F::AwardedOn) => {
                add(Kind::Honours, 1)
            }
            Head::F(F::Result | F::FailedItems)
            | Head::ResultMark(_)
            | Head::SampledName
            | Head::ProducerName
            | Head::ProducerUscc => add(Kind::SpotChecks, 3),
            Head::F(
                F::Product
                | F::Model
                | F::Batch
                | F::CheckedBy
                | F::PublishedOn
                | F::Lab
                | F::Programme
                | F::ProductCategory,
            ) => add(Kind::SpotChecks, 1),
            _ => {}
        }
    }
    let order = [
        Kind::Grades,
        Kind::Listings,
        Kind::Honours,
        Kind::SpotChecks,
    ];
    let mut best = (Kind::Enterprises, 0);
    for k in order {
        let s = score.get(&k).copied().unwrap_or(0);
        if s > best.1 {
            best = (k, s);
        }
    }
    best.0
}

/// Gives every column its field for `kind`.
fn resolve(index: usize, kind: Kind, heads: &[Option<Head>], texts: Vec<String>) -> Header {
    let present = |h: Head| heads.contains(&Some(h));
    let has_producer = present(Head::ProducerName);
    let has_producer_uscc = present(Head::ProducerUscc);
    let has_plain_name = present(Head::F(Field::Name));
    let has_main_date = present(Head::MainDate);
    let has_listed_on = present(Head::F(Field::ListedOn));
    let mut fields: Vec<Option<Field>> = Vec::with_capacity(heads.len());
    for h in heads {
        let f = match h {
            None => None,
            Some(Head::F(f)) => Some(*f),
            Some(Head::Authority) => match kind {
                Kind::Grades => Some(Field::IssuedBy),
                Kind::Listings => Some(Field::ListedBy),
                Kind::Honours => Some(Field::AwardedBy),
                Kind::SpotChecks => Some(Field::CheckedBy),
                Kind::Enterprises => None,
            },
            Some(Head::MainDate) => match kind {
                Kind::Grades => Some(Field::IssuedOn),
                Kind::Honours => Some(Field::AwardedOn),
                Kind::SpotChecks => Some(Field::PublishedOn),
                _ => None,
            },
            Some(Head::PublishDate) => match kind {
                Kind::SpotChecks => Some(Field::PublishedOn),
                Kind::Grades if !has_main_date => Some(Field::IssuedOn),
                Kind::Honours if !has_main_date => Some(Field::AwardedOn),
                Kind::Listings if !has_listed_on => Some(Field::ListedOn),
                _ => None,
            },
            Some(Head::Category) => match kind {
                Kind::Listings => Some(Field::List),
                Kind::Honours => Some(Field::Kind),
                Kind::SpotChecks => Some(Field::ProductCategory),
                _ => None,
            },
            Some(Head::AmbiguousGrade) => match kind {
                Kind::Grades => Some(Field::Grade),
                _ => None,
            },
            Some(Head::SampledName) => {
                if kind == Kind::SpotChecks && (has_producer || has_plain_name) {
                    Some(Field::SampledUnit)
                } else {
                    Some(Field::Name)
                }
            }
            Some(Head::ProducerName) => Some(Field::Name),
            Some(Head::ProducerUscc) => Some(Field::Uscc),
            Some(Head::SampledUscc) => None,
            Some(Head::ResultMark(_)) => None,
        };
        // In a table naming both parties, a plain code or name column
        // without a party is the sampled unit's when the producer has its own.
        let f = match (f, h) {
            (Some(Field::Uscc), Some(Head::F(Field::Uscc))) if has_producer_uscc => None,
            (Some(Field::Name), Some(Head::F(Field::Name)))
                if has_producer && kind == Kind::SpotChecks =>
            {
                None
            }
            _ => f,
        };
        fields.push(f.filter(|f| f.allowed(kind)));
    }
    // A second code column: 注册号 beside 统一社会信用代码 is the registration number.
    let mut columns: HashMap<Field, usize, rustc_hash::FxBuildHasher> = HashMap::default();
    for i in 0..fields.len() {
        let Some(f) = fields[i] else { continue };
        if columns.contains_key(&f) {
            let t = normalize_header(&texts[i]);
            if f == Field::Uscc
                && t.contains("注册号")
                && !columns.contains_key(&Field::RegistrationNo)
            {
                fields[i] = Some(Field::RegistrationNo);
                columns.insert(Field::RegistrationNo, i);
            } else if f == Field::Uscc
                && t.contains("组织机构")
                && !columns.contains_key(&Field::OrgCode)
            {
                fields[i] = Some(Field::OrgCode);
                columns.insert(Field::OrgCode, i);
            } else {
                fields[i] = None;
            }
            continue;
        }
        // A column that was matched first by the 注册号 alias while the code
        // column comes later: swap, so the 18-character code is `uscc`.
        if f == Field::Uscc {
            let t = normalize_header(&texts[i]);
            let later_code =
                texts
                    .iter()
                    .skip(i + 1)
                    .zip(heads.iter().skip(i + 1))
                    .any(|(tx, h)| {
                        *h == Some(Head::F(Field::Uscc))
                            && normalize_header(tx).contains("信用代码")
                    });
            if t == "注册号" && later_code {
                fields[i] = Some(Field::RegistrationNo);
                columns.insert(Field::RegistrationNo, i);
                continue;
            }
        }
        columns.insert(f, i);
    }
    let mark = |pass: bool| {
        heads
            .iter()
            .position(|h| *h == Some(Head::ResultMark(pass)))
            .filter(|_| kind == Kind::SpotChecks && !columns.contains_key(&Field::Result))
    };
    let (pass_mark, fail_mark) = (mark(true), mark(false));
    let unknown = texts
        .iter()
        .zip(&fields)
        .enumerate()
        .filter(|(i, _)| Some(*i) != pass_mark && Some(*i) != fail_mark)
        .map(|(_, x)| x)
        .filter(|(t, f)| f.is_none() && !t.is_empty())
        .map(|(t, _)| t.replace(['\n', '\r'], " "))
        .collect();
    let joined: String = texts.iter().map(|t| normalize_header(t)).collect();
    let list_hint = if kind == Kind::Listings {
        list_from_text(&joined)
    } else {
        None
    };
    Header {
        index,
        top: index,
        pass_mark,
        fail_mark,
        kind,
        fields,
        columns,
        unknown,
        list_hint,
        texts,
    }
}

#[cfg(test)]
mod tests;
