//! 核对名单 (guide 三(3)): the secretary pastes or picks the class list and sees who is accepted,
//! who is missing (未申请 / 待审核 / 已退回), who is here but not on the list, and duplicates; from the
//! missing list a problem is recorded (无法注册 / 无法加入), and the problems are 上报 to the college.

use crate::core::commands::Command;
use crate::core::date::format_minute;
use crate::core::model::{OrgId, ProblemKind};
use crate::core::notices::{class_list_too_long, reading_progress, rows_not_shown, LONG_PASTE, ROWS_SHOWN};
use crate::core::reconcile::{chunks_of_lines, parse_class_list, Duplicate, Reconciliation, CLASS_SIZE_LIMIT};
use crate::core::sync::Kind;
use crate::core::view_error::ViewError;
use crate::pages::common::send::SendBox;
use crate::store::{browser, use_store};

use crate::widgets::form::{ErrorBar, TextField};
use crate::widgets::paste::PasteBox;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn Reconcile(org: OrgId) -> impl IntoView {
    let store = use_store();
    let list = crate::store::drafts::draft_text("reconcile.list", String::new());
    let result = RwSignal::new(None::<Reconciliation>);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    // A long list (a wrong file, a whole college's) is read piece by piece, the page drawn and its
    // progress shown between pieces; a later run supersedes one still reading.
    let progress = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u32);
    let run = move || {
        let text = list.get_untracked();
        generation.update_value(|g| *g += 1);
        if text.len() <= LONG_PASTE {
            progress.set(None);
            result.set(Some(store.state.with_untracked(|s| s.reconcile(org, &text))));
            return;
        }
        let this = generation.get_value();
        leptos::task::spawn_local(async move {
            let (mut entries, mut unreadable, mut read) = (Vec::new(), Vec::new(), 0);
            for piece in chunks_of_lines(&text, 5_000) {
                progress.set(Some(read * 100 / text.len()));
                browser::next_tick().await;
                // Run again, or the list changed (清除, typed over): this reading is stale.
                if generation.get_value() != this || list.with_untracked(String::len) != text.len() {
                    progress.set(None);
                    return;
                }
                let (e, bad) = parse_class_list(piece);
                entries.extend(e);
                unreadable.extend(bad);
                read += piece.len();
            }
            result.set(Some(store.state.with_untracked(|s| s.reconcile_entries(org, entries, unreadable))));
            progress.set(None);
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        leptos::task::spawn_local(async move {
            match JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                Some(text) => {
                    list.set(text);
                    run();
                }
                None => errors.set(vec![crate::core::CoreError::ListFileUnreadable.into()]),
            }
        });
    };
    // Back on the tab (or after a reload), the list kept as a draft is checked again at once.
    if !list.get_untracked().trim().is_empty() {
        run();
    }
    // Re-run when the state changes (a decision, a problem recorded) so the lists stay true.
    Effect::new(move |_| {
        store.state.track();
        if untrack(|| result.with(Option::is_some)) {
            run();
        }
    });
    let name_of = move |id| store.state.with(|s| s.display_name(id));
    view! {
        <div class="form">
            <div class="field">
                <label class="field-label" for="class-list">"班级名单（姓名和学号，每人一行；可直接从 Excel、WPS 或微信复制，带序号、表头都可以）"</label>
                <PasteBox value=list id="class-list" class="readonly-box" test="class-list" placeholder="从表格中复制“姓名”“学号”两列粘贴到这里"
                    on_long=Callback::new(move |_| run())/>
                <p class="field-hint">"也可以选择名单的 CSV 文件："</p>
                <label class="btn btn-small file-button">"选择 CSV 文件"
                    <input type="file" accept=".csv,.txt,text/csv,text/plain" aria-label="选择名单文件" on:change=pick/>
                </label>
            </div>
        </div>
        <div class="btn-area"><button class="btn btn-primary" data-test="reconcile" on:click=move |_| run()>"核对"</button></div>
        <ErrorBar errors=errors/>
        {move || progress.get().map(|p| view! {
            <p class="intro muted" role="status" data-test="reconcile-progress">{reading_progress(p)}</p>
        })}
        {move || result.get().map(|r| {
            let unreadable = r.unreadable.clone();
            let people = r.matched.len() + r.missing.len();
            let (missing_rest, away_rest) = (r.missing.len().saturating_sub(ROWS_SHOWN), r.not_on_list.len().saturating_sub(ROWS_SHOWN));
            let rest = |n: usize| (n > 0).then(|| view! { <p class="intro muted">{rows_not_shown(n)}</p> });
            view! {
                <div class="cells-group" data-test="reconcile-result">
                    {(people > CLASS_SIZE_LIMIT).then(|| view! {
                        <p class="intro warn-text" data-test="reconcile-too-long">{class_list_too_long(people)}</p>
                    })}
                    <h2 class="cells-title">{format!("名单上已加入：{}人", r.matched.len())}</h2>
                    <h2 class="cells-title warn-text">{format!("缺失（在名单上但未加入）：{}人", r.missing.len())}</h2>
                    {r.missing.into_iter().take(ROWS_SHOWN).map(|(e, why)| view! {
                        <MissingRow name=e.name student_no=e.student_no.unwrap_or_default() why=why.label()/>
                    }).collect_view()}
                    {rest(missing_rest)}
                    <h2 class="cells-title">{format!("不在名单上（已加入或正在申请）：{}人", r.not_on_list.len())}</h2>
                    {r.not_on_list.into_iter().take(ROWS_SHOWN)
                        .map(|id| view! { <div class="item" data-test="not-on-list">{name_of(id)}</div> })
                        .collect_view()}
                    {rest(away_rest)}
                    <h2 class="cells-title">{format!("重复：{}处", r.duplicates.len())}</h2>
                    {r.duplicates.into_iter().take(ROWS_SHOWN).map(|d| {
                        let text = match d {
                            Duplicate::People { shared, accounts } => format!(
                                "{}相同的{}个账号：{}",
                                shared.label(),
                                accounts.len(),
                                accounts.iter().map(|a| name_of(*a)).collect::<Vec<_>>().join("、")
                            ),
                            Duplicate::OnList { student_no } => format!("名单中学号 {student_no} 出现了两次"),
                        };
                        view! { <div class="item" data-test="duplicate">{text}</div> }
                    }).collect_view()}
                    {(!unreadable.is_empty()).then(|| view! {
                        <p class="intro warn-text">{format!("以下{}行无法识别（需要姓名和学号）：{}", unreadable.len(),
                            unreadable.iter().take(20).map(String::as_str).collect::<Vec<_>>().join("；"))}</p>
                    })}
                </div>
            }
        })}
        <Problems org=org/>
    }
}

