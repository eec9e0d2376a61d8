//! 下级团组织管理 → 组织注册码 → 生成注册码: N single-use codes for the kind of organisation they
//! register (学院/书院团委, 团总支, 团支部), with an expiry, their states (未使用 / 已使用 by which
//! organisation / 已过期 / 已作废), voiding, and each code as text, link and QR code.

use super::current_committee;
use crate::core::commands::{Command, Outcome};
use crate::core::date::format_day;
use crate::core::entropy::grouped_code;
use crate::core::limits::CODE_VALID_DAYS;
use crate::core::model::{CodeState, CodeStatus, OrgKind, RegistrationCode};
use crate::core::notices::COPY_BY_HAND;
use crate::core::sync::merge::choices;
use crate::core::view_error::ViewError;
use crate::nav::absolute_link;
use crate::route::Route;
use crate::store::{browser, use_store};
use crate::widgets::export::copy_textarea;
use crate::widgets::form::{ErrorBar, SelectField, TextField};
use crate::widgets::layout::LoginNeeded;
use crate::widgets::qr::QrImage;
use leptos::prelude::*;

/// The link that opens 立即注册 with the code filled in, with what it registers and the committee
/// it comes from (so it works on a phone that has never seen the school).
fn code_link(code: &RegistrationCode, by_name: String, key: String, demo: bool) -> String {
    let (by, until, kind) = (code.issuer.0, code.expires, code.kind);
    absolute_link(&Route::BranchRegister { code: grouped_code(&code.code), by, by_name, until, key, kind, demo })
}

