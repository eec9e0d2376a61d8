//! Commands of a branch account (团支部), some also open to the committees above it:
//! 接收 / 退回, reset codes, cadre, 毕业生转出, problem records, graduation year, 归档, appeals.

use super::*;
use crate::core::auth::sha256_hex;
use crate::core::date::DAY_MS;
use crate::core::entropy::random_code;

impl State {
    fn branch_actor(actor: Actor) -> Result<(AccountId, OrgId), CoreError> {
        match actor {
            Actor::Branch { account, org } => Ok((account, org)),
            Actor::Anonymous => Err(CoreError::LoginRequired),
            _ => Err(CoreError::NotAllowed),
        }
    }

    /// Checks that `member` is a live member of the actor's branch.
    fn own_member(&self, actor: Actor, member: AccountId) -> Result<OrgId, CoreError> {
        let (_, org) = Self::branch_actor(actor)?;
        let a = self.accounts.get(&member).filter(|a| !a.retired).ok_or(CoreError::NotAMemberOfBranch)?;
        if a.member().is_some_and(|m| m.branch == Some(org)) {
            Ok(org)
        } else {
            Err(CoreError::NotAMemberOfBranch)
        }
    }

    pub(super) fn accept(&mut self, actor: Actor, ids: Vec<RequestId>, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        if ids.is_empty() {
            return Err(CoreError::RequestUnknown.into());
        }
        for id in &ids {
            let r = self.requests.get(id).ok_or(CoreError::RequestUnknown)?;
            if !self.manages_branch(actor, r.branch) {
                return Err(CoreError::NotAllowed.into());
            }
            if !r.state.is_pending() {
                return Err(CoreError::RequestNotPending.into());
            }
        }
        for id in ids {
            let Some(r) = self.requests.get_mut(&id) else { continue };
            if !r.state.is_pending() {
                continue; // the same ID twice in one batch
            }
            r.state = RequestState::Accepted { at: ctx.now, by };
            let (applicant, branch, kind) = (r.applicant, r.branch, r.kind.clone());
            if let Some(m) = self.accounts.get_mut(&applicant).and_then(Account::member_mut) {
                m.follow_decision(branch, &kind, Some(ctx.now), ctx.now);
            }
        }
        Ok(Outcome::Done)
    }

    pub(super) fn return_request(&mut self, actor: Actor, request: RequestId, text: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let r = self.requests.get(&request).ok_or(CoreError::RequestUnknown)?;
        if !self.manages_branch(actor, r.branch) {
            return Err(CoreError::NotAllowed.into());
        }
        if !r.state.is_pending() {
            return Err(CoreError::RequestNotPending.into());
        }
        let reason = reason(&text)?;
        if let Some(r) = self.requests.get_mut(&request) {
            r.state = RequestState::Returned { at: ctx.now, by, reason };
        }
        Ok(Outcome::Done)
    }

    pub(super) fn issue_reset_code(&mut self, actor: Actor, member: AccountId, ctx: &mut Ctx) -> CmdResult {
        self.own_member(actor, member)?;
        Ok(Outcome::ResetCode(self.new_reset_code(member, 8, ctx)))
    }

    /// A 重置码 of `len` characters for `account`, valid [`RESET_CODE_VALID_DAYS`], replacing its
    /// earlier unused ones; only its hash is kept.
    pub(super) fn new_reset_code(&mut self, account: AccountId, len: usize, ctx: &mut Ctx) -> String {
        let code = random_code(ctx.rng, len);
        for rc in self.reset_codes.iter_mut().filter(|r| r.account == account) {
            rc.used = true;
        }
        self.reset_codes.retain(|r| !r.used || r.expires > ctx.now);
        self.reset_codes.push(ResetCode {
            account,
            code_hash: sha256_hex(&code),
            expires: ctx.now + RESET_CODE_VALID_DAYS * DAY_MS,
            used: false,
        });
        code
    }

    pub(super) fn set_cadre(&mut self, actor: Actor, member: AccountId, cadre: bool, ctx: &mut Ctx) -> CmdResult {
        self.own_member(actor, member)?;
        if let Some(m) = self.accounts.get_mut(&member).and_then(Account::member_mut) {
            m.cadre = cadre;
            m.membership_at = next_stamp(m.membership_at, ctx.now);
        }
        Ok(Outcome::Done)
    }

