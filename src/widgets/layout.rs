//! The frame of every page: the top bar with 返回 and the title; cell groups and links.

use crate::nav::link;
use crate::nav::use_go_replace;
use crate::nav::use_route;
use crate::route::Route;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: 返回 unless on the home page, and the page title. 返回 goes back in the browser's
/// history, or, on a page opened straight from a chat link (nothing to go back to), to the home page.
#[component]
pub fn TopBar() -> impl IntoView {
    let go_replace = use_go_replace();
    let route = use_route();
    let back = move |_| match window().history() {
        Ok(h) if !crate::nav::at_entry() => {
            let _ = h.back();
        }
        _ => go_replace.run(Route::Home),
    };
    view! {
        <header class="topbar">
            <Show when=move || route.get() != Route::Home>
                <button class="topbar-back" on:click=back aria-label="返回">"‹ 返回"</button>
            </Show>
            <h1 class="topbar-title">{move || route.get().title()}</h1>
        </header>
    }
}

/// A group of cells with an optional title above it.
#[component]
pub fn Cells(#[prop(optional)] title: &'static str, children: Children) -> impl IntoView {
    view! {
        <section class="cells-group">
            {(!title.is_empty()).then(|| view! { <h2 class="cells-title">{title}</h2> })}
            <div class="cells">{children()}</div>
        </section>
    }
}

/// A cell that links to a route.
#[component]
pub fn CellLink(to: Route, #[prop(into)] label: String, #[prop(optional, into)] hint: String) -> impl IntoView {
    view! {
        <A href=link(&to) attr:class="cell cell-link">
            <span class="cell-label">{label}</span>
            <span class="cell-hint">{hint}</span>
            <span class="cell-arrow" aria-hidden="true">"›"</span>
        </A>
    }
}

/// A plain cell: a label and a value.
#[component]
pub fn Cell(#[prop(into)] label: String, #[prop(into)] value: Signal<String>) -> impl IntoView {
    view! {
        <div class="cell">
            <span class="cell-label">{label}</span>
            <span class="cell-value">{value}</span>
        </div>
    }
}

/// A result page: icon, title, text, and what to do next.
#[component]
pub fn ResultPage(ok: bool, #[prop(into)] title: String, #[prop(into)] text: String, children: Children) -> impl IntoView {
    view! {
        <div class="result">
            <div class=if ok { "result-icon ok" } else { "result-icon warn" } aria-hidden="true">{if ok { "✓" } else { "!" }}</div>
            <h2 class="result-title">{title}</h2>
            <p class="result-text">{text}</p>
            <div class="result-actions">{children()}</div>
        </div>
    }
}

/// Shown instead of a page that needs another role: says who can use it and where to log in.
#[component]
pub fn LoginNeeded(#[prop(into)] who: String) -> impl IntoView {
    view! {
        <ResultPage ok=false title="请先登录" text=format!("此页面需要以{who}身份登录后使用。")>
            <A href=link(&Route::Me) attr:class="btn btn-primary">"去登录"</A>
        </ResultPage>
    }
}
