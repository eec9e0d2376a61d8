//! 我的团员: tabs for 申请加入, 申请转入, the accepted members, and 申诉. Accept one, accept many
//! at once, or return with a reason; issue a 重置密码验证码 for a member.

use super::appeals::Appeals;
use super::conflicts::RequestConflicts;
use super::graduates::Graduates;
use super::reconcile::Reconcile;
use crate::core::commands::{Actor, Command, Outcome};
use crate::core::date::format_day;
use crate::core::entropy::grouped_code;
use crate::core::limits::{LAPSE_DAYS, RESET_CODE_VALID_DAYS};
use crate::core::lists::{QueueKind, QueueRow, RosterRow};
use crate::core::model::{AccountId, OrgId, RequestId};
use crate::core::notices::{same_person_confirm, COPY_BY_HAND};
use crate::core::view_error::ViewError;
use crate::nav::absolute_link;
use crate::pages::common::sync::ReceivePanel;
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::export::copy_textarea;
use crate::widgets::export::ExportBox;
use crate::widgets::form::{show_first_problem, toggle, ErrorBar, ReasonPrompt, Reveal};
use crate::widgets::layout::LoginNeeded;
use crate::widgets::qr::QrImage;
use leptos::prelude::*;

/// Requests shown at a time; 全选 still selects every one of the tab.
const PAGE: usize = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Join,
    TransferIn,
    Members,
    Appeals,
    Reconcile,
    Graduates,
}

#[component]
pub fn Members() -> impl IntoView {
    let store = use_store();
    move || match store.actor() {
        Actor::Branch { org, .. } => view! { <Queue org=org/> }.into_any(),
        _ => view! { <LoginNeeded who="团支部账号"/> }.into_any(),
    }
}

