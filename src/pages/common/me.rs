//! 我的: the login (phone for members, username for branch and committee accounts), or the
//! logged-in account's overview with its next steps.

use crate::core::model::AccountRole;
use crate::core::model::Actor;
use crate::core::rules::{mask_id, mask_phone};
use crate::core::view_error::ViewError;
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::form::{ErrorBar, SubmitButton, TextField};
use crate::widgets::layout::{Cell, CellLink, Cells};
use leptos::prelude::*;

#[component]
pub fn Me() -> impl IntoView {
    let store = use_store();
    move || match store.actor() {
        Actor::Anonymous => view! { <Login/> }.into_any(),
        actor => view! { <Overview actor=actor/> }.into_any(),
    }
}

#[component]
fn Login() -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let id = match store.state.with_untracked(|s| s.login_challenge(&login.get_untracked()).map(|a| a.id)) {
            Ok(id) => id,
            Err(e) => return errors.set(vec![e.into()]),
        };
        busy.set(true);
        errors.set(Vec::new());
        let pw = password.get_untracked();
        leptos::task::spawn_local(async move {
            let checked = store.verify_password(id, &pw).await;
            busy.set(false);
            match checked {
                Ok(id) => {
                    store.session.set(Some(id));
                    go_replace.run(Route::Me);
                }
                Err(e) => errors.set(vec![e.into()]),
            }
        });
    };
    view! {
        <form on:submit=submit novalidate=true data-test="login-form">
            <ErrorBar errors=errors/>
            <div class="form">
                <TextField label="手机号 / 用户名" value=login inputmode="text" autocomplete="username" test="login"
                    hint="团员用手机号，团支部用 TZB+支部号"/>
                <TextField label="密码" value=password kind="password" autocomplete="current-password" test="password"/>
            </div>
            <SubmitButton label="登录" busy_label="正在验证……" busy=busy test="login-submit"/>
        </form>
        <Cells>
            <CellLink to=Route::Register label="创建账号" hint="还没有账号的新团员"/>
            <CellLink to=Route::Forgot label="忘记密码"/>
            <CellLink to=Route::Appeal label="我要申诉" hint="已更换手机号"/>
            <CellLink to=Route::register_blank()
                label="团支部 立即注册" hint="使用邀请码"/>
        </Cells>
    }
}

#[component]
fn Overview(actor: Actor) -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    let logout = move |_| {
        store.session.set(None);
        go_replace.run(Route::Me);
    };
    let is_member = matches!(actor, Actor::Member(_));
    let body = move || {
        let Some((acct, org_name, branch_name)) = store.state.with(|s| {
            let acct = actor.account().and_then(|id| s.accounts.get(&id))?.clone();
            let org_name = match &acct.role {
                AccountRole::Branch { org } | AccountRole::Committee { org } => s.orgs.get(org).map(|o| o.name.clone()),
                AccountRole::Member(_) => None,
            };
            let branch_name = acct.member().and_then(|m| m.branch).and_then(|b| s.orgs.get(&b)).map(|o| o.name.clone());
            Some((acct, org_name.unwrap_or_default(), branch_name.unwrap_or_else(|| "未加入".into())))
        }) else {
            return ().into_any();
        };
        let login = acct.login.clone();
        match acct.role {
            AccountRole::Member(m) => {
                // The reminder where it matters: what is still on this phone, and for whom.
                let due = store.state.with(|s| s.application_due(acct.id)).filter(|d| d.unsent > 0);
                let (org_link, org_hint) = match due {
                    Some(d) => (Route::SendApplication, format!("申请还没有发给“{}”的团支书：去发送", d.to)),
                    None => (Route::MyOrg, "申请状态".to_string()),
                };
                let name = m.profile.as_ref().map(|p| p.name.to_string()).unwrap_or_else(|| "（未完善个人信息）".into());
                let id = m.profile.as_ref().map(|p| mask_id(&p.id_number)).unwrap_or_default();
                view! {
                    <Cells title="团员">
                        <Cell label="姓名" value=name/>
                        <Cell label="手机号" value=mask_phone(&login)/>
                        <Cell label="身份证号" value=id/>
                        <Cell label="团组织" value=branch_name/>
                    </Cells>
                    <Cells>
                        <CellLink to=Route::Profile label="完善个人信息"/>
                        <CellLink to=Route::Find { query: String::new() } label="找组织" hint="搜索并申请加入团支部"/>
                        <CellLink to=org_link label="我的组织" hint=org_hint/>
                        <CellLink to=Route::Volunteer label="志愿服务"/>
                    </Cells>
                }
                .into_any()
            }
            AccountRole::Branch { org } => view! {
                <Cells title="团支部账号">
                    <Cell label="用户名" value=login.clone()/>
                    <Cell label="团支部" value=org_name/>
                    <Cell label="组织ID" value=org.to_string()/>
                </Cells>
                <Cells><CellLink to=Route::Branch label="我的团员"/></Cells>
            }
            .into_any(),
            AccountRole::Committee { .. } => view! {
                <Cells title="团委账号">
                    <Cell label="用户名" value=login.clone()/>
                    <Cell label="组织" value=org_name/>
                </Cells>
                <Cells>
                    <CellLink to=Route::Committee label="下级团组织管理"/>
                    <CellLink to=Route::Codes label="组织注册码"/>
                </Cells>
            }
            .into_any(),
        }
    };
    view! {
        <div data-test="me-overview">{body}</div>
        {is_member.then(|| view! {
            <Cells title="我的数据">
                <CellLink to=Route::MyData label="导出我的数据 / 删除我的账号"/>
            </Cells>
        })}
        <div class="btn-area"><button class="btn btn-warn" data-test="logout" on:click=logout>"退出登录"</button></div>
    }
}
