//! A file's attacker, for the property test (`tests/attacker_props.rs`) and the fuzz target
//! (`fuzz/fuzz_targets/import.rs`): real hand-overs changed at the level of records ([`Change`])
//! and signed by whoever really made them ([`carry`]), and the invariants an import must keep
//! whatever the file ([`check`]). Native only: never in the app's wasm.

use super::import::plan;
use super::seal::native::Key;
use super::seal::{pin_name, Vouch};
use super::{Kind, Sender, SyncFile};
use crate::core::date::{Millis, DAY_MS};
use crate::core::model::Actor;
use crate::core::model::*;
use std::mem::discriminant;

/// Every kind of file, in the order [`Change::Kind`] picks from.
pub const KINDS: [Kind; 7] =
    [Kind::Application, Kind::Decisions, Kind::Registration, Kind::Report, Kind::Directory, Kind::Backup, Kind::Recovery];

/// One change an attacker makes to a real file; the numbers pick among the receiver's records.
#[derive(Clone, Debug)]
pub enum Change {
    /// Claims another sender: a member's or an account's ID, an organisation, the device.
    Sender(u8, usize),
    Kind(usize),
    /// Gives the `at`-th account of the file the ID of the `to`-th account on the receiver.
    AccountId {
        at: usize,
        to: usize,
    },
    /// Turns the `at`-th account into a branch's or committee's account of an organisation, or back.
    Role {
        at: usize,
        org: usize,
        member: bool,
    },
    /// Gives the `at`-th account another login: a new phone number, the login of the receiver's
    /// `to`-th account, or none (a membership "sent back") with the person renamed, dated late.
    Login {
        at: usize,
        to: usize,
    },
    /// Moves the `at`-th member into an organisation, with a late stamp.
    Membership {
        at: usize,
        org: usize,
    },
    /// Decides the `at`-th request (or one of the receiver's, by ID) as some account.
    Decide {
        at: usize,
        theirs: Option<usize>,
        by: usize,
        accept: bool,
    },
    /// Moves the `at`-th request to another organisation, or (`kind`) makes it a 毕业生转出 asked again.
    RequestBranch {
        at: usize,
        org: usize,
        kind: bool,
    },
    /// Gives the `at`-th organisation another parent and a late stamp.
    OrgParent {
        at: usize,
        parent: usize,
    },
    /// Repeats every account and request `n` times (an organisation twice is refused as it is read:
    /// `validate`).
    Repeat(usize),
    /// Sends it unsigned.
    Unsigned,
    /// Vouches for the attacker's own key as an organisation's.
    Vouch {
        org: usize,
    },
    /// Dates the `at`-th account's membership and profile, and the `at`-th organisation, far
    /// beyond the receiver's clock.
    FarStamp {
        at: usize,
    },
    /// Settles the `at`-th request's and appeal's conflict in favour of the file's version.
    Settle {
        at: usize,
        by: usize,
    },
    /// Marks the `at`-th account as retired (停用).
    Retire {
        at: usize,
    },
    /// Adds a new organisation (a branch with an account) under the `parent`-th organisation.
    NewOrg {
        parent: usize,
    },
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

impl Change {
    /// Changes read from fuzzer bytes: 17 bytes each (a tag, then two numbers).
    pub fn from_bytes(bytes: &[u8]) -> Vec<Change> {
        bytes
            .chunks_exact(17)
            .map(|c| {
                let n = |i: usize| u64::from_le_bytes(c[i..i + 8].try_into().unwrap()) as usize;
                let (a, b, flag) = (n(1), n(9), c[0] & 0x80 != 0);
                match c[0] % 16 {
                    0 => Change::Sender((a % 4) as u8, b),
                    1 => Change::Kind(a),
                    2 => Change::AccountId { at: a, to: b },
                    3 => Change::Role { at: a, org: b, member: flag },
                    4 => Change::Login { at: a, to: b },
                    5 => Change::Membership { at: a, org: b },
                    6 => Change::Decide { at: a, theirs: flag.then_some(b), by: b / 7, accept: a % 2 == 0 },
                    7 => Change::RequestBranch { at: a, org: b, kind: flag },
                    8 => Change::OrgParent { at: a, parent: b },
                    9 => Change::Unsigned,
                    10 => Change::Vouch { org: a },
                    11 => Change::FarStamp { at: a },
                    12 => Change::Settle { at: a, by: b },
                    13 => Change::Retire { at: a },
                    14 => Change::NewOrg { parent: b },
                    _ => Change::Repeat(1 + a % 3),
                }
            })
            .collect()
    }

