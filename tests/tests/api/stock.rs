//! Stock as movements: every kind of movement and its refusals, serials
//! tracked to their location, the reorder list without duplicates, and who
//! may move what (concurrent writes: `stock_concurrency.rs`).

use crate::parts::{parts_setup, Parts};
use serde_json::{json, Value};

pub(crate) struct Stock {
    pub p: Parts,
    pub warehouse: u64,
    pub faulty: u64,
    pub wo: u64,
}

pub(crate) fn stock_setup() -> Stock {
    let p = parts_setup();
    let loc = |name: &str, kind: &str| {
        let (status, l) = p.post(
            &p.keeper,
            "/api/stock/locations",
            json!({"name": name, "kind": kind}),
        );
        assert_eq!(status, 201, "{l}");
        l["id"].as_u64().unwrap()
    };
    let warehouse = loc("主仓库", "warehouse");
    let faulty = loc("坏件架", "faulty_shelf");
    let customer =
        p.d.a
            .customer("深圳华为技术有限公司", "李经理", "13800138000");
    let request = p.d.request(None, customer, "normal");
    let wo = p.d.work_order(&request, "field")["id"].as_u64().unwrap();
    Stock {
        p,
        warehouse,
        faulty,
        wo,
    }
}

impl Stock {
    pub(crate) fn keeper(&self) -> &str {
        &self.p.keeper
    }

    pub(crate) fn wang(&self) -> (u64, &str) {
        (self.p.d.wang.0, &self.p.d.wang.1)
    }

    pub(crate) fn zhao(&self) -> (u64, &str) {
        (self.p.d.zhao.0, &self.p.d.zhao.1)
    }

    pub(crate) fn mv(&self, token: &str, body: Value) -> (u16, Value) {
        self.p.post(token, "/api/stock/movements", body)
    }

    pub(crate) fn ok(&self, token: &str, body: Value) -> Value {
        let (status, m) = self.mv(token, body.clone());
        assert_eq!(status, 201, "{body} → {m}");
        m
    }

    pub(crate) fn refused(&self, token: &str, body: Value, status: u16, code: &str) -> Value {
        let (got, m) = self.mv(token, body.clone());
        assert_eq!(got, status, "{body} → {m}");
        assert_eq!(m["type"], format!("/problems/{code}"), "{body} → {m}");
        m
    }

