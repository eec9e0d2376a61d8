//! Importing a sync file: what this device accepts from that sender, a preview of what would be
//! added and changed, and the merge. Authority is checked here, where the data lives: a file can
//! never make this device hold something its own commands would refuse to that sender.

use super::accept::{accepted_part, Tally};
pub use super::batch::{plan_all, FileOutcome};
use super::home::Home;
pub use super::orgs::take_directory;
use super::orgs::{introduced, vouched};
use super::preview::{describe, key_words, KeyNews};
pub use super::preview::{signature_words, Ignored, Preview, PREVIEW_LINES};
use super::seal::{judge, own_backup, pin_name, unsigned_may, Trust, Vouch};
use super::{Kind, Sender, SyncFile};
use crate::core::date::Millis;
use crate::core::model::*;
use crate::core::sync::SyncError;
use crate::core::values::name_key;
use std::collections::BTreeSet;

impl Plan {
    /// After restoring a backup onto a device where no account has a password: the account the
    /// backup was made from, whose owner may now set a password (`Command::ClaimRestoredAccount`).
    pub fn restored_owner(&self) -> Option<AccountId> {
        if !self.whole || self.merged.accounts.values().any(|a| a.password.is_set()) {
            return None;
        }
        let account = match self.from {
            Sender::Member(a) => self.merged.accounts.get(&a),
            Sender::Org(o) => self
                .merged
                .accounts
                .values()
                .find(|a| matches!(a.role, AccountRole::Branch { org } | AccountRole::Committee { org } if org == o)),
            Sender::Device => None,
        };
        account.filter(|a| !a.retired && !a.login.is_empty()).map(|a| a.id)
    }
}

/// A checked import, ready to apply: the state after the merge, and what it changes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub kind: Kind,
    pub from: Sender,
    pub from_name: String,
    pub merged: State,
    pub preview: Preview,
    /// A 完整备份 taken whole: onto a device with nothing of its own, or onto the device it was
    /// made on.
    pub whole: bool,
    /// When the reset code the file proved expires (`reset`): checked against this phone's clock by
    /// [`plan_all`], never the sender's.
    pub reset_expires: Option<Millis>,
    /// How this phone took the file's signature.
    pub trust: Trust,
}

