//! 导出我的数据: everything this device holds about one member, without secrets, as JSON with the
//! guide's words as keys.

use super::model::*;

impl State {
    /// 导出我的数据: everything the device holds about one member, without secrets, as JSON.
    pub fn member_data(&self, id: AccountId) -> Option<String> {
        self.my_data(id).map(|data| crate::core::to_json(&data))
    }

    fn my_data(&self, id: AccountId) -> Option<MyData<'_>> {
        let a = self.accounts.get(&id)?;
        let m = a.member()?;
        let org_name = |b: OrgId| self.orgs.get(&b).map(|o| o.name.as_str()).unwrap_or("");
        let requests = self
            .requests_of(id)
            .into_iter()
            .map(|r| MyRequest {
                kind: r.kind.label(),
                org: org_name(r.branch),
                state: r.state.label(),
                created: crate::core::date::format_day(r.created),
            })
            .collect();
        let data = MyData {
            phone: &a.login,
            profile: m.profile.as_ref().map(|p| MyProfile {
                name: &p.name,
                id_number: &p.id_number,
                birth: p.birth.to_string(),
                sex: p.sex.label(),
                political_status: &p.political_status,
                ethnicity: &p.ethnicity,
                education: &p.education,
                join_month: p.join_month.to_string(),
                member_number: &p.member_number,
                is_student: p.is_student,
                student_no: p.student_no.as_deref(),
                wants_volunteer: p.wants_volunteer,
            }),
            branch: m.branch.map(org_name),
            volunteer: m.volunteer.as_ref().map(|v| MyVolunteer {
                service_area: &v.service_area,
                native_place: &v.native_place,
                residence: &v.residence,
                directions: &v.directions,
                guardian_consent: v.guardian_consent,
                registered: crate::core::date::format_day(v.registered),
            }),
            consent: m.consent.as_ref().map(|c| MyConsent { version: c.version, at: crate::core::date::format_day(c.at) }),
            requests,
        };
        Some(data)
    }
}

/// 导出我的数据, with the guide's words as keys (a typed struct: no JSON value tree in the wasm).
#[derive(serde::Serialize)]
struct MyData<'a> {
    #[serde(rename = "手机号")]
    phone: &'a str,
    #[serde(rename = "个人信息")]
    profile: Option<MyProfile<'a>>,
    #[serde(rename = "团组织")]
    branch: Option<&'a str>,
    #[serde(rename = "志愿者")]
    volunteer: Option<MyVolunteer<'a>>,
    #[serde(rename = "个人信息保护说明")]
    consent: Option<MyConsent>,
    #[serde(rename = "申请")]
    requests: Vec<MyRequest<'a>>,
}

/// The profile in the form's words (the stored document uses short keys: see `core::model`).
#[derive(serde::Serialize)]
struct MyProfile<'a> {
    #[serde(rename = "姓名")]
    name: &'a str,
    #[serde(rename = "身份证号")]
    id_number: &'a str,
    #[serde(rename = "出生日期")]
    birth: String,
    #[serde(rename = "性别")]
    sex: &'a str,
    #[serde(rename = "政治面貌")]
    political_status: &'a str,
    #[serde(rename = "民族")]
    ethnicity: &'a str,
    #[serde(rename = "最高学历")]
    education: &'a str,
    #[serde(rename = "入团年月")]
    join_month: String,
    #[serde(rename = "团员编号")]
    member_number: &'a str,
    #[serde(rename = "是否高校学生")]
    is_student: bool,
    #[serde(rename = "学号")]
    student_no: Option<&'a str>,
    #[serde(rename = "注册成为志愿者")]
    wants_volunteer: bool,
}

#[derive(serde::Serialize)]
struct MyVolunteer<'a> {
    #[serde(rename = "服务区域")]
    service_area: &'a str,
    #[serde(rename = "籍贯")]
    native_place: &'a str,
    #[serde(rename = "居住区域")]
    residence: &'a str,
    #[serde(rename = "志愿方向")]
    directions: &'a [String],
    #[serde(rename = "监护人同意")]
    guardian_consent: bool,
    #[serde(rename = "注册时间")]
    registered: String,
}

#[derive(serde::Serialize)]
struct MyConsent {
    #[serde(rename = "版本")]
    version: u32,
    #[serde(rename = "同意时间")]
    at: String,
}

#[derive(serde::Serialize)]
struct MyRequest<'a> {
    #[serde(rename = "类型")]
    kind: &'a str,
    #[serde(rename = "团组织")]
    org: &'a str,
    #[serde(rename = "状态")]
    state: &'a str,
    #[serde(rename = "申请时间")]
    created: String,
}