    /// (on hand, reserved, available) of a part at a location.
    pub(crate) fn balance(&self, part: u64, location: u64) -> (u64, u64, u64) {
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

    pub(crate) fn serials(&self, part: u64, location: u64) -> Vec<String> {
        let (_, page) = self.p.get_as(
            self.keeper(),
            &format!("/api/stock?part_id={part}&location_id={location}"),
        );
        page["items"]
            .as_array()
            .unwrap()
            .first()
            .map(|b| serde_json::from_value(b["serials"].clone()).unwrap())
            .unwrap_or_default()
    }

    pub(crate) fn kit_of(&self, engineer: u64) -> Option<u64> {
        let (_, page) = self.p.get_as(
            self.keeper(),
            &format!("/api/stock/locations?engineer_id={engineer}"),
        );
        page["items"][0]["id"].as_u64()
    }

    pub(crate) fn part_id(&self, number: &str, serial: bool, reorder: Value) -> u64 {
        self.p.part(number, serial, reorder)["id"].as_u64().unwrap()
    }
}

#[test]
fn every_kind_of_movement_moves_stock_where_it_says() {
    let s = stock_setup();
    let (wang, wang_token) = s.wang();
    let psu = s.part_id("PSU-750W", false, json!([]));
    let k = s.keeper();

    let m = s.ok(
        k,
        json!({"kind": "receive", "part_id": psu, "quantity": 10, "to_location_id": s.warehouse,
                           "supplier": "联想", "reference": "DN-2026-001"}),
    );
    assert_eq!(
        (m["kind"].as_str(), m["quantity"].as_u64()),
        (Some("receive"), Some(10))
    );
    assert_eq!(s.balance(psu, s.warehouse), (10, 0, 10));

    s.ok(k, json!({"kind": "reserve", "part_id": psu, "quantity": 3, "location_id": s.warehouse, "work_order_id": s.wo}));
    assert_eq!(s.balance(psu, s.warehouse), (10, 3, 7));
    s.ok(k, json!({"kind": "release", "part_id": psu, "quantity": 1, "location_id": s.warehouse, "work_order_id": s.wo}));
    assert_eq!(s.balance(psu, s.warehouse), (10, 2, 8));

    // Issue to an engineer who has no kit yet: the kit is made, and the
    // work order's reservation is used up first.
    assert_eq!(s.kit_of(wang), None);
    let m = s.ok(
        k,
        json!({"kind": "issue", "part_id": psu, "quantity": 3, "from_location_id": s.warehouse,
                           "engineer_id": wang, "work_order_id": s.wo}),
    );
    let kit = s.kit_of(wang).expect("a kit was made");
    assert_eq!(m["to_location_id"].as_u64(), Some(kit));
    assert_eq!(m["released_reservation"], 2);
    assert_eq!(s.balance(psu, s.warehouse), (7, 0, 7));
    assert_eq!(s.balance(psu, kit), (3, 0, 3));

    // The engineer consumes and returns from their own kit.
    s.ok(wang_token, json!({"kind": "consume", "part_id": psu, "quantity": 1, "from_location_id": kit, "work_order_id": s.wo}));
    s.ok(wang_token, json!({"kind": "return_good", "part_id": psu, "quantity": 1, "from_location_id": kit, "to_location_id": s.warehouse}));
    s.ok(wang_token, json!({"kind": "return_faulty", "part_id": psu, "quantity": 1, "from_location_id": kit, "to_location_id": s.faulty}));
    assert_eq!(s.balance(psu, kit), (0, 0, 0));
    assert_eq!(s.balance(psu, s.warehouse), (8, 0, 8));
    assert_eq!(s.balance(psu, s.faulty), (1, 0, 1));
    s.ok(k, json!({"kind": "out_to_vendor", "part_id": psu, "quantity": 1, "from_location_id": s.faulty, "reference": "RMA-77"}));
    assert_eq!(s.balance(psu, s.faulty), (0, 0, 0));

    // Transfer between warehouses, and a count's corrections either way.
    let (_, second) = s.p.post(
        k,
        "/api/stock/locations",
        json!({"name": "广州仓", "kind": "warehouse"}),
    );
    let second = second["id"].as_u64().unwrap();
    s.ok(k, json!({"kind": "transfer", "part_id": psu, "quantity": 2, "from_location_id": s.warehouse, "to_location_id": second}));
    assert_eq!(s.balance(psu, second), (2, 0, 2));
    let m = s.ok(k, json!({"kind": "adjust", "part_id": psu, "delta": -1, "location_id": second, "reason": "盘点少一个"}));
    assert_eq!(
        (m["delta"].as_i64(), m["from_location_id"].as_u64()),
        (Some(-1), Some(second))
    );
    s.ok(k, json!({"kind": "adjust", "part_id": psu, "delta": 4, "location_id": second, "reason": "盘点多出"}));
    assert_eq!(s.balance(psu, second), (5, 0, 5));

    // The movements of the work order, newest first; of a location; paged.
    let (_, of_wo) =
        s.p.get_as(k, &format!("/api/stock/movements?work_order_id={}", s.wo));
    let kinds: Vec<&str> = of_wo["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["consume", "issue", "release", "reserve"]);
    let (_, at_kit) = s.p.get_as(
        wang_token,
        &format!("/api/stock/movements?location_id={kit}&limit=2"),
    );
    let kinds: Vec<&str> = at_kit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["return_faulty", "return_good"]);
    let cursor = at_kit["next_cursor"].as_str().unwrap();
    let (_, rest) = s.p.get_as(
        wang_token,
        &format!("/api/stock/movements?location_id={kit}&cursor={cursor}"),
    );
    let kinds: Vec<&str> = rest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["consume", "issue"]);
    let (_, of_part) =
        s.p.get_as(k, &format!("/api/stock/movements?part_id={psu}&limit=500"));
    assert_eq!(of_part["items"].as_array().unwrap().len(), 11);
    // The audit trail has each movement.
    let first = of_part["items"][10]["id"].clone();
    let (status, trail) = s.p.get_as(
        &s.p.d.a.admin,
        &format!("/api/audit?record_type=stock_movements&record_id={first}"),
    );
    assert_eq!(status, 200);
    assert_eq!(trail["items"].as_array().unwrap().len(), 1, "{trail}");
}

