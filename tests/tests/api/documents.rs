//! Documents attached to archive records: judged by content, limited in
//! size, downloadable, removable with an audit entry, and in backups.

use crate::archive::{setup, Archive};
use crate::work_orders::{covered_device, desk};
use serde_json::{json, Value};
use servicebook_tests::TestServer;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

fn upload(
    server: &TestServer,
    token: &str,
    kind: &str,
    id: u64,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let path = format!(
        "/api/files?record_type={kind}&record_id={id}&name={}",
        encode(name)
    );
    let r = server.send_bytes("POST", &path, token, bytes);
    let body = if r.body.is_empty() {
        Value::Null
    } else {
        r.json()
    };
    (r.status, body)
}

/// Percent-encodes a query value (names are often Chinese).
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn listed(a: &Archive, kind: &str, id: u64) -> Vec<String> {
    let (status, page) = a.get(&format!("/api/files?record_type={kind}&record_id={id}"));
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

fn actions(a: &Archive, record_type: &str, id: u64) -> Vec<String> {
    let (status, page) = a.get(&format!(
        "/api/audit?record_type={record_type}&record_id={id}"
    ));
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_document_is_attached_listed_downloaded_and_removed_with_its_trail() {
    let a = setup();
    let customer = a.customer("深圳华为技术有限公司", "张伟", "13800138000");
    let (status, file) = upload(
        &a.server,
        &a.sales,
        "customer",
        customer,
        "维护合同扫描.pdf",
        PDF,
    );
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["content_type"], "application/pdf");
    assert_eq!(file["size"], PDF.len());
    assert_eq!(file["uploaded_by"], "sales.wu");
    let id = file["id"].as_u64().unwrap();
    assert_eq!(listed(&a, "customer", customer), vec!["维护合同扫描.pdf"]);

    let r = a.server.call(
        "GET",
        &format!("/api/files/{id}/content"),
        Some(&a.engineer),
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body, PDF, "the download is the upload, byte for byte");
    assert_eq!(r.header("content-type"), "application/pdf");
    let disposition = r.header("content-disposition");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        disposition.contains("UTF-8''%E7%BB%B4%E6%8A%A4"),
        "the Chinese name survives: {disposition}"
    );
    assert!(actions(&a, "customers", customer).contains(&"attach".to_owned()));

    // Engineers read customers but do not edit them, nor their documents.
    let remove = |token: &str, query: &str| {
        a.server.call(
            "DELETE",
            &format!("/api/files/{id}{query}"),
            Some(token),
            None,
        )
    };
    let r = remove(&a.engineer, "?version=1");
    assert_eq!(r.status, 403, "{}", r.text());
    // The removal names the version read: without it, or with an older
    // one, nothing changes.
    let r = remove(&a.sales, "");
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.json()["errors"]["version"].is_string(), "{}", r.text());
    let r = remove(&a.sales, "?version=0");
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(listed(&a, "customer", customer), vec!["维护合同扫描.pdf"]);
    assert_eq!(actions(&a, "files", id), vec!["create"], "nothing written");
    let r = remove(&a.sales, "?version=1");
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(listed(&a, "customer", customer).is_empty());
    let r = a.server.call(
        "GET",
        &format!("/api/files/{id}/content"),
        Some(&a.sales),
        None,
    );
    assert_eq!(r.status, 404);
    let r = remove(&a.sales, "?version=2");
    assert_eq!(r.status, 404, "removing twice is not found");
    assert_eq!(actions(&a, "files", id), vec!["delete", "create"]);
    assert!(actions(&a, "customers", customer).contains(&"detach".to_owned()));
}

#[test]
fn who_may_attach_follows_who_may_edit_the_record() {
    let a = setup();
    let customer = a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let device = a.device(customer, "SN-DOC-1", "2026-01-10");
    let (status, _) = upload(
        &a.server,
        &a.engineer,
        "customer",
        customer,
        "plan.pdf",
        PDF,
    );
    assert_eq!(status, 403);
    let (status, file) = upload(
        &a.server,
        &a.engineer,
        "device",
        device,
        "nameplate.png",
        PNG,
    );
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(listed(&a, "device", device), vec!["nameplate.png"]);
    assert!(listed(&a, "customer", customer).is_empty());
}

