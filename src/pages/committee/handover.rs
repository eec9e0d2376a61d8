//! 交给新手机: a committee hands the account of an organisation under it to its secretary's new
//! phone (wiped without a backup): a 重置码 told in person, and the 恢复资料 handed over.

use super::current_committee;
use crate::core::commands::{Command, Outcome};
use crate::core::entropy::grouped_code;
use crate::core::limits::RESET_CODE_VALID_DAYS;
use crate::core::model::OrgId;
use crate::core::notices::{HANDOVER_AFTER, HANDOVER_CONFIRM, HANDOVER_INTRO};
use crate::core::view_error::ViewError;
use crate::pages::common::channels::{Handover, TextAndFile};
use crate::store::{browser, use_store};
use crate::widgets::layout::LoginNeeded;
use leptos::prelude::*;

#[component]
pub fn HandOver(org: OrgId) -> impl IntoView {
    let store = use_store();
    let code = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ViewError>);
    let issue = move |_| {
        if window().confirm_with_message(HANDOVER_CONFIRM).unwrap_or(false) {
            match store.dispatch(Command::IssueOrgReset { org }) {
                Ok(Outcome::ResetCode(c)) => code.set(Some(c)),
                Ok(_) => {}
                Err(e) => error.set(Some(e.into())),
            }
        }
    };
    move || {
        if current_committee(store).is_none() {
            return view! { <LoginNeeded who="团委账号"/> }.into_any();
        }
        let name = store.state.with_untracked(|s| s.org_name(org));
        view! {
            <p class="intro">{format!("把“{name}”的账号交给新手机")}</p>
            <p class="intro muted">{HANDOVER_INTRO}</p>
            {move || error.get().map(|e| view! { <div class="error-bar" role="alert"><p>{e.to_string()}</p></div> })}
            {move || match code.get() {
                None => view! {
                    <div class="btn-area">
                        <button class="btn btn-primary" data-test="issue-org-reset" on:click=issue>"生成重置码"</button>
                    </div>
                }
                .into_any(),
                Some(c) => view! {
                    <div class="item">
                        <p>"重置码：" <span class="code" data-test="org-reset-code">{grouped_code(&c)}</span></p>
                        <p class="muted">{format!("{RESET_CODE_VALID_DAYS}天内有效，只能使用一次；只显示这一次。请当面或电话告诉团支书本人，不要发到群里。")}</p>
                    </div>
                    <RecoveryBox org/>
                    <p class="intro muted">{HANDOVER_AFTER}</p>
                }
                .into_any(),
            }}
        }
        .into_any()
    }
}

/// The 恢复资料's hand-over: this committee's copy of the organisation, for its new phone.
#[component]
fn RecoveryBox(org: OrgId) -> impl IntoView {
    let store = use_store();
    let actor = store.actor.get_untracked();
    let Some(file) = store.state.with_untracked(|s| s.recovery_file(actor, org, browser::now())) else {
        return view! { <p class="intro muted">"本机没有该组织的资料可发。"</p> }.into_any();
    };
    // What left this phone on this screen (the ledger keeps the hand-overs of the committee's own files).
    let sent = RwSignal::new(None);
    let on_sent = Callback::new(move |_| sent.set(Some(browser::now())));
    view! {
        <p class="intro" data-test="handover-to">"把恢复资料发给团支书（含团员个人信息，只发给本人）："</p>
        <Handover file=file.clone() sent on_sent/>
        <div class="item">
            <TextAndFile file on_sent/>
        </div>
    }
    .into_any()
}
