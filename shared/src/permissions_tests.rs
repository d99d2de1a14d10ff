use super::*;

#[test]
fn kpis_the_manager_all_the_desk_and_sales_the_firms_an_engineer_their_own() {
    use crate::kpi::Dimension as D;
    let firm = allowed(|w| read_kpi(w, &D::Firm, false));
    assert_eq!(firm, vec![Manager, Dispatcher, Sales]);
    assert_eq!(
        allowed(|w| read_kpi(w, &D::Customer(1), false)),
        vec![Manager, Dispatcher, Sales]
    );
    let eng = D::Engineer("li".into());
    assert_eq!(allowed(|w| read_kpi(w, &eng, false)), vec![Manager]);
    assert_eq!(
        allowed(|w| read_kpi(w, &eng, true)),
        vec![Manager, Engineer]
    );
    assert_eq!(allowed(manager_overview), vec![Manager]);
}

const ALL: [Role; 6] = Role::ALL;

#[test]
fn weekly_reports_are_the_engineers_own_and_the_managers_to_read() {
    assert_eq!(
        allowed(|w| read_weekly_report(w, true)),
        vec![Manager, Engineer]
    );
    assert_eq!(allowed(|w| read_weekly_report(w, false)), vec![Manager]);
    assert_eq!(allowed(|w| write_weekly_report(w, true)), vec![Engineer]);
    assert!(allowed(|w| write_weekly_report(w, false)).is_empty());
    assert_eq!(allowed(weekly_report_status), vec![Manager]);
    assert_eq!(
        allowed(read_work_summaries),
        vec![Manager, Dispatcher, Sales]
    );
}

fn who(roles: &[Role]) -> Who<'_> {
    Who::new(7, roles)
}

/// The roles, one at a time, for which `f` answers yes.
fn allowed(f: impl Fn(Who) -> bool) -> Vec<Role> {
    ALL.into_iter().filter(|r| f(who(&[*r]))).collect()
}

