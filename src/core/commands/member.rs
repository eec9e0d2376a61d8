//! Commands of a member (团员): privacy consent, 完善个人信息, 申请加入 / 申请转入, 撤回, 我要申诉,
//! 志愿北京 注册.

use super::*;
use crate::core::profile::{validate_profile, Field, FieldErrors};
use crate::core::rules;

impl State {
    fn member_id(actor: Actor) -> Result<AccountId, CoreError> {
        match actor {
            Actor::Member(id) => Ok(id),
            Actor::Anonymous => Err(CoreError::LoginRequired),
            _ => Err(CoreError::NotAllowed),
        }
    }

    fn record(&self, id: AccountId) -> Result<&MemberRecord, CoreError> {
        self.accounts.get(&id).and_then(Account::member).ok_or(CoreError::NotAllowed)
    }

    fn record_mut(&mut self, id: AccountId) -> Result<&mut MemberRecord, CoreError> {
        self.accounts.get_mut(&id).and_then(Account::member_mut).ok_or(CoreError::NotAllowed)
    }

    pub(super) fn accept_privacy(&mut self, actor: Actor, version: u32, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        if version != CONSENT_VERSION {
            return Err(CoreError::NotAllowed.into());
        }
        self.record_mut(id)?.consent = Some(Consent { version, at: ctx.now });
        Ok(Outcome::Done)
    }

    pub(super) fn save_profile(&mut self, actor: Actor, draft: ProfileDraft, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        let record = self.record(id)?;
        if record.consent.as_ref().is_none_or(|c| c.version != CONSENT_VERSION) {
            return Err(CoreError::ConsentRequired.into());
        }
        let old = record.profile.clone();
        let locked = record.profile_locked();
        let keep_generated = old.as_ref().map(|p| (p.join_month.year, p.member_number.clone()));
        let number_taken =
            |n: &str| self.accounts.values().any(|a| a.id != id && !a.retired && a.profile().is_some_and(|p| p.member_number == n));
        let profile = validate_profile(&draft, ctx.today(), |year, id_number| match keep_generated {
            Some((y, n)) if y == year => n,
            _ => MemberNumber::generate(year, id_number, number_taken),
        })
        .map_err(Refusal::Fields)?;
        if let (true, Some(old)) = (locked, &old) {
            if crate::core::profile::locked_fields_changed(old, &profile) {
                return Err(CoreError::ProfileLocked.into());
            }
        }
        if self.holder_of_id(&profile.id_number, Some(id)).is_some() {
            return Err(CoreError::IdAlreadyRegistered.into());
        }
        if number_taken(&profile.member_number) {
            return Err(CoreError::MemberNumberTaken.into());
        }
        let record = self.record_mut(id)?;
        record.profile = Some(profile);
        record.profile_at = next_stamp(record.profile_at, ctx.now);
        Ok(Outcome::Done)
    }

    /// Whether `member` may apply to `branch` now (申请加入 / 申请转入): a live branch, a profile,
    /// not already its member, and no request of theirs waiting.
    pub fn check_apply(&self, id: AccountId, branch: OrgId) -> Result<(), CoreError> {
        let org = self.branch_org(branch)?;
        if org.is_archived() {
            return Err(CoreError::BranchArchived);
        }
        let record = self.record(id)?;
        if record.profile.is_none() {
            return Err(CoreError::ProfileMissing);
        }
        if record.branch == Some(branch) {
            return Err(CoreError::AlreadyInBranch);
        }
        if self.requests.values().any(|r| r.applicant == id && r.state.is_pending()) {
            return Err(CoreError::PendingRequestExists);
        }
        Ok(())
    }

    /// 重新申请 from 我的组织: a request that was returned, withdrawn or lapsed may be made again
    /// to the same branch, when applying there is allowed now.
    pub fn may_reapply(&self, member: AccountId, request: &Request) -> bool {
        request.applicant == member
            && !request.state.is_pending()
            && !request.state.is_accepted()
            && self.check_apply(member, request.branch).is_ok()
    }

