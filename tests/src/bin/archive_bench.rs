//! `cargo xtask bench`: the archive at a large firm's size — 100,000
//! customers and 300,000 devices — and the time of the two questions asked
//! on every call: who owns this serial number, and which customer is this.

use servicebook::store::{
    ContractRecord, CustomerRecord, DeviceRecord, Durability, RecordMeta, Store, StoreOptions,
};
use servicebook_shared::customers::{Contact, Site, Tier};
use std::time::{Duration, Instant};

const CUSTOMERS: usize = 100_000;
const DEVICES_PER_CUSTOMER: usize = 3;
const BATCH: usize = 1_000;

const CITIES: &[&str] = &[
    "深圳", "广州", "上海", "北京", "杭州", "成都", "武汉", "南京", "苏州", "西安",
];
const WORDS: &[&str] = &[
    "华为",
    "腾讯",
    "万科",
    "比亚迪",
    "平安",
    "招商",
    "中兴",
    "美的",
    "格力",
    "顺丰",
    "迈瑞",
    "大疆",
    "华润",
    "海尔",
    "联想",
    "长城",
];
const TRADES: &[&str] = &[
    "科技", "电子", "物流", "医疗", "贸易", "制造", "信息", "网络",
];
const ENGLISH: &[&str] = &[
    "Acme", "Pacific", "Orient", "Summit", "Harbor", "Golden", "Silver", "Northern",
];

fn customer(n: usize) -> CustomerRecord {
    let name = if n % 5 == 4 {
        format!(
            "{} {} Ltd {n}",
            ENGLISH[n % ENGLISH.len()],
            ["Printing", "Logistics", "Trading", "Systems"][n / 7 % 4]
        )
    } else {
        format!(
            "{}{}{}{}有限公司{n}",
            CITIES[n % CITIES.len()],
            WORDS[n / 3 % WORDS.len()],
            TRADES[n / 11 % TRADES.len()],
            ["", "集团", "股份"][n % 3]
        )
    };
    CustomerRecord {
        meta: RecordMeta::new(),
        name,
        industry: TRADES[n % TRADES.len()].into(),
        tier: if n % 10 == 0 { Tier::Key } else { Tier::Normal },
        notes: String::new(),
        sales_owner_id: None,
        surveys_off: false,
        contacts: vec![Contact {
            name: format!("联系人{n}"),
            phone: format!("138{:08}", n * 7919 % 100_000_000),
            email: String::new(),
            primary: true,
        }],
        sites: vec![Site {
            name: "总部".into(),
            address: format!("{}市某区 {n} 号", CITIES[n % CITIES.len()]),
        }],
    }
}

fn serial(n: usize, k: usize) -> String {
    format!("SN{:07}{k}", n)
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Seeding is not what is measured: skip the fsync per batch.
    let store = Store::open(
        dir.path(),
        &StoreOptions {
            durability: Durability::Flush,
            ..Default::default()
        },
    )
    .expect("open store");
    let start = Instant::now();
    let mut ids = Vec::with_capacity(CUSTOMERS);
    for batch in 0..CUSTOMERS / BATCH {
        let made = store
            .write_blocking(move |tx| {
                (0..BATCH)
                    .map(|i| tx.insert(customer(batch * BATCH + i)).map(|c| c.meta.id))
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("insert customers");
        ids.extend(made);
    }
    let seeded_customers = start.elapsed();
    let start = Instant::now();
    for (batch, chunk) in ids.chunks(BATCH).enumerate() {
        let chunk = chunk.to_vec();
        store
            .write_blocking(move |tx| {
                for (i, id) in chunk.iter().enumerate() {
                    let n = batch * BATCH + i;
                    for k in 0..DEVICES_PER_CUSTOMER {
                        tx.insert(DeviceRecord {
                            meta: RecordMeta::new(),
                            customer_id: *id,
                            site: "总部".into(),
                            product: ["ThinkSystem SR650", "LaserJet M607", "Catalyst 9300"][k]
                                .into(),
                            brand: String::new(),
                            model: String::new(),
                            serial_number: serial(n, k),
                            asset_tag: String::new(),
                            category: String::new(),
                            install_date: None,
                            warranty_end: None,
                            warranty_months: Some(12),
                            notes: String::new(),
                        })?;
                    }
                }
                Ok(())
            })
            .expect("insert devices");
    }
    let seeded_devices = start.elapsed();
    println!(
        "archive seeded: {CUSTOMERS} customers in {:.1} s, {} devices in {:.1} s",
        seeded_customers.as_secs_f64(),
        CUSTOMERS * DEVICES_PER_CUSTOMER,
        seeded_devices.as_secs_f64()
    );

    // A serial lookup: the device, its customer, its contracts.
    let mut lookups = Vec::new();
    for i in 0..2_000usize {
        let n = i * 7_919 % CUSTOMERS;
        let t = Instant::now();
        let devices = store
            .devices_by_serial(&serial(n, i % DEVICES_PER_CUSTOMER))
            .expect("lookup");
        let device = devices.first().expect("the serial exists");
        let _customer = store
            .get::<CustomerRecord>(device.customer_id)
            .expect("customer")
            .expect("exists");
        let _contracts: Vec<ContractRecord> = store
            .contracts_of_device(device.meta.id)
            .expect("contracts");
        lookups.push(t.elapsed());
    }
    println!(
        "serial lookup        p50 {:.3} ms, p99 {:.3} ms ({} lookups)",
        percentile(&mut lookups, 0.5),
        percentile(&mut lookups, 0.99),
        lookups.len()
    );

    // Name searches a dispatcher types: part of a Chinese name, an English
    // word, a contact, the last digits of a phone, and one that finds nothing.
    let queries = [
        "华为",
        "深圳万科",
        "比亚迪电子",
        "Pacific",
        "printing ltd",
        "联系人4242",
        "12345",
        "不存在的公司",
    ];
    let mut searches = Vec::new();
    let mut per_query: Vec<Vec<Duration>> = vec![Vec::new(); queries.len()];
    for _ in 0..50 {
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let _ = store.search_customers(q, None, 50).expect("search");
            searches.push(t.elapsed());
            per_query[i].push(t.elapsed());
        }
    }
    println!(
        "customer name search p50 {:.3} ms, p99 {:.3} ms ({} searches)",
        percentile(&mut searches, 0.5),
        percentile(&mut searches, 0.99),
        searches.len(),
    );
    for (q, times) in queries.iter().zip(per_query.iter_mut()) {
        let found = store.search_customers(q, None, 50).expect("search").0.len();
        println!(
            "  {q:<14} p50 {:.3} ms, {found} found (first page of 50)",
            percentile(times, 0.5)
        );
    }
    store.close();
}
