//! Records on this device twice. People: one ID number on two live accounts (one person with two
//! accounts), one 团员编号 or one 学号 on two people, flagged wherever those people appear (the
//! queue, 我的团员's 团员 tab, 核对名单, and 统计, which counts them per branch). Branches: a
//! registration that repeats a live branch's full name or username, a conflict for the committee.

use super::commands::account::branch_username;
use super::model::{AccountId, AccountRole, OrgId, State};
use super::values::name_key;
use std::collections::BTreeMap;

/// What two accounts have in common that only one person may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shared {
    /// 身份证号: one person, two accounts.
    IdNumber,
    /// 团员编号: two people with one number (a typing error, or generated numbers that met).
    MemberNumber,
    /// 学号: one student twice, or a number typed wrong.
    StudentNo,
}

impl Shared {
    pub fn label(self) -> &'static str {
        match self {
            Shared::IdNumber => "身份证号",
            Shared::MemberNumber => "团员编号",
            Shared::StudentNo => "学号",
        }
    }
}

/// How many other accounts sharing one value are named beside each.
pub const TWINS_NAMED: usize = 5;
/// How many repeated registrations are found at once (the committee voids them a few at a time).
pub const CLASHES_LISTED: usize = 500;

/// Every account recorded twice here, with what it shares and with whom.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DuplicatePeople(BTreeMap<AccountId, Vec<(Shared, AccountId)>>);

impl DuplicatePeople {
    /// What `id` shares with other accounts (empty for most).
    pub fn of(&self, id: AccountId) -> &[(Shared, AccountId)] {
        self.0.get(&id).map_or(&[], Vec::as_slice)
    }

    pub fn contains(&self, id: AccountId) -> bool {
        self.0.contains_key(&id)
    }

    /// The groups among `people`: each account with those it shares something with, once per
    /// group, for a list that names them together (核对名单).
    pub fn groups_among(&self, people: &[AccountId]) -> Vec<(Shared, Vec<AccountId>)> {
        let mut groups: Vec<(Shared, Vec<AccountId>)> = Vec::new();
        for &id in people {
            let mut by: BTreeMap<Shared, Vec<AccountId>> = BTreeMap::new();
            for &(shared, other) in self.of(id) {
                by.entry(shared).or_insert_with(|| vec![id]).push(other);
            }
            for (shared, mut group) in by {
                super::order::sort_by(&mut group, Ord::cmp);
                if !groups.contains(&(shared, group.clone())) {
                    groups.push((shared, group));
                }
            }
        }
        groups
    }
}

/// One flag as shown beside a person: what is shared, with whom, in which branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateFlag {
    pub shared: Shared,
    /// The other account's name.
    pub other: String,
    /// Its branch, or where it applied, or that it has none.
    pub branch: String,
}

impl std::fmt::Display for DuplicateFlag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let DuplicateFlag { other, branch, .. } = self;
        match self.shared {
            Shared::IdNumber => write!(
                f,
                "重复提醒：身份证号与{other}（{branch}）的账号相同，是同一个人的两个账号（换了手机号，或手机数据被清除后重新注册）。\
                核对是本人后，在其加入申请下点“同一人：转到新账号”：原来的记录转到新账号，原账号停用。"
            ),
            Shared::MemberNumber => {
                write!(f, "重复提醒：团员编号与{other}（{branch}）相同：请两人核对入团志愿书或团员证，填错的一方在“完善个人信息”中改正。")
            }
            Shared::StudentNo => write!(f, "重复提醒：学号与{other}（{branch}）相同，请核对是否同一人或学号填错。"),
        }
    }
}

impl State {
    /// Every live member account that shares its ID number, 团员编号 or 学号 with another.
    pub fn duplicate_people(&self) -> DuplicatePeople {
        let mut seen: BTreeMap<(Shared, &str), Vec<AccountId>> = BTreeMap::new();
        for a in self.accounts.values().filter(|a| !a.retired) {
            if let Some(p) = a.profile() {
                seen.entry((Shared::IdNumber, p.id_number.as_str())).or_default().push(a.id);
                seen.entry((Shared::MemberNumber, p.member_number.as_str())).or_default().push(a.id);
                if let Some(no) = &p.student_no {
                    seen.entry((Shared::StudentNo, no.as_str())).or_default().push(a.id);
                }
            }
        }
        let mut out = DuplicatePeople::default();
        for ((shared, _), ids) in seen.into_iter().filter(|(_, ids)| ids.len() > 1) {
            for &id in &ids {
                // A few of the others are named: a value on thousands of accounts (a file made to
                // do it) must not keep every pair.
                out.0.entry(id).or_default().extend(ids.iter().filter(|o| **o != id).take(TWINS_NAMED).map(|o| (shared, *o)));
            }
        }
        for v in out.0.values_mut() {
            super::order::sort_by(v, Ord::cmp);
        }
        out
    }

