//! Reading customer and device CSV files: decoding, matching the header to
//! the documented columns, and turning each row into the same records the
//! API would create — with every problem tied to its line, so a dry run can
//! list them all before anything is written.
//!
//! No I/O here: what the archive already holds is asked through
//! [`ArchiveView`].

use super::archive::{new_customer, new_device};
use crate::store::{CustomerRecord, DeviceRecord, StoreError};
use chrono::NaiveDate;
use servicebook_shared::customers::{Contact, NewCustomer, Site, Tier};
use servicebook_shared::devices::{normalise_serial, NewDevice};
use servicebook_shared::import::{column_for, Column, RowProblem, MAX_ROWS};
use std::collections::{BTreeMap, HashMap};

/// What the import needs to know about the archive.
pub trait ArchiveView {
    fn user_id(&self, username: &str) -> Result<Option<u64>, StoreError>;
    /// Customers whose name is `name` (case and surrounding space ignored).
    fn customers_named(&self, name: &str) -> Result<Vec<CustomerRecord>, StoreError>;
    fn serial_taken(&self, product: &str, serial: &str) -> Result<bool, StoreError>;
}

/// One data row: its line in the file and its cells by field name.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub cells: BTreeMap<&'static str, String>,
}

impl Row {
    pub(crate) fn get(&self, field: &str) -> &str {
        self.cells.get(field).map(|s| s.trim()).unwrap_or("")
    }
}

/// The records a file would create, and what is wrong with it.
#[derive(Debug)]
pub struct Plan<R> {
    pub rows: usize,
    pub records: Vec<R>,
    pub problems: Vec<RowProblem>,
}

fn problem(line: u64, field: &str, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        field: field.to_owned(),
        message: message.into(),
    }
}

/// The file's text: UTF-8 (with or without the BOM Excel writes) or GBK,
/// which Excel on Chinese Windows still saves "CSV" as.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err("The file is neither UTF-8 nor GBK text. Save it from the spreadsheet as \"CSV UTF-8\".".into());
            }
            text.into_owned()
        }
    };
    if text.contains('\0') {
        return Err(
            "This is not a CSV file (an .xlsx workbook?). Save it from the spreadsheet as \"CSV UTF-8\"."
                .into(),
        );
    }
    Ok(text)
}

/// Reads the header and every non-blank row. Header problems stop the
/// reading (no row can be understood); row problems are collected.
pub fn read_rows(
    text: &str,
    columns: &'static [Column],
) -> Result<(Vec<Row>, Vec<RowProblem>), Vec<RowProblem>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(vec![problem(
                1,
                "",
                format!("The header row cannot be read: {e}"),
            )])
        }
    };
    let mut fields: Vec<Option<&'static str>> = Vec::with_capacity(header.len());
    let mut header_problems = Vec::new();
    for cell in header.iter() {
        if cell.trim().is_empty() {
            fields.push(None);
            continue;
        }
        match column_for(columns, cell) {
            Some(c) if fields.contains(&Some(c.field)) => {
                header_problems.push(problem(
                    1,
                    c.field,
                    format!("the column \"{}\" appears twice", cell.trim()),
                ));
                fields.push(None);
            }
            Some(c) => fields.push(Some(c.field)),
            None => {
                let known: Vec<&str> = columns.iter().map(|c| c.field).collect();
                header_problems.push(problem(
                    1,
                    "",
                    format!(
                        "unknown column \"{}\"; the columns are {}",
                        cell.trim(),
                        known.join(", ")
                    ),
                ));
                fields.push(None);
            }
        }
    }
    for c in columns.iter().filter(|c| c.required) {
        if !fields.contains(&Some(c.field)) {
            header_problems.push(problem(
                1,
                c.field,
                format!("the required column \"{}\" ({}) is missing", c.field, c.zh),
            ));
        }
    }
    if !header_problems.is_empty() {
        return Err(header_problems);
    }

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, "", format!("the row cannot be read: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record
            .iter()
            .skip(fields.len())
            .any(|c| !c.trim().is_empty())
        {
            problems.push(problem(
                line,
                "",
                format!(
                    "the row has {} cells but the header has {}",
                    record.len(),
                    fields.len()
                ),
            ));
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(vec![problem(
                line,
                "",
                format!("more than {MAX_ROWS} rows: split the file"),
            )]);
        }
        let cells = fields
            .iter()
            .zip(record.iter())
            .filter_map(|(f, v)| f.map(|f| (f, v.to_owned())))
            .collect();
        rows.push(Row { line, cells });
    }
    Ok((rows, problems))
}

