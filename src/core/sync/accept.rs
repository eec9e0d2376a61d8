//! The part of a sync file this phone accepts from its sender, record by record: what the sender
//! may add or change here, judged by this phone's tree, and what is left out and why (its tally).

use super::home::Home;
use super::merge::join_appeal;
use super::orgs::{accept_orgs, attaches, tree_with};
use super::preview::Ignored;
use super::seal::own_backup;
use super::{claim_proof, Kind, Sender, SyncFile};
use crate::core::model::*;
use std::collections::BTreeSet;

/// What a file's records were left out for: records counted, or (for others' decisions) people.
#[derive(Default)]
pub(super) struct Tally(std::collections::BTreeMap<Ignored, usize>, BTreeSet<AccountId>);

impl Tally {
    /// What was left out, by reason.
    pub(super) fn counts(self) -> Vec<(Ignored, usize)> {
        self.0.into_iter().collect()
    }

    pub(super) fn skip(&mut self, why: Ignored) {
        *self.0.entry(why).or_default() += 1;
    }

    /// Another person's decision or membership, not for this phone: counted once per person, so a
    /// class of 9 reads as 8 others, however many records each has.
    fn not_here(&mut self, person: AccountId) {
        if self.1.insert(person) {
            self.skip(Ignored::NotOnThisDevice);
        }
    }
}

/// May the sender decide for `branch` (be it, or a committee above it), judged by `tree` (which
/// must hold the branch).
fn decides_for(tree: &State, from: Sender, branch: OrgId) -> bool {
    // A branch archived here (graduated, or a repeat its committee voided) decides nothing more:
    // its own files still come, a committee above it still decides.
    matches!(from, Sender::Org(o) if tree.orgs.get(&branch).is_some_and(|b| o != branch || !b.is_archived()) && tree.oversees(o, branch))
}

/// Whether `a`, an account new here, has the login of an account of this phone's own (`home`), which
/// it would lock out; but a branch's registration with a code this phone issued (`registration`)
/// under a branch's username is the committee's to settle (重复注册).
fn takes_login(local: &State, home: &Home, a: &Account, registration: bool) -> bool {
    let settled_by_committee =
        |h: &Account| registration && matches!(a.role, AccountRole::Branch { .. }) && matches!(h.role, AccountRole::Branch { .. });
    let own = home.own.iter().filter_map(|id| local.accounts.get(id));
    !a.login.is_empty() && !local.accounts.contains_key(&a.id) && own.filter(|h| !settled_by_committee(h)).any(|h| h.answers_to(&a.login))
}

