//! 重复注册: branches under this committee that repeat another's full name or username. The
//! committee voids one of the two (the one without members); the secretary of the voided one
//! registers again under the right name, or the `bit` username.

use crate::core::commands::Command;
use crate::core::model::OrgId;
use crate::core::view_error::ViewError;
use crate::store::use_store;
use leptos::prelude::*;

#[component]
pub fn BranchClashes(org: OrgId) -> impl IntoView {
    let store = use_store();
    let error = RwSignal::new(None::<ViewError>);
    let items = move || {
        store.state.with(|s| {
            s.branch_clashes(org)
                .into_iter()
                .map(|c| {
                    let side = |id: OrgId| (id, s.org_name(id), s.registration_facts(id));
                    (c.what(), side(c.older), side(c.newer))
                })
                .collect::<Vec<_>>()
        })
    };
    let void = move |id: OrgId, name: String| {
        let ask = format!("作废“{name}”的注册？它的账号将停用，待审核的申请会被退回，申请人需改投另一个团支部。");
        if window().confirm_with_message(&ask).unwrap_or(false) {
            error.set(store.dispatch(Command::VoidRegistration { branch: id }).err().map(ViewError::from));
        }
    };
    view! {
        <Show when=move || !items().is_empty()>
            <section class="cells-group" data-test="branch-clashes">
                <h2 class="cells-title">"需要确认：重复注册的团支部"</h2>
                {move || error.get().map(|e| view! { <div class="error-bar" role="alert"><p>{e.to_string()}</p></div> })}
                {move || items().into_iter().map(|(what, a, b)| view! {
                    <div class="item" data-test="branch-clash">
                        <div class="item-title">{format!("两个团支部{what}")}</div>
                        <p class="muted">"同一个团支部请只保留一个；不同的团支部须用不同的全称（写明年级、专业和班级），用户名重复的可在后面加 bit。请作废其中一个，并告知其团支书："</p>
                        {[("先注册", a), ("后注册", b)].into_iter().map(|(order, (id, name, facts))| {
                            let label = format!("作废{order}的“{name}”");
                            view! {
                                <p class="muted" data-test="registration-facts">{format!("{order}：{facts}")}</p>
                                <div class="item-actions">
                                    <button class="btn btn-small btn-warn" data-test="void-registration"
                                        on:click=move |_| void(id, name.clone())>{label}</button>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </section>
        </Show>
    }
}
