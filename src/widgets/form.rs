//! Form widgets: labelled fields with their error below, the red error bar at the top of a form,
//! buttons. A field is checked when the user leaves it and again on submit (by the page, through
//! the core's rules); the widget only shows what it is given. A refusal is shown where the user
//! is looking: the first wrong field is scrolled into view and focused, or else the error bar.

use crate::core::view_error::ViewError;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How long after leaving a field its check runs (see `TextField`).
const BLUR_CHECK_DELAY_MS: u64 = 250;

/// A labelled text input bound to a signal, with its error below it.
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] kind: &'static str,
    /// A short example shown in the empty field, which fits it at 200% text (`例如 2029`); any
    /// longer guidance is a `hint`, shown below the field in full.
    #[prop(optional)]
    placeholder: &'static str,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] error: Signal<Option<ViewError>>,
    #[prop(optional, into)] readonly: Signal<bool>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    #[prop(optional)] test: &'static str,
    /// The record a field in a list's row is for, so that each row's field has its own id.
    #[prop(optional, into)]
    row: String,
) -> impl IntoView {
    let id = if row.is_empty() { format!("f-{}", test_id(label, test)) } else { format!("f-{}-{row}", test_id(label, test)) };
    let err_id = format!("{id}-err");
    let hint_id = format!("{id}-hint");
    // Read with the field: its hint, then its error.
    let described = if hint.is_empty() { err_id.clone() } else { format!("{hint_id} {err_id}") };
    let kind = if kind.is_empty() { "text" } else { kind };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                class="field-input"
                id=id.clone()
                type=kind
                placeholder=placeholder
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                readonly=move || readonly.get()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=described
                data-test=test
                bind:value=value
                on:blur=move |ev| if let Some(cb) = on_blur {
                    // Shown a moment later: an error appearing at once would push the button the
                    // user is tapping (which is what took the focus away) out from under the finger.
                    // By then the tap may have left the page: check only if the field is still shown.
                    let input: Option<web_sys::Element> = ev.target().and_then(|t| t.dyn_into().ok());
                    set_timeout(
                        move || if input.is_some_and(|i| i.is_connected()) { cb.run(()) },
                        std::time::Duration::from_millis(BLUR_CHECK_DELAY_MS),
                    );
                }
            />
            {(!hint.is_empty()).then(|| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=err_id role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </div>
    }
}

/// A labelled select from fixed options.
#[component]
pub fn SelectField(
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<String>,
    #[prop(optional, into)] error: Signal<Option<ViewError>>,
    #[prop(optional)] test: &'static str,
) -> impl IntoView {
    let id = format!("f-{}", test_id(label, test));
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label class="field-label" for=id.clone()>{label}</label>
            <select class="field-input" id=id data-test=test
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()>
                <option value="" disabled=true selected=move || value.get().is_empty()>"请选择"</option>
                {options.into_iter().map(|o| {
                    let (sel, text) = (o.clone(), o.clone());
                    view! { <option value=o selected=move || value.get() == sel>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </div>
    }
}

/// A labelled choice among fixed options whose words may not fit on one line (a closed `<select>`
/// cuts them off at large text sizes): the choice made shows in full, wrapping, on a row that opens
/// the options as radio buttons, which stay open (arrow keys move through them) until the row is
/// tapped again.
#[component]
pub fn ChoiceField(
    label: &'static str,
    value: RwSignal<String>,
    options: Vec<String>,
    #[prop(optional, into)] error: Signal<Option<ViewError>>,
    #[prop(optional)] test: &'static str,
) -> impl IntoView {
    let name = format!("f-{}", test_id(label, test));
    let open = RwSignal::new(false);
    view! {
        <fieldset class="field" class:field-invalid=move || error.get().is_some() data-test=test>
            <legend class="field-label">{label}</legend>
            <details class="choice" prop:open=move || open.get() on:toggle=move |ev| {
                open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
            }>
                <summary class="field-input choice-summary" data-test=format!("{test}-chosen")>
                    <span class="choice-value">{move || { let v = value.get(); if v.is_empty() { "请选择".to_string() } else { v } }}</span>
                    <span class="choice-change">{move || if open.get() { "收起" } else { "更改" }}</span>
                </summary>
                {options.into_iter().map(|o| {
                    let (checked, chosen) = (o.clone(), o.clone());
                    view! {
                        <label class="check row-check" data-test=format!("{test}-option")>
                            <input type="radio" name=name.clone() value=o.clone()
                                prop:checked=move || value.get() == checked
                                on:change=move |_| value.set(chosen.clone())/>
                            <span>{o}</span>
                        </label>
                    }
                }).collect_view()}
            </details>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.to_string())}</p>
        </fieldset>
    }
}

/// A checkbox with its label.
#[component]
pub fn CheckField(label: &'static str, checked: RwSignal<bool>, #[prop(optional)] test: &'static str) -> impl IntoView {
    view! {
        <label class="check">
            <input type="checkbox" data-test=test bind:checked=checked/>
            <span>{label}</span>
        </label>
    }
}

/// Brings a refusal to where the user is looking, once the page shows it: the first field marked
/// wrong is scrolled to the top of the screen and focused; with none marked, the error bar is
/// scrolled into view.
pub fn show_first_problem() {
    request_animation_frame(|| {
        let doc = document();
        let field = doc.query_selector(".field-invalid .field-input").ok().flatten();
        let Some(target) = field.clone().or_else(|| doc.query_selector(".error-bar").ok().flatten()) else { return };
        // The top of the element at the top of the screen, below the bars (`scroll-margin`).
        target.scroll_into_view();
        if let Some(input) = field.and_then(|f| f.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = input.focus();
        }
    });
}

/// Keeps a focused field in sight: below the top bar, and above the on-screen keyboard where the
/// browser reports the visible part (`visualViewport`). WebKit ignores the fields' `scroll-margin`
/// when it scrolls a focused field into view, and the keyboard takes a moment to open: the field is
/// checked 50 ms and 400 ms after the focus moves, and whenever the visible part changes size.
/// Installed once, by the app's frame.
pub fn keep_focused_field_in_view() {
    fn keep() {
        let (w, doc) = (window(), document());
        let Some(field) = doc.active_element().filter(|f| matches!(f.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")) else {
            return;
        };
        let bar = doc.query_selector(".topbar").ok().flatten().map_or(0.0, |b| b.get_bounding_client_rect().bottom());
        let (top, bottom) = (
            bar + 8.0,
            match w.visual_viewport() {
                Some(v) => v.offset_top() + v.height(),
                None => w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0),
            } - 8.0,
        );
        let r = field.get_bounding_client_rect();
        if r.bottom() > bottom {
            w.scroll_by_with_x_and_y(0.0, (r.bottom() - bottom).min(r.top() - top));
        } else if r.top() < top {
            w.scroll_by_with_x_and_y(0.0, r.top() - top);
        }
    }
    // For the life of the page: the frame that installs it is never unmounted.
    let _ = window_event_listener(leptos::ev::focusin, |_| {
        set_timeout(keep, std::time::Duration::from_millis(50));
        set_timeout(keep, std::time::Duration::from_millis(400));
    });
    if let Some(v) = window().visual_viewport() {
        let resize = wasm_bindgen::closure::Closure::<dyn Fn()>::new(keep);
        let _ = v.add_event_listener_with_callback("resize", resize.as_ref().unchecked_ref());
        resize.forget();
    }
}

/// Scrolls a panel that a tap has just opened into view. Put it first inside the panel.
#[component]
pub fn Reveal() -> impl IntoView {
    let node = NodeRef::<leptos::html::Span>::new();
    Effect::new(move || {
        if let Some(parent) = node.get().and_then(|n| n.parent_element()) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            parent.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    view! { <span node_ref=node hidden=true></span> }
}

/// The red bar at the top of a form listing every problem, when there are any. Each time
/// problems are shown, they are brought into view ([`show_first_problem`]).
#[component]
pub fn ErrorBar(#[prop(into)] errors: Signal<Vec<ViewError>>) -> impl IntoView {
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="error-bar" role="alert" data-test="error-bar">
                {move || {
                    // Drawing the list is the moment they appear (an effect would cost the first load more).
                    show_first_problem();
                    errors.get().into_iter().map(|e| view! { <p>{e.to_string()}</p> }).collect_view()
                }}
            </div>
        </Show>
    }
}

fn test_id(label: &str, test: &str) -> String {
    if test.is_empty() {
        label.bytes().map(|b| format!("{b:02x}")).collect::<String>()
    } else {
        test.to_string()
    }
}

/// A form's full-width submit button that shows progress while slow work (password hashing) runs.
#[component]
pub fn SubmitButton(
    label: &'static str,
    busy_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    #[prop(optional)] test: &'static str,
) -> impl IntoView {
    view! {
        <div class="btn-area">
            <button class="btn btn-primary" type="submit" data-test=test disabled=move || busy.get()
                aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { busy_label } else { label }}
            </button>
        </div>
    }
}

/// The inline prompt for an action that needs a reason (退回, 撤回): the reason, confirm, cancel.
/// A refused reason shows under the field (the caller brings it into view: [`show_first_problem`]).
#[component]
pub fn ReasonPrompt(
    label: &'static str,
    value: RwSignal<String>,
    confirm_label: &'static str,
    /// `data-test` of the field; the confirm button gets the same with `-confirm`.
    test: &'static str,
    #[prop(into)] error: Signal<Option<ViewError>>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let confirm_test = format!("{test}-confirm");
    view! {
        <TextField label=label value=value test=test error=error/>
        <div class="item-actions">
            <button class="btn btn-small btn-warn" data-test=confirm_test on:click=move |_| on_confirm.run(())>{confirm_label}</button>
            <button class="btn btn-small" on:click=move |_| on_cancel.run(())>"取消"</button>
        </div>
    }
}

/// A checkbox list's selection: `item` taken out if chosen, else added.
pub fn toggle<T: PartialEq>(chosen: &mut Vec<T>, item: T) {
    match chosen.iter().position(|x| *x == item) {
        Some(i) => {
            chosen.remove(i);
        }
        None => chosen.push(item),
    }
}

/// A form's refusals, every problem at once: listed in the error bar (`bar`), each also under its
/// field (`of`). A refusal that names no field goes to the bar alone.
#[derive(Clone, Copy)]
pub struct FormErrors {
    pub bar: RwSignal<Vec<ViewError>>,
    pub fields: RwSignal<Vec<crate::core::profile::FieldError>>,
}

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors { bar: RwSignal::new(Vec::new()), fields: RwSignal::new(Vec::new()) }
    }

    /// Shows these fields' problems (none: clears them).
    pub fn show(self, list: Vec<crate::core::profile::FieldError>) {
        self.bar.set(list.iter().cloned().map(ViewError::from).collect());
        self.fields.set(list);
    }

    /// Shows a refusal that names no field.
    pub fn one(self, error: impl Into<ViewError>) {
        self.fields.set(Vec::new());
        self.bar.set(vec![error.into()]);
    }

    /// The problem of one field, for its `error` prop.
    pub fn of(self, field: crate::core::profile::Field) -> Signal<Option<ViewError>> {
        Signal::derive(move || self.fields.with(|v| v.iter().find(|e| e.field == field).map(|e| e.error.clone().into())))
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}
