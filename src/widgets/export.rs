//! Getting a table out of the app where WeChat blocks downloads: the CSV in a read-only box with a
//! copy button (selection + execCommand, which works where the Clipboard API is refused), and,
//! outside WeChat, CSV and .xlsx downloads (the .xlsx writer is loaded only when asked for).

use crate::core::error::FileError;
use crate::core::export::Table;
use crate::core::notices::WECHAT_NO_DOWNLOAD;
use crate::widgets::download::{download_bytes, in_wechat, xlsx_bytes};
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

const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A button that shows the table `make()` builds, to copy as CSV or download as CSV or .xlsx.
#[component]
pub fn ExportBox(label: &'static str, make: Callback<(), Table>, test: &'static str) -> impl IntoView {
    let table = RwSignal::new(None::<Table>);
    let copied = RwSignal::new(None::<bool>);
    let error = RwSignal::new(None::<FileError>);
    let id = format!("export-{test}");
    // Writing the .xlsx loads its writer: the action's pending state is the button's progress.
    let write_xlsx = Action::new_local(move |t: &Table| {
        let t = t.clone();
        async move {
            let result = match xlsx_bytes(&t.to_json()).await {
                Ok(bytes) => download_bytes(&bytes, &format!("{}.xlsx", t.sheet), XLSX_MIME).map_err(|_| FileError::DownloadRefused),
                Err(_) => Err(FileError::WriterUnavailable),
            };
            error.set(result.err());
        }
    });
    let busy = write_xlsx.pending();
    let excel = move |_| {
        let Some(t) = table.get_untracked() else { return };
        error.set(None);
        write_xlsx.dispatch(t);
    };
    let csv_download = move |_| {
        let Some(t) = table.get_untracked() else { return };
        error.set(
            download_bytes(t.to_csv().as_bytes(), &format!("{}.csv", t.sheet), "text/csv;charset=utf-8")
                .err()
                .map(|_| FileError::DownloadRefused),
        );
    };
    view! {
        <div class="btn-area">
            <button class="btn" data-test=test
                on:click=move |_| { copied.set(None); error.set(None); table.set(Some(make.run(()))); }>{format!("导出{label}")}</button>
        </div>
        {move || table.with(|t| t.as_ref().map(|t| t.to_csv())).map(|csv| {
            let (id, id2) = (id.clone(), id.clone());
            view! {
                <div class="item" data-test="export-box">
                    <crate::widgets::form::Reveal/>
                    {in_wechat().then(|| view! { <p class="muted" data-test="wechat-no-download">{WECHAT_NO_DOWNLOAD}</p> })}
                    <textarea id=id class="readonly-box" readonly=true aria-label=label>{csv}</textarea>
                    <div class="item-actions">
                        <button class="btn btn-small btn-primary" on:click=move |_| copied.set(Some(copy_textarea(&id2)))>"复制"</button>
                        {(!in_wechat()).then(|| view! {
                            <button class="btn btn-small" data-test="download-csv" on:click=csv_download>"下载 CSV"</button>
                            <button class="btn btn-small" data-test="download-xlsx" disabled=move || busy.get() on:click=excel>
                                {move || if busy.get() { "正在生成…" } else { "下载 Excel（.xlsx）" }}
                            </button>
                        })}
                    </div>
                    {move || copied.get().map(|ok| view! { <p class="muted" role="status">{if ok { "已复制" } else { "请长按文本框，全选后复制" }}</p> })}
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.to_string()}</p> })}
                </div>
            }
        })}
    }
}
