//! 数据与备份: when the data was saved and exported, sending and receiving sync files (backups
//! included), the copies of unreadable data set aside at start, and clearing the device.

use super::send::{purpose, recipient};
use super::sync::ReceivePanel;
use crate::core::date::format_day;
use crate::nav::link;
use crate::route::Route;
use crate::store::{persist, use_store};
use crate::widgets::layout::{Cell, Cells};
use leptos::prelude::*;
use leptos_router::components::A;

fn when(ms: Option<i64>) -> String {
    ms.map(format_day).unwrap_or_else(|| "从未".into())
}

#[component]
pub fn Data() -> impl IntoView {
    let store = use_store();
    store.ensure_key();
    let backups = RwSignal::new(persist::backups());
    let clear = move |_| {
        let sure = window().confirm_with_message("确定清除本机的全部数据吗？清除后无法恢复，请先确认已导出备份。本机的签名密钥也会删除：之后本机发出的文件，对方会当作来自新手机。").unwrap_or(false);
        if sure {
            persist::forget_saved();
            let _ = window().location().set_hash("/");
            let _ = window().location().reload();
        }
    };
    view! {
        <Cells title="本机数据">
            <Cell label="最近保存" value=move || when(store.saved_at.get())/>
            <Cell label="最近导出" value=move || when(store.exported_at.get())/>
            <Cell label="本机签名密钥指纹"
                value=move || store.state.with(|s| {
                    s.device_key.as_ref().map_or_else(|| "无（网页不是用 https 打开的，发出的文件没有签名）".to_string(), |k| k.fingerprint())
                })/>
        </Cells>
        <p class="intro muted">"数据只保存在本机浏览器中。退出微信登录或清理微信缓存可能会清除这些数据，请在重要操作后及时导出备份。"</p>
        <SendPanel/>
        <ReceivePanel/>
        <Show when=move || !backups.get().is_empty()>
            <Cells title="无法读取而另存的数据">
                {move || backups.get().into_iter().map(|key| {
                    let text = persist::get(&key).unwrap_or_default();
                    let k2 = key.clone();
                    let remove = move |_| {
                        if window().confirm_with_message("删除这份另存的数据？").unwrap_or(false) {
                            persist::remove(&k2);
                            backups.set(persist::backups());
                        }
                    };
                    view! {
                        <div class="item" data-test="backup">
                            <div class="item-title">{key.clone()}</div>
                            <textarea class="readonly-box" readonly=true aria-label="另存的数据">{text}</textarea>
                            <div class="item-actions"><button class="btn btn-small btn-warn" on:click=remove>"删除"</button></div>
                        </div>
                    }
                }).collect_view()}
            </Cells>
        </Show>
        <div class="btn-area">
            <button class="btn btn-warn" data-test="clear-device" on:click=clear>"清除本机数据"</button>
        </div>
    }
}

/// 发送: the kinds this role can write, each opening its hand-over.
#[component]
pub fn SendPanel() -> impl IntoView {
    let store = use_store();
    view! {
        <Cells title="发送给他人 / 备份">
            {move || store.state.with(|s| s.kinds_to_send(store.actor())).into_iter().map(|kind| view! {
                <A href=link(&Route::Send { kind }) attr:class="cell cell-button" attr:data-test=format!("send-{}", kind.name())>
                    <span class="cell-label">{kind.label()}</span>
                    <span class="cell-value muted">{purpose(kind, &recipient(store, kind))}</span>
                </A>
            }).collect_view()}
        </Cells>
    }
}
