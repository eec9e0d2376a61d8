//! 同步与备份: sending a sync file (text to copy, a link, a QR code, a download where downloads work)
//! and receiving one (paste, file, link) with a preview before anything is written, and 撤销.

use crate::app::absolute_link;
use crate::core::auth::check_new_password;
use crate::core::commands::Command;
use crate::core::date::format_day;
use crate::core::error::SyncError;
use crate::core::sync::import::{plan, Plan, Preview};
use crate::core::sync::select::kinds_for;
use crate::core::sync::{classify_text, open_any, Kind, LinkPayload, Opened, Received, COMPRESS_ABOVE, MAX_FILE_BYTES, MAX_LINK_PAYLOAD};
use crate::route::Route;
use crate::store::{browser, use_store, Store};
use crate::widgets::download::{download_bytes, in_wechat};
use crate::widgets::export::copy_textarea;
use crate::widgets::form::TextField;
use crate::widgets::layout::Cells;
use crate::widgets::qr::{qr_fits, QrImage};
use leptos::prelude::*;

/// What each kind is for, in the guide's words.
fn purpose(kind: Kind) -> &'static str {
    match kind {
        Kind::Application => "把您的个人信息和入团申请发给团支书（团支部在自己的手机上导入后即可审核）。",
        Kind::Decisions => "把审核结果发回给申请人（文件里没有任何人的手机号、身份证号）。",
        Kind::Registration => "把本团支部的注册信息发给发放注册码的团委。",
        Kind::Report => "把本组织的团员、申请和问题清单上报给上级团委，上级据此统计。",
        Kind::Directory => "组织目录（只有组织名称，不含个人信息）：发给下级团支部和团员，或下载为 directory.json 放到网站上。",
        Kind::Backup => "本机全部数据（不含密码）。保存到“文件传输助手”，换手机或数据被清除时可恢复。",
    }
}

/// 发送: the kinds this role can write, and the chosen one's channels.
#[component]
pub fn SendPanel() -> impl IntoView {
    let store = use_store();
    let chosen = RwSignal::new(None::<Kind>);
    view! {
        <Cells title="发送给他人 / 备份">
            {move || kinds_for(store.actor()).iter().map(|&kind| view! {
                <button class="cell cell-button" data-test=format!("send-{kind:?}").to_lowercase() on:click=move |_| chosen.set(Some(kind))>
                    <span class="cell-label">{kind.label()}</span>
                    <span class="cell-value muted">{purpose(kind)}</span>
                </button>
            }).collect_view()}
        </Cells>
        {move || chosen.get().map(|kind| view! { <SyncOut kind=kind/> })}
    }
}

