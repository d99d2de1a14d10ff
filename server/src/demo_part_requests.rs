//! Demo part requests (备件申请), through the same use cases as the API:
//! a chargeable job whose parts were asked for, reserved, issued, received
//! and consumed on the customer's signed report (so its amount is the
//! quote with the parts at their price); a request waiting for the store
//! keeper; and one issued, waiting for the engineer's receipt.

use crate::cli::block_on;
use crate::service::devices::create_device;
use crate::service::part_requests as pr;
use crate::service::reports;
use crate::service::requests::{self, At};
use crate::service::work_orders;
use crate::service::Caller;
use crate::store::{
    CustomerRecord, LocationRecord, PartRecord, Store, UserRecord, WorkOrderRecord,
};
use servicebook_shared::devices::NewDevice;
use servicebook_shared::part_requests::{
    ApprovePr, IssuePr, NewPartRequest, NewPrLine, PickedPart, ReceivePr, ReceivedLine,
};
use servicebook_shared::reports::{Fix, Outcome, ReportInput, SignInput};
use servicebook_shared::requests::{NewRequest, Source, Urgency};
use servicebook_shared::stock::LocationKind;
use servicebook_shared::users::Role;
use servicebook_shared::work_orders::{
    ActionInput, NewWorkOrder, QuoteInput, Verb, WoState, WorkKind,
};

fn fail(e: crate::store::StoreError) -> String {
    e.to_string()
}

fn user(store: &Store, role: Role, username: Option<&str>) -> Result<Option<UserRecord>, String> {
    if let Some(name) = username {
        if let Some(u) = store.user_by_username(name).map_err(fail)? {
            return Ok(Some(u));
        }
    }
    for id in store.user_ids_with_role(role).map_err(fail)? {
        if let Some(u) = store.get::<UserRecord>(id).map_err(fail)? {
            if u.active {
                return Ok(Some(u));
            }
        }
    }
    Ok(None)
}

fn part(store: &Store, number: &str) -> Result<PartRecord, String> {
    store
        .part_by_number(number)
        .map_err(fail)?
        .ok_or_else(|| format!("demo part {number} is missing"))
}

fn ask(
    store: &Store,
    who: &Caller,
    wo: u64,
    lines: &[(&PartRecord, u32)],
    note: &str,
) -> Result<crate::store::part_requests::PartRequestRecord, String> {
    block_on(pr::create(
        store,
        who,
        NewPartRequest {
            work_order_id: wo,
            lines: lines
                .iter()
                .map(|(p, q)| NewPrLine {
                    part_id: p.meta.id,
                    quantity: *q,
                    note: String::new(),
                })
                .collect(),
            note: note.into(),
        },
    ))?
    .map_err(fail)
}