    /// The flags to show beside `id`.
    /// An account sharing the ID number is the same person: its other shared fields go unsaid.
    pub fn duplicate_flags(&self, dups: &DuplicatePeople, id: AccountId) -> Vec<DuplicateFlag> {
        let of = dups.of(id);
        let same_person = |other: AccountId| of.iter().any(|&(s, o)| s == Shared::IdNumber && o == other);
        of.iter()
            .filter(|&&(shared, other)| shared == Shared::IdNumber || !same_person(other))
            .map(|&(shared, other)| DuplicateFlag { shared, other: self.display_name(other), branch: self.where_is(other) })
            .collect()
    }

    /// The branch a member belongs to, or the one they applied to, for telling two people apart.
    fn where_is(&self, id: AccountId) -> String {
        let member = self.accounts.get(&id).and_then(|a| a.member());
        let applied = || {
            self.requests
                .values()
                .find(|r| r.applicant == id && r.state.is_pending())
                .map(|r| format!("正在申请{}", self.org_name(r.branch)))
        };
        match member.and_then(|m| m.branch) {
            Some(b) => self.org_name(b),
            None => applied().unwrap_or_else(|| "尚未加入团支部".into()),
        }
    }
}

/// Two live branches under one committee with one full name or one account username: the later
/// registration repeats the earlier one (guide: "若出现重复情况可后缀添加bit").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BranchClash {
    /// The later registration. The committee voids one of the two (`Command::VoidRegistration`).
    pub newer: OrgId,
    pub older: OrgId,
    pub same_name: bool,
    pub same_username: bool,
}

impl BranchClash {
    /// What the two share, in words: `同名`, `用户名相同`, or both.
    pub fn what(&self) -> &'static str {
        match (self.same_name, self.same_username) {
            (true, true) => "同名且用户名相同",
            (true, false) => "同名",
            _ => "用户名相同",
        }
    }
}

impl State {
    /// What tells one of two registrations apart, for the committee voiding one: who registered it
    /// (the secretary's name and masked phone, the username), when (to the minute), and who is in
    /// it (members, and the names of those applying).
    pub fn registration_facts(&self, branch: OrgId) -> String {
        let Some(o) = self.orgs.get(&branch) else { return String::new() };
        let mut facts = Vec::new();
        if let Some(b) = &o.branch {
            if !b.secretary_name.is_empty() {
                facts.push(format!("团支书{} {}", b.secretary_name, super::rules::mask_phone(&b.secretary_phone)));
            }
        }
        if let Some(a) = self.org_account(branch) {
            facts.push(format!("用户名 {}", a.login));
        }
        facts.push(format!("{} 注册", super::date::format_day_minute(o.created)));
        facts.push(format!("团员{}人", self.members_of(branch).count()));
        let applying: Vec<String> =
            self.requests.values().filter(|r| r.branch == branch && r.state.is_pending()).map(|r| self.display_name(r.applicant)).collect();
        if !applying.is_empty() {
            let shown: Vec<&str> = applying.iter().take(3).map(String::as_str).collect();
            let more = if applying.len() > 3 { "等" } else { "" };
            facts.push(format!("待审核{}人（{}{more}）", applying.len(), shown.join("、")));
        }
        facts.join("，")
    }

    /// The branches under `committee` that repeat another live branch's full name or username.
    /// (Picked out before [`CLASHES_LISTED`] is counted: repeats elsewhere hide none of its own.)
    pub fn branch_clashes(&self, committee: OrgId) -> Vec<BranchClash> {
        self.clashes_where(|newer| self.oversees(committee, newer))
    }

    /// Every pair of live branches here with one full name or username.
    pub fn all_branch_clashes(&self) -> Vec<BranchClash> {
        self.clashes_where(|_| true)
    }

