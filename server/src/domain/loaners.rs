//! Loaner rules: the pool's units, lending one (only from the shelf),
//! the customer's signatures on the receipt and on the return, and the
//! return itself (only of a loan that is out). The unit's status follows
//! the loan; the service writes both in one transaction.

use super::reports::customer_signature;
use super::work_orders::Refusal;
use crate::store::loaners::LoanerUnitRecord;
use crate::store::loans::{LoanRecord, StoredHandOver, StoredReturn};
use crate::store::{CustomerRecord, RecordMeta, RequestRecord};
use chrono::{DateTime, NaiveDate, Utc};
use servicebook_shared::devices::normalise_serial;
use servicebook_shared::loaners::{
    check_loan, check_return, check_unit, missing_accessories, LoanStage, LoanState, LoanedUnit,
    LoanerUnitPatch, NewLoan, NewLoanerUnit, ReturnInput, UnitStatus,
};
use servicebook_shared::reports::SignInput;
use servicebook_shared::users::FieldErrors;

fn trimmed(list: &[String]) -> Vec<String> {
    list.iter().map(|a| a.trim().to_owned()).collect()
}

fn done(e: FieldErrors) -> Result<(), Refusal> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Invalid(e))
    }
}

/// A new unit of the pool, on the shelf.
pub fn new_unit(input: &NewLoanerUnit) -> Result<LoanerUnitRecord, Refusal> {
    done(check_unit(
        &input.product,
        &input.brand,
        &input.model,
        &input.serial_number,
        &input.asset_tag,
        &input.accessories,
        &input.condition,
        &input.notes,
    ))?;
    Ok(LoanerUnitRecord {
        meta: RecordMeta::new(),
        product: input.product.trim().to_owned(),
        brand: input.brand.trim().to_owned(),
        model: input.model.trim().to_owned(),
        serial_number: normalise_serial(&input.serial_number),
        asset_tag: input.asset_tag.trim().to_owned(),
        accessories: trimmed(&input.accessories),
        condition: input.condition.trim().to_owned(),
        notes: input.notes.clone(),
        status: UnitStatus::Available,
        current_loan_id: None,
    })
}

/// The unit with the patch applied. Lending and returning alone move a
/// unit out and back: a patch may retire a unit on the shelf or put a
/// retired one back, never touch one that is out.
pub fn patch_unit(
    current: &LoanerUnitRecord,
    patch: &LoanerUnitPatch,
) -> Result<LoanerUnitRecord, Refusal> {
    let mut next = current.clone();
    let set = |target: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            *target = v.trim().to_owned();
        }
    };
    set(&mut next.product, &patch.product);
    set(&mut next.brand, &patch.brand);
    set(&mut next.model, &patch.model);
    set(&mut next.asset_tag, &patch.asset_tag);
    set(&mut next.condition, &patch.condition);
    if let Some(s) = &patch.serial_number {
        next.serial_number = normalise_serial(s);
    }
    if let Some(n) = &patch.notes {
        next.notes = n.clone();
    }
    if let Some(a) = &patch.accessories {
        next.accessories = trimmed(a);
    }
    done(check_unit(
        &next.product,
        &next.brand,
        &next.model,
        &next.serial_number,
        &next.asset_tag,
        &next.accessories,
        &next.condition,
        &next.notes,
    ))?;
    match patch.status {
        None => {}
        Some(UnitStatus::Out) => {
            return Err(Refusal::Invalid(
                [(
                    "status".to_owned(),
                    "a unit goes out by lending it, not by an edit".to_owned(),
                )]
                .into(),
            ))
        }
        Some(s) if current.status == UnitStatus::Out && s != UnitStatus::Out => {
            return Err(Refusal::Conflict(format!(
                "{} is out on a loan: take it back before changing its status",
                current.serial_number
            )))
        }
        Some(s) => next.status = s,
    }
    Ok(next)
}

/// Who lends, and when: the staff member's name and the hand-over time.
pub struct Lending<'a> {
    pub staff: &'a str,
    pub at: DateTime<Utc>,
    /// The firm's calendar day of `at`.
    pub day: NaiveDate,
}

