//! A committee hands an organisation's account to a new phone: its secretary's phone was wiped
//! without a backup, and the organisation must come back as itself, not as a twin.
//!
//! 1. The committee issues a 重置码 for the organisation's account (`Command::IssueOrgReset`, kept
//!    as a hash beside the members' reset codes) and hands over its copy of the organisation
//!    (恢复资料, [`State::recovery_file`]: what its latest 上报 brought).
//! 2. The new phone imports it: the account is there without a password, and [`OrgReset`] notes who
//!    handed it over. Its owner types the code and a new password (`Command::ClaimResetAccount`):
//!    the phone keeps a [`Claim`] binding the code to this phone's key ([`reset_proof`]).
//! 3. The new phone's 组织注册信息 carries the claim. The committee, finding in it one of its own
//!    unused codes bound to the key that signed the file ([`State::reset_key`]), keeps that key as
//!    the organisation's; its 组织目录 then vouches for it to everyone under it.
//!
//! The members' own files bring back what the committee had not heard yet (`import`: a request
//! this phone has never seen comes in from its applicant as 待审核, whatever it says was decided).

use super::seal::PublicKey;
use super::{Claim, Kind, Sender, SyncFile};
use crate::core::auth::sha256_hex;
use crate::core::date::Millis;
use crate::core::model::Actor;
use crate::core::model::*;

/// How many characters an organisation's 重置码 has (a member's has 8): it proves a new phone to
/// the committee, so it is harder to guess from a claim read in a chat.
pub const ORG_RESET_CODE_LEN: usize = 12;

impl OrgReset {
    /// The claim of the typed code, once typed.
    pub fn claim(&self) -> Option<Claim> {
        (!self.proof.is_empty()).then(|| Claim { org: self.org, proof: self.proof.clone(), at: self.at })
    }
}

/// The proof that the phone whose key is `key` was told the code whose SHA-256 is `code_hash`:
/// only the committee, which keeps that hash, can check it, and it holds for that key alone.
pub fn reset_proof(code_hash: &str, org: OrgId, key: &PublicKey) -> String {
    sha256_hex(&format!("reset:{code_hash}:{org}:{}", key.text()))
}

impl State {
    /// The live account of an organisation (its 团支部 or 团委 account).
    pub fn org_account(&self, org: OrgId) -> Option<&Account> {
        self.accounts
            .values()
            .find(|a| !a.retired && matches!(a.role, AccountRole::Branch { org: o } | AccountRole::Committee { org: o } if o == org))
    }

    /// 恢复资料: this committee's copy of `org` (what its reports brought: the organisation, its
    /// account, members, requests, appeals and problems), for the phone the committee hands the
    /// organisation's account to. `None` unless `org` is under the committee and has an account.
    pub fn recovery_file(&self, actor: Actor, org: OrgId, now: Millis) -> Option<SyncFile> {
        let Actor::Committee { org: by, .. } = actor else { return None };
        if by == org || !self.oversees(by, org) || self.org_account(org).is_none() {
            return None;
        }
        let mut body = super::Body { recover: Some(org), demo: self.demo, ..self.report_body(org) };
        // The committees above it, so the new phone knows who handed it over and where it stands.
        let mut above = std::collections::BTreeSet::new();
        if let Some(parent) = self.orgs.get(&org).and_then(|o| o.parent) {
            self.with_ancestors(parent, &mut above);
        }
        body.orgs.retain(|o| !above.contains(&o.id));
        body.orgs.extend(self.orgs_of(&above));
        Some(SyncFile {
            kind: Kind::Recovery,
            from: Sender::Org(by),
            from_name: self.org_name(by),
            app: env!("CARGO_PKG_VERSION").to_string(),
            written: now,
            body,
            signed: None,
        })
    }

    /// The reset code of this phone's (by its index in `reset_codes`) that a file's claim proves,
    /// used or not: a claim of a file from `org`, signed by `key`, for `org`'s account.
    pub(super) fn reset_code_of(&self, file: &SyncFile, claim: &Claim) -> Option<usize> {
        let (Sender::Org(org), Some(key)) = (file.from, &file.signed) else { return None };
        let account = self.org_account(org)?.id;
        (claim.org == org)
            .then(|| self.reset_codes.iter().position(|rc| rc.account == account && reset_proof(&rc.code_hash, org, key) == claim.proof))
            .flatten()
    }

    /// The new key a file proves with one of this committee's unused, unexpired reset codes for the
    /// sender's account, and that code: the organisation's new phone (see the module's steps).
    pub fn reset_key(&self, file: &SyncFile) -> Option<(usize, PublicKey)> {
        file.body.claims.iter().find_map(|c| {
            let i = self.reset_code_of(file, c)?;
            let rc = &self.reset_codes[i];
            if rc.used || c.at >= rc.expires {
                return None;
            }
            Some((i, file.signed.clone()?))
        })
    }

    /// A file from an organisation under this committee whose claim names the organisation, which
    /// has an unused reset code here, but proves none: the code was mistyped (or replaced).
    pub(super) fn reset_claimed_wrongly(&self, file: &SyncFile) -> bool {
        let Sender::Org(org) = file.from else { return false };
        let Some(account) = self.org_account(org).map(|a| a.id) else { return false };
        file.body.claims.iter().any(|c| c.org == org) && self.reset_codes.iter().any(|rc| rc.account == account && !rc.used)
    }

    /// After a 恢复资料 is imported onto a phone where no account has a password: the
    /// organisation's account waits for its owner's 重置码 and new password
    /// (`Command::ClaimResetAccount`), whatever reloads come between.
    pub(super) fn take_handed_account(&mut self, file: &SyncFile) {
        let (Kind::Recovery, Sender::Org(by), Some(org)) = (file.kind, file.from, file.body.recover) else { return };
        if by == org || !self.oversees(by, org) || self.accounts.values().any(|a| a.password.is_set()) {
            return;
        }
        let Some(account) = self.org_account(org).filter(|a| !a.login.is_empty()).map(|a| a.id) else { return };
        self.restored = Some(account);
        self.restored_key = None;
        self.reset = Some(OrgReset { by, org, proof: String::new(), at: 0 });
    }
}
