//! Demo loaner units (备机): a pool of four (laptop, printer, switch, UPS)
//! and their loans — one out and signed, one overdue, one returned and
//! signed back, one on the shelf — played through the loaner use cases at
//! times in the past, by the demo store keeper (or the desk).

use crate::cli::block_on;
use crate::service::loaners as service;
use crate::service::requests::At;
use crate::service::Caller;
use crate::store::loans::LoanRecord;
use crate::store::{CustomerRecord, Store, StoreError, UserRecord};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::loaners::{LoanStage, NewLoan, NewLoanerUnit, ReturnInput};
use servicebook_shared::reports::SignInput;
use servicebook_shared::users::Role;

/// product, brand, model, serial, accessories, condition
struct Unit(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const UNITS: &[Unit] = &[
    Unit(
        "ThinkPad T14",
        "Lenovo",
        "20W0",
        "PF-3LN01",
        &["电源适配器", "电脑包"],
        "外壳轻微划痕",
    ),
    Unit(
        "LaserJet Pro M404dn",
        "HP",
        "W1A53A",
        "VNB3K12345",
        &["电源线", "USB 线", "硒鼓"],
        "完好",
    ),
    Unit(
        "S5130S-28S-EI",
        "H3C",
        "S5130S",
        "219801A1YQ",
        &["电源线", "配置线", "挂耳"],
        "完好",
    ),
    Unit(
        "Smart-UPS SRT 3000",
        "APC",
        "SRT3KXLI",
        "AS2017123456",
        &["电池包", "通信线"],
        "电池 2024 年更换",
    ),
];

fn fail(e: StoreError) -> String {
    format!("demo loaners: {e}")
}

fn strokes() -> Vec<Vec<[f32; 2]>> {
    vec![(0..28)
        .map(|k| {
            [
                40.0 + k as f32 * 18.0,
                110.0 + ((k % 5) as f32 - 2.0) * 20.0,
            ]
        })
        .collect()]
}

fn first_with(store: &Store, role: Role) -> Result<Option<UserRecord>, String> {
    for id in store.user_ids_with_role(role).map_err(fail)? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(fail)? {
            if u.active {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
}

fn signed_by(customer: &CustomerRecord, version: u64) -> SignInput {
    SignInput {
        version,
        signer_name: customer
            .contacts
            .first()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "客户代表".into()),
        strokes: strokes(),
    }
}

/// Adds the pool and its loans; returns how many units.
pub fn seed(
    store: &Store,
    customers: &[CustomerRecord],
    now: DateTime<Utc>,
) -> Result<usize, String> {
    let keeper = match first_with(store, Role::Storekeeper)? {
        Some(u) => u,
        None => match first_with(store, Role::Manager)? {
            Some(u) => u,
            None => return Ok(0),
        },
    };
    let who = Caller::of(&keeper);
    let mut units = Vec::new();
    for Unit(product, brand, model, serial, accessories, condition) in UNITS {
        let input = NewLoanerUnit {
            product: (*product).into(),
            brand: (*brand).into(),
            model: (*model).into(),
            serial_number: (*serial).into(),
            asset_tag: format!("BJ-{:03}", units.len() + 1),
            accessories: accessories.iter().map(|a| a.to_string()).collect(),
            condition: (*condition).into(),
            notes: String::new(),
        };
        units.push(block_on(service::create_unit(store, &who, input))?.map_err(fail)?);
    }
    if customers.is_empty() {
        return Ok(units.len());
    }
    let customer = |n: usize| &customers[n % customers.len()];
    // (unit, customer, lent days ago, due days from the lending, returned days ago)
    let plays: [(usize, usize, i64, i64, Option<i64>); 3] = [
        (0, 0, 3, 10, None),
        (1, 1, 20, 14, None),
        (2, 2, 30, 15, Some(16)),
    ];
    for (unit, c, lent_ago, due_in, back_ago) in plays {
        let c = customer(c);
        let lent = now - Duration::days(lent_ago);
        let request = store
            .requests_of_customer(c.meta.id)
            .map_err(fail)?
            .into_iter()
            .next()
            .map(|r| r.meta.id);
        let input = NewLoan {
            unit_id: units[unit].meta.id,
            customer_id: c.meta.id,
            contact: String::new(),
            contact_phone: String::new(),
            request_id: request,
            repair_id: None,
            due_date: lent.date_naive() + Duration::days(due_in),
            condition: String::new(),
            accessories: None,
            notes: String::new(),
            lent_at: None,
        };
        let loan: LoanRecord =
            block_on(service::lend(store, &who, input, At::Past(lent)))?.map_err(fail)?;
        let at = lent + Duration::minutes(10);
        let loan = block_on(service::sign_in_person(
            store,
            &who,
            loan.meta.id,
            LoanStage::HandOver,
            signed_by(c, loan.meta.version),
            At::Past(at),
        ))?
        .map_err(fail)?;
        if let Some(ago) = back_ago {
            let back = now - Duration::days(ago);
            let handed = loan.hand_over.accessories.clone();
            let loan = block_on(service::take_back(
                store,
                &who,
                loan.meta.id,
                ReturnInput {
                    version: loan.meta.version,
                    condition: "完好".into(),
                    accessories_back: handed,
                    notes: "客户设备已修复取回".into(),
                },
                At::Past(back),
            ))?
            .map_err(fail)?;
            block_on(service::sign_in_person(
                store,
                &who,
                loan.meta.id,
                LoanStage::Return,
                signed_by(c, loan.meta.version),
                At::Past(back + Duration::minutes(5)),
            ))?
            .map_err(fail)?;
        }
    }
    Ok(units.len())
}
