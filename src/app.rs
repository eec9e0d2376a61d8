//! The app shell: starts the store, and shows the page for the path (leptos_router, under the
//! deployment's root found at run time) inside the common frame (top bar with 返回, storage
//! notices).

use crate::nav::{base, use_go_replace, CurrentRoute, ENTRY};
use crate::pages;
use crate::route::Route;
use crate::store::storage::Place;
use crate::store::{use_store, Notice, Store};
use crate::widgets::layout::TopBar;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_query_map};

/// Starts one build of the app ([`pages::MEMBER_BUILD`] or [`pages::FULL_BUILD`]) and mounts it
/// into the page, replacing the HTML skeleton.
pub fn start(build: pages::Build) {
    install_panic_hook();
    use crate::store::persist::{preload, preload_early, read_at_start, AtStart};
    // A large saved document is stored compressed: inflate it first (the skeleton stays).
    // Leptos's executor exists only once mounted, so this uses wasm-bindgen's.
    match read_at_start() {
        AtStart::Early(inflating) => wasm_bindgen_futures::spawn_local(async move {
            preload_early(inflating).await;
            mount(build);
        }),
        AtStart::Compressed(raw) => wasm_bindgen_futures::spawn_local(async move {
            preload(raw).await;
            mount(build);
        }),
        AtStart::Ready => mount(build),
    }
}

fn mount(build: pages::Build) {
    // The skeleton, or index.html's copy of the home page's first screen.
    for id in ["skeleton", "first-screen"] {
        if let Some(el) = document().get_element_by_id(id) {
            el.remove();
        }
    }
    open_old_link();
    mark_entry();
    leptos::mount::mount_to_body(move || view! { <App app=build/> });
    // Tell the loader the app is up (it shows an error if this never comes).
    crate::store::loader::ready();
}

/// A panic shows the error screen of index.html (with the data to copy out), never a frozen page.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        crate::store::loader::fatal(&msg);
    }));
}

/// A link of the form handed out before, with the page in the fragment (`…/tuan/#/join?…`), or
/// index.html named in the path, is replaced by the page's own path before the router reads it.
fn open_old_link() {
    let loc = window().location();
    let (path, hash) = (loc.pathname().unwrap_or_default(), loc.hash().unwrap_or_default());
    let href = if hash.starts_with("#/") {
        Route::parse(&hash).href()
    } else if path == format!("{}/index.html", base()) {
        format!("/{}{hash}", loc.search().unwrap_or_default())
    } else {
        return;
    };
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{}{href}", base())));
    }
}

/// Marks the history entry this visit began on, once per tab ([`ENTRY`]).
fn mark_entry() {
    let Ok(history) = window().history() else { return };
    if Place::Session.reachable() && Place::Session.text(ENTRY).is_none() {
        let _ = Place::Session.set(ENTRY, "1");
        if history.state().is_ok_and(|s| s.is_null() || s.is_undefined()) {
            let _ = history.replace_state(&ENTRY.into(), "");
        }
    }
}

#[component]
pub fn App(app: pages::Build) -> impl IntoView {
    let store = Store::start(app.apply, app.merge);
    provide_context(store);
    provide_context(app);
    view! {
        <Router base=base()>
            <Frame pages=app.pages/>
        </Router>
    }
}

/// The frame inside the router: the top bar, the notices, and the page for the path.
#[component]
fn Frame(pages: pages::Pages) -> impl IntoView {
    let location = use_location();
    let query = use_query_map();
    let route = Memo::new(move |_| {
        let path = location.pathname.get();
        let path = path.strip_prefix(&base()).unwrap_or(&path).to_owned();
        query.with(|q| Route::locate(&path, |k| q.get(k), &location.hash.get()))
    });
    provide_context(CurrentRoute(route));
    // A link of the form handed out before, opened in a tab already on this page (only its
    // fragment changes, so the page is not loaded again).
    let go_replace = use_go_replace();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if hash.starts_with("#/") {
            go_replace.run(Route::parse(&hash));
        }
    });
    on_cleanup(move || handle.remove());
    crate::widgets::form::keep_focused_field_in_view();
    Effect::new(move |_| {
        document().set_title(&format!("{} · 团员报到", route.get().title()));
    });
    view! {
        <div class="app">
            <TopBar/>
            <Notices/>
            <main class="page" id="main">
                {pages()}
            </main>
            <footer class="footer">"团员报到 · 数据只保存在本机 · v" {env!("CARGO_PKG_VERSION")}</footer>
        </div>
    }
}

/// The banner of storage notices and the save failure, if any.
#[component]
fn Notices() -> impl IntoView {
    let store = use_store();
    view! {
        <div class="notices" role="status" aria-live="polite">
            {move || store.save_error.get().map(|e| view! {
                <div class="notice notice-problem notice-stack" data-test="save-error">
                    <span>{e.to_string()}</span>
                    <crate::pages::common::clean::CleanStorage error=e/>
                </div>
            })}
            {move || store.notices.get().into_iter().enumerate().map(|(i, n)| {
                let (class, text) = match n {
                    Notice::Problem(t) => ("notice notice-problem", t),
                    Notice::Info(t) => ("notice notice-info", t),
                };
                view! {
                    <div class=class data-test="notice">
                        <span>{text}</span>
                        <button class="notice-close" aria-label="关闭提示" on:click=move |_| store.dismiss(i)>"×"</button>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
