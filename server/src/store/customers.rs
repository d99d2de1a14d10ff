//! Customers on disk, with the indexes that make "华为" find
//! "深圳华为技术有限公司" and the last digits of a phone find its contact.

use super::{IndexDef, IndexKey, Record, RecordMeta, Store, StoreError, TableDef};
use serde::{Deserialize, Serialize};
use servicebook_shared::customers::{Contact, Customer, Site, Tier};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRecord {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub name: String,
    pub industry: String,
    pub tier: Tier,
    pub notes: String,
    pub sales_owner_id: Option<u64>,
    pub contacts: Vec<Contact>,
    pub sites: Vec<Site>,
}

pub static CUSTOMERS: TableDef = TableDef {
    name: "customers",
    indexes: &[
        // Every character and every pair of neighbouring characters of the
        // name and the contacts' names, case-folded.
        IndexDef {
            name: "by_gram",
            unique: false,
            field: "name",
        },
        // Each contact phone's digits, reversed: a prefix scan finds a
        // number by its last digits.
        IndexDef {
            name: "by_phone",
            unique: false,
            field: "contacts",
        },
    ],
};

/// Phone suffixes shorter than this match too much to be useful.
pub const MIN_PHONE_DIGITS: usize = 3;

impl Record for CustomerRecord {
    const TABLE: &'static TableDef = &CUSTOMERS;
    fn meta(&self) -> &RecordMeta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut RecordMeta {
        &mut self.meta
    }
    fn index_keys(&self) -> Vec<IndexKey> {
        let mut grams = BTreeSet::new();
        for text in std::iter::once(&self.name).chain(self.contacts.iter().map(|c| &c.name)) {
            grams.extend(grams_of(text));
        }
        let phones: BTreeSet<Vec<u8>> = self
            .contacts
            .iter()
            .map(|c| reversed_digits(&c.phone))
            .filter(|d| !d.is_empty())
            .collect();
        grams
            .into_iter()
            .map(|g| IndexKey {
                index: "by_gram",
                key: g.into_bytes(),
            })
            .chain(phones.into_iter().map(|p| IndexKey {
                index: "by_phone",
                key: p,
            }))
            .collect()
    }
}

/// Lower-cased characters and neighbouring pairs, whitespace dropped.
pub fn grams_of(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\0')
        .collect();
    let mut out: BTreeSet<String> = chars.iter().map(|c| c.to_string()).collect();
    out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
    out
}

pub fn reversed_digits(phone: &str) -> Vec<u8> {
    phone.bytes().filter(u8::is_ascii_digit).rev().collect()
}

impl CustomerRecord {
    pub fn to_wire(&self) -> Customer {
        Customer {
            id: self.meta.id,
            version: self.meta.version,
            created_at: self.meta.created_at.to_rfc3339(),
            updated_at: self.meta.updated_at.to_rfc3339(),
            name: self.name.clone(),
            industry: self.industry.clone(),
            tier: self.tier,
            notes: self.notes.clone(),
            sales_owner_id: self.sales_owner_id,
            contacts: self.contacts.clone(),
            sites: self.sites.clone(),
        }
    }

    /// Whether the record really matches `query` (the indexes only narrow
    /// the candidates).
    pub fn matches(&self, query: &str) -> bool {
        let q: String = query
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let squeeze = |s: &str| {
            s.to_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        };
        let digits: Vec<u8> = reversed_digits(query);
        squeeze(&self.name).contains(&q)
            || self.contacts.iter().any(|c| squeeze(&c.name).contains(&q))
            || (digits.len() >= MIN_PHONE_DIGITS
                && digits.len() == query.bytes().filter(|b| !b" +-()".contains(b)).count()
                && self
                    .contacts
                    .iter()
                    .any(|c| reversed_digits(&c.phone).starts_with(&digits)))
    }
}

impl Store {
    /// Customers whose name or contact name contains `query`, or whose
    /// contact phone ends with it; in id order after `after`.
    pub fn search_customers(
        &self,
        query: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<(Vec<CustomerRecord>, Option<u64>), StoreError> {
        let grams: Vec<String> = {
            let chars: Vec<char> = query
                .to_lowercase()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if chars.len() == 1 {
                vec![chars[0].to_string()]
            } else {
                chars
                    .windows(2)
                    .map(|w| w.iter().collect())
                    .collect::<BTreeSet<String>>()
                    .into_iter()
                    .collect()
            }
        };
        // The rarest gram's postings first, intersected with the others.
        let mut postings: Vec<Vec<u64>> = grams
            .iter()
            .map(|g| self.ids_by_index::<CustomerRecord>("by_gram", g.as_bytes()))
            .collect::<Result<_, _>>()?;
        postings.sort_by_key(Vec::len);
        let mut ids: BTreeSet<u64> = postings
            .first()
            .map(|p| p.iter().copied().collect())
            .unwrap_or_default();
        for p in postings.iter().skip(1) {
            let other: BTreeSet<u64> = p.iter().copied().collect();
            ids.retain(|id| other.contains(id));
        }
        let digits = reversed_digits(query);
        if digits.len() >= MIN_PHONE_DIGITS {
            ids.extend(self.ids_by_index_prefix::<CustomerRecord>("by_phone", &digits)?);
        }
        let mut items = Vec::new();
        for id in ids.into_iter().filter(|id| after.is_none_or(|a| *id > a)) {
            let Some(c) = self.get::<CustomerRecord>(id)? else {
                continue;
            };
            if !c.matches(query) {
                continue;
            }
            if items.len() == limit {
                let next = items.last().map(|c: &CustomerRecord| c.meta.id);
                return Ok((items, next));
            }
            items.push(c);
        }
        Ok((items, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_cover_every_substring_of_two() {
        let g = grams_of("华为 Tech");
        for want in ["华", "为", "华为", "为t", "te", "ch", "h"] {
            assert!(g.contains(want), "{want} missing from {g:?}");
        }
    }

    #[test]
    fn phones_are_indexed_by_their_last_digits() {
        assert_eq!(
            reversed_digits("+86 138-0013-8000"),
            b"0008310083168".to_vec()
        );
    }
}
