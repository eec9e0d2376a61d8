//! 毕业生转出 (guide 一(二), DOMAIN.md): set the branch's graduation year, mark graduating members
//! with a destination (升学, 已落实工作单位 有/无团组织, 出国(境), 未就业 → 流动团员团支部, 参军入伍,
//! 涉密单位) and the target organisation, one by one or in bulk (all or none); a cadre resigns first; 转出 is
//! confirmed when the receiving side has accepted; a branch whose members have all left is 归档.

use crate::core::commands::{Command, Outcome};
use crate::core::date::format_day;
use crate::core::lists::{LeavingRow, OutgoingRow};
use crate::core::model::{AccountId, Destination, Org, OrgId};
use crate::core::view_error::ViewError;
use crate::store::use_store;
use crate::widgets::form::{toggle, ErrorBar, SelectField, TextField};
use leptos::prelude::*;

#[component]
pub fn Graduates(org: OrgId) -> impl IntoView {
    let store = use_store();
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let message = RwSignal::new(String::new());
    let year = RwSignal::new(store.state.with_untracked(|s| {
        s.orgs.get(&org).and_then(|o| o.branch.as_ref()).and_then(|b| b.graduation_year).map(|y| y.to_string()).unwrap_or_default()
    }));
    let selected = RwSignal::new(Vec::<AccountId>::new());
    let destination = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let report = move |r: Result<String, ViewError>| match r {
        Ok(m) => {
            errors.set(Vec::new());
            message.set(m);
        }
        Err(e) => errors.set(vec![e]),
    };
    let save_year = move |_| {
        let r = match year.get_untracked().trim().parse::<i32>() {
            Ok(y) => store
                .dispatch(Command::SetGraduationYear { branch: org, year: y })
                .map(|_| format!("毕业年份已设为{y}年"))
                .map_err(ViewError::from),
            Err(_) => Err(crate::core::CoreError::GraduationYearInvalid.into()),
        };
        report(r);
    };
    let transfer = move |_| {
        let Some(dest) = Destination::from_label(&destination.get_untracked()) else {
            return report(Err(crate::core::CoreError::ChoiceInvalid { field: "毕业去向" }.into()));
        };
        let r =
            store.dispatch(Command::TransferOut { members: selected.get_untracked(), destination: dest, target: target.get_untracked() });
        if let Ok(Outcome::Requests(made)) = &r {
            selected.set(Vec::new());
            report(Ok(format!("已在本机办理{}人的转出：对方组织接收后，请点“确认已转出”。", made.len())));
        } else {
            report(r.map(|_| String::new()).map_err(ViewError::from));
        }
    };
    let members = move || store.state.with(|s| s.leaving_candidates(org));
    let outgoing = move || store.state.with(|s| s.outgoing(org));
    let archive = move |_| {
        if window().confirm_with_message("确定归档本团支部吗？归档后团员不能再申请加入。").unwrap_or(false) {
            report(store.dispatch(Command::Archive { branch: org }).map(|_| "团支部已归档".to_string()).map_err(ViewError::from));
        }
    };
    let archived = move || store.state.with(|s| s.orgs.get(&org).is_some_and(Org::is_archived));
    view! {
        <ErrorBar errors=errors/>
        <Show when=move || !message.get().is_empty()>
            <div class="notice notice-info" role="status" data-test="graduates-message">{move || message.get()}</div>
        </Show>
        <div class="form">
            <TextField label="毕业年份（须先设置）" value=year inputmode="numeric" test="graduation-year"/>
            <div class="item-actions"><button class="btn btn-small" data-test="save-year" on:click=save_year>"保存毕业年份"</button></div>
        </div>
        <h2 class="cells-title">"勾选毕业团员"</h2>
        {move || members().into_iter().map(|LeavingRow { id, name, cadre, pending }| view! {
            <div class="item" data-test="graduate">
                <label class="check">
                    <input type="checkbox" disabled=pending prop:checked=move || selected.get().contains(&id)
                        on:change=move |_| selected.update(|v| toggle(v, id))/>
                    <span>{name}</span>
                    {cadre.then(|| view! { <span class="tag tag-orange">"团干部"</span> })}
                    {pending.then(|| view! { <span class="tag">"转出中"</span> })}
                </label>
                {cadre.then(|| view! {
                    <div class="item-actions"><button class="btn btn-small" data-test="resign" on:click=move |_| {
                        let done = store.dispatch(Command::SetCadre { member: id, cadre: false });
                        report(done.map(|_| "已辞去团干部职务".to_string()).map_err(ViewError::from));
                    }>"辞去团干部职务"</button></div>
                })}
            </div>
        }).collect_view()}
        <div class="form">
            <SelectField label="毕业去向" value=destination options=Destination::ALL.iter().map(|d| d.label().to_string()).collect()
                test="destination"/>
            <TextField label="转入组织全称" value=target test="target" hint="例如 某大学研究生团支部；参军入伍、涉密单位可不填"/>
        </div>
        <div class="btn-area">
            <button class="btn btn-primary" data-test="transfer-out"
                on:click=transfer>{move || format!("转出所选（{}人）", selected.get().len())}</button>
        </div>
        <h2 class="cells-title">"转出中（对方接收后确认）"</h2>
        {move || outgoing().into_iter().map(|OutgoingRow { id: rid, name, destination: dest, target, created: at }| view! {
            <div class="item" data-test="outgoing">
                <div class="item-head"><span class="item-title">{name}</span><span class="tag">{dest}</span></div>
                <div class="muted">{target}" · 提交于 "{format_day(at)}</div>
                <div class="item-actions"><button class="btn btn-small btn-primary" data-test="confirm-out" on:click=move |_| {
                    report(store.dispatch(Command::Accept { requests: vec![rid] }).map(|_| "已确认转出".to_string()).map_err(ViewError::from));
                }>"确认已转出"</button></div>
            </div>
        }).collect_view()}
        <div class="btn-area">
            <button class="btn btn-warn" data-test="archive" disabled=archived on:click=archive>
                {move || if archived() { "已归档" } else { "归档团支部（团员全部转出后）" }}
            </button>
        </div>
    }
}