/// The loan of `unit` to `customer` (for `request`, if given), and the unit
/// as it is once out. Refuses a unit that is not on the shelf.
pub fn lend(
    input: &NewLoan,
    unit: &LoanerUnitRecord,
    customer: &CustomerRecord,
    request: Option<&RequestRecord>,
    by: &Lending,
) -> Result<(LoanRecord, LoanerUnitRecord), Refusal> {
    if unit.status != UnitStatus::Available {
        return Err(Refusal::Conflict(format!(
            "{} {} is {}: only a unit on the shelf can be lent",
            unit.product,
            unit.serial_number,
            unit.status.as_str()
        )));
    }
    let mut e = check_loan(input, by.day);
    if let Some(r) = request {
        if r.customer_id != customer.meta.id {
            e.insert(
                "request_id".into(),
                format!("{} is a request of another customer", r.number),
            );
        }
    }
    done(e)?;
    let contact = match input.contact.trim() {
        "" => customer
            .contacts
            .iter()
            .find(|c| c.primary)
            .or(customer.contacts.first())
            .map(|c| (c.name.clone(), c.phone.clone()))
            .unwrap_or_default(),
        name => (name.to_owned(), input.contact_phone.trim().to_owned()),
    };
    let condition = match input.condition.trim() {
        "" => unit.condition.clone(),
        c => c.to_owned(),
    };
    let loan = LoanRecord {
        meta: RecordMeta::new(),
        number: String::new(),
        state: LoanState::AwaitingSignature,
        unit: LoanedUnit {
            id: unit.meta.id,
            product: unit.product.clone(),
            brand: unit.brand.clone(),
            model: unit.model.clone(),
            serial_number: unit.serial_number.clone(),
            asset_tag: unit.asset_tag.clone(),
        },
        customer_id: customer.meta.id,
        customer_name: customer.name.clone(),
        contact: contact.0,
        contact_phone: contact.1,
        request_id: request.map(|r| r.meta.id),
        request_number: request.map(|r| r.number.clone()),
        repair_id: input.repair_id,
        due_date: input.due_date,
        hand_over: StoredHandOver {
            condition,
            accessories: match &input.accessories {
                Some(a) => trimmed(a),
                None => unit.accessories.clone(),
            },
            notes: input.notes.trim().to_owned(),
            lent_by: by.staff.to_owned(),
            lent_at: by.at,
            signature: None,
        },
        returned: None,
    };
    let mut out = unit.clone();
    out.status = UnitStatus::Out;
    Ok((loan, out))
}

/// The customer signs the hand-over receipt or the return. `staff` is the
/// username and name of whoever's device it is signed on (in person).
pub fn sign(
    loan: &mut LoanRecord,
    stage: LoanStage,
    input: &SignInput,
    via: &str,
    staff: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let slot = match stage {
        LoanStage::HandOver => &mut loan.hand_over.signature,
        LoanStage::Return => match loan.returned.as_mut() {
            Some(r) => &mut r.signature,
            None => {
                return Err(Refusal::Conflict(format!(
                    "{} has not been returned yet: record the return first",
                    loan.number
                )))
            }
        },
    };
    if slot.is_some() {
        return Err(Refusal::Conflict(format!(
            "the {} of {} is already signed",
            match stage {
                LoanStage::HandOver => "receipt",
                LoanStage::Return => "return",
            },
            loan.number
        )));
    }
    *slot = Some(customer_signature(input, via, staff, now)?);
    if stage == LoanStage::HandOver && loan.state == LoanState::AwaitingSignature {
        loan.state = LoanState::Out;
    }
    Ok(())
}

