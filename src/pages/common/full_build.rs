use crate::core::error::{FULL_BUILD_FAILED, FULL_BUILD_LOADING, FULL_BUILD_UNSAVED};
use crate::route::Route;
use crate::store::browser::switch_to_full_build;
use crate::store::use_store;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;

/// Shown by the member's build for a page it does not have: once the last change is saved, the
/// page reloads with the full build (for the rest of the visit). When this device cannot save
/// (storage refused or full), a reload would lose the changes: it asks first. Where the tab
/// refuses the flag (`window.name`), a reload would open the member's build again, so it says so.
#[component]
pub fn LoadFullBuild() -> impl IntoView {
    let store = use_store();
    let unsaved = move || store.save_error.get().is_some();
    let failed = RwSignal::new(false);
    let switch = move || failed.set(!switch_to_full_build());
    Effect::new(move |_| {
        if !store.save_pending.get() && !unsaved() {
            switch();
        }
    });
    move || {
        if failed.get() {
            view! {
                <ResultPage ok=false title="无法打开此页面" text=FULL_BUILD_FAILED>
                    <a class="btn" href=Route::Home.to_hash()>"回到首页"</a>
                </ResultPage>
            }
            .into_any()
        } else if unsaved() {
            view! {
                <ResultPage ok=false title="更改尚未保存" text=FULL_BUILD_UNSAVED>
                    <button class="btn" data-test="load-full-anyway" on:click=move |_| switch()>"仍然打开"</button>
                </ResultPage>
            }
            .into_any()
        } else {
            view! { <div class="loading" data-test="loading-full" aria-busy="true">{FULL_BUILD_LOADING}</div> }.into_any()
        }
    }
}
