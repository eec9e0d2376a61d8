//! What each hand-over carries: only what the receiver needs, never a secret.

use super::{claim_proof, Body, Claim, Kind, Sender, SyncFile};
use crate::core::auth::PasswordHash;
use crate::core::date::Millis;
use crate::core::model::Actor;
use crate::core::model::*;
use std::collections::BTreeSet;

/// The kinds of file this actor can write, in the order the screen offers them.
pub fn kinds_for(actor: Actor) -> &'static [Kind] {
    match actor {
        Actor::Anonymous => &[Kind::Backup],
        Actor::Member(_) => &[Kind::Application, Kind::Backup],
        Actor::Branch { .. } => &[Kind::Decisions, Kind::Report, Kind::Registration, Kind::Backup],
        Actor::Committee { .. } => &[Kind::Registration, Kind::Report, Kind::Directory, Kind::Backup],
    }
}

impl State {
    /// The kinds of file this actor has someone to send to: [`kinds_for`], without 上报 and 组织注册
    /// for an organisation with nobody above it (the 校团委).
    pub fn kinds_to_send(&self, actor: Actor) -> Vec<Kind> {
        let top = match actor {
            Actor::Branch { org, .. } | Actor::Committee { org, .. } => self.orgs.get(&org).is_some_and(|o| o.parent.is_none()),
            _ => false,
        };
        kinds_for(actor).iter().copied().filter(|k| !(top && matches!(k, Kind::Report | Kind::Registration))).collect()
    }

    /// The organisation and every one above it (whether or not `into` holds some already).
    pub(super) fn with_ancestors(&self, org: OrgId, into: &mut BTreeSet<OrgId>) {
        let mut cur = Some(org);
        for _ in 0..16 {
            let Some(id) = cur else { break };
            into.insert(id);
            cur = self.orgs.get(&id).and_then(|o| o.parent);
        }
    }

    pub(super) fn orgs_of(&self, ids: &BTreeSet<OrgId>) -> Vec<Org> {
        ids.iter().filter_map(|id| self.orgs.get(id).cloned()).collect()
    }

    /// `org` and everything under it that this phone holds a record of: not a link's sketch (an
    /// invite's branch opened on a committee's phone never registered with it), which a report or
    /// 组织目录 would otherwise pass on as the committee's word.
    fn subtree(&self, org: OrgId) -> BTreeSet<OrgId> {
        let mut set = BTreeSet::new();
        set.extend(self.orgs.values().filter(|o| o.id == org || o.created != 0).map(|o| o.id).filter(|o| self.oversees(org, *o)));
        set
    }

    /// The file `actor` writes for `kind`; `None` when that actor has nothing of the kind to send.
    pub fn sync_file(&self, actor: Actor, kind: Kind, now: Millis) -> Option<SyncFile> {
        if !kinds_for(actor).contains(&kind) {
            return None;
        }
        let (from, from_name) = match actor {
            Actor::Anonymous => (Sender::Device, String::new()),
            Actor::Member(a) => (Sender::Member(a), self.display_name(a)),
            Actor::Branch { org, .. } | Actor::Committee { org, .. } => (Sender::Org(org), self.org_name(org)),
        };
        let mut body = match (kind, actor) {
            (Kind::Application, Actor::Member(a)) => return self.application_file(a, now),
            (Kind::Decisions, Actor::Branch { org, .. }) => self.decisions_body(org),
            (Kind::Registration, Actor::Branch { org, account } | Actor::Committee { org, account }) => {
                self.registration_body(org, account)?
            }
            (Kind::Report, Actor::Branch { org, .. } | Actor::Committee { org, .. }) => self.report_body(org),
            (Kind::Directory, Actor::Committee { org, .. }) => self.directory_body(org),
            (Kind::Backup, _) => self.backup_body(),
            _ => return None,
        };
        if kind == Kind::Report {
            // The report is what 上报 means: its problems arrive as reported.
            for p in &mut body.problems {
                p.reported = p.reported.or(Some(now));
            }
        }
        body.demo = self.demo;
        Some(SyncFile { kind, from, from_name, app: env!("CARGO_PKG_VERSION").to_string(), written: now, body, signed: None })
    }

