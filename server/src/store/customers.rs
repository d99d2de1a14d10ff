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
    /// No satisfaction surveys for this customer (added with surveys).
    #[serde(default)]
    pub surveys_off: bool,
}

pub static BY_GRAM: IndexDef = IndexDef {
    name: "by_gram",
    unique: false,
    field: "name",
};
pub static BY_PHONE: IndexDef = IndexDef {
    name: "by_phone",
    unique: false,
    field: "contacts",
};

pub static CUSTOMERS: TableDef = TableDef {
    name: "customers",
    indexes: &[&BY_GRAM, &BY_PHONE],
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
                index: &BY_GRAM,
                key: g.into_bytes(),
            })
            .chain(phones.into_iter().map(|p| IndexKey {
                index: &BY_PHONE,
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
            created_at: self.meta.created_at,
            updated_at: self.meta.updated_at,
            name: self.name.clone(),
            industry: self.industry.clone(),
            tier: self.tier,
            notes: self.notes.clone(),
            sales_owner_id: self.sales_owner_id,
            contacts: self.contacts.clone(),
            sites: self.sites.clone(),
            surveys_off: self.surveys_off,
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

/// Postings longer than this are not counted to the end when choosing the
/// rarest one: past it a gram is common, walking any such one costs about
/// the same, and counting long lists cost more than the walk itself.
const COUNT_CAP: usize = 512;

impl Store {
    /// Customers named exactly `name` (case and surrounding space ignored):
    /// the name search narrowed to whole-name matches.
    pub fn customers_named(&self, name: &str) -> Result<Vec<CustomerRecord>, StoreError> {
        let wanted = name.trim().to_lowercase();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        let mut after = None;
        loop {
            let (page, next) = self.search_customers(&wanted, after, 500)?;
            found.extend(
                page.into_iter()
                    .filter(|c| c.name.trim().to_lowercase() == wanted),
            );
            match next {
                Some(n) => after = Some(n),
                None => return Ok(found),
            }
        }
    }

    /// Customers whose name or contact name contains `query`, or whose
    /// contact phone ends with it; in id order after `after`.
    ///
    /// Walks the rarest gram's postings in id order and checks each
    /// candidate against the whole query, stopping once the page is full:
    /// a common query fills its page quickly, a rare one has few candidates.
    pub fn search_customers(
        &self,
        query: &str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<(Vec<CustomerRecord>, Option<u64>), StoreError> {
        let chars: Vec<char> = query
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let grams: BTreeSet<String> = if chars.len() == 1 {
            [chars[0].to_string()].into()
        } else {
            chars.windows(2).map(|w| w.iter().collect()).collect()
        };
        let mut rarest: Option<(usize, &String)> = None;
        for g in grams.iter().filter(|_| grams.len() > 1) {
            let n = self.index_count_capped::<CustomerRecord>(&BY_GRAM, g.as_bytes(), COUNT_CAP)?;
            if rarest.is_none_or(|(best, _)| n < best) {
                rarest = Some((n, g));
            }
        }
        let mut found: Vec<CustomerRecord> = Vec::new();
        if let Some(gram) = rarest.map(|(_, g)| g).or(grams.first()) {
            let others: Vec<&String> = grams.iter().filter(|g| *g != gram).collect();
            'candidates: for id in
                self.index_ids_after::<CustomerRecord>(&BY_GRAM, gram.as_bytes(), after)?
            {
                let id = id?;
                // Every other gram must be there too: cheap key checks
                // before the record is read.
                for g in &others {
                    if !self.index_has::<CustomerRecord>(&BY_GRAM, g.as_bytes(), id)? {
                        continue 'candidates;
                    }
                }
                let Some(c) = self.get::<CustomerRecord>(id)? else {
                    continue;
                };
                if c.matches(query) {
                    found.push(c);
                    if found.len() > limit {
                        break;
                    }
                }
            }
        }
        let digits = reversed_digits(query);
        if digits.len() >= MIN_PHONE_DIGITS {
            for id in self.ids_by_index_prefix::<CustomerRecord>(&BY_PHONE, &digits)? {
                if after.is_some_and(|a| id <= a) || found.iter().any(|c| c.meta.id == id) {
                    continue;
                }
                if let Some(c) = self.get::<CustomerRecord>(id)?.filter(|c| c.matches(query)) {
                    found.push(c);
                }
            }
            found.sort_by_key(|c| c.meta.id);
        }
        let next = (found.len() > limit).then(|| found[limit - 1].meta.id);
        found.truncate(limit);
        Ok((found, next))
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
