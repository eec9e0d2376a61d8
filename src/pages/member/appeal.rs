//! 我要申诉: a member who changed phone registers again with the new phone and appeals, so the
//! branch moves the membership from the old account. The state of each appeal is shown here.

use super::current_member;
use super::handover::ApplicationHandover;
use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::limits::PHOTO_MAX_KB;
use crate::core::model::AppealState;
use crate::core::view_error::ViewError;
use crate::core::CoreError;
use crate::store::{browser, use_store};
use crate::widgets::form::{ErrorBar, TextField};
use crate::widgets::layout::{Cells, LoginNeeded};
use leptos::prelude::*;

#[component]
pub fn AppealPage() -> impl IntoView {
    let store = use_store();
    let id_number = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let photo = RwSignal::new(None::<String>);
    // Compressing the photo takes a moment: the action's pending state is the field's progress.
    let compress = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            match browser::compress_photo(file).await {
                Ok(data) => {
                    photo.set(Some(data));
                    errors.set(Vec::new());
                }
                Err(_) => errors.set(vec![CoreError::PhotoUnreadable.into()]),
            }
        }
    });
    let busy = compress.pending();
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        compress.dispatch_local(file);
    };
    // The appeal must reach the old account's branch: its hand-over, drawn once an appeal waits.
    let waiting = Memo::new(move |_| match current_member(store) {
        Some((me, _)) => store.state.with(|s| s.appeals.values().any(|a| a.account == me && a.state == AppealState::Pending)),
        None => false,
    });
    let handover = move || {
        view! {
            <Show when=move || waiting.get()>
                <p class="intro">"申诉已保存在本手机，还要发给原账号所在团支部的团支书，团支书导入后才能审核："</p>
                <ApplicationHandover/>
            </Show>
        }
    };
    let page = move || {
        let Some((me, _)) = current_member(store) else {
            return view! {
                <p class="intro">"已更换手机号：请先用新手机号“创建账号”，登录后再回到这里申诉。"</p>
                <LoginNeeded who="团员（新手机号账号）"/>
            }
            .into_any();
        };
        let appeals =
            store.state.with(|s| s.appeals.values().filter(|a| a.account == me).map(|a| (a.created, a.state.clone())).collect::<Vec<_>>());
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match store.dispatch(Command::FileAppeal {
                id_number: id_number.get_untracked(),
                reason: reason.get_untracked(),
                photo: photo.get_untracked(),
            }) {
                Ok(_) => {
                    errors.set(Vec::new());
                    photo.set(None);
                }
                Err(e) => errors.set(vec![e.into()]),
            }
        };
        view! {
            <Cells title="我的申诉">
                {appeals.is_empty().then(|| view! { <div class="cell"><span class="cell-label muted">"还没有申诉"</span></div> })}
                {appeals.into_iter().map(|(at, state)| {
                    let extra = match &state { AppealState::Rejected { reason, .. } => format!("原因：{reason}"), _ => String::new() };
                    view! {
                        <div class="item" data-test="my-appeal">
                            <span class="tag">{state.label()}</span>" 提交于 "{format_day(at)}<div class="muted">{extra}</div>
                        </div>
                    }
                }).collect_view()}
            </Cells>
            <form on:submit=submit novalidate=true>
                <ErrorBar errors=errors/>
                <div class="form">
                    <TextField label="身份证号（原账号登记的）" value=id_number test="id-number"/>
                    <TextField label="申诉原因" value=reason test="reason" hint="例如：原手机号已停用，无法登录原账号"/>
                    <div class="field">
                        <label class="field-label" for="appeal-photo">"身份证照片（人像面）"</label>
                        <label class="btn btn-small file-button">"拍照或从相册选择"
                            <input id="appeal-photo" type="file" accept="image/*" data-test="photo" on:change=pick/>
                        </label>
                        <p class="field-hint">
                            {move || if busy.get() { "正在压缩照片……".to_string() } else { format!("可拍照或从相册选择；照片会在本机压缩到{PHOTO_MAX_KB}KB以内。") }}
                        </p>
                        {move || photo.get().map(|src| {
                            let size = format!("压缩后约{}KB", (src.len() * 3 / 4) / 1024);
                            view! {
                                <img class="photo-preview" src=src alt="已选择的身份证照片" data-test="photo-preview"/>
                                <p class="field-hint" data-test="photo-size">{size}</p>
                            }
                        })}
                    </div>
                </div>
                <p class="intro muted">"申诉提交给原账号所在的团支部审核；通过后团员信息和组织关系转到本账号，原账号停用。"</p>
                <div class="btn-area"><button class="btn btn-primary" type="submit" data-test="appeal-submit">"提交申诉"</button></div>
            </form>
        }
        .into_any()
    };
    view! { {page} {handover} }
}
