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
