//! The archive's use cases as one place each: every change of an existing
//! record names the version it was read at (missing: 422, stale: 409, and
//! nothing written), the device list's filters, and the firm's time zone
//! deciding what "today" is.

use crate::archive::{setup, Archive};
use serde_json::{json, Value};
use servicebook_tests::{first_password, user_password};

impl Archive {
    fn admin_read(&self, path: &str) -> Value {
        let r = self.server.call("GET", path, Some(&self.admin), None);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        r.json()
    }

    fn trail_len(&self, record_type: &str, id: &Value) -> usize {
        self.admin_read(&format!(
            "/api/audit?record_type={record_type}&record_id={id}&limit=500"
        ))["items"]
            .as_array()
            .unwrap()
            .len()
    }
}

/// One kind of change: how it is sent, and where its record is read.
struct Change<'a> {
    what: &'a str,
    token: &'a str,
    method: &'a str,
    path: String,
    /// The change, without `version`.
    body: Value,
    /// Where the record is read (as the admin).
    read: String,
    /// Its audit trail: (record type, id).
    trail: (&'a str, Value),
}

/// Without `version` the change is refused with 422 naming the field; with
/// the version read it succeeds; sent again with that (now stale) version
/// it is refused with 409. Neither refusal writes anything.
fn check_versions(a: &Archive, c: Change) {
    let send = |version: Option<&Value>| {
        let mut body = c.body.clone();
        if let Some(v) = version {
            body["version"] = v.clone();
        }
        a.server.call(c.method, &c.path, Some(c.token), Some(body))
    };
    let trail = || a.trail_len(c.trail.0, &c.trail.1);
    let before = a.admin_read(&c.read);
    let entries = trail();
    let version = before["version"].clone();

    let r = send(None);
    assert_eq!(r.status, 422, "{}: {}", c.what, r.text());
    assert!(
        r.json()["errors"]["version"].is_string(),
        "{}: {}",
        c.what,
        r.text()
    );
    assert_eq!(a.admin_read(&c.read), before, "{}: nothing written", c.what);
    assert_eq!(trail(), entries, "{}: nothing audited", c.what);

    let r = send(Some(&version));
    assert_eq!(r.status, 200, "{}: {}", c.what, r.text());
    let after = a.admin_read(&c.read);
    assert_eq!(
        after["version"].as_u64(),
        version.as_u64().map(|v| v + 1),
        "{}",
        c.what
    );
    let entries = trail();

    let r = send(Some(&version));
    assert_eq!(r.status, 409, "{}: {}", c.what, r.text());
    assert_eq!(r.json()["type"], "/problems/stale-version", "{}", c.what);
    assert_eq!(a.admin_read(&c.read), after, "{}: nothing written", c.what);
    assert_eq!(trail(), entries, "{}: nothing audited", c.what);
}

