//! A branch's invite link (or QR code) opened on a member's phone: the branch's public details come
//! in the link, are recorded on this device, and the member lands on the application for it. The
//! invite is remembered through 创建账号 and 完善个人信息 until the member applies.

use crate::app::link;
use crate::app::use_go_replace;
use crate::core::commands::{BranchInvite, Command, Outcome};
use crate::core::model::OrgId;
use crate::route::Route;
use crate::store::drafts::{remember, INVITE_KEY};
use crate::store::use_store;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Invite(branch: OrgId, name: String, college: OrgId, college_name: String, key: String) -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    let refused = RwSignal::new(None::<String>);
    let invite = BranchInvite { branch, name, college, college_name, key: crate::core::sync::seal::PublicKey::parse(&key) };
    // After the first render, not during it: record the branch, then replace this page with the
    // application so that back does not return to the link.
    Effect::new(move |_| match untrack(|| store.dispatch(Command::LearnBranch(invite.clone()))) {
        Ok(Outcome::Org(id)) => {
            remember(INVITE_KEY, &id.to_string());
            go_replace.run(Route::Apply { branch: id });
        }
        Ok(_) => {}
        Err(e) => refused.set(Some(e.to_string())),
    });
    move || {
        refused.get().map(|why| {
            view! {
                <ResultPage ok=false title="邀请链接无效" text=why>
                    <A href=link(&Route::Find { query: String::new() }) attr:class="btn btn-primary">"找组织"</A>
                </ResultPage>
            }
        })
    }
}
