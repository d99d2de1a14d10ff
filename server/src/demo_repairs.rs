//! Demo repairs (送修): devices at the counter in every state, one of them
//! overdue, played through the same use cases as the API with the clock
//! set back.

use crate::service::repairs;
use crate::service::requests::At;
use crate::service::Caller;
use crate::store::{DeviceRecord, RepairRecord, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use servicebook_shared::repairs::{
    Accessory, AccessoryItem, Channel, NewRepair, PartLine, RepairActionInput, RepairSheetInput,
    RepairState,
};
use servicebook_shared::Money;

struct Scenario {
    fault: &'static str,
    /// Days before now the device came in.
    days_ago: i64,
    until: RepairState,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        fault: "笔记本无法开机，电源灯不亮",
        days_ago: 0,
        until: RepairState::Received,
    },
    Scenario {
        fault: "打印机进纸异响",
        days_ago: 1,
        until: RepairState::Diagnosing,
    },
    Scenario {
        fault: "Server PSU fan noise",
        days_ago: 2,
        until: RepairState::QuoteSent,
    },
    Scenario {
        fault: "硬盘坏道，系统频繁蓝屏",
        days_ago: 3,
        until: RepairState::QuoteApproved,
    },
    Scenario {
        fault: "屏幕碎裂",
        days_ago: 4,
        until: RepairState::QuoteDeclined,
    },
    Scenario {
        fault: "交换机端口间歇性掉线",
        days_ago: 11,
        until: RepairState::Repairing,
    },
    Scenario {
        fault: "RAID 卡告警",
        days_ago: 5,
        until: RepairState::Ready,
    },
    Scenario {
        fault: "键盘部分按键失灵",
        days_ago: 14,
        until: RepairState::PickedUp,
    },
    Scenario {
        fault: "UPS 电池鼓包",
        days_ago: 9,
        until: RepairState::ReturnedUnrepaired,
    },
];

/// The order of the road a repair travels; a scenario stops at its state.
fn reached(s: &Scenario, state: RepairState) -> bool {
    use RepairState::*;
    let path: &[RepairState] = match s.until {
        QuoteDeclined | ReturnedUnrepaired => &[
            Received,
            Diagnosing,
            QuoteSent,
            QuoteDeclined,
            ReturnedUnrepaired,
        ],
        _ => &[
            Received,
            Diagnosing,
            QuoteSent,
            QuoteApproved,
            Repairing,
            Ready,
            PickedUp,
        ],
    };
    let at = |x| path.iter().position(|p| *p == x);
    matches!((at(state), at(s.until)), (Some(a), Some(b)) if a <= b)
}

/// Adds the scenarios on `devices` (cycled); returns how many repairs.
pub async fn seed(
    store: &Store,
    desk: &Caller,
    engineer: &Caller,
    devices: &[DeviceRecord],
    now: DateTime<Utc>,
) -> Result<usize, StoreError> {
    if devices.is_empty() {
        return Ok(0);
    }
    for (s, device) in SCENARIOS.iter().zip(devices.iter().cycle()) {
        scenario(store, desk, engineer, s, device, now).await?;
    }
    Ok(SCENARIOS.len())
}

async fn scenario(
    store: &Store,
    desk: &Caller,
    engineer: &Caller,
    s: &Scenario,
    device: &DeviceRecord,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let start = now - Duration::days(s.days_ago) - Duration::hours(2);
    let mut when = start;
    let mut next = || {
        when += Duration::minutes(40);
        At::Past(when)
    };
    let taken = repairs::take_in(
        store,
        desk,
        NewRepair {
            device_id: device.meta.id,
            arrival: Default::default(),
            brought_by: "李经理".into(),
            contact_phone: "13800138000".into(),
            accessories: vec![
                AccessoryItem {
                    standard: Some(Accessory::PowerCable),
                    text: String::new(),
                },
                AccessoryItem {
                    standard: Some(Accessory::Box),
                    text: String::new(),
                },
            ],
            condition: "外壳轻微划痕".into(),
            fault: s.fault.into(),
            request_id: None,
        },
        At::Past(start),
    )
    .await?;
    let code = taken.voucher_code;
    let mut r = taken.repair;
    let input = |r: &RepairRecord| RepairActionInput {
        version: r.meta.version,
        ..Default::default()
    };
    if !reached(s, RepairState::Diagnosing) {
        return Ok(());
    }
    r = repairs::diagnose(store, engineer, r.meta.id, input(&r), next()).await?;
    // Covered work may skip the quote, except where the scenario is about it.
    let quoted = r.chargeable
        || matches!(
            s.until,
            RepairState::QuoteSent
                | RepairState::QuoteApproved
                | RepairState::QuoteDeclined
                | RepairState::ReturnedUnrepaired
        );
    if quoted && reached(s, RepairState::QuoteSent) {
        let q = RepairActionInput {
            amount: Some(Money::from_major(450)),
            quote_text: "更换故障部件，含工时".into(),
            ..input(&r)
        };
        r = repairs::send_quote(store, engineer, r.meta.id, q, next()).await?;
        let answer = RepairActionInput {
            answered_by: "李经理".into(),
            channel: Some(Channel::Phone),
            ..input(&r)
        };
        if reached(s, RepairState::QuoteDeclined) {
            r = repairs::decline_quote(store, desk, r.meta.id, answer, next()).await?;
        } else if reached(s, RepairState::QuoteApproved) {
            r = repairs::approve_quote(store, desk, r.meta.id, answer, next()).await?;
        }
    }
    if reached(s, RepairState::ReturnedUnrepaired) {
        let back = RepairActionInput {
            voucher_code: Some(code),
            returned: vec![0, 1],
            ..input(&r)
        };
        repairs::return_unrepaired(store, desk, r.meta.id, back, next()).await?;
        return Ok(());
    }
    if !reached(s, RepairState::Repairing) {
        return Ok(());
    }
    r = repairs::start_repair(store, engineer, r.meta.id, input(&r), next()).await?;
    let sheet = RepairSheetInput {
        version: r.meta.version,
        findings: "故障部件老化".into(),
        actions: "更换部件并做老化测试".into(),
        parts: vec![PartLine {
            part: "替换件".into(),
            quantity: 1,
            amount: Money::from_major(300),
            part_id: None,
            serials: vec![],
        }],
        minutes: 90,
        engineer: String::new(),
    };
    r = repairs::save_sheet(store, engineer, r.meta.id, sheet).await?;
    if !reached(s, RepairState::Ready) {
        return Ok(());
    }
    r = repairs::mark_ready(store, engineer, r.meta.id, input(&r), next()).await?;
    if !reached(s, RepairState::PickedUp) {
        return Ok(());
    }
    let pickup = RepairActionInput {
        voucher_code: Some(code),
        returned: vec![0],
        missing_note: "包装盒客户不要了".into(),
        ..input(&r)
    };
    repairs::pick_up(store, desk, r.meta.id, pickup, next()).await?;
    Ok(())
}