#[test]
fn every_change_of_a_record_names_its_version_and_a_stale_one_writes_nothing() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let device = a.device(customer, "SN-VER-1", "2026-01-10");
    let (status, contract) = a.post(
        &a.sales,
        "/api/contracts",
        json!({"number": "WB-VER-1", "kind": "maintenance", "customer_id": customer,
            "start_date": "2026-01-01", "end_date": "2026-12-31", "device_ids": [device]}),
    );
    assert_eq!(status, 201, "{contract}");
    let contract = contract["id"].clone();
    let (status, user) = a.post(
        &a.admin,
        "/api/users",
        json!({"username": "qian.qi", "roles": ["engineer"], "password": first_password("qian.qi")}),
    );
    assert_eq!(status, 201, "{user}");
    let user = user["id"].clone();
    let me = a.admin_read("/api/users?q=sales.wu")["items"][0]["id"].clone();
    let settings = a.admin_read("/api/settings");
    let mut settings_body = settings.clone();
    settings_body
        .as_object_mut()
        .unwrap()
        .remove("version")
        .unwrap();
    settings_body["firm_name"] = json!("深圳速修信息技术有限公司");

    let changes = [
        Change {
            what: "customer",
            token: &a.sales,
            method: "PATCH",
            path: format!("/api/customers/{customer}"),
            body: json!({"notes": "重点客户"}),
            read: format!("/api/customers/{customer}"),
            trail: ("customers", json!(customer)),
        },
        Change {
            what: "contract",
            token: &a.sales,
            method: "PATCH",
            path: format!("/api/contracts/{contract}"),
            body: json!({"notes": "续签中"}),
            read: format!("/api/contracts/{contract}"),
            trail: ("contracts", contract.clone()),
        },
        Change {
            what: "device",
            token: &a.engineer,
            method: "PATCH",
            path: format!("/api/devices/{device}"),
            body: json!({"notes": "风扇异响"}),
            read: format!("/api/devices/{device}"),
            trail: ("devices", json!(device)),
        },
        Change {
            what: "user",
            token: &a.admin,
            method: "PATCH",
            path: format!("/api/users/{user}"),
            body: json!({"skills": ["printer"]}),
            read: format!("/api/users/{user}"),
            trail: ("users", user.clone()),
        },
        Change {
            what: "disable",
            token: &a.admin,
            method: "POST",
            path: format!("/api/users/{user}/actions/disable"),
            body: json!({}),
            read: format!("/api/users/{user}"),
            trail: ("users", user.clone()),
        },
        Change {
            what: "enable",
            token: &a.admin,
            method: "POST",
            path: format!("/api/users/{user}/actions/enable"),
            body: json!({}),
            read: format!("/api/users/{user}"),
            trail: ("users", user.clone()),
        },
        Change {
            what: "password reset",
            token: &a.admin,
            method: "POST",
            path: format!("/api/users/{user}/actions/reset-password"),
            body: json!({"new_password": "reset by the admin"}),
            read: format!("/api/users/{user}"),
            trail: ("users", user.clone()),
        },
        Change {
            what: "profile",
            token: &a.sales,
            method: "PATCH",
            path: "/api/auth/me".into(),
            body: json!({"phone": "139 0000 0000"}),
            read: format!("/api/users/{me}"),
            trail: ("users", me.clone()),
        },
        Change {
            what: "settings",
            token: &a.admin,
            method: "PUT",
            path: "/api/settings".into(),
            body: settings_body,
            read: "/api/settings".into(),
            trail: ("settings", settings["id"].clone()),
        },
    ];
    for change in changes {
        check_versions(&a, change);
    }
    // The one-time password set by the reset works (the stale reset wrote
    // nothing over it).
    let token = a
        .server
        .first_sign_in("qian.qi", "reset by the admin", &user_password("qian.qi"));
    assert!(!token.is_empty());
}

fn page_of(a: &Archive, path: &str) -> (Vec<String>, Option<String>) {
    let (status, page) = a.get(path);
    assert_eq!(status, 200, "{path}: {page}");
    let serials = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["serial_number"].as_str().unwrap().to_owned())
        .collect();
    (serials, page["next_cursor"].as_str().map(str::to_owned))
}

/// Every page of a device list, following the cursors.
fn all_pages(a: &Archive, query: &str, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/devices?{query}&limit={limit}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let (serials, next) = page_of(a, &path);
        assert!(serials.len() <= limit);
        out.extend(serials);
        match next {
            Some(n) => cursor = Some(n),
            None => return out,
        }
    }
}

/// The firm's calendar day at `offset_minutes` east of UTC.
pub fn day_at(offset_minutes: i64) -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::minutes(offset_minutes)).date_naive()
}

