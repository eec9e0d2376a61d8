//! Navigation for pages and widgets: the deployment's root, links to routes, going to a route,
//! and the current route, over leptos_router's `use_navigate` and `use_location`. It reads the
//! browser's location and history and nothing of the store.

use crate::route::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

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
pub const ENTRY: &str = "tuan-entry";

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
