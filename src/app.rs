//! The app shell: starts the store, follows the URL fragment, and shows the page for the route
//! inside the common frame (top bar with 返回, storage notices).

use crate::pages;
use crate::route::Route;
use crate::store::storage::Place;
use crate::store::{use_store, Notice, Store};
use crate::widgets::layout::TopBar;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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
    mark_entry();
    leptos::mount::mount_to_body(move || view! { <App app=build/> });
    // Tell the loader the app is up (it shows an error if this never comes).
    let _ = js_sys::Reflect::set(&window(), &"__tuanStarted".into(), &true.into());
}

/// A panic shows the error screen of index.html (with the data to copy out), never a frozen page.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&msg.clone().into());
        if let Ok(f) = js_sys::Reflect::get(&window(), &"__tuanFatal".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call1(&wasm_bindgen::JsValue::NULL, &msg.into());
            }
        }
    }));
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Goes to a route: a new history entry, so the back button returns here.
pub fn go(route: &Route) {
    let hash = route.to_hash();
    let _ = window().location().set_hash(&hash[1..]);
}

/// The history entry a visit began on (a link opened from a chat, say) is marked once per tab, so
/// that 返回 there, with nothing of the app to go back to, goes to the home page ([`at_entry`]).
const ENTRY: &str = "tuan-entry";

fn mark_entry() {
    let Ok(history) = window().history() else { return };
    if Place::Session.reachable() && Place::Session.text(ENTRY).is_none() {
        let _ = Place::Session.set(ENTRY, "1");
        if history.state().is_ok_and(|s| s.is_null() || s.is_undefined()) {
            let _ = history.replace_state(&ENTRY.into(), "");
        }
    }
}

/// Whether this page is where the visit began: the browser's back would leave the app.
pub fn at_entry() -> bool {
    window().history().map_or(true, |h| h.length().unwrap_or(0) <= 1 || h.state().ok().and_then(|s| s.as_string()).as_deref() == Some(ENTRY))
}

/// The full URL of a route on this deployment (origin + path of index.html + fragment), for links
/// and QR codes handed to other people.
pub fn absolute_link(route: &Route) -> String {
    let loc = window().location();
    format!("{}{}{}", loc.origin().unwrap_or_default(), loc.pathname().unwrap_or_default(), route.to_hash())
}

/// Replaces the current history entry (after a finished flow, so back does not return into it).
pub fn go_replace(route: &Route) {
    if let Ok(h) = window().history() {
        // A fragment alone resolves against the page's own path and query. The entry's mark stays
        // with it ([`at_entry`]).
        let _ = h.replace_state_with_url(&h.state().unwrap_or(wasm_bindgen::JsValue::NULL), "", Some(&route.to_hash()));
    }
    let _ = window().dispatch_event(&web_sys::Event::new("hashchange").unwrap());
}

/// The current route, shared through context.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub ReadSignal<Route>);

pub fn use_route() -> ReadSignal<Route> {
    use_context::<CurrentRoute>().expect("route context").0
}

#[component]
pub fn App(app: pages::Build) -> impl IntoView {
    let store = Store::start(app.apply);
    let pages = app.pages;
    provide_context(store);
    let (route, set_route) = signal(current_route());
    provide_context(CurrentRoute(route));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(current_route());
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        document().set_title(&format!("{} · 团员报到", route.get().title()));
    });

    view! {
        <div class="app">
            <TopBar/>
            <Notices/>
            <main class="page" id="main">
                {move || pages(route.get())}
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
                <div class="notice notice-problem" data-test="save-error">{e.to_string()}</div>
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
