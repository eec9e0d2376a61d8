//! Settling conflicts that merges keep visible: two decisions on one request, one code used twice.

use super::*;
use crate::core::sync::merge::{conflict_open, join_decisions, Decision};

/// The settled decisions of a record in conflict: `keep` must be one of them and the conflict open.
fn settle<T: Decision>(
    initial: T,
    state: &T,
    others: &[T],
    settled: Option<&Settled>,
    keep: String,
    by: AccountId,
    now: Millis,
) -> Result<(T, Vec<T>, Settled), CoreError> {
    let seen: Vec<String> = std::iter::once(state).chain(others).filter_map(Decision::key).collect();
    if !conflict_open(state, others, settled) || !seen.contains(&keep) {
        return Err(CoreError::NoConflict);
    }
    let settled = Settled { at: now, by, keep, seen };
    let all = std::iter::once(state.clone()).chain(others.iter().cloned());
    let (state, others) = join_decisions(initial, all, Some(&settled));
    Ok((state, others, settled))
}

impl State {
    pub(super) fn settle_request(&mut self, actor: Actor, request: RequestId, keep: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let r = self.requests.get(&request).ok_or(CoreError::RequestUnknown)?;
        if !self.manages_branch(actor, r.branch) {
            return Err(CoreError::NotAllowed.into());
        }
        let (state, others, settled) = settle(RequestState::Pending, &r.state, &r.others, r.settled.as_ref(), keep, by, ctx.now)?;
        let (applicant, branch, kind) = (r.applicant, r.branch, r.kind.clone());
        let accepted_at = match &state {
            RequestState::Accepted { at, .. } => Some(*at),
            _ => None,
        };
        if let Some(r) = self.requests.get_mut(&request) {
            (r.state, r.others, r.settled) = (state, others, Some(settled));
        }
        // A membership that rests on another accepted join of theirs to the branch (its acceptance
        // is the one the membership dates from) stands whatever this one comes to.
        let held = self.accounts.get(&applicant).and_then(Account::member).map(|m| (m.branch, m.accepted_at));
        let joined_anew = !matches!(kind, RequestKind::TransferOut { .. })
            && self.requests.values().any(|o| {
                o.id != request
                    && (o.applicant, o.branch) == (applicant, branch)
                    && !matches!(o.kind, RequestKind::TransferOut { .. })
                    && matches!(o.state, RequestState::Accepted { at, .. } if held == Some((Some(branch), Some(at))))
            });
        if let Some(m) = self.accounts.get_mut(&applicant).and_then(Account::member_mut).filter(|_| !joined_anew) {
            m.follow_decision(branch, &kind, accepted_at, ctx.now);
        }
        Ok(Outcome::Done)
    }

    pub(super) fn settle_appeal(&mut self, actor: Actor, appeal: AppealId, keep: String, ctx: &mut Ctx) -> CmdResult {
        let by = actor.account().ok_or(CoreError::LoginRequired)?;
        let a = self.appeals.get(&appeal).ok_or(CoreError::AppealUnknown)?;
        if !a.branch.is_some_and(|b| self.manages_branch(actor, b)) {
            return Err(CoreError::NotAllowed.into());
        }
        let (state, others, settled) = settle(AppealState::Pending, &a.state, &a.others, a.settled.as_ref(), keep, by, ctx.now)?;
        let (new, old) = (a.account, a.old_account);
        let upheld = matches!(state, AppealState::Upheld { .. });
        // 申诉成功 retires the older account: only one the appeal's branch holds here (its member,
        // or applying to it), however the appeal came (a branch's report may name anyone's).
        if upheld && !a.branch.is_some_and(|b| self.branch_holds(b, old)) {
            return Err(CoreError::NotAllowed.into());
        }
        if let Some(a) = self.appeals.get_mut(&appeal) {
            (a.state, a.others, a.settled) = (state, others, Some(settled));
        }
        // The membership follows: on the new account if upheld, back on the old one if not.
        let old_retired = self.accounts.get(&old).is_some_and(|o| o.retired);
        let (from, to) = if upheld { (old, new) } else { (new, old) };
        if upheld != old_retired {
            let record = self.accounts.get(&from).and_then(Account::member).map(|m| (m.branch, m.accepted_at, m.cadre));
            let stamp = |m: &MemberRecord| next_stamp(m.membership_at, ctx.now);
            if let (Some((branch, accepted_at, cadre)), Some(t)) = (record, self.accounts.get_mut(&to)) {
                t.retired = false;
                if let Some(m) = t.member_mut() {
                    (m.branch, m.accepted_at, m.cadre) = (branch, accepted_at, cadre);
                    m.membership_at = stamp(m);
                }
            }
            if let Some(f) = self.accounts.get_mut(&from) {
                f.retired = upheld;
                if let Some(m) = f.member_mut() {
                    if !upheld {
                        (m.branch, m.accepted_at, m.cadre) = (None, None, false);
                    }
                    m.membership_at = stamp(m);
                }
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
        let (state, others, settled) = settle(CodeState::Unused, &c.state, &c.others, c.settled.as_ref(), keep, by, ctx.now)?;
        if let Some(c) = self.codes.get_mut(&code) {
            (c.state, c.others, c.settled) = (state, others, Some(settled));
        }
        Ok(Outcome::Done)
    }
}
