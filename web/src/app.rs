//! The router: the one place routes are declared, behind the sign-in gate.

use crate::auth::{self, Gate};
use crate::components::guard::Require;
use crate::components::layout::Layout;
use crate::i18n;
use crate::pages::complaints::{
    detail::ComplaintDetail, list::ComplaintList, new::NewComplaintPage,
};
use crate::pages::contracts::{detail::ContractDetail, list::ContractList, new::NewContractPage};
use crate::pages::customers::{
    detail::CustomerDetail,
    list::{CustomerList, NewCustomerPage},
};
use crate::pages::devices::{labels::Labels, list::DeviceList, DeviceDetail};
use crate::pages::inspections::{
    due::DueInspections,
    form::{EditTemplatePage, NewTemplatePage},
    print::PrintVisit,
    template::TemplateDetail,
    templates::TemplateList,
    visit::VisitPage,
};
use crate::pages::loaners::{
    give_back::ReturnPage, lend::LendPage, loan::LoanDetail, loans::LoanList, pool::Pool,
    receipt::LoanReceipt, unit::UnitDetail,
};
use crate::pages::lookup::Lookup;
use crate::pages::parts::{detail::PartDetail, form::NewPartPage, list::PartList};
use crate::pages::repairs::{
    board::RepairBoard, detail::RepairDetail, intake::RepairIntakePage, print::PrintRepair,
    voucher::RepairVoucher,
};
use crate::pages::requests::{board::RequestBoard, detail::RequestDetail, new::NewRequestPage};
use crate::pages::stock::{
    locations::StockPage, movement::MovementPage, my_kit::MyKit, reorder::ReorderList,
};
use crate::pages::two_factor::TwoFactor;
use crate::pages::users::{detail::UserDetail, list::UserList, new::NewUser};
use crate::pages::work_orders::{
    approvals::Approvals, detail::WorkOrderDetail, list::WorkOrderList, mine::MyTasks,
    print::PrintReport, report::ReportPage,
};
use crate::pages::{
    admin::Admin, api_docs::ApiDocs, audit::AuditLog, home::Home, import::Import, login::Login,
    not_found::NotFound,
};
use crate::pages::{
    password::ChangePassword, profile::Profile, settings::SettingsPage, sign::PublicSign,
    status::Status,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use servicebook_shared::permissions;

#[component]
pub fn App() -> impl IntoView {
    i18n::provide();
    let auth = auth::provide();
    let gate = Memo::new(move |_| auth.gate());
    let hand_over = crate::handover::provide();
    // While the customer holds the phone the screen is the hand-over alone,
    // whatever the address: no chrome, no routes, nothing to wander into
    // (not even while a reload asks who is signed in).
    let screen = Memo::new(move |_| match (hand_over.wo.get(), gate.get()) {
        (Some(wo), Gate::SignedIn) => Screen::HandOver(wo),
        (Some(_), Gate::Loading) => Screen::Wait,
        _ => Screen::App,
    });
    view! {
        <Router>
            {move || match screen.get() {
                Screen::HandOver(wo) => view! { <crate::handover::HandOverScreen wo_id=wo/> }.into_any(),
                Screen::Wait => view! { <p class="muted">"…"</p> }.into_any(),
                Screen::App => view! {
                    <Layout>
                        <Gated gate=gate/>
                    </Layout>
                }.into_any(),
            }}
        </Router>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    HandOver(u64),
    Wait,
    App,
}

/// The customer's signing page needs no account; everything else is
/// behind the sign-in gate.
#[component]
fn Gated(gate: Memo<Gate>) -> impl IntoView {
    let location = use_location();
    // Only whether this is a public signing page may rebuild the routes: a
    // `<Routes>` built anew on every path change never tells the router the
    // navigation is done, so the address bar and history would stay behind.
    let public = Memo::new(move |_| {
        location
            .pathname
            .with(|p| p.starts_with("/sign/") || p.starts_with("/survey/"))
    });
    move || {
        if public.get() {
            return view! {
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/sign/:token") view=PublicSign/>
                    <Route path=path!("/survey/:token") view=crate::pages::survey_public::PublicSurveyPage/>
                </Routes>
            }
            .into_any();
        }
        match gate.get() {
            Gate::Loading => view! { <p class="muted">"…"</p> }.into_any(),
            Gate::SignedOut => view! { <Login/> }.into_any(),
            Gate::MustChangePassword => view! { <ChangePassword forced=true/> }.into_any(),
            Gate::MustSetUpTwoFactor => view! { <TwoFactor forced=true/> }.into_any(),
            Gate::SignedIn => view! {
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/status") view=Status/>
                    <Route path=path!("/lookup") view=Lookup/>
                    <Route path=path!("/customers") view=CustomerList/>
                    <Route path=path!("/customers/new") view=NewCustomerPage/>
                    <Route path=path!("/customers/:id") view=CustomerDetail/>
                    <Route path=path!("/devices") view=|| view! { <Require allowed=crate::pages::devices::list::may_list><DeviceList/></Require> }/>
                    <Route path=path!("/devices/:id") view=DeviceDetail/>
                    <Route path=path!("/labels") view=Labels/>
                    <Route path=path!("/import") view=|| view! { <Require allowed=permissions::import_any><Import/></Require> }/>
                    <Route path=path!("/requests") view=RequestBoard/>
                    <Route path=path!("/requests/new") view=NewRequestPage/>
                    <Route path=path!("/requests/:id") view=RequestDetail/>
                    <Route path=path!("/work-orders") view=|| view! { <Require allowed=crate::pages::work_orders::list::may_list><WorkOrderList/></Require> }/>
                    <Route path=path!("/work-orders/:id") view=WorkOrderDetail/>
                    <Route path=path!("/work-orders/:id/report") view=ReportPage/>
                    <Route path=path!("/work-orders/:id/report/print") view=PrintReport/>
                    <Route path=path!("/my-tasks") view=MyTasks/>
                    <Route path=path!("/approvals") view=|| view! { <Require allowed=permissions::approve><Approvals/></Require> }/>
                    <Route path=path!("/complaints") view=|| view! { <Require allowed=crate::pages::complaints::may_list><ComplaintList/></Require> }/>
                    <Route path=path!("/complaints/new") view=|| view! { <Require allowed=permissions::log_complaints><NewComplaintPage/></Require> }/>
                    <Route path=path!("/complaints/:id") view=ComplaintDetail/>
                    <Route path=path!("/kpi") view=crate::pages::kpi::KpiPage/>
                    <Route path=path!("/kpi/requests") view=crate::pages::kpi::drill::KpiRequests/>
                    <Route path=path!("/loaners") view=Pool/>
                    <Route path=path!("/loaners/lend") view=|| view! { <Require allowed=permissions::lend_loaners><LendPage/></Require> }/>
                    <Route path=path!("/loaners/loans") view=LoanList/>
                    <Route path=path!("/loaners/loans/:id") view=LoanDetail/>
                    <Route path=path!("/loaners/loans/:id/return") view=|| view! { <Require allowed=permissions::lend_loaners><ReturnPage/></Require> }/>
                    <Route path=path!("/loaners/loans/:id/receipt") view=LoanReceipt/>
                    <Route path=path!("/loaners/:id") view=UnitDetail/>
                    <Route path=path!("/repairs") view=RepairBoard/>
                    <Route path=path!("/repairs/new") view=|| view! { <Require allowed=permissions::take_in_repairs><RepairIntakePage/></Require> }/>
                    <Route path=path!("/repairs/:id") view=RepairDetail/>
                    <Route path=path!("/repairs/:id/voucher") view=RepairVoucher/>
                    <Route path=path!("/repairs/:id/print") view=PrintRepair/>
                    <Route path=path!("/contracts") view=ContractList/>
                    <Route path=path!("/contracts/new") view=NewContractPage/>
                    <Route path=path!("/contracts/:id") view=ContractDetail/>
                    <Route path=path!("/parts") view=|| view! { <Require allowed=permissions::read_stock><PartList/></Require> }/>
                    <Route path=path!("/parts/new") view=|| view! { <Require allowed=permissions::manage_parts><NewPartPage/></Require> }/>
                    <Route path=path!("/parts/:id") view=|| view! { <Require allowed=permissions::read_stock><PartDetail/></Require> }/>
                    <Route path=path!("/stock") view=|| view! { <Require allowed=permissions::read_stock><StockPage/></Require> }/>
                    <Route path=path!("/stock/move") view=|| view! { <Require allowed=permissions::move_any_stock><MovementPage/></Require> }/>
                    <Route path=path!("/stock/my-kit") view=|| view! { <Require allowed=permissions::has_kit><MyKit/></Require> }/>
                    <Route path=path!("/stock/part-requests") view=|| view! { <Require allowed=|w| permissions::decide_part_requests(w, false)><crate::pages::stock::part_requests::PartRequestQueue/></Require> }/>
                    <Route path=path!("/stock/reorder") view=|| view! { <Require allowed=permissions::read_stock><ReorderList/></Require> }/>
                    <Route path=path!("/weekly-report") view=|| view! { <Require allowed=|w| permissions::read_weekly_report(w, true)><crate::pages::work_log::mine::MyWeeklyReport/></Require> }/>
                    <Route path=path!("/weekly-reports") view=|| view! { <Require allowed=permissions::weekly_report_status><crate::pages::work_log::status::WeeklyReportStatus/></Require> }/>
                    <Route path=path!("/work-summaries/week") view=|| view! { <Require allowed=permissions::read_work_summaries><crate::pages::work_log::summaries::WeeklyRecordPage/></Require> }/>
                    <Route path=path!("/work-summaries/month") view=|| view! { <Require allowed=permissions::read_work_summaries><crate::pages::work_log::summaries::MonthlySummaryPage/></Require> }/>
                    <Route path=path!("/inspections") view=|| view! { <Require allowed=permissions::read_inspections><DueInspections/></Require> }/>
                    <Route path=path!("/inspections/visits/:id") view=|| view! { <Require allowed=permissions::read_inspections><VisitPage/></Require> }/>
                    <Route path=path!("/inspections/visits/:id/print") view=|| view! { <Require allowed=permissions::read_inspections><PrintVisit/></Require> }/>
                    <Route path=path!("/inspection-templates") view=|| view! { <Require allowed=permissions::read_inspections><TemplateList/></Require> }/>
                    <Route path=path!("/inspection-templates/new") view=|| view! { <Require allowed=permissions::manage_inspection_templates><NewTemplatePage/></Require> }/>
                    <Route path=path!("/inspection-templates/:id") view=|| view! { <Require allowed=permissions::read_inspections><TemplateDetail/></Require> }/>
                    <Route path=path!("/inspection-templates/:id/edit") view=|| view! { <Require allowed=permissions::manage_inspection_templates><EditTemplatePage/></Require> }/>
                    <Route path=path!("/surveys") view=|| view! { <Require allowed=permissions::send_surveys><crate::pages::surveys::list::SurveyList/></Require> }/>
                    <Route path=path!("/follow-ups") view=|| view! { <Require allowed=permissions::send_surveys><crate::pages::surveys::follow_ups::FollowUpQueue/></Require> }/>
                    <Route path=path!("/follow-ups/:id") view=|| view! { <Require allowed=permissions::send_surveys><crate::pages::surveys::follow_ups::FollowUpDetail/></Require> }/>
                    <Route path=path!("/api-docs") view=ApiDocs/>
                    <Route path=path!("/profile") view=Profile/>
                    <Route path=path!("/password") view=|| view! { <ChangePassword forced=false/> }/>
                    <Route path=path!("/users") view=|| view! { <Require allowed=permissions::manage_users><UserList/></Require> }/>
                    <Route path=path!("/users/new") view=|| view! { <Require allowed=permissions::manage_users><NewUser/></Require> }/>
                    <Route path=path!("/users/:id") view=|| view! { <Require allowed=permissions::manage_users><UserDetail/></Require> }/>
                    <Route path=path!("/admin") view=|| view! { <Require allowed=permissions::backup><Admin/></Require> }/>
                    <Route path=path!("/settings") view=|| view! { <Require allowed=permissions::edit_settings><SettingsPage/></Require> }/>
                    <Route path=path!("/audit") view=|| view! { <Require allowed=permissions::read_audit><AuditLog/></Require> }/>
                </Routes>
            }.into_any(),
        }
    }
}