    /// The pairs of live branches with one full name or username whose later registration is
    /// `kept`, at most [`CLASHES_LISTED`] of them.
    fn clashes_where(&self, kept: impl Fn(OrgId) -> bool) -> Vec<BranchClash> {
        // Each branch's username: its live account's here (read in one pass), else the guide's
        // `TZB` + 支部号 of a branch known from a directory.
        let mut logins: BTreeMap<OrgId, &str> = BTreeMap::new();
        for a in self.accounts.values().filter(|a| !a.retired) {
            if let AccountRole::Branch { org } = a.role {
                logins.entry(org).or_insert(a.login.as_str());
            }
        }
        let live: Vec<_> = self
            .orgs
            .values()
            .filter(|o| o.is_joinable())
            .map(|o| {
                let number = o.branch.as_ref().map(|b| b.number.as_str()).filter(|n| !n.is_empty());
                let login = logins.get(&o.id).map(|l| l.to_ascii_uppercase()).or_else(|| number.map(branch_username));
                (o, login, kept(o.id))
            })
            .collect();
        // Pairs within each group of one name or one username (never every pair of branches), at
        // most [`CLASHES_LISTED`] of them: each kept branch with those registered before it.
        let mut groups: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
        for (i, (o, login, _)) in live.iter().enumerate() {
            groups.entry((true, name_key(&o.name))).or_default().push(i);
            if let Some(l) = login {
                groups.entry((false, l.clone())).or_default().push(i);
            }
        }
        let age = |i: usize| (live[i].0.created, live[i].0.id);
        let mut pairs: BTreeMap<(usize, usize), ()> = BTreeMap::new();
        'groups: for members in groups.values_mut().filter(|m| m.len() > 1) {
            super::order::sort_by(members, |a, b| age(*a).cmp(&age(*b)));
            for (k, &newer) in members.iter().enumerate().filter(|(_, i)| live[**i].2) {
                for &older in &members[..k] {
                    if pairs.len() >= CLASHES_LISTED {
                        break 'groups;
                    }
                    pairs.insert((older.min(newer), older.max(newer)), ());
                }
            }
        }
        pairs
            .into_keys()
            .map(|(i, j)| {
                let ((a, ua, _), (b, ub, _)) = (&live[i], &live[j]);
                let (newer, older) = if (b.created, b.id) > (a.created, a.id) { (b.id, a.id) } else { (a.id, b.id) };
                BranchClash { newer, older, same_name: name_key(&a.name) == name_key(&b.name), same_username: ua.is_some() && ua == ub }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::demo::{build, DEMO_EPOCH};

    /// One value on every account, one name on every branch: a few named beside each, the pairs
    /// of branches found within the group and capped, never every pair kept.
    #[test]
    fn repeated_values_are_grouped_and_capped() {
        let mut s = build(DEMO_EPOCH);
        let id = s.accounts.values().find_map(|a| a.profile()).unwrap().id_number.clone();
        for p in s.accounts.values_mut().filter_map(|a| a.member_mut()).filter_map(|m| m.profile.as_mut()) {
            p.id_number = id.clone();
        }
        let dups = s.duplicate_people();
        let people = s.accounts.values().filter(|a| a.profile().is_some()).count();
        assert!(people > TWINS_NAMED + 1);
        assert!(s.accounts.keys().all(|a| dups.of(*a).iter().filter(|(sh, _)| *sh == Shared::IdNumber).count() <= TWINS_NAMED));
        let branches: Vec<OrgId> = s.orgs.values().filter(|o| o.is_joinable()).map(|o| o.id).collect();
        for o in s.orgs.values_mut().filter(|o| branches.contains(&o.id)) {
            o.name = "2025级同名1班团支部".into();
        }
        let n = branches.len();
        assert_eq!(s.all_branch_clashes().len(), (n * (n - 1) / 2).min(CLASHES_LISTED));
        assert!(s.all_branch_clashes().iter().all(|c| c.same_name));
    }

    /// Two registrations of one branch are told apart by who, when and who is in them.
    #[test]
    fn a_registration_is_told_apart_by_who_when_and_its_people() {
        let s = build(DEMO_EPOCH);
        let branch = s.requests.values().find(|r| r.state.is_pending()).unwrap().branch;
        let facts = s.registration_facts(branch);
        for part in ["团支书", "****", "用户名 TZB", "注册", "团员", "待审核"] {
            assert!(facts.contains(part), "{part}: {facts}");
        }
        assert!(facts.contains(&crate::core::date::format_day(s.orgs[&branch].created)), "{facts}");
    }

    /// Two accounts with one ID number, and two people with one 团员编号, in different branches.
    #[test]
    fn shared_id_and_member_numbers_are_flagged_on_both_sides() {
        let mut s = build(DEMO_EPOCH);
        assert_eq!(s.duplicate_people(), DuplicatePeople::default(), "the demo has no duplicates");
        let mut members = s.accounts.values().filter(|a| a.member().is_some_and(|m| m.branch.is_some())).map(|a| a.id);
        let (a, b, c, d) = (members.next().unwrap(), members.next().unwrap(), members.next().unwrap(), members.next().unwrap());
        let profile =
            |s: &mut State, id: AccountId| s.accounts.get_mut(&id).unwrap().member_mut().unwrap().profile.as_mut().unwrap().clone();
        let id_number = profile(&mut s, a).id_number;
        s.accounts.get_mut(&b).unwrap().member_mut().unwrap().profile.as_mut().unwrap().id_number = id_number;
        let number = profile(&mut s, c).member_number;
        s.accounts.get_mut(&d).unwrap().member_mut().unwrap().profile.as_mut().unwrap().member_number = number;
        let dups = s.duplicate_people();
        assert_eq!(dups.of(a), &[(Shared::IdNumber, b)]);
        assert_eq!(dups.of(b), &[(Shared::IdNumber, a)]);
        assert_eq!(dups.of(c), &[(Shared::MemberNumber, d)]);
        let flag = &s.duplicate_flags(&dups, d)[0];
        assert_eq!(
            (flag.other.as_str(), flag.branch.clone()),
            (s.display_name(c).as_str(), s.org_name(s.accounts[&c].member().unwrap().branch.unwrap()))
        );
        assert!(flag.to_string().contains("团员编号"));
        // A retired account (an upheld appeal's old one) is no duplicate.
        s.accounts.get_mut(&b).unwrap().retired = true;
        assert!(!s.duplicate_people().contains(a));
    }
}
