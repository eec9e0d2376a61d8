//! Commands of a committee account (校团委, 学院/书院团委, 团总支): 生成注册码, 作废, creating child
//! committees, resolving problems; and the housekeeping 自动失效.

use super::*;
use crate::core::date::DAY_MS;
use crate::core::entropy::{canonical_code, random_code};
use crate::core::profile::{Field, FieldErrors};

/// The most codes generated at once.
pub const MAX_CODES: u32 = 200;

impl State {
    fn committee_actor(actor: Actor) -> Result<(AccountId, OrgId), CoreError> {
        match actor {
            Actor::Committee { account, org } => Ok((account, org)),
            Actor::Anonymous => Err(CoreError::LoginRequired),
            _ => Err(CoreError::NotAllowed),
        }
    }

    /// [`Command::IssueOrgReset`].
    pub(super) fn issue_org_reset(&mut self, actor: Actor, org: OrgId, ctx: &mut Ctx) -> CmdResult {
        let (_, by) = Self::committee_actor(actor)?;
        // The committee right above it, which its new phone's registration goes to.
        if !self.right_under(by, org) {
            return Err(CoreError::NotAllowed.into());
        }
        let account = self.org_account(org).ok_or(CoreError::OrgHasNoAccount)?.id;
        Ok(Outcome::ResetCode(self.new_reset_code(account, crate::core::sync::reset::ORG_RESET_CODE_LEN, ctx)))
    }

    pub(super) fn generate_codes(&mut self, actor: Actor, count: u32, valid_days: u32, kind: OrgKind, ctx: &mut Ctx) -> CmdResult {
        let (_, org) = Self::committee_actor(actor)?;
        if !(1..=MAX_CODES).contains(&count) {
            return Err(CoreError::CountInvalid { max: MAX_CODES }.into());
        }
        if !(1..=60).contains(&valid_days) {
            return Err(CoreError::CountInvalid { max: 60 }.into());
        }
        // A code registers a child: colleges under the school, branches (or 团总支) under a college.
        let issuer_kind = self.orgs.get(&org).map(|o| o.kind).ok_or(CoreError::OrgUnknown)?;
        if !issuer_kind.code_kinds().contains(&kind) {
            return Err(CoreError::NotAllowed.into());
        }
        let mut out = Vec::with_capacity(count as usize);
        while out.len() < count as usize {
            let code = random_code(ctx.rng, RegistrationCode::LEN);
            if self.codes.contains_key(&code) {
                continue;
            }
            self.codes.insert(
                code.clone(),
                RegistrationCode {
                    code: code.clone(),
                    issuer: org,
                    kind,
                    created: ctx.now,
                    expires: ctx.now + i64::from(valid_days) * DAY_MS,
                    state: CodeState::Unused,
                    others: vec![],
                    settled: None,
                },
            );
            out.push(code);
        }
        Ok(Outcome::Codes(out))
    }

    /// Whether `actor` may take a new key for `org` (确认新密钥): the committee right above it, whose
    /// 组织目录 vouches for that key.
    pub fn may_trust_key(&self, actor: Actor, org: OrgId) -> bool {
        matches!(actor, Actor::Committee { org: committee, .. } if self.right_under(committee, org))
    }

    /// 确认新密钥 (see [`Command::TrustKey`]): only for an organisation right under the committee.
    pub(super) fn trust_key(&mut self, actor: Actor, org: OrgId, key: crate::core::sync::seal::PublicKey) -> CmdResult {
        if !self.may_trust_key(actor, org) {
            return Err(CoreError::NotAllowed.into());
        }
        let name = crate::core::sync::seal::pin_name(crate::core::sync::Sender::Org(org)).ok_or(CoreError::NotAllowed)?;
        self.keys.insert(name, key);
        Ok(Outcome::Done)
    }

    pub(super) fn void_code(&mut self, actor: Actor, code: String, ctx: &mut Ctx) -> CmdResult {
        let (_, org) = Self::committee_actor(actor)?;
        let rc = self.codes.get_mut(&canonical_code(&code)).ok_or(CoreError::CodeUnknown)?;
        if rc.issuer != org {
            return Err(CoreError::NotAllowed.into());
        }
        match rc.state {
            CodeState::Used { .. } => Err(CoreError::CodeUsed.into()),
            CodeState::Voided { .. } => Err(CoreError::CodeVoided.into()),
            CodeState::Unused => {
                rc.state = CodeState::Voided { at: ctx.now };
                Ok(Outcome::Done)
            }
        }
    }

