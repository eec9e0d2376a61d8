//! 正在打开: a page of the full build, opened in the member's build, loads the full build.

use crate::core::notices::{FULL_BUILD_FAILED, FULL_BUILD_LOADING, FULL_BUILD_UNSAVED};
use crate::nav::link;
use crate::route::Route;
use crate::store::browser::switch_to_full_build;
use crate::store::use_store;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shown by the member's build for a page it does not have: once the last change is saved, the
/// page reloads with the full build (for the rest of the visit). When this device cannot save
/// (storage refused or full), a reload would lose the changes: it asks first. Where the tab
/// refuses the flag (`window.name`), a reload would open the member's build again, so it says so.
/// In the full build itself (a path under one of its sections that it has no page for), the page
/// does not exist.
#[component]
pub fn LoadFullBuild() -> impl IntoView {
    if use_context::<crate::pages::Build>().is_some_and(|b| b.full) {
        return view! { <super::not_found::NotFound/> }.into_any();
    }
    let store = use_store();
    let unsaved = move || store.save_error.get().is_some();
    let failed = RwSignal::new(false);
    // After the router has finished the navigation here (its tasks, then the browser's address),
    // so that the reload opens this page, not the one before.
    let switch = move || set_timeout(move || failed.set(!switch_to_full_build()), std::time::Duration::ZERO);
    Effect::new(move |_| {
        if !store.save_pending.get() && !unsaved() {
            switch();
        }
    });
    (move || {
        if failed.get() {
            view! {
                <ResultPage ok=false title="无法打开此页面" text=FULL_BUILD_FAILED>
                    <A href=link(&Route::Home) attr:class="btn">"回到首页"</A>
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
    })
    .into_any()
}
