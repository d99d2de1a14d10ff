//! The customer service archive: customers, devices and contracts, and the
//! rules that tie them together.

use crate::store::{ContractRecord, CustomerRecord, DeviceRecord, RecordMeta};
use chrono::NaiveDate;
use servicebook_shared::bounds;
use servicebook_shared::contracts::{check_contract, ContractPatch, NewContract};
use servicebook_shared::coverage::{contract_status, warranty_end, ContractStatus};
use servicebook_shared::customers::{
    tidy_contacts, validate_new, validate_patch, CustomerPatch, NewCustomer,
};
use servicebook_shared::devices::{check_device_fields, normalise_serial, DevicePatch, NewDevice};
use servicebook_shared::users::FieldErrors;

fn done<T>(errors: FieldErrors, value: T) -> Result<T, FieldErrors> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors)
    }
}

pub fn new_customer(input: NewCustomer) -> Result<CustomerRecord, FieldErrors> {
    let errors = validate_new(&input);
    done(errors, ())?;
    Ok(CustomerRecord {
        meta: RecordMeta::new(),
        name: input.name.trim().to_owned(),
        industry: input.industry.trim().to_owned(),
        tier: input.tier,
        notes: input.notes,
        sales_owner_id: input.sales_owner_id,
        contacts: tidy_contacts(&input.contacts),
        sites: input
            .sites
            .into_iter()
            .map(|mut s| {
                s.name = s.name.trim().to_owned();
                s.address = s.address.trim().to_owned();
                s
            })
            .collect(),
        surveys_off: false,
    })
}

pub fn patch_customer(
    current: &CustomerRecord,
    patch: &CustomerPatch,
) -> Result<CustomerRecord, FieldErrors> {
    done(validate_patch(patch), ())?;
    let mut next = current.clone();
    if let Some(n) = &patch.name {
        next.name = n.trim().to_owned();
    }
    if let Some(i) = &patch.industry {
        next.industry = i.trim().to_owned();
    }
    if let Some(t) = patch.tier {
        next.tier = t;
    }
    if let Some(n) = &patch.notes {
        next.notes = n.clone();
    }
    if let Some(owner) = patch.sales_owner_id {
        next.sales_owner_id = owner;
    }
    if let Some(c) = &patch.contacts {
        next.contacts = tidy_contacts(c);
    }
    if let Some(s) = &patch.sites {
        next.sites = s.clone();
    }
    if let Some(off) = patch.surveys_off {
        next.surveys_off = off;
    }
    Ok(next)
}

fn device_texts<'a>(
    site: &'a str,
    brand: &'a str,
    model: &'a str,
    asset: &'a str,
    notes: &'a str,
) -> [(&'static str, &'a str, usize); 5] {
    [
        ("site", site, 100),
        ("brand", brand, 100),
        ("model", model, 100),
        ("asset_tag", asset, 64),
        ("notes", notes, 5000),
    ]
}

/// A new device. Without a warranty end, it is the install date plus the
/// free warranty months of the sale contract that covers it (12 without).
pub fn new_device(
    input: NewDevice,
    customer: &CustomerRecord,
    sale_warranty_months: Option<u32>,
) -> Result<DeviceRecord, FieldErrors> {
    let mut e = FieldErrors::new();
    check_device_fields(
        &input.product,
        &input.serial_number,
        &device_texts(
            &input.site,
            &input.brand,
            &input.model,
            &input.asset_tag,
            &input.notes,
        ),
        &mut e,
    );
    check_site(&input.site, customer, &mut e);
    check_dates(input.install_date, input.warranty_end, &mut e);
    done(e, ())?;
    let months =
        sale_warranty_months.unwrap_or(servicebook_shared::contracts::DEFAULT_WARRANTY_MONTHS);
    let warranty = input
        .warranty_end
        .or_else(|| input.install_date.map(|d| warranty_end(d, months)));
    Ok(DeviceRecord {
        meta: RecordMeta::new(),
        customer_id: customer.meta.id,
        site: input.site.trim().to_owned(),
        product: input.product.trim().to_owned(),
        brand: input.brand.trim().to_owned(),
        model: input.model.trim().to_owned(),
        serial_number: normalise_serial(&input.serial_number),
        asset_tag: input.asset_tag.trim().to_owned(),
        category: input.category.trim().to_owned(),
        install_date: input.install_date,
        warranty_end: warranty,
        warranty_months: input.warranty_end.is_none().then_some(months),
        notes: input.notes,
    })
}

/// A sale contract listing `device` gives it the contract's free warranty,
/// unless its warranty end was set by hand. `None`: nothing changes.
pub fn sale_warranty(device: &DeviceRecord, months: u32) -> Option<DeviceRecord> {
    let install = device.install_date?;
    device.warranty_months?;
    let end = warranty_end(install, months);
    if device.warranty_end == Some(end) && device.warranty_months == Some(months) {
        return None;
    }
    let mut next = device.clone();
    next.warranty_end = Some(end);
    next.warranty_months = Some(months);
    Some(next)
}

fn check_site(site: &str, customer: &CustomerRecord, e: &mut FieldErrors) {
    if !site.trim().is_empty() && !customer.sites.iter().any(|s| s.name == site.trim()) {
        e.insert("site".into(), "is not one of the customer's sites".into());
    }
}

fn check_dates(install: Option<NaiveDate>, warranty: Option<NaiveDate>, e: &mut FieldErrors) {
    bounds::check_date("install_date", install, e);
    bounds::check_date("warranty_end", warranty, e);
    if let (Some(i), Some(w)) = (install, warranty) {
        if w < i && !e.contains_key("install_date") && !e.contains_key("warranty_end") {
            e.insert(
                "warranty_end".into(),
                "must not be before the install date".into(),
            );
        }
    }
}

