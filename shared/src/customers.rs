//! Customers with their contacts and sites: wire types and input rules.

use crate::users::FieldErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    #[default]
    Normal,
    /// Key account (大客户): gets formal fault reports.
    Key,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Exactly one contact is primary (the first, unless another is marked).
    #[serde(default)]
    pub primary: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: u64,
    pub version: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub name: String,
    pub industry: String,
    pub tier: Tier,
    pub notes: String,
    pub sales_owner_id: Option<u64>,
    pub contacts: Vec<Contact>,
    pub sites: Vec<Site>,
    /// The customer asked not to get satisfaction surveys.
    #[serde(default)]
    pub surveys_off: bool,
}

/// `POST /api/customers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    pub name: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub tier: Tier,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub sales_owner_id: Option<u64>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub sites: Vec<Site>,
}

/// `PATCH /api/customers/{id}`: fields left out are unchanged; `contacts`
/// and `sites` replace the lists whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    pub version: u64,
    pub name: Option<String>,
    pub industry: Option<String>,
    pub tier: Option<Tier>,
    pub notes: Option<String>,
    /// `null` clears the owner.
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u64>))]
    pub sales_owner_id: Option<Option<u64>>,
    pub contacts: Option<Vec<Contact>>,
    pub sites: Option<Vec<Site>>,
    /// Turn satisfaction surveys off (or on again) for this customer.
    #[serde(default)]
    pub surveys_off: Option<bool>,
}

/// Tells "left out" (`None`) from "set to null" (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

pub const CUSTOMER_NAME_MAX: usize = 200;
pub const CONTACTS_MAX: usize = 50;
pub const SITES_MAX: usize = 100;
pub const NOTES_MAX: usize = 5000;

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

pub fn check_customer_name(name: &str, errors: &mut FieldErrors) {
    if name.trim().is_empty() {
        errors.insert("name".into(), "must not be empty".into());
    } else if too_long(name, CUSTOMER_NAME_MAX) {
        errors.insert(
            "name".into(),
            format!("must be at most {CUSTOMER_NAME_MAX} characters"),
        );
    }
}

pub fn check_texts(industry: Option<&str>, notes: Option<&str>, errors: &mut FieldErrors) {
    if industry.is_some_and(|s| too_long(s, 100)) {
        errors.insert("industry".into(), "must be at most 100 characters".into());
    }
    if notes.is_some_and(|s| too_long(s, NOTES_MAX)) {
        errors.insert(
            "notes".into(),
            format!("must be at most {NOTES_MAX} characters"),
        );
    }
}

pub fn check_contacts(contacts: &[Contact], errors: &mut FieldErrors) {
    if contacts.len() > CONTACTS_MAX {
        errors.insert(
            "contacts".into(),
            format!("at most {CONTACTS_MAX} contacts"),
        );
        return;
    }
    if contacts.iter().filter(|c| c.primary).count() > 1 {
        errors.insert(
            "contacts".into(),
            "only one contact can be the primary one".into(),
        );
    }
    for (i, c) in contacts.iter().enumerate() {
        if c.name.trim().is_empty() || too_long(&c.name, 100) {
            errors.insert(
                format!("contacts[{i}].name"),
                "must be 1 to 100 characters".into(),
            );
        }
        let mut e = FieldErrors::new();
        crate::users::check_profile(None, Some(&c.phone), Some(&c.email), &mut e);
        for (field, message) in e {
            errors.insert(format!("contacts[{i}].{field}"), message);
        }
    }
}

pub fn check_sites(sites: &[Site], errors: &mut FieldErrors) {
    if sites.len() > SITES_MAX {
        errors.insert("sites".into(), format!("at most {SITES_MAX} sites"));
        return;
    }
    for (i, s) in sites.iter().enumerate() {
        if s.name.trim().is_empty() || too_long(&s.name, 100) {
            errors.insert(
                format!("sites[{i}].name"),
                "must be 1 to 100 characters".into(),
            );
        }
        if too_long(&s.address, 300) {
            errors.insert(
                format!("sites[{i}].address"),
                "must be at most 300 characters".into(),
            );
        }
    }
}

/// Trims every field and makes exactly one contact primary.
pub fn tidy_contacts(contacts: &[Contact]) -> Vec<Contact> {
    let mut out: Vec<Contact> = contacts
        .iter()
        .map(|c| Contact {
            name: c.name.trim().into(),
            phone: c.phone.trim().into(),
            email: c.email.trim().into(),
            primary: c.primary,
        })
        .collect();
    if !out.is_empty() && !out.iter().any(|c| c.primary) {
        out[0].primary = true;
    }
    out
}

pub fn validate_new(input: &NewCustomer) -> FieldErrors {
    let mut e = FieldErrors::new();
    check_customer_name(&input.name, &mut e);
    check_texts(Some(&input.industry), Some(&input.notes), &mut e);
    check_contacts(&input.contacts, &mut e);
    check_sites(&input.sites, &mut e);
    e
}

pub fn validate_patch(patch: &CustomerPatch) -> FieldErrors {
    let mut e = FieldErrors::new();
    if let Some(name) = &patch.name {
        check_customer_name(name, &mut e);
    }
    check_texts(patch.industry.as_deref(), patch.notes.as_deref(), &mut e);
    if let Some(c) = &patch.contacts {
        check_contacts(c, &mut e);
    }
    if let Some(s) = &patch.sites {
        check_sites(s, &mut e);
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(name: &str, phone: &str, primary: bool) -> Contact {
        Contact {
            name: name.into(),
            phone: phone.into(),
            email: String::new(),
            primary,
        }
    }

    #[test]
    fn a_customer_needs_a_name_and_sane_contacts() {
        let ok = NewCustomer {
            name: "深圳华为技术有限公司".into(),
            contacts: vec![contact("李经理", "138 0000 1234", false)],
            ..Default::default()
        };
        assert!(validate_new(&ok).is_empty());
        let bad = NewCustomer {
            name: " ".into(),
            contacts: vec![contact("", "call me", true), contact("B", "", true)],
            sites: vec![Site {
                name: "".into(),
                address: "".into(),
            }],
            ..Default::default()
        };
        let e = validate_new(&bad);
        for f in [
            "name",
            "contacts",
            "contacts[0].name",
            "contacts[0].phone",
            "sites[0].name",
        ] {
            assert!(e.contains_key(f), "{f} missing in {e:?}");
        }
    }

    #[test]
    fn the_first_contact_becomes_primary_when_none_is() {
        let t = tidy_contacts(&[contact(" A ", "1", false), contact("B", "2", false)]);
        assert!(t[0].primary && !t[1].primary);
        assert_eq!(t[0].name, "A");
        let t = tidy_contacts(&[contact("A", "1", false), contact("B", "2", true)]);
        assert!(!t[0].primary && t[1].primary);
    }

    #[test]
    fn a_patch_tells_a_cleared_owner_from_an_untouched_one() {
        let untouched: CustomerPatch = serde_json::from_str(r#"{"version": 1}"#).unwrap();
        assert_eq!(untouched.sales_owner_id, None);
        let cleared: CustomerPatch =
            serde_json::from_str(r#"{"version": 1, "sales_owner_id": null}"#).unwrap();
        assert_eq!(cleared.sales_owner_id, Some(None));
        let set: CustomerPatch =
            serde_json::from_str(r#"{"version": 1, "sales_owner_id": 7}"#).unwrap();
        assert_eq!(set.sales_owner_id, Some(Some(7)));
    }
}
