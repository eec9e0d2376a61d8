//! 完善个人信息: the privacy notice, then every field of the guide's member form. Each field is
//! checked as the user leaves it and again on submit (by the core); 出生日期 and 性别 are derived
//! from the ID number; the 团员编号 hint follows the join year.

use super::current_member;
use crate::core::commands::{Command, Refusal, CONSENT_VERSION};
use crate::core::date::Date;
use crate::core::model::OrgId;
use crate::core::model::{EDUCATIONS, ETHNICITIES, POLITICAL_STATUSES};
use crate::core::profile::{field_error, Field, MemberNumberGuide, ProfileDraft};
use crate::core::view_error::ViewError;
use crate::core::CoreError;
use crate::core::IdNumber;
use crate::nav::link;
use crate::route::Route;
use crate::store::drafts::{clear_drafts, draft_flag, draft_text, recall, INVITE_KEY};
use crate::store::{browser, use_store};
use crate::widgets::form::{CheckField, ErrorBar, SelectField, TextField};
use crate::widgets::layout::{LoginNeeded, ResultPage};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let store = use_store();
    // What decides which screen to show: rebuilt only when one of these changes, so saving the
    // form (which changes the member's record) does not throw away the page and its result.
    let gate = Memo::new(move |_| {
        current_member(store).map(|(_, m)| {
            let consented = m.consent.as_ref().is_some_and(|c| c.version == CONSENT_VERSION);
            (consented, m.profile_locked())
        })
    });
    move || match gate.get() {
        None => view! { <LoginNeeded who="团员"/> }.into_any(),
        Some((false, _)) => view! { <Consent/> }.into_any(),
        Some((true, locked)) => {
            let saved = untrack(move || current_member(store)).and_then(|(_, m)| m.profile);
            let draft = saved.as_ref().map(ProfileDraft::from_profile).unwrap_or_else(|| ProfileDraft {
                political_status: "共青团员".into(),
                ethnicity: "汉族".into(),
                is_student: true,
                wants_volunteer: true,
                ..Default::default()
            });
            view! { <ProfileForm draft=draft locked=locked/> }.into_any()
        }
    }
}

/// The privacy notice, accepted (with its version) before the ID number is entered.
#[component]
fn Consent() -> impl IntoView {
    let store = use_store();
    let agree = move |_| {
        let _ = store.dispatch(Command::AcceptPrivacy { version: CONSENT_VERSION });
    };
    view! {
        <div class="consent" data-test="consent">
            <h2>"个人信息保护说明"</h2>
            <p>"填写团员信息需要收集以下个人信息："</p>
            <ul>
                <li>"姓名、身份证号（并由此得出出生日期、性别）、手机号；"</li>
                <li>"政治面貌、民族、最高学历、入团年月、团员编号、学号。"</li>
            </ul>
            <p>"用途：核验团员身份、防止重复注册、加入团支部和注册志愿者。"</p>
            <p>"存放：只保存在本手机的浏览器中；只有您主动导出并交给团支部时才会离开本机。列表中身份证号和手机号均部分隐藏显示。"</p>
            <p>"删除：在“数据与备份”中可清除本机全部数据。"</p>
            <p class="muted">"说明版本：" {CONSENT_VERSION}</p>
        </div>
        <div class="btn-area">
            <button class="btn btn-primary" data-test="consent-agree" on:click=agree>"同意并继续"</button>
            <A href=link(&Route::Home) attr:class="btn">"不同意"</A>
        </div>
    }
}