    /// 入团申请 as the member's build writes it (without the other kinds' code): the same file
    /// [`State::sync_file`] writes for the member.
    pub fn application_file(&self, member: AccountId, now: Millis) -> Option<SyncFile> {
        let body = Body { demo: self.demo, ..self.application_body(member)? };
        Some(SyncFile {
            kind: Kind::Application,
            from: Sender::Member(member),
            from_name: self.display_name(member),
            app: env!("CARGO_PKG_VERSION").to_string(),
            written: now,
            body,
            signed: None,
        })
    }

    /// 入团申请: the member's account and profile, their requests and appeals, and the branches'
    /// public details.
    pub(crate) fn application_body(&self, member: AccountId) -> Option<Body> {
        let account = self.accounts.get(&member)?.clone();
        let requests: Vec<Request> = self.requests.values().filter(|r| r.applicant == member).cloned().collect();
        let appeals: Vec<Appeal> = self.appeals.values().filter(|a| a.account == member).cloned().collect();
        // Details to send, or an appeal (filed from a new phone before any details).
        if account.profile().is_none() && appeals.is_empty() {
            return None;
        }
        let mut orgs = BTreeSet::new();
        for b in requests.iter().map(|r| r.branch).chain(appeals.iter().filter_map(|a| a.branch)) {
            self.with_ancestors(b, &mut orgs);
        }
        Some(Body { orgs: self.orgs_of(&orgs), accounts: vec![account], requests, appeals, ..Body::default() })
    }

    /// 审核结果: the branch's decisions on requests and appeals, and each applicant's membership,
    /// without anyone's phone, profile or photo (every applicant may receive the same file), and as
    /// small as that allows, for one QR code: no organisations (an applicant's phone knows the
    /// branch it applied to, and the branch decides for itself), no withdrawals (the applicants'
    /// own) unless a conflict or its settling must travel.
    fn decisions_body(&self, branch: OrgId) -> Body {
        let requests: Vec<Request> = self
            .requests
            .values()
            .filter(|r| {
                r.branch == branch
                    && (matches!(r.state, RequestState::Accepted { .. } | RequestState::Returned { .. } | RequestState::Lapsed { .. })
                        || !r.others.is_empty()
                        || r.settled.is_some())
            })
            .cloned()
            .collect();
        let appeals: Vec<Appeal> = self
            .appeals
            .values()
            .filter(|a| a.branch == Some(branch) && a.state != AppealState::Pending)
            .map(|a| Appeal { photo: None, reason: String::new(), ..a.clone() })
            .collect();
        let people = people_of(&requests, &appeals);
        let accounts = people.iter().filter_map(|id| self.accounts.get(id)).filter_map(membership_only).collect();
        Body { accounts, requests, appeals, ..Body::default() }
    }

    /// 组织注册信息: the new organisation, its account, and the proof of the code it used (or, on
    /// the phone a committee handed its account to, of the reset code).
    fn registration_body(&self, org: OrgId, account: AccountId) -> Option<Body> {
        let mut orgs = BTreeSet::new();
        self.with_ancestors(org, &mut orgs);
        let with = |claim: Claim| Body {
            orgs: self.orgs_of(&orgs),
            accounts: self.accounts.get(&account).cloned().into_iter().collect(),
            claims: vec![claim],
            ..Body::default()
        };
        // An account handed to this phone by the committee: the claim of its reset code (`reset`).
        if let Some(claim) = self.reset.as_ref().filter(|r| r.org == org).and_then(|r| r.claim()) {
            return Some(with(claim));
        }
        let code = self.codes.values().find(|c| matches!(c.state, CodeState::Used { org: o, .. } if o == org))?;
        let CodeState::Used { at, .. } = code.state else { return None };
        Some(with(Claim { org, proof: claim_proof(&code.code, org), at }))
    }

