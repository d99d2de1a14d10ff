//! The spare-parts catalogue: creating, searching, paging, changing and
//! archiving parts, importing them from CSV, and who may do which.

use crate::work_orders::{desk, Desk};
use serde_json::{json, Value};

pub struct Parts {
    pub d: Desk,
    /// The store keeper 库管员.
    pub keeper: String,
}

pub fn parts_setup() -> Parts {
    let d = desk();
    let (_, keeper) = d.a.server.user(&d.a.admin, "store.sun", &["storekeeper"]);
    Parts { d, keeper }
}

impl Parts {
    pub fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.d.a.post(token, path, body)
    }

    pub fn get_as(&self, token: &str, path: &str) -> (u16, Value) {
        let r = self.d.a.server.call("GET", path, Some(token), None);
        (r.status, r.json())
    }

    pub fn part(&self, number: &str, serial_tracked: bool, reorder: Value) -> Value {
        let (status, p) = self.post(
            &self.keeper,
            "/api/parts",
            json!({"part_number": number, "name_zh": format!("备件 {number}"), "name_en": format!("Part {number}"),
                   "compatible_models": ["ThinkSystem SR650"], "unit_cost": 128050, "price": 198000,
                   "unit": "个", "supplier": "联想", "serial_tracked": serial_tracked, "reorder": reorder}),
        );
        assert_eq!(status, 201, "{p}");
        p
    }
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["part_number"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_store_keeper_builds_the_catalogue_and_everyone_searches_it() {
    let p = parts_setup();
    let (status, disk) = p.post(
        &p.keeper,
        "/api/parts",
        json!({"part_number": "  00mj101  ", "name_zh": "600G SAS 硬盘", "name_en": "600GB SAS disk",
               "compatible_models": ["ThinkSystem SR650", " thinksystem sr650 ", "SR550"],
               "unit_cost": 128050, "price": 198000, "unit": "个", "supplier": "联想", "serial_tracked": true}),
    );
    assert_eq!(status, 201, "{disk}");
    assert_eq!(disk["part_number"], "00MJ101");
    assert_eq!(
        disk["compatible_models"],
        json!(["ThinkSystem SR650", "SR550"])
    );
    assert_eq!(disk["unit_cost"], 128050);
    assert_eq!(disk["active"], true);
    p.part("PSU-750W", false, json!([]));
    let (status, _) = p.post(
        &p.d.manager,
        "/api/parts",
        json!({"part_number": "CE285A", "name_zh": "硒鼓", "compatible_models": ["LaserJet P1102"]}),
    );
    assert_eq!(status, 201, "a manager edits the catalogue too");

    // The part number is unique whatever its case and spacing.
    let (status, dup) = p.post(
        &p.keeper,
        "/api/parts",
        json!({"part_number": "00MJ101 ", "name_en": "again"}),
    );
    assert_eq!(status, 409, "{dup}");
    assert_eq!(dup["type"], "/problems/duplicate");
    // Bad input names its fields.
    let (status, bad) = p.post(
        &p.keeper,
        "/api/parts",
        json!({"part_number": "", "unit_cost": -5}),
    );
    assert_eq!(status, 422, "{bad}");
    assert!(bad["errors"]["part_number"].is_string() && bad["errors"]["unit_cost"].is_string());
    let (status, bad) = p.post(
        &p.keeper,
        "/api/parts",
        json!({"part_number": "X", "name_en": "x", "unit_cost": 1.5}),
    );
    assert_eq!(status, 422, "{bad}");
    // Only the store keeper and the manager edit it.
    for token in [&p.d.a.engineer, &p.d.dispatcher, &p.d.a.sales] {
        let (status, r) = p.post(
            token,
            "/api/parts",
            json!({"part_number": "NEW-1", "name_en": "x"}),
        );
        assert_eq!(status, 403, "{r}");
    }

    // Everyone signed in searches: number, Chinese or English name, model.
    let search = |q: &str| numbers(&p.get_as(&p.d.a.engineer, &format!("/api/parts?q={q}")).1);
    assert_eq!(search("00mj"), vec!["00MJ101"]);
    assert_eq!(search("%E7%A1%AC%E7%9B%98"), vec!["00MJ101"]); // 硬盘
    assert_eq!(search("sas%20disk"), vec!["00MJ101"]);
    assert_eq!(search("p1102"), vec!["CE285A"]);
    assert_eq!(search("sr650"), vec!["00MJ101", "PSU-750W"]);
    assert!(search("nothing-like-it").is_empty());

    // Paging.
    let (_, first) = p.get_as(&p.d.a.sales, "/api/parts?limit=2");
    assert_eq!(numbers(&first), vec!["00MJ101", "PSU-750W"]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let (_, second) = p.get_as(&p.d.a.sales, &format!("/api/parts?limit=2&cursor={cursor}"));
    assert_eq!(numbers(&second), vec!["CE285A"]);
    assert!(second["next_cursor"].is_null());

    let (status, one) = p.get_as(&p.d.dispatcher, &format!("/api/parts/{}", disk["id"]));
    assert_eq!(
        (status, one["part_number"].as_str()),
        (200, Some("00MJ101"))
    );
    let (status, missing) = p.get_as(&p.d.dispatcher, "/api/parts/999999");
    assert_eq!(status, 404, "{missing}");
}

#[test]
fn a_part_changes_at_its_version_and_archived_parts_leave_the_list() {
    let p = parts_setup();
    let part = p.part("FAN-01", false, json!([]));
    let path = format!("/api/parts/{}", part["id"]);
    let call = |token: &str, body: Value| {
        let r = p.d.a.server.call("PATCH", &path, Some(token), Some(body));
        (r.status, r.json())
    };
    let (status, r) = call(&p.keeper, json!({"name_en": "Fan"}));
    assert_eq!(status, 422, "{r}");
    assert!(r["errors"]["version"].is_string(), "{r}");
    let (status, r) = call(&p.d.a.engineer, json!({"version": 1, "name_en": "Fan"}));
    assert_eq!(status, 403, "{r}");
    let (status, r) = call(
        &p.keeper,
        json!({"version": 1, "name_en": "System fan", "price": 5000}),
    );
    assert_eq!(status, 200, "{r}");
    assert_eq!(
        (r["version"].as_u64(), r["price"].as_i64()),
        (Some(2), Some(5000))
    );
    let (status, r) = call(&p.keeper, json!({"version": 1, "name_en": "Stale"}));
    assert_eq!(status, 409, "{r}");
    assert_eq!(r["type"], "/problems/stale-version");
    assert_eq!(p.get_as(&p.keeper, &path).1["name_en"], "System fan");
    let (status, r) = call(&p.keeper, json!({"version": 2, "price": -1}));
    assert_eq!(status, 422, "{r}");
    assert!(r["errors"]["price"].is_string());

    let (status, r) = call(&p.keeper, json!({"version": 2, "active": false}));
    assert_eq!((status, r["active"].as_bool()), (200, Some(false)), "{r}");
    assert!(numbers(&p.get_as(&p.keeper, "/api/parts").1).is_empty());
    assert_eq!(
        numbers(&p.get_as(&p.keeper, "/api/parts?include_archived=true").1),
        vec!["FAN-01"]
    );
}

#[test]
fn parts_are_imported_from_csv_all_or_nothing() {
    let p = parts_setup();
    p.part("TAKEN-1", false, json!([]));
    let server = &p.d.a.server;
    let good = "备件编号,中文名称,英文名称,适用型号,单位成本,售价,单位,供应商,按序列号管理\n\
                00MJ101,600G 硬盘,600GB disk,SR650;SR550,1280.50,1980,个,联想,是\n\
                CE285A,硒鼓,Toner,LaserJet P1102,320,450,个,惠普,否\n";
    let r = server.send_bytes(
        "POST",
        "/api/import/parts?dry_run=true",
        &p.keeper,
        good.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["rows"], 2);
    assert!(numbers(&p.get_as(&p.keeper, "/api/parts?q=00mj").1).is_empty());

    let bad = format!("{good}taken-1,重复,,,,,,,\n");
    let r = server.send_bytes("POST", "/api/import/parts", &p.keeper, bad.as_bytes());
    let report = r.json();
    assert_eq!(report["created"], 0, "{report}");
    assert_eq!(report["problems"][0]["line"], 4, "{report}");
    assert_eq!(report["problems"][0]["field"], "part_number");

    let r = server.send_bytes(
        "POST",
        "/api/import/parts",
        &p.d.a.engineer,
        good.as_bytes(),
    );
    assert_eq!(r.status, 403, "{}", r.text());
    let r = server.send_bytes("POST", "/api/import/parts", &p.keeper, good.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["created"], 2);
    let (_, found) = p.get_as(&p.keeper, "/api/parts?q=00mj101");
    assert_eq!(found["items"][0]["unit_cost"], 128050);
    assert_eq!(found["items"][0]["serial_tracked"], true);
}