/// The unit comes back: the loan is returned (its signature follows, in
/// person or by link) and the unit is on the shelf again with the
/// condition it came back in.
pub fn take_back(
    loan: &LoanRecord,
    unit: &LoanerUnitRecord,
    input: &ReturnInput,
    staff: &str,
    now: DateTime<Utc>,
) -> Result<(LoanRecord, LoanerUnitRecord), Refusal> {
    if !loan.state.is_out() {
        return Err(Refusal::Conflict(format!(
            "{} was returned already",
            loan.number
        )));
    }
    done(check_return(input, &loan.hand_over.accessories))?;
    let back = trimmed(&input.accessories_back);
    let mut next = loan.clone();
    next.state = LoanState::Returned;
    next.returned = Some(StoredReturn {
        condition: input.condition.trim().to_owned(),
        accessories_missing: missing_accessories(&loan.hand_over.accessories, &back),
        accessories_back: back,
        notes: input.notes.trim().to_owned(),
        received_by: staff.to_owned(),
        returned_at: now,
        signature: None,
    });
    let mut shelf = unit.clone();
    if shelf.current_loan_id == Some(loan.meta.id) {
        shelf.status = UnitStatus::Available;
        shelf.current_loan_id = None;
    }
    shelf.condition = input.condition.trim().to_owned();
    Ok((next, shelf))
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicebook_shared::customers::{Contact, Tier};

    fn unit() -> LoanerUnitRecord {
        let mut u = new_unit(&NewLoanerUnit {
            product: "ThinkPad T14".into(),
            serial_number: " pf-3a1 ".into(),
            accessories: vec!["电源适配器".into(), " 电脑包".into()],
            condition: "外壳轻微划痕".into(),
            ..Default::default()
        })
        .unwrap();
        u.meta.id = 5;
        u
    }

    fn customer() -> CustomerRecord {
        CustomerRecord {
            meta: RecordMeta {
                id: 9,
                ..RecordMeta::new()
            },
            name: "深圳华为技术有限公司".into(),
            industry: String::new(),
            tier: Tier::Normal,
            notes: String::new(),
            sales_owner_id: None,
            surveys_off: false,
            contacts: vec![Contact {
                name: "李经理".into(),
                phone: "13800138000".into(),
                email: String::new(),
                primary: true,
            }],
            sites: Vec::new(),
        }
    }

    fn new_loan() -> NewLoan {
        NewLoan {
            unit_id: 5,
            customer_id: 9,
            contact: String::new(),
            contact_phone: String::new(),
            request_id: None,
            repair_id: None,
            due_date: "2026-03-20".parse().unwrap(),
            condition: String::new(),
            accessories: None,
            notes: String::new(),
            lent_at: None,
        }
    }

    fn lending() -> Lending<'static> {
        Lending {
            staff: "王工",
            at: "2026-03-10T02:00:00Z".parse().unwrap(),
            day: "2026-03-10".parse().unwrap(),
        }
    }

    fn signed(name: &str) -> SignInput {
        SignInput {
            version: 1,
            signer_name: name.into(),
            strokes: vec![vec![[10.0, 100.0], [200.0, 120.0], [300.0, 80.0]]],
        }
    }

    #[test]
    fn a_unit_on_the_shelf_goes_out_with_its_accessories_and_the_primary_contact() {
        let (loan, out) = lend(&new_loan(), &unit(), &customer(), None, &lending()).unwrap();
        assert_eq!(out.status, UnitStatus::Out);
        assert_eq!(loan.state, LoanState::AwaitingSignature);
        assert_eq!(loan.unit.serial_number, "PF-3A1");
        assert_eq!(loan.hand_over.accessories, ["电源适配器", "电脑包"]);
        assert_eq!(loan.hand_over.condition, "外壳轻微划痕");
        assert_eq!(loan.contact, "李经理");
        let Err(Refusal::Conflict(m)) = lend(&new_loan(), &out, &customer(), None, &lending())
        else {
            panic!("an out unit cannot be lent")
        };
        assert!(m.contains("out"), "{m}");
    }

    #[test]
    fn signing_the_receipt_makes_the_loan_out_and_the_engineer_never_signs() {
        let (mut loan, _) = lend(&new_loan(), &unit(), &customer(), None, &lending()).unwrap();
        let at = lending().at;
        let staff = Some(("eng.wang", "王工"));
        assert!(matches!(
            sign(
                &mut loan,
                LoanStage::HandOver,
                &signed("王工"),
                "in_person",
                staff,
                at
            ),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            sign(
                &mut loan,
                LoanStage::Return,
                &signed("李经理"),
                "in_person",
                staff,
                at
            ),
            Err(Refusal::Conflict(_))
        ));
        sign(
            &mut loan,
            LoanStage::HandOver,
            &signed("李经理"),
            "in_person",
            staff,
            at,
        )
        .unwrap();
        assert_eq!(loan.state, LoanState::Out);
        assert!(matches!(
            sign(
                &mut loan,
                LoanStage::HandOver,
                &signed("李经理"),
                "link",
                None,
                at
            ),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn the_return_ticks_accessories_frees_the_unit_and_happens_once() {
        let mut u = unit();
        let (mut loan, mut out) = lend(&new_loan(), &u, &customer(), None, &lending()).unwrap();
        loan.meta.id = 77;
        out.current_loan_id = Some(77);
        u = out;
        let input = ReturnInput {
            version: 1,
            condition: "完好".into(),
            accessories_back: vec!["电源适配器".into()],
            notes: String::new(),
        };
        let (back, shelf) = take_back(&loan, &u, &input, "孙库管", lending().at).unwrap();
        assert_eq!(back.state, LoanState::Returned);
        assert_eq!(
            back.returned.as_ref().unwrap().accessories_missing,
            ["电脑包"]
        );
        assert_eq!(shelf.status, UnitStatus::Available);
        assert_eq!(shelf.current_loan_id, None);
        assert!(matches!(
            take_back(&back, &shelf, &input, "孙库管", lending().at),
            Err(Refusal::Conflict(_))
        ));
    }

    #[test]
    fn a_patch_never_moves_a_unit_out_or_an_out_unit_anywhere() {
        let mut patch = LoanerUnitPatch {
            version: 1,
            status: Some(UnitStatus::Out),
            ..Default::default()
        };
        assert!(matches!(
            patch_unit(&unit(), &patch),
            Err(Refusal::Invalid(_))
        ));
        patch.status = Some(UnitStatus::Retired);
        assert_eq!(
            patch_unit(&unit(), &patch).unwrap().status,
            UnitStatus::Retired
        );
        let mut out = unit();
        out.status = UnitStatus::Out;
        assert!(matches!(
            patch_unit(&out, &patch),
            Err(Refusal::Conflict(_))
        ));
    }
}