    /// Makes this change to `file`, picking among `receiver`'s records; `now` for the late stamps.
    pub fn apply(&self, file: &mut SyncFile, receiver: &State, now: Millis) {
        apply(file, self, receiver, now)
    }
}

fn apply(file: &mut SyncFile, change: &Change, receiver: &State, now: Millis) {
    // The receiver's records (an ID of the attacker's own where it has none).
    let mut accounts: Vec<AccountId> = receiver.accounts.keys().copied().collect();
    let mut orgs: Vec<OrgId> = receiver.orgs.keys().copied().collect();
    accounts.extend(accounts.is_empty().then_some(AccountId(90_000_000)));
    orgs.extend(orgs.is_empty().then_some(OrgId(90_000_000)));
    let requests: Vec<RequestId> = receiver.requests.keys().copied().collect();
    let b = &mut file.body;
    // Late enough to win every merge, and within the day of clock difference a receiver allows
    // (files are read a day after `now`).
    let late = now + 2 * DAY_MS - 1;
    let far = now + 400 * DAY_MS;
    match *change {
        Change::Sender(k, i) => {
            file.from = match k {
                0 | 1 => Sender::Member(pick(&accounts, i).unwrap()),
                2 => Sender::Org(pick(&orgs, i).unwrap()),
                _ => Sender::Device,
            }
        }
        Change::Kind(i) => file.kind = KINDS[i % KINDS.len()],
        Change::AccountId { at, to } => {
            let n = b.accounts.len();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                a.id = pick(&accounts, to).unwrap();
            }
        }
        Change::Role { at, org, member } => {
            let n = b.accounts.len();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                let org = pick(&orgs, org).unwrap();
                a.role = match (member, receiver.accounts.values().find(|x| x.member().is_some())) {
                    (true, Some(m)) => m.role.clone(),
                    _ if receiver.orgs.get(&org).is_none_or(|o| o.kind == OrgKind::Branch) => AccountRole::Branch { org },
                    _ => AccountRole::Committee { org },
                };
            }
        }
        Change::Login { at, to } => {
            let n = b.accounts.len();
            let held: Vec<String> = receiver.accounts.values().map(|a| a.login.clone()).collect();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                match to % 3 {
                    0 => a.login = "13999990000".into(),
                    1 => a.login = pick(&held, to / 3).unwrap_or_default(),
                    _ => {
                        a.login.clear();
                        if let AccountRole::Member(m) = &mut a.role {
                            if let Some(p) = m.profile.as_mut() {
                                p.name = PersonName::parse("冒名").expect("a name");
                                m.profile_at = late;
                            }
                        }
                    }
                }
            }
        }
        Change::Membership { at, org } => {
            let n = b.accounts.len();
            if let Some(AccountRole::Member(m)) = (n > 0).then(|| &mut b.accounts[at % n].role) {
                (m.branch, m.accepted_at, m.membership_at) = (pick(&orgs, org), Some(late), late);
            }
        }
        Change::Decide { at, theirs, by, accept } => {
            let by = pick(&accounts, by).unwrap();
            let state = if accept {
                RequestState::Accepted { at: late, by }
            } else {
                RequestState::Returned { at: late, by, reason: "退回".into() }
            };
            match theirs {
                Some(i) => {
                    if let Some(id) = pick(&requests, i) {
                        let mut r = receiver.requests[&id].clone();
                        r.state = state;
                        b.requests.push(r);
                    }
                }
                None => {
                    let n = b.requests.len();
                    if n > 0 {
                        b.requests[at % n].state = state;
                    }
                }
            }
        }
        Change::RequestBranch { at, org, kind } => {
            let n = b.requests.len();
            if n > 0 && kind {
                let r = &mut b.requests[at % n];
                (r.kind, r.state) =
                    (RequestKind::TransferOut { destination: Destination::FurtherStudy, target: "外校".into() }, RequestState::Pending);
            } else if n > 0 {
                b.requests[at % n].branch = pick(&orgs, org).unwrap();
            }
        }
        Change::OrgParent { at, parent } => {
            let n = b.orgs.len();
            if n > 0 {
                let o = &mut b.orgs[at % n];
                (o.parent, o.updated) = (pick(&orgs, parent), late);
            }
        }
        Change::FarStamp { at } => {
            let n = b.accounts.len();
            if let Some(AccountRole::Member(m)) = (n > 0).then(|| &mut b.accounts[at % n].role) {
                (m.membership_at, m.profile_at) = (far, far);
            }
            let n = b.orgs.len();
            if n > 0 {
                b.orgs[at % n].updated = far;
            }
        }
        Change::Settle { at, by } => {
            let settled = Some(Settled { at: late, by: pick(&accounts, by).unwrap(), keep: String::new(), seen: Vec::new() });
            let n = b.requests.len();
            if n > 0 {
                let r = &mut b.requests[at % n];
                r.settled = settled.clone().map(|s| Settled { keep: crate::core::to_json(&r.state), ..s });
            }
            let n = b.appeals.len();
            if n > 0 {
                let a = &mut b.appeals[at % n];
                a.settled = settled.map(|s| Settled { keep: crate::core::to_json(&a.state), ..s });
            }
        }
        Change::Retire { at } => {
            // Even: the at-th account retired. Odd: a retired one back, with a late stamp and
            // (every other time) the appeal that retired it decided 申诉失败, as its branch would.
            if at % 2 == 1 {
                // The receiver's retired account and the appeal that retired it, if the file lacks them.
                let missing: Vec<Account> =
                    receiver.accounts.values().filter(|a| a.retired && !b.accounts.iter().any(|x| x.id == a.id)).cloned().collect();
                for a in missing {
                    b.appeals.extend(receiver.appeals.values().filter(|ap| ap.old_account == a.id).cloned());
                    b.accounts.push(a);
                }
            }
            let n = b.accounts.len();
            let i = if at % 2 == 0 { (n > 0).then(|| at % n) } else { b.accounts.iter().position(|a| a.retired) };
            if let Some(a) = i.map(|i| &mut b.accounts[i]) {
                a.retired = at % 2 == 0;
                let id = a.id;
                let back = !a.retired;
                if let (Some(m), true) = (a.member_mut(), back) {
                    m.membership_at = late;
                }
                if at % 4 == 3 {
                    let by = pick(&accounts, at).unwrap();
                    for ap in b.appeals.iter_mut().filter(|ap| ap.old_account == id) {
                        // Settled, 申诉失败 kept (as the branch's 以此为准 does).
                        ap.others = vec![ap.state.clone()];
                        ap.state = AppealState::Rejected { at: late, by, reason: "不是同一人".into() };
                        let seen = vec!["rejected".into(), "upheld".into()];
                        ap.settled = Some(Settled { at: late, by, keep: "rejected".into(), seen });
                    }
                }
            }
        }
        Change::NewOrg { parent } => {
            let (org, account) = (OrgId(90_000_000 + b.orgs.len() as u64), AccountId(90_000_000 + b.accounts.len() as u64));
            let mut branch = receiver.orgs.values().find(|o| o.kind == OrgKind::Branch).cloned().unwrap_or(Org {
                id: org,
                name: "攻击者团支部".into(),
                kind: OrgKind::Branch,
                parent: None,
                branch: Some(BranchInfo::sketch()),
                created: now,
                updated: now,
            });
            (branch.id, branch.parent, branch.name) = (org, pick(&orgs, parent), "攻击者团支部".into());
            b.orgs.push(branch);
            b.accounts.push(Account {
                id: account,
                login: "GJZ".into(),
                role: AccountRole::Branch { org },
                password: crate::core::auth::PasswordHash::none(),
                created: now,
                retired: false,
            });
        }
        Change::Unsigned => file.signed = None,
        Change::Vouch { org } => b.keys.push(Vouch { org: pick(&orgs, org).unwrap(), key: attacker_key().public() }),
        Change::Repeat(k) => {
            let (accounts, requests) = (b.accounts.clone(), b.requests.clone());
            for _ in 0..k {
                b.accounts.extend(accounts.iter().cloned());
                b.requests.extend(requests.iter().cloned());
            }
        }
    }
}

