//! The result cards ([`Card`]) and their chunks (`card/…`, JSON lines).

use super::json::{self, Json};
use super::{corrupt, FormatError};
use crate::day::Day;
use crate::model::{Enterprise, Grade, Honour, HonourKind, ListKind, Listing, Scheme, Source};
use crate::status::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A listing on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardListing {
    pub list: ListKind,
    pub listed_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_on: Option<Day>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub annulled: bool,
}

/// A grade on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardGrade {
    pub scheme: Scheme,
    pub grade: String,
    pub issued_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
}

/// An honour on a card: what the time rules need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHonour {
    pub kind: HonourKind,
    pub awarded_on: Day,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Day>,
    /// An abolished China Top Brand title (never current).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub abolished: bool,
}

impl CardListing {
    fn read(j: &mut Json<'_>) -> Result<CardListing, FormatError> {
        let (mut list, mut listed_on, mut removed_on, mut annulled) = (None, None, None, false);
        j.object(&mut |j, key| {
            match key {
                "list" => list = Some(json::vocabulary(j, ListKind::ALL, ListKind::id)?),
                "listed_on" => listed_on = Some(json::day(j)?),
                "removed_on" => removed_on = json::opt_day(j)?,
                "annulled" => annulled = j.bool()?,
                _ => j.skip()?,
            }
            Ok(())
        })?;
        Ok(CardListing {
            list: list.ok_or_else(|| missing("list"))?,
            listed_on: listed_on.ok_or_else(|| missing("listed_on"))?,
            removed_on,
            annulled,
        })
    }
}

impl CardGrade {
    fn read(j: &mut Json<'_>) -> Result<CardGrade, FormatError> {
        let (mut scheme, mut grade, mut issued_on) = (None, None, None);
        let (mut valid_from, mut valid_until) = (None, None);
        j.object(&mut |j, key| {
            match key {
                "scheme" => scheme = Some(json::vocabulary(j, Scheme::ALL, Scheme::id)?),
                "grade" => grade = Some(j.string()?),
                "issued_on" => issued_on = Some(json::day(j)?),
                "valid_from" => valid_from = json::opt_day(j)?,
                "valid_until" => valid_until = json::opt_day(j)?,
                _ => j.skip()?,
            }
            Ok(())
        })?;
        Ok(CardGrade {
            scheme: scheme.ok_or_else(|| missing("scheme"))?,
            grade: grade.ok_or_else(|| missing("grade"))?,
            issued_on: issued_on.ok_or_else(|| missing("issued_on"))?,
            valid_from,
            valid_until,
        })
    }
}

impl CardHonour {
    fn read(j: &mut Json<'_>) -> Result<CardHonour, FormatError> {
        let (mut kind, mut awarded_on, mut valid_until, mut abolished) = (None, None, None, false);
        j.object(&mut |j, key| {
            match key {
                "kind" => kind = Some(json::vocabulary(j, HonourKind::ALL, HonourKind::id)?),
                "awarded_on" => awarded_on = Some(json::day(j)?),
                "valid_until" => valid_until = json::opt_day(j)?,
                "abolished" => abolished = j.bool()?,
                _ => j.skip()?,
            }
            Ok(())
        })?;
        Ok(CardHonour {
            kind: kind.ok_or_else(|| missing("kind"))?,
            awarded_on: awarded_on.ok_or_else(|| missing("awarded_on"))?,
            valid_until,
            abolished,
        })
    }
}

/// A required field that a card's JSON lacks.
fn missing(field: &str) -> FormatError {
    corrupt(format_args!("missing field `{field}`"))
}

/// What a search result or roll entry shows of an enterprise (`card/…`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub uscc: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brands: Vec<String>,
    /// Region as published (the app derives one from the code otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<CardListing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grades: Vec<CardGrade>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub honours: Vec<CardHonour>,
}

impl Card {
    /// The card of an enterprise.
    pub fn from_enterprise(e: &Enterprise) -> Card {
        Card {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            former_names: e.former_names.clone(),
            brands: e.brands.clone(),
            region: e.region.clone(),
            industry: e.industry.clone(),
            listings: e
                .listings
                .iter()
                .map(|l| CardListing {
                    list: l.list,
                    listed_on: l.listed_on,
                    removed_on: l.removed_on,
                    annulled: l.annulled,
                })
                .collect(),
            grades: e
                .grades
                .iter()
                .map(|g| CardGrade {
                    scheme: g.scheme,
                    grade: g.grade.clone(),
                    issued_on: g.issued_on,
                    valid_from: g.valid_from,
                    valid_until: g.valid_until,
                })
                .collect(),
            honours: e
                .honours
                .iter()
                .map(|h| CardHonour {
                    kind: h.kind,
                    awarded_on: h.awarded_on,
                    valid_until: h.valid_until,
                    abolished: h.abolished,
                })
                .collect(),
        }
    }

