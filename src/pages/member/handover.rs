//! 发给团支书: the member's application (requests, appeals, details, volunteer registration) as it
//! must reach the branch secretary, with the channels; shown where a step ends and on its own page.

use super::current_member;
use crate::core::commands::Command;
use crate::core::sync::Kind;
use crate::nav::link;
use crate::pages::common::channels::Handover;
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::download::in_wechat;
use crate::widgets::layout::{LoginNeeded, ResultPage};
use leptos::prelude::*;
use leptos_router::components::A;

/// The application's hand-over: who must receive it, and the channels. Nothing when the member
/// has nothing the branch needs (no request, no appeal).
#[component]
pub fn ApplicationHandover() -> impl IntoView {
    let store = use_store();
    let Some((me, _)) = untrack(|| current_member(store)) else { return view! { <LoginNeeded who="团员"/> }.into_any() };
    let file = store.state.with_untracked(|s| s.application_file(me, browser::now()));
    let due = Memo::new(move |_| store.state.with(|s| s.application_due(me)));
    let (Some(file), Some(first)) = (file, due.get_untracked()) else { return ().into_any() };
    let sent = Signal::derive(move || due.get().and_then(|d| d.sent()));
    // What the secretary does with it: decide a request still waiting, or only see what changed.
    let waiting = store.state.with_untracked(|s| s.requests_of(me).iter().any(|r| r.state.is_pending()));
    let then =
        if waiting { "团支书导入后才能审核。" } else { "团支书导入后即可看到您的更新（如志愿者注册）。" };
    let on_sent = Callback::new(move |_| {
        let _ = store.dispatch(Command::MarkSent { kind: Kind::Application });
    });
    view! {
        <p class="intro" data-test="handover-to">
            {format!("请把您的申请和个人信息（含志愿者注册）发给“{}”的团支书：当面让团支书扫二维码，或复制链接私聊发给团支书（申请里有您的身份证号，不要发到班级群）。{then}", first.to)}
        </p>
        <Handover file sent on_sent/>
        // The text and, outside WeChat, the file too: on the full build's page of this hand-over,
        // which the member's first load leaves out.
        <div class="btn-area">
            <A href=link(&Route::Send { kind: Kind::Application }) attr:class="btn btn-small" attr:data-test="to-text">
                {if in_wechat() { "复制文本" } else { "复制文本或下载文件" }}
            </A>
        </div>
    }
    .into_any()
}

/// The page reached from 我的组织 and the reminders.
#[component]
pub fn SendApplication() -> impl IntoView {
    let store = use_store();
    // Read once: marking the file sent changes the state, and must not redraw the channels.
    let member = untrack(|| current_member(store));
    match member {
        None => view! { <LoginNeeded who="团员"/> }.into_any(),
        Some((me, _)) if store.state.with_untracked(|s| s.application_due(me).is_none()) => view! {
            <ResultPage ok=false title="没有需要发出的申请" text="您还没有申请加入团支部。">
                <A href=link(&Route::Find { query: String::new() }) attr:class="btn btn-primary">"找组织"</A>
            </ResultPage>
        }
        .into_any(),
        Some(_) => view! {
            <ApplicationHandover/>
            <div class="btn-area"><A href=link(&Route::MyOrg) attr:class="btn" attr:data-test="go-my-org">"我的组织"</A></div>
        }
        .into_any(),
    }
}
