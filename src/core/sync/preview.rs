//! What an import would do, in words: the preview shown before 确认导入.
//! What is added, changed, opened as a conflict, left out and why, and what each signature is.

use super::merge::conflict_open;
use super::seal::{PublicKey, Trust};
use super::{Sender, SyncFile};
use crate::core::model::*;

/// Records of a file left out, and why (shown in the preview; the rest is imported).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ignored {
    /// An organisation the file puts under its sender, which this phone holds under another
    /// committee (one of the two used an ID that is not its own): for the committee to check.
    PlacedElsewhere,
    /// A registration whose account has the login of an account that logs in on this phone (and is
    /// not the committee's 重复注册 to settle): not taken, so its code stays for another try.
    RegistrationLoginTaken,
    /// A branch registration whose code this device did not issue (or no proof at all).
    UnknownCode,
    /// A decision on a request or appeal from someone who is not its branch or above it.
    NotTheirDecision,
    /// A member's file carrying another person's data.
    NotTheirRecord,
    /// An organisation or its account changed by someone not above it.
    NotTheirOrg,
    /// Decisions or memberships about people not on this device.
    NotOnThisDevice,
    /// An account whose ID names another kind of account on this device (a member's where a
    /// branch's is): a forged or mistaken record.
    OtherKindOfAccount,
    /// A change to a record this phone holds, from a member whose key it never met (they first
    /// sent an unsigned file): anyone could have signed it.
    UnprovenChange,
    /// A new account whose login (phone number or username) is that of an account that logs in on
    /// this phone: it would lock its owner out.
    LoginOfThisPhone,
    /// A change, by the member's own file, of what the branch's acceptance locked (姓名, 身份证号,
    /// 入团年月: `profile::LOCKED_ONCE_ACCEPTED`).
    LockedProfile,
    /// A registration with a code typed after it expired or was voided.
    CodeNotValid,
}

impl Ignored {
    /// What is counted: people for others' decisions, records for the rest.
    pub fn unit(self) -> &'static str {
        match self {
            Ignored::NotOnThisDevice => "人",
            _ => "条",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Ignored::PlacedElsewhere => "本机已把这个组织记在另一个上级团委之下（可能有人用了它的组织ID）：请与两个上级团委核对，未导入",
            Ignored::NotTheirDecision => "不是该团支部（或其上级）作出的审核结果",
            Ignored::NotTheirRecord => "不属于发送人本人的记录",
            Ignored::NotTheirOrg => "发送人无权修改的组织信息",
            Ignored::UnknownCode => "注册码不是本机发放的，组织注册未被接受",
            Ignored::NotOnThisDevice => "发给同批其他申请人的审核结果（本机没有这些人，不影响您）",
            Ignored::OtherKindOfAccount => "与本机另一类账号编号相同的账号记录（文件可能被伪造，未导入）",
            Ignored::UnprovenChange => "对本机已有记录的修改（如撤回申请）：本机无法确认发送人是本人（对方最初的申请没有签名），请当面向本人核实后在本机处理（如退回申请）",
            Ignored::LoginOfThisPhone => "与本机账号登录名（手机号或用户名）相同的新账号（文件可能被伪造，未导入）",
            Ignored::LockedProfile => "团支部通过申请后已锁定的个人信息（姓名、身份证号、入团年月）的修改",
            Ignored::CodeNotValid => "注册码已过期或已作废后才提交的组织注册，未被接受",
            Ignored::RegistrationLoginTaken => {
                "用户名与本机账号相同的组织注册，未被接受：注册码仍可使用，请对方在“数据与备份”中清除本机数据后，用同一注册码链接换一个用户名重新注册"
            }
        }
    }
}

/// What an import would do, in words for the preview.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    /// New things: "新申请：张三 → 2025级…团支部 申请加入".
    pub added: Vec<String>,
    /// Changed things: "张三的申请：待审核 → 已通过".
    pub changed: Vec<String>,
    /// Conflicts the import opens, for the right person to settle.
    pub conflicts: Vec<String>,
    /// Left out, with how many.
    pub ignored: Vec<(Ignored, usize)>,
    /// A 完整备份 of another device, judged record by record like any file from its sender.
    pub backup_of_another_device: bool,
    /// What each file's signature is: checked against the key kept here, met for the first time,
    /// or missing (see [`signature_words`]).
    pub signatures: Vec<String>,
    /// Keys this device takes anew, vouched for by the committee above.
    pub keys: Vec<String>,
    /// How many files it previews (a batch's details are folded behind its summary).
    pub files: usize,
}