    /// 毕业生转出 of every member chosen, all or none: a refusal for one names them and leaves
    /// everyone as they were.
    pub(super) fn transfer_out(
        &mut self,
        actor: Actor,
        members: Vec<AccountId>,
        destination: Destination,
        target: String,
        ctx: &mut Ctx,
    ) -> CmdResult {
        Self::branch_actor(actor)?;
        let mut members = members;
        crate::core::order::sort_by(&mut members, |a, b| a.cmp(b));
        members.dedup();
        if members.is_empty() {
            return Err(CoreError::NobodyChosen.into());
        }
        let target = target.trim().to_string();
        if target.chars().count() < 2 && !matches!(destination, Destination::Military | Destination::Classified) {
            return Err(CoreError::OrgNameInvalid.into());
        }
        let several = members.len() > 1;
        let mut made = Vec::with_capacity(members.len());
        for member in members {
            match self.transfer_one(actor, member, destination, &target, ctx) {
                Ok(rid) => made.push(rid),
                Err(why) if several => return Err(CoreError::NotTransferred { name: self.display_name(member), why: Box::new(why) }.into()),
                Err(why) => return Err(why.into()),
            }
        }
        Ok(Outcome::Requests(made))
    }

    fn transfer_one(
        &mut self,
        actor: Actor,
        member: AccountId,
        destination: Destination,
        target: &str,
        ctx: &mut Ctx,
    ) -> Result<RequestId, CoreError> {
        let org = self.own_member(actor, member)?;
        if self.orgs.get(&org).and_then(|o| o.branch.as_ref()).and_then(|b| b.graduation_year).is_none() {
            return Err(CoreError::GraduationYearNotSet);
        }
        let record = self.accounts.get(&member).and_then(Account::member).ok_or(CoreError::NotAMemberOfBranch)?;
        if record.cadre {
            return Err(CoreError::CadreMustResign);
        }
        if self.requests.values().any(|r| r.applicant == member && r.state.is_pending()) {
            return Err(CoreError::PendingRequestExists);
        }
        let rid = RequestId(ctx.id());
        self.requests.insert(
            rid,
            Request {
                id: rid,
                kind: RequestKind::TransferOut { destination, target: target.to_owned() },
                applicant: member,
                branch: org,
                created: ctx.now,
                state: RequestState::Pending,
                others: vec![],
                settled: None,
            },
        );
        Ok(rid)
    }

    pub(super) fn record_problem(
        &mut self,
        actor: Actor,
        name: String,
        student_no: String,
        kind: ProblemKind,
        note: String,
        ctx: &mut Ctx,
    ) -> CmdResult {
        let (_, org) = Self::branch_actor(actor)?;
        let name = String::from(PersonName::parse(&name)?);
        let student_no = match student_no.trim() {
            "" => None,
            s => Some(String::from(StudentNo::parse(s)?)),
        };
        let note = reason(&note)?;
        let id = ProblemId(ctx.id());
        self.problems
            .insert(id, Problem { id, branch: org, name, student_no, kind, note, created: ctx.now, reported: None, resolved: None });
        Ok(Outcome::Problem(id))
    }

    pub(super) fn set_graduation_year(&mut self, actor: Actor, branch: OrgId, year: i32, ctx: &mut Ctx) -> CmdResult {
        self.branch_org(branch)?;
        if !self.manages_branch(actor, branch) {
            return Err(CoreError::NotAllowed.into());
        }
        let year = crate::core::rules::check_graduation_year(year, ctx.today().year)?;
        if let Some(b) = self.orgs.get_mut(&branch).and_then(|o| o.branch.as_mut()) {
            b.graduation_year = Some(year);
        }
        if let Some(o) = self.orgs.get_mut(&branch) {
            o.updated = next_stamp(o.updated, ctx.now);
        }
        Ok(Outcome::Done)
    }

    pub(super) fn archive(&mut self, actor: Actor, branch: OrgId, ctx: &mut Ctx) -> CmdResult {
        self.branch_org(branch)?;
        if !self.manages_branch(actor, branch) {
            return Err(CoreError::NotAllowed.into());
        }
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let count = self.members_of(branch).count();
        if count > 0 {
            return Err(CoreError::BranchStillHasMembers { count }.into());
        }
        let info = self.orgs.get_mut(&branch).and_then(|o| o.branch.as_mut()).ok_or(CoreError::NotABranch)?;
        if info.graduation_year.is_none() {
            return Err(CoreError::GraduationYearNotSet.into());
        }
        info.archived = true;
        // Nobody joins it any more: what still waits is returned, with the reason (an archived
        // branch decides nothing more, so it would wait for good).
        for r in self.requests.values_mut().filter(|r| r.branch == branch && r.state.is_pending()) {
            r.state = RequestState::Returned { at: ctx.now, by, reason: ARCHIVED_RETURN_REASON.into() };
        }
        Ok(Outcome::Done)
    }

