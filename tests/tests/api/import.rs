//! CSV import: a dry run lists every bad row by line and writes nothing; a
//! real run writes every row or none.

use crate::archive::{setup, Archive};
use serde_json::Value;

fn import(a: &Archive, token: &str, kind: &str, dry_run: bool, csv: &[u8]) -> (u16, Value) {
    let r = a.server.send_bytes(
        "POST",
        &format!("/api/import/{kind}?dry_run={dry_run}"),
        token,
        csv,
    );
    (r.status, r.json())
}

fn lines(report: &Value) -> Vec<(u64, String)> {
    report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn customer_count(a: &Archive) -> usize {
    let (status, page) = a.get("/api/customers?limit=200");
    assert_eq!(status, 200);
    page["items"].as_array().unwrap().len()
}

const CUSTOMERS: &str = "\u{feff}客户名称,行业,客户等级,销售负责人,联系人,电话,站点,地址\n\
    深圳华为技术有限公司,通信,大客户,sales.wu,李经理,13800138000,总部,深圳市龙岗区\n\
    \"Acme Printing, Ltd\",Printing,normal,,John Smith,010 6555 1234,HQ,\"1 Main St\"\n\
    华润万家,零售,VIP,nobody,,,,\n\
    ,,,,,,,\n\
    深圳华为技术有限公司,,,,,,,\n";

#[test]
fn a_dry_run_reports_every_bad_row_and_writes_nothing() {
    let a = setup();
    let (status, report) = import(&a, &a.sales, "customers", true, CUSTOMERS.as_bytes());
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["rows"], 4, "the blank row is skipped");
    assert_eq!(report["created"], 0);
    assert_eq!(
        lines(&report),
        vec![
            (4, "tier".to_owned()),
            (4, "sales_owner".to_owned()),
            (6, "name".to_owned()),
        ]
    );
    assert!(
        report["problems"][2]["message"]
            .as_str()
            .unwrap()
            .contains("line 2"),
        "{report}"
    );
    assert_eq!(customer_count(&a), 0);

    // The real run with the same file refuses it whole.
    let (status, problem) = import(&a, &a.sales, "customers", false, CUSTOMERS.as_bytes());
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["type"], "/problems/import-refused");
    assert_eq!(lines(&problem).len(), 3);
    assert_eq!(customer_count(&a), 0, "nothing half-written");
}

#[test]
fn a_clean_file_is_imported_whole_with_an_audit_entry_per_record() {
    let a = setup();
    let good: String = CUSTOMERS
        .lines()
        .take(3)
        .map(|l| format!("{l}\n"))
        .collect();
    let (status, report) = import(&a, &a.sales, "customers", true, good.as_bytes());
    assert_eq!(status, 200, "{report}");
    assert!(
        report["problems"].as_array().unwrap().is_empty(),
        "{report}"
    );
    let (status, report) = import(&a, &a.sales, "customers", false, good.as_bytes());
    assert_eq!(status, 201, "{report}");
    assert_eq!(report["created"], 2);

    let (_, found) = a.get("/api/customers?q=%E5%8D%8E%E4%B8%BA");
    let huawei = &found["items"][0];
    assert_eq!(huawei["tier"], "key");
    assert_eq!(huawei["contacts"][0]["name"], "李经理");
    assert_eq!(huawei["sites"][0]["address"], "深圳市龙岗区");
    assert!(huawei["sales_owner_id"].as_u64().is_some());
    let (_, found) = a.get("/api/customers?q=acme");
    assert_eq!(found["items"][0]["name"], "Acme Printing, Ltd");
    let id = huawei["id"].as_u64().unwrap();
    let (_, trail) = a.get(&format!("/api/audit?record_type=customers&record_id={id}"));
    assert_eq!(trail["items"][0]["action"], "create");

    // Importing the same file again would duplicate the customers.
    let (status, problem) = import(&a, &a.sales, "customers", false, good.as_bytes());
    assert_eq!(status, 422);
    assert_eq!(
        lines(&problem),
        vec![(2, "name".to_owned()), (3, "name".to_owned())]
    );
}

#[test]
fn devices_import_from_a_gbk_file_and_refuse_used_serials() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "李经理", "13800138000");
    a.device(customer, "SN-USED", "2026-01-10");
    let csv = "客户名称,站点,产品线,品牌,型号,序列号,安装日期\n\
               深圳华为技术有限公司,总部,ThinkSystem SR650,Lenovo,7X06,SN-IMP-1,2026/3/15\n\
               深圳华为技术有限公司,总部,ThinkSystem SR650,Lenovo,7X06,sn-imp-2,\n";
    let gbk = gbk(csv);
    let (status, report) = import(&a, &a.engineer, "devices", false, &gbk);
    assert_eq!(status, 201, "{report}");
    assert_eq!(report["created"], 2);
    let (status, found) = a.get("/api/devices/lookup?serial=sn-imp-1");
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["device"]["warranty_end"], "2027-03-14");

    let bad = "Customer,Product line,Serial number,Install date\n\
               深圳华为技术有限公司,ThinkSystem SR650,SN-USED,\n\
               No Such Customer,ThinkSystem SR650,SN-X,\n\
               深圳华为技术有限公司,ThinkSystem SR650,SN-Y,yesterday\n\
               深圳华为技术有限公司,ThinkSystem SR650,SN-Y,\n";
    let (status, report) = import(&a, &a.engineer, "devices", true, bad.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(
        lines(&report),
        vec![
            (2, "serial_number".to_owned()),
            (3, "customer".to_owned()),
            (4, "install_date".to_owned()),
            (5, "serial_number".to_owned()),
        ]
    );
}

#[test]
fn import_refuses_the_wrong_role_a_bad_header_and_a_non_csv_file() {
    let a = setup();
    let (status, _) = import(&a, &a.engineer, "customers", true, CUSTOMERS.as_bytes());
    assert_eq!(status, 403, "engineers do not create customers");
    let (status, report) = import(&a, &a.sales, "customers", true, b"name,colour\nA,red\n");
    assert_eq!(status, 200);
    assert_eq!(lines(&report), vec![(1, String::new())]);
    let (status, problem) = import(
        &a,
        &a.sales,
        "customers",
        true,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xff\xfe\xfd",
    );
    assert_eq!(status, 422, "{problem}");
    assert!(problem["errors"]["file"].as_str().unwrap().contains("CSV"));
    let (status, _) = import(&a, &a.sales, "contracts", true, b"x\n");
    assert_eq!(status, 404);
    let (status, problem) = import(&a, &a.sales, "customers", false, b"name\n");
    assert_eq!(status, 422, "no rows is not a success: {problem}");
}

/// Excel on Chinese Windows saves CSV as GBK.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}