#[test]
fn the_device_list_filters_by_customer_model_and_warranty_end_a_page_at_a_time() {
    let a = setup();
    let huawei = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    let acme = a.customer("Acme Printing Ltd", "John Smith", "010 6555 1234");
    // In the firm's time zone (UTC+8 by default); the margins keep the
    // test away from midnight.
    let today = day_at(8 * 60);
    let add = |customer: u64, serial: &str, model: &str, warranty_end: Option<i64>| {
        let mut body = json!({"customer_id": customer, "product": "Server", "model": model,
            "serial_number": serial, "install_date": "2020-01-01"});
        if let Some(days) = warranty_end {
            body["warranty_end"] = json!((today + chrono::Duration::days(days)).to_string());
        }
        let (status, d) = a.post(&a.engineer, "/api/devices", body);
        assert_eq!(status, 201, "{d}");
    };
    add(huawei, "HW-1", "PowerEdge R740", Some(10));
    add(huawei, "HW-2", "ThinkSystem SR650", Some(40));
    add(huawei, "HW-3", "poweredge r740xd", Some(-5));
    add(acme, "AC-1", "PowerEdge R740", Some(20));
    add(acme, "AC-2", "LaserJet M607", None);

    assert_eq!(
        all_pages(&a, "model=R740", 2),
        ["HW-1", "HW-3", "AC-1"],
        "any case, part of the model"
    );
    assert_eq!(
        all_pages(&a, &format!("customer_id={huawei}&model=r740"), 1),
        ["HW-1", "HW-3"]
    );
    assert_eq!(
        all_pages(&a, "warranty_ending_within_days=30", 1),
        ["HW-1", "AC-1"],
        "ended ones and later ones are left out"
    );
    assert_eq!(
        all_pages(
            &a,
            &format!("customer_id={acme}&warranty_ending_within_days=30"),
            5
        ),
        ["AC-1"]
    );
    assert_eq!(
        all_pages(&a, "warranty_ending_within_days=60&model=sr650", 50),
        ["HW-2"]
    );
    assert_eq!(
        all_pages(&a, "model=", 2).len(),
        5,
        "an empty filter is none"
    );
    let (first, next) = page_of(&a, "/api/devices?limit=2");
    assert_eq!(first, ["HW-1", "HW-2"]);
    assert!(next.is_some());

    for bad in [
        "warranty_ending_within_days=3661",
        "warranty_ending_within_days=-1",
        "limit=0",
        "cursor=x",
    ] {
        let r = a.server.call(
            "GET",
            &format!("/api/devices?{bad}"),
            Some(&a.engineer),
            None,
        );
        assert!(matches!(r.status, 400 | 422), "{bad}: {}", r.text());
    }
    let long = "x".repeat(101);
    let (status, p) = a.get(&format!("/api/devices?model={long}"));
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["model"].is_string());
}

#[test]
fn today_is_the_firms_calendar_day_in_its_own_time_zone() {
    let a = setup();
    let customer = a.customer("Pacific Logistics Co.", "Mary Chan", "+852 9123 4567");
    // Ends today as seen 14 hours east of UTC: that day is always at least
    // one day after today 12 hours west of UTC.
    let east = day_at(14 * 60);
    let (status, d) = a.post(
        &a.engineer,
        "/api/devices",
        json!({"customer_id": customer, "product": "Router", "serial_number": "TZ-1",
            "warranty_end": east.to_string()}),
    );
    assert_eq!(status, 201, "{d}");
    let set_offset = |minutes: i64| {
        let mut s = a.admin_read("/api/settings");
        s["business_hours"]["utc_offset_minutes"] = json!(minutes);
        let r = a
            .server
            .call("PUT", "/api/settings", Some(&a.admin), Some(s));
        assert_eq!(r.status, 200, "{}", r.text());
    };
    let ending_today = || all_pages(&a, "warranty_ending_within_days=0", 10);
    set_offset(14 * 60);
    assert_eq!(ending_today(), ["TZ-1"]);
    set_offset(-12 * 60);
    assert!(ending_today().is_empty(), "not yet its day out west");
}