/// The decisions recorded on a request (its state and the others kept beside it).
fn decisions(r: &Request) -> Vec<RequestState> {
    std::iter::once(r.state.clone())
        .chain(r.others.iter().cloned())
        .filter(|s| matches!(s, RequestState::Accepted { .. } | RequestState::Returned { .. }))
        .collect()
}

fn oversees(local: &State, from: Sender, org: OrgId) -> bool {
    matches!(from, Sender::Org(o) if local.oversees(o, org))
}

/// Checks that importing `file` into `local` (whose clock reads `now`) keeps every invariant; the
/// first one broken, in words.
pub fn check(local: &State, file: &SyncFile, now: Millis) -> Result<(), String> {
    let before = local.clone();
    let Ok(p) = plan(local, file) else {
        return if *local == before { Ok(()) } else { Err("a refused file changed the state".into()) };
    };
    // A 完整备份 signed by this very device (or onto a blank one) is taken whole, by design: the
    // device's own data.
    if p.whole {
        let own = file.signed.is_some() && file.signed == local.device_key;
        if file.kind != Kind::Backup || !(local.is_blank() || own) {
            return Err("a file taken whole that is not this device's own backup".into());
        }
        // Onto a blank phone, what it learned from a link or a directory stays as it was.
        return match local.orgs.values().find(|o| !own && p.merged.orgs.get(&o.id) != Some(o)) {
            Some(o) => Err(format!("a backup onto a blank phone changed the organisation {} it had learned", o.id)),
            None => Ok(()),
        };
    }
    let m = &p.merged;
    for (name, mine) in local.keys.iter() {
        if m.keys.get(name) != Some(mine) {
            // Only by the committee right above it.
            let by_org = matches!(file.from, Sender::Org(s)
                if local.orgs.values().any(|o| o.parent == Some(s) && pin_name(Sender::Org(o.id)).as_ref() == Some(name)));
            if !by_org || file.signed.as_ref() != local.key_of(file.from) {
                return Err(format!("the key kept for {name} changed, by {:?}", file.from));
            }
        }
    }
    // This phone's own accounts and organisations (those waiting for their owner's password
    // included) speak only with this phone's key (or the one sealed in a backup restored here).
    let waits = |a: &Account| a.password.is_set() && !a.retired || local.restored == Some(a.id);
    let own = !local.demo
        && match file.from {
            Sender::Member(id) => local.accounts.get(&id).is_some_and(waits),
            Sender::Org(o) => {
                local.accounts.values().any(|a| a.role.org() == Some(o) && waits(a)) || local.reset.as_ref().is_some_and(|r| r.org == o)
            }
            Sender::Device => false,
        };
    if own {
        let restored = local.restored_key.as_ref().map(|k| &k.public);
        if file.signed.is_none() || file.signed != local.device_key && file.signed.as_ref() != restored {
            return Err(format!("a file claiming this phone's own {:?}, signed by another key, was taken", file.from));
        }
    }
    // Organisations first: past this, `m`'s tree is this device's with only rightful additions.
    let known = file.signed.is_some() && local.key_of(file.from) == file.signed.as_ref();
    check_orgs(local, m, file.from, known)?;
    if let Some(kept) = local.key_of(file.from) {
        if file.signed.as_ref() != Some(kept) {
            return Err(format!("a file for {:?} not signed by its key was taken", file.from));
        }
    }
    if file.signed.is_none() {
        let same = local.accounts.iter().all(|(id, a)| m.accounts[id] == *a)
            && local.requests.iter().all(|(id, r)| m.requests[id] == *r)
            && local.orgs.iter().all(|(id, o)| m.orgs[id] == *o);
        if !same {
            return Err(format!("an unsigned file from {:?} changed a record held here", file.from));
        }
        // Nothing but the member's own account, requests and appeals.
        let others = m.accounts.keys().any(|id| !local.accounts.contains_key(id) && file.from != Sender::Member(*id));
        if others || m.orgs.len() != local.orgs.len() || m.codes != local.codes || m.problems != local.problems {
            return Err(format!("an unsigned file from {:?} added more than a member's own records", file.from));
        }
    }
    for (id, a) in m.accounts.iter().filter(|(id, a)| local.accounts.get(*id) != Some(*a)) {
        if let Some(r) = a.member().filter(|r| r.membership_at > now + DAY_MS || r.profile_at > now + DAY_MS) {
            return Err(format!("account {id:?} dated {} / {} beyond the clock, by {:?}", r.membership_at, r.profile_at, file.from));
        }
    }
    for (id, o) in m.orgs.iter().filter(|(id, o)| local.orgs.get(*id) != Some(*o)) {
        if o.updated > now + DAY_MS || o.created > now + DAY_MS {
            return Err(format!("organisation {id:?} dated beyond the clock, by {:?}", file.from));
        }
    }
    for (id, mine) in local.accounts.iter() {
        let now = &m.accounts[id];
        if discriminant(&now.role) != discriminant(&mine.role) || now.login != mine.login || now.password != mine.password {
            return Err(format!("the kind, login or password of account {id:?} changed, by {:?}", file.from));
        }
        if let (Some(a), Some(b)) = (mine.member(), now.member()) {
            if a.branch != b.branch {
                let by_org = a.branch.is_some_and(|o| oversees(m, file.from, o)) || b.branch.is_some_and(|o| oversees(m, file.from, o));
                if !by_org {
                    return Err(format!("membership of {id:?} moved {:?} → {:?} by {:?}", a.branch, b.branch, file.from));
                }
            }
        }
    }
    for (id, mine) in local.accounts.iter() {
        let (Some(a), Some(b)) = (mine.member(), m.accounts[id].member()) else { continue };
        if a.profile == b.profile {
            continue;
        }
        // A person's own record changes only by their own file, or an organisation over a branch
        // they belong to or applied to (in the tree as taken, checked above); what an acceptance
        // locked, not by their own file.
        let branches =
            [a.branch, b.branch].into_iter().flatten().chain(m.requests.values().filter(|r| r.applicant == *id).map(|r| r.branch));
        let own = file.from == Sender::Member(*id);
        if !own && !branches.into_iter().any(|br| oversees(m, file.from, br)) {
            return Err(format!("the profile of {id:?} changed by {:?}", file.from));
        }
        let locked = |p: &Option<Profile>, q: &Option<Profile>| match (p, q) {
            (Some(p), Some(q)) => crate::core::profile::locked_fields_changed(p, q),
            _ => p.is_some(),
        };
        if own && a.profile_locked() && locked(&a.profile, &b.profile) {
            return Err(format!("a locked field of {id:?} changed by the member's own file"));
        }
    }
    // An account that logs in here keeps its login, in any case: no new account takes it (but a
    // branch's second registration under a branch's username, proven with a code this phone
    // issued, which is the committee's 重复注册).
    for mine in local.accounts.values().filter(|a| a.password.is_set() && !a.retired && !a.login.is_empty()) {
        let proven = |a: &Account| {
            matches!((&a.role, &mine.role), (AccountRole::Branch { org }, AccountRole::Branch { .. })
                if m.codes.iter().any(|(k, c)| local.codes.get(k).is_some_and(|l| l.created != 0)
                    && matches!(c.state, CodeState::Used { org: o, .. } if o == *org)))
        };
        let takes =
            |(id, a): &(&AccountId, &Account)| !local.accounts.contains_key(id) && !a.retired && a.answers_to(&mine.login) && !proven(a);
        if let Some((id, _)) = m.accounts.iter().find(takes) {
            return Err(format!("a new account {id:?} took the login of {:?}, by {:?}", mine.id, file.from));
        }
    }
    // 已解决 is a committee's word over the branch, never the branch's own.
    for (id, p) in m.problems.iter().filter(|(id, p)| p.resolved != local.problems.get(*id).and_then(|l| l.resolved.clone())) {
        if file.from == Sender::Org(p.branch) || !oversees(m, file.from, p.branch) {
            return Err(format!("problem {id:?} resolved by {:?}", file.from));
        }
    }
    // What an appellant wrote changes by nobody but the branch over it.
    for (id, mine) in local.appeals.iter().filter(|(_, a)| !a.reason.is_empty()) {
        let a = &m.appeals[id];
        let same = (&a.reason, &a.photo, a.created) == (&mine.reason, &mine.photo, mine.created);
        if !same && !mine.branch.is_some_and(|b| oversees(local, file.from, b)) {
            return Err(format!("appeal {id:?} rewritten by {:?}", file.from));
        }
    }
    // A code this phone issued registers only what was typed before it expired or was voided.
    for (code, mine) in local.codes.iter().filter(|(_, c)| c.created != 0) {
        let Some(CodeState::Used { at, .. }) = m.codes.get(code).map(|c| &c.state) else { continue };
        let voided = matches!(mine.state, CodeState::Voided { at: v } if v <= *at);
        if mine.state != m.codes[code].state && (*at > mine.expires || voided) {
            return Err(format!("a code registered after it expired or was voided, by {:?}", file.from));
        }
        // A code used up registers an organisation with its account (or the 重复注册 to settle).
        let org = match m.codes[code].state {
            CodeState::Used { org, .. } if mine.state != m.codes[code].state => org,
            _ => continue,
        };
        if !m.accounts.values().any(|a| a.role.org() == Some(org)) {
            return Err(format!("code {code} used by {org:?} with no account of it here, by {:?}", file.from));
        }
    }
    for (id, mine) in local.requests.iter() {
        let r = &m.requests[id];
        if (&r.kind, r.branch, r.applicant) != (&mine.kind, mine.branch, mine.applicant) {
            return Err(format!("request {id:?} became another request, by {:?}", file.from));
        }
        if (decisions(r) != decisions(mine) || r.settled != mine.settled) && !oversees(local, file.from, mine.branch) {
            return Err(format!("a decision or settlement on request {id:?} by {:?}", file.from));
        }
    }
    for (id, mine) in local.appeals.iter() {
        let a = &m.appeals[id];
        if a.settled != mine.settled && !mine.branch.is_some_and(|b| oversees(local, file.from, b)) {
            return Err(format!("a settlement of appeal {id:?} by {:?}", file.from));
        }
    }
    for (id, mine) in local.accounts.iter().filter(|(id, a)| !a.retired && m.accounts[*id].retired) {
        // Retired (停用) only by an upheld appeal of a branch the sender decides for; an
        // organisation's account by the committee above it, never on the phone that holds it.
        let ok = match &mine.role {
            AccountRole::Member(_) => m.appeals.values().any(|ap| {
                ap.old_account == *id
                    && matches!(ap.state, AppealState::Upheld { .. })
                    && ap.branch.is_some_and(|b| oversees(local, file.from, b))
            }),
            AccountRole::Branch { org } | AccountRole::Committee { org } => !mine.password.is_set() && oversees(local, file.from, *org),
        };
        if !ok {
            return Err(format!("account {id:?} retired by {:?}", file.from));
        }
    }
    // What this phone's own people, and those in their trees, hold changes by no stranger's tree.
    let home = super::home::Home::of(local);
    if matches!(file.from, Sender::Org(s) if !home.holds(m, s)) {
        let ours = |id: &AccountId| home.people.contains(id);
        let touched = home.people.iter().any(|id| local.accounts.get(id) != m.accounts.get(id))
            || m.requests.values().any(|r| ours(&r.applicant) && local.requests.get(&r.id) != Some(r))
            || m.appeals.values().any(|a| (ours(&a.account) || ours(&a.old_account)) && local.appeals.get(&a.id) != Some(a));
        if touched {
            return Err(format!("a record of this phone's own people changed by a stranger's tree, {:?}", file.from));
        }
    }
    // Whoever logs in here: no request or appeal of theirs added by another's file, no branch
    // joined but one they asked to join here.
    for mine in local.accounts.values().filter(|a| a.logs_in() && a.member().is_some()) {
        // Asked by a request or an appeal made here; the branch's own 毕业转出, and its 同一人 for
        // the branch asked, are the branch's to make.
        let asked = |b: OrgId| {
            local.requests.values().any(|r| r.applicant == mine.id && r.branch == b)
                || local.appeals.values().any(|a| a.account == mine.id && a.branch == Some(b))
        };
        let theirs = |r: &Request| matches!(r.kind, RequestKind::TransferOut { .. }) && oversees(local, file.from, r.branch);
        let added = m.requests.values().any(|r| r.applicant == mine.id && !local.requests.contains_key(&r.id) && !theirs(r))
            || m.appeals.values().any(|a| a.account == mine.id && !local.appeals.contains_key(&a.id) && !a.branch.is_some_and(asked));
        let (was, now) = (mine.member().and_then(|x| x.branch), m.accounts[&mine.id].member().and_then(|x| x.branch));
        if added && file.from != Sender::Member(mine.id) || now != was && now.is_some_and(|b| !asked(b)) {
            return Err(format!("a request or membership of {:?}, who logs in here, made by {:?}", mine.id, file.from));
        }
    }
    // A decisions file brings moves and decisions: no person, no personal record, no organisation.
    if file.kind == Kind::Decisions {
        let profiles = local.accounts.iter().any(|(id, a)| a.profile() != m.accounts[id].profile());
        if m.accounts.len() != local.accounts.len() || profiles || m.orgs != local.orgs || m.problems != local.problems {
            return Err(format!("a decisions file from {:?} brought a person, a profile or an organisation", file.from));
        }
    }
    // Back from retired only by the branch's 申诉失败 standing on the appeal that retired it.
    for (id, _) in local.accounts.iter().filter(|(id, a)| a.retired && !m.accounts[*id].retired) {
        let reversed = m.appeals.values().any(|ap| {
            ap.old_account == *id
                && matches!(ap.state, AppealState::Rejected { .. })
                && ap.branch.is_some_and(|b| oversees(local, file.from, b))
        });
        if !reversed {
            return Err(format!("account {id:?} un-retired by {:?}", file.from));
        }
    }
    Ok(())
}

