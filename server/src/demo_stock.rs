//! Demo spare parts and stock, through the same use cases as the API: a
//! main warehouse and a faulty shelf, ~15 realistic parts (disks with
//! serials, power supplies, memory, toner, fans, switch modules), stock
//! received from suppliers, kits issued to the demo engineers, a couple of
//! parts at or below their reorder point, and parts used on the demo work
//! orders by the engineers who do them.

use crate::cli::block_on;
use crate::service::parts::create_part;
use crate::service::stock::{create_location, move_stock};
use crate::service::Caller;
use crate::store::{LocationRecord, Store, UserRecord, WorkOrderRecord};
use servicebook_shared::parts::{NewPart, ReorderRule};
use servicebook_shared::stock::{LocationKind, MovementKind, NewLocation, NewMovement};
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::WoState;
use servicebook_shared::Money;

struct DemoPart {
    number: &'static str,
    zh: &'static str,
    en: &'static str,
    models: &'static [&'static str],
    /// Yuan.
    cost: i64,
    price: i64,
    unit: &'static str,
    supplier: &'static str,
    serial: bool,
    /// Received into the warehouse.
    received: u32,
    /// (point, quantity) at the warehouse.
    rule: (u32, u32),
}

#[allow(clippy::too_many_arguments)]
const fn part(
    number: &'static str,
    zh: &'static str,
    en: &'static str,
    models: &'static [&'static str],
    (cost, price): (i64, i64),
    unit: &'static str,
    supplier: &'static str,
    serial: bool,
    received: u32,
    rule: (u32, u32),
) -> DemoPart {
    DemoPart {
        number,
        zh,
        en,
        models,
        cost,
        price,
        unit,
        supplier,
        serial,
        received,
        rule,
    }
}

#[rustfmt::skip]
const PARTS: &[DemoPart] = &[
    part("00WG690", "600GB 10K SAS 硬盘", "600GB 10K SAS HDD", &["ThinkSystem SR650", "ThinkSystem SR550"], (980, 1580), "块", "联想", true, 6, (2, 4)),
    part("01DE353", "1.2TB 10K SAS 硬盘", "1.2TB 10K SAS HDD", &["ThinkSystem SR650", "DE2000H"], (1450, 2280), "块", "联想", true, 3, (2, 4)),
    part("P04545-B21", "1.92TB SATA SSD", "1.92TB SATA SSD", &["ProLiant DL380 Gen10"], (2650, 3980), "块", "慧与", true, 2, (1, 2)),
    part("865414-B21", "800W 热插拔电源", "800W hot-plug PSU", &["ProLiant DL380 Gen10", "ProLiant DL360 Gen10"], (1180, 1880), "个", "慧与", false, 4, (1, 2)),
    part("SP57A02256", "750W 铂金电源", "750W Platinum PSU", &["ThinkSystem SR650"], (860, 1380), "个", "联想", false, 3, (1, 2)),
    part("4ZC7A08709", "32GB DDR4-2933 内存", "32GB DDR4-2933 RDIMM", &["ThinkSystem SR650", "ThinkSystem SR550"], (1050, 1650), "条", "联想", false, 8, (2, 4)),
    part("P00924-B21", "32GB DDR4-2933 内存（HPE）", "32GB DDR4-2933 RDIMM (HPE)", &["ProLiant DL380 Gen10"], (1120, 1720), "条", "慧与", false, 4, (2, 4)),
    part("CE285A", "85A 黑色硒鼓", "85A black toner cartridge", &["LaserJet P1102", "LaserJet M1132"], (320, 460), "个", "惠普", false, 12, (5, 10)),
    part("CF226A", "26A 黑色硒鼓", "26A black toner cartridge", &["LaserJet Pro M402", "LaserJet Pro M426"], (560, 780), "个", "惠普", false, 2, (3, 6)),
    part("TN-2425", "兄弟 TN-2425 粉盒", "Brother TN-2425 toner", &["HL-L2375DW", "MFC-L2715DW"], (260, 390), "个", "兄弟", false, 1, (2, 5)),
    part("01PF160", "系统风扇模块", "System fan module", &["ThinkSystem SR650"], (380, 620), "个", "联想", false, 5, (2, 4)),
    part("875075-B21", "高性能风扇套件", "High-performance fan kit", &["ProLiant DL380 Gen10"], (720, 1080), "套", "慧与", false, 2, (1, 2)),
    part("JL677A", "Aruba 6100 48G 交换机", "Aruba 6100 48G switch", &["Aruba 6100"], (9800, 13800), "台", "慧与", true, 1, (0, 1)),
    part("SFP-10G-SR", "10G SR 多模光模块", "10G SR multimode SFP+", &["Catalyst 9300", "Aruba 6100", "S5735"], (260, 450), "个", "思科", false, 10, (4, 8)),
    part("LSW-S5735-PWR", "交换机电源模块 600W", "Switch PSU module 600W", &["S5735"], (1480, 2200), "个", "华为", false, 2, (1, 2)),
];

fn fail(e: crate::store::StoreError) -> String {
    e.to_string()
}

