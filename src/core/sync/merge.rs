//! Merging two states: every record type has a join (commutative, associative, idempotent), so
//! devices that exchange sync files in any order, any number of times, end with the same state.
//!
//! - Decisions (a request's, an appeal's, a code's use) are *sets*: a merge keeps, per kind of
//!   decision, the earliest; when two different decisions meet (accepted here, withdrawn there; one
//!   code used by two branches), one stands by a fixed rule and the other stays beside it in
//!   `others`, an open conflict for the right person until they settle it. Nothing is dropped.
//! - Fields one person edits (a profile, a membership, a graduation year) carry a stamp
//!   ([`next_stamp`](crate::core::model::next_stamp)) and the later stamp wins; ties are broken by
//!   content, so the result never depends on the order.
//! - Flags that only ever turn on (archived, a problem reported) are joined with "or" / earliest.
//! - Secrets (password hashes, reset codes) never travel, so a device keeps its own.

use crate::core::date::Millis;
use crate::core::model::*;
use crate::core::table::Table;
use serde::Serialize;
use std::collections::BTreeMap;

fn json<T: Serialize>(v: &T) -> String {
    crate::core::to_json(v)
}

/// The larger of two values by `key`, then by content: a total order, so `max_by` is a join.
/// Equal values (the usual case when a file repeats what a device has) are not serialised.
fn pick<'a, T: Serialize + PartialEq, K: Ord>(a: &'a T, b: &'a T, key: impl Fn(&T) -> K) -> &'a T {
    if a == b {
        return a;
    }
    match key(a).cmp(&key(b)) {
        std::cmp::Ordering::Greater => a,
        std::cmp::Ordering::Less => b,
        std::cmp::Ordering::Equal => {
            if json(a) >= json(b) {
                a
            } else {
                b
            }
        }
    }
}

/// A decision on a record, as merged: its kind (`key`; `None` for the undecided start), when it
/// was made, whether a person's decision overrides it (an automatic lapse), and which stands when
/// two meet and nobody has settled them yet: the higher `rank`, then the earlier (so a code's first
/// use stands over a second branch's).
pub trait Decision: Clone + Serialize {
    fn key(&self) -> Option<String>;
    fn at(&self) -> Millis;
    fn weak(&self) -> bool {
        false
    }
    fn rank(&self) -> u8;
}

impl Decision for RequestState {
    fn key(&self) -> Option<String> {
        Some(
            match self {
                RequestState::Pending => return None,
                RequestState::Accepted { .. } => "accepted",
                RequestState::Returned { .. } => "returned",
                RequestState::Withdrawn { .. } => "withdrawn",
                RequestState::Lapsed { .. } => "lapsed",
            }
            .to_string(),
        )
    }
    fn at(&self) -> Millis {
        match self {
            RequestState::Pending => 0,
            RequestState::Accepted { at, .. }
            | RequestState::Returned { at, .. }
            | RequestState::Withdrawn { at, .. }
            | RequestState::Lapsed { at } => *at,
        }
    }
    fn weak(&self) -> bool {
        matches!(self, RequestState::Lapsed { .. })
    }
    fn rank(&self) -> u8 {
        match self {
            RequestState::Accepted { .. } => 4,
            RequestState::Returned { .. } => 3,
            RequestState::Withdrawn { .. } => 2,
            RequestState::Lapsed { .. } => 1,
            RequestState::Pending => 0,
        }
    }
}

impl Decision for AppealState {
    fn key(&self) -> Option<String> {
        match self {
            AppealState::Pending => None,
            AppealState::Upheld { .. } => Some("upheld".into()),
            AppealState::Rejected { .. } => Some("rejected".into()),
        }
    }
    fn at(&self) -> Millis {
        match self {
            AppealState::Pending => 0,
            AppealState::Upheld { at, .. } | AppealState::Rejected { at, .. } => *at,
        }
    }
    fn rank(&self) -> u8 {
        match self {
            AppealState::Upheld { .. } => 2,
            AppealState::Rejected { .. } => 1,
            AppealState::Pending => 0,
        }
    }
}

impl Decision for CodeState {
    fn key(&self) -> Option<String> {
        match self {
            CodeState::Unused => None,
            CodeState::Used { org, .. } => Some(format!("used:{org}")),
            CodeState::Voided { .. } => Some("voided".into()),
        }
    }
    fn at(&self) -> Millis {
        match self {
            CodeState::Unused => 0,
            CodeState::Used { at, .. } | CodeState::Voided { at } => *at,
        }
    }
    fn rank(&self) -> u8 {
        match self {
            CodeState::Used { .. } => 2,
            CodeState::Voided { .. } => 1,
            CodeState::Unused => 0,
        }
    }
}

