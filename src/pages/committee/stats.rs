//! 统计: per branch and per college, members, accepted this term, pending (and the oldest wait),
//! returned, open problems, volunteers and the rate against the 95% target; tables sort by any
//! column; a chart of the volunteer rate per branch; the branches without members; and the
//! problems the branches reported, to mark resolved.

use super::current_committee;
use crate::core::commands::Command;
use crate::core::export::stats_table;
use crate::core::limits::LAPSE_DAYS;
use crate::core::model::{OrgId, ProblemId};
use crate::core::stats::{college_totals, sort_rows, BranchStats, Column, VOLUNTEER_TARGET_PERCENT};
use crate::core::view_error::ViewError;
use crate::store::{browser, use_store};
use crate::widgets::export::ExportBox;
use crate::widgets::form::{ErrorBar, TextField};
use crate::widgets::layout::LoginNeeded;
use leptos::prelude::*;

/// The columns, the figures a committee looks at first (注册率 against 95%) beside the name, on a
/// phone's first screen; the first column is 团支部 in the branches' table, 学院/书院 in the colleges'.
const COLUMNS: [(Column, &str); 11] = [
    (Column::Name, "团支部"),
    (Column::Members, "团员"),
    (Column::Rate, "注册率"),
    (Column::Volunteers, "志愿者"),
    (Column::Details, "已填志愿服务"),
    (Column::Pending, "待审核"),
    (Column::Oldest, "最久等待(天)"),
    (Column::Accepted, "本学期接收"),
    (Column::Returned, "已退回"),
    (Column::Problems, "问题"),
    (Column::Duplicates, "重复记录"),
];

fn rate(r: &BranchStats) -> String {
    r.volunteer_rate().unwrap_or_else(|| "—".into())
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let store = use_store();
    move || match current_committee(store) {
        Some(org) => view! { <Stats org=org/> }.into_any(),
        None => view! { <LoginNeeded who="团委账号"/> }.into_any(),
    }
}

