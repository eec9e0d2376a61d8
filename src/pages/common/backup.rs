//! 完整备份: the logged-in owner's password seals this phone's identity (its private key) into the
//! backup, so the phone restored from it signs as before; then the hand-over.

use super::send::SendBox;
use crate::core::notices::{BACKUP_SEAL, BACKUP_UNSEALED};
use crate::core::sync::sealed_key::SealedKey;
use crate::core::sync::Kind;
use crate::core::view_error::ViewError;
use crate::store::use_store;
use crate::widgets::form::{ErrorBar, SubmitButton, TextField};
use leptos::prelude::*;

#[component]
pub fn BackupBox() -> impl IntoView {
    let store = use_store();
    let account = store.session.get_untracked();
    // Only the phone's own account seals its identity (`State::may_seal_key`); others back up without.
    let owner = account.filter(|id| store.state.with_untracked(|s| s.may_seal_key(*id)));
    let Some(id) = owner else {
        return view! { <SendBox kind=Kind::Backup/> }.into_any();
    };
    // `Some(None)`: made without the identity.
    let sealed = RwSignal::new(None::<Option<SealedKey>>);
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    // Checking the password and sealing are slow (PBKDF2, twice): the action's pending state is the button's progress.
    let seal = Action::new_local(move |pw: &String| {
        let pw = pw.clone();
        async move {
            match store.verify_password(id, &pw).await {
                // Where WebCrypto cannot seal (a page not opened over https), the backup goes without.
                Ok(_) => sealed.set(Some(store.sealed_key(&pw).await)),
                Err(e) => errors.set(vec![e.into()]),
            }
        }
    });
    let busy = seal.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() {
            errors.set(Vec::new());
            seal.dispatch(password.get_untracked());
        }
    };
    view! {
        {move || match sealed.get() {
            None => view! {
                <form on:submit=submit novalidate=true data-test="backup-seal">
                    <p class="intro">{BACKUP_SEAL}</p>
                    <ErrorBar errors=errors/>
                    <div class="form">
                        <TextField label="登录密码" value=password kind="password" autocomplete="current-password" test="backup-password"/>
                    </div>
                    <SubmitButton label="生成备份" busy_label="正在加密……" busy=busy test="backup-seal-submit"/>
                    <div class="btn-area">
                        <button type="button" class="btn" data-test="backup-unsealed" on:click=move |_| sealed.set(Some(None))>
                            "不带本机身份，直接备份"
                        </button>
                    </div>
                </form>
            }.into_any(),
            Some(key) => view! {
                {key.is_none().then(|| view! { <p class="notice notice-info" data-test="backup-unsealed-note">{BACKUP_UNSEALED}</p> })}
                <SendBox kind=Kind::Backup sealed=key/>
            }.into_any(),
        }}
    }
    .into_any()
}