pub fn patch_device(
    current: &DeviceRecord,
    patch: &DevicePatch,
    customer: &CustomerRecord,
) -> Result<DeviceRecord, FieldErrors> {
    let mut next = current.clone();
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *target = v.trim().to_owned();
        }
    };
    set(&mut next.site, &patch.site);
    set(&mut next.product, &patch.product);
    set(&mut next.brand, &patch.brand);
    set(&mut next.model, &patch.model);
    set(&mut next.asset_tag, &patch.asset_tag);
    set(&mut next.category, &patch.category);
    if let Some(s) = &patch.serial_number {
        next.serial_number = normalise_serial(s);
    }
    if let Some(n) = &patch.notes {
        next.notes = n.clone();
    }
    if patch.install_date.is_some() {
        next.install_date = patch.install_date;
    }
    // The edit form sends the date back unchanged: only a new date is "by hand".
    if patch.warranty_end.is_some() && patch.warranty_end != next.warranty_end {
        next.warranty_end = patch.warranty_end;
        next.warranty_months = None;
    }
    if patch.install_date.is_some() {
        if let (Some(m), Some(d)) = (next.warranty_months, next.install_date) {
            next.warranty_end = Some(warranty_end(d, m));
        }
    }
    let mut e = FieldErrors::new();
    check_device_fields(
        &next.product,
        &next.serial_number,
        &device_texts(
            &next.site,
            &next.brand,
            &next.model,
            &next.asset_tag,
            &next.notes,
        ),
        &mut e,
    );
    check_site(&next.site, customer, &mut e);
    check_dates(next.install_date, next.warranty_end, &mut e);
    done(e, next)
}

/// Every device of a contract must belong to the contract's customer.
pub fn check_devices(
    device_ids: &[u64],
    customer_id: u64,
    devices: &[Option<DeviceRecord>],
    e: &mut FieldErrors,
) {
    for (id, d) in device_ids.iter().zip(devices) {
        match d {
            None => {
                e.insert("device_ids".into(), format!("there is no device {id}"));
            }
            Some(d) if d.customer_id != customer_id => {
                e.insert(
                    "device_ids".into(),
                    format!(
                        "device {id} ({}) belongs to another customer",
                        d.serial_number
                    ),
                );
            }
            _ => {}
        }
    }
}

pub fn new_contract(
    input: NewContract,
    devices: &[Option<DeviceRecord>],
) -> Result<ContractRecord, FieldErrors> {
    let mut e = FieldErrors::new();
    check_contract(
        &input.number,
        input.start_date,
        input.end_date,
        input.value,
        input.warranty_months,
        &input.promises,
        None,
        &mut e,
    );
    check_devices(&input.device_ids, input.customer_id, devices, &mut e);
    done(e, ())?;
    let mut device_ids = input.device_ids;
    device_ids.sort_unstable();
    device_ids.dedup();
    Ok(ContractRecord {
        meta: RecordMeta::new(),
        number: input.number.trim().to_owned(),
        kind: input.kind,
        customer_id: input.customer_id,
        sales_owner_id: input.sales_owner_id,
        start_date: input.start_date,
        end_date: input.end_date,
        value_cents: input.value.minor(),
        device_ids,
        scope: input.scope,
        promises: input.promises,
        warranty_months: input.warranty_months,
        draft: input.draft,
        terminated_on: None,
        notes: input.notes,
    })
}

pub fn patch_contract(
    current: &ContractRecord,
    patch: &ContractPatch,
    devices: &[Option<DeviceRecord>],
) -> Result<ContractRecord, FieldErrors> {
    let mut next = current.clone();
    if let Some(n) = &patch.number {
        next.number = n.trim().to_owned();
    }
    if patch.sales_owner_id.is_some() {
        next.sales_owner_id = patch.sales_owner_id;
    }
    next.start_date = patch.start_date.unwrap_or(next.start_date);
    next.end_date = patch.end_date.unwrap_or(next.end_date);
    if let Some(v) = patch.value {
        next.value_cents = v.minor();
    }
    if let Some(ids) = &patch.device_ids {
        let mut ids = ids.clone();
        ids.sort_unstable();
        ids.dedup();
        next.device_ids = ids;
    }
    if let Some(s) = &patch.scope {
        next.scope = s.clone();
    }
    next.promises = patch.promises.unwrap_or(next.promises);
    next.warranty_months = patch.warranty_months.unwrap_or(next.warranty_months);
    next.draft = patch.draft.unwrap_or(next.draft);
    if patch.terminated_on.is_some() {
        next.terminated_on = patch.terminated_on;
    }
    if let Some(n) = &patch.notes {
        next.notes = n.clone();
    }
    let mut e = FieldErrors::new();
    let value = servicebook_shared::Money(next.value_cents);
    check_contract(
        &next.number,
        next.start_date,
        next.end_date,
        value,
        next.warranty_months,
        &next.promises,
        next.terminated_on,
        &mut e,
    );
    if let Some(ids) = &patch.device_ids {
        check_devices(ids, next.customer_id, devices, &mut e);
    }
    done(e, next)
}

/// The contracts that cover a device on `today`.
pub fn covering(contracts: &[ContractRecord], today: NaiveDate) -> Vec<&ContractRecord> {
    contracts
        .iter()
        .filter(|c| {
            contract_status(c.draft, c.terminated_on, c.start_date, c.end_date, today)
                == ContractStatus::Active
        })
        .collect()
}
