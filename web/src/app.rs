//! The router: the one place routes are declared, behind the sign-in gate.

use crate::auth::{self, Gate};
use crate::components::guard::RequireRole;
use crate::components::layout::Layout;
use crate::i18n;
use crate::pages::contracts::{detail::ContractDetail, list::ContractList, new::NewContractPage};
use crate::pages::customers::{
    detail::CustomerDetail,
    list::{CustomerList, NewCustomerPage},
};
use crate::pages::devices::{labels::Labels, DeviceDetail};
use crate::pages::lookup::Lookup;
use crate::pages::requests::{board::RequestBoard, detail::RequestDetail, new::NewRequestPage};
use crate::pages::users::{detail::UserDetail, list::UserList, new::NewUser};
use crate::pages::work_orders::{
    approvals::Approvals, detail::WorkOrderDetail, mine::MyTasks, print::PrintReport,
    report::ReportPage,
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
use servicebook_shared::users::Role;

const ADMIN: &[Role] = &[Role::Admin];
const AUDITORS: &[Role] = &[Role::Admin, Role::Manager];
const APPROVERS: &[Role] = &[Role::Manager];
const SETTERS: &[Role] = &[Role::Admin, Role::Manager];

#[component]
pub fn App() -> impl IntoView {
    i18n::provide();
    let auth = auth::provide();
    let gate = Memo::new(move |_| auth.gate());
    view! {
        <Router>
            <Layout>
                <Gated gate=gate/>
            </Layout>
        </Router>
    }
}

/// The customer's signing page needs no account; everything else is
/// behind the sign-in gate.
#[component]
fn Gated(gate: Memo<Gate>) -> impl IntoView {
    let location = use_location();
    move || {
        if location.pathname.get().starts_with("/sign/") {
            return view! {
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/sign/:token") view=PublicSign/>
                </Routes>
            }
            .into_any();
        }
        match gate.get() {
            Gate::Loading => view! { <p class="muted">"…"</p> }.into_any(),
            Gate::SignedOut => view! { <Login/> }.into_any(),
            Gate::MustChangePassword => view! { <ChangePassword forced=true/> }.into_any(),
            Gate::SignedIn => view! {
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/status") view=Status/>
                    <Route path=path!("/lookup") view=Lookup/>
                    <Route path=path!("/customers") view=CustomerList/>
                    <Route path=path!("/customers/new") view=NewCustomerPage/>
                    <Route path=path!("/customers/:id") view=CustomerDetail/>
                    <Route path=path!("/devices/:id") view=DeviceDetail/>
                    <Route path=path!("/labels") view=Labels/>
                    <Route path=path!("/import") view=Import/>
                    <Route path=path!("/requests") view=RequestBoard/>
                    <Route path=path!("/requests/new") view=NewRequestPage/>
                    <Route path=path!("/requests/:id") view=RequestDetail/>
                    <Route path=path!("/work-orders/:id") view=WorkOrderDetail/>
                    <Route path=path!("/work-orders/:id/report") view=ReportPage/>
                    <Route path=path!("/work-orders/:id/report/print") view=PrintReport/>
                    <Route path=path!("/my-tasks") view=MyTasks/>
                    <Route path=path!("/approvals") view=|| view! { <RequireRole roles=APPROVERS><Approvals/></RequireRole> }/>
                    <Route path=path!("/contracts") view=ContractList/>
                    <Route path=path!("/contracts/new") view=NewContractPage/>
                    <Route path=path!("/contracts/:id") view=ContractDetail/>
                    <Route path=path!("/api-docs") view=ApiDocs/>
                    <Route path=path!("/profile") view=Profile/>
                    <Route path=path!("/password") view=|| view! { <ChangePassword forced=false/> }/>
                    <Route path=path!("/users") view=|| view! { <RequireRole roles=ADMIN><UserList/></RequireRole> }/>
                    <Route path=path!("/users/new") view=|| view! { <RequireRole roles=ADMIN><NewUser/></RequireRole> }/>
                    <Route path=path!("/users/:id") view=|| view! { <RequireRole roles=ADMIN><UserDetail/></RequireRole> }/>
                    <Route path=path!("/admin") view=|| view! { <RequireRole roles=ADMIN><Admin/></RequireRole> }/>
                    <Route path=path!("/settings") view=|| view! { <RequireRole roles=SETTERS><SettingsPage/></RequireRole> }/>
                    <Route path=path!("/audit") view=|| view! { <RequireRole roles=AUDITORS><AuditLog/></RequireRole> }/>
                </Routes>
            }.into_any(),
        }
    }
}
