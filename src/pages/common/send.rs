//! 发送: one hand-over of a branch or committee (审核结果, 组织注册信息, 上报数据, 组织目录, 完整备份):
//! who must receive what, in the guide's words, its state (未发出 / 已发出) and the channels.

use crate::core::commands::Command;
use crate::core::sync::Kind;
use crate::nav::link;
use crate::pages::common::channels::{Handover, TextAndFile};
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

/// Who must receive a hand-over, and what it does for them.
pub fn purpose(kind: Kind, to: &str) -> String {
    match kind {
        Kind::Application => format!("把您的申请和个人信息（含志愿者注册）发给“{to}”的团支书：团支书导入后才能审核。"),
        Kind::Decisions => "把审核结果发回给申请人：发到班级群一条消息即可，每位申请人点开后只会更新自己的申请（文件里没有任何人的手机号、身份证号）。".into(),
        Kind::Registration => format!("把本组织的注册信息发给发放注册码的“{to}”：对方导入后，本组织才会出现在其下级组织和统计里。"),
        Kind::Report => format!("把本组织的团员名单、申请和问题清单上报给“{to}”：上级据此统计，并协助解决无法注册或加入的问题。"),
        Kind::Directory => "组织目录（只有组织名称，不含个人信息）：发给下级团支部和团员；部署者可把下载的文件改名为 directory.json，放在网站 index.html 旁边，团员打开应用即可找到团支部。".into(),
        Kind::Backup => "本机全部数据（不含密码）：保存到微信“文件传输助手”，换手机或数据被清除时可在“数据与备份”中恢复。".into(),
        Kind::Recovery => format!("把“{to}”的资料发给其团支书的新手机（含团员个人信息，只发给本人）。"),
    }
}

/// Who receives this actor's file of `kind`, by name: a member's application goes to the branch
/// they applied to (`State::application_due`), a branch's or committee's registration and reports
/// to the organisation above it.
pub fn recipient(store: crate::store::Store, kind: Kind) -> String {
    let to = store.state.with_untracked(|s| match store.actor.get_untracked() {
        crate::core::Actor::Member(m) if kind == Kind::Application => s.application_due(m).map(|d| d.to).filter(|t| !t.is_empty()),
        crate::core::Actor::Branch { org, .. } | crate::core::Actor::Committee { org, .. } => {
            s.orgs.get(&org).and_then(|o| o.parent).map(|p| s.org_name(p))
        }
        _ => None,
    });
    to.unwrap_or_else(|| if kind == Kind::Application { "所申请团支部".into() } else { "上级团委".into() })
}

/// The hand-over of `kind` by this device's actor, with its state and channels; read once, so that
/// marking it sent does not redraw the channels.
#[component]
pub fn SendBox(kind: Kind, #[prop(default = None)] sealed: Option<crate::core::sync::sealed_key::SealedKey>) -> impl IntoView {
    let store = use_store();
    let actor = store.actor.get_untracked();
    let file = store.state.with_untracked(|s| s.sync_file(actor, kind, browser::now())).map(|mut f| {
        // A 完整备份's sealed identity (only a backup's body carries one: `SyncFile::body_text`).
        f.body.sealed_key = sealed;
        f
    });
    let Some(file) = file else {
        return view! { <p class="intro muted" data-test="nothing-to-send">"没有需要发送的内容：请先完成相应的操作（如完成注册、审核申请、记录问题）。"</p> }.into_any();
    };
    let to = recipient(store, kind);
    // The phone a committee handed this organisation's account to: its registration proves it.
    let handed = kind == Kind::Registration && store.state.with_untracked(|s| s.reset.as_ref().is_some_and(|r| !r.proof.is_empty()));
    let purpose = if handed { crate::core::notices::handover_send(&to) } else { purpose(kind, &to) };
    let sent = Memo::new(move |_| {
        store.state.with(|s| s.sync_file(actor, kind, 0).map(|f| s.due_of(kind, &f.body, String::new())).and_then(|d| d.sent()))
    });
    let on_sent = Callback::new(move |_| {
        let _ = store.dispatch(Command::MarkSent { kind });
        if kind == Kind::Backup {
            store.mark_exported();
        }
    });
    view! {
        <p class="intro" data-test="handover-to">{purpose}</p>
        <Handover file=file.clone() sent on_sent/>
        <div class="item">
            <TextAndFile file on_sent/>
        </div>
    }
    .into_any()
}

#[component]
pub fn Send(kind: Kind) -> impl IntoView {
    let store = use_store();
    if untrack(|| !crate::core::sync::select::kinds_for(store.actor()).contains(&kind)) {
        return view! {
            <ResultPage ok=false title="当前身份不能发送这项内容" text="请先登录相应的团支部或团委账号。">
                <A href=link(&Route::Me) attr:class="btn btn-primary">"我的"</A>
            </ResultPage>
        }
        .into_any();
    }
    // On the phone a committee handed this organisation's account to: the code typed again
    // rewrites its registration, drawn again.
    let handed = kind == Kind::Registration && untrack(|| store.state.with(|s| s.reset.as_ref().is_some_and(|r| !r.proof.is_empty())));
    let body = if kind == Kind::Backup {
        view! { <super::backup::BackupBox/> }.into_any()
    } else if handed {
        let drawn = RwSignal::new(0u32);
        let on_done = Callback::new(move |_| drawn.update(|n| *n += 1));
        view! {
            {move || {
                drawn.track();
                view! { <SendBox kind/> }
            }}
            <super::restored::RetypeResetCode on_done/>
        }
        .into_any()
    } else {
        view! { <SendBox kind/> }.into_any()
    };
    view! {
        {body}
        <div class="btn-area"><A href=link(&Route::Data) attr:class="btn">"数据与备份"</A></div>
    }
    .into_any()
}