/// Organisations: a known one (a sketch from a link included) changes only by itself or one above
/// it, and never moves (a parent not known here is given only by the organisation itself, signed by
/// its `known` key); a new one comes with a code this device issued, or from an organisation over
/// the place where its chain joins this device's tree (a chain that joins nothing here is the
/// sender's own, met as it is).
fn check_orgs(local: &State, m: &State, from: Sender, known: bool) -> Result<(), String> {
    for (id, mine) in local.orgs.iter() {
        // A parent not known here, filled in by the organisation itself with a committee new here,
        // or by a committee known here claiming a link's sketch.
        let now = &m.orgs[id];
        let own_fill = from == Sender::Org(*id) && now.parent.is_some_and(|p| !local.orgs.contains_key(&p));
        let parent_fill = mine.created == 0 && now.parent.is_some_and(|p| from == Sender::Org(p) && local.orgs.contains_key(&p));
        let filled = mine.parent.is_none() && known && (own_fill || parent_fill);
        if now.parent != mine.parent && !filled || now != mine && !oversees(local, from, *id) && !(filled && parent_fill) {
            return Err(format!("organisation {id:?} changed or moved by {from:?}"));
        }
    }
    for (id, o) in m.orgs.iter().filter(|(id, _)| !local.orgs.contains_key(id)) {
        let registered = m.codes.iter().any(|(code, c)| {
            matches!(c.state, CodeState::Used { org, .. } if org == *id)
                && local.codes.get(code).is_some_and(|c| c.state == CodeState::Unused)
        });
        // Right under what can have it there (a branch, nothing; a link's sketch only guessed its kind).
        let parent = o.parent.and_then(|p| local.orgs.get(&p).or(m.orgs.get(&p)));
        let sketch = |p: &Org| p.created == 0 && local.orgs.contains_key(&p.id);
        if parent.is_some_and(|p| !(p.kind.code_kinds().contains(&o.kind) || sketch(p))) {
            return Err(format!("organisation {id:?} of a kind its parent cannot have, by {from:?}"));
        }
        let (mut cur, mut joins, mut whole) = (o.parent, None, true);
        for _ in 0..16 {
            match cur {
                None => break,
                Some(p) if local.orgs.contains_key(&p) => {
                    joins = Some(p);
                    break;
                }
                Some(p) => match m.orgs.get(&p) {
                    Some(x) => cur = x.parent,
                    None => {
                        whole = false;
                        break;
                    }
                },
            }
        }
        let by_org = matches!(from, Sender::Org(_)) && joins.map_or(whole, |k| oversees(local, from, k));
        if !registered && !by_org {
            return Err(format!("organisation {id:?} added by {from:?}"));
        }
    }
    Ok(())
}

