//! Every time a record carries, for reading or setting right: the records a clock set wrong dated
//! ahead are pulled back once it is right (`State::pull_back_future`), and a file's newest time is
//! checked against the receiver's clock (`sync::Body::newest_time`).

use super::*;
use crate::core::clock::AHEAD_LIMIT;
use crate::core::date::Millis;

/// Every time a record carries, for reading or setting right. A code's expiry moves with its
/// creation (the code keeps its validity).
pub trait Dated {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis));
}

fn settled(s: &mut Option<Settled>, f: &mut dyn FnMut(&mut Millis)) {
    if let Some(s) = s {
        f(&mut s.at);
    }
}

impl Dated for Account {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        f(&mut self.created);
        if let Some(m) = self.member_mut() {
            f(&mut m.profile_at);
            f(&mut m.membership_at);
            if let Some(t) = m.accepted_at.as_mut() {
                f(t);
            }
            if let Some(v) = m.volunteer.as_mut() {
                f(&mut v.registered);
            }
            if let Some(c) = m.consent.as_mut() {
                f(&mut c.at);
            }
        }
    }
}

impl Dated for Request {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        f(&mut self.created);
        for s in std::iter::once(&mut self.state).chain(self.others.iter_mut()) {
            match s {
                RequestState::Accepted { at, .. }
                | RequestState::Returned { at, .. }
                | RequestState::Withdrawn { at, .. }
                | RequestState::Lapsed { at } => f(at),
                _ => {}
            }
        }
        settled(&mut self.settled, f);
    }
}

impl Dated for Appeal {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        f(&mut self.created);
        for s in std::iter::once(&mut self.state).chain(self.others.iter_mut()) {
            match s {
                AppealState::Upheld { at, .. } | AppealState::Rejected { at, .. } => f(at),
                _ => {}
            }
        }
        settled(&mut self.settled, f);
    }
}

impl Dated for Problem {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        f(&mut self.created);
        if let Some(t) = self.reported.as_mut() {
            f(t);
        }
        if let Some((t, _)) = self.resolved.as_mut() {
            f(t);
        }
    }
}

impl Dated for RegistrationCode {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        let before = self.created;
        f(&mut self.created);
        // Moved (a code made 0 when learned from a link never is): its validity moves with it.
        if self.created != before {
            self.expires = self.created.saturating_add(self.expires.saturating_sub(before));
        }
        for s in std::iter::once(&mut self.state).chain(self.others.iter_mut()) {
            match s {
                CodeState::Used { at, .. } | CodeState::Voided { at } => f(at),
                CodeState::Unused => {}
            }
        }
        settled(&mut self.settled, f);
    }
}

impl Dated for Org {
    fn each_time(&mut self, f: &mut dyn FnMut(&mut Millis)) {
        f(&mut self.created);
        f(&mut self.updated);
    }
}

impl State {
    /// Sets to `now` every time dated more than [`AHEAD_LIMIT`] after it: what this phone dated
    /// while its clock was ahead (no receiver takes such a record, so none came from elsewhere),
    /// called once the clock is known right. Returns how many times moved. The copy set right
    /// stands whole against another tab's (a new epoch: a join would take the later times back).
    pub fn pull_back_future(&mut self, now: Millis) -> usize {
        let mut moved = 0;
        let mut fix = |r: &mut dyn Dated| {
            let before = moved;
            r.each_time(&mut |t| {
                if *t > now + AHEAD_LIMIT {
                    *t = now;
                    moved += 1;
                }
            });
            moved > before
        };
        self.orgs.update_each(|r| fix(r));
        self.codes.update_each(|r| fix(r));
        self.accounts.update_each(|r| fix(r));
        self.requests.update_each(|r| fix(r));
        self.appeals.update_each(|r| fix(r));
        self.problems.update_each(|r| fix(r));
        for m in &mut self.sent {
            if m.at > now + AHEAD_LIMIT {
                m.at = now;
                moved += 1;
            }
        }
        if moved > 0 {
            self.epoch = next_stamp(self.epoch, now);
        }
        moved
    }
}
