//! 申诉 from members who changed phone: the branch secretary sees its branch's, a committee those of
//! every branch under it; either can decide (成功 moves the membership to the new account).

use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::model::{AppealId, AppealState, OrgId};
use crate::core::sync::merge::{choices, conflict_open};
use crate::store::use_store;
use crate::widgets::form::{ErrorBar, TextField};
use leptos::prelude::*;

/// The appeals whose old account belongs to one of `branches`.
#[component]
pub fn Appeals(branches: Vec<OrgId>) -> impl IntoView {
    let store = use_store();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let list = move || {
        store.state.with(|s| {
            s.appeals
                .values()
                .filter(|a| a.branch.is_some_and(|b| branches.contains(&b)))
                .map(|a| {
                    let branch = a.branch.map(|b| s.org_name(b)).unwrap_or_default();
                    // Decided differently on two devices (met in a sync file): the choices to settle.
                    let conflict: Vec<(String, &str)> = if conflict_open(&a.state, &a.others, a.settled.as_ref()) {
                        choices(&a.state, &a.others).map(|(k, d)| (k, d.label())).collect()
                    } else {
                        Vec::new()
                    };
                    (a.id, s.display_name(a.old_account), branch, a.reason.clone(), a.created, a.state.clone(), a.photo.clone(), conflict)
                })
                .collect::<Vec<_>>()
        })
    };
    let decide = move |id: AppealId, uphold: bool| match store.dispatch(Command::DecideAppeal {
        appeal: id,
        uphold,
        reason: reason.get_untracked(),
    }) {
        Ok(_) => errors.set(Vec::new()),
        Err(e) => errors.set(vec![e.to_string()]),
    };
    let settle = move |id: AppealId, keep: String| match store.dispatch(Command::SettleAppeal { appeal: id, keep }) {
        Ok(_) => errors.set(Vec::new()),
        Err(e) => errors.set(vec![e.to_string()]),
    };
    view! {
        <ErrorBar errors=errors/>
        {move || {
            let l = list();
            if l.is_empty() {
                return view! { <p class="intro muted">"暂无申诉"</p> }.into_any();
            }
            l.into_iter().map(|(id, name, branch, why, at, state, photo, conflict)| {
                let pending = state == AppealState::Pending;
                let alt = format!("{name}的身份证照片");
                view! {
                    <div class="item" data-test="appeal">
                        <div class="item-head"><span class="item-title">{name}</span><span class="tag">{state.label()}</span></div>
                        <div class="muted">{branch}</div>
                        <div>"原因：" {why}</div>
                        <div class="muted">"提交于 " {format_day(at)}</div>
                        {photo.map(|src| view! { <img class="photo-preview" src=src alt=alt/> })}
                        {(!conflict.is_empty()).then(|| view! {
                            <div data-test="appeal-conflict">
                                <p class="warn-text">"该申诉在两台设备上有不同的处理结果，请选择以哪个为准："</p>
                                <div class="item-actions">
                                    {conflict.into_iter().map(|(key, label)| view! {
                                        <button class="btn btn-small" data-test=format!("keep-appeal-{key}")
                                            on:click=move |_| settle(id, key.clone())>{format!("以“{label}”为准")}</button>
                                    }).collect_view()}
                                </div>
                            </div>
                        })}
                        {pending.then(|| view! {
                            <TextField label="不通过的原因（不通过时必填）" value=reason/>
                            <div class="item-actions">
                                <button class="btn btn-small btn-primary" on:click=move |_| decide(id, true)>"申诉通过"</button>
                                <button class="btn btn-small btn-warn" on:click=move |_| decide(id, false)>"不通过"</button>
                            </div>
                        })}
                    </div>
                }
            }).collect_view().into_any()
        }}
    }
}
