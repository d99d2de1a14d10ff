//! The work-order list: filters by state, assignee, kind and time, paged.

use crate::work_orders::{covered_device, desk};
use serde_json::{json, Value};

#[test]
fn the_work_order_list_filters_by_state_assignee_kind_and_time_and_pages_through_them() {
    let d = desk();
    let (customer, device) = covered_device(&d);
    let numbers = |token: &str, query: &str| -> Vec<String> {
        let page = d.get_as(token, &format!("/api/work-orders?{query}"));
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let number = |wo: &Value| wo["number"].as_str().unwrap().to_owned();
    let request = d.request(Some(device), customer, "normal");
    // Oldest first: a field job for 王工, a support job for 赵工, a field
    // job for 王工 that is cancelled, and one not yet dispatched.
    let a = d.work_order(&request, "field");
    d.act(
        &d.dispatcher,
        &a,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    let b = d.work_order(&request, "support");
    d.act(
        &d.dispatcher,
        &b,
        "dispatch",
        json!({"assignees": [d.zhao.0]}),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let c = d.work_order(&request, "field");
    d.act(
        &d.dispatcher,
        &c,
        "dispatch",
        json!({"assignees": [d.wang.0]}),
    );
    let (status, _) = d.act(&d.dispatcher, &c, "cancel", json!({"reason": "重复"}));
    assert_eq!(status, 200);
    let e = d.work_order(&request, "support");
    let all = [&e, &c, &b, &a].map(&number).to_vec();

    assert_eq!(numbers(&d.dispatcher, ""), all, "newest first");
    assert_eq!(
        numbers(&d.dispatcher, "kind=field"),
        [number(&c), number(&a)]
    );
    assert_eq!(
        numbers(&d.dispatcher, "kind=support&state=requested"),
        [number(&e)]
    );
    // Someone's work: open by default ("My tasks"), or in a given state.
    assert_eq!(numbers(&d.wang.1, "assignee=me"), [number(&a)]);
    assert_eq!(
        numbers(
            &d.dispatcher,
            &format!("assignee={}&state=cancelled", d.wang.0)
        ),
        [number(&c)]
    );
    assert_eq!(
        numbers(&d.dispatcher, &format!("assignee={}&kind=field", d.zhao.0)),
        Vec::<String>::new()
    );
    // Created within a time range.
    assert_eq!(
        numbers(&d.dispatcher, &format!("from={since}")),
        [number(&e), number(&c)]
    );
    assert_eq!(
        numbers(&d.dispatcher, &format!("to={since}")),
        [number(&b), number(&a)]
    );
    assert_eq!(
        numbers(
            &d.dispatcher,
            &format!("from={since}&kind=field&request_id={}", request["id"])
        ),
        [number(&c)]
    );

    // Pages of two, with and without a filter: every item once, in order.
    for filter in [
        "",
        "kind=support&",
        &format!("request_id={}&", request["id"]),
    ] {
        let mut seen = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = d.get_as(
                &d.dispatcher,
                &format!("/api/work-orders?{filter}limit=2&cursor={cursor}"),
            );
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 2, "{page}");
            seen.extend(items.iter().map(&number));
            match page["next_cursor"].as_str() {
                Some(next) => cursor = next.to_owned(),
                None => break,
            }
        }
        let expected: Vec<String> = if filter.starts_with("kind") {
            vec![number(&e), number(&b)]
        } else {
            all.clone()
        };
        assert_eq!(seen, expected, "pages of {filter:?}");
    }

    for bad in [
        "kind=design",
        "state=sleeping",
        "assignee=you",
        "from=yesterday",
        "to=2026-13-01",
    ] {
        let r = d.a.server.call(
            "GET",
            &format!("/api/work-orders?{bad}"),
            Some(&d.dispatcher),
            None,
        );
        assert_eq!(r.status, 422, "{bad}: {}", r.text());
        let field = bad.split('=').next().unwrap();
        assert!(r.json()["errors"][field].is_string(), "{bad}: {}", r.text());
    }
}
