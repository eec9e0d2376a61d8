//! 导入: receiving sync files (paste, files, the camera, a link) with one preview of everything read
//! before anything is written, 确认导入 / 取消, 确认新密钥, and 撤销.

use super::batch::{link_text, plan_batch, Batch, NewKey, Note, Reading};
use crate::core::commands::Command;
use crate::core::sync::import::{plan_all, Plan, Preview};
use crate::core::sync::SyncError;
use crate::core::sync::{Kind, SyncFile, MAX_FILE_BYTES};
use crate::nav::use_go;
use crate::route::Route;
use crate::store::{browser, use_store, Store};
use crate::widgets::layer;
use crate::widgets::layout::Cells;
use crate::widgets::paste::PasteBox;
use crate::widgets::scanner::{beep, Scanner};
use leptos::prelude::*;

/// Where a confirmed import leads: the list the imported records belong to.
fn after_import(store: Store) -> Option<Route> {
    match store.actor.get_untracked() {
        crate::core::Actor::Branch { .. } => Some(Route::Branch),
        crate::core::Actor::Committee { .. } => Some(Route::Stats),
        crate::core::Actor::Member(_) => Some(Route::MyOrg),
        crate::core::Actor::Anonymous => None,
    }
}

/// 导入: a paste box (one message, or many copied together), a file picker (one or many files),
/// the camera, one preview of everything read, 确认导入 / 取消, and 撤销 afterwards. `initial` is
/// a file's text already read (from a link), previewed at once; `unread`, why a link could not be
/// read (shown until something is read here); `on_done` runs after an import.
#[component]
pub fn ReceivePanel(
    #[prop(optional)] initial: Option<String>,
    #[prop(optional)] unread: Option<SyncError>,
    #[prop(optional)] on_done: Option<Callback<()>>,
) -> impl IntoView {
    let go = use_go();
    let store = use_store();
    let pasted = RwSignal::new(String::new());
    let notes = RwSignal::new(Vec::<Note>::new());
    let awaiting = Memo::new(move |_| store.state.with(|s| s.awaiting_password()));
    let pending = RwSignal::new(None::<Plan>);
    let done = RwSignal::new(None::<String>);
    let reading = RwSignal::new(None::<String>);
    let new_keys = RwSignal::new(Vec::<NewKey>::new());
    // The files last read, planned again once a new key is confirmed.
    let last_files = StoredValue::new(Vec::<SyncFile>::new());
    let show = move |r: Reading| {
        reading.set(None);
        notes.set(r.notes);
        pending.set(r.plan);
        new_keys.set(r.new_keys);
        last_files.set_value(r.files);
    };
    let trust = move |k: NewKey| {
        let ask = format!("确认“{}”换了手机，改用新密钥（指纹 {}）？\n请先当面或电话与对方核对这个指纹：确认后本机只接受新密钥签名的文件，您发出的组织目录也会告诉下级和团员。", k.name, k.key.fingerprint());
        if !window().confirm_with_message(&ask).unwrap_or(false) {
            return;
        }
        match store.dispatch(Command::TrustKey { org: k.org, key: k.key }) {
            Ok(_) => {
                let files = last_files.get_value();
                show(plan_batch(store, Batch::of(files)));
                store.info(format!(
                    "已确认“{}”的新密钥。请把组织目录发给下级团支部和团员，他们导入后即可接收对方新手机发出的文件。",
                    k.name
                ));
            }
            Err(e) => notes.set(vec![e.into()]),
        }
    };
    let preview_text = move |text: String| {
        done.set(None);
        reading.set(Some("正在读取……".into()));
        leptos::task::spawn_local(async move {
            let mut batch = Batch::default();
            batch.take_text(&text, "").await;
            show(plan_batch(store, batch));
        });
    };
    if let Some(t) = initial {
        preview_text(t);
    }
    // A link that could not be read, said until something else is read here.
    if let Some(error) = unread {
        notes.set(vec![Note::Refused { label: String::new(), error }]);
    }
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        done.set(None);
        leptos::task::spawn_local(async move {
            let mut batch = Batch::default();
            let total = files.len();
            for (i, file) in files.into_iter().enumerate() {
                if batch.full() {
                    batch.take(Err(SyncError::TooManyFiles), &format!("第 {} 个起的 {} 个文件", i + 1, total - i));
                    break;
                }
                reading.set(Some(format!("正在读取第 {} / {total} 个文件……", i + 1)));
                let name = file.name();
                if file.size() > MAX_FILE_BYTES as f64 {
                    batch.take(Err(SyncError::TooLarge { bytes: file.size() as usize, limit: MAX_FILE_BYTES }), &name);
                    continue;
                }
                match browser::file_text(&file).await {
                    Ok(text) => batch.take_text(&text, &name).await,
                    Err(_) => batch.take(Err(SyncError::NotSyncFile), &name),
                }
            }
            show(plan_batch(store, batch));
        });
    };
    // 扫码导入: the camera reads one QR code after another; each file read is kept (once) until 完成.
    let scanning = RwSignal::new(false);
    let scan_layer = NodeRef::<leptos::html::Dialog>::new();
    let scanned = RwSignal::new(Vec::<SyncFile>::new());
    let scan_note = RwSignal::new(String::new());
    let on_scan = Callback::new(move |text: String| {
        leptos::task::spawn_local(async move {
            let mut batch = Batch::default();
            batch.take_text(&text, "").await;
            if let Some(e) = batch.unread.first() {
                scan_note.set(e.to_string());
            }
            let mut added = Vec::new();
            scanned.update(|list| {
                for f in batch.files {
                    if !list.contains(&f) {
                        // Named as this phone knows the sender, not as the file calls itself.
                        let name = store.state.with_untracked(|s| s.sender_name(&f));
                        added.push(format!("{name}的{}", f.kind.label()));
                        list.push(f);
                    }
                }
            });
            if !added.is_empty() {
                beep();
                scan_note.set(format!("已读取：{}。请扫下一个。", added.join("、")));
            }
        });
    });
    // 完成 (or Escape, closing the layer): what was read is previewed, once.
    let finish_scan = move |()| {
        if !scanning.get_untracked() {
            return;
        }
        scanning.set(false);
        let files = scanned.try_update(std::mem::take).unwrap_or_default();
        scan_note.set(String::new());
        if !files.is_empty() {
            show(plan_batch(store, Batch::of(files)));
        }
    };
    // 确认导入 applies the files to the data as it is now, never a result computed before: planned
    // again, and when that no longer matches the preview shown, the new preview is shown instead.
    let confirm = move |_| {
        let files = last_files.get_value();
        let (fresh, _) = store.state.with_untracked(|s| plan_all(s, &files, browser::now()));
        let same = pending.with_untracked(|shown| shown.as_ref().map(|p| &p.preview) == fresh.as_ref().map(|p| &p.preview));
        if !same {
            let note = if fresh.is_some() { crate::core::notices::STALE_PREVIEW } else { crate::core::notices::NOTHING_LEFT_TO_TAKE };
            pending.set(fresh);
            notes.set(vec![Note::Notice(note)]);
            return;
        }
        pending.set(None);
        let Some(p) = fresh else { return };
        let summary = if p.preview.files > 1 {
            format!("已导入 {} 个文件。", p.preview.files)
        } else {
            format!("已导入“{}”的{}。", p.from_name, p.kind.label())
        };
        store.import(p);
        pasted.set(String::new());
        notes.set(Vec::new());
        match after_import(store) {
            Some(route) => {
                store.info(format!("{summary}如有误，可在“数据与备份”中撤销本次导入。"));
                if let Some(done) = on_done {
                    done.run(());
                }
                go.run(route);
            }
            None => done.set(Some(summary)),
        }
    };
    let undo = move |_| {
        if store.undo_import() {
            done.set(Some("已撤销本次导入，本机数据已恢复原样。".into()));
        } else {
            done.set(Some("导入后本机又有新的改动，不能撤销（以免丢失这些改动）。".into()));
        }
    };
    view! {
        <Cells title="导入（接收他人发来的内容或恢复备份）">
            <div class="item">
                <label class="muted" for="sync-paste">"把对方发来的链接或文本粘贴到这里（可以一次粘贴多条消息，例如在聊天里多选后复制）："</label>
                <PasteBox value=pasted id="sync-paste" class="paste-box" test="sync-paste"/>
                <div class="item-actions">
                    <button class="btn btn-small btn-primary" data-test="read-sync" disabled=move || reading.get().is_some()
                        on:click=move |_| preview_text(pasted.get_untracked())>
                        {move || if reading.get().is_some() { "正在读取……" } else { "读取" }}
                    </button>
                    <label class="btn btn-small file-button">"选择文件（可多选）"
                        <input type="file" multiple=true accept=".json,.txt,application/json,text/plain" data-test="sync-file"
                            on:change=on_files/>
                    </label>
                    // Left in place under the scanner's layer, so that the focus comes back to it.
                    <button class="btn btn-small" data-test="scan"
                        on:click=move |_| {
                            done.set(None);
                            scanning.set(true);
                            layer::open(scan_layer);
                        }>"扫码导入"</button>
                </div>
                {move || reading.get().map(|m| view! { <p class="muted" role="status" data-test="sync-reading">{m}</p> })}
            </div>
        </Cells>
        // While scanning, the camera's view, its count and 完成 are all the screen shows.
        <dialog node_ref=scan_layer class="item scanning" data-test="scanning" aria-label="扫码导入" on:close=move |_| finish_scan(())>
            <Show when=move || scanning.get()>
                <Scanner on_text=on_scan/>
            </Show>
            <p data-test="scan-note" role="status">{move || scan_note.get()}</p>
            <div class="item-actions">
                <button class="btn btn-primary" data-test="scan-done" on:click=move |_| {
                    finish_scan(());
                    layer::close(scan_layer)
                }>
                    {move || format!("完成（已读取 {} 份）", scanned.with(Vec::len))}
                </button>
            </div>
        </dialog>
        {move || {
            let n = notes.get();
            (!n.is_empty()).then(|| view! {
                <div class="error-bar" role="alert"
                    data-test="sync-error">{n.into_iter().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}</div>
            })
        }}
        {move || new_keys.get().into_iter().map(|k| {
            let shown = format!("“{}”发来的文件用的是新密钥（指纹 {}）。如果对方确实换了手机（请当面或电话核对指纹），可以确认新密钥：", k.name, k.key.fingerprint());
            view! {
                <div class="item" data-test="new-key">
                    <p>{shown}</p>
                    <div class="item-actions"><button class="btn btn-small btn-warn" data-test="trust-key"
                        on:click=move |_| trust(k.clone())>"确认新密钥"</button></div>
                </div>
            }
        }).collect_view()}
        // Only the preview is read: the plan's merged state (10,000 members on a committee's phone) is
        // never copied for the view.
        {move || pending.with(|p| p.as_ref().map(|p| (p.from_name.clone(), p.kind, p.preview.clone())))
            .map(|(from_name, kind, preview)| view! {
            <PreviewCard from_name kind preview on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |_| pending.set(None))/>
        })}
        {move || done.get().map(|m| view! { <div class="item" data-test="sync-done" role="status"><p>{m}</p></div> })}
        <Show when=move || store.last_import.with(|l| l.is_some())>
            <div class="item-actions"><button class="btn btn-small" data-test="undo-import" on:click=undo>"撤销本次导入"</button></div>
        </Show>
        // A restored device's owner sets a password (kept in the state: a reload does not lose it).
        // A memo: the form stays the same while the state changes under it (opening the identity sets this phone's key).
        {move || awaiting.get().map(|account| view! { <super::restored::ClaimPassword account=account/> })}
    }
}

