//! Fictional enterprise names: pools filtered for unambiguous pinyin, name
//! parts, look-alike siblings, and the pinyin/traditional forms the search
//! ground truth needs.

use super::rng::Rng;
use super::vocab::{HOMOPHONES, INDUSTRIES, MODIFIERS, PLACE_FIRST, PLACE_SECOND, SUFFIXES};
use pinyin::{ToPinyin, ToPinyinMulti};
use std::sync::OnceLock;

/// The filtered word pools.
pub struct Pools {
    /// Homophone groups with only single-reading characters.
    pub groups: Vec<Vec<char>>,
    /// Every core character with its group.
    pub core: Vec<(char, usize)>,
    /// Fictional places (two characters).
    pub places: Vec<[char; 2]>,
}

/// True when every reading of `c` has the same toneless pinyin, so its pinyin is unambiguous.
pub fn single_reading(c: char) -> bool {
    match c.to_pinyin_multi() {
        None => false,
        Some(m) => {
            let first = m.get(0).plain();
            m.into_iter().all(|p| p.plain() == first)
        }
    }
}

/// The pools, built once.
pub fn pools() -> &'static Pools {
    static POOLS: OnceLock<Pools> = OnceLock::new();
    POOLS.get_or_init(|| {
        let mut groups = Vec::new();
        for g in HOMOPHONES {
            let chars: Vec<char> = g.chars().filter(|&c| single_reading(c)).collect();
            // Keep only the characters that really share the group's pinyin.
            let Some(head) = chars.first().and_then(|c| c.to_pinyin()).map(|p| p.plain()) else {
                continue;
            };
            let chars: Vec<char> = chars
                .into_iter()
                .filter(|c| c.to_pinyin().map(|p| p.plain()) == Some(head))
                .collect();
            if !chars.is_empty() {
                groups.push(chars);
            }
        }
        let core = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| g.iter().map(move |&c| (c, gi)))
            .collect();
        let mut places = Vec::new();
        for (i, &a) in PLACE_FIRST.iter().enumerate() {
            for (j, &b) in PLACE_SECOND.iter().enumerate() {
                // About a quarter of the combinations: enough places for
                // authorities to repeat, as real bureaus do.
                if (i * 7 + j * 3) % 4 == 0 && single_reading(a) && single_reading(b) {
                    places.push([a, b]);
                }
            }
        }
        Pools {
            groups,
            core,
            places,
        }
    })
}

/// The parts an enterprise name is assembled from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameParts {
    pub place: u16,
    pub core: [char; 2],
    pub industry: u8,
    pub word: u8,
    pub modifier: Option<u8>,
    pub suffix: u8,
}

impl NameParts {
    /// A fresh random name.
    pub fn random(rng: &mut Rng) -> NameParts {
        let p = pools();
        // Group heads are the common spellings; look-alike characters are
        // rarer in first names than in imitators'.
        let core_char = |rng: &mut Rng| {
            let g = &p.groups[rng.below(p.groups.len())];
            if rng.chance(0.75) {
                g[0]
            } else {
                g[rng.below(g.len())]
            }
        };
        let a = core_char(rng);
        let mut b = core_char(rng);
        while b == a {
            b = core_char(rng);
        }
        let industry = rng.below(INDUSTRIES.len()) as u8;
        let word = rng.below(INDUSTRIES[industry as usize].words.len()) as u8;
        let modifier = rng.chance(0.12).then(|| rng.below(MODIFIERS.len()) as u8);
        let weights: Vec<u32> = SUFFIXES.iter().map(|s| s.1).collect();
        NameParts {
            place: rng.below(p.places.len()) as u16,
            core: [a, b],
            industry,
            word,
            modifier,
            suffix: rng.weighted(&weights) as u8,
        }
    }

    /// A look-alike of `self`: a homophone swapped into the core word (银康 →
    /// 银糠), the same core in another line of business, or another company
    /// form. `None` when the chosen variant is not possible.
    pub fn sibling(&self, rng: &mut Rng) -> Option<NameParts> {
        let p = pools();
        let mut s = *self;
        match rng.below(10) {
            0..=5 => {
                let pos = rng.below(2);
                let gi = p.core.iter().find(|(c, _)| *c == self.core[pos])?.1;
                let g = &p.groups[gi];
                let others: Vec<char> =
                    g.iter().copied().filter(|&c| c != self.core[pos]).collect();
                if others.is_empty() {
                    return None;
                }
                s.core[pos] = *rng.pick(&others);
                if s.core[0] == s.core[1] {
                    return None;
                }
            }
            6 | 7 => {
                s.industry = rng.below(INDUSTRIES.len()) as u8;
                s.word = rng.below(INDUSTRIES[s.industry as usize].words.len()) as u8;
            }
            _ => {
                s.modifier = match self.modifier {
                    Some(_) => None,
                    None => Some(rng.below(MODIFIERS.len()) as u8),
                };
            }
        }
        (s != *self).then_some(s)
    }

    /// A former name: the same enterprise under another core word or company form.
    pub fn former(&self, rng: &mut Rng) -> NameParts {
        let mut f = *self;
        if rng.chance(0.5) {
            let fresh = NameParts::random(rng);
            f.core = fresh.core;
        } else {
            // Factories became companies: 厂 → 有限公司 and the like.
            f.suffix = if self.suffix == 3 { 0 } else { 3 };
        }
        f
    }

    /// The place name (two characters).
    pub fn place_name(&self) -> String {
        pools().places[self.place as usize].iter().collect()
    }

    /// The full name.
    pub fn render(&self) -> String {
        let ind = &INDUSTRIES[self.industry as usize];
        let mut s = String::with_capacity(40);
        s.extend(pools().places[self.place as usize]);
        s.extend(self.core);
        s.push_str(ind.words[self.word as usize]);
        if let Some(m) = self.modifier {
            s.push_str(MODIFIERS[m as usize]);
        }
        s.push_str(SUFFIXES[self.suffix as usize].0);
        s
    }
}

/// Toneless pinyin of every character, concatenated (`None` if a character has none).
pub fn pinyin_full(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        out.push_str(c.to_pinyin()?.plain());
    }
    Some(out)
}

/// First letters of every character's pinyin (`None` if a character has none).
pub fn pinyin_initials(s: &str) -> Option<String> {
    let mut out = String::new();
    for c in s.chars() {
        out.push_str(c.to_pinyin()?.first_letter());
    }
    Some(out)
}

/// A 64-bit hash of a string (FNV-1a then mixed); used only for membership,
/// never for output order.
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    super::rng::mix(h)
}

/// A hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Builds [`IdHasher`]s.
pub type IdBuild = std::hash::BuildHasherDefault<IdHasher>;