/// What the preview says of a file's signature; `name`: the sender as this phone knows it.
pub fn signature_words(trust: Trust, file: &SyncFile, name: &str) -> String {
    let print = file.signed.as_ref().map(PublicKey::fingerprint).unwrap_or_default();
    match trust {
        Trust::Known => format!("签名已验证：与本机记下的“{name}”的密钥一致（指纹 {print}）。"),
        Trust::FirstMeeting if file.from == Sender::Device => format!("签名已验证（指纹 {print}），来自{}。", super::read::DEVICE_NAME),
        Trust::FirstMeeting => format!(
            "签名已验证：第一次收到“{name}”的文件，本机将记下其密钥（指纹 {print}），以后只接受这把密钥签名的“{name}”的文件。\
            不放心时可当面核对指纹（对方在首页的“数据与备份”中可以看到）。"
        ),
        Trust::Unsigned => {
            "这份文件没有签名（对方或本机的网页不是用 https 打开的，无法签名或验证）：只导入本机还没有的新申请，不改动本机已有的任何记录。"
                .to_string()
        }
    }
}

/// How a key comes to be kept here other than by its sender's first file.
pub enum KeyNews<'a> {
    /// Vouched for by the committee right above, in place of the one kept (确认新密钥 there).
    Vouched,
    /// Introduced by a trusted organisation under it, where none was kept.
    Introduced { by: &'a str },
    /// Proven by a new phone with this committee's 重置码.
    Reset,
}

/// A line of the preview's keys: `name`'s key, kept from now on, and how.
pub fn key_words(news: KeyNews, name: &str, key: &PublicKey) -> String {
    let print = key.fingerprint();
    match news {
        KeyNews::Vouched => format!("“{name}”的签名密钥：已由上级团委确认为新密钥（指纹 {print}）"),
        KeyNews::Introduced { by } => {
            format!("“{name}”的签名密钥：由“{by}”告知，本机记下（指纹 {print}），以后只接受这把密钥签名的“{name}”的文件")
        }
        KeyNews::Reset => format!("“{name}”换了新手机：凭本机发出的重置码确认为新密钥（指纹 {print}）"),
    }
}

/// Beside the signature line of an organisation met for the first time that bears the name of
/// another this phone knows: the file is not that one's.
pub fn namesake_words(name: &str, sender: bool) -> String {
    if sender {
        format!("注意：本机已认识一个同名的“{name}”，这份文件不是它发的（组织ID不同）。请向对方核实后再导入。")
    } else {
        format!("注意：文件带来的“{name}”与本机已认识的同名组织不是同一个（组织ID不同）。请向对方核实后再导入。")
    }
}

/// A member's application opened on an organisation's phone other than the branch it asks to
/// join (a link forwarded to the wrong person): taken, as a committee above may, but said first.
pub fn not_ours_words(branch: &str) -> String {
    format!("注意：这份申请是交给“{branch}”团支书审核的，本机不是这个团支部的手机。导入只会在本机多留一份这个人的记录（含个人信息）；请让对方把申请发给团支书。")
}

impl Preview {
    /// The one line a preview leads with: how much is added and changed, and what needs deciding.
    pub fn summary(&self) -> String {
        let count = |lines: &[String]| lines.iter().filter(|l| !l.starts_with("……")).count();
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("新增 {} 项", count(&self.added)));
        }
        if !self.changed.is_empty() {
            parts.push(format!("更新 {} 项", count(&self.changed)));
        }
        if !self.keys.is_empty() {
            parts.push(format!("新密钥 {} 个", self.keys.len()));
        }
        let mut s = if parts.is_empty() { "没有新的内容".to_string() } else { format!("将{}", parts.join("，")) };
        if !self.conflicts.is_empty() {
            s.push_str(&format!("；{} 处冲突需要确认", self.conflicts.len()));
        }
        if !self.ignored.is_empty() {
            s.push_str(&format!("；{} 类内容不会导入（见详细内容）", self.ignored.len()));
        }
        s.push('。');
        s
    }

    /// What the preview says of a 完整备份 of another device.
    pub const ANOTHER_DEVICE: &'static str = "这份完整备份来自另一台手机：本机已有数据，所以不会整份恢复，只导入发送人有权修改的内容（与对方发来的其他文件一样）。要整份恢复，请在空白的手机上导入。";
}

/// Lines shown per list in a preview; the rest are counted (a backup of 10,000 members would
/// otherwise put 10,000 lines on a phone's screen).
pub const PREVIEW_LINES: usize = 30;

fn cap(lines: &mut Vec<String>) {
    if lines.len() > PREVIEW_LINES {
        let rest = lines.len() - PREVIEW_LINES;
        lines.truncate(PREVIEW_LINES);
        lines.push(format!("……另有 {rest} 条"));
    }
}

