//! 页面不存在: a path the app has no page for (a mistyped or outdated link).

use crate::nav::link;
use crate::nav::use_route;
use crate::route::Route;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;
use leptos_router::components::A;

/// A link to a page that does not exist (a mistyped or outdated link, or wrong parameters).
#[component]
pub fn NotFound() -> impl IntoView {
    let path = match use_route().get_untracked() {
        Route::NotFound { path } => path,
        other => other.href(),
    };
    view! {
        <ResultPage ok=false title="页面不存在" text=format!("链接“{path}”不正确或已过期，请从首页进入。")>
            <A href=link(&Route::Home) attr:class="btn btn-primary">"回到首页"</A>
        </ResultPage>
    }
}
