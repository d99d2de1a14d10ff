//! Part requests (备件申请) against a work order: asked by its engineer,
//! reserved and issued by the store keeper, confirmed on receipt; the
//! report's parts picked from what was issued, consumed when the customer
//! signs and priced into chargeable work; unused parts returned; and the
//! refusals (wrong role, stale version, the last unit approved twice at
//! once, more than was issued).

use crate::parts::{parts_setup, Parts};
use crate::reports::{put, report_body, strokes};
use serde_json::{json, Value};

struct Shop {
    p: Parts,
    warehouse: u64,
    wo: Value,
}

impl Shop {
    fn keeper(&self) -> &str {
        &self.p.keeper
    }

    fn wang(&self) -> &str {
        &self.p.d.wang.1
    }

    fn wo_id(&self) -> u64 {
        self.wo["id"].as_u64().unwrap()
    }

    fn receive(&self, part: u64, quantity: u32, serials: &[&str]) {
        let (status, m) = self.p.post(
            self.keeper(),
            "/api/stock/movements",
            json!({"kind": "receive", "part_id": part, "quantity": quantity,
                   "to_location_id": self.warehouse, "serials": serials}),
        );
        assert_eq!(status, 201, "{m}");
    }

    /// (on hand, reserved, available) of a part at a location.
    fn balance(&self, part: u64, location: u64) -> (u64, u64, u64) {
        let (status, page) = self.p.get_as(
            self.keeper(),
            &format!("/api/stock?part_id={part}&location_id={location}"),
        );
        assert_eq!(status, 200, "{page}");
        match page["items"].as_array().unwrap().first() {
            None => (0, 0, 0),
            Some(b) => (
                b["on_hand"].as_u64().unwrap(),
                b["reserved"].as_u64().unwrap(),
                b["available"].as_u64().unwrap(),
            ),
        }
    }

    fn ask(&self, token: &str, lines: Value) -> (u16, Value) {
        self.p.post(
            token,
            "/api/part-requests",
            json!({"work_order_id": self.wo_id(), "lines": lines, "note": "客户现场急用"}),
        )
    }

    fn act(&self, token: &str, r: &Value, verb: &str, mut body: Value) -> (u16, Value) {
        if body.get("version").is_none() {
            body["version"] = r["version"].clone();
        }
        self.p.post(
            token,
            &format!("/api/part-requests/{}/actions/{verb}", r["id"]),
            body,
        )
    }

    fn ok(&self, token: &str, r: &Value, verb: &str, body: Value) -> Value {
        let (status, next) = self.act(token, r, verb, body);
        assert_eq!(status, 200, "{verb}: {next}");
        next
    }

    fn parts(&self) -> Value {
        let (status, p) = self.p.get_as(
            self.wang(),
            &format!("/api/work-orders/{}/parts", self.wo_id()),
        );
        assert_eq!(status, 200, "{p}");
        p
    }
}

/// A chargeable work order with an approved quote (2 h, travel, 120.50 of
/// estimated parts: 820.50), dispatched to 王工 and started.
fn shop() -> Shop {
    let p = parts_setup();
    let d = &p.d;
    let (status, w) = p.post(
        &p.keeper,
        "/api/stock/locations",
        json!({"name": "主仓库", "kind": "warehouse"}),
    );
    assert_eq!(status, 201, "{w}");
    let warehouse = w["id"].as_u64().unwrap();
    let customer = d.a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let old = d.a.device(customer, "SN-OLD-PR", "2019-03-01");
    let request = d.request(Some(old), customer, "normal");
    let wo = d.work_order(&request, "field");
    assert_eq!(wo["chargeable"], true);
    let (status, w) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "{w}");
    let r = d.a.server.call("PUT", &format!("/api/work-orders/{}/quote", wo["id"]), Some(&d.dispatcher),
        Some(json!({"version": w["version"], "hours": 2.0, "travel": true, "parts_amount": 12050, "parts_note": "电源"})));
    assert_eq!(r.status, 200, "{}", r.text());
    let (status, a) = d.act(
        &d.dispatcher,
        &wo,
        "approve-quote",
        json!({"approved_by": "Joe"}),
    );
    assert_eq!(status, 200, "{a}");
    let (status, w) = d.act(&d.wang.1, &wo, "start", json!({}));
    assert_eq!(status, 200, "{w}");
    Shop { p, warehouse, wo }
}