/// Someone on the list who has not joined, with the way to record a problem for them.
#[component]
fn MissingRow(name: String, student_no: String, why: &'static str) -> impl IntoView {
    let store = use_store();
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let cannot_register = RwSignal::new(true);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let (n2, s2) = (name.clone(), student_no.clone());
    let group = format!("kind-{student_no}");
    let record = Callback::new(move |_: ()| {
        let kind = if cannot_register.get_untracked() { ProblemKind::CannotRegister } else { ProblemKind::CannotJoin };
        match store.dispatch(Command::RecordProblem { name: n2.clone(), student_no: s2.clone(), kind, note: note.get_untracked() }) {
            Ok(_) => open.set(false),
            Err(e) => errors.set(vec![e.into()]),
        }
    });
    view! {
        <div class="item" data-test="missing">
            <div class="item-head"><span class="item-title">{name.clone()}</span><span class="muted">{student_no.clone()}</span><span
                class="tag tag-orange">{why}</span></div>
            <Show when=move || open.get() fallback=move || view! {
                <div class="item-actions"><button class="btn btn-small" data-test="record-problem"
                    on:click=move |_| open.set(true)>"记录问题"</button></div>
            }>
                <ErrorBar errors=errors/>
                <label class="check"><input type="radio" name=group.clone() prop:checked=move || cannot_register.get()
                    on:change=move |_| cannot_register.set(true)/><span>"无法注册"</span></label>
                <label class="check"><input type="radio" name=group.clone() prop:checked=move || !cannot_register.get()
                    on:change=move |_| cannot_register.set(false)/><span>"无法加入"</span></label>
                <TextField label="情况说明" value=note test="problem-note" row=student_no.clone()/>
                <div class="item-actions"><button class="btn btn-small btn-primary" data-test="problem-save"
                    on:click=move |_| record.run(())>"保存"</button></div>
            </Show>
        </div>
    }
}

/// The branch's problem records and 上报 to the college committee.
#[component]
fn Problems(org: OrgId) -> impl IntoView {
    let store = use_store();
    let rows = move || {
        store.state.with(|s| {
            let mut v: Vec<_> = s.problems.values().filter(|p| p.branch == org).cloned().collect();
            crate::core::order::sort_by_key(&mut v, |p| p.created);
            v
        })
    };
    let unreported = move || rows().iter().filter(|p| p.reported.is_none()).count();
    let reporting = RwSignal::new(false);
    view! {
        <h2 class="cells-title">"无法注册或加入的团员（汇总至学院/书院团委）"</h2>
        {move || rows().into_iter().map(|p| {
            let state = match (&p.resolved, p.reported) {
                (Some((_, note)), _) => format!("已解决：{note}"),
                (None, Some(at)) => format!("已上报 {}", format_minute(at)),
                (None, None) => "未上报（还没有发出）".to_string(),
            };
            view! {
                <div class="item" data-test="problem">
                    <div class="item-head"><span class="item-title">{p.name.clone()}</span><span class="tag">{p.kind.label()}</span><span
                        class="muted" data-test="problem-state">{state}</span></div>
                    <div class="muted">{p.note.clone()}</div>
                </div>
            }
        }).collect_view()}
        <Show when=move || reporting.get() fallback=move || view! {
            <div class="btn-area">
                <button class="btn btn-primary" data-test="report-problems" on:click=move |_| reporting.set(true)>
                    {move || match unreported() {
                        0 => "上报学院团委（团员名单和统计）".to_string(),
                        n => format!("上报学院团委（{n}条问题未上报）"),
                    }}
                </button>
            </div>
        }>
            // 已上报 only once the report has left this phone (`Command::MarkSent`).
            <div><crate::widgets::form::Reveal/><SendBox kind=Kind::Report/></div>
        </Show>
    }
}