/// Every real hand-over the accounts of `school` can make (one member in five: theirs are alike).
pub fn real_files(school: &State, now: Millis) -> Vec<SyncFile> {
    let mut files = Vec::new();
    let mut actors: Vec<Actor> = school.accounts.keys().map(|a| school.actor_for(Some(*a))).collect();
    actors.push(Actor::Anonymous);
    // Every organisation account, and one member in five (the files of members are alike).
    let mut members = 0;
    for actor in actors {
        if matches!(actor, Actor::Member(_)) {
            members += 1;
            if members % 5 != 0 {
                continue;
            }
        }
        files.extend(KINDS.iter().filter_map(|k| school.sync_file(actor, *k, now)));
    }
    // A college's 恢复资料 for its branch; a stranger's own tree claiming one of a branch's
    // people (see [`receivers`]).
    let branch = first_branch(school);
    let college = school.orgs.values().find(|o| Some(o.id) == branch.parent).and_then(|c| school.org_account(c.id));
    files.extend(college.and_then(|a| school.recovery_file(school.actor_for(Some(a.id)), branch.id, now)));
    files.push(super::stranger::report(school, &branch, now));
    files
}

/// The branch whose phone the attacker tries ([`receivers`]).
fn first_branch(school: &State) -> Org {
    school.orgs.values().find(|o| o.kind == OrgKind::Branch).expect("a branch").clone()
}