    /// The enterprise as far as the card knows it: the facts with their
    /// dates and flags and no texts, which is all the time rules read.
    /// Going through [`Status::of`] keeps one implementation of the rules.
    fn skeleton(&self) -> Enterprise {
        let src = Source::default();
        Enterprise {
            uscc: self.uscc.clone(),
            name: self.name.clone(),
            listings: self
                .listings
                .iter()
                .map(|l| Listing {
                    removed_on: l.removed_on,
                    annulled: l.annulled,
                    ..Listing::new(l.list, l.listed_on, "", "", src.clone())
                })
                .collect(),
            grades: self
                .grades
                .iter()
                .enumerate()
                .map(|(i, g)| Grade {
                    scheme: g.scheme,
                    grade: g.grade.clone(),
                    issued_by: String::new(),
                    issued_on: g.issued_on,
                    valid_until: g.valid_until,
                    valid_from: g.valid_from,
                    note: None,
                    // The row orders same-day grades as the record does.
                    source: Source {
                        row: i as u32,
                        ..Source::default()
                    },
                })
                .collect(),
            honours: self
                .honours
                .iter()
                .map(|h| Honour {
                    kind: h.kind,
                    title: String::new(),
                    awarded_by: String::new(),
                    awarded_on: h.awarded_on,
                    valid_until: h.valid_until,
                    product: None,
                    brand: None,
                    level: None,
                    certificate_no: None,
                    abolished: h.abolished,
                    source: src.clone(),
                })
                .collect(),
            ..Enterprise::default()
        }
    }

    /// A card from its JSON (a card chunk's line, as serde writes it), by
    /// the hand-written reader of [`super::json`]: the search engine part
    /// holds no serde decoder (issue #18). Unknown keys are skipped and a
    /// missing required field is an error, as with serde's derive.
    pub fn from_json(line: &[u8]) -> Result<Card, FormatError> {
        let mut j = Json::new(line);
        let card = Card::read(&mut j)?;
        j.end()?;
        Ok(card)
    }

    /// A card's object at the reader's position.
    pub(crate) fn read(j: &mut Json<'_>) -> Result<Card, FormatError> {
        let mut c = Card::default();
        let (mut uscc, mut name) = (None, None);
        j.object(&mut |j, key| {
            match key {
                "uscc" => uscc = Some(j.string()?),
                "name" => name = Some(j.string()?),
                "former_names" => c.former_names = j.strings()?,
                "brands" => c.brands = j.strings()?,
                "region" => c.region = j.opt_string()?,
                "industry" => c.industry = j.opt_string()?,
                "listings" => j.array(&mut |j, _| {
                    c.listings.push(CardListing::read(j)?);
                    Ok(())
                })?,
                "grades" => j.array(&mut |j, _| {
                    c.grades.push(CardGrade::read(j)?);
                    Ok(())
                })?,
                "honours" => j.array(&mut |j, _| {
                    c.honours.push(CardHonour::read(j)?);
                    Ok(())
                })?,
                _ => j.skip()?,
            }
            Ok(())
        })?;
        c.uscc = uscc.ok_or_else(|| missing("uscc"))?;
        c.name = name.ok_or_else(|| missing("name"))?;
        Ok(c)
    }

    /// The status on `day` by the core's time rules (`current_grades`
    /// indexes `self.grades`).
    pub fn status(&self, day: Day) -> Status {
        Status::of(&self.skeleton(), day)
    }

    /// The current grade per scheme on `day`.
    pub fn current_grades(&self, day: Day) -> BTreeMap<Scheme, String> {
        self.status(day)
            .current_grades
            .into_iter()
            .map(|(s, i)| (s, self.grades[i].grade.clone()))
            .collect()
    }
}

/// A card chunk (`card/…`): the cards of docs `first_doc ..`.
///
/// Encoded as JSON lines: `{"first_doc":N}` then one card per line, so a
/// search decodes only the lines of the cards it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardShard {
    pub first_doc: u32,
    pub cards: Vec<Card>,
}

#[derive(Serialize)]
struct CardHeader {
    first_doc: u32,
}

impl CardShard {
    /// The JSON-lines encoding.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec(&CardHeader {
            first_doc: self.first_doc,
        })
        .unwrap_or_default();
        for c in &self.cards {
            out.push(b'\n');
            out.extend(serde_json::to_vec(c).unwrap_or_default());
        }
        out
    }

    /// Reads the JSON-lines encoding (with the hand-written reader of
    /// [`Card::from_json`]).
    pub fn decode(bytes: &[u8]) -> Result<CardShard, FormatError> {
        let mut lines = bytes.split(|&b| b == b'\n');
        let first_doc = CardShard::first_doc_of(lines.next().unwrap_or_default())?;
        let cards = lines.map(Card::from_json).collect::<Result<_, _>>()?;
        Ok(CardShard { first_doc, cards })
    }

    /// The first doc of a chunk from its header line.
    pub fn first_doc_of(header: &[u8]) -> Result<u32, FormatError> {
        let mut j = Json::new(header);
        let mut first = None;
        j.object(&mut |j, key| {
            if key == "first_doc" {
                first = Some(j.u32()?);
                Ok(())
            } else {
                j.skip()
            }
        })?;
        j.end()?;
        first.ok_or_else(|| corrupt("missing field `first_doc`"))
    }

    /// A card from its line in a chunk.
    pub fn card_of_line(line: &[u8]) -> Result<Card, FormatError> {
        Card::from_json(line)
    }

    /// The card of doc `doc`, if this shard holds it.
    pub fn get(&self, doc: u32) -> Option<&Card> {
        self.cards.get(doc.checked_sub(self.first_doc)? as usize)
    }
}
