//! 建立校团委: a blank phone sets up its school's committee (its full name, username and password),
//! the root of the school's tree and of its trust; then the 校团委 issues 组织注册码 for its
//! 学院/书院团委 (and 团总支 or 团支部), who register on their own phones.

use crate::core::auth::check_new_password;
use crate::core::commands::{Command, Outcome, Refusal};
use crate::core::model::OrgKind;
use crate::core::notices::password_hint;
use crate::core::profile::{Field, FieldError};
use crate::nav::link;
use crate::route::Route;
use crate::store::drafts::{clear_drafts, draft_text};
use crate::store::{browser, use_store};
use crate::widgets::form::{ErrorBar, FormErrors, SubmitButton, TextField};
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn FoundSchool() -> impl IntoView {
    let store = use_store();
    let name = draft_text("found_school.name", String::new());
    let username = draft_text("found_school.username", String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let problems = FormErrors::new();
    let show = move |list: Vec<FieldError>| problems.show(list);
    let err_of = move |f: Field| problems.of(f);
    let founded = RwSignal::new(None::<String>);
    // Hashing the password is slow: the action's pending state is the button's progress.
    let found = Action::new_local(move |(name, user, pw): &(String, String, String)| {
        let (name, username, pw) = (name.clone(), user.clone(), pw.clone());
        async move {
            let r = match browser::hash_password(&pw).await {
                Ok(password) => store.dispatch(Command::FoundSchool { name: name.clone(), username: username.clone(), password }),
                Err(e) => Err(Refusal::One(e)),
            };
            match r {
                Ok(Outcome::Done | Outcome::Org(_)) => {
                    clear_drafts("found_school.");
                    let account = store.state.with_untracked(|s| s.account_by_login(&username).map(|a| a.id));
                    store.session.set(account);
                    store.ensure_key();
                    show(Vec::new());
                    founded.set(Some(name));
                }
                Ok(_) => {}
                Err(Refusal::Fields(list)) => show(list),
                Err(Refusal::One(e)) => problems.one(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if found.pending().get_untracked() {
            return;
        }
        let (n, u, pw) = (name.get_untracked(), username.get_untracked(), password.get_untracked());
        // The core's checks, and the password's, all before the slow hashing.
        let mut list = store.state.with_untracked(|s| s.check_school(&n, &u)).err().unwrap_or_default();
        if let Err(error) = check_new_password(&pw, &confirm.get_untracked()) {
            list.push(FieldError { field: Field::Password, error });
        }
        if !list.is_empty() {
            return show(list);
        }
        found.dispatch((n, u, pw));
    };
    view! {
        <Show when=move || founded.get().is_none() fallback=move || view! {
            <ResultPage ok=true title="校团委已建立" text=format!("“{}”已在本手机建立，本手机登录的就是校团委账号。下一步：生成学院/书院团委的组织注册码，\
                把每个注册码发给一个学院的负责人，他们在自己的手机上点开链接注册。", founded.get().unwrap_or_default())>
                <A href=link(&Route::Codes) attr:class="btn btn-primary" attr:data-test="go-codes">"组织注册码"</A>
            </ResultPage>
        }>
            <div class="intro">
                <p>"学校第一次使用本应用时，由校团委在自己的手机上建立本校团委。它是全校组织树的根：学院/书院团委用校团委发的注册码注册，团支部用学院发的注册码注册。"</p>
                <p class="muted">"一所学校只建立一次。学院、团支部和团员不要点这里：请向上级要注册码或邀请链接。"</p>
            </div>
            <form on:submit=submit novalidate=true data-test="found-school-form">
                <ErrorBar errors=problems.bar/>
                <div class="form">
                    <TextField label=Field::org_name(OrgKind::School).label() value=name test="school-name" hint="例如 示范大学团委"
                        error=err_of(Field::org_name(OrgKind::School))/>
                    <TextField label=Field::username(OrgKind::School).label() value=username test="username" hint="字母或数字，例如 XTW2026"
                        error=err_of(Field::username(OrgKind::School))/>
                    <TextField label="密码" value=password kind="password" autocomplete="new-password" test="password"
                        hint=password_hint() error=err_of(Field::Password)/>
                    <TextField label="确认密码" value=confirm kind="password" autocomplete="new-password" test="confirm"/>
                </div>
                <SubmitButton label="建立校团委" busy_label="正在建立……" busy=found.pending() test="found-school-submit"/>
            </form>
        </Show>
    }
}
