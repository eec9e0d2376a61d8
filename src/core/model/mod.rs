//! The state of the whole workflow as plain data: organisations, registration codes, accounts,
//! member profiles, requests, appeals, problem records. Everything here is written as JSON (its
//! keys are in the serde attributes below) and has a stable ID, so it can be saved, exported and merged.

use super::auth::PasswordHash;
use super::date::{Millis, YearMonth};
use super::rules::Sex;
use super::table::Table;
pub use super::values::{BranchNumber, IdNumber, MemberNumber, OrgName, PersonName, Phone, Reason, StudentNo, Username};
use serde::{Deserialize, Serialize};

mod actor;
mod dated;
mod keys;
mod member;
mod org;
mod profile_in;
mod request;
mod sent;
pub use actor::Actor;
pub use dated::Dated;
pub use keys::{PublicKey, SealedKey};
pub use member::*;
pub use org::*;
pub use request::*;
pub use sent::SentMark;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, "{}", self.0) }
        }
    };
}

id_type!(
    /// 组织ID: the number users quote, e.g. "(组织ID:3902749)".
    OrgId
);
id_type!(AccountId);
id_type!(RequestId);
id_type!(AppealId);
id_type!(ProblemId);

/// 重置密码验证码: issued by the branch, valid 2 days, single use. Only its hash is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetCode {
    pub account: AccountId,
    /// SHA-256 of the code, hex.
    pub code_hash: String,
    pub expires: Millis,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub used: bool,
}

/// How a conflict (two different decisions on one record) was settled: which decision stands, and the
/// decisions the person had in front of them. A decision that arrives later and is not among `seen`
/// opens the conflict again.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Settled {
    pub at: Millis,
    pub by: AccountId,
    /// The key of the decision that stands (see `core::sync::merge`).
    pub keep: String,
    pub seen: Vec<String>,
}

/// A stamp for a change to a merged field: now, but always after the previous stamp, so that a
/// change made on this device wins over the value it replaced even with a clock set back.
pub fn next_stamp(previous: Millis, now: Millis) -> Millis {
    now.max(previous + 1)
}

/// The whole workflow state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub orgs: Table<OrgId, Org>,
    #[serde(default)]
    pub codes: Table<String, RegistrationCode>,
    #[serde(default)]
    pub accounts: Table<AccountId, Account>,
    #[serde(default)]
    pub requests: Table<RequestId, Request>,
    #[serde(default)]
    pub appeals: Table<AppealId, Appeal>,
    #[serde(default)]
    pub problems: Table<ProblemId, Problem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reset_codes: Vec<ResetCode>,
    /// True when the state is the demo data set (allows switching role without a password).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// What left this phone in hand-overs (`core::handover`): local, never in a file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sent: Vec<SentMark>,
    /// The account a 完整备份 restored onto this device (which had no password) was made from, until
    /// its owner sets a password here: kept, so a reload never takes the offer away. Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored: Option<AccountId>,
    /// The restored backup's sealed private key (本机身份), until its owner types the password that
    /// opens it (`Command::ClaimRestoredAccount`) or chooses a new one. Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_key: Option<SealedKey>,
    /// On a phone a committee handed an organisation's account to (its 恢复资料): by whom, and the
    /// claim of its 重置码 once typed (`sync::reset`). Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<OrgReset>,
    /// The branch whose invite link (邀请链接) was last opened here, where this phone means to stand
    /// before it has an account (`sync::home`): written only by [`crate::core::commands::Command::LearnBranch`].
    /// Local, never in a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite: Option<OrgId>,
    /// The keys this device keeps, one per sender it has met (`sync::seal::pin_name`): a file
    /// for that sender signed by another key is refused. Local, never in a file.
    #[serde(default, skip_serializing_if = "no_keys")]
    pub keys: Table<String, PublicKey>,
    /// This device's own public key (本机公钥), which signs what it sends; its private key is kept
    /// by the browser and never in the state. Local.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<PublicKey>,
    /// When this phone's data was last replaced or had records removed (退出演示, the demo, 删除我的
    /// 账号, 撤销 of an import): what a join cannot express. Two tabs of one phone join their states
    /// when this is the same, and the later one wins whole otherwise (`document::merge_tabs`). Local.
    #[serde(default, skip_serializing_if = "no_time")]
    pub epoch: Millis,
}

/// For `skip_serializing_if`: no time set.
fn no_time(t: &Millis) -> bool {
    *t == 0
}

/// For `skip_serializing_if`: no keys kept.
fn no_keys(keys: &Table<String, PublicKey>) -> bool {
    keys.is_empty()
}

impl State {
    /// Whether this device holds nothing of its own: no account, code, request, appeal or problem
    /// (organisations learned from a published directory or an invite are public). A 完整备份 is
    /// restored whole onto such a device.
    pub fn is_blank(&self) -> bool {
        self.accounts.is_empty() && self.codes.is_empty() && self.requests.is_empty() && self.appeals.is_empty() && self.problems.is_empty()
    }

    /// A copy that keeps the notes of what changed since the last save (see `core::table`): the
    /// copy a command works on before it replaces the state. `clone` instead counts everything as
    /// changed.
    pub fn fork(&self) -> State {
        State {
            orgs: self.orgs.fork(),
            codes: self.codes.fork(),
            accounts: self.accounts.fork(),
            requests: self.requests.fork(),
            appeals: self.appeals.fork(),
            problems: self.problems.fork(),
            reset_codes: self.reset_codes.clone(),
            demo: self.demo,
            sent: self.sent.clone(),
            invite: self.invite,
            restored: self.restored,
            restored_key: self.restored_key.clone(),
            reset: self.reset.clone(),
            keys: self.keys.fork(),
            device_key: self.device_key.clone(),
            epoch: self.epoch,
        }
    }

    /// The state as it is now is this device's saved copy: nothing has changed since.
    pub fn mark_saved(&mut self) {
        self.orgs.mark_saved();
        self.codes.mark_saved();
        self.accounts.mark_saved();
        self.requests.mark_saved();
        self.appeals.mark_saved();
        self.problems.mark_saved();
        self.keys.mark_saved();
    }

    /// The state must be saved whole next time (a save failed).
    pub fn mark_all_changed(&mut self) {
        self.orgs.mark_all_changed();
        self.codes.mark_all_changed();
        self.accounts.mark_all_changed();
        self.requests.mark_all_changed();
        self.appeals.mark_all_changed();
        self.problems.mark_all_changed();
        self.keys.mark_all_changed();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_destination_is_read_back_from_its_label() {
        for d in Destination::ALL {
            assert_eq!(Destination::from_label(d.label()), Some(d));
        }
        assert_eq!(Destination::from_label("别处"), None);
    }
}
