//! Logging in and sessions: the account for a login, the two steps of 登录, the actor for a session,
//! the demo's switch without a password, and the owner of a backup restored onto a new device.

use super::*;

impl State {
    /// The actor for a session on this device.
    pub fn actor_for(&self, session: Option<AccountId>) -> Actor {
        let Some(acct) = session.and_then(|id| self.accounts.get(&id)).filter(|a| !a.retired) else {
            return Actor::Anonymous;
        };
        match &acct.role {
            AccountRole::Member(_) => Actor::Member(acct.id),
            AccountRole::Branch { org } => Actor::Branch { account: acct.id, org: *org },
            AccountRole::Committee { org } => Actor::Committee { account: acct.id, org: *org },
        }
    }

    /// 演示: switching to an account without its password is allowed only in the demo data set.
    pub fn demo_switch(&self, account: AccountId) -> Result<AccountId, CoreError> {
        if !self.demo {
            return Err(CoreError::DemoOnly);
        }
        match self.accounts.get(&account) {
            Some(a) if !a.retired => Ok(a.id),
            Some(_) => Err(CoreError::AccountRetired),
            None => Err(CoreError::AccountUnknown),
        }
    }

    /// The live account using this login (phone or username, case-insensitive): the one that logs
    /// in on this phone first (its password is here), so that no account a file brought (a second
    /// registration under the same username, waiting for the committee) stands in its way.
    pub fn account_by_login(&self, login: &str) -> Option<&Account> {
        let mut live = self.accounts.values().filter(|a| !a.retired && a.answers_to(login));
        let first = live.next()?;
        if first.password.is_set() {
            return Some(first);
        }
        Some(live.find(|a| a.password.is_set()).unwrap_or(first))
    }

    /// 登录, step 1: the account and the salt to derive with.
    pub fn login_challenge(&self, login: &str) -> Result<&Account, CoreError> {
        if let Some(a) = self.account_by_login(login) {
            return if a.password.is_set() { Ok(a) } else { Err(CoreError::NoPasswordOnDevice) };
        }
        let retired = self.accounts.values().any(|a| a.retired && a.login.eq_ignore_ascii_case(login.trim()));
        Err(if retired { CoreError::AccountRetired } else { CoreError::AccountUnknown })
    }

    /// 登录, step 2: checks the key derived from the typed password.
    pub fn verify_login(&self, account: AccountId, derived: &[u8; 32]) -> Result<AccountId, CoreError> {
        let a = self.accounts.get(&account).ok_or(CoreError::AccountUnknown)?;
        if a.retired {
            return Err(CoreError::AccountRetired);
        }
        if a.password.matches(derived) {
            Ok(a.id)
        } else {
            Err(CoreError::WrongPassword)
        }
    }

    pub(super) fn claim_restored(&mut self, account: AccountId, password: PasswordHash, ctx: &mut Ctx) -> CmdResult {
        // A new password must not lose to another tab's copy without it: a new epoch.
        self.epoch = next_stamp(self.epoch, ctx.now);
        if self.accounts.values().any(|a| a.password.is_set()) || self.restored.is_some_and(|owner| owner != account) {
            return Err(CoreError::NotARestoredDevice.into());
        }
        // An account a committee handed over comes with its 重置码 (`ClaimResetAccount`).
        if self.reset.as_ref().is_some_and(|r| r.proof.is_empty()) {
            return Err(CoreError::OrgResetCodeShape { len: crate::core::sync::reset::ORG_RESET_CODE_LEN }.into());
        }
        let a = self.accounts.get_mut(&account).filter(|a| !a.retired && !a.login.is_empty()).ok_or(CoreError::AccountUnknown)?;
        a.password = password;
        self.restored = None;
        self.restored_key = None;
        Ok(Outcome::Account(account))
    }

    /// [`Command::ClaimResetAccount`]: the code is checked by the committee that issued it (only
    /// it keeps the hash), here only its shape.
    pub(super) fn claim_reset(&mut self, account: AccountId, code: String, password: PasswordHash, ctx: &mut Ctx) -> CmdResult {
        let reset = self.reset.clone().filter(|r| r.proof.is_empty()).ok_or(CoreError::NotARestoredDevice)?;
        if self.awaiting_password() != Some(account) || self.org_account(reset.org).map(|a| a.id) != Some(account) {
            return Err(CoreError::NotARestoredDevice.into());
        }
        let claim = self.reset_claim(reset.org, &code, ctx.now)?;
        self.reset = Some(crate::core::model::OrgReset { proof: claim.proof, at: claim.at, ..reset });
        self.epoch = next_stamp(self.epoch, ctx.now);
        if let Some(a) = self.accounts.get_mut(&account) {
            a.password = password;
        }
        self.restored = None;
        self.restored_key = None;
        Ok(Outcome::Account(account))
    }

    /// [`Command::RetypeResetCode`]: the organisation's account on the phone it was handed to.
    pub(super) fn retype_reset(&mut self, actor: Actor, code: String, ctx: &mut Ctx) -> CmdResult {
        let (Actor::Branch { org, .. } | Actor::Committee { org, .. }) = actor else { return Err(CoreError::NotAllowed.into()) };
        let reset = self.reset.clone().filter(|r| r.org == org && !r.proof.is_empty()).ok_or(CoreError::NotAllowed)?;
        let claim = self.reset_claim(org, &code, ctx.now)?;
        self.reset = Some(crate::core::model::OrgReset { proof: claim.proof, at: claim.at, ..reset });
        Ok(Outcome::Done)
    }

    /// The claim of a typed 重置码 for `org`, bound to this phone's key.
    fn reset_claim(&self, org: OrgId, code: &str, now: Millis) -> Result<crate::core::sync::Claim, CoreError> {
        let code = crate::core::entropy::canonical_code(code);
        if !crate::core::entropy::is_code(&code, crate::core::sync::reset::ORG_RESET_CODE_LEN) {
            return Err(CoreError::OrgResetCodeShape { len: crate::core::sync::reset::ORG_RESET_CODE_LEN });
        }
        let key = self.device_key.as_ref().ok_or(CoreError::NoKeyForReset)?;
        let proof = crate::core::sync::reset::reset_proof(&crate::core::auth::sha256_hex(&code), org, key);
        Ok(crate::core::sync::Claim { org, proof, at: now })
    }

    /// This phone's own accounts: their owners log in here, or one waits for its owner's password
    /// after a restore or a committee's 恢复资料 (`awaiting_password`).
    pub fn own_accounts(&self) -> impl Iterator<Item = &Account> {
        let waiting = self.awaiting_password();
        self.accounts.values().filter(move |a| a.logs_in() || waiting == Some(a.id))
    }

    /// The owner of a backup restored onto this device who has not set a password yet (until they
    /// do, after any reload, they may: [`Command::ClaimRestoredAccount`]).
    pub fn awaiting_password(&self) -> Option<AccountId> {
        let owner = self.restored?;
        let live = self.accounts.get(&owner).is_some_and(|a| !a.retired && !a.login.is_empty());
        (live && !self.accounts.values().any(|a| a.password.is_set())).then_some(owner)
    }
}
