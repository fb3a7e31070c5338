//! Pinyin queries: the syllable inventory, segmentation of typed letters
//! into syllables, and the term spellings shared with the compiler.
//!
//! The compiler computes each name's pinyin with the `pinyin` crate at build
//! time (every reading of a polyphonic character); the app never needs a
//! character → pinyin table, only this list of about 400 syllables to split
//! `qingdaoyinkang` into `qing dao yin kang`.

use crate::StableSort;

/// Toneless syllables, `ü` written `v` as on Chinese keyboards. Single
/// consonants (m, n, ng, hm) are left out: they would let almost any string
/// of letters be split.
const SYLLABLES: &str = "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo";

/// True when `s` is a syllable.
pub fn is_syllable(s: &str) -> bool {
    SYLLABLES.split(' ').any(|x| x == s)
}

/// True when `s` begins some syllable.
fn is_syllable_prefix(s: &str) -> bool {
    SYLLABLES.split(' ').any(|x| x.starts_with(s))
}

/// The spelling of a syllable as indexed: `ü` as `v`, lower case.
pub fn syllable_key(plain: &str) -> String {
    plain
        .chars()
        .map(|c| if c == 'ü' { 'v' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// The term for two adjacent syllables.
pub fn pair_term(a: &str, b: &str) -> String {
    format!("{a}'{b}")
}

/// Characters of a name its pinyin start keys spell (the compiler's
/// `START_CHARS`).
pub const START_KEY_CHARS: usize = 8;

/// Length of the initials n-grams indexed.
pub const INITIALS_N: usize = 3;

/// Initials are looked up for up to this many letters that could also be
/// syllables (`xian`); longer ones are pinyin.
pub const PREFIX_MAX: usize = 6;

/// The term for a name (or trade name) beginning with `c`: what a
/// one-character query looks up.
pub fn first_char_term(c: char) -> String {
    format!("^{c}")
}

/// The term for a name starting with `a` and `b`: `^银康`.
pub fn start_bigram_term(a: char, b: char) -> String {
    format!("^{a}{b}")
}

/// The term for a trade name starting with `a` and `b` (the name after its
/// place prefix, 市 and district; the whole name without one): `^^银康`. A
/// trade name typed alone or spoken (银康公司) finds its names through it
/// when its bigram is shared by too many names to list.
pub fn trade_start_term(a: char, b: char) -> String {
    format!("^^{a}{b}")
}

/// The trade name's first two characters with the name's company form
/// (`^^银康~股份有限公司`): a name typed with its form but not its place
/// (银康食品股份有限公司) finds first, among the many names holding its trade
/// name, those with the form typed (the form is evidence).
pub fn trade_form_term(a: char, b: char, form: &str) -> String {
    format!("^^{a}{b}~{form}")
}

/// The term for a whole brand (normalised): `=光耀`.
pub fn exact_term(text: &str) -> String {
    format!("={text}")
}

/// The term for a character `c` after the place prefix `place` in a name:
/// `@青岛康`. A name typed with one wrong character still holds most of
/// these, so they tell it from the many names sharing one intact bigram.
pub fn place_char_term(place: &str, c: char) -> String {
    format!("@{place}{c}")
}

/// The term for two characters of a name with one between them (`银_食`):
/// a name typed with one character wrong still holds the skip-bigram
/// around it, which tells it from names sharing only its bigrams.
pub fn skip_term(a: char, c: char) -> String {
    format!("{a}_{c}")
}

/// The skip-bigrams of `s`, in order.
pub fn skip_terms(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(3).map(|w| skip_term(w[0], w[2])).collect()
}

/// The splits of lower-case ASCII `s` into syllables, fewest syllables
/// first, at most `max` of them. The last piece may be the beginning of a
/// syllable (the person is still typing); the flag says so.
pub fn segmentations(s: &str, max: usize) -> Vec<(Vec<String>, bool)> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase()) || s.len() > 60 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cur = Vec::new();
    split(s, &mut cur, &mut out, max * 4);
    out.stable_sort_by_key(|(v, partial): &(Vec<String>, bool)| (v.len(), *partial));
    out.truncate(max);
    out
}

fn split(rest: &str, cur: &mut Vec<String>, out: &mut Vec<(Vec<String>, bool)>, cap: usize) {
    if out.len() >= cap {
        return;
    }
    if rest.is_empty() {
        out.push((cur.clone(), false));
        return;
    }
    // Longest syllables first, so the natural split is found early.
    for len in (1..=rest.len().min(6)).rev() {
        let head = &rest[..len];
        if is_syllable(head) {
            cur.push(head.to_string());
            split(&rest[len..], cur, out, cap);
            cur.pop();
        }
    }
    if rest.len() <= 5 && !is_syllable(rest) && is_syllable_prefix(rest) {
        cur.push(rest.to_string());
        out.push((cur.clone(), true));
        cur.pop();
    }
}

/// `rest` (a name after its place) without a leading 市 (县, 区, 旗: the
/// place's own) and a district (one to three characters then 区, 县 or 旗)
/// when more follows:
/// `市顺德区美达家具` → `美达家具`; `rest` itself when it has neither. The
/// trade name starts there, for the index's keys and the query's scoring.
pub fn after_district(rest: &str) -> &str {
    // The place's own 市, 县, 区 or 旗 (宁波市, 德清县).
    let s = match rest.chars().next() {
        Some(c @ ('市' | '县' | '区' | '旗')) if rest.chars().nth(1).is_some() => {
            &rest[c.len_utf8()..]
        }
        _ => rest,
    };
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate().take(4).skip(1) {
        if matches!(c, '区' | '县' | '旗') {
            // The district needs something after it to be a district.
            if k + 2 < chars.len() {
                return &s[i + c.len_utf8()..];
            }
            break;
        }
    }
    s
}

/// Each character's toneless readings, most common first, for the characters
/// of a registry's names (the `sounds` chunk, `Meta::sounds`): what tells a
/// name typed with a homophone (迅伟 for 迅威, the slip a pinyin keyboard
/// makes) from the names one other character off, and spells a query's
/// pinyin to look up the names that sound as typed. Fetched only for a query
/// no name contains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sounds {
    /// Syllables, each once.
    syllables: Vec<String>,
    /// (character, index in `syllables`), sorted by character, each
    /// character's most common reading first.
    readings: Vec<(char, u16)>,
}