/// Seeds the parts and stock; a one-line summary for the demo's report.
pub fn seed(store: &Store) -> Result<String, String> {
    let system = Caller::system();
    let keeper = match store.user_by_username("store.sun").map_err(fail)? {
        Some(u) => Caller::of(&u),
        None => system.clone(),
    };
    let warehouse = block_on(create_location(
        store,
        &system,
        NewLocation {
            name: "主仓库".into(),
            kind: LocationKind::Warehouse,
            engineer_id: None,
        },
    ))?
    .map_err(fail)?;
    let faulty = block_on(create_location(
        store,
        &system,
        NewLocation {
            name: "坏件架".into(),
            kind: LocationKind::FaultyShelf,
            engineer_id: None,
        },
    ))?
    .map_err(fail)?;
    let mut parts = Vec::new();
    for (n, p) in PARTS.iter().enumerate() {
        let saved = block_on(create_part(
            store,
            &keeper,
            NewPart {
                part_number: p.number.into(),
                name_zh: p.zh.into(),
                name_en: p.en.into(),
                compatible_models: p.models.iter().map(|m| m.to_string()).collect(),
                unit_cost: Money::from_major(p.cost),
                price: Money::from_major(p.price),
                unit: p.unit.into(),
                supplier: p.supplier.into(),
                serial_tracked: p.serial,
                reorder: vec![ReorderRule {
                    location_id: warehouse.meta.id,
                    point: p.rule.0,
                    quantity: p.rule.1,
                }],
                notes: String::new(),
            },
        ))?
        .map_err(fail)?;
        let serials = serials_of(p, 0, p.received);
        block_on(move_stock(
            store,
            &keeper,
            NewMovement {
                kind: Some(MovementKind::Receive),
                part_id: saved.meta.id,
                quantity: Some(p.received),
                to_location_id: Some(warehouse.meta.id),
                serials,
                supplier: p.supplier.into(),
                reference: format!("DN-2026-{:04}", 101 + n),
                ..Default::default()
            },
        ))?
        .map_err(fail)?;
        parts.push(saved);
    }
    // Kits for the demo engineers, against the open work orders they do.
    let mut engineers = Vec::new();
    for id in store.user_ids_with_role(Role::Engineer).map_err(fail)? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(fail)? {
            engineers.push(u);
        }
    }
    let (orders, _) = store.list::<WorkOrderRecord>(None, 500).map_err(fail)?;
    let open: Vec<&WorkOrderRecord> = orders
        .iter()
        .filter(|w| !matches!(w.state, WoState::Completed | WoState::Cancelled))
        .collect();
    let mut issued = 0;
    let mut used = 0;
    for (k, engineer) in engineers.iter().enumerate() {
        let Some(order) = open
            .iter()
            .find(|w| w.assignees.contains(&engineer.meta.id))
            .or_else(|| open.get(k))
        else {
            continue;
        };
        // Disk, memory and an SFP for each engineer; toner for the printer man.
        for (which, qty) in [(0usize, 1u32), (5, 2), (13, 2), (7 + k % 2, 1)] {
            let p = &PARTS[which];
            let from = issued_so_far(which, &engineers[..k]);
            let serials = serials_of(p, from, qty);
            block_on(move_stock(
                store,
                &keeper,
                NewMovement {
                    kind: Some(MovementKind::Issue),
                    part_id: parts[which].meta.id,
                    quantity: Some(qty),
                    from_location_id: Some(warehouse.meta.id),
                    engineer_id: Some(engineer.meta.id),
                    work_order_id: Some(order.meta.id),
                    serials,
                    ..Default::default()
                },
            ))?
            .map_err(fail)?;
            issued += qty;
        }
        // The engineer on the work order uses a part of it from their kit
        // (the memory), and brings back a faulty disk he replaced.
        if order.assignees.contains(&engineer.meta.id) {
            let me = Caller::of(engineer);
            let kit: LocationRecord = store
                .kit_of(engineer.meta.id)
                .map_err(fail)?
                .ok_or("the kit was not made")?;
            block_on(move_stock(
                store,
                &me,
                NewMovement {
                    kind: Some(MovementKind::Consume),
                    part_id: parts[5].meta.id,
                    quantity: Some(1),
                    from_location_id: Some(kit.meta.id),
                    work_order_id: Some(order.meta.id),
                    ..Default::default()
                },
            ))?
            .map_err(fail)?;
            used += 1;
            if k == 0 {
                let serials = serials_of(&PARTS[0], issued_so_far(0, &[]), 1);
                block_on(move_stock(
                    store,
                    &me,
                    NewMovement {
                        kind: Some(MovementKind::ReturnFaulty),
                        part_id: parts[0].meta.id,
                        quantity: Some(1),
                        from_location_id: Some(kit.meta.id),
                        to_location_id: Some(faulty.meta.id),
                        serials,
                        reason: "客户现场替换下的故障盘".into(),
                        ..Default::default()
                    },
                ))?
                .map_err(fail)?;
            }
        }
    }
    let low = store
        .reorders_in(servicebook_shared::stock::ReorderState::Open)
        .map_err(fail)?
        .len();
    Ok(format!(
        "{} parts in 主仓库, {issued} issued to engineers' kits, {used} used on work orders, {low} on the reorder list",
        PARTS.len()
    ))
}

/// Serials `from .. from + n` of a serial-tracked demo part (none for the
/// others).
fn serials_of(p: &DemoPart, from: u32, n: u32) -> Vec<String> {
    if !p.serial {
        return Vec::new();
    }
    (from..from + n)
        .map(|k| format!("{}-SN{:04}", p.number.replace('-', ""), 1 + k))
        .collect()
}

/// How many of part `which` earlier engineers were issued (so serials
/// follow on).
fn issued_so_far(which: usize, earlier: &[UserRecord]) -> u32 {
    if which == 0 {
        earlier.len() as u32
    } else {
        0
    }
}