#[test]
fn bad_movements_are_refused_naming_the_field_and_stock_never_goes_below_zero() {
    let s = stock_setup();
    let (wang, _) = s.wang();
    let k = s.keeper();
    let psu = s.part_id("PSU-750W", false, json!([]));
    let receive = |q: Value| json!({"kind": "receive", "part_id": psu, "quantity": q, "to_location_id": s.warehouse});
    for q in [json!(0), json!(-1), json!(1.5), json!("2"), json!(null)] {
        let m = s.refused(k, receive(q.clone()), 422, "invalid");
        assert!(m["errors"]["quantity"].is_string(), "{q}: {m}");
    }
    let m = s.refused(
        k,
        json!({"kind": "teleport", "part_id": psu, "quantity": 1}),
        422,
        "invalid",
    );
    assert!(m["errors"]["kind"].is_string(), "{m}");
    let m = s.refused(
        k,
        json!({"kind": "transfer", "part_id": psu, "quantity": 1, "from_location_id": s.warehouse}),
        422,
        "invalid",
    );
    assert!(m["errors"]["to_location_id"].is_string(), "{m}");
    let m = s.refused(k, json!({"kind": "consume", "part_id": psu, "quantity": 1, "from_location_id": s.warehouse, "work_order_id": s.wo}), 422, "invalid");
    assert!(
        m["errors"]["from_location_id"].is_string(),
        "a warehouse is not a kit: {m}"
    );
    let m = s.refused(
        k,
        json!({"kind": "receive", "part_id": 999999, "quantity": 1, "to_location_id": s.warehouse}),
        422,
        "invalid",
    );
    assert!(m["errors"]["part_id"].is_string(), "{m}");
    let m = s.refused(k, json!({"kind": "adjust", "part_id": psu, "delta": 0, "location_id": s.warehouse, "reason": "x"}), 422, "invalid");
    assert!(m["errors"]["delta"].is_string(), "{m}");
    let m = s.refused(
        k,
        json!({"kind": "adjust", "part_id": psu, "delta": 2, "location_id": s.warehouse}),
        422,
        "invalid",
    );
    assert!(m["errors"]["reason"].is_string(), "{m}");
    let m = s.refused(k, json!({"kind": "issue", "part_id": psu, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang}), 422, "invalid");
    assert!(m["errors"]["work_order_id"].is_string(), "{m}");
    let m = s.refused(
        k,
        receive(json!(1))
            .as_object()
            .cloned()
            .map(|mut o| {
                o.insert("serials".into(), json!(["X1"]));
                Value::Object(o)
            })
            .unwrap(),
        422,
        "invalid",
    );
    assert!(
        m["errors"]["serials"].is_string(),
        "not a serial-tracked part: {m}"
    );

    s.ok(k, receive(json!(2)));
    s.ok(k, json!({"kind": "reserve", "part_id": psu, "quantity": 1, "location_id": s.warehouse, "work_order_id": s.wo}));
    // One is reserved: only one is available to anyone else.
    s.refused(k, json!({"kind": "reserve", "part_id": psu, "quantity": 2, "location_id": s.warehouse, "work_order_id": s.wo}), 409, "insufficient-stock");
    s.refused(k, json!({"kind": "transfer", "part_id": psu, "quantity": 2, "from_location_id": s.warehouse, "to_location_id": s.faulty}), 422, "invalid");
    s.refused(k, json!({"kind": "adjust", "part_id": psu, "delta": -2, "location_id": s.warehouse, "reason": "丢失"}), 409, "insufficient-stock");
    s.refused(k, json!({"kind": "release", "part_id": psu, "quantity": 2, "location_id": s.warehouse, "work_order_id": s.wo}), 409, "not-allowed-now");
    s.refused(k, json!({"kind": "issue", "part_id": psu, "quantity": 3, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo}), 409, "insufficient-stock");
    assert_eq!(
        s.balance(psu, s.warehouse),
        (2, 1, 1),
        "no refusal wrote anything"
    );
    // The work order's own reservation counts for its issue.
    s.ok(k, json!({"kind": "issue", "part_id": psu, "quantity": 2, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo}));
    assert_eq!(s.balance(psu, s.warehouse), (0, 0, 0));
}

