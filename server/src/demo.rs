//! `servicebook serve --demo`: on an empty data directory, a small IT firm's
//! archive to look around in — staff, Chinese and English customers with
//! contacts and sites, a few dozen devices, and contracts that are active,
//! about to expire and expired. Everything goes through the same use cases
//! (`service`) and the audit trail as the API, as `system`.

use crate::auth::password;
use crate::cli::block_on;
use crate::service::contracts as service_contracts;
use crate::service::customers as service_customers;
use crate::service::devices as service_devices;
use crate::service::{settings, users, Caller};
use crate::store::{CustomerRecord, Store, UserRecord};
use chrono::Duration;
use servicebook_shared::contracts::{NewContract, Promises, Scope, ServiceHours};
use servicebook_shared::customers::{Contact, NewCustomer, Site, Tier};
use servicebook_shared::devices::NewDevice;
use servicebook_shared::money::Money;
use servicebook_shared::users::{NewUser, Role};

/// The password of every demo account (not the admin's).
pub const DEMO_PASSWORD: &str = "servicebook demo 2026";

const STAFF: &[(&str, &str, &[Role], &[&str])] = &[
    ("manager.zhou", "周经理", &[Role::Manager], &[]),
    ("dispatch.li", "李调度", &[Role::Dispatcher], &[]),
    (
        "eng.wang",
        "王工",
        &[Role::Engineer],
        &["network", "server"],
    ),
    (
        "eng.zhao",
        "赵工",
        &[Role::Engineer],
        &["printer", "copier"],
    ),
    (
        "eng.chen",
        "Chen Tao",
        &[Role::Engineer],
        &["ERP", "database"],
    ),
    ("sales.liu", "刘销售", &[Role::Sales], &[]),
    ("store.sun", "孙库管", &[Role::Storekeeper], &[]),
];

const CUSTOMERS: &[(&str, &str, &str, &str, Tier)] = &[
    (
        "深圳华为技术有限公司",
        "通信",
        "李经理",
        "138 0013 8000",
        Tier::Key,
    ),
    (
        "广州白云国际机场股份有限公司",
        "交通",
        "黄主任",
        "139 2233 4455",
        Tier::Key,
    ),
    (
        "上海浦东发展银行深圳分行",
        "金融",
        "陈科长",
        "0755 8820 1234",
        Tier::Key,
    ),
    (
        "华润万家超市",
        "零售",
        "王主管",
        "137 1122 3344",
        Tier::Normal,
    ),
    (
        "深圳市第二人民医院",
        "医疗",
        "张工",
        "0755 8336 6388",
        Tier::Normal,
    ),
    (
        "Acme Printing Ltd",
        "Printing",
        "John Smith",
        "+852 2345 6789",
        Tier::Normal,
    ),
    (
        "Pacific Logistics Co.",
        "Logistics",
        "Mary Chan",
        "+852 9123 4567",
        Tier::Normal,
    ),
    (
        "南山区实验学校",
        "教育",
        "刘老师",
        "0755 2661 0000",
        Tier::Normal,
    ),
];

/// Product, brand, model and the firm's category of the demo devices.
const PRODUCTS: &[(&str, &str, &str, &str)] = &[
    ("ThinkSystem SR650", "Lenovo", "7X06", "server"),
    ("PowerEdge R740", "Dell", "R740", "server"),
    ("LaserJet M607", "HP", "M607dn", "printer/copier"),
    ("Catalyst 9300", "Cisco", "C9300-48P", "network"),
    ("FortiGate 100F", "Fortinet", "FG-100F", "network"),
    ("imageRUNNER 2625", "Canon", "iR2625", "printer/copier"),
];

fn fail(e: crate::store::StoreError) -> String {
    format!("demo data: {e}")
}

