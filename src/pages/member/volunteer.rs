//! 志愿服务 → 志愿北京 → 注册: real-name details from the profile, 服务区域, 籍贯, 居住区域,
//! volunteer directions; from China's divisions (Beijing first), fetched when the page opens; from age 14, guardian consent under 18
//! (checked by the core).

use super::current_member;
use super::handover::ApplicationHandover;
use crate::core::commands::{Command, Refusal, VolunteerForm};
use crate::core::divisions::{self, Divisions};
use crate::core::model::VOLUNTEER_DIRECTIONS;
use crate::core::view_error::ViewError;
use crate::nav::link;
use crate::route::Route;
use crate::store::browser;
use crate::store::use_store;
use crate::widgets::form::{toggle, CheckField, ErrorBar};
use crate::widgets::layout::{Cell, Cells, LoginNeeded, ResultPage};
use crate::widgets::region::RegionPicker;
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;

/// The divisions data: not loaded, loaded, or failed (offline).
#[derive(Clone)]
enum Loading {
    Pending,
    Ready(Arc<Divisions>),
    Failed,
}

fn load_divisions(into: RwSignal<Loading>) {
    into.set(Loading::Pending);
    leptos::task::spawn_local(async move {
        let r = browser::fetch_text(&format!("./{}", divisions::FILE)).await.ok().and_then(|t| Divisions::parse(&t));
        into.set(match r {
            Some(d) => Loading::Ready(Arc::new(d)),
            None => Loading::Failed,
        });
    });
}

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let store = use_store();
    let area = RwSignal::new(String::new());
    let native = RwSignal::new(String::new());
    let residence = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let guardian = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<ViewError>::new());
    let data = RwSignal::new(Loading::Pending);
    load_divisions(data);
    // What this page draws from: marking the hand-over sent must not redraw it.
    let member = Memo::new(move |_| current_member(store).map(|(_, m)| (m.profile, m.volunteer)));
    move || {
        let Some((profile, volunteer)) = member.get() else { return view! { <LoginNeeded who="团员"/> }.into_any() };
        let Some(p) = profile else {
            return view! {
                <ResultPage ok=false title="请先完善个人信息" text="志愿者实名注册使用您的团员信息。">
                    <A href=link(&Route::Profile) attr:class="btn btn-primary">"完善个人信息"</A>
                </ResultPage>
            }
            .into_any();
        };
        if let Some(v) = volunteer {
            return view! {
                <ResultPage ok=true title="已注册为志愿者" text=format!("服务区域：{}；志愿方向：{}", v.service_area, v.directions.join("、"))>
                    <A href=link(&Route::Home) attr:class="btn">"回到首页"</A>
                </ResultPage>
                <ApplicationHandover/>
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
            // Every problem at once; each message names its field.
            errors.set(match store.dispatch(Command::RegisterVolunteer(form)) {
                Ok(_) => Vec::new(),
                Err(Refusal::Fields(list)) => list.into_iter().map(|e| e.error.into()).collect(),
                Err(Refusal::One(e)) => vec![e.into()],
            });
        };
        let pickers = move || match data.get() {
            Loading::Pending => view! { <p class="field-hint" data-test="divisions-loading">"正在加载行政区划……"</p> }.into_any(),
            Loading::Failed => view! {
                <p class="field-error">"行政区划数据加载失败，请检查网络后重试。"</p>
                <button class="btn btn-small" type="button" on:click=move |_| load_divisions(data)>"重试"</button>
            }
            .into_any(),
            Loading::Ready(d) => view! {
                <RegionPicker label="选择服务区域" value=area divisions=d.clone() levels=3 beijing_first=true test="service-area"/>
                <RegionPicker label="选择籍贯" value=native divisions=d.clone() levels=2 beijing_first=false test="native-place"/>
                <RegionPicker label="选择居住区域" value=residence divisions=d levels=3 beijing_first=true test="residence"/>
            }
            .into_any(),
        };
        view! {
            <form on:submit=submit novalidate=true>
                <ErrorBar errors=errors/>
                <Cells title="实名信息（来自团员信息）">
                    <Cell label="姓名" value=p.name.to_string()/>
                    <Cell label="身份证号" value=p.id_number.masked()/>
                </Cells>
                <div class="form">
                    {pickers}
                    <fieldset class="field">
                        <legend class="field-label">"志愿方向（可多选）"</legend>
                        {VOLUNTEER_DIRECTIONS.iter().map(|d| {
                            let d = d.to_string();
                            let (d1, d2) = (d.clone(), d.clone());
                            view! {
                                <label class="check"><input type="checkbox"
                                    prop:checked=move || chosen.get().contains(&d1)
                                    on:change=move |_| chosen.update(|v| toggle(v, d2.clone()))/>
                                    <span>{d}</span></label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <CheckField label="监护人已同意（未满18周岁须勾选）" checked=guardian test="guardian"/>
                </div>
                <div class="btn-area"><button class="btn btn-primary" type="submit" data-test="volunteer-submit">"注册"</button></div>
            </form>
        }
        .into_any()
    }
}