#[test]
fn serial_tracked_parts_move_by_serial_and_each_serial_is_where_it_was_last_moved() {
    let s = stock_setup();
    let (wang, wang_token) = s.wang();
    let (zhao, zhao_token) = s.wang_and_zhao_kits_differ();
    let k = s.keeper();
    let disk = s.part_id("00MJ101", true, json!([]));
    let m = s.refused(k, json!({"kind": "receive", "part_id": disk, "quantity": 2, "to_location_id": s.warehouse, "serials": ["S1"]}), 422, "invalid");
    assert!(m["errors"]["serials"].is_string(), "{m}");
    s.refused(k, json!({"kind": "receive", "part_id": disk, "quantity": 2, "to_location_id": s.warehouse, "serials": ["s1", "S1 "]}), 422, "invalid");
    s.ok(k, json!({"kind": "receive", "part_id": disk, "quantity": 3, "to_location_id": s.warehouse, "serials": ["s1", "S2", "S3"]}));
    assert_eq!(s.serials(disk, s.warehouse), vec!["S1", "S2", "S3"]);
    s.refused(k, json!({"kind": "receive", "part_id": disk, "quantity": 1, "to_location_id": s.warehouse, "serials": ["S2"]}), 409, "serial-in-stock");
    s.refused(k, json!({"kind": "issue", "part_id": disk, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo, "serials": ["S9"]}), 409, "serial-not-here");
    s.ok(k, json!({"kind": "issue", "part_id": disk, "quantity": 2, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo, "serials": ["S1", "S2"]}));
    s.ok(k, json!({"kind": "issue", "part_id": disk, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": zhao, "work_order_id": s.wo, "serials": ["S3"]}));
    let (wang_kit, zhao_kit) = (s.kit_of(wang).unwrap(), s.kit_of(zhao).unwrap());
    assert_eq!(s.serials(disk, wang_kit), vec!["S1", "S2"]);
    // S3 is in Zhao's kit, not Wang's: Wang cannot consume or return it.
    s.refused(wang_token, json!({"kind": "consume", "part_id": disk, "quantity": 1, "from_location_id": wang_kit, "work_order_id": s.wo, "serials": ["S3"]}), 409, "serial-not-here");
    s.refused(wang_token, json!({"kind": "return_good", "part_id": disk, "quantity": 1, "from_location_id": wang_kit, "to_location_id": s.warehouse, "serials": ["S3"]}), 409, "serial-not-here");
    s.ok(wang_token, json!({"kind": "consume", "part_id": disk, "quantity": 1, "from_location_id": wang_kit, "work_order_id": s.wo, "serials": ["S1"]}));
    s.ok(wang_token, json!({"kind": "return_faulty", "part_id": disk, "quantity": 1, "from_location_id": wang_kit, "to_location_id": s.faulty, "serials": ["S2"]}));
    s.ok(zhao_token, json!({"kind": "return_good", "part_id": disk, "quantity": 1, "from_location_id": zhao_kit, "to_location_id": s.warehouse, "serials": ["S3"]}));
    assert_eq!(s.serials(disk, s.faulty), vec!["S2"]);
    assert_eq!(s.serials(disk, s.warehouse), vec!["S3"]);
    // A consumed serial is nowhere: it cannot be consumed again, but a
    // unit of that serial can be received again (a repaired one).
    s.refused(wang_token, json!({"kind": "consume", "part_id": disk, "quantity": 1, "from_location_id": wang_kit, "work_order_id": s.wo, "serials": ["S1"]}), 409, "serial-not-here");
    s.ok(k, json!({"kind": "out_to_vendor", "part_id": disk, "quantity": 1, "from_location_id": s.faulty, "serials": ["S2"], "reference": "RMA-1"}));
    s.ok(k, json!({"kind": "receive", "part_id": disk, "quantity": 1, "to_location_id": s.warehouse, "serials": ["S2"], "reference": "RMA-1 returned"}));
    assert_eq!(s.serials(disk, s.warehouse), vec!["S2", "S3"]);
}

impl Stock {
    /// Zhao, whose kit is made when stock is first issued to him.
    fn wang_and_zhao_kits_differ(&self) -> (u64, &str) {
        let (zhao, token) = self.zhao();
        assert_ne!(zhao, self.wang().0);
        (zhao, token)
    }
}

#[test]
fn who_may_move_what() {
    let s = stock_setup();
    let (wang, wang_token) = s.wang();
    let (zhao, zhao_token) = s.zhao();
    let k = s.keeper();
    let psu = s.part_id("PSU-750W", false, json!([]));
    let receive =
        json!({"kind": "receive", "part_id": psu, "quantity": 5, "to_location_id": s.warehouse});
    for token in [wang_token, &s.p.d.dispatcher, &s.p.d.a.sales] {
        s.refused(token, receive.clone(), 403, "forbidden");
    }
    s.ok(&s.p.d.manager, receive);
    let issue = |to: u64| json!({"kind": "issue", "part_id": psu, "quantity": 2, "from_location_id": s.warehouse, "engineer_id": to, "work_order_id": s.wo});
    s.refused(wang_token, issue(wang), 403, "forbidden");
    s.ok(k, issue(wang));
    s.ok(k, issue(zhao));
    let (wang_kit, zhao_kit) = (s.kit_of(wang).unwrap(), s.kit_of(zhao).unwrap());
    let consume = |kit: u64| json!({"kind": "consume", "part_id": psu, "quantity": 1, "from_location_id": kit, "work_order_id": s.wo});
    s.refused(wang_token, consume(zhao_kit), 403, "forbidden");
    s.refused(&s.p.d.dispatcher, consume(wang_kit), 403, "forbidden");
    s.ok(wang_token, consume(wang_kit));
    s.ok(zhao_token, consume(zhao_kit));
    // An engineer does not move stock between other places, even from
    // their own kit to someone else's.
    s.refused(wang_token, json!({"kind": "transfer", "part_id": psu, "quantity": 1, "from_location_id": wang_kit, "to_location_id": zhao_kit}), 403, "forbidden");
    s.refused(wang_token, json!({"kind": "adjust", "part_id": psu, "delta": 5, "location_id": wang_kit, "reason": "x"}), 403, "forbidden");
    // Everyone signed in reads stock; only the store keeper and manager
    // create locations or check the balances.
    let (status, _) = s.p.get_as(
        &s.p.d.a.sales,
        &format!("/api/stock?location_id={wang_kit}"),
    );
    assert_eq!(status, 200);
    let (status, _) = s.p.post(
        wang_token,
        "/api/stock/locations",
        json!({"name": "我的仓", "kind": "warehouse"}),
    );
    assert_eq!(status, 403);
    let (status, _) = s.p.get_as(wang_token, "/api/stock/check");
    assert_eq!(status, 403);
    let r =
        s.p.d
            .a
            .server
            .call("GET", "/api/stock?location_id=1", None, None);
    assert_eq!(r.status, 401);
}

#[test]
fn the_reorder_list_holds_one_line_per_part_and_location_until_stock_recovers() {
    let s = stock_setup();
    let (wang, _) = s.wang();
    let k = s.keeper();
    let toner = s.part_id(
        "CE285A",
        false,
        json!([{"location_id": s.warehouse, "point": 2, "quantity": 5}]),
    );
    let lines = |s: &Stock| -> Vec<Value> {
        let (status, page) = s.p.get_as(&s.p.d.a.engineer, "/api/stock/reorder");
        assert_eq!(status, 200, "{page}");
        page["items"].as_array().unwrap().clone()
    };
    // No stock at all: at the point (0 ≤ 2) from the start.
    let l = lines(&s);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(
        (l[0]["suggested"].as_u64(), l[0]["state"].as_str()),
        (Some(7), Some("open"))
    );
    s.ok(
        k,
        json!({"kind": "receive", "part_id": toner, "quantity": 6, "to_location_id": s.warehouse}),
    );
    assert!(lines(&s).is_empty(), "above the point: closed");
    let issue = |q: u64| json!({"kind": "issue", "part_id": toner, "quantity": q, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo});
    s.ok(k, issue(4));
    let l = lines(&s);
    assert_eq!(l.len(), 1);
    assert_eq!(
        (l[0]["available"].as_u64(), l[0]["suggested"].as_u64()),
        (Some(2), Some(5))
    );
    s.ok(k, issue(1));
    let (status, _) = s.p.post(k, "/api/stock/reorder/refresh", json!({}));
    assert_eq!(status, 200);
    let (status, _) = s.p.post(k, "/api/stock/reorder/refresh", json!({}));
    assert_eq!(status, 200);
    let l = lines(&s);
    assert_eq!(l.len(), 1, "refreshing never duplicates: {l:?}");
    assert_eq!(
        (l[0]["available"].as_u64(), l[0]["suggested"].as_u64()),
        (Some(1), Some(6))
    );
    assert_eq!(l[0]["part_number"], "CE285A");
    assert_eq!(l[0]["location_name"], "主仓库");

    // The CSV, in Chinese or English.
    let r =
        s.p.d
            .a
            .server
            .call("GET", "/api/stock/reorder.csv?lang=zh-CN", Some(k), None);
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/csv"));
    let text = r.text();
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0].starts_with("备件编号,名称,库位"), "{text}");
    assert!(
        rows[1].starts_with("CE285A,备件 CE285A,主仓库,1,2,5,6"),
        "{text}"
    );
    let text =
        s.p.d
            .a
            .server
            .call("GET", "/api/stock/reorder.csv", Some(k), None)
            .text();
    assert!(
        text.contains("Part number,Name,Location") && text.contains("Part CE285A"),
        "{text}"
    );
    let xlsx =
        s.p.d
            .a
            .server
            .call("GET", "/api/stock/reorder.xlsx?lang=zh-CN", Some(k), None);
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.header("content-type").contains("spreadsheetml"));
    assert_eq!(&xlsx.body[..2], b"PK", "an XLSX file is a zip");

    // Marking it ordered needs its version; it stays (ordered, not doubled).
    let id = l[0]["id"].clone();
    let path = format!("/api/stock/reorder/{id}/ordered");
    let (status, r) = s.p.post(k, &path, json!({}));
    assert_eq!(status, 422, "{r}");
    assert!(r["errors"]["version"].is_string(), "{r}");
    let (status, r) = s.p.post(
        &s.p.d.a.engineer,
        &path,
        json!({"version": l[0]["version"]}),
    );
    assert_eq!(status, 403, "{r}");
    let (status, r) = s.p.post(k, &path, json!({"version": 0}));
    assert_eq!(status, 409, "{r}");
    assert_eq!(r["type"], "/problems/stale-version");
    let (status, r) = s.p.post(k, &path, json!({"version": l[0]["version"]}));
    assert_eq!((status, r["state"].as_str()), (200, Some("ordered")), "{r}");
    s.ok(k, issue(1));
    let l = lines(&s);
    assert_eq!(
        (l.len(), l[0]["state"].as_str()),
        (1, Some("ordered")),
        "{l:?}"
    );
    // The delivery arrives: above the point, the line closes; later a new
    // one opens.
    s.ok(
        k,
        json!({"kind": "receive", "part_id": toner, "quantity": 6, "to_location_id": s.warehouse}),
    );
    assert!(lines(&s).is_empty());
    s.ok(k, issue(4));
    let l = lines(&s);
    assert_eq!((l.len(), l[0]["state"].as_str()), (1, Some("open")));
    assert_ne!(l[0]["id"], id);
}

