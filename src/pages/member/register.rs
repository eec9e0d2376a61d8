//! 创建账号: phone and password (with confirmation and a strength hint) → 我是团员 → 下一步.

use crate::core::auth::long_enough;
use crate::core::auth::{check_new_password, password_strength};
use crate::core::commands::{Command, Outcome};
use crate::core::notices::password_hint;
use crate::core::profile::{Field, FieldError};
use crate::core::view_error::ViewError;
use crate::core::Phone;
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::drafts::{clear_drafts, draft_text};
use crate::store::{browser, use_store};
use crate::widgets::form::{ErrorBar, SubmitButton, TextField};
use leptos::prelude::*;

#[component]
pub fn Register() -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    // The phone survives the back button; passwords are never kept in a draft.
    let phone = draft_text("register.phone", String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let is_member = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let phone_err = RwSignal::new(None::<ViewError>);
    let pw_err = RwSignal::new(None::<ViewError>);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let check_phone = move || phone_err.set(Phone::parse(&phone.get_untracked()).err().map(ViewError::from));
    let check_pw = move || {
        let (p, c) = (password.get_untracked(), confirm.get_untracked());
        pw_err.set(if c.is_empty() && !long_enough(&p) { None } else { check_new_password(&p, &c).err().map(ViewError::from) });
    };
    let strength = move || match (password.get().is_empty(), password_strength(&password.get())) {
        (true, _) => "",
        (_, 0) => "密码强度：弱",
        (_, 1) => "密码强度：中",
        _ => "密码强度：强",
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        // Every problem at once, each naming its field.
        // Every problem at once, each naming its field, before the slow hashing (a taken phone too).
        let mut errs = store
            .state
            .with_untracked(|s| s.check_member_account(&phone.get_untracked(), is_member.get_untracked()))
            .err()
            .unwrap_or_default();
        if let Err(error) = check_new_password(&password.get_untracked(), &confirm.get_untracked()) {
            errs.push(FieldError { field: Field::Password, error });
        }
        check_phone();
        pw_err.set(check_new_password(&password.get_untracked(), &confirm.get_untracked()).err().map(ViewError::from));
        if !errs.is_empty() {
            return errors.set(errs.into_iter().map(ViewError::from).collect());
        }
        errors.set(Vec::new());
        busy.set(true);
        let (p, pw, member) = (phone.get_untracked(), password.get_untracked(), is_member.get_untracked());
        leptos::task::spawn_local(async move {
            let result = match browser::hash_password(&pw).await {
                Ok(hash) => store.dispatch(Command::CreateMemberAccount { phone: p, member, password: hash }).map_err(ViewError::from),
                Err(e) => Err(e.into()),
            };
            busy.set(false);
            match result {
                Ok(Outcome::Account(id)) => {
                    clear_drafts("register.");
                    store.session.set(Some(id));
                    go_replace.run(Route::Profile);
                }
                Ok(_) => {}
                Err(e) => errors.set(vec![e]),
            }
        });
    };
    view! {
        <form on:submit=submit novalidate=true data-test="register-form">
            <ErrorBar errors=errors/>
            <div class="form">
                <TextField label="手机号" value=phone kind="tel" inputmode="tel" autocomplete="tel" test="phone"
                    hint="11位手机号，即登录账号" error=phone_err on_blur=Callback::new(move |_| check_phone())/>
                <TextField label="密码" value=password kind="password" autocomplete="new-password" test="password"
                    hint=password_hint() error=pw_err on_blur=Callback::new(move |_| check_pw())/>
                <p class="field-hint" aria-live="polite" data-test="strength">{strength}</p>
                <TextField label="确认密码" value=confirm kind="password" autocomplete="new-password" test="confirm"
                    on_blur=Callback::new(move |_| check_pw())/>
                <fieldset class="field">
                    <legend class="field-label">"身份"</legend>
                    <label class="check"><input type="radio" name="who" data-test="i-am-member"
                        checked=move || is_member.get() on:change=move |_| is_member.set(true)/><span>"我是团员"</span></label>
                </fieldset>
            </div>
            <SubmitButton label="下一步" busy_label="正在创建账号……" busy=busy test="next"/>
        </form>
        <p class="intro muted">"本应用不能发送短信验证码，手机号只作为登录账号；忘记密码时可用姓名和身份证号核验，或向团支部索取重置密码验证码。"</p>
    }
}