    pub(super) fn apply_to_branch(&mut self, actor: Actor, branch: OrgId, transfer_from: Option<String>, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        self.check_apply(id, branch)?;
        let record = self.record(id)?;
        // Coming from another branch in the app, or from elsewhere (named by the member), is 申请转入.
        if transfer_from.as_ref().is_some_and(|f| f.trim().is_empty()) && record.branch.is_none() {
            return Err(CoreError::TransferFromMissing.into());
        }
        let current = record.branch.and_then(|b| self.orgs.get(&b)).map(|o| o.name.clone());
        let from = current.or_else(|| transfer_from.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
        let kind = match from {
            Some(from) => RequestKind::TransferIn { from },
            None => RequestKind::Join,
        };
        let rid = loop {
            let r = RequestId(ctx.id());
            if !self.requests.contains_key(&r) {
                break r;
            }
        };
        self.requests.insert(
            rid,
            Request { id: rid, kind, applicant: id, branch, created: ctx.now, state: RequestState::Pending, others: vec![], settled: None },
        );
        Ok(Outcome::Request(rid))
    }

    pub(super) fn withdraw(&mut self, actor: Actor, request: RequestId, text: String, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        let r = self.requests.get_mut(&request).ok_or(CoreError::RequestUnknown)?;
        if r.applicant != id {
            return Err(CoreError::NotAllowed.into());
        }
        if !r.state.is_pending() {
            return Err(CoreError::RequestNotPending.into());
        }
        r.state = RequestState::Withdrawn { at: ctx.now, reason: reason(&text)? };
        Ok(Outcome::Done)
    }

    pub(super) fn file_appeal(&mut self, actor: Actor, id_number: String, text: String, photo: Option<String>, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        let id_number = IdNumber::parse(&id_number, ctx.today())?;
        let reason = reason(&text)?;
        rules::check_photo(photo.as_deref())?;
        let old = self.holder_of_id(&id_number, Some(id)).ok_or(CoreError::NoOldAccountForAppeal)?;
        let (old_account, branch) = (old.id, old.member().and_then(|m| m.branch));
        if self.appeals.values().any(|a| a.account == id && a.state == AppealState::Pending) {
            return Err(CoreError::AppealPendingExists.into());
        }
        let aid = AppealId(ctx.id());
        self.appeals.insert(
            aid,
            Appeal {
                id: aid,
                account: id,
                old_account,
                reason,
                photo,
                branch,
                created: ctx.now,
                state: AppealState::Pending,
                others: vec![],
                settled: None,
            },
        );
        Ok(Outcome::Appeal(aid))
    }

    pub(super) fn register_volunteer(&mut self, actor: Actor, f: VolunteerForm, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        let record = self.record(id)?;
        let profile = record.profile.as_ref().ok_or(CoreError::ProfileMissing)?;
        if record.volunteer.is_some() {
            return Err(CoreError::AlreadyVolunteer.into());
        }
        let age = profile.birth.age_on(ctx.today());
        if age < 14 {
            return Err(CoreError::VolunteerTooYoung { age }.into());
        }
        // Every problem of the form at once, each under its field.
        let mut errors = FieldErrors::default();
        for (value, field) in
            [(&f.service_area, Field::ServiceArea), (&f.native_place, Field::NativePlace), (&f.residence, Field::Residence)]
        {
            let chosen = !value.trim().is_empty() && value.chars().count() <= 60;
            errors.check(field, if chosen { Ok(()) } else { Err(CoreError::ChoiceInvalid { field: field.label() }) });
        }
        errors.check(
            Field::Directions,
            if directions_ok(&f.directions) { Ok(()) } else { Err(CoreError::ChoiceInvalid { field: "志愿方向" }) },
        );
        errors
            .check(Field::GuardianConsent, if age < 18 && !f.guardian_consent { Err(CoreError::GuardianConsentRequired) } else { Ok(()) });
        errors.into_result(|| Some(())).map_err(Refusal::Fields)?;
        let now = ctx.now;
        self.record_mut(id)?.volunteer = Some(Volunteer {
            service_area: f.service_area.trim().into(),
            native_place: f.native_place.trim().into(),
            residence: f.residence.trim().into(),
            directions: f.directions,
            guardian_consent: f.guardian_consent,
            registered: now,
        });
        Ok(Outcome::Done)
    }

    pub(super) fn delete_own_account(&mut self, actor: Actor, ctx: &mut Ctx) -> CmdResult {
        let id = Self::member_id(actor)?;
        // A removal, which no join of two tabs can carry: a new epoch (see `State::epoch`).
        self.epoch = next_stamp(self.epoch, ctx.now);
        self.accounts.remove(&id);
        self.requests.retain(|_, r| r.applicant != id);
        self.appeals.retain(|_, a| a.account != id && a.old_account != id);
        self.reset_codes.retain(|r| r.account != id);
        self.prune_sent();
        Ok(Outcome::Done)
    }
}
