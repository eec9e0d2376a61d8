//! Settling conflicts that merges keep visible: two decisions on one request, one code used twice.

use super::*;
use crate::core::sync::merge::{conflict_open, join_decisions, Decision};

fn keys<T: Decision>(state: &T, others: &[T]) -> Vec<String> {
    std::iter::once(state).chain(others).filter_map(Decision::key).collect()
}

impl State {
    pub(super) fn settle_request(&mut self, actor: Actor, request: RequestId, keep: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let r = self.requests.get(&request).ok_or(CoreError::RequestUnknown)?;
        if !self.manages_branch(actor, r.branch) {
            return Err(CoreError::NotAllowed.into());
        }
        let seen = keys(&r.state, &r.others);
        if !conflict_open(&r.state, &r.others, r.settled.as_ref()) || !seen.contains(&keep) {
            return Err(CoreError::NoConflict.into());
        }
        let settled = Settled { at: ctx.now, by, keep, seen };
        let all: Vec<RequestState> = std::iter::once(r.state.clone()).chain(r.others.iter().cloned()).collect();
        let (state, others) = join_decisions(RequestState::Pending, all, Some(&settled));
        let (applicant, branch, kind) = (r.applicant, r.branch, r.kind.clone());
        let accepted_at = match &state {
            RequestState::Accepted { at, .. } => Some(*at),
            _ => None,
        };
        if let Some(r) = self.requests.get_mut(&request) {
            (r.state, r.others, r.settled) = (state, others, Some(settled));
        }
        // The membership follows the decision that stands.
        if let Some(m) = self.accounts.get_mut(&applicant).and_then(Account::member_mut) {
            let joining = !matches!(kind, RequestKind::TransferOut { .. });
            let member_here = m.branch == Some(branch);
            let want_here = if joining { accepted_at.is_some() } else { accepted_at.is_none() };
            if member_here != want_here {
                m.branch = want_here.then_some(branch);
                m.accepted_at = if want_here { accepted_at.or(Some(ctx.now)) } else { None };
                m.cadre = false;
                m.membership_at = next_stamp(m.membership_at, ctx.now);
            }
        }
        Ok(Outcome::Done)
    }

    pub(super) fn settle_code(&mut self, actor: Actor, code: String, keep: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let Actor::Committee { org, .. } = actor else { return Err(CoreError::NotAllowed.into()) };
        let c = self.codes.get(&code).ok_or(CoreError::CodeUnknown)?;
        if !self.oversees(org, c.issuer) {
            return Err(CoreError::NotAllowed.into());
        }
        let seen = keys(&c.state, &c.others);
        if !conflict_open(&c.state, &c.others, c.settled.as_ref()) || !seen.contains(&keep) {
            return Err(CoreError::NoConflict.into());
        }
        let settled = Settled { at: ctx.now, by, keep, seen };
        let all: Vec<CodeState> = std::iter::once(c.state.clone()).chain(c.others.iter().cloned()).collect();
        let (state, others) = join_decisions(CodeState::Unused, all, Some(&settled));
        if let Some(c) = self.codes.get_mut(&code) {
            (c.state, c.others, c.settled) = (state, others, Some(settled));
        }
        Ok(Outcome::Done)
    }
}
