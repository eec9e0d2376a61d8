//! Read-only views of the state for the screens: branch search, paths, a member's requests, a
//! branch's queue. Screens call these instead of walking the state themselves.

use super::initials::{initials_query, Initials};
use super::model::*;

/// A search result: an organisation with its full path, and whether a member may choose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgHit {
    pub id: OrgId,
    pub name: String,
    /// `学院团委 › 团支部`
    pub path: String,
    pub kind: OrgKind,
    /// Only a live 团支部 can be joined.
    pub selectable: bool,
}

impl State {
    /// True when `ancestor` is `org` or above it in the tree.
    pub fn oversees(&self, ancestor: OrgId, org: OrgId) -> bool {
        let mut cur = Some(org);
        for _ in 0..16 {
            match cur {
                Some(id) if id == ancestor => return true,
                Some(id) => cur = self.orgs.get(&id).and_then(|o| o.parent),
                None => return false,
            }
        }
        false
    }

    /// Whether `org` hangs right under `committee` here: the committee that registers it, confirms
    /// its new phone's key, vouches for it and hands it to a new phone (交给新手机).
    pub fn right_under(&self, committee: OrgId, org: OrgId) -> bool {
        self.orgs.get(&org).is_some_and(|o| o.parent == Some(committee))
    }

    /// The top of `org`'s chain as this phone knows it (`org` itself when it has no parent here).
    pub fn top_of(&self, org: OrgId) -> OrgId {
        let mut cur = org;
        for _ in 0..16 {
            match self.orgs.get(&cur).and_then(|o| o.parent) {
                Some(p) => cur = p,
                None => break,
            }
        }
        cur
    }

    /// Members of a branch (live accounts whose branch it is).
    pub fn members_of(&self, branch: OrgId) -> impl Iterator<Item = &Account> {
        self.accounts.values().filter(move |a| !a.retired && a.member().is_some_and(|m| m.branch == Some(branch)))
    }

    /// The live members of every branch, each account read once: [`State::members_of`] for all
    /// branches at a time (统计, 下级团组织管理).
    pub fn members_by_branch(&self) -> std::collections::BTreeMap<OrgId, Vec<&Account>> {
        let mut by: std::collections::BTreeMap<OrgId, Vec<&Account>> = Default::default();
        for a in self.accounts.values().filter(|a| !a.retired) {
            if let Some(b) = a.member().and_then(|m| m.branch) {
                by.entry(b).or_default().push(a);
            }
        }
        by
    }

    /// The live account holding an ID number, other than `except`.
    pub fn holder_of_id(&self, id_number: &str, except: Option<AccountId>) -> Option<&Account> {
        self.holders_of_id(id_number, except).next()
    }

