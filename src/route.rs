//! The app's routes as ordinary paths under the deployment's sub-path
//! (`https://host/tuan/find/?q=计算机`): leptos_router shows the page for the path (`app.rs`,
//! `pages/mod.rs`); this module is the pure half, tested natively: every page's path and
//! parameters ([`Route::parse`], [`Route::href`]), and the folders the build gives a copy of
//! index.html each ([`PAGES`]), so a link or a reload opens the page on a plain static server.
//! Parameters are in the query string; a sync file's payload is in the fragment, never sent to the
//! host. Links of the form used before (`…/tuan/#/join?…`) are read by the same parser.

use crate::core::model::{OrgId, OrgKind};
use crate::core::sync::Kind;

/// The folder of every page under the deployment's root (the home page is the root itself): the
/// build writes a copy of index.html into each (scripts/routes.mjs reads this list), so that a
/// reload or a link opens the page on a static host with no rewrite rules.
pub const PAGES: [&str; 25] = [
    "start",
    "me",
    "register",
    "profile",
    "find",
    "apply",
    "join",
    "my-org",
    "my-org/send",
    "my-data",
    "forgot",
    "appeal",
    "volunteer",
    "branch",
    "branch/register",
    "committee",
    "committee/codes",
    "committee/handover",
    "committee/new",
    "committee/stats",
    "demo",
    "demo/start",
    "data",
    "data/send",
    "import",
];

/// The path's first segments of the pages only in the full build (see [`Route::full_build_only`]).
pub const FULL_BUILD_SECTIONS: [&str; 8] = crate::names::FULL_SECTIONS;

/// The tab's `window.name` by which the member's build asks the loader in index.html for the full
/// build for the rest of the visit (`store::browser::switch_to_full_build`): read before the first
/// paint, where sessionStorage cost a phone milliseconds. Written once, in `loader/names.js`.
pub const FULL_BUILD_NAME: &str = crate::names::FULL_BUILD;

/// Every page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// 首页: 找组织 / 我的 / 志愿服务, and the first-run demo offer.
    Home,
    /// 从空白开始 on the first-run screen: marks this device as started, then opens [`Route::Home`].
    /// A link, not a button, so that a tap on index.html's copy of the first screen, before the
    /// app has loaded, is kept (ARCHITECTURE.md, "The loader and the first screen in the HTML").
    StartEmpty,
    /// 我的: login, or the account's overview.
    Me,
    /// 创建账号 (phone + password → 我是团员 → 下一步).
    Register,
    /// 完善个人信息.
    Profile,
    /// 找组织: search for the branch, with an optional query.
    Find { query: String },
    /// Confirm 申请加入 / 申请转入 to a branch.
    Apply { branch: OrgId },
    /// A branch's invite link: its public details, so it works on a phone that never saw it.
    /// `key`: the branch's public key (base64url), kept by the member's phone as the branch's.
    /// `demo`: the link was made in the demo (`&demo=1`): a phone with real data refuses it.
    Invite { branch: OrgId, name: String, college: OrgId, college_name: String, key: String, college_key: String, demo: bool },
    /// 我的组织: the member's branch and requests.
    MyOrg,
    /// 发给团支书: the member's application, to hand over (from 我的组织 and the reminders).
    SendApplication,
    /// A hand-over of a branch or committee (审核结果, 组织注册信息, 上报数据, …), in the full build.
    Send { kind: Kind },
    /// 我的数据: 导出我的数据 and 删除我的账号, from 我的 (rarely used: a page of the full build).
    MyData,
    /// 忘记密码.
    Forgot,
    /// 我要申诉.
    Appeal,
    /// 志愿服务 → 志愿北京 注册.
    Volunteer,
    /// 团支部: 我的团员.
    Branch,
    /// 团支部: 立即注册 with the 邀请码 (optionally prefilled from a link). A code link also carries
    /// the issuing committee (`by`, its name, the expiry `until`), so it works on a secretary's
    /// phone that has never seen the school; 0 / empty when typed by hand. `key`: the committee's
    /// public key (base64url), kept by the new branch's phone as the committee's.
    /// `kind`: what the code registers (`&kind=college`, a 团支部 when absent); `demo` as an invite's.
    BranchRegister { code: String, by: u64, by_name: String, until: i64, key: String, kind: OrgKind, demo: bool },
    /// 下级团组织管理.
    Committee,
    /// 下级团组织管理 → 组织注册码.
    Codes,
    /// 下级团组织管理 → 交给新手机: a 重置码 and the 恢复资料 for an organisation's new phone.
    HandOver { org: OrgId },
    /// 建立校团委: a blank phone sets up its school's committee.
    FoundSchool,
    /// 统计: the committee's figures per branch and college, and the problem list.
    Stats,
    /// 演示: switch roles on one device.
    Demo,
    /// 使用演示数据: fills an empty device with the demo school, then opens [`Route::Demo`].
    StartDemo,
    /// 数据与备份: send and receive sync files, backups.
    Data,
    /// A link carrying a sync file in its fragment (`#/import?d=…`), never sent to the host.
    Import { data: String },
    /// Anything else.
    NotFound { path: String },
}