#[component]
fn SyncOut(kind: Kind) -> impl IntoView {
    let store = use_store();
    let now = browser::now();
    let file = store.state.with_untracked(|s| s.sync_file(store.actor.get_untracked(), kind, now));
    let Some(file) = file else {
        return view! { <p class="intro muted" data-test="nothing-to-send">"没有可发送的内容：请先完成相应的操作（如填写信息、提出申请、完成注册）。"</p> }.into_any();
    };
    let json = file.encode();
    let large = json.len() > COMPRESS_ABOVE;
    // A large file is offered compressed (the same form as a link's payload): the JSON of 10,000
    // members is several MB, over the import limit and unwieldy to copy.
    let text = RwSignal::new((!large).then(|| json.clone()));
    let link = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<&'static str>);
    let json2 = json.clone();
    leptos::task::spawn_local(async move {
        let payload = match browser::deflate(&json2).await {
            Some(bytes) => LinkPayload::Deflated(bytes),
            None => LinkPayload::Plain(json2),
        };
        let param = payload.to_param();
        if large {
            text.set(Some(param.clone()));
        }
        if param.len() <= MAX_LINK_PAYLOAD {
            link.set(Some(absolute_link(&Route::Import { data: param })));
        } else {
            link.set(Some(String::new()));
        }
    });
    let filename = format!("团员报到-{}-{}.{}", kind.label(), format_day(now), if large { "txt" } else { "json" });
    let download = move |_| {
        let Some(t) = text.get_untracked() else { return };
        if download_bytes(t.as_bytes(), &filename, if large { "text/plain" } else { "application/json" }).is_ok() {
            store.mark_exported();
        }
    };
    let copy = move |id: &'static str| {
        let ok = copy_textarea(id);
        if ok {
            store.mark_exported();
        }
        copied.set(Some(if ok { "已复制。请粘贴到微信聊天（发给对方或“文件传输助手”）。" } else { "请长按文本框，全选后复制。" }));
    };
    view! {
        <div class="item" data-test="sync-out">
            <div class="item-title">{kind.label()}</div>
            <p class="muted">{format!("{}：{}", kind.label(), file.from_name)}</p>
            <label class="muted" for="sync-text">"① 复制文本，在微信里发给对方；对方在“数据与备份 → 导入”中粘贴。"</label>
            {large.then(|| view! { <p class="muted" data-test="sync-compressed">{format!("内容较多（{} KB），已压缩为一段文字；对方原样粘贴或选择文件即可导入。", json.len() / 1024)}</p> })}
            <textarea id="sync-text" class="readonly-box" readonly=true data-test="sync-text">{move || text.get().unwrap_or_else(|| "正在压缩……".into())}</textarea>
            <div class="item-actions">
                <button class="btn btn-small btn-primary" data-test="copy-sync" on:click=move |_| copy("sync-text")>"复制"</button>
                {(!in_wechat()).then(|| view! { <button class="btn btn-small" data-test="download-sync" on:click=download>"下载文件"</button> })}
            </div>
            {move || copied.get().map(|m| view! { <p class="muted" role="status">{m}</p> })}
            {move || match link.get() {
                None => view! { <p class="muted">"正在生成链接……"</p> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="muted" data-test="no-link">"内容较多，无法放进链接或二维码：请用上面的文本或文件。"</p> }.into_any(),
                Some(l) => {
                    let fits = qr_fits(&l);
                    view! {
                        <label class="muted" for="sync-link">"② 或发送链接：对方在微信里点开即可导入（数据在链接的 # 之后，不会发送到网站）。"</label>
                        <textarea id="sync-link" class="readonly-box short" readonly=true data-test="sync-link">{l.clone()}</textarea>
                        <div class="item-actions">
                            <button class="btn btn-small" data-test="copy-link" on:click=move |_| copy("sync-link")>"复制链接"</button>
                        </div>
                        {if fits {
                            view! {
                                <p class="muted">"③ 或让对方长按识别二维码（当面，或截图发给对方）："</p>
                                <div data-test="sync-qr"><QrImage text=l alt=format!("{}二维码", kind.label())/></div>
                            }.into_any()
                        } else {
                            view! { <p class="muted" data-test="no-qr">"内容较多，放不进一个二维码：请用文本或链接。"</p> }.into_any()
                        }}
                    }.into_any()
                }
            }}
            {(kind == Kind::Directory).then(|| view! {
                <p class="muted">"部署者可把下载的文件改名为 directory.json，放在网站 index.html 旁边：团员打开应用时会自动读取，无需交换文件即可找到团支部。"</p>
            })}
        </div>
    }
    .into_any()
}

/// Reads a sync file's text (from a paste, a file or a link) and plans its import. The body's digest
/// is computed by the browser's WebCrypto where it can be (see `sync::Opened`).
async fn read(store: Store, text: &str, inflated: bool) -> Result<Plan, SyncError> {
    let now = browser::now();
    let file = match open_any(text, now, inflated)? {
        Opened::File(envelope) => {
            let digest = browser::sha256_hex(envelope.body()).await;
            envelope.read(now, digest)?
        }
        Opened::Copy(file) => file,
    };
    store.state.with_untracked(|s| plan(s, &file))
}

