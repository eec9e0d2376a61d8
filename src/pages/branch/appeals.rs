//! 申诉 from members who changed phone: the branch secretary sees its branch's, a committee those of
//! every branch under it; either can decide (成功 moves the membership to the new account).

use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::lists::AppealItem;
use crate::core::model::{AppealState, OrgId};
use crate::core::view_error::ViewError;
use crate::store::use_store;
use crate::widgets::form::{ErrorBar, TextField};
use leptos::prelude::*;

/// The appeals whose old account belongs to one of `branches`, each row with its own form.
#[component]
pub fn Appeals(branches: Vec<OrgId>) -> impl IntoView {
    let store = use_store();
    let list = Memo::new(move |_| store.state.with(|s| s.appeal_rows(&branches)));
    view! {
        <Show when=move || list.with(Vec::is_empty)>
            <p class="intro muted">"暂无申诉"</p>
        </Show>
        // Keyed by the appeal and what it shows: a row is drawn again only when its own appeal changes,
        // so what is typed in another row stays.
        <For each=move || list.get() key=|r| (r.id, r.state.label(), r.conflict.len()) let:row>
            <AppealRow row=row/>
        </For>
    }
}

/// One appeal, with its own reason to type and its own errors.
#[component]
fn AppealRow(row: AppealItem) -> impl IntoView {
    let store = use_store();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let AppealItem { id, name, branch, reason: why, created, state, photo, conflict } = row;
    let done = move |result: Result<_, crate::core::commands::Refusal>| match result {
        Ok(_) => errors.set(Vec::new()),
        Err(e) => errors.set(vec![e.into()]),
    };
    let decide = move |uphold: bool| done(store.dispatch(Command::DecideAppeal { appeal: id, uphold, reason: reason.get_untracked() }));
    let settle = move |keep: String| done(store.dispatch(Command::SettleAppeal { appeal: id, keep }));
    let pending = state == AppealState::Pending;
    let alt = format!("{name}的身份证照片");
    view! {
        <div class="item" data-test="appeal">
            <div class="item-head"><span class="item-title">{name}</span><span class="tag">{state.label()}</span></div>
            <div class="muted">{branch}</div>
            <div>"原因：" {why}</div>
            <div class="muted">"提交于 " {format_day(created)}</div>
            {photo.map(|src| view! { <img class="photo-preview" src=src alt=alt/> })}
            <ErrorBar errors=errors/>
            {(!conflict.is_empty()).then(|| view! {
                <div data-test="appeal-conflict">
                    <p class="warn-text">"该申诉在两台设备上有不同的处理结果，请选择以哪个为准："</p>
                    <div class="item-actions">
                        {conflict.into_iter().map(|(key, label)| view! {
                            <button class="btn btn-small" data-test=format!("keep-appeal-{key}")
                                on:click=move |_| settle(key.clone())>{format!("以“{label}”为准")}</button>
                        }).collect_view()}
                    </div>
                </div>
            })}
            {pending.then(|| view! {
                <TextField label="不通过的原因（不通过时必填）" value=reason row=id.0.to_string()/>
                <div class="item-actions">
                    <button class="btn btn-small btn-primary" on:click=move |_| decide(true)>"申诉通过"</button>
                    <button class="btn btn-small btn-warn" on:click=move |_| decide(false)>"不通过"</button>
                </div>
            })}
        </div>
    }
}
