//! The app shell: starts the store, and shows the page for the path (leptos_router, under the
//! deployment's root found at run time) inside the common frame (top bar with 返回, storage
//! notices).

use crate::pages;
use crate::route::Route;
use crate::store::storage::Place;
use crate::store::{use_store, Notice, Store};
use crate::widgets::layout::TopBar;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

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

thread_local! {
    /// The deployment's root path, without its last `/` (`/tuan`; empty at a host's root).
    static BASE: String = {
        // Every copy of index.html has a `<base>` that leads to the root (`./`, `../`, …), fixed when
        // the page loaded: a later change of path by the router does not move it.
        let uri = document().base_uri().ok().flatten().unwrap_or_default();
        let path = web_sys::Url::new(&uri).map(|u| u.pathname()).unwrap_or_default();
        path[..path.rfind('/').unwrap_or(0)].to_owned()
    };
}

/// The deployment's root path, without its last `/` (`/tuan`), worked out from where index.html
/// was served, so `dist/` works under any sub-path with no rebuild.
pub fn base() -> String {
    BASE.with(Clone::clone)
}

/// Where a route is on this deployment, for `<A href>` (which takes a path as it is).
pub fn link(route: &Route) -> String {
    format!("{}{}", base(), route.href())
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

/// Goes to a route: a new history entry, so the back button returns here. (The path is given whole:
/// the router's own resolution would drop the root's last `/`, `/tuan` for `/tuan/`.)
pub fn use_go() -> Callback<Route> {
    let navigate = use_navigate();
    Callback::new(move |route: Route| navigate(&link(&route), NavigateOptions { resolve: false, ..Default::default() }))
}

/// Replaces the current history entry (after a finished flow, so back does not return into it).
/// The entry's mark stays with it ([`at_entry`]).
pub fn use_go_replace() -> Callback<Route> {
    let navigate = use_navigate();
    Callback::new(move |route: Route| {
        let state = window().history().ok().and_then(|h| h.state().ok()).filter(|s| !s.is_null() && !s.is_undefined());
        navigate(
            &link(&route),
            NavigateOptions { resolve: false, replace: true, state: leptos_router::location::State::new(state), ..Default::default() },
        )
    })
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
    window()
        .history()
        .map_or(true, |h| h.length().unwrap_or(0) <= 1 || h.state().ok().and_then(|s| s.as_string()).as_deref() == Some(ENTRY))
}

/// The full URL of a route on this deployment, for links and QR codes handed to other people.
pub fn absolute_link(route: &Route) -> String {
    format!("{}{}", window().location().origin().unwrap_or_default(), link(route))
}

/// The current route, shared through context: the router's path, query and fragment, read as a
/// [`Route`] (for the title, 返回, and the pages' parameters).
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub Memo<Route>);

pub fn use_route() -> Memo<Route> {
    use_context::<CurrentRoute>().expect("route context").0
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