/// Plans the import of `file` into `local`. Refuses (with nothing changed) a file that changes nothing.
pub fn plan(local: &State, file: &SyncFile) -> Result<Plan, SyncError> {
    // A member's file whose sender is, on this device, a branch's or a committee's account.
    if let Sender::Member(id) = file.from {
        if local.accounts.get(&id).is_some_and(|a| a.member().is_none()) {
            return Err(SyncError::SenderIsAnotherAccount);
        }
    }
    // The demo meets only the demo: a blank phone taking the demo's file joins it.
    let demo = local.demo_after(file.body.demo).map_err(SyncError::Demo)?;
    // An organisation's new phone proving itself with this committee's 重置码 (`reset`): its key
    // is this organisation's from now on.
    let reset = local.reset_key(file);
    let reset_expires = reset.as_ref().map(|(i, _)| local.reset_codes[*i].expires);
    let trust = match reset {
        Some(_) => Trust::Known,
        None => judge(local, file).map_err(|e| match e {
            SyncError::KeyChanged { from: Sender::Org(org), .. } if local.reset_claimed_wrongly(file) => {
                SyncError::ResetCodeWrong { name: local.org_name(org) }
            }
            e => e,
        })?,
    };
    // Decisions are for the members on this phone: on one with no account at all (wiped), say what to do.
    if file.kind == Kind::Decisions && local.accounts.is_empty() {
        return Err(SyncError::DecisionsWithoutAccount { from: local.sender_name(file) });
    }
    if trust == Trust::Unsigned && !unsigned_may(local, file) {
        return Err(SyncError::Unsigned);
    }
    let mut tally = Tally::default();
    // Whole: onto a blank device, or onto the device whose own key signed it.
    let whole = file.kind == Kind::Backup && local.is_blank() || own_backup(local, file);
    let home = Home::of(local);
    let mut fragment = accepted_part(local, &home, file, (whole, trust == Trust::Known), &mut tally);
    // A member this phone holds (from an unsigned application, a report or 恢复资料) whose key it
    // never met: anyone could sign as them, so the file adds only what an unsigned one may, and no
    // key is kept. Their changes to what is here (a withdrawal, say) are told apart in the preview.
    let unmet_member = trust == Trust::FirstMeeting
        && matches!(file.from, Sender::Member(m) if local.accounts.get(&m).is_some_and(|a| a.member().is_some()));
    if (trust == Trust::Unsigned || unmet_member) && !whole {
        fragment.keep_only_new(local, &mut tally);
    }
    let mut merged = local.clone();
    merged.demo = demo;
    merged.absorb(fragment);
    let mut preview = describe(local, &merged);
    // A key vouched for only by a committee this phone already trusts (never one met in this file);
    // and the keys of the committees above the sender that it introduces, where none is kept.
    if trust == Trust::Known {
        // A kept key is replaced only by the committee right above before this file (a committee
        // the file itself hangs an organisation under tells only a first key).
        let above_before = |v: &Vouch| matches!(file.from, Sender::Org(s) if local.right_under(s, v.org));
        // This phone's own organisations, read once (not once per key).
        let mut own = BTreeSet::new();
        own.extend(merged.own_orgs());
        let vouches = vouched(&merged, file.from, &file.body.keys, |o| own.contains(&o)).into_iter();
        let by = local.sender_name(file);
        for v in vouches.filter(|v| local.key_of(Sender::Org(v.org)).is_none() || above_before(v)) {
            // A first key is told; a kept one replaced is confirmed as new.
            let news = if local.key_of(Sender::Org(v.org)).is_none() { KeyNews::Introduced { by: &by } } else { KeyNews::Vouched };
            preview.keys.push(key_words(news, &merged.org_name(v.org), &v.key));
            merged.keys.insert(pin_name(Sender::Org(v.org)).unwrap_or_default(), v.key);
        }
        for v in introduced(&merged, file.from, &file.body.keys) {
            preview.keys.push(key_words(KeyNews::Introduced { by: &by }, &merged.org_name(v.org), &v.key));
            merged.meet_key(Sender::Org(v.org), &v.key);
        }
    }
    if let (Some((i, key)), Sender::Org(org)) = (reset, file.from) {
        preview.keys.push(key_words(KeyNews::Reset, &local.org_name(org), &key));
        merged.keys.insert(pin_name(file.from).unwrap_or_default(), key);
        merged.reset_codes[i].used = true;
    }
    preview.ignored = tally.counts();
    preview.backup_of_another_device = file.kind == Kind::Backup && !whole;
    let from_name = local.sender_name(file);
    preview.signatures = vec![signature_words(trust, file, &from_name)];
    // A stranger under the name of an organisation this phone knows, or an organisation new here
    // (or renamed) under such a name, whatever the file calls its sender: said beside the signature.
    let known_names: BTreeSet<String> = local.orgs.values().map(|k| name_key(&k.name)).collect();
    if let (Trust::FirstMeeting, Sender::Org(o)) = (trust, file.from) {
        if !local.orgs.contains_key(&o) && known_names.contains(&name_key(&from_name)) {
            preview.signatures.push(super::preview::namesake_words(&from_name, true));
        }
    }
    let namesakes =
        merged.orgs.values().filter(|n| local.orgs.get(&n.id).is_none_or(|o| o.name != n.name) && known_names.contains(&name_key(&n.name)));
    // (A sender new here is said above.)
    for n in namesakes.filter(|n| file.from != Sender::Org(n.id) || local.orgs.contains_key(&n.id)).take(3) {
        preview.signatures.push(super::preview::namesake_words(&n.name, false));
    }
    // An application on an organisation's phone that is not the branch it asks to join.
    // (Judged by what the member asks now: her earlier requests stay in every application.)
    // (This phone's own organisations read once, not once per request of the file.)
    let ours: BTreeSet<OrgId> = local.own_orgs().collect();
    let asks: Vec<OrgId> = file.body.requests.iter().filter(|r| r.state.is_pending()).map(|r| r.branch).collect();
    if file.kind == Kind::Application && !ours.is_empty() && !asks.iter().any(|b| ours.contains(b)) {
        if let Some(b) = asks.first() {
            preview.signatures.push(super::preview::not_ours_words(&merged.org_name(*b)));
        }
    }
    preview.files = 1;
    if merged == *local {
        if let (Trust::FirstMeeting, Some(name)) =
            (trust, super::orgs::waits_for(local, &home, file).filter(|_| file.kind == Kind::Directory))
        {
            return Err(SyncError::IntroductionFirst { name });
        }
        // A 审核结果 that concerns nobody on this phone (not one already taken here).
        let here = |a: AccountId| local.accounts.contains_key(&a);
        let for_others = file.kind == Kind::Decisions
            && !file.body.requests.iter().any(|r| here(r.applicant))
            && !file.body.appeals.iter().any(|a| here(a.account) || here(a.old_account));
        return Err(match preview.ignored.iter().find(|(i, _)| *i != Ignored::NotOnThisDevice) {
            Some((i, _)) => SyncError::NothingAccepted { why: i.label() },
            None if for_others => SyncError::NoResultHere,
            None => SyncError::NothingNew,
        });
    }
    if let (Trust::FirstMeeting, Some(key), false) = (trust, &file.signed, unmet_member) {
        // Kept with the import (on its own it is nothing to import).
        merged.meet_key(file.from, key);
    }
    let mut plan = Plan { kind: file.kind, from: file.from, from_name, merged, preview, whole, reset_expires, trust };
    // The backup's owner may set a password here until they do, whatever reloads come between.
    if let Some(owner) = plan.restored_owner() {
        plan.merged.restored = Some(owner);
        // This phone's identity comes back with the password that sealed it; only the key that
        // signed the backup (a backup cannot hand its restorer somebody else's key).
        plan.merged.restored_key = file.body.sealed_key.clone().filter(|k| file.signed.as_ref() == Some(&k.public));
    }
    if whole {
        // What had left the phone before it was wiped: not 未发出 again.
        plan.merged.join_sent(&file.body.sent);
    }
    if local.is_blank() && local.restored.is_none() && local.reset.is_none() {
        // Handed over only to a blank phone: never over a restore waiting for its password.
        plan.merged.take_handed_account(file);
    }
    Ok(plan)
}