#[test]
fn requested_parts_go_from_the_warehouse_to_the_signed_report_and_unused_ones_come_back() {
    let s = shop();
    let k = s.keeper().to_owned();
    let psu = s.p.part("PSU-750W", false, json!([]))["id"]
        .as_u64()
        .unwrap();
    let disk = s.p.part("HDD-2T", true, json!([]))["id"].as_u64().unwrap();
    s.receive(psu, 5, &[]);
    s.receive(disk, 2, &["D-1", "D-2"]);

    // The engineer asks; the store keeper reserves at the warehouse.
    let (status, r) = s.ask(
        s.wang(),
        json!([{"part_id": psu, "quantity": 2}, {"part_id": disk, "quantity": 1, "note": "RAID 1"}]),
    );
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["state"], "requested");
    assert_eq!(r["engineer_name"], "王工");
    let (_, queue) = s.p.get_as(&k, "/api/part-requests?state=requested");
    assert_eq!(queue["items"][0]["id"], r["id"]);
    let r = s.ok(&k, &r, "approve", json!({"location_id": s.warehouse}));
    assert_eq!(r["state"], "approved");
    assert_eq!(s.balance(psu, s.warehouse), (5, 2, 3));
    assert_eq!(s.balance(disk, s.warehouse), (2, 1, 1));

    // Issued by serial to 王工's kit: the reservation is used up.
    let (status, p) = s.act(&k, &r, "issue", json!({"serials": [[], []]}));
    assert_eq!(status, 422, "the disk needs its serial: {p}");
    let r = s.ok(&k, &r, "issue", json!({"serials": [[], ["d-1"]]}));
    assert_eq!(r["state"], "issued");
    let kit = r["kit_location_id"].as_u64().unwrap();
    assert_eq!(r["lines"][1]["issued_serials"], json!(["D-1"]));
    assert_eq!(s.balance(psu, s.warehouse), (3, 0, 3));
    assert_eq!(s.balance(psu, kit), (2, 0, 2));
    assert_eq!(s.balance(disk, kit), (1, 0, 1));

    // 王工 confirms what arrived: it matches.
    let r = s.ok(
        s.wang(),
        &r,
        "receive",
        json!({"lines": [{"quantity": 2}, {"quantity": 1, "serials": ["D-1"]}]}),
    );
    assert_eq!(r["state"], "received");
    assert_eq!(r["discrepancies"], json!([]));
    let parts = s.parts();
    assert_eq!(parts["requests"][0]["id"], r["id"]);
    let outstanding: Vec<(u64, u64)> = parts["issued"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["part_id"].as_u64().unwrap(),
                i["outstanding"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(outstanding, vec![(psu, 2), (disk, 1)]);

    // The report picks from what was issued: never more, never another serial.
    let wo = s.wo_id();
    let with = |parts: Value| {
        let mut body = report_body();
        body["parts"] = parts;
        body
    };
    let (status, p) = put(
        &s.p.d.a,
        s.wang(),
        wo,
        with(json!([{"part_id": psu, "location_id": kit, "quantity": 3}])),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["parts[0].quantity"].is_string(), "{p}");
    let (status, p) = put(
        &s.p.d.a,
        s.wang(),
        wo,
        with(json!([{"part_id": disk, "location_id": kit, "quantity": 1, "serials": ["D-2"]}])),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["parts[0].serials"].is_string(), "{p}");
    let (status, report) = put(
        &s.p.d.a,
        s.wang(),
        wo,
        with(json!([{"part_id": psu, "location_id": kit, "quantity": 1},
                     {"part_id": disk, "location_id": kit, "quantity": 1, "serials": ["D-1"]}])),
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["parts"][0]["unit_price"], 198000);
    assert_eq!(report["parts"][1]["part_number"], "HDD-2T");
    assert_eq!(report["parts_consumed"], false);
    // 820.50 quoted, of which 120.50 estimated parts, replaced by 2 × 1,980.00.
    assert_eq!(report["amount"], 82050 - 12050 + 2 * 198000);
    assert_eq!(s.balance(psu, kit), (2, 0, 2), "a draft consumes nothing");

    // The customer signs: the parts are consumed in the same write.
    let (status, signed) = s.p.post(
        s.wang(),
        &format!("/api/work-orders/{wo}/report/sign"),
        json!({"version": report["version"], "signer_name": "Joe", "strokes": strokes()}),
    );
    assert_eq!(status, 200, "{signed}");
    assert_eq!(signed["parts_consumed"], true);
    assert_eq!(s.balance(psu, kit), (1, 0, 1));
    assert_eq!(s.balance(disk, kit), (0, 0, 0));
    let (_, serials) = s.p.get_as(&k, &format!("/api/stock?part_id={disk}"));
    assert_eq!(
        serials["items"][0]["serials"],
        json!(["D-2"]),
        "D-1 was used"
    );

    // A correction keeps the consumed parts; it cannot change them.
    let (status, rev) = crate::reports::revise(&s.p.d.a, s.wang(), wo);
    assert_eq!(status, 201, "{rev}");
    assert_eq!(rev["parts"], signed["parts"]);
    let (status, p) = put(&s.p.d.a, s.wang(), wo, with(json!([])));
    assert_eq!(status, 409, "{p}");

    // The unused PSU goes back to the warehouse; no more than is out.
    let back = |body: Value| {
        s.p.post(
            s.wang(),
            &format!("/api/work-orders/{wo}/parts/returns"),
            body,
        )
    };
    let (status, p) = back(
        json!({"part_id": psu, "from_location_id": kit, "to_location_id": s.warehouse, "quantity": 2}),
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["quantity"].is_string(), "{p}");
    let (status, p) = back(
        json!({"part_id": disk, "from_location_id": kit, "to_location_id": s.warehouse, "quantity": 1, "serials": ["D-2"]}),
    );
    assert_eq!(status, 422, "nothing of the disk is out any more: {p}");
    let (status, m) = back(
        json!({"part_id": psu, "from_location_id": kit, "to_location_id": s.warehouse, "quantity": 1}),
    );
    assert_eq!(status, 201, "{m}");
    assert_eq!(m["kind"], "return_good");
    assert_eq!(s.balance(psu, kit), (0, 0, 0));
    assert_eq!(s.balance(psu, s.warehouse), (4, 0, 4));
    let issued = &s.parts()["issued"];
    assert_eq!(issued[0]["outstanding"], 0);
    assert_eq!(
        (
            issued[0]["consumed"].as_u64(),
            issued[0]["returned"].as_u64()
        ),
        (Some(1), Some(1))
    );

    // The kept balances still agree with a replay of the movements.
    let (_, check) = s.p.get_as(&k, "/api/stock/check");
    assert_eq!(check["mismatches"], json!([]), "{check}");
}

#[test]
fn part_requests_refuse_the_wrong_role_a_stale_version_and_the_last_unit_twice() {
    let s = shop();
    let k = s.keeper().to_owned();
    let d = &s.p.d;
    let psu = s.p.part("PSU-550W", false, json!([]))["id"]
        .as_u64()
        .unwrap();
    s.receive(psu, 1, &[]);
    let line = json!([{"part_id": psu, "quantity": 1}]);

    // Only the work order's engineers (or a manager) ask.
    let (status, p) = s.ask(&d.zhao.1, line.clone());
    assert_eq!(status, 403, "not his work order: {p}");
    let (status, p) = s.ask(&d.dispatcher, line.clone());
    assert_eq!(status, 403, "{p}");
    let (status, p) = s.ask(s.wang(), json!([{"part_id": psu, "quantity": 0}]));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["lines[0].quantity"].is_string(), "{p}");
    let (status, first) = s.ask(s.wang(), line.clone());
    assert_eq!(status, 201, "{first}");
    let (status, second) = s.ask(&d.manager, line.clone());
    assert_eq!(
        status, 201,
        "a manager asks for the work order's engineer: {second}"
    );
    assert_eq!(second["engineer_id"], d.wang.0);

    // Only the store keeper or a manager decides; with the version they read.
    let (status, p) = s.act(
        s.wang(),
        &first,
        "approve",
        json!({"location_id": s.warehouse}),
    );
    assert_eq!(status, 403, "{p}");
    let (status, p) = s.act(
        &k,
        &first,
        "approve",
        json!({"version": 99, "location_id": s.warehouse}),
    );
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "/problems/stale-version");
    let (status, p) = s.act(&k, &first, "receive", json!({"lines": [{"quantity": 1}]}));
    assert_eq!(status, 403, "{p}");
    let (status, p) = s.act(&k, &first, "issue", json!({}));
    assert_eq!(status, 409, "not approved yet: {p}");

    // Two approvals of the last unit at once: one reserves it, one 409.
    let barrier = std::sync::Barrier::new(2);
    let answers: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = [&first, &second]
            .into_iter()
            .map(|r| {
                let (s, k, barrier) = (&s, &k, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    s.act(k, r, "approve", json!({"location_id": s.warehouse}))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    statuses.sort();
    assert_eq!(statuses, vec![200, 409], "{answers:?}");
    let refused = answers.iter().find(|(s, _)| *s == 409).unwrap();
    assert_eq!(
        refused.1["type"], "/problems/insufficient-stock",
        "{answers:?}"
    );
    assert_eq!(s.balance(psu, s.warehouse), (1, 1, 0));
    let (approved, waiting) = if answers[0].0 == 200 {
        (answers[0].1.clone(), second.clone())
    } else {
        (answers[1].1.clone(), first.clone())
    };

    // Cancelling the approved request gives the unit back; the waiting one
    // is rejected with a reason.
    let cancelled = s.ok(s.wang(), &approved, "cancel", json!({"reason": "客户自备"}));
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(s.balance(psu, s.warehouse), (1, 0, 1));
    let (status, p) = s.act(&k, &waiting, "reject", json!({"reason": " "}));
    assert_eq!(status, 422, "{p}");
    let waiting = s.ok(&k, &waiting, "approve", json!({"location_id": s.warehouse}));
    let issued = s.ok(&k, &waiting, "issue", json!({}));
    let (status, p) = s.act(s.wang(), &issued, "cancel", json!({}));
    assert_eq!(status, 409, "issued parts are returned, not cancelled: {p}");

    // A receipt that does not match is kept for the store keeper.
    let (status, p) = s.act(
        &d.zhao.1,
        &issued,
        "receive",
        json!({"lines": [{"quantity": 1}]}),
    );
    assert_eq!(status, 403, "not his kit: {p}");
    let got = s.ok(
        s.wang(),
        &issued,
        "receive",
        json!({"lines": [{"quantity": 0}]}),
    );
    assert_eq!(got["state"], "received");
    assert_eq!(got["discrepancies"][0]["issued"], 1);
    assert_eq!(got["discrepancies"][0]["received"], 0);
    let (_, to_settle) = s.p.get_as(&k, "/api/part-requests?discrepancies=true");
    let ids: Vec<&Value> = to_settle["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, vec![&got["id"]]);
}

#[test]
fn the_demo_has_part_requests_waiting_issued_and_consumed_on_a_signed_report() {
    let server = servicebook_tests::TestServer::start_with(&["--demo"]);
    let r = server.login("store.sun", "servicebook demo 2026");
    assert_eq!(r.status, 200, "{}", r.text());
    let token = r.json()["token"].as_str().unwrap().to_owned();
    let get = |path: &str| -> Value {
        let r = server.call("GET", path, Some(&token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    };
    for state in ["requested", "issued"] {
        let page = get(&format!("/api/part-requests?state={state}"));
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            1,
            "{state}: {page}"
        );
    }
    let received = get("/api/part-requests?state=received");
    let done = &received["items"][0];
    let report = get(&format!(
        "/api/work-orders/{}/report",
        done["work_order_id"]
    ));
    assert_eq!(report["parts_consumed"], true, "{report}");
    assert_eq!(report["parts"].as_array().unwrap().len(), 2);
    let wo = get(&format!("/api/work-orders/{}", done["work_order_id"]));
    assert_eq!(wo["chargeable"], true, "{wo}");
    let quote = &wo["quote"];
    let parts: i64 = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["unit_price"].as_i64().unwrap() * p["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(
        report["amount"].as_i64(),
        Some(quote["total"].as_i64().unwrap() - quote["parts_amount"].as_i64().unwrap() + parts)
    );
}

#[test]
fn a_repair_record_uses_parts_from_stock_and_keeps_those_lines() {
    let c = crate::repairs::setup();
    let (_, keeper) = c.server.user(&c.admin, "store.sun", &["storekeeper"]);
    let (status, w) = c.post(
        &keeper,
        "/api/stock/locations",
        json!({"name": "主仓库", "kind": "warehouse"}),
    );
    assert_eq!(status, 201, "{w}");
    let warehouse = w["id"].as_u64().unwrap();
    let (status, part) = c.post(
        &keeper,
        "/api/parts",
        json!({"part_number": "KB-T14", "name_zh": "T14 键盘", "name_en": "T14 keyboard", "price": 35000, "unit": "个"}),
    );
    assert_eq!(status, 201, "{part}");
    let part = part["id"].as_u64().unwrap();
    let (status, m) = c.post(
        &keeper,
        "/api/stock/movements",
        json!({"kind": "receive", "part_id": part, "quantity": 3, "to_location_id": warehouse}),
    );
    assert_eq!(status, 201, "{m}");
    let (r, _) = c.take_in(c.new_device);
    let id = r["id"].as_u64().unwrap();
    let use_part = |token: &str, version: &Value, quantity: u32| {
        c.post(token, &format!("/api/repairs/{id}/parts"),
            json!({"version": version, "part_id": part, "location_id": warehouse, "quantity": quantity}))
    };
    let (status, p) = use_part(&c.eng, &c.read(id)["version"], 1);
    assert_eq!(status, 409, "not before diagnosis: {p}");
    ok_action(&c, id);

    let version = c.read(id)["version"].clone();
    let (status, p) = use_part(&c.desk, &version, 1);
    assert_eq!(status, 403, "{p}");
    let (status, p) = use_part(&c.eng, &version, 5);
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "/problems/insufficient-stock");
    let (status, p) = use_part(&c.eng, &json!(999), 1);
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "/problems/stale-version");
    let (status, r) = use_part(&c.eng, &version, 1);
    assert_eq!(status, 200, "{r}");
    let line = &r["sheet"]["parts"][0];
    assert_eq!(
        (
            line["part_id"].as_u64(),
            line["quantity"].as_u64(),
            line["amount"].as_i64()
        ),
        (Some(part), Some(1), Some(35000))
    );
    assert!(
        line["part"].as_str().unwrap().starts_with("KB-T14"),
        "{line}"
    );
    let (_, stock) = c.get(&keeper, &format!("/api/stock?part_id={part}"));
    let on_hand: Vec<(u64, u64)> = stock["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["location_id"].as_u64().unwrap(),
                b["on_hand"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(on_hand.contains(&(warehouse, 2)), "{stock}");
    assert_eq!(
        on_hand.iter().map(|(_, n)| n).sum::<u64>(),
        2,
        "issued to the kit and used: {stock}"
    );

    // Saving the record's free-text lines keeps the line from stock.
    let (status, r) = c.put(&c.eng, &format!("/api/repairs/{id}/record"),
        json!({"version": r["version"], "findings": "键盘进水", "parts": [{"part": "清洁", "quantity": 1}]}));
    assert_eq!(status, 200, "{r}");
    let parts = r["sheet"]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{r}");
    assert_eq!(parts[0]["part_id"].as_u64(), Some(part));
    assert_eq!(parts[1]["part"], "清洁");
}

fn ok_action(c: &crate::repairs::Counter, id: u64) {
    let (status, r) = c.act(&c.eng, id, "diagnose", json!({"note": "键盘失灵"}));
    assert_eq!(status, 200, "{r}");
}