    /// Every live account holding an ID number, other than `except`.
    pub fn holders_of_id<'a, 'b>(
        &'a self,
        id_number: &'b str,
        except: Option<AccountId>,
    ) -> impl Iterator<Item = &'a Account> + use<'a, 'b> {
        self.accounts.values().filter(move |a| !a.retired && Some(a.id) != except && a.profile().is_some_and(|p| p.id_number == id_number))
    }

    /// An older live account of `branch` (its member, or applying to it) holding the same ID number
    /// as `account`: the same person registered again, whom that branch may merge.
    /// Every live holder of the ID number is looked at: another account with it (a stranger's, say)
    /// hides nobody.
    pub fn older_holder(&self, account: AccountId, branch: OrgId) -> Option<AccountId> {
        let a = self.accounts.get(&account)?;
        let id_number = a.profile()?.id_number.as_str();
        // Who applied to the branch, read once (not once per holder: one ID number on thousands).
        let mut applied = std::collections::BTreeSet::new();
        applied.extend(self.requests.values().filter(|r| r.branch == branch).map(|r| r.applicant));
        let merges = |o: &&Account| self.may_merge_by(o, a, branch, |x, _| applied.contains(&x));
        self.holders_of_id(id_number, Some(account)).find(merges).map(|o| o.id)
    }

    /// 同一人: may `branch` move the record of `old` to `new` (the same person registered again):
    /// `old` is as old as `new` or older, and `branch` holds it (a secretary cannot take another
    /// branch's member by an ID number someone typed).
    pub fn may_merge(&self, old: &Account, new: &Account, branch: OrgId) -> bool {
        self.may_merge_by(old, new, branch, |a, b| self.applied_to(a, b))
    }

    /// [`State::may_merge`], with who applied where read once for many accounts ([`State::branch_holds_by`]).
    fn may_merge_by(&self, old: &Account, new: &Account, branch: OrgId, applied: impl Fn(AccountId, OrgId) -> bool) -> bool {
        old.created <= new.created && self.branch_holds_by(branch, old.id, applied)
    }

    /// Whether `branch` holds `account` here: as its member, or (a member of no branch) as an
    /// applicant to it.
    pub fn branch_holds(&self, branch: OrgId, account: AccountId) -> bool {
        self.branch_holds_by(branch, account, |a, b| self.applied_to(a, b))
    }

    /// Whether `account` applied to `branch` here (any request of theirs to it).
    fn applied_to(&self, account: AccountId, branch: OrgId) -> bool {
        self.requests.values().any(|r| r.applicant == account && r.branch == branch)
    }

    /// [`State::branch_holds`], with who applied where (`applied(account, branch)`) read once for
    /// many accounts (an import's).
    pub fn branch_holds_by(&self, branch: OrgId, account: AccountId, applied: impl Fn(AccountId, OrgId) -> bool) -> bool {
        match self.accounts.get(&account).and_then(Account::member).and_then(|m| m.branch) {
            Some(b) => b == branch,
            None => applied(account, branch),
        }
    }

    /// An organisation as its registration names it: its path and its 组织ID.
    pub fn org_label(&self, id: OrgId) -> String {
        format!("{}（组织ID:{}）", self.org_path(id), id)
    }

    /// The names from the top of the tree down to `id`, joined with ` › ` (the school left out).
    pub fn org_path(&self, id: OrgId) -> String {
        let mut names = Vec::new();
        let mut cur = self.orgs.get(&id);
        for _ in 0..16 {
            let Some(o) = cur else { break };
            if o.kind != OrgKind::School {
                names.push(o.name.as_str());
            }
            cur = o.parent.and_then(|p| self.orgs.get(&p));
        }
        names.reverse();
        names.join(" › ")
    }

    /// 所属: the organisations above `id` (as [`State::org_path`] gives them), or the school's name when
    /// `id` is directly under the school; empty for the school itself.
    pub fn org_above(&self, id: OrgId) -> String {
        let Some(parent) = self.orgs.get(&id).and_then(|o| o.parent) else { return String::new() };
        let path = self.org_path(parent);
        if path.is_empty() {
            self.org_name(parent)
        } else {
            path
        }
    }

    /// 找组织 without pinyin initials (see [`State::search_orgs_with`]).
    pub fn search_orgs(&self, query: &str, limit: usize) -> Vec<OrgHit> {
        self.search_orgs_with(query, limit, None)
    }

    /// The committees (学院/书院团委, 团总支) directly under `org`, by name.
    pub fn child_committees(&self, org: OrgId) -> Vec<&Org> {
        let mut v: Vec<&Org> = self.orgs.values().filter(|o| o.parent == Some(org) && o.kind.is_committee()).collect();
        super::order::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
        v
    }

    /// Whether this phone knows any live 团支部 a member could apply to (找组织 searches only
    /// what the phone knows: a blank phone knows none until an invite or a directory).
    pub fn knows_a_branch(&self) -> bool {
        self.orgs.values().any(Org::is_joinable)
    }

    /// 找组织: organisations whose full name contains the query (spaces ignored) or its words in
    /// order ([`words_in_order`]: `计算机3班` finds `2025级计算机科学与技术3班团支部`), whose 组织ID is
    /// the query, or (for a query of 2 or more Latin letters, with the table of
    /// [`super::initials`]) whose pinyin initials hold it, so `jsj` finds 计算机… and `kjx` and
    /// `hjx` both find 会计学. Branches first, then by name.
    pub fn search_orgs_with(&self, query: &str, limit: usize, initials: Option<&Initials>) -> Vec<OrgHit> {
        let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        if q.is_empty() {
            return Vec::new();
        }
        let by_id = q.parse::<u64>().ok().map(OrgId);
        let letters = initials.zip(initials_query(&q));
        let words = query_words(query);
        let mut hits: Vec<OrgHit> = self
            .orgs
            .values()
            .filter(|o| {
                Some(o.id) == by_id
                    || o.name.contains(q.as_str())
                    || has_words_in_order(&o.name, &words)
                    || letters.as_ref().is_some_and(|(t, l)| t.matches(&o.name, l))
            })
            .map(|o| OrgHit { id: o.id, name: o.name.clone(), path: self.org_path(o.id), kind: o.kind, selectable: o.is_joinable() })
            .collect();
        super::order::sort_by(&mut hits, |a, b| b.selectable.cmp(&a.selectable).then_with(|| a.name.cmp(&b.name)));
        hits.truncate(limit);
        hits
    }

    /// A member's requests, newest first.
    pub fn requests_of(&self, account: AccountId) -> Vec<&Request> {
        let mut v: Vec<&Request> = self.requests.values().filter(|r| r.applicant == account).collect();
        super::order::sort_by_key(&mut v, |r| std::cmp::Reverse(r.created));
        v
    }

    /// A branch's requests, oldest pending first.
    pub fn requests_for(&self, branch: OrgId) -> Vec<&Request> {
        let mut v: Vec<&Request> = self.requests.values().filter(|r| r.branch == branch).collect();
        super::order::sort_by(&mut v, |a, b| b.state.is_pending().cmp(&a.state.is_pending()).then(a.created.cmp(&b.created)));
        v
    }

    /// The branches directly or indirectly under a committee.
    pub fn branches_under(&self, committee: OrgId) -> Vec<&Org> {
        self.orgs.values().filter(|o| o.kind == OrgKind::Branch && self.oversees(committee, o.id)).collect()
    }

    /// The codes a committee issued, newest first: not one a code link told this phone (`created`
    /// 0), which anyone can make in the committee's name, and which no registration here can use.
    pub fn codes_of(&self, committee: OrgId) -> Vec<&RegistrationCode> {
        let mut v: Vec<&RegistrationCode> = self.codes.values().filter(|c| c.issuer == committee && c.created != 0).collect();
        super::order::sort_by(&mut v, |a, b| b.created.cmp(&a.created).then(a.code.cmp(&b.code)));
        v
    }

    /// An organisation's full name, or empty if this device does not know it.
    pub fn org_name(&self, id: OrgId) -> String {
        self.orgs.get(&id).map(|o| o.name.clone()).unwrap_or_default()
    }

    /// The display name of an account: the profile name, the organisation, or the login.
    pub fn display_name(&self, id: AccountId) -> String {
        let Some(a) = self.accounts.get(&id) else { return String::from(super::model::UNKNOWN_ACCOUNT) };
        match &a.role {
            AccountRole::Member(m) => m.profile.as_ref().map(|p| p.name.to_string()).unwrap_or_else(|| super::rules::mask_phone(&a.login)),
            AccountRole::Branch { org } | AccountRole::Committee { org } => {
                self.orgs.get(org).map(|o| o.name.clone()).unwrap_or_else(|| a.login.clone())
            }
        }
    }
}

