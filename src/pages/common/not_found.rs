use crate::route::Route;
use crate::widgets::layout::ResultPage;
use leptos::prelude::*;

/// A link to a page that does not exist (a mistyped or outdated link).
#[component]
pub fn NotFound(path: String) -> impl IntoView {
    view! {
        <ResultPage ok=false title="页面不存在" text=format!("链接“{path}”不正确或已过期，请从首页进入。")>
            <a class="btn btn-primary" href=Route::Home.to_hash()>"回到首页"</a>
        </ResultPage>
    }
}