/// The key an attacker signs with when it vouches for itself.
fn attacker_key() -> Key {
    Key::from_seed(0xA77AC)
}

/// The receiving device: the demo school, which has met every sender (it keeps each one's key,
/// [`Key::of`]) and has its own device key.
pub fn receiver(now: Millis) -> State {
    let mut school = crate::core::demo::build(now);
    school.device_key = Some(Key::from_seed(0xDE71CE).public());
    let senders: Vec<Sender> =
        school.accounts.keys().map(|a| Sender::Member(*a)).chain(school.orgs.keys().map(|o| Sender::Org(*o))).collect();
    for from in senders {
        school.meet_key(from, &Key::of(from).public());
    }
    // One member changed phones: their branch upheld the appeal, so the old account is retired.
    let mut members = school.accounts.values().filter_map(|a| a.member().and_then(|m| m.branch).map(|b| (a.id, b)));
    let ((old, branch), (new, _)) = (members.next().expect("a member"), members.next().expect("another member"));
    let by = school.accounts.values().find(|a| a.role == AccountRole::Branch { org: branch }).map_or(old, |a| a.id);
    let state = AppealState::Upheld { at: now - DAY_MS, by };
    let appeal = Appeal {
        id: AppealId(77_000_001),
        account: new,
        old_account: old,
        reason: "换了手机".into(),
        photo: Some("data:image/jpeg;base64,/9j/".into()),
        branch: Some(branch),
        created: now - 2 * DAY_MS,
        state,
        others: Vec::new(),
        settled: None,
    };
    school.appeals.insert(appeal.id, appeal);
    school.accounts.get_mut(&old).expect("the old account").retired = true;
    school
}