/// The words of a query, as a person types them into 找组织: runs of Chinese characters, of digits
/// and of Latin letters (`计算机3班` is `计算机`, `3`, `班`); spaces and punctuation separate them.
fn query_words(query: &str) -> Vec<&str> {
    #[derive(PartialEq)]
    enum Class {
        Digit,
        Latin,
        Han,
        Gap,
    }
    let class = |c: char| match c {
        '0'..='9' => Class::Digit,
        'a'..='z' | 'A'..='Z' => Class::Latin,
        c if c.is_ascii() || c.is_whitespace() || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c) => {
            Class::Gap
        }
        _ => Class::Han,
    };
    let mut words = Vec::new();
    let mut start = None;
    let mut last = Class::Gap;
    for (i, c) in query.char_indices().chain(std::iter::once((query.len(), ' '))) {
        let k = class(c);
        if k != last {
            if let Some(s) = start.take() {
                words.push(&query[s..i]);
            }
            if k != Class::Gap {
                start = Some(i);
            }
            last = k;
        }
    }
    words
}

/// Whether `name` holds the query's words in the order typed, each after the one before. A number
/// matches only a whole number of the name, so `1班` does not find `11班`.
pub fn words_in_order(name: &str, query: &str) -> bool {
    has_words_in_order(name, &query_words(query))
}

/// [`words_in_order`] with the query already split ([`query_words`]), once for a whole search.
fn has_words_in_order(name: &str, words: &[&str]) -> bool {
    let mut rest = name;
    !words.is_empty()
        && words.iter().all(|w| {
            let digits = w.as_bytes()[0].is_ascii_digit();
            let mut from = 0;
            while let Some(at) = rest[from..].find(w).map(|i| from + i) {
                let end = at + w.len();
                let whole = !digits
                    || (!rest[..at].ends_with(|c: char| c.is_ascii_digit()) && !rest[end..].starts_with(|c: char| c.is_ascii_digit()));
                if whole {
                    rest = &rest[end..];
                    return true;
                }
                from = end;
            }
            false
        })
}

