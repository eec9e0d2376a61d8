//! Getting text out of the app where WeChat blocks downloads: the text in a read-only box with a
//! copy button (selection + execCommand, which works where the Clipboard API is refused), and a
//! normal download link for browsers that allow it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Selects the text of the textarea `id` and copies it; false where the browser refused.
pub fn copy_textarea(id: &str) -> bool {
    let Some(el) = document().get_element_by_id(id) else { return false };
    let area: web_sys::HtmlTextAreaElement = el.unchecked_into();
    area.select();
    let html: web_sys::HtmlDocument = document().unchecked_into();
    html.exec_command("copy").unwrap_or(false)
}

/// A button that shows `make()` (a CSV) to copy or download as `filename`.
#[component]
pub fn ExportBox(label: &'static str, filename: &'static str, make: Callback<(), String>, test: &'static str) -> impl IntoView {
    let text = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<bool>);
    let id = format!("export-{test}");
    let id2 = id.clone();
    view! {
        <div class="btn-area">
            <button class="btn" data-test=test on:click=move |_| { copied.set(None); text.set(Some(make.run(()))); }>{format!("导出{label}（CSV）")}</button>
        </div>
        {move || text.get().map(|t| {
            let href = format!("data:text/csv;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&t)));
            let (id, id2) = (id.clone(), id2.clone());
            view! {
                <div class="item" data-test="export-box">
                    <p class="muted">"微信中无法直接下载：请点“复制”，粘贴到“文件传输助手”后在电脑上另存为 .csv；或点右上角“在浏览器打开”后下载。"</p>
                    <textarea id=id class="readonly-box" readonly=true aria-label=label>{t}</textarea>
                    <div class="item-actions">
                        <button class="btn btn-small btn-primary" on:click=move |_| copied.set(Some(copy_textarea(&id2)))>"复制"</button>
                        <a class="btn btn-small" href=href download=filename>"下载"</a>
                    </div>
                    {move || copied.get().map(|ok| view! { <p class="muted" role="status">{if ok { "已复制" } else { "请长按文本框，全选后复制" }}</p> })}
                </div>
            }
        })}
    }
}