/// Joins the decisions seen on both sides: returns the one that stands and the others (sorted by key).
pub fn join_decisions<T: Decision>(initial: T, seen: impl IntoIterator<Item = T>, settled: Option<&Settled>) -> (T, Vec<T>) {
    let mut by_key: BTreeMap<String, T> = BTreeMap::new();
    for d in seen {
        let Some(k) = d.key() else { continue };
        // Per kind of decision, the earliest (ties: the smaller content) stands for all of them.
        let keep_old = by_key.get(&k).is_some_and(|old| (old.at(), json(old)) <= (d.at(), json(&d)));
        if !keep_old {
            by_key.insert(k, d);
        }
    }
    if by_key.values().any(|d| !d.weak()) {
        by_key.retain(|_, d| !d.weak());
    }
    let standing = settled
        .map(|s| s.keep.clone())
        .filter(|k| by_key.contains_key(k))
        .or_else(|| by_key.iter().max_by_key(|(k, d)| (d.rank(), std::cmp::Reverse(d.at()), (*k).clone())).map(|(k, _)| k.clone()));
    match standing.and_then(|k| by_key.remove(&k)) {
        Some(d) => (d, by_key.into_values().collect()),
        None => (initial, Vec::new()),
    }
}

/// The decisions a conflict offers to settle by: each decision recorded, with its key (what is pending has none).
pub fn choices<'a, T: Decision>(state: &'a T, others: &'a [T]) -> impl Iterator<Item = (String, &'a T)> {
    std::iter::once(state).chain(others).filter_map(|d| d.key().map(|k| (k, d)))
}

/// Whether two different decisions stand unsettled.
pub fn conflict_open<T: Decision>(state: &T, others: &[T], settled: Option<&Settled>) -> bool {
    if others.is_empty() {
        return false;
    }
    let Some(s) = settled else { return true };
    let keys: Vec<String> = choices(state, others).map(|(k, _)| k).collect();
    !(state.key().as_deref() == Some(s.keep.as_str()) && keys.iter().all(|k| s.seen.contains(k)))
}

/// The decision fields of a record, from both sides: the later settlement, and every decision seen.
fn join_decided<T: Decision>(initial: T, a: (&T, &[T], &Option<Settled>), b: (&T, &[T], &Option<Settled>)) -> (T, Vec<T>, Option<Settled>) {
    let settled = a.2.clone().max(b.2.clone());
    let seen = [a.0, b.0].into_iter().chain(a.1).chain(b.1).cloned();
    let (state, others) = join_decisions(initial, seen, settled.as_ref());
    (state, others, settled)
}

fn join_request(a: &Request, b: &Request) -> Request {
    // The other fields never change (a differing copy would be an ID collision): chosen by them
    // alone, so the choice does not depend on the decisions joined below.
    let mut out = pick(a, b, |r| json(&(&r.kind, r.applicant, r.branch, r.created))).clone();
    (out.state, out.others, out.settled) =
        join_decided(RequestState::Pending, (&a.state, &a.others, &a.settled), (&b.state, &b.others, &b.settled));
    out
}

pub(crate) fn join_appeal(a: &Appeal, b: &Appeal) -> Appeal {
    // A decisions file carries appeals without the member's reason and photo: the fuller copy wins.
    let mut out = pick(a, b, |x| {
        (x.photo.is_some(), !x.reason.is_empty(), json(&(x.account, x.old_account, &x.reason, &x.photo, x.branch, x.created)))
    })
    .clone();
    (out.state, out.others, out.settled) =
        join_decided(AppealState::Pending, (&a.state, &a.others, &a.settled), (&b.state, &b.others, &b.settled));
    out
}

fn join_code(a: &RegistrationCode, b: &RegistrationCode) -> RegistrationCode {
    // The committee's own record wins over one learned from a link (created 0).
    let mut out = pick(a, b, |c| (c.created != 0, json(&(c.issuer, c.kind, c.created, c.expires)))).clone();
    (out.state, out.others, out.settled) =
        join_decided(CodeState::Unused, (&a.state, &a.others, &a.settled), (&b.state, &b.others, &b.settled));
    out
}

pub(crate) fn join_org(a: &Org, b: &Org) -> Org {
    // A sketch learned from an invite link (no parent chain, no 支部号, created 0) yields to the
    // organisation's own record; among full records the later change wins.
    let plain = |o: &Org| {
        let mut c = o.clone();
        if let Some(b) = c.branch.as_mut() {
            b.archived = false;
        }
        c
    };
    // A directory copy (no secretary) yields too.
    let key = |o: &Org| {
        let info = o.branch.as_ref();
        (o.created != 0, info.is_some_and(|b| !b.number.is_empty()), info.is_some_and(|b| !b.secretary_phone.is_empty()), o.updated)
    };
    let (pa, pb) = (plain(a), plain(b));
    let mut out = pick(&pa, &pb, key).clone();
    if let Some(info) = out.branch.as_mut() {
        info.archived = a.is_archived() || b.is_archived();
    }
    out
}

/// The fields of a member's membership, merged as one: the later `membership_at` wins.
#[derive(PartialEq, Serialize)]
struct MembershipView {
    branch: Option<OrgId>,
    accepted_at: Option<Millis>,
    cadre: bool,
    retired: bool,
}

