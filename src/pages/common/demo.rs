//! 演示: act as each role of the demo school on one device, without passwords. In the full build
//! only: the demo's visitor goes on to the secretary's and committee's pages anyway.

use crate::core::demo::{self, DEMO_PASSWORD};
use crate::core::model::{AccountId, AccountRole, OrgKind, RequestState};
use crate::nav::{use_go, use_go_replace};
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::layout::Cells;
use leptos::prelude::*;

/// 使用演示数据 (the first-run screen's button, and the home page of a blank phone): an empty
/// device gets the demo school, then the page to pick a role. A device with data keeps it: the
/// link then only opens the demo's page (or the home page), so an old link or the back button never
/// replaces anything.
#[component]
pub fn StartDemo() -> impl IntoView {
    let store = use_store();
    let go_replace = use_go_replace();
    Effect::new(move |_| {
        let blank = store.state.with_untracked(|s| s.is_blank() && !s.demo);
        if !store.started.get_untracked() || blank {
            store.replace(demo::build(browser::now()));
        }
        go_replace.run(if store.state.with_untracked(|s| s.demo) { Route::Demo } else { Route::Home });
    });
    view! { <p class="intro muted">"正在准备演示数据……"</p> }
}

#[component]
pub fn Demo() -> impl IntoView {
    let go = use_go();
    let store = use_store();
    let switch = move |id: AccountId| {
        let r = store.state.with_untracked(|s| s.demo_switch(id));
        match r {
            Ok(id) => {
                store.session.set(Some(id));
                go.run(Route::Me);
            }
            Err(e) => store.info(e.to_string()),
        }
    };
    // The accounts worth trying: committees, branches, and members in each request state.
    let groups = move || {
        store.state.with(|s| {
            let mut committees = Vec::new();
            let mut branches = Vec::new();
            let mut members = Vec::new();
            for a in s.accounts.values().filter(|a| !a.retired) {
                match &a.role {
                    AccountRole::Committee { org } => {
                        let o = &s.orgs[org];
                        committees.push((a.id, o.name.clone(), if o.kind == OrgKind::School { "校团委".into() } else { a.login.clone() }));
                    }
                    AccountRole::Branch { org } => branches.push((a.id, s.orgs[org].name.clone(), a.login.clone())),
                    AccountRole::Member(m) => {
                        let last = s.requests_of(a.id).first().map(|r| r.state.clone());
                        let label = match (&m.branch, last) {
                            (_, Some(RequestState::Pending)) => "申请待审核",
                            (_, Some(RequestState::Returned { .. })) => "申请被退回",
                            (Some(_), _) => "已加入团支部",
                            (None, _) => "未加入",
                        };
                        if members.iter().filter(|(_, _, l): &&(AccountId, String, String)| l == label).count() < 2 {
                            members.push((a.id, s.display_name(a.id), label.to_string()));
                        }
                    }
                }
            }
            vec![("团委", committees), ("团支部", branches), ("团员", members)]
        })
    };
    view! {
        <div class="intro">
            <p>"点选一个身份即可直接进入（仅演示数据可免密码切换）。所有演示账号的密码都是 " <b>{DEMO_PASSWORD}</b> "，也可在“我的”中正常登录。"</p>
            <p>"想体验新团员注册：点“退出登录”，再点“创建账号”。"</p>
        </div>
        {move || groups().into_iter().map(|(title, list)| view! {
            <Cells title=title>
                {list.into_iter().map(|(id, name, hint)| view! {
                    <button class="cell" data-test="demo-account" on:click=move |_| switch(id)>
                        <span class="cell-label">{name}</span>
                        <span class="cell-hint">{hint}</span>
                        <span class="cell-arrow" aria-hidden="true">"›"</span>
                    </button>
                }).collect_view()}
            </Cells>
        }).collect_view()}
    }
}
