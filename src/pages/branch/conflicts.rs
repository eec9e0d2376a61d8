//! 需要确认: requests decided differently on two devices (met in a sync file). The secretary
//! chooses the decision that stands; the other stays on record.

use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::model::{OrgId, RequestState};
use crate::core::sync::merge::{choices, Decision};
use crate::core::view_error::ViewError;
use crate::store::use_store;
use leptos::prelude::*;

fn describe(s: &RequestState) -> String {
    match s {
        RequestState::Returned { reason, at, .. } | RequestState::Withdrawn { reason, at } => {
            format!("{}（{}，{}）", s.label(), format_day(*at), reason)
        }
        other => format!("{}（{}）", other.label(), format_day(other.at())),
    }
}

#[component]
pub fn RequestConflicts(org: OrgId) -> impl IntoView {
    let store = use_store();
    let error = RwSignal::new(None::<ViewError>);
    let items = move || {
        store.state.with(|s| {
            s.request_conflicts(org)
                .into_iter()
                .map(|r| {
                    let options: Vec<(String, String)> = choices(&r.state, &r.others).map(|(k, d)| (k, describe(d))).collect();
                    (r.id, format!("{}的{}", s.display_name(r.applicant), r.kind.label()), options)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !items().is_empty()>
            <section class="cells-group" data-test="request-conflicts">
                <h2 class="cells-title">"需要确认：同一申请在两台设备上有不同的处理结果"</h2>
                {move || error.get().map(|e| view! { <div class="error-bar" role="alert"><p>{e.to_string()}</p></div> })}
                {move || items().into_iter().map(|(id, title, options)| view! {
                    <div class="item" data-test="request-conflict">
                        <div class="item-title">{title}</div>
                        <p class="muted">"请选择以哪个结果为准（另一个结果保留在记录中）："</p>
                        <div class="item-actions">
                            {options.into_iter().map(|(key, label)| {
                                let keep = key.clone();
                                view! {
                                    <button class="btn btn-small" data-test=format!("keep-{key}") on:click=move |_| {
                                        match store.dispatch(Command::SettleRequest { request: id, keep: keep.clone() }) {
                                            Ok(_) => error.set(None),
                                            Err(e) => error.set(Some(e.into())),
                                        }
                                    }>{format!("以“{label}”为准")}</button>
                                }
                            }).collect_view()}
                        </div>
                    </div>
                }).collect_view()}
            </section>
        </Show>
    }
}
