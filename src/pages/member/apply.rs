//! 申请加入 / 申请转入: the confirmation names the branch in full, with its path and ID.

use super::current_member;
use super::handover::ApplicationHandover;
use crate::core::commands::Command;
use crate::core::model::OrgId;
use crate::core::view_error::ViewError;
use crate::nav::link;
use crate::route::Route;
use crate::store::drafts::{forget, INVITE_KEY};
use crate::store::use_store;
use crate::widgets::form::{CheckField, ErrorBar, TextField};
use crate::widgets::layout::{Cell, Cells, ResultPage};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Apply(branch: OrgId) -> impl IntoView {
    let store = use_store();
    let from_elsewhere = RwSignal::new(false);
    let from = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let sent = RwSignal::new(false);
    let org = move || store.state.with(|s| s.orgs.get(&branch).map(|o| (o.name.clone(), s.org_above(o.id))));
    move || {
        if sent.get() {
            // The step ends on its hand-over; marking it sent must not redraw this page.
            let name = untrack(org).map(|(n, _)| n).unwrap_or_default();
            return view! {
                <ResultPage ok=true title="还差一步：把申请发给团支书" text=format!("申请已保存在本手机，还没有到“{name}”的团支书那里。")>
                    <span></span>
                </ResultPage>
                <ApplicationHandover/>
                <div class="btn-area"><A href=link(&Route::MyOrg) attr:class="btn" attr:data-test="go-my-org">"我的组织"</A></div>
            }
            .into_any();
        }
        let Some((name, path)) = org() else {
            return view! {
                <ResultPage ok=false title="本手机还不认识这个团支部" text=crate::core::notices::BRANCH_UNKNOWN>
                    <A href=link(&Route::Find { query: String::new() }) attr:class="btn">"找组织"</A>
                </ResultPage>
            }
            .into_any();
        };
        let Some((me_id, member)) = current_member(store) else {
            return view! {
                <Cells title="您要加入的团支部">
                    <Cell label="全称" value=name/>
                    <Cell label="所属" value=path/>
                </Cells>
                <p class="intro">"请先登录；还没有账号请先创建账号，完善个人信息后会回到这里申请。"</p>
                <div class="btn-area">
                    <A href=link(&Route::Register) attr:class="btn btn-primary" attr:data-test="invite-register">"创建账号"</A>
                    <A href=link(&Route::Me) attr:class="btn">"登录"</A>
                </div>
            }
            .into_any();
        };
        if member.profile.is_none() {
            return view! {
                <ResultPage ok=false title="请先完善个人信息" text="申请加入团支部前，请先填写姓名、身份证号等个人信息。">
                    <A href=link(&Route::Profile) attr:class="btn btn-primary">"完善个人信息"</A>
                </ResultPage>
            }
            .into_any();
        }
        // Applied already and waiting: said up front, with the way to 我的组织 (and its hand-over).
        let waiting = store.state.with(|s| {
            (s.check_apply(me_id, branch) == Err(crate::core::CoreError::PendingRequestExists))
                .then(|| s.requests_of(me_id).iter().find(|r| r.state.is_pending()).map(|r| s.org_name(r.branch)))
                .flatten()
        });
        if let Some(to) = waiting {
            return view! {
                <ResultPage ok=true title="申请已在等待审核" text=format!("您已申请加入“{to}”，正在等待团支书审核；审核结果发回后，在“我的组织”中可以看到。\
                    如果团支书还没有收到您的申请，请在“我的组织”中再发一次。")>
                    <A href=link(&Route::MyOrg) attr:class="btn btn-primary" attr:data-test="go-my-org">"我的组织"</A>
                </ResultPage>
            }
            .into_any();
        }
        let current_branch = member.branch.and_then(|b| store.state.with(|s| s.orgs.get(&b).map(|o| o.name.clone())));
        let transfer = current_branch.is_some();
        let submit = move |_| {
            let transfer_from = from_elsewhere.get_untracked().then(|| from.get_untracked());
            match store.dispatch(Command::Apply { branch, transfer_from }) {
                Ok(_) => {
                    forget(INVITE_KEY);
                    sent.set(true);
                }
                Err(e) => errors.set(vec![e.into()]),
            }
        };
        let kind = move || if transfer || from_elsewhere.get() { "申请转入" } else { "申请加入" };
        let full_name = name.clone();
        view! {
            <ErrorBar errors=errors/>
            <Cells title="您选择的团支部">
                <Cell label="全称" value=name.clone()/>
                <Cell label="所属" value=path/>
                <Cell label="组织ID" value=branch.to_string()/>
                {current_branch.map(|c| view! { <Cell label="现所在组织" value=c/> })}
            </Cells>
            {(!transfer).then(|| view! {
                <div class="form">
                    <CheckField label="我已是其他学校或组织的团员（申请转入）" checked=from_elsewhere test="from-elsewhere"/>
                    <Show when=move || from_elsewhere.get()>
                        <TextField label="原团组织全称" value=from test="from"/>
                    </Show>
                </div>
            })}
            <p class="intro" data-test="apply-confirm-text">{move || format!("确认{}“{}”？请核对全称，选错团支部会被退回。", kind(), full_name)}</p>
            <div class="btn-area">
                <button class="btn btn-primary" data-test="apply-submit" on:click=submit>{kind}</button>
                <A href=link(&Route::Find { query: String::new() }) attr:class="btn">"重新选择"</A>
            </div>
        }.into_any()
    }
}