impl Sounds {
    /// A table from each character's readings (most common first).
    pub fn from_readings<I, R>(chars: I) -> Sounds
    where
        I: IntoIterator<Item = (char, R)>,
        R: IntoIterator<Item = String>,
    {
        let mut syllables: Vec<String> = Vec::new();
        let mut readings = Vec::new();
        for (c, rs) in chars {
            for r in rs {
                if r.is_empty() || r.contains(char::is_whitespace) || r.starts_with('~') {
                    continue;
                }
                let i = match syllables.iter().position(|s| *s == r) {
                    Some(i) => i,
                    None => {
                        syllables.push(r);
                        syllables.len() - 1
                    }
                };
                if let Ok(i) = u16::try_from(i) {
                    if !readings.contains(&(c, i)) {
                        readings.push((c, i));
                    }
                }
            }
        }
        // Stable: each character's readings stay in their order.
        readings.stable_sort_by_key(|&(c, _)| c);
        Sounds {
            syllables,
            readings,
        }
    }

    /// The chunk encoding: one line per syllable, the syllable, a space and
    /// the characters whose most common reading it is (`wei 威伟维`); then
    /// lines `~syllable characters` for rarer readings (`~hang 行`).
    pub fn to_chunk_string(&self) -> String {
        let mut lines: Vec<(bool, &str, String)> = Vec::new();
        let mut prev: Option<char> = None;
        for &(c, i) in &self.readings {
            let rarer = prev == Some(c);
            prev = Some(c);
            let syl = self.syllables[usize::from(i)].as_str();
            match lines.iter_mut().find(|(r, s, _)| *r == rarer && *s == syl) {
                Some((_, _, cs)) => cs.push(c),
                None => lines.push((rarer, syl, c.to_string())),
            }
        }
        lines.stable_sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut out = String::new();
        for (rarer, syl, cs) in lines {
            if rarer {
                out.push('~');
            }
            out.push_str(syl);
            out.push(' ');
            out.push_str(&cs);
            out.push('\n');
        }
        out
    }

    /// Reads [`Sounds::to_chunk_string`]'s encoding (lines it cannot read are skipped).
    pub fn from_chunk_string(s: &str) -> Sounds {
        let mut per: Vec<(char, bool, String)> = Vec::new();
        for line in s.lines() {
            let Some((syl, cs)) = line.split_once(' ') else {
                continue;
            };
            let (rarer, syl) = match syl.strip_prefix('~') {
                Some(s) => (true, s),
                None => (false, syl),
            };
            if syl.is_empty() || !syl.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            per.extend(cs.chars().map(|c| (c, rarer, syl.to_string())));
        }
        // Each character's most common reading first.
        per.stable_sort_by_key(|(c, rarer, _)| (*c, *rarer));
        Sounds::from_readings(per.into_iter().map(|(c, _, s)| (c, [s])))
    }

    /// The readings of `c`, most common first (empty when the table lacks it).
    pub fn of(&self, c: char) -> impl Iterator<Item = &str> {
        let from = self.readings.partition_point(|&(x, _)| x < c);
        self.readings[from..]
            .iter()
            .take_while(move |&&(x, _)| x == c)
            .map(|&(_, i)| self.syllables[usize::from(i)].as_str())
    }

    /// True when `a` and `b` are different characters that share a reading.
    pub fn alike(&self, a: char, b: char) -> bool {
        a != b && self.of(a).any(|x| self.of(b).any(|y| x == y))
    }

    /// `text` in pinyin, each character in its most common reading; `None`
    /// when the table lacks one of its characters.
    pub fn spell(&self, text: &str) -> Option<String> {
        text.chars().map(|c| self.of(c).next()).collect()
    }

    /// Bytes the table holds.
    pub fn heap_bytes(&self) -> usize {
        self.readings.capacity() * std::mem::size_of::<(char, u16)>()
            + self
                .syllables
                .iter()
                .map(|s| s.capacity() + std::mem::size_of::<String>())
                .sum::<usize>()
    }
}
