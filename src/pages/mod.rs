//! The pages, one folder per role (member, branch, committee) and `common` for the pages every
//! role shares. A page reads the store's signals and sends commands; it holds no rule of its own.
//!
//! Two builds of the app share this code (ARCHITECTURE.md, "Two builds"): the member's first load
//! renders with [`member_view`], which leaves out every page of [`Route::full_build_only`], and the
//! full build with [`full_view`]. Only the pages a view names end up in that build's wasm.

pub mod branch;
pub mod committee;
pub mod common;
pub mod member;

use crate::core::{Apply, CodeInvite, OrgId, State};
use crate::route::Route;
use leptos::prelude::*;

/// Renders a route's page; which function is used decides the build.
pub type Pages = fn(Route) -> AnyView;

/// A build of the app: its pages, and how it applies commands. Only what these name ends up in
/// that build's wasm.
#[derive(Clone, Copy)]
pub struct Build {
    pub pages: Pages,
    pub apply: Apply,
}

/// The member's build, the first load: a freshman's pages and a member's own commands.
pub const MEMBER_BUILD: Build = Build { pages: member_view, apply: State::apply_members };
/// The full build: every page and every command.
pub const FULL_BUILD: Build = Build { pages: full_view, apply: State::apply };

/// The pages of the member's build: a page of the full build only starts loading that build.
pub fn member_view(route: Route) -> AnyView {
    if route.full_build_only() {
        return view! { <common::full_build::LoadFullBuild/> }.into_any();
    }
    match route {
        Route::Home => view! { <common::home::Home/> }.into_any(),
        Route::StartEmpty => view! { <common::home::StartEmpty/> }.into_any(),
        Route::Me => view! { <common::me::Me/> }.into_any(),
        Route::Register => view! { <member::register::Register/> }.into_any(),
        Route::Profile => view! { <member::profile::ProfilePage/> }.into_any(),
        Route::Find { query } => view! { <member::find::Find query=query/> }.into_any(),
        Route::Apply { branch } => view! { <member::apply::Apply branch=branch/> }.into_any(),
        Route::Invite { branch, name, college, college_name } => {
            view! { <member::invite::Invite branch=branch name=name college=college college_name=college_name/> }.into_any()
        }
        Route::MyOrg => view! { <member::my_org::MyOrg/> }.into_any(),
        Route::SendApplication => view! { <member::handover::SendApplication/> }.into_any(),
        Route::Volunteer => view! { <member::volunteer::VolunteerPage/> }.into_any(),
        Route::NotFound { path } => view! { <common::not_found::NotFound path=path/> }.into_any(),
        // Pages of the full build only, handled above.
        other => view! { <common::not_found::NotFound path=other.to_hash()/> }.into_any(),
    }
}

/// Every page: the full build.
pub fn full_view(route: Route) -> AnyView {
    match route {
        Route::Data => view! { <common::data::Data/> }.into_any(),
        Route::Send { kind } => view! { <common::send::Send kind=kind/> }.into_any(),
        Route::Demo => view! { <common::demo::Demo/> }.into_any(),
        Route::StartDemo => view! { <common::demo::StartDemo/> }.into_any(),
        Route::Import { data } => view! { <common::sync::ImportLink data=data/> }.into_any(),
        Route::Appeal => view! { <member::appeal::AppealPage/> }.into_any(),
        Route::Forgot => view! { <member::forgot::Forgot/> }.into_any(),
        Route::MyData => view! { <member::my_data::MyData/> }.into_any(),
        Route::Branch => view! { <branch::members::Members/> }.into_any(),
        Route::BranchRegister { code, by, by_name, until } => {
            view! { <branch::register::BranchRegister code=code invite=CodeInvite { code: String::new(), issuer: OrgId(by), issuer_name: by_name, expires: until }/> }.into_any()
        }
        Route::Committee => view! { <committee::overview::Overview/> }.into_any(),
        Route::Codes => view! { <committee::codes::Codes/> }.into_any(),
        Route::Stats => view! { <committee::stats::StatsPage/> }.into_any(),
        member => member_view(member),
    }
}
