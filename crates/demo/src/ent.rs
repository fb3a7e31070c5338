//! Fictional enterprises: unique names (with look-alike siblings and former
//! names), valid codes, registration numbers, brands.

use super::codes;
use super::names::{hash_str, pools, IdBuild, NameParts};
use super::rng::{mix, Rng};
use super::vocab::{BRAND_CHARS, INDUSTRIES, PROVINCE_CODES, ROADS};
use std::collections::{HashMap, HashSet, VecDeque};
use zhixin_core::Day;

/// Random streams, one per purpose, so that adding a draw to one purpose does
/// not change the values of another.
pub const STREAM_ENT: u64 = 1;
pub const STREAM_FACTS: u64 = 2;
pub const STREAM_ROUTE: u64 = 3;
pub const STREAM_TRUTH: u64 = 4;
pub const STREAM_PLACE: u64 = 5;

/// One fictional enterprise.
#[derive(Clone, Debug)]
pub struct Ent {
    pub idx: u32,
    pub uscc: String,
    pub name: String,
    pub parts: NameParts,
    pub former_names: Vec<String>,
    /// Index into `PROVINCE_CODES`.
    pub province: usize,
    pub status: &'static str,
    pub established_on: Day,
    pub address: String,
    pub registration_no: Option<String>,
    pub org_code: Option<String>,
    pub brand: Option<String>,
}

impl Ent {
    pub fn industry(&self) -> &'static super::vocab::Industry {
        &INDUSTRIES[self.parts.industry as usize]
    }

    pub fn place(&self) -> String {
        self.parts.place_name()
    }
}

/// Registration statuses with weights.
const STATUSES: &[(&str, u32)] = &[
    ("存续", 86),
    ("在业", 9),
    ("注销", 2),
    ("吊销", 2),
    ("迁出", 1),
];

/// Draws enterprises one after another, keeping names and codes unique.
pub struct Generator {
    seed: u64,
    as_of: Day,
    /// Hash of every current and former name → owner index (bit 31 set for a former name).
    pub names: HashMap<u64, u32, IdBuild>,
    /// Every code issued.
    pub codes: HashSet<[u8; 18]>,
    recent: VecDeque<NameParts>,
    /// Registration numbers issued, so none repeats.
    reg_nos: HashSet<u64, IdBuild>,
}

/// Flag on a `names` value marking a former name.
pub const FORMER: u32 = 1 << 31;

impl Generator {
    pub fn new(seed: u64, as_of: Day) -> Generator {
        Generator {
            seed,
            as_of,
            names: HashMap::default(),
            codes: HashSet::new(),
            recent: VecDeque::new(),
            reg_nos: HashSet::default(),
        }
    }

    /// The province (index into `PROVINCE_CODES`) and city digits of a place:
    /// fixed per seed, so a place's enterprises share a division prefix.
    pub fn place_division(&self, place: u16) -> (usize, u8) {
        let h = mix(self.seed ^ mix(STREAM_PLACE) ^ place as u64);
        (
            (h % PROVINCE_CODES.len() as u64) as usize,
            1 + ((h >> 20) % 12) as u8,
        )
    }

    fn name_free(&self, name: &str) -> bool {
        !self.names.contains_key(&hash_str(name))
    }

    /// Claims a name that is not yet taken by a special row (bad or XSS rows).
    pub fn claim_name(&mut self, name: &str, idx: u32) {
        self.names.insert(hash_str(name), idx);
    }

    /// The next enterprise, number `idx`.
    pub fn next(&mut self, idx: u32) -> Ent {
        let mut rng = Rng::for_item(self.seed, STREAM_ENT, idx as u64);
        let mut parts = None;
        if !self.recent.is_empty() && rng.chance(0.07) {
            let base = self.recent[rng.below(self.recent.len())];
            if let Some(s) = base.sibling(&mut rng) {
                if self.name_free(&s.render()) {
                    parts = Some(s);
                }
            }
        }
        let parts = match parts {
            Some(p) => p,
            None => {
                let mut p = NameParts::random(&mut rng);
                let mut tries = 0;
                while !self.name_free(&p.render()) && tries < 50 {
                    p = NameParts::random(&mut rng);
                    tries += 1;
                }
                p
            }
        };
        let mut name = parts.render();
        if !self.name_free(&name) {
            // Practically unreachable (the name space is far larger than any
            // count); keeps names unique whatever happens.
            name = format!("{}（{}）", name, idx);
        }
        self.names.insert(hash_str(&name), idx);
        self.recent.push_back(parts);
        if self.recent.len() > 64 {
            self.recent.pop_front();
        }

        let (province, city) = self.place_division(parts.place);
        let district = rng.below(9) as u8;
        let division = format!("{}{:02}{:02}", PROVINCE_CODES[province], city, district);
        let established_on = self.as_of.add_days(-(rng.range(90, 30 * 365) as i32));
        let newer = established_on >= Day::from_ymd(2015, 10, 1).unwrap_or(self.as_of);
        let org_mismatch = !newer && rng.chance(0.04);
        let mut uscc = codes::uscc(&mut rng, &division, newer, org_mismatch);
        while !self
            .codes
            .insert(uscc.as_bytes().try_into().unwrap_or([0; 18]))
        {
            uscc = codes::uscc(&mut rng, &division, newer, org_mismatch);
        }
        let (registration_no, org_code) = if newer {
            (None, None)
        } else {
            let mut r = codes::registration_no(&mut rng, &division);
            while !self.reg_nos.insert(hash_str(&r)) {
                r = codes::registration_no(&mut rng, &division);
            }
            (Some(r), Some(codes::org_code(&uscc)))
        };

        let mut former_names = Vec::new();
        let n_former = if rng.chance(0.14) {
            1 + rng.chance(0.2) as usize
        } else {
            0
        };
        for _ in 0..n_former {
            let f = parts.former(&mut rng).render();
            if f != name && self.name_free(&f) {
                self.names.insert(hash_str(&f), idx | FORMER);
                former_names.push(f);
            }
        }

        let brand = rng.chance(0.12).then(|| {
            // Mostly three characters: two-character brands would be shared by
            // dozens of enterprises in a large registry.
            let n = if rng.chance(0.1) { 2 } else { 3 };
            (0..n).map(|_| *rng.pick(BRAND_CHARS)).collect::<String>()
        });
        let weights: Vec<u32> = STATUSES.iter().map(|s| s.1).collect();
        let status = STATUSES[rng.weighted(&weights)].0;
        let place = pools().places[parts.place as usize]
            .iter()
            .collect::<String>();
        let address = format!(
            "{place}市{}城区{}路{}号",
            ["东", "西", "南", "北", "中", "新"][rng.below(6)],
            rng.pick(ROADS),
            1 + rng.below(300)
        );
        Ent {
            idx,
            uscc,
            name,
            parts,
            former_names,
            province,
            status,
            established_on,
            address,
            registration_no,
            org_code,
            brand,
        }
    }
}

impl Generator {
    /// A registration number no enterprise has (for a row that must be rejected).
    pub fn unknown_reg_no(&mut self, rng: &mut Rng) -> String {
        loop {
            let r = codes::registration_no(rng, "350200");
            if self.reg_nos.insert(hash_str(&r)) {
                return r;
            }
        }
    }

    /// A valid code no enterprise has.
    pub fn fresh_code(&mut self, rng: &mut Rng) -> String {
        loop {
            let c = codes::uscc(rng, "330100", true, false);
            if !self
                .codes
                .contains(&c.as_bytes().try_into().unwrap_or([0; 18]))
            {
                return c;
            }
        }
    }
}
