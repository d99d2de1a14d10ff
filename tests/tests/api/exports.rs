//! Lists as files: CSV with a BOM, the header and exactly the rows the
//! list's filters keep, formula-looking text defused; XLSX that a
//! spreadsheet reader opens with the same rows; Chinese headers; the
//! list's refusals.

use crate::archive::{setup, Archive};
use calamine::{Data, Reader};
use serde_json::json;

fn get(a: &Archive, token: Option<&str>, path: &str) -> servicebook_tests::Reply {
    a.server.call("GET", path, token, None)
}

/// The CSV's lines after the BOM.
pub fn csv_lines(body: &[u8]) -> Vec<String> {
    assert!(body.starts_with(b"\xef\xbb\xbf"), "no BOM");
    String::from_utf8(body[3..].to_vec())
        .unwrap()
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The first sheet's cells as text, row by row.
pub fn xlsx_rows(body: &[u8]) -> Vec<Vec<String>> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(body.to_vec())).expect("opens");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn customers(a: &Archive) {
    for (name, tier) in [
        ("深圳华强电子", "key"),
        ("=HYPERLINK(\"http://x\")", "key"),
        ("广州小店", "normal"),
    ] {
        let body = json!({"name": name, "tier": tier, "contacts": [{"name": "李经理", "phone": "13800000000"}]});
        let (status, c) = a.post(&a.sales, "/api/customers", body);
        assert_eq!(status, 201, "{c}");
    }
}

#[test]
fn customers_export_as_csv_with_the_lists_filters() {
    let a = setup();
    customers(&a);
    let r = get(
        &a,
        Some(&a.engineer),
        "/api/customers/export?tier=key&format=csv&lang=zh",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").starts_with("text/csv"));
    let cd = r.header("content-disposition");
    assert!(cd.contains("customers-") && cd.ends_with(".csv\""), "{cd}");
    let lines = csv_lines(&r.body);
    assert!(lines[0].starts_with("客户名称,行业,级别"), "{}", lines[0]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().all(|l| !l.contains("广州小店")));
    assert!(lines.iter().any(|l| l.starts_with("深圳华强电子,")));
    // The formula-looking name starts with a quote mark: text, not a formula.
    assert!(
        lines.iter().any(|l| l.starts_with("\"'=HYPERLINK(")),
        "{lines:?}"
    );
    // English headers by default.
    let r = get(&a, Some(&a.engineer), "/api/customers/export");
    assert!(csv_lines(&r.body)[0].starts_with("Name,Industry,Tier"));
    assert_eq!(csv_lines(&r.body).len(), 4);
}

#[test]
fn customers_export_as_xlsx_reads_back() {
    let a = setup();
    customers(&a);
    let r = get(
        &a,
        Some(&a.engineer),
        "/api/customers/export?format=xlsx&lang=zh&tier=key",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.header("content-type").contains("spreadsheetml"));
    assert!(r.header("content-disposition").ends_with(".xlsx\""));
    let rows = xlsx_rows(&r.body);
    assert_eq!(rows[0][0], "客户名称");
    assert_eq!(rows.len(), 3, "{rows:?}");
    let names: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(names.contains(&"深圳华强电子"), "{names:?}");
    assert!(names.contains(&"'=HYPERLINK(\"http://x\")"), "{names:?}");
    assert!(rows[1..].iter().all(|r| r[2] == "大客户"));
}

#[test]
fn many_pages_stream_whole_and_other_lists_export() {
    let a = setup();
    let customer = {
        let (s, c) = a.post(
            &a.sales,
            "/api/customers",
            json!({"name": "华南数据中心", "sites": [{"name": "总部"}]}),
        );
        assert_eq!(s, 201, "{c}");
        c["id"].as_u64().unwrap()
    };
    // More than one export page (500) of devices.
    for i in 0..503 {
        a.device(customer, &format!("SN{i:05}"), "2026-01-05");
    }
    let r = get(
        &a,
        Some(&a.engineer),
        &format!("/api/devices/export?customer_id={customer}&model=7x06"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let lines = csv_lines(&r.body);
    assert_eq!(lines.len(), 504);
    assert!(
        lines[1].starts_with("华南数据中心,总部,ThinkSystem SR650"),
        "{}",
        lines[1]
    );
    let r = get(
        &a,
        Some(&a.engineer),
        "/api/devices/export?format=xlsx&model=nomatch",
    );
    assert_eq!(xlsx_rows(&r.body).len(), 1);
    for list in ["requests", "work-orders", "contracts"] {
        for format in ["csv", "xlsx"] {
            let r = get(
                &a,
                Some(&a.engineer),
                &format!("/api/{list}/export?format={format}&lang=zh"),
            );
            assert_eq!(r.status, 200, "{list} {format}: {}", r.text());
        }
    }
}

#[test]
fn exports_refuse_what_the_list_refuses() {
    let a = setup();
    // Not signed in: no list, no export.
    assert_eq!(get(&a, None, "/api/customers/export").status, 401);
    assert_eq!(get(&a, None, "/api/requests/export").status, 401);
    // A bad filter is the list's 422, before any file is started.
    let r = get(
        &a,
        Some(&a.engineer),
        "/api/work-orders/export?state=sleeping",
    );
    assert_eq!(r.status, 422, "{}", r.text());
    let r = get(&a, Some(&a.engineer), "/api/customers/export?format=pdf");
    assert_eq!(r.status, 422, "{}", r.text());
    let r = get(&a, Some(&a.engineer), "/api/customers/export?nope=1");
    assert_eq!(r.status, 400, "{}", r.text());
}

/// Every row a list gives to `token`, following its cursors.
fn all_items(
    server: &servicebook_tests::TestServer,
    token: &str,
    path: &str,
) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=7&cursor={c}"),
            None => format!("{path}{sep}limit=7"),
        };
        let r = server.call("GET", &url, Some(token), None);
        assert_eq!(r.status, 200, "{url}: {}", r.text());
        let page = r.json();
        out.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return out,
        }
    }
}