fn join_account(a: &Account, b: &Account) -> Account {
    let mut out = a.clone();
    out.login = pick(&a.login, &b.login, |l| !l.is_empty()).clone();
    out.created = a.created.max(b.created);
    out.password = pick(&a.password, &b.password, |p| p.iterations > 0).clone();
    match (&a.role, &b.role) {
        (AccountRole::Member(ma), AccountRole::Member(mb)) => {
            let mut m = (**ma).clone();
            let (pa, pb) = ((ma.profile_at, &ma.profile), (mb.profile_at, &mb.profile));
            let profile = pick(&pa, &pb, |x| x.0);
            (m.profile_at, m.profile) = (profile.0, profile.1.clone());
            let view = |m: &MemberRecord, retired: bool| {
                (m.membership_at, MembershipView { branch: m.branch, accepted_at: m.accepted_at, cadre: m.cadre, retired })
            };
            let (va, vb) = (view(ma, a.retired), view(mb, b.retired));
            let won = pick(&va, &vb, |x| x.0);
            m.membership_at = won.0;
            (m.branch, m.accepted_at, m.cadre, out.retired) = (won.1.branch, won.1.accepted_at, won.1.cadre, won.1.retired);
            m.volunteer = pick(&ma.volunteer, &mb.volunteer, |v| v.as_ref().map(|v| v.registered)).clone();
            m.consent = pick(&ma.consent, &mb.consent, |c| c.as_ref().map(|c| (c.version, c.at))).clone();
            out.role = AccountRole::Member(Box::new(m));
        }
        (ra, rb) => {
            out.role = pick(ra, rb, |_| ()).clone();
            out.retired = a.retired || b.retired;
        }
    }
    out
}

fn join_problem(a: &Problem, b: &Problem) -> Problem {
    let plain = |p: &Problem| Problem { reported: None, resolved: None, ..p.clone() };
    let (pa, pb) = (plain(a), plain(b));
    let mut out = pick(&pa, &pb, |_| ()).clone();
    out.reported = match (a.reported, b.reported) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    out.resolved = pick(&a.resolved, &b.resolved, |r| r.as_ref().map(|r| r.0)).clone();
    out
}

/// Joins `from`'s records into `into`, taking them (an import's 20,000 records are moved, not
/// copied). True when any record here changed; an unchanged one is not rewritten (nor saved again).
fn join_map<K: Ord + Clone, V: PartialEq>(into: &mut Table<K, V>, from: Table<K, V>, join: impl Fn(&V, &V) -> V) -> bool {
    let mut changed = false;
    for (k, v) in from.into_records() {
        match into.get(&k) {
            // Joining a record with itself gives itself: most of a repeated file costs a comparison.
            Some(mine) if *mine == v => {}
            Some(mine) => {
                let joined = join(mine, &v);
                if joined != *mine {
                    into.insert(k, joined);
                    changed = true;
                }
            }
            None => {
                into.insert(k, v);
                changed = true;
            }
        }
    }
    changed
}

impl State {
    /// Merges organisations alone (a published directory, [`super::import::take_directory`]), as
    /// [`State::join`] merges them. True when anything here changed.
    pub fn join_orgs(&mut self, orgs: Table<OrgId, Org>) -> bool {
        join_map(&mut self.orgs, orgs, join_org)
    }

    /// Merges `other` into this state. Local-only data (reset codes, the demo flag) stays as it is.
    pub fn join(&mut self, other: &State) {
        self.absorb(other.clone());
    }

    /// [`State::join`], taking `other`'s records instead of copying them (an import).
    pub fn absorb(&mut self, other: State) {
        self.join_orgs(other.orgs);
        join_map(&mut self.codes, other.codes, join_code);
        join_map(&mut self.accounts, other.accounts, join_account);
        join_map(&mut self.requests, other.requests, join_request);
        join_map(&mut self.appeals, other.appeals, join_appeal);
        join_map(&mut self.problems, other.problems, join_problem);
    }

    /// The requests with two different decisions that nobody has settled, for the branches `org` oversees.
    pub fn request_conflicts(&self, org: OrgId) -> Vec<&Request> {
        self.requests.values().filter(|r| self.oversees(org, r.branch) && conflict_open(&r.state, &r.others, r.settled.as_ref())).collect()
    }

    /// The codes of `org` used by two branches (or used and voided), unsettled.
    pub fn code_conflicts(&self, org: OrgId) -> Vec<&RegistrationCode> {
        self.codes.values().filter(|c| c.issuer == org && conflict_open(&c.state, &c.others, c.settled.as_ref())).collect()
    }

    /// Appeals decided differently on two devices, unsettled, that `org` may decide.
    pub fn appeal_conflicts(&self, org: OrgId) -> Vec<&Appeal> {
        self.appeals
            .values()
            .filter(|a| a.branch.is_some_and(|b| self.oversees(org, b)) && conflict_open(&a.state, &a.others, a.settled.as_ref()))
            .collect()
    }
}
