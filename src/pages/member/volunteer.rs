//! 志愿服务 → 志愿北京 → 注册: real-name details from the profile, 服务区域, 籍贯, 居住区域,
//! volunteer directions; from age 14, guardian consent under 18 (checked by the core).

use super::current_member;
use crate::core::commands::{Command, VolunteerForm};
use crate::core::rules::mask_id;
use crate::route::Route;
use crate::store::use_store;
use crate::widgets::form::{CheckField, ErrorBar, SelectField, TextField};
use crate::widgets::layout::{Cell, Cells, LoginNeeded, ResultPage};
use leptos::prelude::*;

/// Beijing's 16 districts, offered first for service and residence.
const BEIJING: [&str; 16] = [
    "东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区",
    "怀柔区", "平谷区", "密云区", "延庆区",
];
const DIRECTIONS: [&str; 8] = ["社区服务", "大型赛会", "应急救援", "文化宣传", "扶贫助困", "环境保护", "科技科普", "医疗卫生"];

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let store = use_store();
    let area = RwSignal::new(String::new());
    let native = RwSignal::new(String::new());
    let residence = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let guardian = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<String>::new());
    move || {
        let Some((_, m)) = current_member(store) else { return view! { <LoginNeeded who="团员"/> }.into_any() };
        let Some(p) = m.profile.clone() else {
            return view! {
                <ResultPage ok=false title="请先完善个人信息" text="志愿者实名注册使用您的团员信息。">
                    <a class="btn btn-primary" href=Route::Profile.to_hash()>"完善个人信息"</a>
                </ResultPage>
            }.into_any();
        };
        if let Some(v) = m.volunteer.clone() {
            return view! {
                <ResultPage ok=true title="已注册为志愿者" text=format!("服务区域：{}；志愿方向：{}", v.service_area, v.directions.join("、"))>
                    <a class="btn" href=Route::Home.to_hash()>"回到首页"</a>
                </ResultPage>
            }.into_any();
        }
        let submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let form = VolunteerForm {
                service_area: area.get_untracked(),
                native_place: native.get_untracked(),
                residence: residence.get_untracked(),
                directions: chosen.get_untracked(),
                guardian_consent: guardian.get_untracked(),
            };
            match store.dispatch(Command::RegisterVolunteer(form)) {
                Ok(_) => errors.set(Vec::new()),
                Err(e) => errors.set(vec![e.to_string()]),
            }
        };
        let districts = BEIJING.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        view! {
            <form on:submit=submit novalidate=true>
                <ErrorBar errors=errors/>
                <Cells title="实名信息（来自团员信息）">
                    <Cell label="姓名" value=p.name.clone()/>
                    <Cell label="身份证号" value=mask_id(&p.id_number)/>
                </Cells>
                <div class="form">
                    <SelectField label="选择服务区域" value=area options=districts.clone() test="service-area"/>
                    <TextField label="选择籍贯" value=native test="native-place" placeholder="例如 北京市 / 河北省石家庄市"/>
                    <SelectField label="选择居住区域" value=residence options=districts test="residence"/>
                    <fieldset class="field">
                        <legend class="field-label">"志愿方向（可多选）"</legend>
                        {DIRECTIONS.iter().map(|d| {
                            let d = d.to_string();
                            let (d1, d2) = (d.clone(), d.clone());
                            view! {
                                <label class="check"><input type="checkbox"
                                    prop:checked=move || chosen.get().contains(&d1)
                                    on:change=move |_| chosen.update(|v| if let Some(i) = v.iter().position(|x| *x == d2) { v.remove(i); } else { v.push(d2.clone()); })/>
                                    <span>{d}</span></label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <CheckField label="监护人已同意（未满18周岁须勾选）" checked=guardian test="guardian"/>
                </div>
                <div class="btn-area"><button class="btn btn-primary" type="submit" data-test="volunteer-submit">"注册"</button></div>
            </form>
        }.into_any()
    }
}
