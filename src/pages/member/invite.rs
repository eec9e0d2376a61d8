//! A branch's invite link (or QR code) opened on a member's phone: the branch's public details come
//! in the link and are recorded on this device, and the application for it is shown at the
//! invite's own address, so that a page forwarded from WeChat's menu opens on a blank phone as it
//! did for the sender. A member of that branch already is led to 我的组织. The invite is
//! remembered through 创建账号 and 完善个人信息 until the member applies.

use super::apply::Apply;
use super::current_member;
use crate::core::commands::{BranchInvite, Command, Outcome};
use crate::nav::link;
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::drafts::{remember, INVITE_KEY};
use crate::store::use_store;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Invite(invite: BranchInvite) -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    let outcome = RwSignal::new(None::<Result<crate::core::model::OrgId, String>>);
    // After the first render, not during it: record the branch (a command, which saves).
    Effect::new(move |_| {
        let r = untrack(|| store.dispatch(Command::LearnBranch(invite.clone())));
        match r {
            Ok(Outcome::Org(id)) => {
                let member_of = untrack(|| current_member(store)).is_some_and(|(_, m)| m.branch == Some(id));
                if member_of {
                    go_replace.run(Route::MyOrg);
                    return;
                }
                remember(INVITE_KEY, &id.to_string());
                outcome.set(Some(Ok(id)));
            }
            Ok(_) => {}
            Err(e) => outcome.set(Some(Err(e.to_string()))),
        }
    });
    move || match outcome.get() {
        Some(Ok(branch)) => view! { <Apply branch=branch/> }.into_any(),
        Some(Err(why)) => view! {
            // Not called invalid: a genuine invite may disagree with what the phone met before, or
            // be the demo's; the text says which, and what to do.
            <ResultPage ok=false title="无法使用这个邀请链接" text=why>
                <A href=link(&Route::Find { query: String::new() }) attr:class="btn btn-primary">"找组织"</A>
            </ResultPage>
        }
        .into_any(),
        None => ().into_any(),
    }
}
