//! Inspection standards: a manager copies a shipped example, revises it
//! (every edit a new revision, the old one kept for the visits done with
//! it), archives it; impossible checklists are refused by field.

use serde_json::{json, Value};
use servicebook_tests::TestServer;

struct Firm {
    server: TestServer,
    admin: String,
    manager: String,
    engineer: String,
}

fn firm() -> Firm {
    let server = TestServer::start();
    let admin = server.admin();
    let (_, manager) = server.user(&admin, "mgr.liu", &["manager"]);
    let (_, engineer) = server.user(&admin, "eng.wang", &["engineer"]);
    Firm {
        server,
        admin,
        manager,
        engineer,
    }
}

impl Firm {
    fn call(&self, method: &str, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let r = self.server.call(method, path, Some(token), body);
        let v = if r.body.is_empty() {
            Value::Null
        } else {
            r.json()
        };
        (r.status, v)
    }

    fn example(&self, key: &str) -> Value {
        let (status, all) = self.call(
            "GET",
            &self.engineer,
            "/api/inspection-templates/examples",
            None,
        );
        assert_eq!(status, 200, "{all}");
        all.as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == key)
            .unwrap_or_else(|| panic!("no example {key}: {all}"))["template"]
            .clone()
    }

    fn listed(&self, query: &str) -> Vec<(u64, u64)> {
        let (status, page) = self.call(
            "GET",
            &self.engineer,
            &format!("/api/inspection-templates{query}"),
            None,
        );
        assert_eq!(status, 200, "{page}");
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["id"].as_u64().unwrap(), t["revision"].as_u64().unwrap()))
            .collect()
    }
}

#[test]
fn a_manager_copies_an_example_and_each_edit_is_a_new_revision() {
    let f = firm();
    let mut ups = f.example("ups");
    assert_eq!(ups["name_zh"], "UPS 巡检标准");
    ups["name_zh"] = json!("UPS 月度巡检（华南制造）");
    let (status, first) = f.call(
        "POST",
        &f.manager,
        "/api/inspection-templates",
        Some(ups.clone()),
    );
    assert_eq!(status, 201, "{first}");
    let id = first["id"].as_u64().unwrap();
    assert_eq!(
        (first["revision"].as_u64(), first["family_id"].as_u64()),
        (Some(1), Some(id))
    );
    assert_eq!(first["current"], true);

    // The engineer reads but does not write the standards.
    let (status, _) = f.call(
        "POST",
        &f.engineer,
        "/api/inspection-templates",
        Some(ups.clone()),
    );
    assert_eq!(status, 403);

    // Tighten the battery range: a new revision, the old one kept as it was.
    let mut edited = ups.clone();
    let items = edited["items"].as_array_mut().unwrap();
    let voltage = items
        .iter_mut()
        .find(|i| i["code"] == "battery_voltage")
        .unwrap();
    voltage["min"] = json!(12.2);
    items.push(json!({"code": "", "label_zh": "电池外观无鼓包", "label_en": "Batteries not swollen", "kind": "pass_fail"}));
    let (status, second) = f.call(
        "POST",
        &f.manager,
        &format!("/api/inspection-templates/{id}/revisions"),
        Some(json!({"version": first["version"], "template": edited})),
    );
    assert_eq!(status, 201, "{second}");
    let id2 = second["id"].as_u64().unwrap();
    assert_eq!(
        (second["revision"].as_u64(), second["family_id"].as_u64()),
        (Some(2), Some(id))
    );
    assert_eq!(
        second["items"].as_array().unwrap().last().unwrap()["code"],
        "batteries_not_swollen"
    );

    let (_, old) = f.call(
        "GET",
        &f.engineer,
        &format!("/api/inspection-templates/{id}"),
        None,
    );
    assert_eq!(old["current"], false);
    let old_voltage = old["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "battery_voltage")
        .unwrap()
        .clone();
    assert_eq!(old_voltage["min"], 12.0);
    assert_eq!(f.listed(""), vec![(id2, 2)]);

    let (status, revs) = f.call(
        "GET",
        &f.engineer,
        &format!("/api/inspection-templates/{id2}/revisions"),
        None,
    );
    assert_eq!(status, 200);
    let revs: Vec<u64> = revs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_u64().unwrap())
        .collect();
    assert_eq!(revs, [1, 2]);

    // Editing the superseded revision would fork the family: refused.
    let (status, p) = f.call(
        "POST",
        &f.manager,
        &format!("/api/inspection-templates/{id}/revisions"),
        Some(json!({"version": 2, "template": ups})),
    );
    assert_eq!(status, 409, "{p}");

    // Archive it; a stale version is refused and nothing changes.
    let (status, archived) = f.call(
        "PATCH",
        &f.manager,
        &format!("/api/inspection-templates/{id2}"),
        Some(json!({"version": second["version"], "active": false})),
    );
    assert_eq!(status, 200, "{archived}");
    assert!(f.listed("").is_empty());
    assert_eq!(
        f.listed("?include_archived=true&q=%E5%8D%8E%E5%8D%97"),
        vec![(id2, 2)]
    );
    let (status, p) = f.call(
        "POST",
        &f.manager,
        &format!("/api/inspection-templates/{id2}/revisions"),
        Some(json!({"version": second["version"], "template": f.example("ups")})),
    );
    assert_eq!(status, 409, "{p}");
    assert_eq!(p["type"], "/problems/stale-version", "{p}");

    // Every step is in the audit trail.
    let (status, trail) = f.call(
        "GET",
        &f.admin,
        &format!("/api/audit?record_type=inspection_templates&record_id={id}"),
        None,
    );
    assert_eq!(status, 200, "{trail}");
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"superseded"),
        "{actions:?}"
    );
}

#[test]
fn impossible_checklists_are_refused_by_field_and_nothing_is_written() {
    let f = firm();
    let item = |extra: Value| {
        let mut i = json!({"code": "v", "label_zh": "电压", "kind": "reading", "unit": "V"});
        i.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        i
    };
    for (items, field) in [
        (json!([]), "items"),
        (json!([item(json!({"min": 14, "max": 12}))]), "items[0]"),
        (
            json!([item(json!({})), item(json!({"label_zh": "又一个"}))]),
            "items[1]",
        ),
        (
            json!([{"code": "c", "label_zh": "状态", "kind": "choice", "choices": ["正常"]}]),
            "items[0]",
        ),
        (
            json!([{"code": "c", "label_zh": "状态", "kind": "pass_fail", "min": 1}]),
            "items[0]",
        ),
    ] {
        let (status, p) = f.call(
            "POST",
            &f.manager,
            "/api/inspection-templates",
            Some(json!({"name_zh": "机房", "items": items})),
        );
        assert_eq!(status, 422, "{items}: {p}");
        assert!(p["errors"][field].is_string(), "{field}: {p}");
    }
    // A reading limit that is not a number is a type error, not a template.
    let (status, _) = f.call(
        "POST",
        &f.manager,
        "/api/inspection-templates",
        Some(json!({"name_zh": "机房", "items": [item(json!({"min": "twelve"}))]})),
    );
    assert!(status == 400 || status == 422, "{status}");
    assert!(f.listed("?include_archived=true").is_empty());
}
