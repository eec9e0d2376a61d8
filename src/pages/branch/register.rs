//! 立即注册: the branch secretary registers the branch with the 邀请码 from the college,
//! completes the branch information and chooses the branch account's username (the guide's
//! advice: `TZB` + 支部号, `bit` suffix if taken; password advice `bit` + username, not forced).
//! A code for a 学院/书院团委 or 团总支 registers that committee the same way, without the
//! branch's own fields (支部号, 行业类别, 毕业年份).

use crate::core::auth::check_new_password;
use crate::core::commands::account::{parse_graduation_year, suggest_branch_username};
use crate::core::commands::{BranchRegistration, CodeInvite, Command, Outcome, Refusal};
use crate::core::date::Date;
use crate::core::model::{Actor, OrgKind, INDUSTRIES};
use crate::core::notices::password_hint;
use crate::core::profile::{Field, FieldError};
use crate::core::sync::Kind;
use crate::nav::use_go_replace;
use crate::pages::common::send::SendBox;
use crate::route::Route;
use crate::store::drafts::{clear_drafts, draft_text};
use crate::store::{browser, use_store};
use crate::widgets::form::{ChoiceField, ErrorBar, FormErrors, SubmitButton, TextField};
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;

#[component]
pub fn BranchRegister(code: String, invite: CodeInvite) -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    // A code link from a committee this phone has never seen: record the code and the committee
    // first, so the registration can be checked here (the committee checks it again on import).
    if invite.issuer.0 != 0 && !code.is_empty() {
        let learned = CodeInvite { code: code.clone(), ..invite };
        if let Err(e) = store.dispatch(Command::LearnCode(learned)) {
            store.info(e.to_string());
        }
    }
    let invite_kind = invite.kind;
    // The code link opened again on the phone that registered with it (to send the registration
    // once more): what it registered, logged in as it; else, how to send it.
    let already = store.state.with_untracked(|s| s.registered_here(&code)).and_then(|org| {
        let logged_in = matches!(store.actor.get_untracked(), Actor::Branch { org: o, .. } | Actor::Committee { org: o, .. } if o == org);
        if !logged_in {
            store.info(crate::core::notices::registered_here_log_in(&store.state.with_untracked(|s| s.org_name(org))));
        }
        logged_in.then(|| store.state.with_untracked(|s| s.org_label(org)))
    });
    let code = RwSignal::new(code);
    // What the code registers: as this phone knows the code (from its link), else a 团支部.
    let kind = Memo::new(move |_| {
        let c = crate::core::entropy::canonical_code(&code.get());
        store.state.with(|s| s.codes.get(&c).map(|rc| rc.kind)).unwrap_or(invite_kind)
    });
    let is_branch = move || kind.get() == OrgKind::Branch;
    // The whole message pasted into the code's field (as people do): its link is opened instead,
    // which carries the code and the committee that issued it.
    Effect::new(move |_| {
        let typed = code.get();
        if let Some(at) = typed.find("/branch/register/") {
            let link = &typed[at..];
            let link = &link[..link.find(char::is_whitespace).unwrap_or(link.len())];
            if let r @ Route::BranchRegister { .. } = Route::parse(link) {
                go_replace.run(r);
            }
        }
    });
    let name = draft_text("branch_register.name", String::new());
    let number = draft_text("branch_register.number", String::new());
    let industry = RwSignal::new(INDUSTRIES[0].to_string());
    let grad = draft_text("branch_register.grad", String::new());
    let sec_name = draft_text("branch_register.sec_name", String::new());
    let sec_phone = draft_text("branch_register.sec_phone", String::new());
    let username = draft_text("branch_register.username", String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    // Every problem at once: listed in the bar, each under its field.
    let problems = FormErrors::new();
    let show = move |list: Vec<FieldError>| problems.show(list);
    let err_of = move |f: Field| problems.of(f);
    let registered = RwSignal::new(already);
    let suggest = move || {
        let n = number.get_untracked();
        if !n.trim().is_empty() && username.get_untracked().is_empty() {
            username.set(store.state.with_untracked(|s| suggest_branch_username(s, &n)));
        }
    };
    // Hashing the password is slow: the action's pending state is the button's progress.
    let register = Action::new_local(move |(form, pw): &(BranchRegistration, String)| {
        let (form, pw) = (form.clone(), pw.clone());
        async move {
            let r = match browser::hash_password(&pw).await {
                Ok(hash) => store.dispatch(Command::RegisterBranch(BranchRegistration { password: hash, ..form })),
                Err(e) => Err(Refusal::One(e)),
            };
            match r {
                Ok(Outcome::Org(org)) => {
                    clear_drafts("branch_register.");
                    let acct = store.state.with_untracked(|s| s.account_by_login(&username.get_untracked()).map(|a| a.id));
                    store.session.set(acct);
                    show(Vec::new());
                    registered.set(Some(store.state.with_untracked(|s| s.org_label(org))));
                    // The result, from its heading: the page was scrolled down to the button.
                    window().scroll_to_with_x_and_y(0.0, 0.0);
                    store.ensure_key();
                }
                Ok(_) => {}
                Err(Refusal::Fields(list)) => show(list),
                Err(Refusal::One(e)) => problems.one(e),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if register.pending().get_untracked() {
            return;
        }
        let now = browser::now();
        let year = parse_graduation_year(&grad.get_untracked(), Date::from_millis(now).year);
        let form = BranchRegistration {
            code: code.get_untracked(),
            name: name.get_untracked(),
            number: number.get_untracked(),
            industry: industry.get_untracked(),
            graduation_year: year.clone().ok().flatten(),
            secretary_name: sec_name.get_untracked(),
            secretary_phone: sec_phone.get_untracked(),
            username: username.get_untracked(),
            password: Default::default(),
        };
        // The core's checks, and the password's, all before the slow hashing.
        let mut list =
            store.state.with_untracked(|s| s.check_branch_registration(&form, kind.get_untracked(), now)).err().unwrap_or_default();
        if let Err(error) = year {
            list.push(FieldError { field: Field::GraduationYear, error });
        }
        if let Err(error) = check_new_password(&password.get_untracked(), &confirm.get_untracked()) {
            list.push(FieldError { field: Field::Password, error });
        }
        if !list.is_empty() {
            return show(list);
        }
        register.dispatch((form, password.get_untracked()));
    };
    view! {
        <Show when=move || registered.get().is_none() fallback=move || view! {
            <ResultPage ok=true title="还差一步：把注册信息发给团委"
                text=if is_branch() {
                    format!("团支部已在本手机注册：{}。团委导入注册信息后，本团支部才会出现在团委的下级组织里；团员可以先用本团支部的邀请链接申请。", registered.get().unwrap_or_default())
                } else {
                    format!(
                        "{}已在本手机注册：{}。上级团委导入注册信息后，本组织才会出现在其下级组织和统计里；\
                        您现在就可以生成下级组织的注册码。",
                        kind.get().code_label(),
                        registered.get().unwrap_or_default()
                    )
                }>
                <span></span>
            </ResultPage>
            <SendBox kind=Kind::Registration/>
            <div class="btn-area">
                {move || if is_branch() {
                    view! {
                        <button class="btn" data-test="go-branch" on:click=move |_| go_replace.run(Route::Branch)>"我的团员"</button>
                    }.into_any()
                } else {
                    view! {
                        <button class="btn" data-test="go-codes" on:click=move |_| go_replace.run(Route::Codes)>"组织注册码"</button>
                    }.into_any()
                }}
            </div>
        }>
            <form on:submit=submit novalidate=true data-test="branch-register-form">
                <ErrorBar errors=problems.bar/>
                <div class="form">
                    <TextField label="邀请码" value=code test="code" hint="上级组织发放的组织注册码；不区分大小写，横线可省略"
                        error=err_of(Field::Code)/>
                    // The fields of the kind of organisation the code registers, each named as that form names it.
                    {move || {
                        let (k, branch) = (kind.get(), is_branch());
                        let (name_hint, username_hint) = if branch {
                            ("请用全称（例如 2025级小学教育1班团支部），不要用简称，团员将按全称搜索", "建议为 TZB+支部号；如已被使用，可在后面加 bit")
                        } else {
                            ("请用全称（例如 计算机学院团委）：学院/书院团委以“团委”结尾，团总支以“团总支”结尾", "登录本组织账号用，例如学院拼音缩写加TW")
                        };
                        view! {
                            <TextField label=Field::org_name(k).label() value=name test="branch-name" hint=name_hint
                                error=err_of(Field::org_name(k))/>
                            // A committee (学院/书院团委, 团总支) has no 支部号, 行业类别 or 毕业年份 of its own.
                            {branch.then(|| view! {
                                <TextField label="支部号" value=number test="branch-number" inputmode="numeric"
                                    on_blur=Callback::new(move |_| suggest())
                                    error=err_of(Field::BranchNumber)/>
                                <ChoiceField label="行业类别" value=industry options=INDUSTRIES.iter().map(|s| s.to_string()).collect()
                                    test="industry" error=err_of(Field::Industry)/>
                                <TextField label="毕业年份" value=grad test="graduation-year" inputmode="numeric" placeholder="例如 2029"
                                    error=err_of(Field::GraduationYear)/>
                            })}
                            <TextField label=Field::head_name(k).label() value=sec_name test="secretary-name"
                                error=err_of(Field::head_name(k))/>
                            <TextField label=Field::head_phone(k).label() value=sec_phone kind="tel" inputmode="tel" test="secretary-phone"
                                error=err_of(Field::head_phone(k))/>
                            <TextField label=Field::username(k).label() value=username test="username" hint=username_hint
                                error=err_of(Field::username(k))/>
                        }
                    }}

                    {move || problems.fields.with(|v| v.iter().find_map(|e| match &e.error {
                        crate::core::CoreError::UsernameTaken { suggestion } => Some(suggestion.clone()),
                        _ => None,
                    })).map(|s| {
                        let label = format!("改用“{s}”");
                        view! {
                            <div class="item-actions">
                                <button type="button" class="btn btn-small" data-test="use-suggestion"
                                    on:click=move |_| username.set(s.clone())>{label}</button>
                            </div>
                        }
                    })}
                    <TextField label="密码" value=password kind="password" autocomplete="new-password" test="password"
                        hint=format!("{}。为免忘记，可参考校团委建议：bit+用户名", password_hint()) error=err_of(Field::Password)/>
                    <TextField label="确认密码" value=confirm kind="password" autocomplete="new-password" test="confirm"/>
                </div>
                <SubmitButton label="立即注册" busy_label="正在注册……" busy=register.pending() test="branch-register-submit"/>
            </form>
        </Show>
    }
}