/// The differences between the state before and after, in words.
pub(super) fn describe(before: &State, after: &State) -> Preview {
    let mut p = Preview::default();
    let mut orgs_changed = 0;
    for o in after.orgs.values() {
        match before.orgs.get(&o.id) {
            None => p.added.push(format!("组织：{}", o.name)),
            Some(old) if !old.name.is_empty() && old.name != o.name => p.changed.push(format!("组织改名：{} → {}", old.name, o.name)),
            Some(old) if old != o => orgs_changed += 1,
            Some(_) => {}
        }
    }
    if orgs_changed > 0 {
        p.changed.push(format!("组织信息：{orgs_changed} 个有更新"));
    }
    let (mut members, mut bare) = (0, 0);
    for a in after.accounts.values().filter(|a| !before.accounts.contains_key(&a.id)) {
        *if a.profile().is_some() { &mut members } else { &mut bare } += 1;
    }
    if members > 0 {
        p.added.push(format!("团员信息：{members} 人"));
    }
    if bare > 0 {
        p.added.push(format!("账号：{bare} 个"));
    }
    for r in after.requests.values() {
        let who = after.display_name(r.applicant);
        match before.requests.get(&r.id) {
            None => p.added.push(format!("{}：{} → {}（{}）", r.kind.label(), who, after.org_name(r.branch), r.state.label())),
            Some(old) if old.state != r.state => {
                p.changed.push(format!("{}的{}：{} → {}", who, r.kind.label(), old.state.label(), r.state.label()))
            }
            Some(_) => {}
        }
        let was_open = before.requests.get(&r.id).is_some_and(|o| conflict_open(&o.state, &o.others, o.settled.as_ref()));
        if !was_open && conflict_open(&r.state, &r.others, r.settled.as_ref()) {
            let labels: Vec<&str> = std::iter::once(&r.state).chain(&r.others).map(RequestState::label).collect();
            p.conflicts.push(format!("{}的{}有不同的处理结果（{}），需团支部确认", who, r.kind.label(), labels.join("、")));
        }
    }
    for a in after.appeals.values() {
        let who = after.display_name(a.account);
        match before.appeals.get(&a.id) {
            None => p.added.push(format!("申诉：{}（{}）", who, a.state.label())),
            Some(old) if old.state != a.state => p.changed.push(format!("{}的申诉：{} → {}", who, old.state.label(), a.state.label())),
            Some(_) => {}
        }
        let was_open = before.appeals.get(&a.id).is_some_and(|o| conflict_open(&o.state, &o.others, o.settled.as_ref()));
        if !was_open && conflict_open(&a.state, &a.others, a.settled.as_ref()) {
            p.conflicts.push(format!("{}的申诉有不同的处理结果，需确认", who));
        }
    }
    for c in after.codes.values() {
        let old = before.codes.get(&c.code);
        if let (Some(old), CodeState::Used { org, .. }) = (old, &c.state) {
            if old.state != c.state {
                p.changed.push(format!("注册码 {}…：已被“{}”使用", &c.code[..4], after.org_name(*org)));
            }
        }
        let was_open = old.is_some_and(|o| conflict_open(&o.state, &o.others, o.settled.as_ref()));
        if !was_open && conflict_open(&c.state, &c.others, c.settled.as_ref()) {
            p.conflicts.push(format!("注册码 {}… 被两个组织使用或已作废，需团委确认", &c.code[..4]));
        }
    }
    let known = before.all_branch_clashes();
    for c in after.all_branch_clashes().into_iter().filter(|c| !known.contains(c)) {
        p.conflicts.push(format!("重复注册：“{}”与已有团支部{}，需团委在“下级团组织管理”中作废其一", after.org_name(c.newer), c.what()));
    }
    for list in [&mut p.added, &mut p.changed, &mut p.conflicts] {
        cap(list);
    }
    let problems = after.problems.iter().filter(|(id, p)| before.problems.get(id) != Some(p)).count();
    if problems > 0 {
        p.added.push(format!("问题记录：{problems} 条新增或更新"));
    }
    // Changed accounts, by what changed: a volunteer registration, a membership, a profile.
    let mut other_accounts = 0;
    for (id, a) in after.accounts.iter() {
        let Some(b) = before.accounts.get(id).filter(|b| *b != a) else { continue };
        let who = after.display_name(*id);
        let (old, new) = (b.member(), a.member());
        let mut said = false;
        if let (Some(old), Some(new)) = (old, new) {
            if old.volunteer.is_none() && new.volunteer.is_some() {
                p.changed.push(format!("{who}：已注册成为志愿者（志愿北京）"));
                said = true;
            }
            if old.branch != new.branch {
                let to = new.branch.map_or_else(|| "已转出".to_string(), |o| format!("加入“{}”", after.org_name(o)));
                p.changed.push(format!("{who}：{to}"));
                said = true;
            }
            if old.profile != new.profile {
                p.changed.push(format!("{who}的个人信息有更新"));
                said = true;
            }
        }
        if !said {
            other_accounts += 1;
        }
    }
    cap(&mut p.changed);
    if other_accounts > 0 {
        p.changed.push(format!("账号信息：{other_accounts} 个有更新"));
    }
    p
}