#[test]
fn on_a_work_order_only_its_engineers_and_the_desk_attach_and_remove() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let request = d.request(Some(device), customer, "normal");
    let wo = d.work_order(&request, "support");
    let (status, p) = d.act(
        &d.dispatcher,
        &wo,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    assert_eq!(status, 200, "{p}");
    let id = wo["id"].as_u64().unwrap();
    let server = &d.a.server;
    // 赵工 is an engineer of the firm, not of this work.
    let (status, p) = upload(server, &d.zhao.1, "work_order", id, "trace.log", b"x\n");
    assert_eq!(status, 403, "{p}");
    let (status, mine) = upload(server, &d.wang.1, "work_order", id, "raid.log", b"ok\n");
    assert_eq!(status, 201, "{mine}");
    let (status, desk_file) = upload(
        server,
        &d.dispatcher,
        "work_order",
        id,
        "notes.txt",
        b"hi\n",
    );
    assert_eq!(status, 201, "{desk_file}");
    assert_eq!(
        listed(&d.a, "work_order", id),
        vec!["raid.log", "notes.txt"]
    );
    let remove = |token: &str, file: &Value| {
        server.call(
            "DELETE",
            &format!("/api/files/{}?version={}", file["id"], file["version"]),
            Some(token),
            None,
        )
    };
    assert_eq!(remove(&d.zhao.1, &mine).status, 403);
    assert_eq!(listed(&d.a, "work_order", id).len(), 2, "nothing removed");
    let r = remove(&d.wang.1, &desk_file);
    assert_eq!(r.status, 204, "{}", r.text());
    let r = remove(&d.manager, &mine);
    assert_eq!(r.status, 204, "{}", r.text());
    assert!(listed(&d.a, "work_order", id).is_empty());
}

#[test]
fn a_file_that_is_not_what_it_claims_or_has_no_record_is_refused() {
    let a = setup();
    let customer = a.customer("Acme Printing Ltd", "Joe", "555-0101");
    let (status, p) = upload(
        &a.server,
        &a.sales,
        "customer",
        customer,
        "contract.pdf",
        PNG,
    );
    assert_eq!(status, 415, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("PNG"), "{p}");
    let (status, p) = upload(
        &a.server,
        &a.sales,
        "customer",
        customer,
        "invoice.pdf",
        b"MZ\x90\0\x03\0\0\0\x04\0\0\0",
    );
    assert_eq!(status, 415, "a program renamed .pdf: {p}");
    let (status, p) = upload(
        &a.server,
        &a.sales,
        "customer",
        999_999,
        "contract.pdf",
        PDF,
    );
    assert_eq!(status, 422, "{p}");
    assert!(p["errors"]["record_id"].is_string(), "{p}");
    let (status, p) = upload(&a.server, &a.sales, "customer", customer, "empty.pdf", b"");
    assert_eq!(status, 422, "{p}");
    let (status, p) = upload(&a.server, &a.sales, "invoice", customer, "a.pdf", PDF);
    assert_eq!(status, 400, "an unknown record type: {p}");
    assert!(
        listed(&a, "customer", customer).is_empty(),
        "nothing was kept"
    );
    assert_eq!(stored_files(&a.server), 0, "no bytes left behind");
}

fn stored_files(server: &TestServer) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    let data = server.data.path().join("data");
    count(&data.join("files")) + count(&data.join("uploads.tmp"))
}

#[test]
fn the_upload_limit_is_configurable_and_enforced() {
    let server = TestServer::start_with(&["--max-upload-mb", "1"]);
    let admin = server.admin();
    let (_, sales) = server.user(&admin, "sales.wu", &["sales"]);
    let body = serde_json::json!({"name": "Big Files Co", "contacts": [], "sites": []});
    let r = server.call("POST", "/api/customers", Some(&sales), Some(body));
    assert_eq!(r.status, 201, "{}", r.text());
    let customer = r.json()["id"].as_u64().unwrap();

    let exactly = vec![b'a'; 1024 * 1024];
    let (status, f) = upload(&server, &sales, "customer", customer, "big.log", &exactly);
    assert_eq!(status, 201, "exactly the limit is fine: {f}");
    let over = vec![b'a'; 1024 * 1024 + 1];
    let (status, p) = upload(&server, &sales, "customer", customer, "bigger.log", &over);
    assert_eq!(status, 413, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("1.0 MB"), "{p}");
    assert_eq!(stored_files(&server), 1, "only the accepted file is kept");

    // Documents travel with the backup.
    let r = server.call("GET", "/api/admin/backup", Some(&admin), None);
    assert_eq!(r.status, 200);
    let mut tar = tar::Archive::new(r.body.as_slice());
    let sizes: Vec<(String, u64)> = tar
        .entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.path().unwrap().display().to_string(), e.size())
        })
        .filter(|(p, _)| p.starts_with("files/"))
        .collect();
    assert_eq!(sizes.len(), 1, "{sizes:?}");
    assert_eq!(sizes[0].1, 1024 * 1024);
}
