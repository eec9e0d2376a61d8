//! The attacker's oracle: the invariants an import must keep whatever the file ([`check`]).

use super::super::import::plan;
use super::super::seal::pin_name;
use super::super::{Kind, Sender, SyncFile};
use crate::core::date::{Millis, DAY_MS};
use crate::core::model::*;
use std::mem::discriminant;

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
    // A key kept anew: the sender's own at its first file (or a new phone's, proven by a 重置码),
    // or one a sender signing with its kept key vouches for right under it or introduces above it.
    let known_sender = file.signed.is_some() && local.key_of(file.from) == file.signed.as_ref();
    for (name, key) in m.keys.iter().filter(|(name, _)| !local.keys.contains_key(*name)) {
        if pin_name(file.from).as_ref() == Some(name) && file.signed.as_ref() == Some(key) {
            continue;
        }
        let told = matches!(file.from, Sender::Org(s) if known_sender && m.orgs.values().any(|o| {
            pin_name(Sender::Org(o.id)).as_ref() == Some(name)
                && (m.right_under(s, o.id) || o.id != s && m.oversees(o.id, s) && local.org_key(o.id).is_none())
        }));
        if !told {
            return Err(format!("a key for {name} kept from {:?}, which may not tell it", file.from));
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
        // organisation's account by the committee above it, never on the phone that holds it (or
        // waits for its owner's password or 重置码).
        let ok = match &mine.role {
            AccountRole::Member(_) => m.appeals.values().any(|ap| {
                ap.old_account == *id
                    && matches!(ap.state, AppealState::Upheld { .. })
                    && ap.branch.is_some_and(|b| oversees(local, file.from, b))
            }),
            AccountRole::Branch { org } | AccountRole::Committee { org } => {
                let handed = local.reset.as_ref().is_some_and(|r| r.org == *org);
                !waits(mine) && !handed && oversees(local, file.from, *org)
            }
        };
        if !ok {
            return Err(format!("account {id:?} retired by {:?}", file.from));
        }
    }
    // The record of someone who logs in here changes by nobody's file but their own, where they
    // belong aside (a branch's decision).
    for (id, mine) in local.accounts.iter().filter(|(id, a)| waits(a) && file.from != Sender::Member(**id)) {
        let (Some(was), Some(now)) = (mine.member(), m.accounts[id].member()) else { continue };
        if (&was.profile, &was.volunteer, &was.consent, was.profile_at) != (&now.profile, &now.volunteer, &now.consent, now.profile_at) {
            return Err(format!("the record of {id:?}, who logs in here, changed by {:?}", file.from));
        }
    }
    // What this phone's own people, and those in their trees, hold changes by no stranger's tree.
    let home = super::super::home::Home::of(local);
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
        // The parent a link's sketch lacks, filled in by the organisation itself with a committee new here.
        let now = &m.orgs[id];
        let own_fill = from == Sender::Org(*id) && now.parent.is_some_and(|p| !local.orgs.contains_key(&p));
        let filled = mine.parent.is_none() && mine.created == 0 && known && own_fill;
        if now.parent != mine.parent && !filled || now != mine && !oversees(local, from, *id) {
            return Err(format!("organisation {id:?} changed or moved by {from:?}"));
        }
    }
    for (id, o) in m.orgs.iter().filter(|(id, _)| !local.orgs.contains_key(id)) {
        let registered = m.codes.iter().any(|(code, c)| {
            matches!(c.state, CodeState::Used { org, .. } if org == *id)
                && local.codes.get(code).is_some_and(|c| c.state == CodeState::Unused)
        });
        // Right under what can have it there (a branch, nothing; a link's sketch of a committee only
        // guessed its kind).
        let parent = o.parent.and_then(|p| local.orgs.get(&p).or(m.orgs.get(&p)));
        let sketch = |p: &Org| p.created == 0 && p.kind != OrgKind::Branch && local.orgs.contains_key(&p.id);
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