#[component]
fn Queue(org: OrgId) -> impl IntoView {
    let store = use_store();
    // The invite link carries this phone's key.
    store.ensure_key();
    let tab = RwSignal::new(Tab::Join);
    let selected = RwSignal::new(Vec::<RequestId>::new());
    let returning = RwSignal::new(None::<RequestId>);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<ViewError>);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let message = RwSignal::new(String::new());
    // Rows are built (with their warnings, which scan every account) only for the ones shown.
    let shown = RwSignal::new(PAGE);
    let kind = |t: Tab| if t == Tab::TransferIn { QueueKind::TransferIn } else { QueueKind::Join };
    let accept = move |ids: Vec<RequestId>| {
        let n = ids.len();
        match store.dispatch(Command::Accept { requests: ids }) {
            Ok(_) => {
                errors.set(Vec::new());
                selected.set(Vec::new());
                message.set(format!("已接收{n}人"));
            }
            Err(e) => errors.set(vec![e.into()]),
        }
    };
    let do_return = move |id: RequestId| match store.dispatch(Command::Return { request: id, reason: reason.get_untracked() }) {
        Ok(_) => {
            errors.set(Vec::new());
            returning.set(None);
            reason.set(String::new());
            reason_error.set(None);
            let who = store.state.with_untracked(|s| s.requests.get(&id).map(|r| s.display_name(r.applicant)));
            message.set(format!("已退回{}的申请", who.unwrap_or_default()));
        }
        Err(e) => {
            reason_error.set(Some(e.into()));
            show_first_problem();
        }
    };
    let name = move || store.state.with(|s| s.org_name(org));
    let tab_button = move |t: Tab, label: &'static str, test: &'static str| {
        view! {
            <button class="tab" role="tab" data-test=test aria-selected=move || (tab.get() == t).to_string()
                on:click=move |_| { tab.set(t); selected.set(Vec::new()); shown.set(PAGE); }>
                {label}
                {move || match t {
                    Tab::Join | Tab::TransferIn => format!("（{}）", store.state.with(|s| s.queue_count(org, kind(t)))),
                    _ => String::new(),
                }}
            </button>
        }
    };
    let request_list = move |t: Tab| {
        // The rows shown and every ID of the tab (全选 takes them all); keyed by the whole row, so a change redraws only the rows it changed.
        let rows = Memo::new(move |_| store.state.with(|s| s.queue(org, kind(t), shown.get(), browser::now())));
        let all = Memo::new(move |_| store.state.with(|s| s.queue_ids(org, kind(t))));
        let row = move |r: QueueRow| {
            let id = r.id;
            let applicant = r.applicant;
            let overdue = r.overdue;
            // The secretary may reveal the full ID number to check it against the person.
            let revealed = RwSignal::new(false);
            let (masked, full) = (r.id_masked.clone(), r.id_full.clone());
            view! {
                <div class="item" class:overdue=overdue data-test="request">
                    // The whole row is the checkbox's target (a thumb, not a 12 px box).
                    <label class="item-head row-check" data-test="request-select">
                        <input type="checkbox" aria-label=format!("选择{}", r.name)
                            prop:checked=move || selected.get().contains(&id)
                            on:change=move |_| selected.update(|v| toggle(v, id))/>
                        <span class="item-title">{r.name.clone()}</span>
                        {overdue.then(|| view! { <span class="tag tag-red">{format!("已等待超过{LAPSE_DAYS}天")}</span> })}
                    </label>
                    {r.warnings.iter().map(|w| view! { <p class="warn-text" data-test="request-warning">{w.clone()}</p> }).collect_view()}
                    {r.same_person.map(|old| {
                        let name = r.name.clone();
                        let merge = move |_| {
                            if window().confirm_with_message(&same_person_confirm(&name)).unwrap_or(false) {
                                match store.dispatch(Command::MergeReregistered { account: applicant, old_account: old }) {
                                    Ok(_) => errors.set(Vec::new()),
                                    Err(e) => errors.set(vec![e.into()]),
                                }
                            }
                        };
                        view! {
                            <div class="item-actions">
                                <button class="btn btn-small" data-test="same-person" on:click=merge>"同一人：转到新账号"</button>
                            </div>
                        }
                    })}
                    <dl>
                        <dt>"身份证号"</dt><dd>
                            <span data-test="request-id">{move || if revealed.get() { full.clone() } else { masked.clone() }}</span>" "
                            <button class="link-button" data-test="reveal" on:click=move |_| revealed.update(|v| *v = !*v)>
                                {move || if revealed.get() { "隐藏" } else { "显示" }}
                            </button>
                        </dd>
                        <dt>"学号"</dt><dd>{r.student_no.clone()}</dd>
                        <dt>"入团年月"</dt><dd>{r.join_month.clone()}</dd>
                        <dt>"团员编号"</dt><dd>{r.member_number.clone()}</dd>
                        {(!r.from.is_empty()).then(|| view! { <dt>"原组织"</dt><dd>{r.from.clone()}</dd> })}
                        <dt>"申请时间"</dt><dd>{format_day(r.created)}</dd>
                    </dl>
                    <Show when=move || returning.get() == Some(id) fallback=move || view! {
                        <div class="item-actions">
                            <button class="btn btn-small btn-primary" data-test="accept" on:click=move |_| accept(vec![id])>"接收"</button>
                            <button class="btn btn-small btn-warn" data-test="return"
                                on:click=move |_| returning.set(Some(id))>"退回"</button>
                        </div>
                    }>
                        <ReasonPrompt label="退回原因（申请人会看到）" value=reason confirm_label="确认退回" test="return-reason" error=reason_error
                            on_confirm=Callback::new(move |_| do_return(id))
                                on_cancel=Callback::new(move |_| { returning.set(None); reason_error.set(None); })/>
                    </Show>
                </div>
            }
        };
        view! {
            <Show when=move || !rows.with(Vec::is_empty) fallback=|| view! { <p class="intro muted">"暂无待处理的申请"</p> }>
                <div class="btn-area">
                    <div class="btn-row">
                        <button class="btn btn-small" data-test="select-all"
                            on:click=move |_| selected.set(all.get_untracked())>"全选"</button>
                        <button class="btn btn-small btn-primary" data-test="accept-selected"
                            disabled=move || selected.get().is_empty()
                            on:click=move |_| accept(selected.get_untracked())>
                            {move || format!("接收所选（{}）", selected.get().len())}
                        </button>
                    </div>
                </div>
            </Show>
            <For each=move || rows.get() key=Clone::clone children=row/>
            {move || {
                let more = all.with(Vec::len).saturating_sub(rows.with(Vec::len));
                (more > 0).then(|| view! {
                    <div class="btn-area">
                        <button class="btn" data-test="show-more"
                            on:click=move |_| shown.update(|n| *n += PAGE)>{format!("显示更多（还有{more}条）")}</button>
                    </div>
                })
            }}
        }
    };
    let invite_link = move || {
        store.state.with(|s| s.invite_for(org)).map(|inv| {
            absolute_link(&Route::Invite {
                branch: inv.branch,
                name: inv.name,
                college: inv.college,
                college_name: inv.college_name,
                key: inv.key.map(|k| k.text()).unwrap_or_default(),
                college_key: inv.college_key.map(|k| k.text()).unwrap_or_default(),
                demo: inv.demo,
            })
        })
    };
    let show_invite = RwSignal::new(false);
    let invite_note = RwSignal::new("");
    // 收申请: the freshmen's files, pasted together, picked together or scanned one after another.
    let receiving = RwSignal::new(false);
    view! {
        <p class="intro">{name}</p>
        <super::dues::OrgDues/>
        <RequestConflicts org=org/>
        <div class="btn-area">
            <button class="btn btn-small" data-test="show-invite"
                on:click=move |_| show_invite.update(|v| *v = !*v)>"邀请团员加入（链接和二维码）"</button>
            <button class="btn btn-small btn-primary" data-test="receive"
                on:click=move |_| receiving.update(|v| *v = !*v)>"收申请（粘贴、选文件或扫码）"</button>
        </div>
        <Show when=move || receiving.get()>
            <Reveal/>
            <ReceivePanel on_done=Callback::new(move |_| receiving.set(false))/>
        </Show>
        <Show when=move || show_invite.get()>
            {move || invite_link().map(|link| view! {
                <div class="item" data-test="invite">
                    <Reveal/>
                    <p class="muted">"把这条消息或二维码发到班级群：团员打开后直接进入本团支部的申请页面（新手机也可以）。"</p>
                    <textarea id="invite-link" class="readonly-box" readonly=true aria-label="邀请链接"
                        data-test="invite-link">{crate::core::notices::invite_message(&name(), &link)}</textarea>
                    <div class="item-actions">
                        <button class="btn btn-small btn-primary" data-test="copy-invite"
                            on:click=move |_| invite_note.set(if copy_textarea("invite-link") { "已复制：请粘贴到班级群。" } else { COPY_BY_HAND })>
                            "复制"
                        </button>
                    </div>
                    <p class="muted" role="status">{move || invite_note.get()}</p>
                    <QrImage text=link alt="本团支部的邀请二维码"/>
                </div>
            })}
        </Show>
        <div class="tabs" role="tablist">
            {tab_button(Tab::Join, "申请加入", "tab-join")}
            {tab_button(Tab::TransferIn, "申请转入", "tab-transfer")}
            {tab_button(Tab::Members, "团员", "tab-members")}
            {tab_button(Tab::Appeals, "申诉", "tab-appeals")}
            {tab_button(Tab::Reconcile, "核对名单", "tab-reconcile")}
            {tab_button(Tab::Graduates, "毕业转出", "tab-graduates")}
        </div>
        <ErrorBar errors=errors/>
        <Show when=move || !message.get().is_empty()>
            <div class="notice notice-info" role="status" data-test="queue-message">{move || message.get()}</div>
        </Show>
        {move || match tab.get() {
            Tab::Join | Tab::TransferIn => request_list(tab.get()).into_any(),
            Tab::Members => view! { <Roster org=org/> }.into_any(),
            Tab::Appeals => view! { <Appeals branches=vec![org]/> }.into_any(),
            Tab::Reconcile => view! { <Reconcile org=org/> }.into_any(),
            Tab::Graduates => view! { <Graduates org=org/> }.into_any(),
        }}
    }
}

