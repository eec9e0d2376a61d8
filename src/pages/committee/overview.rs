//! 下级团组织管理: the branches under this committee with their members and pending requests.

use super::current_committee;
use crate::core::lists::BranchRow;
use crate::nav::link;
use crate::pages::branch::appeals::Appeals;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::layout::{CellLink, Cells, LoginNeeded};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Overview() -> impl IntoView {
    let store = use_store();
    move || {
        let Some(org) = current_committee(store) else { return view! { <LoginNeeded who="团委账号"/> }.into_any() };
        let rows = store.state.with(|s| s.branch_rows(org));
        let name = store.state.with(|s| s.org_name(org));
        let branch_ids = store.state.with(|s| s.branches_under(org).iter().map(|b| b.id).collect::<Vec<_>>());
        // 交给新手机 is the committee's right above a branch (its new phone registers with it).
        let direct = store
            .state
            .with(|s| branch_ids.iter().copied().filter(|b| s.orgs.get(b).and_then(|o| o.parent) == Some(org)).collect::<Vec<_>>());
        let committees =
            store.state.with(|s| s.child_committees(org).iter().map(|o| (o.name.clone(), o.kind.code_label())).collect::<Vec<_>>());
        // The 校团委 has nobody above it to report to.
        let reports = store.state.with(|s| s.kinds_to_send(store.actor()).contains(&crate::core::sync::Kind::Report));
        view! {
            <p class="intro">{name}</p>
            <crate::pages::branch::dues::OrgDues/>
            <super::clashes::BranchClashes org=org/>
            <Cells>
                <CellLink to=Route::Codes label="组织注册码" hint="生成注册码"/>
                <CellLink to=Route::Stats label="统计" hint="团员、待审核、志愿者注册率、问题"/>
                {reports.then(|| view! {
                    <CellLink to=Route::Send { kind: crate::core::sync::Kind::Report } label="上报数据" hint="团员名单、申请和问题，发给上级团委"/>
                })}
            </Cells>
            {(!committees.is_empty()).then(|| view! {
                <Cells title="下级团委、团总支">
                    {committees.into_iter().map(|(n, kind)| view! {
                        <div class="cell" data-test="committee-row">
                            <span class="cell-label">{n}</span>
                            <span class="cell-value">{kind}</span>
                        </div>
                    }).collect_view()}
                </Cells>
            })}
            <Cells title="团员申诉">
                <Appeals branches=branch_ids/>
            </Cells>
            <Cells title="下级团支部">
                {rows.is_empty().then(|| view! {
                    <p class="intro muted">"暂无。团支部的注册信息，或下级团委的上报数据，导入本机后其中的团支部即在这里出现。"</p>
                })}
                {rows.into_iter().map(|BranchRow { id, name: n, path, members, pending }| view! {
                    <div class="cell" data-test="branch-row">
                        <span class="cell-label">{n}<span class="cell-sub">{path}</span></span>
                        <span class="cell-value">
                            {format!("团员{members}")}
                            {(pending > 0).then(|| view! { <span class="tag tag-orange">{format!("待审核{pending}")}</span> })}
                            {direct.contains(&id).then(|| view! {
                                <A href=link(&Route::HandOver { org: id }) attr:class="btn btn-small" attr:data-test="hand-over">"交给新手机"</A>
                            })}
                        </span>
                    </div>
                }).collect_view()}
            </Cells>
        }.into_any()
    }
}
