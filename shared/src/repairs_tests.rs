use super::*;
use RepairState::*;

const CHARGEABLE: RepairFacts = RepairFacts {
    chargeable: true,
    repaired: false,
};
const COVERED: RepairFacts = RepairFacts {
    chargeable: false,
    repaired: false,
};
const REPAIRED: RepairFacts = RepairFacts {
    chargeable: true,
    repaired: true,
};

#[test]
fn every_state_allows_exactly_its_actions() {
    use RepairVerb as V;
    // (verb, from, facts, to)
    let allowed: &[(RepairVerb, RepairState, RepairFacts, RepairState)] = &[
        (V::Diagnose, Received, CHARGEABLE, Diagnosing),
        (V::SendQuote, Diagnosing, CHARGEABLE, QuoteSent),
        (V::SendQuote, QuoteDeclined, CHARGEABLE, QuoteSent),
        (V::ApproveQuote, QuoteSent, CHARGEABLE, QuoteApproved),
        (V::DeclineQuote, QuoteSent, CHARGEABLE, QuoteDeclined),
        (V::StartRepair, QuoteApproved, CHARGEABLE, Repairing),
        (V::StartRepair, Diagnosing, COVERED, Repairing),
        (V::MarkReady, Repairing, CHARGEABLE, Ready),
        (V::MarkReady, Diagnosing, CHARGEABLE, Ready),
        (V::MarkReady, QuoteDeclined, CHARGEABLE, Ready),
        (V::PickUp, Ready, REPAIRED, PickedUp),
        (
            V::ReturnUnrepaired,
            Diagnosing,
            CHARGEABLE,
            ReturnedUnrepaired,
        ),
        (
            V::ReturnUnrepaired,
            QuoteDeclined,
            CHARGEABLE,
            ReturnedUnrepaired,
        ),
        (V::ReturnUnrepaired, Ready, CHARGEABLE, ReturnedUnrepaired),
        (V::ReturnUnrepaired, Ready, COVERED, ReturnedUnrepaired),
    ];
    for facts in [CHARGEABLE, COVERED, REPAIRED] {
        for verb in RepairVerb::ALL {
            for from in RepairState::ALL {
                let expected = allowed
                    .iter()
                    .find(|(v, f, x, _)| {
                        *v == verb
                            && *f == from
                            && (*x == facts
                                // the rows that do not depend on the facts
                                || !matches!(
                                    (verb, from),
                                    (V::StartRepair, Diagnosing)
                                        | (V::PickUp, Ready)
                                        | (V::ReturnUnrepaired, Ready)
                                ))
                    })
                    .map(|t| t.3);
                let got = verb.next(from, facts);
                match (&got, expected) {
                    (Ok(to), Some(e)) => assert_eq!(*to, e, "{verb:?} from {from:?}"),
                    (Err(_), None) => {}
                    _ => panic!("{verb:?} from {from:?} {facts:?}: got {got:?}, want {expected:?}"),
                }
            }
        }
    }
}

#[test]
fn chargeable_work_waits_for_the_approved_quote_and_says_so() {
    let why = RepairVerb::StartRepair
        .next(Diagnosing, CHARGEABLE)
        .unwrap_err();
    assert!(why.contains("quote"), "{why}");
    let why = RepairVerb::StartRepair
        .next(QuoteSent, CHARGEABLE)
        .unwrap_err();
    assert!(why.contains("approve"), "{why}");
    assert_eq!(
        RepairVerb::StartRepair.next(Diagnosing, COVERED),
        Ok(Repairing)
    );
    let why = RepairVerb::Diagnose.next(PickedUp, COVERED).unwrap_err();
    assert!(
        why.contains("picked_up") && why.contains("handed back"),
        "{why}"
    );
    assert!(RepairVerb::PickUp.next(Ready, COVERED).is_err());
}

#[test]
fn roles_per_action() {
    use Role::*;
    assert!(RepairVerb::Diagnose.allowed_for(&[Engineer]));
    assert!(!RepairVerb::Diagnose.allowed_for(&[Dispatcher]));
    assert!(RepairVerb::ApproveQuote.allowed_for(&[Dispatcher]));
    assert!(!RepairVerb::ApproveQuote.allowed_for(&[Engineer]));
    assert!(RepairVerb::PickUp.allowed_for(&[Dispatcher]));
    assert!(!RepairVerb::PickUp.allowed_for(&[Sales, Admin, Storekeeper]));
    for v in RepairVerb::ALL {
        assert_eq!(RepairVerb::parse(v.as_str()), Some(v));
    }
}