/// What a secretary should know before deciding a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestWarning {
    /// The applicant's ID number, 团员编号 or 学号 is also on another account here.
    Duplicate(super::duplicates::DuplicateFlag),
    /// The applicant already belongs to another branch here (a 申请转入 moves them).
    InOtherBranch { branch: String },
    /// The applicant has another pending request (should not happen; imported data may do it).
    AlsoPendingElsewhere { branch: String },
}

impl std::fmt::Display for RequestWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestWarning::Duplicate(flag) => flag.fmt(f),
            RequestWarning::InOtherBranch { branch } => write!(f, "该团员现属于“{branch}”，接收后将从原团支部转出。"),
            RequestWarning::AlsoPendingElsewhere { branch } => write!(f, "重复提醒：该团员同时向“{branch}”提交了申请。"),
        }
    }
}

impl State {
    /// The warnings to show beside a request; `dups` is [`State::duplicate_people`], found once
    /// for the whole list.
    pub fn request_warnings(&self, id: RequestId, dups: &super::duplicates::DuplicatePeople) -> Vec<RequestWarning> {
        let Some(r) = self.requests.get(&id) else { return Vec::new() };
        let Some(applicant) = self.accounts.get(&r.applicant) else { return Vec::new() };
        let mut out: Vec<RequestWarning> = self.duplicate_flags(dups, applicant.id).into_iter().map(RequestWarning::Duplicate).collect();
        if let Some(b) = applicant.member().and_then(|m| m.branch).filter(|b| *b != r.branch) {
            out.push(RequestWarning::InOtherBranch { branch: self.org_name(b) });
        }
        for other in self.requests.values().filter(|o| o.id != id && o.applicant == r.applicant && o.state.is_pending()) {
            out.push(RequestWarning::AlsoPendingElsewhere { branch: self.org_name(other.branch) });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::core::demo::{build, DEMO_EPOCH};

    /// 所属 names what is above, never the organisation itself: a college, or the school for what is directly under it.
    #[test]
    fn org_above_names_the_organisations_above() {
        use crate::core::model::OrgKind;
        let s = build(DEMO_EPOCH);
        let school = s.orgs.values().find(|o| o.kind == OrgKind::School).unwrap();
        assert_eq!(s.org_above(school.id), "");
        let college = s.orgs.values().find(|o| o.parent == Some(school.id)).unwrap();
        assert_eq!(s.org_above(college.id), school.name.as_str());
        let branch = s.orgs.values().find(|o| o.parent == Some(college.id)).unwrap();
        assert_eq!(s.org_above(branch.id), college.name.as_str());
        assert!(!s.org_above(branch.id).contains(branch.name.as_str()));
    }

    #[test]
    fn request_warnings() {
        use crate::core::model::*;
        let mut s = build(DEMO_EPOCH);
        let r = s.requests.values().find(|r| r.state.is_pending()).unwrap().clone();
        assert!(s.request_warnings(r.id, &s.duplicate_people()).is_empty());
        // Give someone in another branch the applicant's 学号.
        let no = s.accounts[&r.applicant].profile().unwrap().student_no.clone();
        let other = s.accounts.values().find(|a| a.member().is_some_and(|m| m.branch.is_some_and(|b| b != r.branch))).unwrap().id;
        s.accounts.get_mut(&other).unwrap().member_mut().unwrap().profile.as_mut().unwrap().student_no = no;
        let dups = s.duplicate_people();
        assert!(matches!(&s.request_warnings(r.id, &dups)[..], [super::RequestWarning::Duplicate(f)]
                if f.shared == crate::core::duplicates::Shared::StudentNo && f.other == s.display_name(other)));
        // An accepted member applying elsewhere is warned about as a transfer.
        let branch = s.accounts[&other].member().unwrap().branch.unwrap();
        let id = RequestId(999);
        s.requests.insert(
            id,
            Request {
                id,
                kind: RequestKind::TransferIn { from: String::new() },
                applicant: other,
                branch: r.branch,
                created: 0,
                state: RequestState::Pending,
                others: vec![],
                settled: None,
            },
        );
        let w = s.request_warnings(id, &s.duplicate_people());
        assert!(w.iter().any(|x| matches!(x, super::RequestWarning::InOtherBranch { branch: b } if *b == s.orgs[&branch].name)));
        assert!(w.iter().any(|x| x.to_string().contains("重复提醒")));
    }

    /// Two applicants with one ID number in a secretary's queue: each is flagged with the other.
    #[test]
    fn two_accounts_with_one_id_number_are_flagged_in_the_queue() {
        let mut s = build(DEMO_EPOCH);
        let pending: Vec<_> = s.requests.values().filter(|r| r.state.is_pending()).map(|r| (r.id, r.applicant)).take(2).collect();
        let (first, second) = (pending[0], pending[1]);
        let id_number = s.accounts[&first.1].profile().unwrap().id_number.clone();
        s.accounts.get_mut(&second.1).unwrap().member_mut().unwrap().profile.as_mut().unwrap().id_number = id_number;
        let other = s.display_name(second.1);
        let dups = s.duplicate_people();
        use super::RequestWarning::Duplicate;
        use crate::core::duplicates::Shared;
        let same_id = |w: &super::RequestWarning, who: &str| matches!(w, Duplicate(f) if f.shared == Shared::IdNumber && f.other == who);
        assert!(s.request_warnings(first.0, &dups).iter().any(|w| same_id(w, &other)));
        let first_name = s.display_name(first.1);
        assert!(s.request_warnings(second.0, &dups).iter().any(|w| same_id(w, &first_name)));
    }

    #[test]
    fn search_by_name_id_and_initials() {
        let s = build(DEMO_EPOCH);
        let by_name = s.search_orgs("计算机科学", 50);
        assert_eq!(by_name.len(), 2);
        assert!(by_name.iter().all(|h| h.selectable && h.path.starts_with("计算机学院团委 › ")));
        let id = by_name[0].id;
        assert_eq!(s.search_orgs(&id.to_string(), 50)[0].id, id);
        // Committees are found but cannot be chosen; branches come first.
        let all = s.search_orgs("计算机", 50);
        assert!(all.iter().any(|h| !h.selectable && h.name == "计算机学院团委"));
        assert!(all.first().unwrap().selectable && !all.last().unwrap().selectable);
        // Pinyin initials, in either case, with the shipped table; not without it.
        let table = crate::core::initials::tests::shipped();
        let jsj = s.search_orgs_with("JSJ", 50, Some(&table));
        assert!(jsj.iter().any(|h| h.name.starts_with("2025级计算机")), "{jsj:?}");
        assert!(s.search_orgs("jsj", 50).is_empty());
        // Each reading of a polyphone: 会计学 by kjx and by hjx.
        for q in ["kjx", "hjx"] {
            assert!(s.search_orgs_with(q, 50, Some(&table)).iter().any(|h| h.name.contains("会计学")), "{q}");
        }
        // One letter is too little for initials; spaces are ignored.
        assert!(s.search_orgs_with("j", 50, Some(&table)).is_empty());
        assert_eq!(s.search_orgs("计算机 科学", 50).len(), 2);
        assert!(s.search_orgs("   ", 50).is_empty());
    }

    /// The words a person types, in order: a class number, a year, a college, with or without spaces.
    #[test]
    fn search_by_words_in_order() {
        use super::words_in_order;
        let name = "2025级计算机科学与技术3班团支部";
        for q in ["计算机3班", "计算机 3班", "2025 计算机 3", "2025级计算机", "计算机，技术，3班", "科学 技术 团支部"]
        {
            assert!(words_in_order(name, q), "{q}");
        }
        // Out of order, a number that is only part of one, a word not there, nothing at all.
        for q in ["3班计算机", "计算机1班", "计算机33班", "25级", "软件3班", "", " ，"] {
            assert!(!words_in_order(name, q), "{q}");
        }
        assert!(words_in_order("2025级计算机科学与技术11班团支部", "计算机11班"));
        assert!(!words_in_order("2025级计算机科学与技术11班团支部", "计算机1班"));
        // Through the search: the class is found among the demo's branches.
        let s = build(DEMO_EPOCH);
        let target = s.orgs.values().find(|o| o.name.contains("计算机科学与技术") && o.name.contains("班")).unwrap();
        let class: String = target
            .name
            .chars()
            .rev()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let hits = s.search_orgs(&format!("计算机{class}班"), 50);
        assert!(hits.iter().any(|h| h.id == target.id), "{hits:?}");
        assert!(hits.iter().all(|h| words_in_order(&h.name, &format!("计算机{class}班"))));
    }
}