    pub(super) fn decide_appeal(&mut self, actor: Actor, appeal: AppealId, uphold: bool, text: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let a = self.appeals.get(&appeal).ok_or(CoreError::AppealUnknown)?;
        let allowed = match a.branch {
            Some(b) => self.manages_branch(actor, b),
            None => matches!(actor, Actor::Committee { .. }),
        };
        if !allowed {
            return Err(CoreError::NotAllowed.into());
        }
        if a.state != AppealState::Pending {
            return Err(CoreError::AppealNotPending.into());
        }
        let (new, old) = (a.account, a.old_account);
        if !uphold {
            let reason = reason(&text)?;
            if let Some(a) = self.appeals.get_mut(&appeal) {
                a.state = AppealState::Rejected { at: ctx.now, by, reason };
            }
            return Ok(Outcome::Done);
        }
        // 申诉成功: the membership moves to the new account and the old one retires.
        let old_record = self.accounts.get(&old).and_then(Account::member).cloned().ok_or(CoreError::AccountUnknown)?;
        if self.accounts.get(&new).and_then(Account::member).is_none() {
            return Err(CoreError::AccountUnknown.into());
        }
        if let Some(m) = self.accounts.get_mut(&new).and_then(Account::member_mut) {
            let stamp = next_stamp(m.membership_at.max(old_record.membership_at), ctx.now);
            *m = old_record;
            m.membership_at = stamp;
            m.profile_at = stamp;
        }
        if let Some(o) = self.accounts.get_mut(&old) {
            o.retired = true;
            if let Some(m) = o.member_mut() {
                m.membership_at = next_stamp(m.membership_at, ctx.now);
            }
        }
        // Pending requests of the old account are withdrawn (never moved: a request's applicant is
        // part of its identity, which a merge must not see change); the member applies again.
        // (An appeal with no reason is a merge of a member registered again: `merge_reregistered`.)
        let why =
            if self.appeals.get(&appeal).is_some_and(|a| a.reason.is_empty()) { REREGISTERED_OLD_REASON } else { APPEAL_WITHDRAW_REASON };
        for r in self.requests.values_mut().filter(|r| r.applicant == old && r.state.is_pending()) {
            r.state = RequestState::Withdrawn { at: ctx.now, reason: why.to_string() };
        }
        if let Some(a) = self.appeals.get_mut(&appeal) {
            a.state = AppealState::Upheld { at: ctx.now, by };
        }
        Ok(Outcome::Done)
    }

    /// [`Command::MergeReregistered`]: an upheld 申诉 filed by the secretary for the member, who
    /// could not file one from a wiped phone (it knew no older account). The two accounts must hold
    /// the same ID number, the new one ask to join a branch this actor manages.
    pub(super) fn merge_reregistered(&mut self, actor: Actor, new: AccountId, old: AccountId, ctx: &mut Ctx) -> CmdResult {
        let id_of = |a: AccountId| self.accounts.get(&a).filter(|a| !a.retired).and_then(Account::profile).map(|p| p.id_number.clone());
        match (id_of(new), id_of(old)) {
            (Some(a), Some(b)) if a == b && new != old => {}
            _ => return Err(CoreError::NotSamePerson.into()),
        }
        let branch = self
            .requests
            .values()
            .find(|r| r.applicant == new && r.state.is_pending() && self.manages_branch(actor, r.branch))
            .map(|r| r.branch)
            .ok_or(CoreError::NotAllowed)?;
        // As every phone judges the appeal this makes.
        if !self.accounts.get(&old).zip(self.accounts.get(&new)).is_some_and(|(o, n)| self.may_merge(o, n, branch)) {
            return Err(CoreError::NotAllowed.into());
        }
        let aid = AppealId(ctx.id());
        self.appeals.insert(
            aid,
            Appeal {
                id: aid,
                account: new,
                old_account: old,
                reason: String::new(),
                photo: None,
                branch: Some(branch),
                created: ctx.now,
                state: AppealState::Pending,
                others: vec![],
                settled: None,
            },
        );
        self.decide_appeal(actor, aid, true, String::new(), ctx)?;
        // Already a member of that branch by the older record: the new request has nothing left to ask.
        if self.accounts.get(&new).and_then(Account::member).is_some_and(|m| m.branch == Some(branch)) {
            for r in self.requests.values_mut().filter(|r| r.applicant == new && r.branch == branch && r.state.is_pending()) {
                r.state = RequestState::Withdrawn { at: ctx.now, reason: REREGISTERED_WITHDRAW_REASON.to_string() };
            }
        }
        Ok(Outcome::Appeal(aid))
    }
}