/// The receiving phones the attacker tries, each as it would stand on a real school's phone: the
/// demo school that has met every sender ([`receiver`]); the 校团委's own phone, with nobody above
/// it, that has met only the colleges that registered with it; a branch's phone that met its
/// members only through unsigned files; a freshman's phone that opened only an invite (and made an
/// account); one whose invite did not carry the college's key; a new secretary's phone that opened
/// only a code link; the branch's phone once it met a stranger's own tree; a blank phone the college
/// handed the branch to, waiting for its 重置码. Only the first is the demo:
/// the others hold their own accounts, so files claiming them are tried too.
pub fn receivers(now: Millis) -> Vec<State> {
    use crate::core::commands::{BranchInvite, CodeInvite, Command, Ctx};
    let school = receiver(now);
    let real = |keep: &dyn Fn(&Account) -> bool, met: &dyn Fn(&Org) -> bool| {
        let mut s = school.clone();
        s.demo = false;
        s.keys.clear();
        for a in s.accounts.values_mut().filter(|a| !keep(a)) {
            a.password = crate::core::auth::PasswordHash::none();
        }
        for o in school.orgs.values().filter(|o| met(o)) {
            s.meet_key(Sender::Org(o.id), &Key::of(Sender::Org(o.id)).public());
        }
        s
    };
    let top = school.orgs.values().find(|o| o.parent.is_none()).expect("a 校团委").id;
    let branch = first_branch(&school);
    let college = branch.parent.expect("a college");
    let org_of = |a: &Account, org: OrgId| matches!(a.role, AccountRole::Branch { org: o } | AccountRole::Committee { org: o } if o == org);
    let top_phone = real(&|a| org_of(a, top), &|o| o.parent == Some(top));
    let branch_phone = real(&|a| org_of(a, branch.id), &|o| o.id == college);
    let mut rng = crate::core::entropy::SplitMix(7);
    let mut ctx = Ctx { now, rng: &mut rng };
    let blank = || State { device_key: Some(Key::from_seed(0xB1A4C).public()), ..State::default() };
    let mut invited = blank();
    let key = |o: OrgId| Some(Key::of(Sender::Org(o)).public());
    let invite = BranchInvite {
        branch: branch.id,
        name: branch.name.clone(),
        college,
        college_name: school.org_name(college),
        key: key(branch.id),
        college_key: key(college),
        demo: false,
    };
    let password = crate::core::demo::demo_password_hash();
    // An invite made before its branch met the college: the college's key is not in it.
    let mut bare = blank();
    bare.apply(Actor::Anonymous, Command::LearnBranch(BranchInvite { college_key: None, ..invite.clone() }), &mut ctx).expect("the invite");
    invited.apply(Actor::Anonymous, Command::LearnBranch(invite), &mut ctx).expect("the invite");
    invited
        .apply(Actor::Anonymous, Command::CreateMemberAccount { phone: "13912345670".into(), member: true, password }, &mut ctx)
        .expect("an account");
    let mut coded = blank();
    let code = CodeInvite {
        code: "ABCD2345EFGH6789".into(),
        issuer: college,
        issuer_name: school.org_name(college),
        expires: now + 10 * DAY_MS,
        key: key(college),
        kind: OrgKind::Branch,
        demo: false,
    };
    coded.apply(Actor::Anonymous, Command::LearnCode(code), &mut ctx).expect("the code link");
    let stranger_met = super::stranger::met(&branch_phone, &branch, now);
    // A blank phone the college handed the branch to (its 恢复资料), its 重置码 not typed yet.
    let by = school.org_account(college).map(|a| school.actor_for(Some(a.id))).expect("the college's account");
    let (mut recovery, author) = authored(&school.recovery_file(by, branch.id, now).expect("the 恢复资料"));
    recovery.body.demo = false;
    let recovery = carry(&recovery, author, now).expect("the 恢复资料 read");
    let handed = plan(&blank(), &recovery).expect("the 恢复资料 taken").merged;
    assert!(handed.reset.is_some(), "the phone waits for the 重置码");
    vec![school, top_phone, branch_phone, stranger_met, invited, bare, coded, handed]
}

