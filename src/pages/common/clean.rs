//! 清理: when storage is full, what the app can free itself (the copies set aside at start), with
//! a confirmation, then the save again; where there is nothing of its own, what to do instead.

use crate::core::error::SaveError;
use crate::core::notices::{clean_set_aside, CLEAN_CONFIRM, CLEAN_NOTHING};
use crate::store::{persist, use_store};
use leptos::prelude::*;

#[component]
pub fn CleanStorage(error: SaveError) -> impl IntoView {
    let store = use_store();
    if error != SaveError::QuotaExceeded {
        return ().into_any();
    }
    let (count, bytes) = persist::set_aside_size();
    let clean = move |_| {
        if count == 0 || window().confirm_with_message(CLEAN_CONFIRM).unwrap_or(false) {
            store.clean_storage();
        }
    };
    view! {
        <div class="clean-storage" data-test="clean-storage">
            <p>{if count > 0 { clean_set_aside(count, bytes) } else { CLEAN_NOTHING.to_string() }}</p>
            <button class="btn btn-small btn-warn" data-test="clean-storage-go" on:click=clean>
                {if count > 0 { "删除另存的数据并重新保存" } else { "重新保存" }}
            </button>
        </div>
    }
    .into_any()
}