/// The accepted members, with a reset code for each.
#[component]
fn Roster(org: OrgId) -> impl IntoView {
    let store = use_store();
    let issued = RwSignal::new(None::<(AccountId, String)>);
    let members = Memo::new(move |_| store.state.with(|s| s.roster(org)));
    let issue = move |id: AccountId| {
        if let Ok(Outcome::ResetCode(code)) = store.dispatch(Command::IssueResetCode { member: id }) {
            issued.set(Some((id, code)));
        }
    };
    let roster = Callback::new(move |_: ()| store.state.with_untracked(|s| s.roster_table(org)));
    view! {
        <p class="intro muted">{move || format!("共{}名团员", members.with(Vec::len))}</p>
        <ExportBox label="团员名单" make=roster test="export-roster"/>
        <For each=move || members.get() key=Clone::clone
            children=move |RosterRow { id, name, id_masked: idm, student_no: sno, warnings: flags }| view! {
            <div class="item" data-test="member">
                <div class="item-head"><span class="item-title">{name}</span><span class="muted">{sno}</span></div>
                <div class="muted">{idm}</div>
                {flags.into_iter().map(|w| view! { <p class="warn-text" data-test="member-warning">{w}</p> }).collect_view()}
                {move || match issued.get() {
                    Some((who, code)) if who == id => view! {
                        <p>"重置密码验证码：" <span class="code" data-test="reset-code">{grouped_code(&code)}</span>
                            {format!("（{RESET_CODE_VALID_DAYS}天内有效，只能使用一次，请当面或私信告知本人）")}</p>
                    }.into_any(),
                    _ => view! {
                        <div class="item-actions"><button class="btn btn-small" on:click=move |_| issue(id)>"生成重置密码验证码"</button></div>
                    }.into_any(),
                }}
            </div>
        }/>
    }
}