/// A real file, signed by whoever made it (`author`) before an attacker changes it: the signature
/// then stays the author's key whatever sender the file comes to claim.
pub fn authored(file: &SyncFile) -> (SyncFile, Sender) {
    let mut file = file.clone();
    file.signed = Some(Key::of(file.from).public());
    let author = file.from;
    (file, author)
}

/// The changed file as the receiver reads it: written through the encoder (so its digest is
/// right) and signed with the author's key, or unsigned ([`Change::Unsigned`]).
pub fn carry(file: &SyncFile, author: Sender, now: Millis) -> Option<SyncFile> {
    let text = match file.signed {
        Some(_) => Key::of(author).sign(file),
        None => file.encode(),
    };
    super::decode(&text, now).ok()
}

/// One run of the fuzz target on `data` (and of the regression test on every case kept): a real
/// file of the demo school, picked by the first byte and changed by the rest ([`Change::from_bytes`]),
/// carried through the encoder to every receiver of [`receivers`]; and `data` itself read as a file.
/// Panics on a broken invariant.
pub fn fuzz_one(data: &[u8]) {
    use crate::core::demo::DEMO_EPOCH;
    thread_local! {
        static WORLD: (Vec<State>, Vec<SyncFile>) = {
            let all = receivers(DEMO_EPOCH);
            let files = real_files(&all[0], DEMO_EPOCH);
            (all, files)
        };
    }
    WORLD.with(|(receivers, files)| {
        let later = DEMO_EPOCH + DAY_MS;
        for (i, receiver) in receivers.iter().enumerate() {
            if let Some((&which, rest)) = data.split_first() {
                let (mut file, author) = authored(&files[which as usize % files.len()]);
                file.body.demo = receiver.demo;
                for c in Change::from_bytes(rest) {
                    c.apply(&mut file, receiver, DEMO_EPOCH);
                }
                if let Some(read) = carry(&file, author, later) {
                    if let Err(broken) = check(receiver, &read, later) {
                        panic!("receiver {i}: {broken}");
                    }
                }
            }
            if let Ok(read) = super::decode(&String::from_utf8_lossy(data), later) {
                if let Err(broken) = check(receiver, &read, later) {
                    panic!("receiver {i}, as read: {broken}");
                }
            }
        }
    });
}