/// The part of the file this device accepts from its sender, as a state to join. A 完整备份 is
/// taken `whole` onto a blank device or the one it was made on; from another device it is judged
/// like the sender's own hand-over (a member's application, an organisation's report). `known`: the
/// file is signed by the key this phone already kept for its sender.
///
/// A record this phone holds answers only to organisations this phone knew to be over it before
/// the file (or taken from the file under one it knew): never to a stranger's own tree, met in the
/// file; and those of the people in this phone's own trees (`home`) to no organisation outside
/// them, met whenever. And a held record's branch, applicant and accounts are never changed by a file.
pub(super) fn accepted_part(local: &State, home: &Home, file: &SyncFile, (whole, known): (bool, bool), tally: &mut Tally) -> State {
    let b = &file.body;
    let from = file.from;
    let mut part = State::default();
    let kind = match (file.kind, from) {
        (Kind::Backup, Sender::Member(_)) => Kind::Application,
        (Kind::Backup, _) => Kind::Report,
        (kind, _) => kind,
    };
    if kind == Kind::Decisions && !matches!(from, Sender::Org(_)) {
        // Only an organisation decides: a member's or a device's "审核结果" brings nothing.
        tally.skip(Ignored::NotTheirDecision);
        return part;
    }
    if whole {
        // The device's own data, restored on purpose: everything is taken.
        // (`extend` inserts one by one: collecting into a map would compile a sort for each type.)
        // Onto a blank phone that already learned organisations (from an invite or the published
        // directory), those stay as they are: they change only through a committee above, whatever
        // the file, and a backup is nobody's authority but its own phone's.
        let own = own_backup(local, file);
        for o in &b.orgs {
            match local.orgs.get(&o.id).filter(|_| !own) {
                Some(held) if held != o => tally.skip(Ignored::NotTheirOrg),
                Some(_) => {}
                None => _ = part.orgs.insert(o.id, o.clone()),
            }
        }
        part.codes.extend(b.codes.iter().map(|c| (c.code.clone(), c.clone())));
        part.accounts.extend(b.accounts.iter().map(|a| (a.id, a.clone())));
        part.requests.extend(b.requests.iter().map(|r| (r.id, r.clone())));
        part.appeals.extend(b.appeals.iter().map(|a| (a.id, a.clone())));
        part.problems.extend(b.problems.iter().map(|p| (p.id, p.clone())));
        return part;
    }
    // Registrations: a claim proves the branch typed a code this device issued; each by when it
    // was claimed (the organisation's creation time, whatever its record in the file says).
    let mut registered = std::collections::BTreeMap::new();
    // (A decisions file registers nothing: it carries no organisation.)
    let claims = if kind == Kind::Decisions { &[][..] } else { &b.claims[..] };
    for c in claims {
        if local.reset_code_of(file, c).is_some() {
            // A new phone's proof of a reset code, taken with its key (`reset`).
            continue;
        }
        // Only a code this phone issued (not one it learned from a code link, `created` 0).
        let code = local.codes.values().filter(|code| code.created != 0).find(|code| claim_proof(&code.code, c.org) == c.proof);
        let parent_ok =
            |code: &RegistrationCode| b.orgs.iter().any(|o| o.id == c.org && o.parent == Some(code.issuer) && o.kind == code.kind);
        // Typed after the code was issued (by the branch's clock, which may be a day behind this
        // one's), and before it expired or was voided (as 立即注册 refuses it after).
        let valid = |code: &RegistrationCode| {
            (code.created - crate::core::clock::AHEAD_LIMIT..=code.expires).contains(&c.at)
                && !matches!(code.state, CodeState::Voided { at } if at <= c.at)
        };
        match code {
            Some(code) if from == Sender::Org(c.org) && parent_ok(code) && !valid(code) => tally.skip(Ignored::CodeNotValid),
            Some(_) if b.accounts.iter().any(|a| a.role.org() == Some(c.org) && takes_login(local, home, a, true)) => {
                tally.skip(Ignored::RegistrationLoginTaken)
            }
            Some(code) if from == Sender::Org(c.org) && parent_ok(code) => {
                let mut used = code.clone();
                used.state = CodeState::Used { org: c.org, at: c.at };
                used.others.clear();
                used.settled = None;
                part.codes.insert(used.code.clone(), used);
                // Never before the code was issued: the day allowed is for a clock behind, not age.
                registered.insert(c.org, c.at.max(code.created));
            }
            _ => tally.skip(Ignored::UnknownCode),
        }
    }
    // A decisions file carries no organisation (nor problem, below).
    let orgs = if kind == Kind::Decisions { &[][..] } else { &b.orgs[..] };
    for _ in orgs.len()..b.orgs.len() {
        tally.skip(Ignored::NotTheirRecord);
    }
    // A phone that stands somewhere (an account of its own, a link opened) meets a tree that joins
    // nothing here only as its known sender's committees above it (`orgs::may_add`).
    accept_orgs(local, (kind, from, known, home), orgs, &registered, tally, &mut part.orgs);
    // Authority from here on is judged by this device's tree with only the organisations taken;
    // over what this device holds, by its tree with only those taken under what it knew.
    let tree = tree_with(local, part.orgs.values());
    let held_tree = tree_with(local, part.orgs.values().filter(|o| registered.contains_key(&o.id) || attaches(local, &tree, o.id)));
    let over = |t: &State, branch: OrgId| decides_for(t, from, branch);
    // The records of this phone's own people and of those in their trees answer to no
    // organisation outside those trees: a stranger's tree, met as it is in an earlier file,
    // claims nobody here.
    let stranger = matches!(from, Sender::Org(s) if !home.holds(&tree, s));
    let home_person = |id: AccountId| stranger && home.people.contains(&id);
    // The applicants of the file's requests to the sender's branches, once (not per account); for
    // accounts held here, of requests (held or in the file) to branches the sender was over here.
    let applicants_here: BTreeSet<AccountId> = b.requests.iter().filter(|r| over(&tree, r.branch)).map(|r| r.applicant).collect();
    let applicants_held: BTreeSet<AccountId> = match from {
        Sender::Org(_) => local.requests.values().chain(&b.requests).filter(|r| over(&held_tree, r.branch)).map(|r| r.applicant).collect(),
        _ => BTreeSet::new(),
    };
    // The appeals of the file this phone takes: of a decisions file, only those about someone here.
    let about_here = |ap: &Appeal| [ap.account, ap.old_account].iter().any(|id| local.accounts.contains_key(id));
    let taken_appeal = |ap: &Appeal| kind != Kind::Decisions || local.appeals.contains_key(&ap.id) || about_here(ap);
    // The appeals of the file and of this phone by the account they would retire, read once (not
    // once per account: a file of many retired accounts and unrelated appeals).
    let mut appeals_on: std::collections::BTreeMap<AccountId, Vec<&Appeal>> = Default::default();
    for ap in b.appeals.iter().chain(local.appeals.values()) {
        appeals_on.entry(ap.old_account).or_default().push(ap);
    }
    let appeal_on = |id: AccountId, f: &dyn Fn(&Appeal) -> bool| appeals_on.get(&id).is_some_and(|v| v.iter().any(|ap| f(ap)));
    // Who applied where, here or by this file's requests to the sender's branches, read once when
    // first asked (not once per account).
    let applied = std::cell::OnceCell::new();
    // (A file's requests count only where it may bring them: one of this phone's own people's only
    // to a branch they asked to join here, and, from a stranger's tree, none of this phone's people.)
    let asked_here = |r: &Request| !home.own.contains(&r.applicant) || home.asked.contains(&(r.applicant, r.branch));
    let may_bring = |r: &&Request| over(&held_tree, r.branch) && asked_here(r) && !home_person(r.applicant);
    let applied = |who: AccountId, br: OrgId| {
        let to_sender = b.requests.iter().filter(may_bring);
        let all = || local.requests.values().chain(to_sender).map(|r| (r.applicant, r.branch)).collect::<BTreeSet<_>>();
        applied.get_or_init(all).contains(&(who, br))
    };
    // The file's accounts and the branch each is a member of, read once.
    let in_file: std::collections::BTreeMap<AccountId, Option<OrgId>> =
        b.accounts.iter().map(|a| (a.id, a.member().and_then(|m| m.branch))).collect();
    // Whether branch `br` holds account `id` (its member, or applying to it): as this phone holds
    // them, or, for someone new here, as this file has them.
    let holds = |br: OrgId, id: AccountId| match local.accounts.get(&id) {
        Some(_) => local.branch_holds_by(br, id, applied),
        None => in_file.get(&id).is_some_and(|b| *b == Some(br)) || applied(id, br),
    };
    // When the file says each person was last taken into one of the sender's branches (a join or a
    // transfer in, accepted): a member who left another branch for the sender's may then leave it.
    let mut taken_in: std::collections::BTreeMap<AccountId, crate::core::date::Millis> = Default::default();
    for r in b.requests.iter().filter(may_bring).filter(|r| !matches!(r.kind, RequestKind::TransferOut { .. })) {
        if let RequestState::Accepted { at, .. } = r.state {
            let t = taken_in.entry(r.applicant).or_default();
            *t = (*t).max(at);
        }
    }
    for a in &b.accounts {
        let mine = local.accounts.get(&a.id);
        // A membership sent back to an applicant: a decisions file's record of a person is only
        // that, whatever else it carries; and so is any organisation's record of someone who logs
        // in here (no branch edits a member's profile: only their own files change it).
        let sent_back = a.login.is_empty() || kind == Kind::Decisions || home.own.contains(&a.id);
        if mine.is_some() && home_person(a.id) {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        let t = if mine.is_some() { &held_tree } else { &tree };
        let ok = match (&a.role, from) {
            (AccountRole::Member(_), Sender::Member(m)) => a.id == m,
            (AccountRole::Member(m), Sender::Org(_)) => {
                // Into the sender's branch (a join or transfer accepted), or out of it (a transfer
                // out confirmed); never into or out of someone else's.
                let ours = |b: Option<OrgId>| b.is_some_and(|b| over(t, b));
                let old = mine.and_then(|x| x.member()).and_then(|x| x.branch);
                // This phone's own joins only a branch they asked to join here, by a request or an
                // appeal (a file adds neither of theirs, below): no branch claims them into itself.
                let own = home.own.contains(&a.id) && mine.is_some_and(|x| x.member().is_some());
                let own_ok = !own || m.branch == old || m.branch.is_none_or(|b| home.asked.contains(&(a.id, b)));
                // Out of the sender's branch, where it took them after the branch held here took
                // them in (not after any later change of that record, a 团干部 set, which moves nobody).
                let held_at = mine.and_then(|x| x.member()).map_or(0, |x| x.accepted_at.unwrap_or(x.membership_at));
                let left_ours = taken_in.get(&a.id).is_some_and(|at| *at > held_at);
                let moves_ok = own_ok && (ours(m.branch) || (m.branch.is_none() && (old.is_none() || ours(old) || left_ours)));
                if sent_back {
                    // A membership sent back to an applicant: only for someone on this device, and
                    // only a move into or out of the sender's branch (nothing else of it is taken, below).
                    if mine.is_none() {
                        tally.not_here(a.id);
                        continue;
                    }
                    if m.branch.is_none() && old.is_none() {
                        continue;
                    }
                    moves_ok
                } else {
                    // A report: members of the sender's branches and its applicants.
                    let applicants = if mine.is_some() { &applicants_held } else { &applicants_here };
                    let about_ours = ours(m.branch) || applicants.contains(&a.id);
                    about_ours && moves_ok
                }
            }
            // An organisation's account: only the same organisation's as held here (a file never
            // moves an account to another organisation), from its registration, the committee
            // above, or the organisation itself.
            (AccountRole::Branch { org } | AccountRole::Committee { org }, Sender::Org(s)) => {
                mine.is_none_or(|m| m.role == a.role)
                    && (registered.contains_key(org)
                        || over(t, *org) && matches!(kind, Kind::Report | Kind::Recovery)
                        || *org == s && mine.is_some() && kind != Kind::Decisions)
            }
            _ => false,
        };
        if !ok {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        // An account retires only by an appeal's decision (申诉成功, 同一人) of a branch the sender
        // decides for, carried in the file or known here (or by the committee voiding a registration).
        if a.retired && !mine.is_some_and(|m| m.retired) && matches!((&a.role, from), (AccountRole::Member(_), Sender::Org(_))) {
            // 同一人: only the branch that holds the older record here (its member, or applying to it).
            let upheld = |ap: &Appeal| {
                ap.old_account == a.id
                    && taken_appeal(ap)
                    && matches!(ap.state, AppealState::Upheld { .. })
                    && ap.branch.is_some_and(|br| over(&held_tree, br) && holds(br, a.id))
            };
            if !appeal_on(a.id, &upheld) {
                tally.skip(Ignored::NotTheirRecord);
                continue;
            }
        }
        let registration = a.role.org().is_some_and(|org| registered.contains_key(&org));
        if mine.is_none() && takes_login(local, home, a, registration) {
            tally.skip(Ignored::LoginOfThisPhone);
            continue;
        }
        let mut a = a.clone();
        // A retired account comes back only by the branch's decision against the appeal that
        // retired it (申诉失败 standing, as a settlement decides), carried in the file or known here.
        if mine.is_some_and(|m| m.retired) && !a.retired && matches!((&a.role, from), (AccountRole::Member(_), Sender::Org(_))) {
            let reversed = |ap: &Appeal| {
                // (The account and branch of a held appeal never change: its joined state alone.)
                let rejected = || {
                    let joined = local.appeals.get(&ap.id).map_or_else(|| ap.clone(), |held| join_appeal(held, ap));
                    matches!(joined.state, AppealState::Rejected { .. })
                };
                // The appeal that retired it, held here upheld: no other appeal brings it back.
                let retired_it = local
                    .appeals
                    .get(&ap.id)
                    .is_some_and(|h| std::iter::once(&h.state).chain(&h.others).any(|s| matches!(s, AppealState::Upheld { .. })));
                ap.old_account == a.id
                    && taken_appeal(ap)
                    && retired_it
                    && ap.branch.is_some_and(|br| over(&held_tree, br) && holds(br, a.id))
                    && rejected()
            };
            if !appeal_on(a.id, &reversed) {
                let wins = mine.and_then(Account::member).zip(a.member()).is_some_and(|(h, f)| f.membership_at > h.membership_at);
                if wins {
                    tally.skip(Ignored::NotTheirRecord);
                }
                a.retired = true;
            }
        }
        if let (Some(mine), Sender::Org(_), true) = (mine, from, sent_back) {
            // A membership sent back: the move only; the person's own record stays as held here.
            if let (Some(held), AccountRole::Member(m)) = (mine.member(), &a.role) {
                let mut kept = held.clone();
                (kept.branch, kept.accepted_at, kept.cadre, kept.membership_at) = (m.branch, m.accepted_at, m.cadre, m.membership_at);
                a.role = AccountRole::Member(Box::new(kept));
            }
        }
        if let (Some(held), Sender::Member(_), Some(AccountRole::Member(m))) = (mine.and_then(Account::member), from, Some(&mut a.role)) {
            // What the branch's acceptance locked changes by no file of the member's own: the rest
            // of their record (志愿服务, consent, the fields not locked) is taken.
            if let (true, Some(old)) = (held.profile_locked(), &held.profile) {
                let new = m.profile.take();
                if new.as_ref().is_none_or(|n| crate::core::profile::locked_fields_changed(old, n)) && m.profile_at >= held.profile_at {
                    tally.skip(Ignored::LockedProfile);
                }
                m.profile = Some(new.map_or_else(|| old.clone(), |n| crate::core::profile::with_locked_fields_of(old, n)));
            }
        }
        if let Some(mine) = mine {
            // Never a change of kind, login or password of an account this device holds.
            if std::mem::discriminant(&mine.role) != std::mem::discriminant(&a.role) {
                tally.skip(Ignored::OtherKindOfAccount);
                continue;
            }
            (a.login, a.password) = (mine.login.clone(), mine.password.clone());
            // Made once, on its owner's phone: no file dates it again (the older of two accounts
            // with one ID number is the one 同一人 and 重复提醒 go by); a record held without its
            // time (0) takes the file's.
            if mine.created != 0 {
                a.created = mine.created;
            }
            if home.own.contains(&mine.id) && mine.member().is_none() {
                // This phone's own organisation account (one waiting for its owner's password
                // included): no file retires it (its owner is here; a member's account retires by
                // an appeal's decision, checked above).
                a.retired = mine.retired;
            }
        }
        if let (Sender::Member(_), AccountRole::Member(m)) = (from, &mut a.role) {
            // A member's own file never decides their membership: only a branch's decision does.
            // Stamp 0 loses every merge, so whatever this device knows of it stays. (Not counted
            // as left out: a member transferring in carries their current branch quite properly.)
            (m.branch, m.accepted_at, m.cadre, m.membership_at) = (None, None, false, 0);
            a.retired = false;
        }
        part.accounts.insert(a.id, a);
    }
    // The branches whose accounts are this phone's own: the applicant's word on a decision of
    // theirs it never saw comes in 待审核 for it to decide again (another branch's is not its own).
    let own_branch =
        |br: OrgId| home.own.iter().any(|id| local.accounts.get(id).is_some_and(|a| a.role == AccountRole::Branch { org: br }));
    for r in &b.requests {
        let mine = local.requests.get(&r.id);
        // A request's branch, applicant and kind never change (`merge::join_request`).
        if mine.is_some_and(|m| (m.branch, m.applicant, &m.kind) != (r.branch, r.applicant, &r.kind)) {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        let t = if mine.is_some() || local.accounts.contains_key(&r.applicant) { &held_tree } else { &tree };
        if mine.is_none() && kind == Kind::Decisions {
            tally.not_here(r.applicant);
            continue;
        }
        // This phone's own make their requests here (or send them in their own file); but 毕业转出
        // is the branch's to make for its member (a member of that branch here, or by this file's
        // accounts taken above, no other).
        let account = part.accounts.get(&r.applicant).or_else(|| local.accounts.get(&r.applicant));
        let its_member = account.and_then(|a| a.member()).is_some_and(|m| m.branch == Some(r.branch));
        let branch_s = matches!(r.kind, RequestKind::TransferOut { .. }) && over(t, r.branch) && its_member;
        let own = mine.is_none() && from != Sender::Member(r.applicant) && home.own.contains(&r.applicant) && !branch_s;
        if own || home_person(r.applicant) {
            tally.skip(if mine.is_some() { Ignored::NotTheirDecision } else { Ignored::NotTheirRecord });
            continue;
        }
        let states: Vec<&RequestState> = std::iter::once(&r.state).chain(&r.others).collect();
        let decided_by_branch = states.iter().any(|s| matches!(s, RequestState::Accepted { .. } | RequestState::Returned { .. }));
        let by_applicant = from == Sender::Member(r.applicant);
        let mut taken = r.clone();
        let ok = if over(t, r.branch) {
            true
        } else if by_applicant && decided_by_branch && mine.is_none() && own_branch(r.branch) {
            // Decided on a phone this one never heard from (the branch's, wiped): the applicant's
            // word is no decision, so it comes in as they sent it, 待审核, for the branch to decide.
            taken = Request { state: RequestState::Pending, others: Vec::new(), settled: None, ..r.clone() };
            tally.skip(Ignored::NotTheirDecision);
            true
        } else if by_applicant {
            // Settling a conflict is the branch's: never the applicant's file.
            taken.settled = None;
            !decided_by_branch
        } else {
            false
        };
        if !ok {
            // A member's file echoes the branch's decision this phone holds already: nothing to say.
            let echo = mine.is_some_and(|m| m.state == r.state && m.others == r.others);
            if !echo {
                tally.skip(if by_applicant || matches!(from, Sender::Org(_)) {
                    Ignored::NotTheirDecision
                } else {
                    Ignored::NotTheirRecord
                });
            }
            continue;
        }
        if mine.is_none() && !local.accounts.contains_key(&r.applicant) && !part.accounts.contains_key(&r.applicant) {
            tally.not_here(r.applicant);
            continue;
        }
        part.requests.insert(r.id, taken);
    }
    for a in &b.appeals {
        let mine = local.appeals.get(&a.id);
        if mine.is_some_and(|m| (m.branch, m.account, m.old_account) != (a.branch, a.account, a.old_account)) {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        if !taken_appeal(a) {
            tally.not_here(a.account);
            continue;
        }
        // This phone's own file their appeals here (or send them in their own file); but the
        // branch they asked to join may file one for them (同一人, merging their two accounts).
        let asked = a.branch.is_some_and(|b| home.asked.contains(&(a.account, b)));
        let own = mine.is_none() && from != Sender::Member(a.account) && home.own.contains(&a.account) && !asked;
        if own {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        if home_person(a.account) || home_person(a.old_account) {
            tally.skip(if mine.is_some() { Ignored::NotTheirDecision } else { Ignored::NotTheirRecord });
            continue;
        }
        let held = mine.is_some() || local.accounts.contains_key(&a.old_account) || local.accounts.contains_key(&a.account);
        let decided = a.state != AppealState::Pending || !a.others.is_empty();
        let by_branch = a.branch.is_some_and(|b| over(if held { &held_tree } else { &tree }, b));
        // What the appellant wrote and showed is theirs once: the branch decides on that.
        let rewritten = mine.is_some_and(|m| !m.reason.is_empty() && (&m.reason, &m.photo, m.created) != (&a.reason, &a.photo, a.created));
        if rewritten && !by_branch {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        // A branch's appeal retires only an account it holds (its member, or applying to it).
        let old_known = local.accounts.contains_key(&a.old_account) || in_file.contains_key(&a.old_account);
        if by_branch && mine.is_none() && old_known && !a.branch.is_some_and(|br| holds(br, a.old_account)) {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        let ok = by_branch || (from == Sender::Member(a.account) && !decided);
        if ok {
            // A settlement only from the branch (or a committee above it).
            part.appeals.insert(a.id, Appeal { settled: if by_branch { a.settled.clone() } else { None }, ..a.clone() });
        } else if !mine.is_some_and(|m| m.state == a.state && m.others == a.others) {
            tally.skip(Ignored::NotTheirDecision);
        }
    }
    for p in &b.problems {
        if kind == Kind::Decisions {
            tally.skip(Ignored::NotTheirRecord);
            continue;
        }
        let mine = local.problems.get(&p.id);
        if mine.is_none_or(|m| m.branch == p.branch) && over(if mine.is_some() { &held_tree } else { &tree }, p.branch) {
            let mut taken = p.clone();
            if from == Sender::Org(p.branch) {
                // 已解决 is the committee's word (ResolveProblem), never the branch's own.
                taken.resolved = mine.and_then(|m| m.resolved.clone());
            }
            part.problems.insert(p.id, taken);
        } else {
            tally.skip(Ignored::NotTheirRecord);
        }
    }
    part
}

impl State {
    /// Keeps only the records that `local` does not hold (what an unsigned file may add); each left
    /// out that would have changed one it holds is counted as [`Ignored::UnprovenChange`].
    pub(super) fn keep_only_new(&mut self, local: &State, tally: &mut Tally) {
        let mut changed = 0;
        // `here`: whether this phone holds the record, and then whether it is the same.
        let mut new = |here: Option<bool>| match here {
            None => true,
            Some(same) => {
                changed += usize::from(!same);
                false
            }
        };
        self.orgs.retain(|id, r| new(local.orgs.get(id).map(|l| l == r)));
        self.codes.retain(|id, r| new(local.codes.get(id).map(|l| l == r)));
        self.accounts.retain(|id, r| new(local.accounts.get(id).map(|l| l == r)));
        self.requests.retain(|id, r| new(local.requests.get(id).map(|l| l == r)));
        self.appeals.retain(|id, r| new(local.appeals.get(id).map(|l| l == r)));
        self.problems.retain(|id, r| new(local.problems.get(id).map(|l| l == r)));
        for _ in 0..changed {
            tally.skip(Ignored::UnprovenChange);
        }
    }
}
