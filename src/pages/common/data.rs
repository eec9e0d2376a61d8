//! 数据与备份: when the data was saved and exported, the copies of unreadable data set aside at
//! start, a copy of the data without secrets to carry away, and clearing the device. (Importing
//! and the sync file come with the sync feature.)

use crate::core::date::format_day;
use crate::core::document::encode_without_secrets;
use crate::store::{browser, persist, use_store};
use crate::widgets::export::copy_textarea;
use crate::widgets::layout::{Cell, Cells};
use leptos::prelude::*;

fn when(ms: Option<i64>) -> String {
    ms.map(format_day).unwrap_or_else(|| "从未".into())
}

#[component]
pub fn Data() -> impl IntoView {
    let store = use_store();
    let backups = RwSignal::new(persist::backups());
    let clear = move |_| {
        let sure = window().confirm_with_message("确定清除本机的全部数据吗？清除后无法恢复，请先确认已导出备份。").unwrap_or(false);
        if sure {
            persist::remove(persist::STATE_KEY);
            persist::remove(persist::SESSION_KEY);
            let _ = window().location().set_hash("/");
            let _ = window().location().reload();
        }
    };
    let copy_text = RwSignal::new(None::<String>);
    let show_copy = move |_| copy_text.set(Some(store.state.with_untracked(|s| encode_without_secrets(s, browser::now()))));
    let copy = move |_| {
        let copied = copy_textarea("data-copy");
        store.mark_exported();
        store.info(if copied { "已复制。请粘贴到微信“文件传输助手”或备忘录中保存。".into() } else { "请长按文本框，全选后复制。".into() });
    };
    view! {
        <Cells title="本机数据">
            <Cell label="最近保存" value=move || when(store.saved_at.get())/>
            <Cell label="最近导出" value=move || when(store.exported_at.get())/>
        </Cells>
        <p class="intro muted">"数据只保存在本机浏览器中。退出微信登录或清理微信缓存可能会清除这些数据，请在重要操作后及时导出备份。"</p>
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
            <button class="btn" data-test="show-copy" on:click=show_copy>"导出本机数据（复制文本）"</button>
        </div>
        {move || copy_text.get().map(|text| view! {
            <div class="item" data-test="data-copy-box">
                <p class="muted">"以下是本机全部数据（不含密码和验证码）。请复制后保存到微信“文件传输助手”或备忘录。从备份恢复的账号需重新设置密码。"</p>
                <textarea id="data-copy" class="readonly-box" readonly=true aria-label="本机数据">{text}</textarea>
                <div class="item-actions"><button class="btn btn-small btn-primary" data-test="copy" on:click=copy>"复制"</button></div>
            </div>
        })}
        <div class="btn-area">
            <button class="btn btn-warn" data-test="clear-device" on:click=clear>"清除本机数据"</button>
        </div>
    }
}