#[component]
pub fn Codes() -> impl IntoView {
    let store = use_store();
    store.ensure_key();
    // This phone's public key, which the code links carry as the committee's.
    let my_key = move || store.state.with(|s| s.device_key.as_ref().map(|k| k.text()).unwrap_or_default());
    let count = RwSignal::new("1".to_string());
    // What the codes register: the first kind this committee issues codes for, unless chosen.
    let kinds = move || {
        let org = current_committee(store);
        store.state.with(|s| org.and_then(|o| s.orgs.get(&o)).map_or(&[][..], |o| o.kind.code_kinds()))
    };
    let kind_label = RwSignal::new(untrack(|| kinds().first().map(|k| k.code_label().to_string()).unwrap_or_default()));
    let kind = move || {
        let chosen = kind_label.get();
        kinds().iter().copied().find(|k| k.code_label() == chosen).or(kinds().first().copied()).unwrap_or(OrgKind::Branch)
    };
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let fresh = RwSignal::new(Vec::<String>::new());
    let fresh_copied = RwSignal::new("");
    let generate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n: u32 = count.get_untracked().trim().parse().unwrap_or(0);
        fresh_copied.set("");
        match store.dispatch(Command::GenerateCodes { count: n, valid_days: CODE_VALID_DAYS, kind: untrack(kind) }) {
            Ok(Outcome::Codes(c)) => {
                errors.set(Vec::new());
                fresh.set(c);
            }
            Ok(_) => {}
            Err(e) => errors.set(vec![e.into()]),
        }
    };
    let void = move |code: String| {
        if window().confirm_with_message(&format!("作废注册码 {}？作废后无法再用它注册。", grouped_code(&code))).unwrap_or(false)
        {
            if let Err(e) = store.dispatch(Command::VoidCode { code }) {
                errors.set(vec![e.into()]);
            }
        }
    };
    move || {
        let Some(org) = current_committee(store) else { return view! { <LoginNeeded who="团委账号"/> }.into_any() };
        let now = browser::now();
        let demo = store.state.with_untracked(|s| s.demo);
        let codes = store.state.with(|s| {
            s.codes_of(org)
                .into_iter()
                .map(|c| {
                    let status = c.status(now);
                    let (class, by) = match status {
                        CodeStatus::Used(org) => ("tag tag-green", s.org_name(org)),
                        CodeStatus::Voided | CodeStatus::Expired => ("tag", String::new()),
                        CodeStatus::Unused => ("tag tag-orange", String::new()),
                    };
                    let label = status.label();
                    (c.clone(), status, label, class, by)
                })
                .collect::<Vec<_>>()
        });
        let org_name = store.state.with_untracked(|s| s.org_name(org));
        let conflicts = store.state.with(|s| {
            s.code_conflicts(org)
                .into_iter()
                .map(|c| {
                    let options: Vec<(String, String)> = choices(&c.state, &c.others)
                        .map(|(k, d)| {
                            let label = match d {
                                CodeState::Used { org, .. } => format!("由“{}”使用", s.org_name(*org)),
                                _ => "已作废".to_string(),
                            };
                            (k, label)
                        })
                        .collect();
                    (c.code.clone(), options)
                })
                .collect::<Vec<_>>()
        });
        let settle = move |code: String, keep: String| {
            if let Err(e) = store.dispatch(Command::SettleCode { code, keep }) {
                errors.set(vec![e.into()]);
            }
        };
        view! {
            {(!conflicts.is_empty()).then(|| view! {
                <section class="cells-group" data-test="code-conflicts">
                    <h2 class="cells-title">"需要确认：同一注册码被两个组织使用（或使用与作废冲突）"</h2>
                    {conflicts.into_iter().map(|(code, options)| view! {
                        <div class="item" data-test="code-conflict">
                            <div class="item-title code">{grouped_code(&code)}</div>
                            <p class="muted">"请核实后选择以哪个为准；另一个组织仍保留，可另发注册码。"</p>
                            <div class="item-actions">
                                {options.into_iter().map(|(key, label)| {
                                    let code = code.clone();
                                    view! {
                                        <button class="btn btn-small"
                                            on:click=move |_| settle(code.clone(), key.clone())>{format!("以{label}为准")}</button>
                                    }
                                }).collect_view()}
                            </div>
                        </div>
                    }).collect_view()}
                </section>
            })}
            <form on:submit=generate novalidate=true>
                <ErrorBar errors=errors/>
                <div class="form">
                    {move || (kinds().len() > 1).then(|| view! {
                        <SelectField label="注册码用于" value=kind_label test="code-kind"
                            options=kinds().iter().map(|k| k.code_label().to_string()).collect()/>
                    })}
                    <TextField label="数量" value=count inputmode="numeric" test="code-count"
                        hint=format!("生成几个，就能注册几个组织：每个注册码只能用一次，{CODE_VALID_DAYS}天内有效")/>
                </div>
                <div class="btn-area"><button class="btn btn-primary" type="submit" data-test="generate">"生成注册码"</button></div>
            </form>
            <Show when=move || !fresh.get().is_empty()>
                <div class="item" data-test="fresh-codes">
                    <p class="item-title">"新生成的注册码：每行一条消息，发给一位负责人"</p>
                    <textarea id="fresh-codes-box" class="readonly-box" readonly=true aria-label="新生成的注册码">
                        {move || {
                            let org_name = store.state.with_untracked(|s| s.org_name(org));
                            let fresh = fresh.get();
                            // In the list's order; each link carries its code's own time limit, as the core recorded it.
                            store.state.with_untracked(|s| s.codes_of(org).into_iter().filter(|c| fresh.contains(&c.code))
                                .map(|c| {
                                    let link = code_link(c, org_name.clone(), my_key(), demo);
                                    crate::core::notices::code_message(&c.code, c.kind, &org_name, c.expires, &link)
                                })
                                .collect::<Vec<_>>()
                                .join("\n"))
                        }}
                    </textarea>
                    <div class="item-actions">
                        <button class="btn btn-small btn-primary" data-test="copy-fresh" on:click=move |_| fresh_copied.set(
                            if copy_textarea("fresh-codes-box") { "已复制：请把每一行分别发给一位负责人。" } else { COPY_BY_HAND })>"复制"</button>
                    </div>
                    <p class="muted" role="status">{move || fresh_copied.get()}</p>
                </div>
            </Show>
            <div class="cells" data-test="code-list">
                {codes.into_iter().enumerate().map(|(i, (rc, status, label, class, by))| {
                    let (code, expires) = (rc.code.clone(), rc.expires);
                    let c2 = code.clone();
                    let show_qr = RwSignal::new(false);
                    let link = code_link(&rc, org_name.clone(), my_key(), demo);
                    let message = crate::core::notices::code_message(&code, rc.kind, &org_name, expires, &link);
                    let box_id = format!("code-message-{i}");
                    let copied = RwSignal::new(String::new());
                    let copy = {
                        let box_id = box_id.clone();
                        let done = format!("已复制：请粘贴到微信发给这位{}。", rc.kind.head());
                        move |_| copied.set(if copy_textarea(&box_id) { done.clone() } else { COPY_BY_HAND.into() })
                    };
                    view! {
                        <div class="item" data-test="code">
                            <div class="item-head"><span class="code">{grouped_code(&code)}</span><span class=class
                                data-test="code-state">{label}</span></div>
                            <div class="muted">
                                {if by.is_empty() {
                                    format!("用于{}，有效期至 {}", rc.kind.code_label(), format_day(expires))
                                } else {
                                    format!("注册了：{by}")
                                }}
                            </div>
                            {(status == CodeStatus::Unused).then(|| view! {
                                <Show when=move || show_qr.get()>
                                    <div><crate::widgets::form::Reveal/><QrImage text=link.clone() alt="注册链接二维码"/></div>
                                </Show>
                                // The code and its link as one message, for one secretary (the link is not
                                // opened here: this phone is the committee's, not the branch's).
                                <textarea id=box_id.clone() class="readonly-box short" readonly=true aria-label="注册码和链接"
                                    data-test="code-message">{message.clone()}</textarea>
                                <div class="item-actions">
                                    <button class="btn btn-small btn-primary" data-test="copy-code" on:click=copy.clone()>"复制"</button>
                                    <button class="btn btn-small" data-test="show-qr"
                                        on:click=move |_| show_qr.update(|v| *v = !*v)>"二维码"</button>
                                    <button class="btn btn-small btn-warn" data-test="void" on:click=move |_| void(c2.clone())>"作废"</button>
                                </div>
                                <p class="muted" role="status">{move || copied.get()}</p>
                            })}
                        </div>
                    }
                }).collect_view()}
            </div>
        }.into_any()
    }
}