/// Seeds the demo data unless the archive already has customers; says what
/// it did on stdout. Dates are relative to the firm's today.
pub fn seed(store: &Store) -> Result<(), String> {
    // Demo accounts share a published password: they never join real users.
    let (users, _) = store
        .list::<UserRecord>(None, 10_000)
        .map_err(|e| e.to_string())?;
    let real: Vec<String> = users
        .into_iter()
        .map(|u| u.username)
        .filter(|name| name != "admin" && !STAFF.iter().any(|(demo, ..)| demo == name))
        .collect();
    if !real.is_empty() {
        return Err(format!(
            "--demo refused: this data directory has real users ({}), and demo accounts with a published password are never added next to them. Start without --demo, or use an empty data directory.",
            real.join(", ")
        ));
    }
    if store.count::<CustomerRecord>().map_err(|e| e.to_string())? > 0 {
        println!("--demo: this data directory already has customers; no demo data was added.");
        return Ok(());
    }
    let today = settings::today(store).map_err(fail)?;
    let system = Caller::system();
    // One hash for every demo account: hashing is slow on purpose.
    let hash = password::hash_now(DEMO_PASSWORD)?;
    let mut sales_id = None;
    for (name, display, roles, skills) in STAFF {
        if store
            .user_by_username(name)
            .map_err(|e| e.to_string())?
            .is_none()
        {
            let input = NewUser {
                username: (*name).into(),
                display_name: (*display).into(),
                roles: roles.to_vec(),
                skills: skills.iter().map(|s| s.to_string()).collect(),
                password: DEMO_PASSWORD.into(),
                ..Default::default()
            };
            let u = block_on(users::create_user(
                store,
                &system,
                input,
                false,
                users::Hashing::Done(&hash),
            ))?
            .map_err(fail)?;
            if roles.contains(&Role::Sales) {
                sales_id = Some(u.meta.id);
            }
        }
    }
    let mut devices_made = 0;
    let mut customers = Vec::new();
    let mut contracts_made = 0;
    for (n, (name, industry, contact, phone, tier)) in CUSTOMERS.iter().enumerate() {
        let input = NewCustomer {
            name: (*name).into(),
            industry: (*industry).into(),
            tier: *tier,
            notes: String::new(),
            sales_owner_id: sales_id,
            contacts: vec![Contact {
                name: (*contact).into(),
                phone: (*phone).into(),
                email: String::new(),
                primary: true,
            }],
            sites: vec![
                Site {
                    name: "总部".into(),
                    address: format!("深圳市南山区科技园 {} 号", 10 + n),
                },
                Site {
                    name: "机房".into(),
                    address: format!("深圳市宝安区 {} 号", 100 + n),
                },
            ],
        };
        let customer =
            block_on(service_customers::create_customer(store, &system, input))?.map_err(fail)?;
        customers.push(customer.clone());

        let mut device_ids = Vec::new();
        for k in 0..(3 + n % 4) {
            let (product, brand, model, category) = PRODUCTS[(n + k) % PRODUCTS.len()];
            let installed = today - Duration::days((90 + 137 * (n * 5 + k)) as i64 % 1400);
            let input = NewDevice {
                customer_id: customer.meta.id,
                site: if k % 2 == 0 {
                    "总部".into()
                } else {
                    "机房".into()
                },
                product: product.into(),
                brand: brand.into(),
                model: model.into(),
                category: category.into(),
                serial_number: format!("{}{:02}{:04}", &brand[..2].to_uppercase(), n, 1000 + k * 7),
                install_date: Some(installed),
                ..Default::default()
            };
            let saved =
                block_on(service_devices::create_device(store, &system, input))?.map_err(fail)?;
            device_ids.push(saved.meta.id);
            devices_made += 1;
        }
        // One contract each: active, expiring within the month, or expired.
        let (start, end) = match n % 3 {
            0 => (today - Duration::days(200), today + Duration::days(165)),
            1 => (today - Duration::days(345), today + Duration::days(20)),
            _ => (today - Duration::days(500), today - Duration::days(135)),
        };
        let input = NewContract {
            number: format!("WB-{}-{:03}", start.format("%Y"), n + 1),
            kind: servicebook_shared::contracts::ContractKind::Maintenance,
            customer_id: customer.meta.id,
            sales_owner_id: sales_id,
            start_date: start,
            end_date: end,
            value: Money::from_major(12_000 + 8_500 * n as i64),
            device_ids: device_ids.clone(),
            scope: Scope {
                remote_support: true,
                onsite_repair: true,
                inspections_per_year: if *tier == Tier::Key { 12 } else { 4 },
                spare_parts: *tier == Tier::Key,
                loaners: *tier == Tier::Key,
                hours: if *tier == Tier::Key {
                    ServiceHours::AllDay
                } else {
                    ServiceHours::Business
                },
            },
            promises: Promises::default(),
            warranty_months: 12,
            draft: false,
            notes: String::new(),
        };
        block_on(service_contracts::create_contract(store, &system, input))?.map_err(fail)?;
        contracts_made += 1;
    }
    crate::demo_surveys::opt_out(store, &customers)?;
    let requests_made = crate::demo_service::seed(store, &customers, chrono::Utc::now())?;
    let loaners_made = crate::demo_loaners::seed(store, &customers, chrono::Utc::now())?;
    let stock = crate::demo_stock::seed(store)?;
    let standards = crate::demo_inspections::seed(store)?;
    let inspections = crate::demo_inspection_visits::seed(store, &customers, &standards, today)?;
    let part_requests = crate::demo_part_requests::seed(store, &customers)?;
    let complaints = crate::demo_complaints::seed(store, &customers, chrono::Utc::now())?;
    let weekly_reports = crate::demo_work_logs::seed(store, today)?;
    let surveys = crate::demo_surveys::seed(store, chrono::Utc::now())?;
    println!(
        "--demo: added {} customers, {devices_made} devices, {contracts_made} contracts, {requests_made} service requests with their work, {loaners_made} loaner units with their loans, spare parts ({stock}), {part_requests}, {} inspection standards with {inspections} inspections done, {surveys} satisfaction surveys, {complaints} complaints, {weekly_reports} engineers' weekly reports, and the staff accounts {} (password: {DEMO_PASSWORD}).",
        CUSTOMERS.len(),
        standards.len(),
        STAFF.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
    );
    Ok(())
}