fn decode(s: &str) -> String {
    // Percent-decoding of UTF-8 (the browser encodes non-ASCII in the fragment).
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex_digit(bytes[i + 1]), hex_digit(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_digit(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A name carried in a link handed to people (an invite, a code link): as it is when it is ASCII,
/// else `~` and the base64url of its UTF-8, 4 characters for every 3 bytes where percent-encoding
/// takes 9 for every Chinese character. Links stay plain ASCII, which every chat app links whole.
/// (An ASCII name that starts with `~` is written the second way too, so it reads back as itself.)
fn text_param(s: &str) -> String {
    if s.is_ascii() && !s.starts_with('~') {
        encode(s)
    } else {
        format!("~{}", crate::core::base64::base64url(s.as_bytes()))
    }
}

/// A public key's parameter (`&k=…`, base64url as it is), or nothing where there is none.
fn key_param(name: &str, key: &str) -> String {
    if key.is_empty() {
        String::new()
    } else {
        format!("&{name}={}", encode(key))
    }
}

/// The mark of a link made in the demo (`&demo=1`), or nothing.
fn demo_param(demo: bool) -> &'static str {
    if demo {
        "&demo=1"
    } else {
        ""
    }
}

/// What a code registers (`&kind=college`), or nothing for a 团支部.
fn kind_param(kind: OrgKind) -> String {
    match kind {
        OrgKind::Branch => String::new(),
        k => format!("&kind={}", k.param()),
    }
}

/// A parameter's value in a query string, percent-decoded.
fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').filter_map(|kv| kv.split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| decode(v))
}

/// A parameter's value as the page takes it, from its percent-decoded text: a [`text_param`]'s
/// name (`~` + base64url), or the text itself (every link handed out before). The router's
/// `use_query_map` gives the decoded text; the pages read their parameters through this.
pub fn param_value(decoded: &str) -> String {
    match decoded.strip_prefix('~') {
        Some(b64) => crate::core::base64::from_base64url(b64).and_then(|b| String::from_utf8(b).ok()).unwrap_or_default(),
        None => decoded.to_owned(),
    }
}

impl Route {
    /// 立即注册 with nothing filled in (a code typed by hand).
    pub fn register_blank() -> Route {
        Route::BranchRegister {
            code: String::new(),
            by: 0,
            by_name: String::new(),
            until: 0,
            key: String::new(),
            kind: OrgKind::Branch,
            demo: false,
        }
    }

    /// Parses where a page is: its path under the deployment's root, with the query and fragment
    /// (`/find/?q=%E8%AE%A1`, `/import/#d=…`), or a link of the form used before, all in the
    /// fragment (`#/find?q=…`, `#/apply/12`, `#/import?d=…`).
    pub fn parse(url: &str) -> Route {
        let url = url.strip_prefix('#').unwrap_or(url);
        let (url, fragment) = url.split_once('#').unwrap_or((url, ""));
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segs.as_slice() {
            // The form used before, with the parameter in the path.
            ["apply", id] => Route::locate("/apply", |k| (k == "id").then(|| id.to_string()), ""),
            ["data", "send", kind] => Route::locate("/data/send", |k| (k == "kind").then(|| kind.to_string()), ""),
            _ => Route::locate(path, |k| query_value(query, k), fragment),
        }
        .or_not_found(path)
    }

    /// The page at `path` (under the deployment's root), with its parameters as `param` gives them
    /// (percent-decoded: the router's `use_query_map`) and the fragment (a sync payload). A page
    /// whose parameters are missing or wrong is [`Route::NotFound`].
    pub fn locate(path: &str, param: impl Fn(&str) -> Option<String>, fragment: &str) -> Route {
        let text = |key: &str| param(key).map(|v| param_value(&v)).unwrap_or_default();
        let path = path.trim_end_matches('/');
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let not_found = || Route::NotFound { path: decode(path) };
        match segs.as_slice() {
            [] => Route::Home,
            ["start"] => Route::StartEmpty,
            ["me"] => Route::Me,
            ["register"] => Route::Register,
            ["profile"] => Route::Profile,
            ["find"] => Route::Find { query: text("q") },
            ["apply"] => text("id").parse().map_or_else(|_| not_found(), |n| Route::Apply { branch: OrgId(n) }),
            ["join"] => match (text("id").parse(), text("cid").parse()) {
                (Ok(b), Ok(c)) => Route::Invite {
                    branch: OrgId(b),
                    name: text("name"),
                    college: OrgId(c),
                    college_name: text("college"),
                    key: text("k"),
                    college_key: text("ck"),
                    demo: text("demo") == "1",
                },
                _ => not_found(),
            },
            ["my-org"] => Route::MyOrg,
            ["my-org", "send"] => Route::SendApplication,
            ["data", "send"] => Kind::from_name(&text("kind")).map_or_else(not_found, |kind| Route::Send { kind }),
            ["my-data"] => Route::MyData,
            ["forgot"] => Route::Forgot,
            ["appeal"] => Route::Appeal,
            ["volunteer"] => Route::Volunteer,
            ["branch"] => Route::Branch,
            ["branch", "register"] => Route::BranchRegister {
                code: text("code"),
                by: text("by").parse().unwrap_or(0),
                by_name: text("org"),
                until: text("until").parse().unwrap_or(0),
                key: text("k"),
                kind: OrgKind::from_param(&text("kind")).unwrap_or(OrgKind::Branch),
                demo: text("demo") == "1",
            },
            ["committee"] => Route::Committee,
            ["committee", "codes"] => Route::Codes,
            ["committee", "handover"] => text("org").parse().map_or_else(|_| not_found(), |o| Route::HandOver { org: OrgId(o) }),
            ["committee", "new"] => Route::FoundSchool,
            ["committee", "stats"] => Route::Stats,
            ["demo"] => Route::Demo,
            ["demo", "start"] => Route::StartDemo,
            ["data"] => Route::Data,
            ["import"] => {
                let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
                let data = if fragment.is_empty() { text("d") } else { query_value(fragment, "d").unwrap_or_default() };
                Route::Import { data }
            }
            _ => not_found(),
        }
    }

    /// A [`Route::NotFound`] names the path as it was given, slashes and all trimmed.
    fn or_not_found(self, path: &str) -> Route {
        match self {
            Route::NotFound { .. } => Route::NotFound { path: decode(path.trim_end_matches('/')) },
            route => route,
        }
    }

    /// Where this page is, under the deployment's root: its folder (with the `/` a static host
    /// would redirect to), the parameters in the query, a sync payload in the fragment.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::StartEmpty => "/start/".into(),
            Route::Me => "/me/".into(),
            Route::Register => "/register/".into(),
            Route::Profile => "/profile/".into(),
            Route::Find { query } if query.is_empty() => "/find/".into(),
            Route::Find { query } => format!("/find/?q={}", encode(query)),
            Route::Apply { branch } => format!("/apply/?id={branch}"),
            Route::Invite { branch, name, college, college_name, key, college_key, demo } => format!(
                "/join/?id={branch}&name={}&cid={college}&college={}{}{}{}",
                text_param(name),
                text_param(college_name),
                demo_param(*demo),
                key_param("ck", college_key),
                key_param("k", key)
            ),
            Route::MyOrg => "/my-org/".into(),
            Route::SendApplication => "/my-org/send/".into(),
            Route::Send { kind } => format!("/data/send/?kind={}", kind.name()),
            Route::MyData => "/my-data/".into(),
            Route::Forgot => "/forgot/".into(),
            Route::Appeal => "/appeal/".into(),
            Route::Volunteer => "/volunteer/".into(),
            Route::Branch => "/branch/".into(),
            Route::BranchRegister { code, .. } if code.is_empty() => "/branch/register/".into(),
            Route::BranchRegister { code, by: 0, .. } => format!("/branch/register/?code={}", encode(code)),
            Route::BranchRegister { code, by, by_name, until, key, kind, demo } => format!(
                "/branch/register/?code={}&by={by}&org={}&until={until}{}{}{}",
                encode(code),
                text_param(by_name),
                kind_param(*kind),
                demo_param(*demo),
                key_param("k", key)
            ),
            Route::Committee => "/committee/".into(),
            Route::Codes => "/committee/codes/".into(),
            Route::HandOver { org } => format!("/committee/handover/?org={org}"),
            Route::FoundSchool => "/committee/new/".into(),
            Route::Stats => "/committee/stats/".into(),
            Route::Demo => "/demo/".into(),
            Route::StartDemo => "/demo/start/".into(),
            Route::Data => "/data/".into(),
            Route::Import { data } => format!("{}{}", crate::core::sync::IMPORT_LINK, encode(data)),
            Route::NotFound { path } => path.clone(),
        }
    }

    /// Whether the page is only in the full build: the secretary's and committee's pages, and the
    /// pages a member rarely or never needs (申诉, 数据与备份, a sync link, the demo, whose visitor
    /// tries the secretary's and committee's pages anyway). A member's first load is the
    /// smaller build without them; opening one of these loads the full build (see ARCHITECTURE.md,
    /// "Two builds"). Decided by the fragment's first segment, which the loader in index.html also
    /// reads, from the same list (`loader/names.js`, which [`FULL_BUILD_SECTIONS`] is made from).
    pub fn full_build_only(&self) -> bool {
        let href = self.href();
        let first = href.get(1..).unwrap_or("").split(['/', '?', '#']).next().unwrap_or("");
        FULL_BUILD_SECTIONS.contains(&first)
    }

    /// The page title in the top bar (the guide's words).
    pub fn title(&self) -> &'static str {
        match self {
            Route::Home | Route::StartEmpty => "北京共青团",
            Route::Me => "我的",
            Route::Register => "创建账号",
            Route::Profile => "完善个人信息",
            Route::Find { .. } => "找组织",
            Route::Apply { .. } | Route::Invite { .. } => "申请加入",
            Route::MyOrg => "我的组织",
            Route::SendApplication => "发给团支书",
            Route::Send { .. } => "发送",
            Route::MyData => "我的数据",
            Route::Forgot => "忘记密码",
            Route::Appeal => "我要申诉",
            Route::Volunteer => "志愿北京",
            Route::Branch => "我的团员",
            Route::BranchRegister { .. } => "立即注册",
            Route::Committee => "下级团组织管理",
            Route::Codes => "组织注册码",
            Route::HandOver { .. } => "交给新手机",
            Route::FoundSchool => "建立校团委",
            Route::Stats => "统计",
            Route::Demo => "演示：切换身份",
            Route::StartDemo => "使用演示数据",
            Route::Data => "数据与备份",
            Route::Import { .. } => "导入同步文件",
            Route::NotFound { .. } => "页面不存在",
        }
    }
}

#[cfg(test)]
#[path = "route_tests.rs"]
mod tests;
