//! Hand-overs: whether what a step produced has left this phone (未发出 / 已发出).
//!
//! With no server, a step that someone else needs (an application, a round of decisions, a
//! registration, a report) is done only once its sync file has been handed over. The app cannot
//! know that the other person received it; it knows only that a copy left this phone (copied, shown
//! as a QR code, downloaded). This module keeps that fact per record, in the device's own ledger
//! ([`State::sent`], never in any file), as a fingerprint of the record as it left: a record changed
//! since then is 未发出 again.

use super::date::Millis;
use super::model::*;
use super::sync::{Body, Kind};
use serde::Serialize;

pub use super::model::SentMark;

/// The hand-over state of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handed {
    /// 未发出: still only on this phone (or changed since it was sent).
    Unsent,
    /// 已发出, at this time (copied, shown or downloaded; delivery cannot be known).
    Sent(Millis),
}

/// A record whose hand-over is tracked.
#[derive(Clone, Copy, Debug)]
pub enum Record<'a> {
    Request(&'a Request),
    Appeal(&'a Appeal),
    Problem(&'a Problem),
    /// A member's own details (profile and volunteer registration).
    Member(&'a Account),
    /// A newly registered organisation.
    Org(&'a Org),
    /// A whole file (a report's roster and figures, a backup), sent as one: its fingerprint
    /// ([`whole_print`]).
    Whole(u32),
}

/// The fingerprint of a whole file's body. A report's problems arrive as 已上报: what they say is
/// what counts, not that mark.
fn whole_print(body: &Body) -> u32 {
    let problems: Vec<Problem> = body.problems.iter().map(|p| Problem { reported: None, resolved: None, ..p.clone() }).collect();
    print_of(&Body { problems, ..body.clone() })
}

/// FNV-1a, folded to 32 bits: a fingerprint of a record's written form (not a security measure:
/// the ledger never leaves the device).
fn fnv(text: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

fn print_of<T: Serialize + ?Sized>(value: &T) -> u32 {
    fnv(&super::to_json(value))
}

fn kind_tag(kind: Kind) -> char {
    match kind {
        Kind::Application => 'a',
        Kind::Decisions => 'd',
        Kind::Registration => 'g',
        Kind::Report => 'r',
        Kind::Directory => 'o',
        Kind::Backup => 'b',
        Kind::Recovery => 'v',
    }
}

impl Record<'_> {
    /// The ledger's key for this record in a hand-over of `kind`, and the fingerprint of what the
    /// receiver acts on (a problem's 已上报 / 已解决 marks are not part of it; nor is a member's
    /// membership, which only the branch decides).
    fn key_print(self, kind: Kind) -> (String, u32) {
        let (what, id, print) = match self {
            Record::Request(r) => ('r', r.id.0, print_of(r)),
            Record::Appeal(a) => ('p', a.id.0, print_of(&Appeal { photo: a.photo.as_ref().map(|p| fnv(p).to_string()), ..a.clone() })),
            Record::Problem(p) => ('q', p.id.0, print_of(&Problem { reported: None, resolved: None, ..p.clone() })),
            Record::Member(a) => {
                let m = a.member();
                ('m', a.id.0, print_of(&(m.and_then(|m| m.profile.as_ref()), m.and_then(|m| m.volunteer.as_ref()))))
            }
            Record::Org(o) => ('o', o.id.0, print_of(o)),
            Record::Whole(print) => ('w', 0, print),
        };
        (format!("{}{what}{id}", kind_tag(kind)), print)
    }
}

/// Whether a member's request is theirs to hand over (pending, or withdrawn: the branch must
/// hear of it); a decided one came from the branch.
fn applicant_owns(r: &Request) -> bool {
    matches!(r.state, RequestState::Pending | RequestState::Withdrawn { .. })
}

/// Whether a request's state is a decision the branch must send back.
fn branch_decided(r: &Request) -> bool {
    matches!(r.state, RequestState::Accepted { .. } | RequestState::Returned { .. })
}

/// The records of a member's application that the branch acts on (the member's build tracks no
/// other hand-over, so this is apart from [`tracked`]).
pub fn tracked_application(body: &Body) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    out.extend(body.requests.iter().filter(|r| applicant_owns(r)).map(Record::Request));
    out.extend(body.appeals.iter().filter(|a| a.state == AppealState::Pending).map(Record::Appeal));
    out.extend(body.accounts.iter().filter(|a| a.profile().is_some()).map(Record::Member));
    out
}

/// The records of a hand-over's body that its receiver acts on: what 已发出 is tracked for.
pub fn tracked(kind: Kind, body: &Body) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    match kind {
        Kind::Application => out = tracked_application(body),
        Kind::Decisions => {
            out.extend(body.requests.iter().filter(|r| branch_decided(r)).map(Record::Request));
            out.extend(body.appeals.iter().filter(|a| a.state != AppealState::Pending).map(Record::Appeal));
        }
        // The organisation the file registers (a 团支部, or a 学院/书院团委 or 团总支).
        Kind::Registration => out.extend(body.orgs.iter().filter(|o| body.claims.iter().any(|c| c.org == o.id)).map(Record::Org)),
        Kind::Report => {
            out.extend(body.problems.iter().map(Record::Problem));
            out.push(Record::Whole(whole_print(body)));
        }
        Kind::Directory | Kind::Backup | Kind::Recovery => out.push(Record::Whole(whole_print(body))),
    }
    out
}

impl State {
    /// The hand-over state of a record in a hand-over of `kind`.
    pub fn handed(&self, kind: Kind, record: Record<'_>) -> Handed {
        let (key, print) = record.key_print(kind);
        match self.sent.binary_search_by(|m| m.key.as_str().cmp(&key)) {
            Ok(i) if self.sent[i].print == print => Handed::Sent(self.sent[i].at),
            _ => Handed::Unsent,
        }
    }

    /// The hand-over state of a body: how many of its tracked records are 未发出, and when the
    /// latest of the others left.
    pub fn due_of(&self, kind: Kind, body: &Body, to: String) -> Due {
        self.due_of_records(kind, tracked(kind, body), to)
    }

    fn due_of_records(&self, kind: Kind, records: Vec<Record<'_>>, to: String) -> Due {
        let (mut unsent, mut last) = (0, None);
        for r in records {
            match self.handed(kind, r) {
                Handed::Unsent => unsent += 1,
                Handed::Sent(at) => last = last.max(Some(at)),
            }
        }
        Due { kind, unsent, to, last }
    }

    /// Notes that these records left the phone at `now`, each as it is now.
    pub(crate) fn note_sent(&mut self, kind: Kind, records: Vec<Record<'_>>, now: Millis) {
        for record in records {
            let (key, print) = record.key_print(kind);
            // Kept in the order of the keys, which a lookup relies on.
            match self.sent.binary_search_by(|m| m.key.as_str().cmp(&key)) {
                Ok(i) => (self.sent[i].print, self.sent[i].at) = (print, now),
                Err(i) => self.sent.insert(i, SentMark { key, print, at: now }),
            }
        }
    }

    /// Takes another copy's 已发出 marks (another tab's, a restored backup's): per record, the
    /// later. A join, kept in the order of the keys.
    pub fn join_sent(&mut self, theirs: &[SentMark]) {
        for mark in theirs {
            match self.sent.binary_search_by(|m| m.key.cmp(&mark.key)) {
                Ok(i) if (self.sent[i].at, self.sent[i].print) < (mark.at, mark.print) => self.sent[i] = mark.clone(),
                Ok(_) => {}
                Err(i) => self.sent.insert(i, mark.clone()),
            }
        }
    }

    /// Drops the marks of records this device no longer has (a deleted account's requests).
    pub(crate) fn prune_sent(&mut self) {
        let sent = std::mem::take(&mut self.sent);
        self.sent = sent.into_iter().filter(|m| self.holds(&m.key)).collect();
    }

    /// Whether the record a ledger key names is on this device.
    fn holds(&self, key: &str) -> bool {
        let Some(id) = key.get(2..).and_then(|s| s.parse::<u64>().ok()) else { return false };
        match key.chars().nth(1) {
            Some('r') => self.requests.contains_key(&RequestId(id)),
            Some('p') => self.appeals.contains_key(&AppealId(id)),
            Some('q') => self.problems.contains_key(&ProblemId(id)),
            Some('m') => self.accounts.contains_key(&AccountId(id)),
            Some('o') => self.orgs.contains_key(&OrgId(id)),
            Some('w') => true,
            _ => false,
        }
    }

    /// The member's application as it must reach the branch, and how much of it is 未发出: the
    /// pending requests and appeals and the details. `None` when the member has nothing to send.
    pub fn application_due(&self, member: AccountId) -> Option<Due> {
        let body = self.application_body(member)?;
        if body.requests.is_empty() && body.appeals.is_empty() {
            return None;
        }
        let mut to: Vec<String> = body.requests.iter().filter(|r| applicant_owns(r)).map(|r| self.org_name(r.branch)).collect();
        if to.is_empty() {
            let branch = self.accounts.get(&member).and_then(|a| a.member()).and_then(|m| m.branch);
            to.extend(branch.or(body.requests.first().map(|r| r.branch)).map(|b| self.org_name(b)));
        }
        to.extend(body.appeals.iter().filter(|a| a.state == AppealState::Pending).filter_map(|a| a.branch).map(|b| self.org_name(b)));
        to.dedup();
        Some(self.due_of_records(Kind::Application, tracked_application(&body), to.join("、")))
    }

    /// What a branch must still hand over (the full build's pages): decisions back to the
    /// applicants, its registration to its committee, the problems it recorded to the college.
    pub fn org_dues(&self, actor: Actor) -> Vec<Due> {
        let (org, kinds) = match actor {
            Actor::Branch { org, .. } => (org, &[Kind::Decisions, Kind::Registration, Kind::Report][..]),
            // A committee registered with a code hands its registration to the committee above.
            Actor::Committee { org, .. } => (org, &[Kind::Registration][..]),
            _ => return Vec::new(),
        };
        let above = self.orgs.get(&org).and_then(|o| o.parent).map(|p| self.org_name(p)).unwrap_or_default();
        kinds
            .iter()
            .map(|&kind| (kind, if kind == Kind::Decisions { "申请人".to_string() } else { above.clone() }))
            .filter_map(|(kind, to)| {
                let body = self.sync_file(actor, kind, 0)?.body;
                // A report is due for its problems; the roster and figures go when the college asks.
                let records = if kind == Kind::Report { body.problems.iter().map(Record::Problem).collect() } else { tracked(kind, &body) };
                Some(self.due_of_records(kind, records, to)).filter(|d| d.unsent > 0)
            })
            .collect()
    }
}

/// A hand-over with records still on this phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub kind: Kind,
    /// How many of its records are 未发出.
    pub unsent: usize,
    /// Whom it is for, in words (the branch's name, …).
    pub to: String,
    /// When the latest of its records that did leave the phone left.
    pub last: Option<Millis>,
}

impl Due {
    /// 已发出 at this time when nothing of it is left on the phone; `None` (未发出) otherwise.
    pub fn sent(&self) -> Option<Millis> {
        if self.unsent == 0 {
            self.last
        } else {
            None
        }
    }
}
