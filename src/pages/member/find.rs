//! 找组织: search by any part of the full name or by 组织ID; each result shows its path so two
//! similar names can be told apart; 团委 and 团总支 are shown but cannot be chosen.

use crate::core::initials::initials_query;
use crate::core::model::OrgKind;
use crate::nav::link;
use crate::route::Route;
use crate::store::pinyin::{self, Table};
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Find(query: String) -> impl IntoView {
    let store = use_store();
    let q = RwSignal::new(query);
    // Initials typed: the table is fetched the first time, and the results follow when it comes.
    let table = move || initials_query(&q.get()).map(|_| pinyin::table());
    let results = Memo::new(move |_| {
        let t = table();
        let initials = match &t {
            Some(Table::Ready(t)) => Some(&**t),
            _ => None,
        };
        store.state.with(|s| s.search_orgs_with(&q.get(), 50, initials))
    });
    view! {
        <div class="search" role="search">
            <label class="visually-hidden" for="find-q">"搜索团组织"</label>
            <input id="find-q" type="search" data-test="find-query" placeholder="搜索团组织" bind:value=q autocomplete="off"/>
        </div>
        <p class="intro muted">{move || {
            let n = results.get().len();
            let knows = store.state.with(|s| s.knows_a_branch());
            if q.get().trim().is_empty() && !knows { crate::core::notices::FIND_KNOWS_NO_BRANCH.to_string() }
            else if q.get().trim().is_empty() { "例如：输入“计算机”、拼音首字母“jsj”或“2025级”，再从结果中选择您所在的团支部。".to_string() }
            else if n == 0 && table() == Some(Table::Loading) { "正在加载拼音首字母……".to_string() }
            else if n == 0 && table() == Some(Table::Failed) { "拼音首字母表没能加载（网络中断？）：请用汉字搜索，或联网后刷新页面再试。".to_string() }
            else if n == 0 && !knows { crate::core::notices::FIND_KNOWS_NO_BRANCH.to_string() }
            else if n == 0 { "没有找到。请换个关键字（如班级号、专业名），或向团支书确认团支部全称。".to_string() }
            else { format!("找到{n}个组织，请核对全称和所属学院后选择。") }
        }}</p>
        <div class="cells" data-test="find-results">
            {move || results.get().into_iter().map(|hit| {
                let kind = hit.kind;
                if hit.selectable {
                    view! {
                        <A href=link(&Route::Apply { branch: hit.id }) attr:class="cell cell-link" attr:data-test="find-hit">
                            <span class="cell-label">{hit.name}<span class="cell-sub">{hit.path}" · 组织ID:"{hit.id.to_string()}</span></span>
                            <span class="cell-arrow" aria-hidden="true">"›"</span>
                        </A>
                    }.into_any()
                } else {
                    let why = if kind == OrgKind::Branch { "已归档" } else { "团委/团总支不可加入" };
                    view! {
                        <div class="cell" data-test="find-hit-disabled" aria-disabled="true">
                            <span class="cell-label">{hit.name}<span class="cell-sub">{hit.path}" · 组织ID:"{hit.id.to_string()}</span></span>
                            <span class="tag">{why}</span>
                        </div>
                    }.into_any()
                }
            }).collect_view()}
        </div>
    }
}
