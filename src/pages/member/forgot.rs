//! 忘记密码: no SMS can be sent from here, so the member proves who they are with the 姓名 and
//! 身份证号 held in the account, or with a 重置密码验证码 from the branch secretary (2 days, once).

use crate::core::auth::check_new_password;
use crate::core::commands::{Command, ResetProof};
use crate::core::limits::RESET_CODE_VALID_DAYS;
use crate::core::notices::password_hint;
use crate::core::view_error::ViewError;
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::form::{ErrorBar, SubmitButton, TextField};
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;

#[component]
pub fn Forgot() -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    let phone = RwSignal::new(String::new());
    let by_code = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let id_number = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    // Hashing the new password is slow: the action's pending state is the button's progress.
    let reset = Action::new_local(move |(phone, proof, pw): &(String, ResetProof, String)| {
        let (phone, proof, pw) = (phone.clone(), proof.clone(), pw.clone());
        async move {
            let r = match browser::hash_password(&pw).await {
                Ok(hash) => store.dispatch(Command::ResetPassword { phone, proof, password: hash }).map(|_| ()).map_err(ViewError::from),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = &r {
                errors.set(vec![e.clone()]);
            }
            r.is_ok()
        }
    });
    let done = move || reset.value().get() == Some(true);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Err(e) = check_new_password(&password.get_untracked(), &confirm.get_untracked()) {
            return errors.set(vec![e.into()]);
        }
        let proof = if by_code.get_untracked() {
            ResetProof::Code(code.get_untracked())
        } else {
            ResetProof::Identity { name: name.get_untracked(), id_number: id_number.get_untracked() }
        };
        reset.dispatch((phone.get_untracked(), proof, password.get_untracked()));
    };
    view! {
        <Show when=move || !done() fallback=move || view! {
            <ResultPage ok=true title="密码已重置" text="请用新密码登录。">
                <button class="btn btn-primary" on:click=move |_| go_replace.run(Route::Me)>"去登录"</button>
            </ResultPage>
        }>
            <p class="intro">"本应用无法发送短信验证码。请选择一种方式证明是您本人："</p>
            <div class="tabs" role="tablist">
                <button class="tab" role="tab" aria-selected=move || (!by_code.get()).to_string()
                    on:click=move |_| by_code.set(false)>"姓名+身份证号"</button>
                <button class="tab" role="tab" data-test="by-code" aria-selected=move || by_code.get().to_string()
                    on:click=move |_| by_code.set(true)>"团支部验证码"</button>
            </div>
            <form on:submit=submit novalidate=true>
                <ErrorBar errors=errors/>
                <div class="form">
                    <TextField label="手机号（登录账号）" value=phone kind="tel" inputmode="tel" test="phone"/>
                    <Show when=move || !by_code.get() fallback=move || view! {
                        <TextField label="重置密码验证码" value=code test="reset-code" hint=format!("向团支书索取，有效期{RESET_CODE_VALID_DAYS}天，只能使用一次")/>
                    }>
                        <TextField label="姓名" value=name test="name"/>
                        <TextField label="身份证号" value=id_number test="id-number"/>
                    </Show>
                    <TextField label="新密码" value=password kind="password" autocomplete="new-password" test="password" hint=password_hint()/>
                    <TextField label="确认新密码" value=confirm kind="password" autocomplete="new-password" test="confirm"/>
                </div>
                <SubmitButton label="重置密码" busy_label="正在重置……" busy=reset.pending() test="reset-submit"/>
            </form>
            <p class="intro muted">"已更换手机号？请用新手机号创建账号后点“我要申诉”。"</p>
        </Show>
    }
}