fn hand_back() -> RepairActionInput {
    RepairActionInput {
        version: 3,
        voucher_code: Some("abcde-fghjk".into()),
        returned: vec![0, 1],
        ..Default::default()
    }
}

#[test]
fn hand_back_needs_the_code_or_an_id_check_and_every_accessory_or_a_note() {
    assert!(check_action(RepairVerb::PickUp, &hand_back(), 2).is_empty());
    let none = RepairActionInput {
        voucher_code: None,
        ..hand_back()
    };
    assert!(check_action(RepairVerb::PickUp, &none, 2).contains_key("voucher_code"));
    let short = RepairActionInput {
        returned: vec![1],
        ..hand_back()
    };
    assert!(check_action(RepairVerb::PickUp, &short, 2).contains_key("missing_note"));
    let noted = RepairActionInput {
        missing_note: "客户说包装盒不要了".into(),
        ..short
    };
    assert!(check_action(RepairVerb::PickUp, &noted, 2).is_empty());
    let twice = RepairActionInput {
        returned: vec![0, 0],
        ..hand_back()
    };
    assert!(check_action(RepairVerb::PickUp, &twice, 2).contains_key("returned"));
    let beyond = RepairActionInput {
        returned: vec![0, 2],
        ..hand_back()
    };
    assert!(check_action(RepairVerb::PickUp, &beyond, 2).contains_key("returned"));
    let id = RepairActionInput {
        voucher_code: None,
        id_check: Some(IdCheck {
            id_type: IdType::ResidentId,
            last_digits: "12".into(),
            holder_name: String::new(),
        }),
        ..hand_back()
    };
    let e = check_action(RepairVerb::ReturnUnrepaired, &id, 2);
    assert!(e.contains_key("id_check.last_digits") && e.contains_key("id_check.holder_name"));
}

#[test]
fn quotes_and_answers_ask_for_what_they_need() {
    let e = check_action(RepairVerb::SendQuote, &RepairActionInput::default(), 0);
    assert_eq!(e.keys().collect::<Vec<_>>(), ["amount", "quote_text"]);
    let e = check_action(RepairVerb::ApproveQuote, &RepairActionInput::default(), 0);
    assert_eq!(e.keys().collect::<Vec<_>>(), ["answered_by", "channel"]);
    assert!(check_action(RepairVerb::Diagnose, &RepairActionInput::default(), 0).is_empty());
}

#[test]
fn intake_and_sheet_checks() {
    let mut n = NewRepair {
        device_id: 1,
        brought_by: " ".into(),
        fault: String::new(),
        accessories: vec![AccessoryItem {
            standard: None,
            text: " ".into(),
        }],
        ..Default::default()
    };
    assert_eq!(
        check_new(&n).keys().collect::<Vec<_>>(),
        ["accessories", "brought_by", "fault"]
    );
    n.brought_by = "李经理".into();
    n.fault = "无法开机".into();
    n.accessories = vec![AccessoryItem {
        standard: Some(Accessory::PowerCable),
        text: String::new(),
    }];
    assert!(check_new(&n).is_empty());
    let mut s = RepairSheetInput {
        version: 1,
        findings: String::new(),
        actions: String::new(),
        parts: vec![PartLine {
            part: "风扇".into(),
            quantity: 0,
            amount: Money(100),
            part_id: None,
            serials: vec![],
        }],
        minutes: MAX_MINUTES + 1,
        engineer: String::new(),
    };
    assert_eq!(
        check_sheet(&s).keys().collect::<Vec<_>>(),
        ["minutes", "parts"]
    );
    s.parts[0].quantity = 1;
    s.minutes = 90;
    assert!(check_sheet(&s).is_empty());
}

#[test]
fn codes_are_read_as_people_type_them() {
    assert_eq!(normalise_code(" abcde-fghjk "), "ABCDEFGHJK");
    assert_eq!(format_code("abcdefghjk"), "ABCDE-FGHJK");
    assert!(is_code_shaped("ABCDE FGHJK"));
    assert!(!is_code_shaped("ABCDE-FGHJ0"));
    assert_eq!(
        AccessoryItem {
            standard: Some(Accessory::PowerCable),
            text: "2 pcs".into()
        }
        .label(false),
        "Power cable (2 pcs)"
    );
}