/// Reads a received text: a sync file's JSON, or a compressed payload (a large file, or a pasted
/// link) that the browser inflates first.
async fn read_received(store: Store, text: String) -> Result<Plan, SyncError> {
    match classify_text(&text)? {
        Received::Json(json) => read(store, json, false).await,
        Received::Payload(LinkPayload::Plain(json)) => read(store, &json, false).await,
        Received::Payload(LinkPayload::Deflated(bytes)) => {
            let json = browser::inflate(&bytes).await.ok_or(SyncError::BadLink)?;
            read(store, &json, true).await
        }
    }
}

/// The text of an import link's payload, inflated by the browser if it was compressed.
pub async fn link_text(param: &str) -> Result<String, SyncError> {
    match LinkPayload::parse(param)? {
        LinkPayload::Plain(t) => Ok(t),
        LinkPayload::Deflated(bytes) => browser::inflate(&bytes).await.ok_or(SyncError::BadLink),
    }
}

/// 导入: a paste box and a file picker, the preview, 确认导入 / 取消, and 撤销 afterwards.
/// `initial` is a file's text already read (from a link), previewed at once.
#[component]
pub fn ReceivePanel(#[prop(optional)] initial: Option<String>) -> impl IntoView {
    let store = use_store();
    let pasted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<SyncError>);
    let pending = RwSignal::new(None::<Plan>);
    let done = RwSignal::new(None::<String>);
    let owner = RwSignal::new(None::<crate::core::model::AccountId>);
    let reading = RwSignal::new(false);
    let preview_text = move |text: String| {
        done.set(None);
        reading.set(true);
        leptos::task::spawn_local(async move {
            let result = read_received(store, text).await;
            reading.set(false);
            match result {
                Ok(p) => {
                    error.set(None);
                    pending.set(Some(p));
                }
                Err(e) => {
                    pending.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    if let Some(t) = initial {
        preview_text(t);
    }
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > MAX_FILE_BYTES as f64 {
            pending.set(None);
            error.set(Some(SyncError::TooLarge { bytes: file.size() as usize }));
            return;
        }
        leptos::task::spawn_local(async move {
            match browser::file_text(&file).await {
                Ok(text) => preview_text(text),
                Err(_) => error.set(Some(SyncError::NotSyncFile)),
            }
        });
    };
    let confirm = move |_| {
        let mut taken = None;
        pending.update(|p| taken = p.take());
        let Some(p) = taken else { return };
        let summary = format!("已导入“{}”的{}。", p.from_name, p.kind.label());
        owner.set(p.restored_owner());
        store.import(p);
        pasted.set(String::new());
        done.set(Some(summary));
    };
    let undo = move |_| {
        if store.undo_import() {
            done.set(Some("已撤销本次导入，本机数据已恢复原样。".into()));
        } else {
            done.set(Some("导入后本机又有新的改动，不能撤销（以免丢失这些改动）。".into()));
        }
        owner.set(None);
    };
    view! {
        <Cells title="导入（接收他人发来的内容或恢复备份）">
            <div class="item">
                <label class="muted" for="sync-paste">"把对方发来的文本粘贴到这里："</label>
                <textarea id="sync-paste" class="paste-box" data-test="sync-paste" prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <div class="item-actions">
                    <button class="btn btn-small btn-primary" data-test="read-sync" disabled=move || reading.get() on:click=move |_| preview_text(pasted.get_untracked())>
                        {move || if reading.get() { "正在读取……" } else { "读取" }}
                    </button>
                    <label class="btn btn-small file-button">"选择文件"
                        <input type="file" accept=".json,application/json,text/plain" data-test="sync-file" on:change=on_file/>
                    </label>
                </div>
            </div>
        </Cells>
        {move || error.get().map(|e| view! { <div class="error-bar" role="alert" data-test="sync-error"><p>{e.to_string()}</p></div> })}
        // Only the preview is read: the plan's merged state (10,000 members on a committee's phone) is
        // never copied for the view.
        {move || pending.with(|p| p.as_ref().map(|p| (p.from_name.clone(), p.kind, p.preview.clone()))).map(|(from_name, kind, preview)| view! {
            <PreviewCard from_name kind preview on_confirm=Callback::new(confirm) on_cancel=Callback::new(move |_| pending.set(None))/>
        })}
        {move || done.get().map(|m| view! {
            <div class="item" data-test="sync-done" role="status">
                <p>{m}</p>
                <Show when=move || store.last_import.with(|l| l.is_some())>
                    <div class="item-actions"><button class="btn btn-small" data-test="undo-import" on:click=undo>"撤销本次导入"</button></div>
                </Show>
            </div>
        })}
        {move || owner.get().map(|account| view! { <ClaimPassword account=account/> })}
    }
}

#[component]
fn PreviewCard(from_name: String, kind: Kind, preview: Preview, on_confirm: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let p = preview;
    let list = |title: &'static str, lines: Vec<String>, test: &'static str| {
        (!lines.is_empty()).then(|| view! {
            <h3 class="preview-title">{title}</h3>
            <ul class="preview-list" data-test=test>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        })
    };
    let ignored: Vec<String> = p.ignored.iter().map(|(i, n)| format!("{}：{} 条", i.label(), n)).collect();
    view! {
        <div class="item preview" data-test="sync-preview">
            <div class="item-title">{format!("来自“{}”的{}", from_name, kind.label())}</div>
            <p class="muted">"确认前不会写入任何内容。"</p>
            {list("将新增", p.added, "preview-added")}
            {list("将更新", p.changed, "preview-changed")}
            {list("需要确认的冲突（两处作出了不同的处理，导入后由团支部或团委确认）", p.conflicts, "preview-conflicts")}
            {list("不会导入", ignored, "preview-ignored")}
            <div class="item-actions">
                <button class="btn btn-small btn-primary" data-test="confirm-import" on:click=move |_| on_confirm.run(())>"确认导入"</button>
                <button class="btn btn-small" on:click=move |_| on_cancel.run(())>"取消"</button>
            </div>
        </div>
    }
}

/// After restoring a backup onto a new device: the owner sets a new password (none travelled).
#[component]
fn ClaimPassword(account: crate::core::model::AccountId) -> impl IntoView {
    let store = use_store();
    let login = store.state.with_untracked(|s| s.accounts.get(&account).map(|a| a.login.clone()).unwrap_or_default());
    let pw = RwSignal::new(String::new());
    let pw2 = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b) = (pw.get_untracked(), pw2.get_untracked());
        if let Err(e) = check_new_password(&a, &b) {
            error.set(Some(e.to_string()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = match browser::hash_password(&a).await {
                Ok(password) => store.dispatch(Command::ClaimRestoredAccount { account, password }).map(|_| ()).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    store.session.set(Some(account));
                    store.info("新密码已设置，已登录。".into());
                    crate::app::go(&Route::Me);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="item" data-test="claim-password" on:submit=submit>
            <div class="item-title">{format!("为账号 {login} 设置新密码")}</div>
            <p class="muted">"备份里没有密码。这台设备是新恢复的，请为备份所属的账号设置新密码后登录。"</p>
            <div class="form">
                <TextField label="新密码" value=pw kind="password" autocomplete="new-password" test="claim-pw"/>
                <TextField label="再次输入新密码" value=pw2 kind="password" autocomplete="new-password" test="claim-pw2"/>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button class="btn btn-primary" type="submit" disabled=move || busy.get()>{move || if busy.get() { "正在设置……" } else { "设置并登录" }}</button>
        </form>
    }
}

/// The page a sync link opens: reads the payload from the fragment, then the same preview.
#[component]
pub fn ImportLink(data: String) -> impl IntoView {
    let text = RwSignal::new(None::<Result<String, SyncError>>);
    leptos::task::spawn_local(async move {
        text.set(Some(link_text(&data).await));
    });
    view! {
        <p class="intro muted">"这是别人发给您的同步链接。请先核对下面的内容，确认后才会保存到本机。"</p>
        {move || match text.get() {
            None => view! { <p class="intro muted">"正在读取……"</p> }.into_any(),
            Some(Err(e)) => view! { <div class="error-bar" role="alert" data-test="sync-error"><p>{e.to_string()}</p></div> }.into_any(),
            Some(Ok(t)) => view! { <ReceivePanel initial=t/> }.into_any(),
        }}
    }
}