#[test]
fn surveys_and_follow_ups() {
    assert_eq!(allowed(send_surveys), vec![Manager, Dispatcher, Sales]);
    assert_eq!(
        allowed(|w| read_surveys(w, true)),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
    assert_eq!(
        allowed(|w| read_surveys(w, false)),
        vec![Manager, Dispatcher, Sales]
    );
    assert_eq!(allowed(handle_follow_ups), vec![Manager]);
    assert_eq!(allowed(reopen_requests), vec![Manager, Dispatcher]);
    assert_eq!(
        allowed(|w| act_on_request(w, RequestVerb::Reopen, true)),
        vec![Manager, Dispatcher]
    );
}

#[test]
fn part_requests() {
    assert_eq!(allowed(|w| request_parts(w, true)), vec![Manager, Engineer]);
    assert_eq!(allowed(|w| request_parts(w, false)), vec![Manager]);
    assert_eq!(
        allowed(|w| decide_part_requests(w, false)),
        vec![Manager, Storekeeper]
    );
    assert!(allowed(|w| decide_part_requests(w, true)).is_empty());
    assert_eq!(allowed(|w| receive_parts(w, true)), vec![Manager, Engineer]);
    assert_eq!(allowed(|w| receive_parts(w, false)), vec![Manager]);
    assert_eq!(
        allowed(|w| cancel_part_request(w, false)),
        vec![Manager, Storekeeper]
    );
}

#[test]
fn archive_editors() {
    assert_eq!(allowed(edit_customers), vec![Manager, Sales]);
    assert_eq!(allowed(create_customers), vec![Manager, Dispatcher, Sales]);
    assert_eq!(allowed(edit_contracts), vec![Manager, Sales]);
    assert_eq!(
        allowed(edit_devices),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
    assert_eq!(
        allowed(|w| import(w, ImportKind::Customers)),
        vec![Manager, Sales]
    );
    assert_eq!(
        allowed(|w| import(w, ImportKind::Devices)),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
    assert!(!import_any(who(&[Admin])));
    assert!(import_any(who(&[Engineer])));
}

#[test]
fn complaints_are_logged_by_the_desk_and_sales_and_handled_by_the_manager() {
    assert_eq!(allowed(log_complaints), vec![Manager, Dispatcher, Sales]);
    assert_eq!(allowed(handle_complaints), vec![Manager]);
    assert_eq!(allowed(read_complaints), vec![Manager, Dispatcher, Sales]);
    assert_eq!(
        allowed(|w| read_complaint(w, false)),
        vec![Manager, Dispatcher, Sales]
    );
    assert_eq!(
        allowed(|w| read_complaint(w, true)),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
}

#[test]
fn an_engineers_menu_has_no_desk_tools() {
    assert!(!desk_tools(who(&[Engineer])));
    assert!(desk_tools(who(&[Engineer, Dispatcher])));
    assert_eq!(allowed(desk_tools).len(), ALL.len() - 1);
}

#[test]
fn documents_on_a_work_order_are_for_its_engineers_and_the_desk() {
    let on_wo = |assigned| move |w: Who| attach_documents(w, AttachedTo::WorkOrder, assigned);
    assert_eq!(allowed(on_wo(false)), vec![Manager, Dispatcher]);
    assert_eq!(allowed(on_wo(true)), vec![Manager, Dispatcher, Engineer]);
    assert_eq!(
        allowed(|w| attach_documents(w, AttachedTo::Firm, false)),
        vec![Admin, Manager]
    );
    assert_eq!(
        allowed(|w| attach_documents(w, AttachedTo::Device, false)),
        allowed(edit_devices)
    );
}

#[test]
fn requests() {
    assert_eq!(
        allowed(log_requests),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
    for verb in [RequestVerb::Pause, RequestVerb::Resume, RequestVerb::Close] {
        assert_eq!(
            allowed(|w| act_on_request(w, verb, false)),
            vec![Manager, Dispatcher]
        );
        assert_eq!(
            allowed(|w| act_on_request(w, verb, true)),
            vec![Manager, Dispatcher, Engineer]
        );
    }
    assert_eq!(allowed(dispatch), vec![Manager, Dispatcher]);
}

#[test]
fn work_orders() {
    assert_eq!(allowed(create_work_orders), vec![Manager, Dispatcher]);
    assert_eq!(allowed(|w| log_steps(w, false)), vec![Manager]);
    assert_eq!(allowed(|w| log_steps(w, true)), vec![Manager, Engineer]);
    assert_eq!(
        allowed(|w| set_quote(w, false)),
        vec![Manager, Dispatcher, Sales]
    );
    assert_eq!(
        allowed(|w| set_quote(w, true)),
        vec![Manager, Dispatcher, Engineer, Sales]
    );
    assert_eq!(allowed(|w| write_report(w, false)), vec![Manager]);
    assert_eq!(allowed(|w| write_report(w, true)), vec![Manager, Engineer]);
    assert_eq!(allowed(approve), vec![Manager]);
    // The assigned engineer cannot record the customer's approval of
    // their own quote; the desk or sales records it.
    assert_eq!(
        allowed(|w| work_order_action(w, Verb::ApproveQuote, true)),
        vec![Manager, Dispatcher, Sales]
    );
    assert_eq!(
        allowed(|w| work_order_action(w, Verb::Start, true)),
        vec![Manager, Engineer]
    );
    assert_eq!(
        allowed(|w| work_order_action(w, Verb::Start, false)),
        vec![Manager]
    );
}

#[test]
fn escalation_only_while_the_work_is_under_way() {
    for state in [
        WoState::Dispatched,
        WoState::InProgress,
        WoState::ExtensionRequested,
    ] {
        assert_eq!(
            allowed(|w| escalate(w, true, state)),
            vec![Manager, Dispatcher, Engineer]
        );
        assert_eq!(
            allowed(|w| escalate(w, false, state)),
            vec![Manager, Dispatcher]
        );
    }
    for state in [
        WoState::Requested,
        WoState::CompletionRequested,
        WoState::Completed,
        WoState::Cancelled,
    ] {
        assert!(
            allowed(|w| escalate(w, true, state)).is_empty(),
            "{state:?}"
        );
    }
}

#[test]
fn loaners() {
    assert_eq!(
        allowed(lend_loaners),
        vec![Manager, Dispatcher, Engineer, Storekeeper]
    );
    assert_eq!(allowed(manage_loaner_pool), vec![Manager, Storekeeper]);
    assert!(!lend_loaners(who(&[Sales, Admin])));
}

#[test]
fn repairs() {
    assert_eq!(
        allowed(take_in_repairs),
        vec![Manager, Dispatcher, Engineer]
    );
    assert_eq!(allowed(write_repair_sheet), vec![Manager, Engineer]);
    assert_eq!(allowed(check_id_for_lost_voucher), vec![Manager]);
    assert_eq!(
        allowed(|w| repair_action(w, RepairVerb::Diagnose)),
        vec![Manager, Engineer]
    );
    assert_eq!(
        allowed(|w| repair_action(w, RepairVerb::StartRepair)),
        vec![Manager, Engineer]
    );
    assert_eq!(
        allowed(|w| repair_action(w, RepairVerb::ApproveQuote)),
        vec![Manager, Dispatcher, Sales]
    );
    assert_eq!(
        allowed(|w| repair_action(w, RepairVerb::PickUp)),
        vec![Manager, Dispatcher, Engineer]
    );
    assert_eq!(
        allowed(|w| attach_documents(w, AttachedTo::Repair, false)),
        allowed(take_in_repairs)
    );
}

#[test]
fn parts_and_stock() {
    assert_eq!(allowed(read_stock), ALL.to_vec());
    assert!(!read_stock(who(&[])));
    assert_eq!(allowed(manage_parts), vec![Manager, Storekeeper]);
    assert_eq!(
        allowed(|w| import(w, ImportKind::Parts)),
        vec![Manager, Storekeeper]
    );
    assert_eq!(allowed(move_any_stock), vec![Manager, Storekeeper]);
    assert_eq!(allowed(has_kit), vec![Engineer]);
    for kind in MovementKind::ALL {
        let own = allowed(|w| move_stock(w, kind, true));
        let other = allowed(|w| move_stock(w, kind, false));
        assert_eq!(other, vec![Manager, Storekeeper], "{kind:?}");
        let engineer_may = matches!(
            kind,
            MovementKind::Consume | MovementKind::ReturnGood | MovementKind::ReturnFaulty
        );
        assert_eq!(own.contains(&Engineer), engineer_may, "{kind:?}");
        assert!(!own.contains(&Dispatcher) && !own.contains(&Sales));
    }
}

#[test]
fn the_firm() {
    assert_eq!(allowed(edit_settings), vec![Admin, Manager]);
    assert_eq!(allowed(read_audit), vec![Admin, Manager]);
    assert_eq!(allowed(manage_users), vec![Admin]);
    assert_eq!(allowed(list_users), vec![Admin, Manager, Dispatcher]);
    assert_eq!(allowed(backup), vec![Admin]);
}

#[test]
fn several_roles_add_up() {
    let both = [Engineer, Sales];
    assert!(edit_customers(who(&both)));
    assert!(set_quote(who(&both), false));
    assert!(!approve(who(&both)));
}