#[test]
fn complaints_and_surveys_export_what_each_reader_may_see() {
    let server = servicebook_tests::TestServer::start_with(&["--demo"]);
    let login = |who: &str| {
        let r = server.login(who, "servicebook demo 2026");
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["token"].as_str().unwrap().to_owned()
    };
    let manager = login("manager.zhou");

    // Complaints: the file has the list's rows, by number, with the filter.
    let listed = all_items(&server, &manager, "/api/complaints");
    assert!(listed.len() >= 3, "the demo has complaints");
    let r = server.call(
        "GET",
        "/api/complaints/export?lang=zh",
        Some(&manager),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let lines = csv_lines(&r.body);
    assert!(
        lines[0].starts_with("编号,收到时间,来源,客户"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len() - 1, listed.len(), "{lines:?}");
    for c in &listed {
        let number = c["number"].as_str().unwrap();
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{number},"))),
            "{number} missing"
        );
    }
    let closed = all_items(&server, &manager, "/api/complaints?state=closed");
    let r = server.call(
        "GET",
        "/api/complaints/export?state=closed&format=xlsx&lang=en",
        Some(&manager),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let rows = xlsx_rows(&r.body);
    assert_eq!(rows[0][0], "Number");
    assert_eq!(rows.len() - 1, closed.len(), "{rows:?}");
    assert!(rows[1..].iter().all(|r| r[8] == "closed"), "{rows:?}");

    // An engineer named in a complaint gets only the complaints naming them.
    let named = listed
        .iter()
        .flat_map(|c| c["persons"].as_array().unwrap().iter())
        .filter_map(|p| p.as_str())
        .find(|p| p.starts_with("eng."))
        .expect("a complaint names an engineer")
        .to_owned();
    let engineer = login(&named);
    let theirs = all_items(&server, &engineer, "/api/complaints");
    assert!(!theirs.is_empty() && theirs.len() < listed.len());
    let r = server.call("GET", "/api/complaints/export", Some(&engineer), None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(csv_lines(&r.body).len() - 1, theirs.len());

    // Surveys: every state's rows, with the scores of the answered ones.
    let surveys = all_items(&server, &manager, "/api/surveys");
    let r = server.call(
        "GET",
        "/api/surveys/export?format=xlsx&lang=zh",
        Some(&manager),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let rows = xlsx_rows(&r.body);
    assert_eq!(rows[0][0], "服务请求");
    assert_eq!(rows.len() - 1, surveys.len());
    let answered = surveys
        .iter()
        .find(|s| s["state"] == "answered")
        .expect("an answered survey");
    let row = rows
        .iter()
        .find(|r| r[0] == answered["request_number"].as_str().unwrap() && r[5] == "已回复")
        .expect("the answered survey's row");
    assert_eq!(
        row[12],
        answered["answer"]["overall"].to_string(),
        "{row:?}"
    );
    let expired = all_items(&server, &manager, "/api/surveys?state=expired");
    let r = server.call(
        "GET",
        "/api/surveys/export?state=expired",
        Some(&manager),
        None,
    );
    assert_eq!(csv_lines(&r.body).len() - 1, expired.len());

    // What the list refuses, the export refuses before the file starts.
    let r = server.call(
        "GET",
        "/api/complaints/export?state=lost",
        Some(&manager),
        None,
    );
    assert_eq!(r.status, 422, "{}", r.text());
    // An engineer's survey file: the surveys of their own work, as listed.
    let own = all_items(&server, &engineer, "/api/surveys");
    assert!(own.len() < surveys.len());
    let r = server.call("GET", "/api/surveys/export", Some(&engineer), None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(csv_lines(&r.body).len() - 1, own.len());
    // The store keeper reads no surveys: 403, not an empty file.
    let r = server.call(
        "GET",
        "/api/surveys/export",
        Some(&login("store.sun")),
        None,
    );
    assert_eq!(r.status, 403, "{}", r.text());
}