#[component]
fn PreviewCard(from_name: String, kind: Kind, preview: Preview, on_confirm: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let p = preview;
    let list = |title: &'static str, lines: Vec<String>, test: &'static str| {
        (!lines.is_empty()).then(|| {
            view! {
                <h3 class="preview-title">{title}</h3>
                <ul class="preview-list" data-test=test>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            }
        })
    };
    let ignored: Vec<String> = p.ignored.iter().map(|(i, n)| format!("{}：{} {}", i.label(), n, i.unit())).collect();
    // The preview is what the person reads next: brought into view.
    let card = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = card.get() {
            el.scroll_into_view();
        }
    });
    // One summary and 确认导入 first; a batch's details (each file's signature among them) folded.
    let summary = p.summary();
    view! {
        <div class="item preview" data-test="sync-preview" node_ref=card>
            // (A batch's files are named by their number: their senders are in the details.)
            <div class="item-title">
                {if p.files > 1 { format!("一次导入 {from_name}") } else { format!("来自“{}”的{}", from_name, kind.label()) }}
            </div>
            <p data-test="preview-summary">{summary}</p>
            {p.backup_of_another_device.then(|| view! {
                <p class="notice notice-info" data-test="preview-another-device">{Preview::ANOTHER_DEVICE}</p>
            })}
            {list("需要确认的冲突（两处作出了不同的处理，导入后由团支部或团委确认）", p.conflicts, "preview-conflicts")}
            <div class="item-actions">
                <button class="btn btn-small btn-primary" data-test="confirm-import" on:click=move |_| on_confirm.run(())>"确认导入"</button>
                <button class="btn btn-small" on:click=move |_| on_cancel.run(())>"取消"</button>
            </div>
            <p class="muted">"确认前不会写入任何内容。"</p>
            <details class="preview-details" data-test="preview-details" open=p.files <= 1>
                <summary>"查看详细内容"</summary>
                {list("将新增", p.added, "preview-added")}
                {list("将更新", p.changed, "preview-changed")}
                {list("签名密钥", p.keys, "preview-keys")}
                {list("不会导入", ignored, "preview-ignored")}
                {p.signatures.into_iter().map(|l| view! { <p class="muted" data-test="preview-signature">{l}</p> }).collect_view()}
            </details>
        </div>
    }
}

/// The page a sync link opens: reads the payload from the fragment, then the same preview.
#[component]
pub fn ImportLink(data: String) -> impl IntoView {
    // The payload, inflated once the page opens.
    let text = LocalResource::new(move || {
        let data = data.clone();
        async move { link_text(&data).await }
    });
    view! {
        {move || match text.get() {
            None => view! { <p class="intro muted">"正在读取……"</p> }.into_any(),
            // Where the link cannot be read, the text the sender can send instead is pasted here.
            Some(Err(e)) => view! { <ReceivePanel unread=e/> }.into_any(),
            Some(Ok(t)) => view! {
                <p class="intro muted">"这是别人发给您的同步链接。请先核对下面的内容，确认后才会保存到本机。"</p>
                <ReceivePanel initial=t/>
            }.into_any(),
        }}
    }
}
