//! 我的数据 (from 我的): 导出我的数据, everything this device holds about the member, without the
//! password, to copy; and 删除我的账号, after a confirmation. Rarely used, so a page of the full build.

use crate::core::commands::{Actor, Command};
use crate::nav::use_go_replace;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::layout::{Cells, LoginNeeded};
use leptos::prelude::*;

#[component]
pub fn MyData() -> impl IntoView {
    let go_replace = use_go_replace();
    let store = use_store();
    move || match store.actor() {
        Actor::Member(id) => {
            let my_data = RwSignal::new(None::<String>);
            let export = move |_| my_data.set(store.state.with_untracked(|s| s.member_data(id)));
            let delete = move |_| {
                let sure = window()
                    .confirm_with_message("确定从本机删除您的账号吗？您的个人信息和申请记录都会被删除，且无法恢复。已发给团支部的申请，请先在“我的组织”中撤回，并把撤回发给团支书。")
                    .unwrap_or(false);
                if sure && store.dispatch(Command::DeleteOwnAccount).is_ok() {
                    store.session.set(None);
                    store.info("您的账号已从本机删除。".into());
                    go_replace.run(Route::Home);
                }
            };
            view! {
                <Cells title="我的数据">
                    <button class="cell" data-test="export-mine" on:click=export><span class="cell-label">"导出我的数据"</span><span
                        class="cell-arrow" aria-hidden="true">"›"</span></button>
                    <button class="cell" data-test="delete-mine" on:click=delete><span class="cell-label warn-text">"删除我的账号"</span></button>
                </Cells>
                {move || my_data.get().map(|text| view! {
                    <div class="item" data-test="my-data">
                        <p class="muted">"本机保存的您的全部信息（不含密码），可长按全选复制："</p>
                        <textarea class="readonly-box" readonly=true aria-label="我的数据">{text}</textarea>
                    </div>
                })}
            }
            .into_any()
        }
        _ => view! { <LoginNeeded who="团员账号"/> }.into_any(),
    }
}