#[test]
fn the_demo_has_parts_stock_in_kits_and_a_reorder_list() {
    let server = servicebook_tests::TestServer::start_with(&["--demo"]);
    let login = |user: &str| {
        let r = server.login(user, "servicebook demo 2026");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["token"].as_str().unwrap().to_owned()
    };
    let (keeper, wang) = (login("store.sun"), login("eng.wang"));
    let get = |token: &str, path: &str| {
        let r = server.call("GET", path, Some(token), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    };
    let parts = get(&keeper, "/api/parts?limit=500");
    assert!(parts["items"].as_array().unwrap().len() >= 15);
    assert!(parts["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["serial_tracked"] == true));
    let reorder = get(&keeper, "/api/stock/reorder");
    assert!(reorder["items"].as_array().unwrap().len() >= 2, "{reorder}");
    let check = get(&keeper, "/api/stock/check");
    assert_eq!(check["mismatches"], json!([]), "{check}");
    let me = get(&wang, "/api/auth/me")["id"].as_u64().unwrap();
    let kit =
        get(&wang, &format!("/api/stock/locations?engineer_id={me}"))["items"][0]["id"].clone();
    let stock = get(&wang, &format!("/api/stock?location_id={kit}"));
    assert!(!stock["items"].as_array().unwrap().is_empty(), "{stock}");
    let used = get(&wang, &format!("/api/stock/movements?location_id={kit}"));
    assert!(
        used["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "consume" && m["work_order_id"].is_u64()),
        "{used}"
    );
}

#[test]
fn locations_archived_parts_closed_work_orders_and_reorder_rules_are_checked() {
    let s = stock_setup();
    let (wang, _) = s.wang();
    let k = s.keeper();
    // Locations: a name once, a kit needs its engineer, one kit each.
    let loc = |body: Value| s.p.post(k, "/api/stock/locations", body);
    let (status, r) = loc(json!({"name": " 主仓库 ", "kind": "warehouse"}));
    assert_eq!(status, 409, "{r}");
    let (status, r) = loc(json!({"name": "王工备件包", "kind": "kit"}));
    assert_eq!(status, 422, "{r}");
    assert!(r["errors"]["engineer_id"].is_string());
    let (status, r) = loc(json!({"name": "", "kind": "warehouse"}));
    assert_eq!(
        (status, r["errors"]["name"].is_string()),
        (422, true),
        "{r}"
    );
    let (status, r) = loc(json!({"name": "乱放", "kind": "cellar"}));
    assert_eq!(status, 422, "{r}");
    let (status, kit) = loc(json!({"name": "王工备件包", "kind": "kit", "engineer_id": wang}));
    assert_eq!(status, 201, "{kit}");
    let (status, r) = loc(json!({"name": "王工第二个包", "kind": "kit", "engineer_id": wang}));
    assert_eq!(status, 409, "one kit per engineer: {r}");
    let (status, r) = loc(json!({"name": "销售的包", "kind": "kit", "engineer_id": 999999}));
    assert_eq!(status, 422, "{r}");
    // Issuing by engineer finds the kit made above.
    let psu = s.part_id("PSU-750W", false, json!([]));
    s.ok(
        k,
        json!({"kind": "receive", "part_id": psu, "quantity": 3, "to_location_id": s.warehouse}),
    );
    let m = s.ok(k, json!({"kind": "issue", "part_id": psu, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo}));
    assert_eq!(m["to_location_id"], kit["id"]);

    // An archived part is not received or issued any more.
    let path = format!("/api/parts/{psu}");
    let r = s.p.d.a.server.call(
        "PATCH",
        &path,
        Some(k),
        Some(json!({"version": 1, "active": false})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    s.refused(
        k,
        json!({"kind": "receive", "part_id": psu, "quantity": 1, "to_location_id": s.warehouse}),
        409,
        "not-allowed-now",
    );
    // A part that has moved keeps its serial tracking.
    let r = s.p.d.a.server.call(
        "PATCH",
        &path,
        Some(k),
        Some(json!({"version": 2, "serial_tracked": true})),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["errors"]["serial_tracked"].is_string());

    // A closed work order takes no more parts.
    let fan = s.part_id("FAN-01", false, json!([]));
    s.ok(
        k,
        json!({"kind": "receive", "part_id": fan, "quantity": 2, "to_location_id": s.warehouse}),
    );
    let wo = json!({"id": s.wo});
    let (status, w) = s.p.d.act(
        &s.p.d.dispatcher,
        &wo,
        "cancel",
        json!({"reason": "客户自行解决"}),
    );
    assert_eq!(status, 200, "{w}");
    s.refused(k, json!({"kind": "reserve", "part_id": fan, "quantity": 1, "location_id": s.warehouse, "work_order_id": s.wo}), 409, "not-allowed-now");
    s.refused(k, json!({"kind": "issue", "part_id": fan, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": s.wo}), 409, "not-allowed-now");
    let m = s.refused(k, json!({"kind": "issue", "part_id": fan, "quantity": 1, "from_location_id": s.warehouse, "engineer_id": wang, "work_order_id": 999999}), 422, "invalid");
    assert!(m["errors"]["work_order_id"].is_string(), "{m}");

    // Setting a reorder rule puts the part on the list at once; raising
    // stock or removing the rule takes it off; never twice.
    let reorder = || -> Vec<Value> {
        s.p.get_as(k, "/api/stock/reorder").1["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(reorder().is_empty());
    let fan_path = format!("/api/parts/{fan}");
    let patch = |version: u64, rules: Value| {
        let r = s.p.d.a.server.call(
            "PATCH",
            &fan_path,
            Some(k),
            Some(json!({"version": version, "reorder": rules})),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    };
    patch(
        1,
        json!([{"location_id": s.warehouse, "point": 2, "quantity": 3}]),
    );
    let l = reorder();
    assert_eq!((l.len(), l[0]["suggested"].as_u64()), (1, Some(3)), "{l:?}");
    patch(
        2,
        json!([{"location_id": s.warehouse, "point": 3, "quantity": 3}]),
    );
    let l = reorder();
    assert_eq!((l.len(), l[0]["suggested"].as_u64()), (1, Some(4)), "{l:?}");
    patch(3, json!([]));
    assert!(reorder().is_empty());
    let r = s.p.d.a.server.call("PATCH", &fan_path, Some(k), Some(json!({"version": 4, "reorder": [{"location_id": s.warehouse, "point": 1, "quantity": 0}]})));
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["errors"]["reorder"].is_string());
    for location in [999999, s.faulty] {
        let r = s.p.d.a.server.call("PATCH", &fan_path, Some(k), Some(json!({"version": 4, "reorder": [{"location_id": location, "point": 1, "quantity": 2}]})));
        assert_eq!(r.status, 422, "{}", r.text());
        assert!(r.json()["errors"]["reorder"].is_string());
    }
}
