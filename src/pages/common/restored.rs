//! A phone just restored from a 完整备份: its owner types the password the backup's identity was
//! sealed with (the phone signs as before), or sets a new password and the phone a new key. On a
//! phone a committee handed an organisation's account to (恢复资料), the 重置码 and a new password.

use crate::core::auth::check_new_password;
use crate::core::commands::Command;
use crate::core::notices::{handover_claim, RESTORE_IDENTITY, RESTORE_NEW_KEY};
use crate::core::view_error::ViewError;
use crate::nav::use_go;
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::form::TextField;
use leptos::prelude::*;

/// After restoring a backup onto a new device: the owner types the password the backup's identity
/// was sealed with (the phone signs as before, and the account has that password again), or sets a
/// new password and the phone a new key.
#[component]
pub fn ClaimPassword(account: crate::core::model::AccountId) -> impl IntoView {
    let go = use_go();
    let store = use_store();
    let login = store.state.with_untracked(|s| s.accounts.get(&account).map(|a| a.login.clone()).unwrap_or_default());
    let sealed = store.state.with_untracked(|s| s.restored_key.clone());
    let sealed_exists = sealed.is_some();
    // Handed over by a committee (`sync::reset`): the committee's name, and the code typed here.
    let handed = store.state.with_untracked(|s| s.reset.as_ref().filter(|r| r.proof.is_empty()).map(|r| s.org_name(r.by)));
    let code = RwSignal::new(String::new());
    // With a sealed identity, the old password first; "忘记原密码" leads to a new one.
    let keep_identity = RwSignal::new(sealed.is_some());
    let pw = RwSignal::new(String::new());
    let pw2 = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ViewError>);
    // Hashing the password (and opening the identity) is slow: the action's pending state is the button's progress.
    let handed_to_claim = handed.clone();
    let claim = Action::new_local(move |(pw, keep): &(String, bool)| {
        let (pw, keep, sealed, handed_by) = (pw.clone(), *keep, sealed.clone(), handed_to_claim.clone());
        async move {
            let opened = match sealed.filter(|_| keep) {
                Some(key) => store.restore_key(&key, &pw).await,
                None => true,
            };
            if handed_by.is_some() {
                // The reset code is bound to this phone's key: made now if it has none yet.
                let _ = store.own_key().await;
            }
            let result = if !opened {
                Err(ViewError::from(crate::core::CoreError::SealedKeyNotOpened))
            } else {
                match browser::hash_password(&pw).await {
                    Ok(password) => {
                        let cmd = if handed_by.is_some() {
                            Command::ClaimResetAccount { account, code: code.get_untracked(), password }
                        } else {
                            Command::ClaimRestoredAccount { account, password }
                        };
                        store.dispatch(cmd).map(|_| ()).map_err(ViewError::from)
                    }
                    Err(e) => Err(e.into()),
                }
            };
            match result {
                Ok(()) if handed_by.is_some() => {
                    store.session.set(Some(account));
                    store.info("已接管本组织的账号并登录。请把组织注册信息发回给上级团委。".into());
                    go.run(Route::Send { kind: crate::core::sync::Kind::Registration });
                }
                Ok(()) => {
                    store.session.set(Some(account));
                    store.info(if keep { "已恢复本机身份和密码，已登录。" } else { "新密码已设置，已登录。" }.into());
                    go.run(Route::Me);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = claim.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b, keep) = (pw.get_untracked(), pw2.get_untracked(), keep_identity.get_untracked());
        if !keep {
            if let Err(e) = check_new_password(&a, &b) {
                error.set(Some(e.into()));
                return;
            }
        }
        claim.dispatch((a, keep));
    };
    // What the person does next after a restore: brought into view.
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(el) = form.get() {
            el.scroll_into_view();
        }
    });
    let forget = move |_| {
        keep_identity.set(false);
        error.set(None);
        pw.set(String::new());
    };
    view! {
        <form class="item" data-test="claim-password" on:submit=submit node_ref=form>
            {match handed {
                Some(by) => view! {
                    <div class="item-title">{format!("接管账号 {login}")}</div>
                    <p class="muted" data-test="claim-handed">{handover_claim(&by)}</p>
                    <div class="form">
                        <TextField label="重置码" value=code autocomplete="off" test="claim-reset-code"/>
                        <TextField label="新密码" value=pw kind="password" autocomplete="new-password" test="claim-pw"/>
                        <TextField label="再次输入新密码" value=pw2 kind="password" autocomplete="new-password" test="claim-pw2"/>
                    </div>
                }.into_any(),
                None => (move || if keep_identity.get() {
                view! {
                    <div class="item-title">{format!("恢复账号 {login} 和本机身份")}</div>
                    <p class="muted" data-test="claim-identity">{RESTORE_IDENTITY}</p>
                    <div class="form">
                        <TextField label="原密码" value=pw kind="password" autocomplete="current-password" test="claim-old-pw"/>
                    </div>
                }.into_any()
            } else {
                view! {
                    <div class="item-title">{format!("为账号 {login} 设置新密码")}</div>
                    <p class="muted">"备份里没有密码。这台设备是新恢复的，请为备份所属的账号设置新密码后登录。"</p>
                    {sealed_note(sealed_exists)}
                    <div class="form">
                        <TextField label="新密码" value=pw kind="password" autocomplete="new-password" test="claim-pw"/>
                        <TextField label="再次输入新密码" value=pw2 kind="password" autocomplete="new-password" test="claim-pw2"/>
                    </div>
                }.into_any()
            }).into_any(),
            }}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>
                {move || match (busy.get(), keep_identity.get()) {
                    (true, _) => "正在设置……",
                    (false, true) => "恢复并登录",
                    (false, false) => "设置并登录",
                }}
            </button>
            <Show when=move || keep_identity.get()>
                <button type="button" class="btn btn-small" data-test="claim-forgot" on:click=forget>"忘记原密码"</button>
            </Show>
        </form>
    }
}

/// Under the new password's form, where the backup carried an identity: what giving it up costs.
fn sealed_note(sealed: bool) -> Option<impl IntoView> {
    sealed.then(|| view! { <p class="notice notice-info">{RESTORE_NEW_KEY}</p> })
}

/// On the phone a committee handed an organisation's account to, under its 组织注册信息: the
/// 重置码 typed again when the committee says it was wrong. `on_done` runs once the claim changed.
#[component]
pub fn RetypeResetCode(on_done: Callback<()>) -> impl IntoView {
    let store = use_store();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ViewError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match store.dispatch(Command::RetypeResetCode { code: code.get_untracked() }) {
            Ok(_) => {
                error.set(None);
                code.set(String::new());
                store.info("已按新输入的重置码更新组织注册信息：请再发送一次。".into());
                on_done.run(());
            }
            Err(e) => error.set(Some(e.into())),
        }
    };
    view! {
        <form class="item" data-test="retype-reset" on:submit=submit>
            <div class="item-title">"上级团委说重置码不对？"</div>
            <div class="form">
                <TextField label="重新输入重置码" value=code autocomplete="off" test="retype-reset-code"/>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
            <button class="btn btn-small" type="submit" data-test="retype-reset-submit">"更新重置码"</button>
        </form>
    }
}
