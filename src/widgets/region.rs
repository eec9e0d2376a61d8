//! The region picker: 省 → 市 → 区县 from the shipped divisions data, Beijing first where asked.

use crate::core::divisions::Divisions;
use leptos::prelude::*;
use std::sync::Arc;

/// Three linked selects writing `value` as `北京市 海淀区`. `levels` is 2 (province, city) or 3.
#[component]
pub fn RegionPicker(
    label: &'static str,
    value: RwSignal<String>,
    divisions: Arc<Divisions>,
    levels: u8,
    beijing_first: bool,
    test: &'static str,
) -> impl IntoView {
    // Start from what is already chosen, else Beijing where it comes first.
    let current: Vec<String> = value.get_untracked().split(' ').map(str::to_string).filter(|s| !s.is_empty()).collect();
    let start_province =
        current.first().cloned().unwrap_or_else(|| if beijing_first { crate::core::divisions::BEIJING.into() } else { String::new() });
    let province = RwSignal::new(start_province);
    let d1 = divisions.clone();
    let cities = Memo::new(move |_| d1.cities(&province.get()));
    let single_city = move || cities.with(|c| c.len() == 1);
    let city = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    // Restore a saved choice (municipalities have no city part in the label).
    if let Some(second) = current.get(1) {
        if cities.get_untracked().contains(second) {
            city.set(second.clone());
            district.set(current.get(2).cloned().unwrap_or_default());
        } else {
            district.set(second.clone());
        }
    }
    // A municipality's one city is chosen for the user.
    Effect::new(move |_| {
        let c = cities.get();
        if c.len() == 1 {
            city.set(c[0].clone());
        } else if !c.contains(&city.get_untracked()) {
            city.set(String::new());
        }
    });
    let d2 = divisions.clone();
    let districts = Memo::new(move |_| d2.districts(&province.get(), &city.get()));
    Effect::new(move |_| {
        if !districts.with(|d| d.contains(&district.get_untracked())) {
            district.set(String::new());
        }
    });
    Effect::new(move |_| {
        let (p, c, d) = (province.get(), city.get(), district.get());
        let complete = !p.is_empty() && !c.is_empty() && (levels < 3 || !d.is_empty());
        value.set(if complete { Divisions::label(&p, &c, if levels >= 3 { &d } else { "" }) } else { String::new() });
    });
    let provinces = divisions.province_names(beijing_first);
    let select = move |sig: RwSignal<String>, options: Signal<Vec<String>>, placeholder: &'static str, t: String, aria: String| {
        view! {
            <select class="field-input" data-test=t aria-label=aria
                on:change=move |ev| sig.set(event_target_value(&ev))
                prop:value=move || sig.get()>
                <option value="" selected=move || sig.get().is_empty()>{placeholder}</option>
                {move || options.get().into_iter().map(|o| {
                    let (sel, text) = (o.clone(), o.clone());
                    view! { <option value=o selected=move || sig.get() == sel>{text}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <fieldset class="field">
            <legend class="field-label">{label}</legend>
            <div class="region">
                {select(province, Signal::stored(provinces), "省份", format!("{test}-province"), format!("{label}：省份"))}
                <Show when=move || !single_city()>
                    {select(city, cities.into(), "城市", format!("{test}-city"), format!("{label}：城市"))}
                </Show>
                {(levels >= 3).then(|| select(district, districts.into(), "区县", format!("{test}-district"), format!("{label}：区县")))}
            </div>
        </fieldset>
    }
}