fn parse_tier(s: &str) -> Option<Tier> {
    match s.trim().to_lowercase().as_str() {
        "" | "normal" | "普通" | "一般" | "普通客户" => Some(Tier::Normal),
        "key" | "key account" | "大客户" | "重点" | "重点客户" => Some(Tier::Key),
        _ => None,
    }
}

/// `2026-03-05`, `2026/3/5` or `2026.3.5`; empty is none.
fn parse_date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let dashed = s.replace(['/', '.'], "-");
    NaiveDate::parse_from_str(&dashed, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("\"{s}\" is not a date like 2026-03-05"))
}

/// Where a record's validation message belongs among the CSV's columns.
fn customer_column(field: &str) -> &str {
    match field {
        "contacts[0].name" => "contact_name",
        "contacts[0].phone" => "contact_phone",
        "contacts[0].email" => "contact_email",
        "sites[0].name" => "site_name",
        "sites[0].address" => "site_address",
        "contacts" => "contact_name",
        "sites" => "site_name",
        other => other,
    }
}

pub fn plan_customers(
    rows: &[Row],
    archive: &impl ArchiveView,
) -> Result<Plan<CustomerRecord>, StoreError> {
    let mut plan = Plan {
        rows: rows.len(),
        records: Vec::new(),
        problems: Vec::new(),
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows {
        let before = plan.problems.len();
        let mut report =
            |field: &str, message: String| plan.problems.push(problem(row.line, field, message));
        let name = row.get("name");
        let key = name.to_lowercase();
        if !name.is_empty() {
            if let Some(first) = seen.get(&key) {
                report("name", format!("repeats the customer on line {first}"));
            } else if !archive.customers_named(name)?.is_empty() {
                report(
                    "name",
                    "a customer with this name is already in the archive".into(),
                );
            }
            seen.entry(key).or_insert(row.line);
        }
        let tier = parse_tier(row.get("tier")).unwrap_or_else(|| {
            report("tier", "must be normal or key (普通 or 大客户)".into());
            Tier::Normal
        });
        let owner = match row.get("sales_owner") {
            "" => None,
            username => {
                let id = archive.user_id(username)?;
                if id.is_none() {
                    report(
                        "sales_owner",
                        format!("there is no user named \"{username}\""),
                    );
                }
                id
            }
        };
        let (contact, phone, email) = (
            row.get("contact_name"),
            row.get("contact_phone"),
            row.get("contact_email"),
        );
        let contacts = if contact.is_empty() {
            if !phone.is_empty() || !email.is_empty() {
                report("contact_name", "is needed with a phone or e-mail".into());
            }
            vec![]
        } else {
            vec![Contact {
                name: contact.into(),
                phone: phone.into(),
                email: email.into(),
                primary: true,
            }]
        };
        let (site, address) = (row.get("site_name"), row.get("site_address"));
        let sites = if site.is_empty() {
            if !address.is_empty() {
                report("site_name", "is needed with an address".into());
            }
            vec![]
        } else {
            vec![Site {
                name: site.into(),
                address: address.into(),
            }]
        };
        let input = NewCustomer {
            name: name.into(),
            industry: row.get("industry").into(),
            tier,
            notes: row.get("notes").into(),
            sales_owner_id: owner,
            contacts,
            sites,
        };
        match new_customer(input) {
            Ok(record) if plan.problems.len() == before => plan.records.push(record),
            Ok(_) => {}
            Err(errors) => {
                for (field, message) in errors {
                    plan.problems
                        .push(problem(row.line, customer_column(&field), message));
                }
            }
        }
    }
    Ok(plan)
}

pub fn plan_devices(
    rows: &[Row],
    archive: &impl ArchiveView,
) -> Result<Plan<DeviceRecord>, StoreError> {
    let mut plan = Plan {
        rows: rows.len(),
        records: Vec::new(),
        problems: Vec::new(),
    };
    let mut customers: HashMap<String, Vec<CustomerRecord>> = HashMap::new();
    let mut serials: HashMap<(String, String), u64> = HashMap::new();
    for row in rows {
        let before = plan.problems.len();
        let mut report =
            |field: &str, message: String| plan.problems.push(problem(row.line, field, message));
        let name = row.get("customer");
        let key = name.to_lowercase();
        if !customers.contains_key(&key) {
            let found = if name.is_empty() {
                vec![]
            } else {
                archive.customers_named(name)?
            };
            customers.insert(key.clone(), found);
        }
        let customer = match customers[&key].as_slice() {
            [] if name.is_empty() => {
                report("customer", "must not be empty".into());
                None
            }
            [] => {
                report(
                    "customer",
                    format!("there is no customer named \"{name}\": import customers first"),
                );
                None
            }
            [one] => Some(one),
            more => {
                report(
                    "customer",
                    format!("{} customers have this name: rename one first", more.len()),
                );
                None
            }
        };
        let mut date = |field: &str| {
            parse_date(row.get(field)).unwrap_or_else(|message| {
                report(field, message);
                None
            })
        };
        let install_date = date("install_date");
        let warranty_end = date("warranty_end");
        let (product, serial) = (
            row.get("product"),
            normalise_serial(row.get("serial_number")),
        );
        if !product.is_empty() && !serial.is_empty() {
            let pair = (product.to_lowercase(), serial.clone());
            if let Some(first) = serials.get(&pair) {
                plan.problems.push(problem(
                    row.line,
                    "serial_number",
                    format!("repeats the device on line {first}"),
                ));
            } else if archive.serial_taken(product, &serial)? {
                plan.problems.push(problem(
                    row.line,
                    "serial_number",
                    format!("{serial} is already used in the product line {product}"),
                ));
            }
            serials.entry(pair).or_insert(row.line);
        }
        let Some(customer) = customer else { continue };
        let input = NewDevice {
            customer_id: customer.meta.id,
            site: row.get("site").into(),
            product: product.into(),
            brand: row.get("brand").into(),
            model: row.get("model").into(),
            serial_number: serial,
            asset_tag: row.get("asset_tag").into(),
            category: String::new(),
            install_date,
            warranty_end,
            notes: row.get("notes").into(),
        };
        match new_device(input, customer, None) {
            Ok(record) if plan.problems.len() == before => plan.records.push(record),
            Ok(_) => {}
            Err(errors) => {
                for (field, message) in errors {
                    plan.problems.push(problem(row.line, &field, message));
                }
            }
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::RecordMeta;
    use servicebook_shared::import::{CUSTOMER_COLUMNS, DEVICE_COLUMNS};

    struct Fake {
        customers: Vec<CustomerRecord>,
        serials: Vec<(String, String)>,
    }

    impl ArchiveView for Fake {
        fn user_id(&self, username: &str) -> Result<Option<u64>, StoreError> {
            Ok((username == "sales.wu").then_some(7))
        }
        fn customers_named(&self, name: &str) -> Result<Vec<CustomerRecord>, StoreError> {
            Ok(self
                .customers
                .iter()
                .filter(|c| c.name.to_lowercase() == name.trim().to_lowercase())
                .cloned()
                .collect())
        }
        fn serial_taken(&self, product: &str, serial: &str) -> Result<bool, StoreError> {
            Ok(self
                .serials
                .contains(&(product.to_lowercase(), serial.to_owned())))
        }
    }

    fn customer(id: u64, name: &str) -> CustomerRecord {
        let mut c = new_customer(NewCustomer {
            name: name.into(),
            sites: vec![Site {
                name: "总部".into(),
                address: String::new(),
            }],
            ..Default::default()
        })
        .unwrap();
        c.meta = RecordMeta {
            id,
            ..RecordMeta::new()
        };
        c
    }

    fn fake() -> Fake {
        Fake {
            customers: vec![
                customer(1, "深圳华为技术有限公司"),
                customer(2, "Twin Ltd"),
                customer(3, "twin ltd"),
            ],
            serials: vec![("thinksystem sr650".into(), "SN-TAKEN".into())],
        }
    }

    #[test]
    fn utf8_with_bom_and_gbk_both_decode() {
        assert_eq!(
            decode("\u{feff}客户名称\n".as_bytes()).unwrap(),
            "客户名称\n"
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("客户名称,电话\n华为,138\n");
        assert_eq!(decode(&gbk).unwrap(), "客户名称,电话\n华为,138\n");
        assert!(decode(b"PK\x03\x04\x00\x00\xff\xfe").is_err());
    }

    #[test]
    fn a_bad_header_stops_before_any_row() {
        let e = read_rows("客户名称,颜色\nA,red\n", CUSTOMER_COLUMNS).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("颜色"), "{e:?}");
        let e = read_rows("Serial number,Model\nX,Y\n", DEVICE_COLUMNS).unwrap_err();
        let missing: Vec<&str> = e.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(missing, ["customer", "product"]);
    }

    #[test]
    fn rows_keep_their_line_numbers_through_quoted_newlines_and_blank_rows() {
        let text = "name,notes\n\"A\",\"two\nlines\"\n,\nB,x\n";
        let (rows, problems) = read_rows(text, CUSTOMER_COLUMNS).unwrap();
        assert!(problems.is_empty());
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(rows[0].get("notes"), "two\nlines");
    }

    #[test]
    fn every_bad_customer_row_is_reported_with_its_line() {
        let text = "客户名称,客户等级,销售负责人,联系人,电话,地址\n\
                    新客户甲,大客户,sales.wu,王芳,13900001111,\n\
                    深圳华为技术有限公司,,,,,\n\
                    新客户甲,,,,,\n\
                    新客户乙,VIP,nobody,,139,深圳\n\
                    ,,,,,\n\
                    新客户丙,,,李,not a phone,\n";
        let (rows, problems) = read_rows(text, CUSTOMER_COLUMNS).unwrap();
        assert!(problems.is_empty());
        let plan = plan_customers(&rows, &fake()).unwrap();
        let got: Vec<(u64, &str)> = plan
            .problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "name"),
                (4, "name"),
                (5, "tier"),
                (5, "sales_owner"),
                (5, "contact_name"),
                (5, "site_name"),
                (7, "contact_phone"),
            ]
        );
        assert_eq!(plan.rows, 5);
        assert_eq!(plan.records.len(), 1);
        let first = &plan.records[0];
        assert_eq!((first.tier, first.sales_owner_id), (Tier::Key, Some(7)));
        assert!(first.contacts[0].primary);
    }

    #[test]
    fn devices_find_their_customer_by_name_and_refuse_used_serials() {
        let text = "客户名称,站点,产品线,序列号,安装日期,保修截止\n\
                    深圳华为技术有限公司,总部,ThinkSystem SR650,sn-new-1,2026/3/5,\n\
                    深圳华为技术有限公司,,ThinkSystem SR650,SN-TAKEN,,\n\
                    深圳华为技术有限公司,,ThinkSystem SR650,SN-NEW-1,,\n\
                    Nobody Ltd,,X,SN-2,,\n\
                    twin ltd,,X,SN-3,,\n\
                    深圳华为技术有限公司,仓库,X,SN-4,2026-13-01,\n\
                    深圳华为技术有限公司,,X,SN-5,2026-05-01,2026-04-01\n";
        let (rows, _) = read_rows(text, DEVICE_COLUMNS).unwrap();
        let plan = plan_devices(&rows, &fake()).unwrap();
        let got: Vec<(u64, &str)> = plan
            .problems
            .iter()
            .map(|p| (p.line, p.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "serial_number"),
                (4, "serial_number"),
                (5, "customer"),
                (6, "customer"),
                (7, "install_date"),
                (7, "site"),
                (8, "warranty_end"),
            ]
        );
        let device = &plan.records[0];
        assert_eq!(device.serial_number, "SN-NEW-1");
        assert_eq!(device.install_date, NaiveDate::from_ymd_opt(2026, 3, 5));
        assert_eq!(
            device.warranty_end,
            NaiveDate::from_ymd_opt(2027, 3, 4),
            "12 months' free warranty by default"
        );
    }
}