/// Seeds the three part requests; a one-line summary.
pub fn seed(store: &Store, customers: &[CustomerRecord]) -> Result<String, String> {
    let (Some(desk), Some(keeper), Some(engineer), Some(customer)) = (
        user(store, Role::Dispatcher, None)?,
        user(store, Role::Storekeeper, Some("store.sun"))?,
        user(store, Role::Engineer, None)?,
        customers.first(),
    ) else {
        return Ok("no part requests (demo staff missing)".into());
    };
    let (desk, keeper, eng) = (
        Caller::of(&desk),
        Caller::of(&keeper),
        Caller::of(&engineer),
    );
    let Some(warehouse) = store
        .locations()
        .map_err(fail)?
        .into_iter()
        .find(|l: &LocationRecord| l.kind == LocationKind::Warehouse)
    else {
        return Ok("no part requests (no warehouse)".into());
    };
    let fan = part(store, "01PF160")?;
    let disk = part(store, "01DE353")?;
    let psu = part(store, "SP57A02256")?;
    let psu800 = part(store, "865414-B21")?;

    // A server the customer bought elsewhere, out of warranty and under no
    // contract: chargeable work, so quote, approval, then the work.
    let today = chrono::Utc::now().date_naive();
    let device = block_on(create_device(
        store,
        &desk,
        NewDevice {
            customer_id: customer.meta.id,
            site: "机房".into(),
            product: "服务器".into(),
            brand: "Lenovo".into(),
            model: "ThinkSystem SR650".into(),
            serial_number: "J30A7XQ2".into(),
            install_date: Some(today - chrono::Duration::days(4 * 365)),
            warranty_end: Some(today - chrono::Duration::days(365)),
            ..Default::default()
        },
    ))?
    .map_err(fail)?;
    let contact = customer.contacts.first();
    let request = block_on(requests::log_request(
        store,
        &desk,
        NewRequest {
            source: Source::Phone,
            customer_id: customer.meta.id,
            contact: contact
                .map(|c| format!("{} {}", c.name, c.phone))
                .unwrap_or_default(),
            device_id: Some(device.meta.id),
            description: "服务器风扇报警、硬盘亮黄灯，客户同意付费更换".into(),
            urgency: Urgency::Important,
            fault_level: 2,
            received_at: None,
            site: None,
        },
        At::Now,
    ))?
    .map_err(fail)?;
    let mut wo = block_on(work_orders::create(
        store,
        &desk,
        NewWorkOrder {
            request_id: request.meta.id,
            kind: WorkKind::Field,
            description: String::new(),
            contract_id: None,
            escalated_from: None,
            context: String::new(),
        },
        At::Now,
    ))?
    .map_err(fail)?;
    if wo.chargeable {
        wo = block_on(work_orders::set_quote(
            store,
            &desk,
            wo.meta.id,
            QuoteInput {
                version: wo.meta.version,
                hours: 2.0,
                travel: true,
                parts_amount: fan.price.plus(disk.price),
                parts_note: "风扇模块 ×1，1.2TB 硬盘 ×1".into(),
            },
        ))?
        .map_err(fail)?;
        let by = contact
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "客户".into());
        wo = act(store, &desk, &wo, Verb::ApproveQuote, |i| {
            i.approved_by = by
        })?;
    }
    wo = act(store, &desk, &wo, Verb::Dispatch, |i| {
        i.assignees = vec![engineer.meta.id]
    })?;
    wo = act(store, &eng, &wo, Verb::Start, |_| {})?;
    let asked = ask(
        store,
        &eng,
        wo.meta.id,
        &[(&fan, 1), (&disk, 1)],
        "现场更换",
    )?;
    let approved = block_on(pr::approve(
        store,
        &keeper,
        asked.meta.id,
        ApprovePr {
            version: asked.meta.version,
            location_id: warehouse.meta.id,
        },
    ))?
    .map_err(fail)?;
    let serial = "01DE353-SN0001".to_owned();
    let issued = block_on(pr::issue(
        store,
        &keeper,
        approved.meta.id,
        IssuePr {
            version: approved.meta.version,
            serials: vec![vec![], vec![serial.clone()]],
        },
    ))?
    .map_err(fail)?;
    let kit = issued.kit_location_id.ok_or("the parts went to no kit")?;
    block_on(pr::receive(
        store,
        &eng,
        issued.meta.id,
        ReceivePr {
            version: issued.meta.version,
            lines: vec![
                ReceivedLine {
                    quantity: 1,
                    serials: vec![],
                },
                ReceivedLine {
                    quantity: 1,
                    serials: vec![serial.clone()],
                },
            ],
        },
    ))?
    .map_err(fail)?;
    let (_, draft) = block_on(reports::save_draft(
        store,
        &eng,
        wo.meta.id,
        ReportInput {
            version: 0,
            findings: "系统风扇 3 转速为 0，RAID 中 2 号盘预告警。".into(),
            actions: "更换风扇模块和 2 号硬盘，RAID 重建完成，压力测试 30 分钟正常。".into(),
            fix: Some(Fix::RootCause),
            parts_used: String::new(),
            parts: vec![
                PickedPart {
                    part_id: fan.meta.id,
                    location_id: kit,
                    quantity: 1,
                    serials: vec![],
                },
                PickedPart {
                    part_id: disk.meta.id,
                    location_id: kit,
                    quantity: 1,
                    serials: vec![serial],
                },
            ],
            hours_worked: 2.0,
            travel_hours: 0.5,
            result: Outcome::Resolved,
            customer_remarks: "满意".into(),
        },
    ))?
    .map_err(fail)?;
    block_on(reports::sign_in_person(
        store,
        &eng,
        wo.meta.id,
        SignInput {
            version: draft.meta.version,
            signer_name: contact
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "客户".into()),
            strokes: vec![(0..30)
                .map(|k| {
                    [
                        30.0 + k as f32 * 17.0,
                        120.0 + ((k % 4) as f32 - 1.5) * 25.0,
                    ]
                })
                .collect()],
        },
        At::Now,
    ))?
    .map_err(fail)?;

    // Another open job of the engineer: one request waits for the store
    // keeper, one is issued and waits for the engineer's receipt.
    let (orders, _) = store.list::<WorkOrderRecord>(None, 500).map_err(fail)?;
    let other = orders.iter().find(|w| {
        w.meta.id != wo.meta.id
            && w.assignees.contains(&engineer.meta.id)
            && !matches!(w.state, WoState::Completed | WoState::Cancelled)
    });
    let Some(other) = other else {
        return Ok("1 part request consumed on a signed report".into());
    };
    ask(
        store,
        &eng,
        other.meta.id,
        &[(&psu, 1)],
        "备用电源也有告警，申请一个备用",
    )?;
    let second = ask(store, &eng, other.meta.id, &[(&psu800, 1)], "")?;
    let second = block_on(pr::approve(
        store,
        &keeper,
        second.meta.id,
        ApprovePr {
            version: second.meta.version,
            location_id: warehouse.meta.id,
        },
    ))?
    .map_err(fail)?;
    block_on(pr::issue(
        store,
        &keeper,
        second.meta.id,
        IssuePr {
            version: second.meta.version,
            serials: vec![],
        },
    ))?
    .map_err(fail)?;
    Ok(format!(
        "3 part requests: {} consumed on a signed report, one waiting for the store keeper, one issued awaiting receipt",
        wo.number
    ))
}

fn act(
    store: &Store,
    who: &Caller,
    wo: &WorkOrderRecord,
    verb: Verb,
    fill: impl FnOnce(&mut ActionInput),
) -> Result<WorkOrderRecord, String> {
    let mut input = ActionInput {
        version: wo.meta.version,
        ..Default::default()
    };
    fill(&mut input);
    block_on(work_orders::act(
        store,
        who,
        wo.meta.id,
        verb,
        input,
        At::Now,
    ))?
    .map_err(fail)
}
