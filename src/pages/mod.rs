//! The pages, one folder per role (member, branch, committee) and `common` for the pages every
//! role shares. A page reads the store's signals and sends commands; it holds no rule of its own.
//!
//! Two builds of the app share this code (ARCHITECTURE.md, "Two builds"): the member's first load
//! renders with [`member_pages`], which routes every page of [`At::full_build_only`] to loading the
//! full build, and the full build with [`full_pages`]. Only the pages a build's `<FlatRoutes>` names end
//! up in its wasm.

pub mod branch;
pub mod committee;
pub mod common;
pub mod member;

use crate::core::{Apply, CodeInvite, OrgId, State};
use crate::nav::use_route;
use crate::route::Route as At;
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route};
use leptos_router::path;

/// Renders the page for the path; which function is used decides the build.
pub type Pages = fn() -> AnyView;

/// A build of the app: its pages, and how it applies commands. Only what these name ends up in
/// that build's wasm.
#[derive(Clone, Copy)]
pub struct Build {
    pub pages: Pages,
    pub apply: Apply,
    /// How it takes what another tab of the phone saved (the member's build leaves the join out).
    pub merge: crate::core::document::MergeTabs,
    /// Whether this is the full build (which has every page: nothing more to load).
    pub full: bool,
}

/// The member's build, the first load: a freshman's pages and a member's own commands.
pub const MEMBER_BUILD: Build =
    Build { pages: member_pages, apply: State::apply_members, merge: crate::core::document::later_copy, full: false };
/// The full build: every page and every command.
pub const FULL_BUILD: Build = Build { pages: full_pages, apply: State::apply, merge: crate::core::document::merge_tabs, full: true };

/// A page with parameters, drawn from the current route (its query and fragment, read by the
/// router), and drawn again when they change.
fn with_params(page: fn(At) -> AnyView) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || {
        let route = use_route();
        (move || page(route.get())).into_any()
    }
}

/// The pages of the member's build: a page of the full build only starts loading that build.
pub fn member_pages() -> AnyView {
    view! {
        <FlatRoutes fallback=Elsewhere>
            <Route path=path!("/") view=common::home::Home/>
            <Route path=path!("/start") view=common::home::StartEmpty/>
            <Route path=path!("/me") view=common::me::Me/>
            <Route path=path!("/register") view=member::register::Register/>
            <Route path=path!("/profile") view=member::profile::ProfilePage/>
            <Route path=path!("/find") view=with_params(member_page)/>
            <Route path=path!("/apply") view=with_params(member_page)/>
            <Route path=path!("/join") view=with_params(member_page)/>
            <Route path=path!("/my-org") view=member::my_org::MyOrg/>
            <Route path=path!("/my-org/send") view=member::handover::SendApplication/>
            <Route path=path!("/volunteer") view=member::volunteer::VolunteerPage/>
        </FlatRoutes>
    }
    .into_any()
}

/// A path the member's build has no page for: a page of the full build ([`At::full_build_only`])
/// loads that build; a path that is no page (even under one of its sections: there is no folder to
/// reload into) does not exist. The full build reaches this only for such paths.
#[component]
fn Elsewhere() -> impl IntoView {
    let route = use_route();
    move || match route.get() {
        At::NotFound { .. } => view! { <common::not_found::NotFound/> }.into_any(),
        r if r.full_build_only() => view! { <common::full_build::LoadFullBuild/> }.into_any(),
        _ => view! { <common::not_found::NotFound/> }.into_any(),
    }
}

/// The member's pages that take parameters.
fn member_page(route: At) -> AnyView {
    match route {
        At::Find { query } => view! { <member::find::Find query=query/> }.into_any(),
        At::Apply { branch } => view! { <member::apply::Apply branch=branch/> }.into_any(),
        At::Invite { branch, name, college, college_name, key, college_key, demo } => {
            // The keys come last in the link: one there but unreadable is a link cut on its way,
            // which the core's rule says when the name is gone (`CoreError::LinkCut`).
            let read = |text: &str| (crate::core::sync::seal::PublicKey::parse(text), !text.is_empty());
            let ((key, has_key), (college_key, has_college_key)) = (read(&key), read(&college_key));
            let cut = key.is_none() && has_key || college_key.is_none() && has_college_key;
            let name = if cut { String::new() } else { name };
            let invite = crate::core::commands::BranchInvite { branch, name, college, college_name, key, college_key, demo };
            view! { <member::invite::Invite invite=invite/> }.into_any()
        }
        _ => view! { <common::not_found::NotFound/> }.into_any(),
    }
}

/// Every page: the full build. The member's pages are its fallback.
pub fn full_pages() -> AnyView {
    view! {
        <FlatRoutes fallback=member_pages>
            <Route path=path!("/data") view=common::data::Data/>
            <Route path=path!("/data/send") view=with_params(full_page)/>
            <Route path=path!("/demo") view=common::demo::Demo/>
            <Route path=path!("/demo/start") view=common::demo::StartDemo/>
            <Route path=path!("/import") view=with_params(full_page)/>
            <Route path=path!("/appeal") view=member::appeal::AppealPage/>
            <Route path=path!("/forgot") view=member::forgot::Forgot/>
            <Route path=path!("/my-data") view=member::my_data::MyData/>
            <Route path=path!("/branch") view=branch::members::Members/>
            <Route path=path!("/branch/register") view=with_params(full_page)/>
            <Route path=path!("/committee") view=committee::overview::Overview/>
            <Route path=path!("/committee/codes") view=committee::codes::Codes/>
            <Route path=path!("/committee/handover") view=with_params(full_page)/>
            <Route path=path!("/committee/new") view=committee::found::FoundSchool/>
            <Route path=path!("/committee/stats") view=committee::stats::StatsPage/>
        </FlatRoutes>
    }
    .into_any()
}

/// The full build's pages that take parameters.
fn full_page(route: At) -> AnyView {
    match route {
        At::Send { kind } => view! { <common::send::Send kind=kind/> }.into_any(),
        At::Import { data } => view! { <common::sync::ImportLink data=data/> }.into_any(),
        At::HandOver { org } => view! { <committee::handover::HandOver org=org/> }.into_any(),
        At::BranchRegister { code, by, by_name, until, key: key_text, kind, demo } => {
            // A key there but unreadable: the link was cut on its way (`CoreError::LinkCut`).
            let key = crate::core::sync::seal::PublicKey::parse(&key_text);
            let until = if key.is_none() && !key_text.is_empty() { 0 } else { until };
            let invite = CodeInvite { code: String::new(), issuer: OrgId(by), issuer_name: by_name, expires: until, key, kind, demo };
            view! { <branch::register::BranchRegister code=code invite=invite/> }.into_any()
        }
        _ => view! { <common::not_found::NotFound/> }.into_any(),
    }
}