#[component]
fn Stats(org: OrgId) -> impl IntoView {
    let store = use_store();
    let sort = RwSignal::new((Column::Name, false));
    let rows = Memo::new(move |_| store.state.with(|s| s.branch_stats(org, browser::now())));
    let sorted = move || {
        let mut r = rows.get();
        let (col, desc) = sort.get();
        sort_rows(&mut r, col, desc);
        r
    };
    // Per college (for the school; a college sees itself as one line).
    let colleges = move || rows.with(|r| college_totals(r));
    let header = move || {
        COLUMNS
            .iter()
            .map(|(col, label)| {
                let col = *col;
                let mark = move || match sort.get() {
                    (c, false) if c == col => " ▲",
                    (c, true) if c == col => " ▼",
                    _ => "",
                };
                view! {
                    <th scope="col"
                        aria-sort=move || match sort.get() {
                            (c, false) if c == col => "ascending",
                            (c, true) if c == col => "descending",
                            _ => "none",
                        }>
                        <button class="th-sort" data-test="sort"
                            on:click=move |_| sort.update(|(c, d)| {
                                // The same column again turns the order round; a new one starts with the largest first.
                                if *c == col { *d = !*d } else { *c = col; *d = col != Column::Name }
                            })>
                            {*label}{mark}
                        </button>
                    </th>
                }
            })
            .collect_view()
    };
    let cells = |r: &BranchStats| {
        let overdue = r.overdue();
        let below_target = r.members != 0 && !r.meets_target();
        view! {
            <td>{r.name.clone()}<span class="cell-sub">{r.college.clone()}</span></td>
            <td>{r.members}</td>
            <td class:warn-text=below_target>{rate(r)}</td>
            <td>{r.volunteers}</td>
            <td>{r.volunteer_details}</td>
            <td>{r.pending}</td>
            <td class:overdue=overdue>{r.oldest_pending_days.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td>{r.accepted_this_term}</td>
            <td>{r.returned}</td>
            <td>{r.problems_open}</td>
            <td class:warn-text=r.duplicates != 0 data-test="duplicates">{r.duplicates}</td>
        }
    };
    view! {
        <p class="intro muted">{format!("志愿者：在个人信息中勾选“注册成为志愿者”或完成了志愿服务注册的团员，注册率目标{VOLUNTEER_TARGET_PERCENT}%；\
            “已填志愿服务”是其中已填服务区域等信息的。待审核超过{LAPSE_DAYS}天的以黄色标出；\
                “重复记录”是身份证号、团员编号或学号与另一账号相同的团员和申请人，请所在团支部在“我的团员”中核对。点表头可排序；表格较宽，可左右滑动查看其余各列。")}</p>
        // Focusable and named: the table scrolls sideways, from a keyboard or a switch device too.
        <div class="table-wrap" tabindex="0" role="region" aria-label="各团支部统计表（可左右滑动）">
            <table class="stats" data-test="stats-table">
                <thead><tr>{header}</tr></thead>
                <tbody>{move || sorted().iter().map(|r| view! { <tr data-test="stats-row">{cells(r)}</tr> }).collect_view()}</tbody>
            </table>
        </div>
        <ExportBox label="统计" make=Callback::new(move |_: ()| stats_table(&rows.get_untracked())) test="export-stats"/>
        <h2 class="cells-title">"按学院/书院"</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="按学院/书院统计表（可左右滑动）">
            <table class="stats" data-test="college-table">
                <thead><tr>
                    {COLUMNS.iter()
                        .map(|(c, l)| view! { <th scope="col">{if *c == Column::Name { "学院/书院" } else { *l }}</th> })
                        .collect_view()}
                </tr></thead>
                <tbody>{move || colleges().iter().map(|r| view! { <tr>{cells(r)}</tr> }).collect_view()}</tbody>
            </table>
        </div>
        <h2 class="cells-title">"各团支部志愿者注册率"</h2>
        <div class="chart" data-test="rate-chart" role="img" aria-label="各团支部志愿者注册率柱状图，目标线95%">
            {move || rows.get().iter().map(|r| {
                let p = r.volunteer_permille().unwrap_or(0);
                let class = if r.meets_target() { "bar bar-ok" } else { "bar" };
                view! {
                    <div class="chart-row">
                        <span class="chart-label">{r.name.clone()}</span>
                        <span class="chart-track"><span class=class style=format!("width:{}%", p / 10)></span><span
                            class="chart-target"></span></span>
                        <span class="chart-value">{rate(r)}</span>
                    </div>
                }
            }).collect_view()}
        </div>
        <h2 class="cells-title">"还没有团员的团支部"</h2>
        <div class="cells" data-test="empty-branches">
            {move || {
                let empty: Vec<String> = rows.get().iter().filter(|r| r.members == 0).map(|r| r.name.clone()).collect();
                if empty.is_empty() {
                    view! { <div class="cell muted">"无"</div> }.into_any()
                } else {
                    empty.into_iter().map(|n| view! { <div class="cell">{n}</div> }).collect_view().into_any()
                }
            }}
        </div>
        <ProblemList org=org/>
    }
}

/// One reported problem as its row shows it.
#[derive(Clone, PartialEq)]
struct Reported {
    id: ProblemId,
    name: String,
    branch: String,
    kind: &'static str,
    note: String,
    resolved: Option<String>,
}

/// The problems reported by the branches under this committee, to mark resolved; each row with its
/// own form.
#[component]
fn ProblemList(org: OrgId) -> impl IntoView {
    let store = use_store();
    let list = Memo::new(move |_| {
        store.state.with(|s| {
            s.reported_problems(org)
                .into_iter()
                .map(|p| Reported {
                    id: p.id,
                    name: p.name.clone(),
                    branch: s.org_name(p.branch),
                    kind: p.kind.label(),
                    note: p.note.clone(),
                    resolved: p.resolved.as_ref().map(|(_, n)| n.clone()),
                })
                .collect::<Vec<_>>()
        })
    });
    let csv = Callback::new(move |_: ()| store.state.with_untracked(|s| s.problems_table(org)));
    view! {
        <h2 class="cells-title">"各团支部上报的问题"</h2>
        <ExportBox label="问题清单" make=csv test="export-problems"/>
        // Keyed by the problem and whether it is resolved: typing in one row leaves the others be.
        <For each=move || list.get() key=|p| (p.id, p.resolved.is_some()) let:problem>
            <ProblemRow problem=problem/>
        </For>
    }
}

/// One reported problem, with its own 处理情况 and errors.
#[component]
fn ProblemRow(problem: Reported) -> impl IntoView {
    let store = use_store();
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let Reported { id, name, branch, kind, note: why, resolved } = problem;
    let resolve = move |_| match store.dispatch(Command::ResolveProblem { problem: id, note: note.get_untracked() }) {
        Ok(_) => errors.set(Vec::new()),
        Err(e) => errors.set(vec![e.into()]),
    };
    view! {
        <div class="item" data-test="reported-problem">
            <div class="item-head"><span class="item-title">{name}</span><span class="tag">{kind}</span>
                {resolved.clone().map(|n| view! { <span class="tag tag-green">{format!("已解决：{n}")}</span> })}</div>
            <div class="muted">{branch}" · "{why}</div>
            <ErrorBar errors=errors/>
            {resolved.is_none().then(|| view! {
                <TextField label="处理情况" value=note test="resolve-note" row=id.0.to_string()/>
                <div class="item-actions"><button class="btn btn-small btn-primary" data-test="resolve"
                    on:click=resolve>"标记已解决"</button></div>
            })}
        </div>
    }
}