    pub(super) fn void_registration(&mut self, actor: Actor, branch: OrgId, ctx: &mut Ctx) -> CmdResult {
        let (by, org) = Self::committee_actor(actor)?;
        let Some(clash) = self.branch_clashes(org).into_iter().find(|c| c.newer == branch || c.older == branch) else {
            return Err(CoreError::NotARepeatedRegistration.into());
        };
        let kept = if clash.newer == branch { clash.older } else { clash.newer };
        let count = self.members_of(branch).count();
        if count > 0 {
            return Err(CoreError::BranchStillHasMembers { count }.into());
        }
        let kept = self.org_name(kept);
        if let Some(info) = self.orgs.get_mut(&branch).and_then(|o| o.branch.as_mut()) {
            info.archived = true;
        }
        for a in self.accounts.values_mut().filter(|a| matches!(a.role, AccountRole::Branch { org } if org == branch)) {
            a.retired = true;
        }
        let reason = format!("该团支部为重复注册，已由团委作废。请在“找组织”中搜索“{kept}”重新申请。");
        for r in self.requests.values_mut().filter(|r| r.branch == branch && r.state.is_pending()) {
            r.state = RequestState::Returned { at: ctx.now, by, reason: reason.clone() };
        }
        Ok(Outcome::Done)
    }

    /// 建立校团委's checks, every field at once: the form runs them before the slow password
    /// hashing, the command again. Not in the demo, whose made-up school must never lead a real one.
    pub fn check_school(&self, name: &str, username: &str) -> Result<(OrgName, Username), Vec<FieldError>> {
        let mut e = FieldErrors::default();
        let name = e.check(
            Field::org_name(OrgKind::School),
            OrgName::parse(name).and_then(|n| match self.org_named(&n) {
                _ if !OrgKind::School.name_fits(&n) => Err(CoreError::OrgNameNotFull { kind: OrgKind::School }),
                Some(o) => Err(CoreError::OrgNameTaken { id: o.id.0 }),
                None => Ok(n),
            }),
        );
        let username = e.check(
            Field::username(OrgKind::School),
            Username::parse(username).and_then(|u| match self.username_taken(&u) {
                true => Err(CoreError::UsernameTaken { suggestion: super::account::free_username(self, &u) }),
                false => Ok(u),
            }),
        );
        e.into_result(|| Some((name?, username?)))
    }

    pub(super) fn found_school(
        &mut self,
        actor: Actor,
        name: String,
        username: String,
        password: PasswordHash,
        ctx: &mut Ctx,
    ) -> CmdResult {
        if actor != Actor::Anonymous {
            return Err(CoreError::NotAllowed.into());
        }
        if self.demo {
            return Err(CoreError::NotInDemo.into());
        }
        if !self.is_blank() {
            return Err(CoreError::SchoolOnBlankPhone.into());
        }
        let (name, username) = self.check_school(&name, &username).map_err(Refusal::Fields)?;
        let (name, username) = (String::from(name), String::from(username));
        let id = self.fresh_org_id(ctx);
        let kind = OrgKind::School;
        self.orgs.insert(id, Org { id, name, kind, parent: None, branch: None, created: ctx.now, updated: ctx.now });
        let acct = self.fresh_account_id(ctx);
        self.accounts.insert(
            acct,
            Account { id: acct, login: username, role: AccountRole::Committee { org: id }, password, created: ctx.now, retired: false },
        );
        Ok(Outcome::Org(id))
    }

    pub(super) fn resolve_problem(&mut self, actor: Actor, problem: ProblemId, note: String, ctx: &mut Ctx) -> CmdResult {
        let (_, org) = Self::committee_actor(actor)?;
        let p = self.problems.get(&problem).ok_or(CoreError::ProblemUnknown)?;
        if !self.oversees(org, p.branch) {
            return Err(CoreError::NotAllowed.into());
        }
        let note = reason(&note)?;
        if let Some(p) = self.problems.get_mut(&problem) {
            p.resolved = Some((ctx.now, note));
        }
        Ok(Outcome::Done)
    }

    /// Transfers out that nobody completed within [`LAPSE_DAYS`] lapse.
    pub(super) fn lapse_overdue(&mut self, ctx: &mut Ctx) -> Outcome {
        let mut n = 0;
        for r in self.requests.values_mut() {
            if r.is_overdue(ctx.now) && matches!(r.kind, RequestKind::TransferOut { .. }) {
                r.state = RequestState::Lapsed { at: ctx.now };
                n += 1;
            }
        }
        Outcome::Lapsed(n)
    }
}
