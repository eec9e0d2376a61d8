//! 我的组织: the member's branch and every request with its state (待审核, 已通过, 已退回 with
//! the reason, 已撤回, 已失效); a pending one can be withdrawn with a reason.

use super::current_member;
use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::handover::{Handed, Record};
use crate::core::model::{RequestId, RequestState};
use crate::core::sync::Kind;
use crate::core::view_error::ViewError;
use crate::nav::link;
use crate::pages::common::channels::sent_words;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::form::{show_first_problem, ReasonPrompt};
use crate::widgets::layout::{Cell, CellLink, Cells, LoginNeeded};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MyOrg() -> impl IntoView {
    let store = use_store();
    // A refused withdrawal shows under the reason, where the member is looking.
    let error = RwSignal::new(None::<ViewError>);
    let withdrawing = RwSignal::new(None::<RequestId>);
    let reason = RwSignal::new(String::new());
    move || {
        let Some((id, member)) = current_member(store) else { return view! { <LoginNeeded who="团员"/> }.into_any() };
        let branch = member.branch.and_then(|b| store.state.with(|s| s.orgs.get(&b).map(|o| (o.name.clone(), s.org_above(b)))));
        let requests = store.state.with(|s| {
            s.requests_of(id)
                .into_iter()
                .map(|r| {
                    (
                        r.id,
                        r.kind.label(),
                        s.org_name(r.branch),
                        r.created,
                        r.state.clone(),
                        s.handed(Kind::Application, Record::Request(r)),
                        s.may_reapply(id, r).then_some(r.branch),
                    )
                })
                .collect::<Vec<_>>()
        });
        let confirm = move |rid: RequestId| match store.dispatch(Command::Withdraw { request: rid, reason: reason.get_untracked() }) {
            Ok(_) => {
                withdrawing.set(None);
                reason.set(String::new());
                error.set(None);
            }
            Err(e) => {
                error.set(Some(e.into()));
                show_first_problem();
            }
        };
        view! {
            <Cells title="所在团组织">
                {match branch {
                    Some((name, path)) => view! { <Cell label=name value=path/> }.into_any(),
                    None => view! { <CellLink to=Route::Find { query: String::new() } label="尚未加入团支部" hint="找组织"/> }.into_any(),
                }}
            </Cells>
            <Cells title="我的申请">
                {requests.is_empty().then(|| view! { <div class="cell"><span class="cell-label muted">"还没有申请"</span></div> })}
                {requests.into_iter().map(|(rid, kind, org, created, state, handed, reapply)| {
                    let tag = match &state {
                        RequestState::Pending => "tag tag-orange",
                        RequestState::Accepted { .. } => "tag tag-green",
                        RequestState::Returned { .. } => "tag tag-red",
                        RequestState::Withdrawn { .. } | RequestState::Lapsed { .. } => "tag",
                    };
                    let extra = state.detail();
                    let pending = state.is_pending();
                    // Until a decision comes back, the application can be sent again.
                    let hand_over = state.hands_over().then(|| {
                        let sent = match handed { Handed::Sent(at) => Some(at), Handed::Unsent => None };
                        view! {
                            <div class="handover-line">
                                <span class=if sent.is_some() { "tag tag-green" } else { "tag tag-orange" }
                                    data-test="request-handed">{sent_words(sent)}</span>
                                <A href=link(&Route::SendApplication) attr:class="btn btn-small btn-primary"
                                    attr:data-test="send-application">
                                    {if sent.is_some() { "再次发给团支书" } else { "发给团支书" }}
                                </A>
                            </div>
                        }
                    });
                    view! {
                        <div class="item" data-test="my-request">
                            <div class="item-head"><span class="item-title">{kind}</span><span class=tag
                                data-test="request-state">{state.label()}</span></div>
                            <div>{org}</div>
                            <div class="muted">"申请时间：" {format_day(created)}</div>
                            {(!extra.is_empty()).then(|| view! { <div class="muted">{extra}</div> })}
                            {hand_over}
                            // Returned (or withdrawn, lapsed): fix what the reason names, then apply again.
                            {reapply.map(|branch| view! {
                                <div class="item-actions">
                                    <A href=link(&Route::Profile) attr:class="btn btn-small">"修改个人信息"</A>
                                    <A href=link(&Route::Apply { branch }) attr:class="btn btn-small btn-primary"
                                        attr:data-test="reapply">"重新申请"</A>
                                </div>
                            })}
                            {pending.then(|| view! {
                                <Show when=move || withdrawing.get() == Some(rid) fallback=move || view! {
                                    <div class="item-actions"><button class="btn btn-small btn-warn" data-test="withdraw"
                                        on:click=move |_| withdrawing.set(Some(rid))>"撤回"</button></div>
                                }>
                                    <ReasonPrompt label="撤回原因" value=reason confirm_label="确认撤回" test="withdraw-reason" error=error
                                        on_confirm=Callback::new(move |_| confirm(rid))
                                            on_cancel=Callback::new(move |_| { withdrawing.set(None); error.set(None); })/>
                                </Show>
                            })}
                        </div>
                    }
                }).collect_view()}
            </Cells>
        }
        .into_any()
    }
}
