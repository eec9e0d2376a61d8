//! The reminders of a branch's and a committee's pages: each hand-over with records still on this
//! phone, naming what and for whom, one tap from its channels; and a backup after important changes.

use crate::core::notices::BACKUP_DUE;
use crate::core::sync::Kind;
use crate::nav::link;
use crate::route::Route;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::components::A;

/// What a due hand-over says, in the guide's words.
fn words(kind: Kind, unsent: usize, to: &str) -> (String, &'static str) {
    match kind {
        Kind::Decisions => (format!("有 {unsent} 条审核结果还没有发回给申请人。"), "发送审核结果"),
        Kind::Registration => (format!("本团支部的注册信息还没有发给“{to}”。"), "发送注册信息"),
        Kind::Report => (format!("有 {unsent} 项上报内容（问题记录、团员名单）还没有发给“{to}”。"), "上报学院团委"),
        _ => (format!("{}还没有发出。", kind.label()), "发送"),
    }
}

/// The due hand-overs of this device's organisation, if any, and the backup reminder.
#[component]
pub fn OrgDues() -> impl IntoView {
    let store = use_store();
    let dues = Memo::new(move |_| {
        let actor = store.actor();
        store.state.with(|s| s.org_dues(actor))
    });
    let backup = move || {
        store.backup_due().then(|| {
            view! {
                <div class="notice notice-remind" data-test="backup-due">
                    <span>{BACKUP_DUE}</span>
                    <A href=link(&Route::Send { kind: Kind::Backup })>"保存备份"</A>
                </div>
            }
        })
    };
    let dues = move || {
        dues.get()
            .into_iter()
            .map(|d| {
                let (text, action) = words(d.kind, d.unsent, &d.to);
                view! {
                    <div class="notice notice-remind" data-test="due" data-kind=d.kind.name()>
                        <span>{text}</span>
                        <A href=link(&Route::Send { kind: d.kind }) attr:data-test="due-send">{action}</A>
                    </div>
                }
            })
            .collect_view()
    };
    view! { {dues} {backup} }
}