#[component]
fn ProfileForm(draft: ProfileDraft, locked: bool) -> impl IntoView {
    // What the branch's acceptance locks (the core's list, which `SaveProfile` enforces).
    let lock = move |f: Field| locked && f.locked_once_accepted();
    let store = use_store();
    // What was typed survives the back button and reloads until it is saved.
    let name = draft_text("profile.name", draft.name);
    let id_number = draft_text("profile.id", draft.id_number);
    let political = draft_text("profile.political", draft.political_status);
    let ethnicity = draft_text("profile.ethnicity", draft.ethnicity);
    let education = draft_text("profile.education", draft.education);
    let join_month = draft_text("profile.join", draft.join_month);
    let member_number = draft_text("profile.number", draft.member_number);
    let is_student = draft_flag("profile.student", draft.is_student);
    let student_no = draft_text("profile.student_no", draft.student_no);
    let volunteer = draft_flag("profile.volunteer", draft.wants_volunteer);
    let current = move || ProfileDraft {
        name: name.get_untracked(),
        id_number: id_number.get_untracked(),
        political_status: political.get_untracked(),
        ethnicity: ethnicity.get_untracked(),
        education: education.get_untracked(),
        join_month: join_month.get_untracked(),
        member_number: member_number.get_untracked(),
        is_student: is_student.get_untracked(),
        student_no: student_no.get_untracked(),
        wants_volunteer: volunteer.get_untracked(),
    };
    let today = move || Date::from_millis(browser::now());
    let field_errors = RwSignal::new(Vec::<(Field, CoreError)>::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    // The ID number has an account already: the ways on (忘记密码, 我要申诉) are offered.
    let id_taken = RwSignal::new(false);
    let done = RwSignal::new(false);
    let err_of =
        move |f: Field| Signal::derive(move || field_errors.get().iter().find(|(x, _)| *x == f).map(|(_, e)| ViewError::from(e.clone())));
    let check = move |f: Field| {
        Callback::new(move |_| {
            let e = field_error(&current(), f, today());
            // Leaving an empty field that was never filled is not yet an error.
            field_errors.update(|v| {
                v.retain(|(x, _)| *x != f);
                if let Some(e) = e {
                    v.push((f, e));
                }
            });
        })
    };
    // Derived from the ID number as it is typed.
    let derived = move || {
        IdNumber::parse(&id_number.get(), today())
            .map(|n| n.facts())
            .ok()
            .map(|facts| format!("出生日期 {}　性别 {}", facts.birth, facts.sex.label()))
            .unwrap_or_else(|| "出生日期和性别将由身份证号自动得出".into())
    };
    let guide = move || {
        let d = ProfileDraft { join_month: join_month.get(), student_no: student_no.get(), ..Default::default() };
        MemberNumberGuide::for_draft(&d)
    };
    let number_readonly = Signal::derive(move || matches!(guide(), MemberNumberGuide::Generated { .. }));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let result = store.dispatch(Command::SaveProfile(current()));
        id_taken.set(matches!(result, Err(Refusal::One(CoreError::IdAlreadyRegistered))));
        match result {
            Ok(_) => {
                field_errors.set(Vec::new());
                errors.set(Vec::new());
                clear_drafts("profile.");
                done.set(true);
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
            Err(Refusal::Fields(list)) => {
                errors.set(list.iter().cloned().map(ViewError::from).collect());
                field_errors.set(list.into_iter().map(|fe| (fe.field, fe.error)).collect());
            }
            Err(Refusal::One(e)) => {
                errors.set(vec![e.clone().into()]);
                if id_taken.get_untracked() {
                    field_errors.set(vec![(Field::IdNumber, e)]);
                }
            }
        }
    };
    let opts = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    view! {
        <Show when=move || !done.get() fallback=move || view! {
            <ResultPage ok=true title="个人信息已保存" text="下一步：搜索您现在所在的团支部，申请加入。">
                {match recall(INVITE_KEY).and_then(|b| b.parse().ok()) {
                    Some(b) => view! {
                        <A href=link(&Route::Apply { branch: OrgId(b) }) attr:class="btn btn-primary"
                            attr:data-test="go-invited">"申请加入邀请您的团支部"</A>
                    }.into_any(),
                    None => ().into_any(),
                }}
                <A href=link(&Route::Find { query: String::new() }) attr:class="btn btn-primary" attr:data-test="go-find">"找组织"</A>
                // Ticked 注册成为志愿者: registered; 志愿服务's details are the next step.
                {untrack(move || current_member(store))
                    .is_some_and(|(_, m)| m.profile.is_some_and(|p| p.wants_volunteer) && m.volunteer.is_none())
                    .then(|| view! {
                    <A href=link(&Route::Volunteer) attr:class="btn" attr:data-test="go-volunteer">"已注册为志愿者，下一步：志愿服务"</A>
                })}
                <button class="btn" on:click=move |_| done.set(false)>"返回修改"</button>
            </ResultPage>
            // A change the branch has not had (the member has applied already): its hand-over.
            <super::handover::ApplicationHandover/>
        }>
            <form on:submit=submit novalidate=true data-test="profile-form">
                <ErrorBar errors=errors/>
                {locked.then(|| view! { <p class="intro muted">"团支部已通过您的申请：姓名、身份证号和入团年月已锁定，如需更正请联系团支部。"</p> })}
                <div class="form">
                    <TextField label="姓名" value=name test="name" autocomplete="name" readonly=lock(Field::Name) error=err_of(Field::Name)
                        on_blur=check(Field::Name)/>
                    <TextField label="身份证号" value=id_number test="id-number" inputmode="text" readonly=lock(Field::IdNumber)
                        hint="18位，最后一位可能是X" error=err_of(Field::IdNumber) on_blur=check(Field::IdNumber)/>
                    <p class="field-hint" data-test="derived">{derived}</p>
                    <SelectField label="政治面貌" value=political options=opts(&POLITICAL_STATUSES) test="political"
                        error=err_of(Field::PoliticalStatus)/>
                    <SelectField label="民族" value=ethnicity options=opts(&ETHNICITIES) test="ethnicity" error=err_of(Field::Ethnicity)/>
                    <SelectField label="最高学历" value=education options=opts(&EDUCATIONS) test="education" error=err_of(Field::Education)/>
                    <TextField label="入团年月" value=join_month test="join-month" inputmode="decimal" placeholder="例如 2019.05"
                        readonly=lock(Field::JoinMonth)
                        error=err_of(Field::JoinMonth) on_blur=check(Field::JoinMonth)/>
                    <TextField label="团员编号" value=member_number test="member-number" inputmode="numeric" readonly=number_readonly
                        error=err_of(Field::MemberNumber) on_blur=check(Field::MemberNumber)/>
                    <p class="field-hint" data-test="member-number-guide">{move || guide().to_string()}</p>
                    <CheckField label="是否高校学生：是" checked=is_student test="is-student"/>
                    <Show when=move || is_student.get()>
                        <TextField label="学号" value=student_no test="student-no" error=err_of(Field::StudentNo)
                            on_blur=check(Field::StudentNo)/>
                    </Show>
                    <div class="field">
                        <span class="field-label">"团组织"</span>
                        <p class="field-hint">{
                            // Invited: the branch of the invite; otherwise found by its full name.
                            let invited = recall(INVITE_KEY).and_then(|b| b.parse().ok()).map(crate::core::model::OrgId)
                                .and_then(|b| store.state.with_untracked(|s| s.orgs.get(&b).map(|o| o.name.clone())));
                            match invited {
                                Some(name) => format!("保存后申请加入邀请您的“{name}”。"),
                                None => "保存后在“找组织”中搜索您所在团支部的全称并申请加入。".to_string(),
                            }
                        }</p>
                    </div>
                    <CheckField label="注册成为志愿者" checked=volunteer test="volunteer"/>
                </div>
                <div class="btn-area">
                    <button class="btn btn-primary" type="submit" data-test="save-profile">"保存"</button>
                </div>
                {move || id_taken.get().then(|| view! {
                    <div class="btn-area">
                        <A href=link(&Route::Forgot) attr:class="btn">"忘记密码"</A>
                        <A href=link(&Route::Appeal) attr:class="btn">"我要申诉（已更换手机号）"</A>
                    </div>
                })}
            </form>
        </Show>
    }
}
