//! Expiry needs a link made in the past: the use cases take the time they
//! happen at (`At::Past`), which HTTP cannot, so it is tested here.

use super::*;
use crate::cli::block_on;
use crate::domain::requests::new_request;
use crate::store::StoreOptions;
use servicebook_shared::customers::NewCustomer;
use servicebook_shared::requests::{NewRequest, Source, Urgency};
use servicebook_shared::settings::Settings;

fn run<F: std::future::Future>(f: F) -> F::Output {
    block_on(f).unwrap()
}

fn status(e: &StoreError) -> (u16, String) {
    match e {
        StoreError::Rejected(r) => (r.status, r.message.clone()),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn an_expired_link_is_refused_like_an_unknown_one_and_a_live_one_answers_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), &StoreOptions::default()).unwrap();
    let system = Caller::system();
    let customer = run(crate::service::customers::create_customer(
        &store,
        &system,
        NewCustomer {
            name: "深圳华为技术有限公司".into(),
            ..Default::default()
        },
    ))
    .unwrap();
    let now = Utc::now();
    let request = new_request(
        NewRequest {
            source: Source::Phone,
            customer_id: customer.meta.id,
            contact: "李经理".into(),
            device_id: None,
            site: None,
            description: "服务器无法开机".into(),
            urgency: Urgency::Normal,
            fault_level: 2,
            received_at: None,
        },
        &customer,
        None,
        &[],
        "system",
        &Settings::default(),
        now,
    )
    .unwrap();
    let (cid, cname) = (customer.meta.id, customer.name.clone());
    let survey = move |request: RequestRecord| SurveyRecord {
        meta: RecordMeta::new(),
        request_id: request.meta.id,
        request_number: request.number.clone(),
        customer_id: cid,
        customer_name: cname.clone(),
        device: String::new(),
        work_order_ids: Vec::new(),
        engineers: Vec::new(),
        completed_at: now,
        state: SurveyState::ToSend,
        sent_at: None,
        sent_by: None,
        channel: None,
        expires_at: None,
        token_hash: None,
        answer: None,
        follow_up_id: None,
    };
    let (old, live) = store
        .write_blocking(move |tx| {
            let r = tx.insert(request.clone())?;
            Ok((tx.insert(survey(r.clone()))?, tx.insert(survey(r))?))
        })
        .unwrap();

    // Made 20 days ago: the default 14 days are over.
    let (_, token) = run(make_link(
        &store,
        &system,
        old.meta.id,
        1,
        At::Past(now - Duration::days(20)),
    ))
    .unwrap();
    let expired = run(answer_by_link(&store, &token, good(), At::Now)).unwrap_err();
    let unknown = run(answer_by_link(&store, "guessed", good(), At::Now)).unwrap_err();
    assert_eq!(status(&expired), status(&unknown));
    assert_eq!(status(&expired).0, 404);
    let s = store.get::<SurveyRecord>(old.meta.id).unwrap().unwrap();
    assert_eq!(s.to_wire(now).state, SurveyState::Expired);
    assert!(s.answer.is_none());

    let (_, token) = run(make_link(&store, &system, live.meta.id, 1, At::Now)).unwrap();
    let answered = run(answer_by_link(&store, &token, good(), At::Now)).unwrap();
    assert_eq!(answered.state, SurveyState::Answered);
    let again = run(answer_by_link(&store, &token, good(), At::Now)).unwrap_err();
    assert_eq!(status(&again), status(&unknown));
    // Both surveys were sent; the request's marks say which was answered.
    let r = store.get::<RequestRecord>(old.request_id).unwrap().unwrap();
    assert_eq!(r.surveys.len(), 2);
    assert_eq!(
        r.surveys.iter().filter(|m| m.answered_at.is_some()).count(),
        1
    );
}

fn good() -> Scores {
    Scores {
        response_speed: 5,
        professionalism: 5,
        attitude: 5,
        result: 4,
        overall: 5,
        comment: String::new(),
    }
}
