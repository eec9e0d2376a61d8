//! 首页: the entry the guide calls 找组织 / 我的; on the first run, the offer of the demo.
//!
//! index.html holds a copy of this page's first screen (both states) in plain HTML, shown until the
//! app has loaded; a test keeps the two the same (ARCHITECTURE.md, "The loader and the first screen in the HTML").

use crate::core::model::Actor;
use crate::nav::link;
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::layout::{CellLink, Cells};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let store = use_store();
    move || {
        if store.started.get() {
            view! { <Dashboard/> }.into_any()
        } else {
            view! { <FirstRun/> }.into_any()
        }
    }
}

/// 从空白开始: a device without data starts empty; a device with data is left as it is. Either way
/// the home page then replaces this route in the history, as the link replaced the first-run
/// screen's entry: back then leaves the app, as it would have from the first-run screen.
#[component]
pub fn StartEmpty() -> impl IntoView {
    let store = use_store();
    let go_replace = use_go_replace();
    Effect::new(move |_| {
        if !store.started.get_untracked() {
            store.start_blank();
        }
        go_replace.run(Route::Home);
    });
}

#[component]
fn FirstRun() -> impl IntoView {
    let go_replace = use_go_replace();
    view! {
        <div class="intro" data-test="first-run">
            <h2>"欢迎使用团员报到"</h2>
            <p>"按校团委《团组织关系转接操作方式》的步骤，完成创建账号、加入团支部、注册志愿者，团支部审核，学院团委发放组织注册码和统计。"</p>
            <p>"所有数据只保存在本机浏览器中，不会上传到任何服务器。"</p>
        </div>
        <div class="btn-area">
            <A href=link(&Route::StartDemo) attr:class="btn btn-primary" attr:data-test="use-demo">"使用演示数据"</A>
            <A href=link(&Route::StartEmpty) attr:class="btn" attr:data-test="start-empty" on:click=move |ev| {
                ev.prevent_default();
                go_replace.run(Route::StartEmpty);
            }>"从空白开始"</A>
            <A href=link(&Route::Data) attr:class="btn">"恢复备份数据"</A>
        </div>
        <p class="intro muted">"演示数据是一所虚构的大学：1个校团委、4个学院/书院团委、12个团支部、约120名团员，可在一台手机上切换身份体验各个角色。"</p>
    }
}

/// The banner of a phone trying the demo, with 退出演示: one tap (and a confirmation) back to blank.
#[component]
fn DemoBanner() -> impl IntoView {
    let store = use_store();
    let leave = move |_| {
        if window().confirm_with_message(crate::core::notices::DEMO_LEAVE_CONFIRM).unwrap_or(false) {
            store.last_import.set(None);
            store.replace(crate::core::State::default());
        }
    };
    move || {
        store.state.with(|s| s.demo).then(|| {
            view! {
                <div class="demo-banner" role="status" data-test="demo-banner">
                    <p>{crate::core::notices::DEMO_BANNER}</p>
                    <button class="btn btn-small" data-test="leave-demo" on:click=leave>"退出演示"</button>
                </div>
            }
        })
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let store = use_store();
    let actor = move || store.actor();
    let demo = move || store.state.with(|s| s.demo);
    view! {
        <DemoBanner/>
        <nav class="grid" aria-label="主要功能" data-test="home">
            <A href=link(&Route::Find { query: String::new() }) attr:class="grid-item"><span class="grid-icon"
                aria-hidden="true">"🔍"</span>"找组织"</A>
            <A href=link(&Route::Me) attr:class="grid-item"><span class="grid-icon" aria-hidden="true">"👤"</span>"我的"</A>
            <A href=link(&Route::Volunteer) attr:class="grid-item"><span class="grid-icon" aria-hidden="true">"❤"</span>"志愿服务"</A>
        </nav>
        {move || match actor() {
            Actor::Branch { .. } => view! {
                <Cells title="团支部">
                    <CellLink to=Route::Branch label="我的团员" hint="接收申请加入、申请转入"/>
                </Cells>
            }.into_any(),
            Actor::Committee { .. } => view! {
                <Cells title="团委">
                    <CellLink to=Route::Committee label="下级团组织管理"/>
                    <CellLink to=Route::Codes label="组织注册码" hint="生成注册码"/>
                </Cells>
            }.into_any(),
            Actor::Member(_) => view! {
                <Cells title="团员">
                    <CellLink to=Route::MyOrg label="我的组织"/>
                    <CellLink to=Route::Profile label="完善个人信息"/>
                </Cells>
            }.into_any(),
            Actor::Anonymous => view! {
                <Cells title="开始">
                    <CellLink to=Route::Register label="创建账号" hint="新团员"/>
                    <CellLink to=Route::Me label="登录" hint="已有账号"/>
                    <CellLink to=Route::register_blank()
                        label="团支部 立即注册" hint="使用邀请码"/>
                    {move || store.state.with(|s| s.is_blank() && !s.demo).then(|| view! {
                        <CellLink to=Route::FoundSchool label="建立校团委" hint="学校第一次使用时，由校团委建立"/>
                    })}
                </Cells>
            }.into_any(),
        }}
        <Cells title="本机">
            {move || demo().then(|| view! { <CellLink to=Route::Demo label="演示：切换身份"/> })}
            {move || store.state.with(|s| s.is_blank() && !s.demo).then(|| view! {
                <CellLink to=Route::StartDemo label="使用演示数据" hint="一所虚构的学校，随时可退出"/>
            })}
            <CellLink to=Route::Data label="数据与备份"/>
        </Cells>
    }
}