    /// 上报: everything under `org`: organisations and their accounts, members and applicants,
    /// requests, appeals, problems.
    pub(super) fn report_body(&self, org: OrgId) -> Body {
        let tree = self.subtree(org);
        let mut orgs = tree.clone();
        self.with_ancestors(org, &mut orgs);
        let requests: Vec<Request> = self.requests.values().filter(|r| tree.contains(&r.branch)).cloned().collect();
        let appeals: Vec<Appeal> = self.appeals.values().filter(|a| a.branch.is_some_and(|b| tree.contains(&b))).cloned().collect();
        let people = people_of(&requests, &appeals);
        let accounts = self
            .accounts
            .values()
            .filter(|a| match &a.role {
                AccountRole::Member(m) => people.contains(&a.id) || m.branch.is_some_and(|b| tree.contains(&b)),
                AccountRole::Branch { org } | AccountRole::Committee { org } => tree.contains(org),
            })
            .cloned()
            .collect();
        let problems = self.problems.values().filter(|p| tree.contains(&p.branch)).cloned().collect();
        // The keys of the organisations under it: the committee above then knows them, not only
        // their names.
        Body { orgs: self.orgs_of(&orgs), accounts, requests, appeals, problems, keys: self.vouches(org, true), ..Body::default() }
    }

    /// 组织目录: the organisations under `org` (and above it), without the secretaries' names and phones;
    /// the keys it vouches for, and those of the committees above it, which it introduces.
    pub fn directory_body(&self, org: OrgId) -> Body {
        let mut ids = self.subtree(org);
        self.with_ancestors(org, &mut ids);
        let orgs = self.orgs_of(&ids).into_iter().filter(|o| !o.is_archived()).map(public_org).collect();
        let mut keys = self.vouches(org, false);
        keys.extend(self.introductions(org));
        Body { orgs, keys, ..Body::default() }
    }

    /// 完整备份: every record on the device (passwords and reset codes never leave it).
    pub(crate) fn backup_body(&self) -> Body {
        Body {
            orgs: self.orgs.values().cloned().collect(),
            codes: self.codes.values().cloned().collect(),
            claims: Vec::new(),
            accounts: self.accounts.values().cloned().collect(),
            requests: self.requests.values().cloned().collect(),
            appeals: self.appeals.values().cloned().collect(),
            problems: self.problems.values().cloned().collect(),
            keys: Vec::new(),
            demo: self.demo,
            recover: None,
            sealed_key: None,
            sent: self.sent.clone(),
        }
    }
}

/// The applicants and appellants (old and new accounts) of these records.
fn people_of(requests: &[Request], appeals: &[Appeal]) -> BTreeSet<AccountId> {
    let mut set = BTreeSet::new();
    set.extend(requests.iter().map(|r| r.applicant).chain(appeals.iter().flat_map(|a| [a.account, a.old_account])));
    set
}

/// An organisation without its secretary's name and phone.
fn public_org(mut o: Org) -> Org {
    if let Some(b) = o.branch.as_mut() {
        b.secretary_name.clear();
        b.secretary_phone.clear();
    }
    o
}

/// An account reduced to its membership: no phone, no profile, no volunteer details.
fn membership_only(a: &Account) -> Option<Account> {
    let m = a.member()?;
    let record = MemberRecord {
        profile: None,
        branch: m.branch,
        accepted_at: m.accepted_at,
        cadre: m.cadre,
        volunteer: None,
        consent: None,
        profile_at: 0,
        membership_at: m.membership_at,
    };
    Some(Account {
        id: a.id,
        login: String::new(),
        role: AccountRole::Member(Box::new(record)),
        password: PasswordHash::none(),
        created: 0,
        retired: a.retired,
    })
}
