//! A paste box for texts of any length: a long paste (a whole file's text, a college's list) is
//! kept aside, not put in the box, since a phone's browser takes seconds to lay out megabytes in a
//! text box; the box then says how long it is, with 清除.

use crate::core::notices::{long_paste, LONG_PASTE};
use leptos::prelude::*;

#[component]
pub fn PasteBox(
    /// What was typed or pasted, whatever its length.
    value: RwSignal<String>,
    id: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] test: &'static str,
    /// Runs after a long paste was kept aside (to read it at once).
    #[prop(optional)]
    on_long: Option<Callback<()>>,
) -> impl IntoView {
    let long = move || value.with(|v| v.len() > LONG_PASTE);
    let paste = move |ev: web_sys::ClipboardEvent| {
        let text = ev.clipboard_data().and_then(|d| d.get_data("text").ok()).unwrap_or_default();
        if text.len() > LONG_PASTE {
            ev.prevent_default();
            // Added to what is there, as a paste into the box would be (several messages pasted).
            value.update(|v| {
                if !v.trim().is_empty() {
                    v.push('\n');
                } else {
                    v.clear();
                }
                v.push_str(&text);
            });
            if let Some(f) = on_long {
                f.run(());
            }
        }
    };
    view! {
        <Show when=long>
            <div class="long-paste" data-test="long-paste">
                <span>{move || value.with(|v| long_paste(v.len(), v.lines().count()))}</span>
                <button class="btn btn-small" type="button" on:click=move |_| value.set(String::new())>"清除"</button>
            </div>
        </Show>
        <textarea id=id class=class data-test=test placeholder=placeholder hidden=long
            prop:value=move || if long() { String::new() } else { value.get() }
            on:input=move |ev| value.set(event_target_value(&ev)) on:paste=paste></textarea>
    }
}
