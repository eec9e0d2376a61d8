//! 本机时间: a phone's clock against the web server's (the HTTP `Date` of a file fetched at start),
//! named in plain words before it dates a record; the records a clock set wrong dated ahead, pulled
//! back once it is right; and the one limit a receiver puts on a record's time (a day ahead of its
//! own clock), with its reason.

use crate::core::date::{format_day_minute, Millis, DAY_MS};
use crate::core::model::*;

/// How far ahead of a receiver's clock a record may be dated (clocks differ a little).
pub const AHEAD_LIMIT: Millis = DAY_MS;
/// A clock further than this from the server's is named (an hour: a wrong time zone set by hand).
const NAMED_FROM: Millis = 3_600_000;

/// How far this phone's clock is from the server's, when it is far enough to name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSkew {
    /// The phone's clock minus the server's: positive when the phone is ahead.
    pub by: Millis,
    /// The server's time when measured.
    pub server: Millis,
}

impl ClockSkew {
    /// The skew between this phone's `now` and the server's time, when over an hour.
    pub fn measure(now: Millis, server: Millis) -> Option<ClockSkew> {
        ((now - server).abs() > NAMED_FROM).then_some(ClockSkew { by: now - server, server })
    }

    /// Whether what this phone dates now would be refused, or misplaced by more than a day: then it
    /// writes nothing until the clock is set right.
    pub fn harmful(&self) -> bool {
        self.by.abs() > AHEAD_LIMIT
    }

    /// "约 365 天" or "约 3 小时".
    pub fn amount(&self) -> String {
        let a = self.by.abs();
        if a >= DAY_MS {
            format!("约 {} 天", (a + DAY_MS / 2) / DAY_MS)
        } else {
            format!("约 {} 小时", (a + 1_800_000) / 3_600_000)
        }
    }

    pub fn ahead(&self) -> bool {
        self.by > 0
    }

    /// What the phone shows and what it is, for the message: `YYYY-MM-DD HH:MM`, Beijing time.
    pub fn times(&self) -> (String, String) {
        (format_day_minute(self.server + self.by), format_day_minute(self.server))
    }
}

/// Every time a record carries, for reading or setting right. A code's expiry moves with its
/// creation (the code keeps its validity).
trait Dated {
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

impl crate::core::sync::Body {
    /// The latest time any record of the file carries (0 for none).
    pub fn newest_time(&mut self) -> Millis {
        let mut newest = 0;
        let mut f = |t: &mut Millis| newest = newest.max(*t);
        self.orgs.iter_mut().for_each(|r| r.each_time(&mut f));
        self.codes.iter_mut().for_each(|r| r.each_time(&mut f));
        self.accounts.iter_mut().for_each(|r| r.each_time(&mut f));
        self.requests.iter_mut().for_each(|r| r.each_time(&mut f));
        self.appeals.iter_mut().for_each(|r| r.each_time(&mut f));
        self.problems.iter_mut().for_each(|r| r.each_time(&mut f));
        newest
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
