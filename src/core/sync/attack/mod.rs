//! A file's attacker, for the property test (`tests/attacker_props.rs`) and the fuzz target
//! (`fuzz/fuzz_targets/import.rs`): real hand-overs changed at the level of records ([`Change`])
//! and signed by whoever really made them ([`carry`]), and the invariants an import must keep
//! whatever the file ([`check`], in `oracle.rs`), tried on the phones of `phones.rs`. Native only:
//! never in the app's wasm.

use super::seal::native::Key;
use super::seal::Vouch;
use super::{Kind, Sender, SyncFile};
use crate::core::date::{Millis, DAY_MS};
use crate::core::model::*;

mod oracle;
mod phones;
pub use oracle::check;
use phones::attacker_key;
pub use phones::{real_files, receiver, receivers};

/// Every kind of file, in the order [`Change::Kind`] picks from.
pub const KINDS: [Kind; 7] =
    [Kind::Application, Kind::Decisions, Kind::Registration, Kind::Report, Kind::Directory, Kind::Backup, Kind::Recovery];

/// One change an attacker makes to a real file; the numbers pick among the receiver's records.
#[derive(Clone, Debug)]
pub enum Change {
    /// Claims another sender: a member's or an account's ID, an organisation, the device.
    Sender(u8, usize),
    Kind(usize),
    /// Gives the `at`-th account of the file the ID of the `to`-th account on the receiver.
    AccountId {
        at: usize,
        to: usize,
    },
    /// Turns the `at`-th account into a branch's or committee's account of an organisation, or back.
    Role {
        at: usize,
        org: usize,
        member: bool,
    },
    /// Gives the `at`-th account another login: a new phone number, the login of the receiver's
    /// `to`-th account, or none (a membership "sent back") with the person renamed, dated late.
    Login {
        at: usize,
        to: usize,
    },
    /// Moves the `at`-th member into an organisation, with a late stamp.
    Membership {
        at: usize,
        org: usize,
    },
    /// Decides the `at`-th request (or one of the receiver's, by ID) as some account.
    Decide {
        at: usize,
        theirs: Option<usize>,
        by: usize,
        accept: bool,
    },
    /// Moves the `at`-th request to another organisation, or (`kind`) makes it a 毕业生转出 asked again.
    RequestBranch {
        at: usize,
        org: usize,
        kind: bool,
    },
    /// Gives the `at`-th organisation another parent and a late stamp.
    OrgParent {
        at: usize,
        parent: usize,
    },
    /// Repeats every account and request `n` times (an organisation twice is refused as it is read:
    /// `validate`).
    Repeat(usize),
    /// Sends it unsigned.
    Unsigned,
    /// Vouches for the attacker's own key as an organisation's.
    Vouch {
        org: usize,
    },
    /// Dates the `at`-th account's membership and profile, and the `at`-th organisation, far
    /// beyond the receiver's clock.
    FarStamp {
        at: usize,
    },
    /// Settles the `at`-th request's and appeal's conflict in favour of the file's version.
    Settle {
        at: usize,
        by: usize,
    },
    /// Marks the `at`-th account as retired (停用).
    Retire {
        at: usize,
    },
    /// Adds a new organisation (a branch with an account) under the `parent`-th organisation.
    NewOrg {
        parent: usize,
    },
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

impl Change {
    /// Changes read from fuzzer bytes: 17 bytes each (a tag, then two numbers).
    pub fn from_bytes(bytes: &[u8]) -> Vec<Change> {
        bytes
            .chunks_exact(17)
            .map(|c| {
                let n = |i: usize| u64::from_le_bytes(c[i..i + 8].try_into().unwrap()) as usize;
                let (a, b, flag) = (n(1), n(9), c[0] & 0x80 != 0);
                match c[0] % 16 {
                    0 => Change::Sender((a % 4) as u8, b),
                    1 => Change::Kind(a),
                    2 => Change::AccountId { at: a, to: b },
                    3 => Change::Role { at: a, org: b, member: flag },
                    4 => Change::Login { at: a, to: b },
                    5 => Change::Membership { at: a, org: b },
                    6 => Change::Decide { at: a, theirs: flag.then_some(b), by: b / 7, accept: a % 2 == 0 },
                    7 => Change::RequestBranch { at: a, org: b, kind: flag },
                    8 => Change::OrgParent { at: a, parent: b },
                    9 => Change::Unsigned,
                    10 => Change::Vouch { org: a },
                    11 => Change::FarStamp { at: a },
                    12 => Change::Settle { at: a, by: b },
                    13 => Change::Retire { at: a },
                    14 => Change::NewOrg { parent: b },
                    _ => Change::Repeat(1 + a % 3),
                }
            })
            .collect()
    }

    /// Makes this change to `file`, picking among `receiver`'s records; `now` for the late stamps.
    pub fn apply(&self, file: &mut SyncFile, receiver: &State, now: Millis) {
        apply(file, self, receiver, now)
    }
}

fn apply(file: &mut SyncFile, change: &Change, receiver: &State, now: Millis) {
    // The receiver's records (an ID of the attacker's own where it has none).
    let mut accounts: Vec<AccountId> = receiver.accounts.keys().copied().collect();
    let mut orgs: Vec<OrgId> = receiver.orgs.keys().copied().collect();
    accounts.extend(accounts.is_empty().then_some(AccountId(90_000_000)));
    orgs.extend(orgs.is_empty().then_some(OrgId(90_000_000)));
    let requests: Vec<RequestId> = receiver.requests.keys().copied().collect();
    let b = &mut file.body;
    // Late enough to win every merge, and within the day of clock difference a receiver allows
    // (files are read a day after `now`).
    let late = now + 2 * DAY_MS - 1;
    let far = now + 400 * DAY_MS;
    match *change {
        Change::Sender(k, i) => {
            file.from = match k {
                0 | 1 => Sender::Member(pick(&accounts, i).unwrap()),
                2 => Sender::Org(pick(&orgs, i).unwrap()),
                _ => Sender::Device,
            }
        }
        Change::Kind(i) => file.kind = KINDS[i % KINDS.len()],
        Change::AccountId { at, to } => {
            let n = b.accounts.len();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                a.id = pick(&accounts, to).unwrap();
            }
        }
        Change::Role { at, org, member } => {
            let n = b.accounts.len();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                let org = pick(&orgs, org).unwrap();
                a.role = match (member, receiver.accounts.values().find(|x| x.member().is_some())) {
                    (true, Some(m)) => m.role.clone(),
                    _ if receiver.orgs.get(&org).is_none_or(|o| o.kind == OrgKind::Branch) => AccountRole::Branch { org },
                    _ => AccountRole::Committee { org },
                };
            }
        }
        Change::Login { at, to } => {
            let n = b.accounts.len();
            let held: Vec<String> = receiver.accounts.values().map(|a| a.login.clone()).collect();
            if let Some(a) = (n > 0).then(|| &mut b.accounts[at % n]) {
                match to % 3 {
                    0 => a.login = "13999990000".into(),
                    1 => a.login = pick(&held, to / 3).unwrap_or_default(),
                    _ => {
                        a.login.clear();
                        if let AccountRole::Member(m) = &mut a.role {
                            if let Some(p) = m.profile.as_mut() {
                                p.name = PersonName::parse("冒名").expect("a name");
                                m.profile_at = late;
                            }
                        }
                    }
                }
            }
        }
        Change::Membership { at, org } => {
            let n = b.accounts.len();
            if let Some(AccountRole::Member(m)) = (n > 0).then(|| &mut b.accounts[at % n].role) {
                (m.branch, m.accepted_at, m.membership_at) = (pick(&orgs, org), Some(late), late);
            }
        }
        Change::Decide { at, theirs, by, accept } => {
            let by = pick(&accounts, by).unwrap();
            let state = if accept {
                RequestState::Accepted { at: late, by }
            } else {
                RequestState::Returned { at: late, by, reason: "退回".into() }
            };
            match theirs {
                Some(i) => {
                    if let Some(id) = pick(&requests, i) {
                        let mut r = receiver.requests[&id].clone();
                        r.state = state;
                        b.requests.push(r);
                    }
                }
                None => {
                    let n = b.requests.len();
                    if n > 0 {
                        b.requests[at % n].state = state;
                    }
                }
            }
        }
        Change::RequestBranch { at, org, kind } => {
            let n = b.requests.len();
            if n > 0 && kind {
                let r = &mut b.requests[at % n];
                (r.kind, r.state) =
                    (RequestKind::TransferOut { destination: Destination::FurtherStudy, target: "外校".into() }, RequestState::Pending);
            } else if n > 0 {
                b.requests[at % n].branch = pick(&orgs, org).unwrap();
            }
        }
        Change::OrgParent { at, parent } => {
            let n = b.orgs.len();
            if n > 0 {
                let o = &mut b.orgs[at % n];
                (o.parent, o.updated) = (pick(&orgs, parent), late);
            }
        }
        Change::FarStamp { at } => {
            let n = b.accounts.len();
            if let Some(AccountRole::Member(m)) = (n > 0).then(|| &mut b.accounts[at % n].role) {
                (m.membership_at, m.profile_at) = (far, far);
            }
            let n = b.orgs.len();
            if n > 0 {
                b.orgs[at % n].updated = far;
            }
        }
        Change::Settle { at, by } => {
            let settled = Some(Settled { at: late, by: pick(&accounts, by).unwrap(), keep: String::new(), seen: Vec::new() });
            let n = b.requests.len();
            if n > 0 {
                let r = &mut b.requests[at % n];
                r.settled = settled.clone().map(|s| Settled { keep: crate::core::to_json(&r.state), ..s });
            }
            let n = b.appeals.len();
            if n > 0 {
                let a = &mut b.appeals[at % n];
                a.settled = settled.map(|s| Settled { keep: crate::core::to_json(&a.state), ..s });
            }
        }
        Change::Retire { at } => {
            // Even: the at-th account retired. Odd: a retired one back, with a late stamp and
            // (every other time) the appeal that retired it decided 申诉失败, as its branch would.
            if at % 2 == 1 {
                // The receiver's retired account and the appeal that retired it, if the file lacks them.
                let missing: Vec<Account> =
                    receiver.accounts.values().filter(|a| a.retired && !b.accounts.iter().any(|x| x.id == a.id)).cloned().collect();
                for a in missing {
                    b.appeals.extend(receiver.appeals.values().filter(|ap| ap.old_account == a.id).cloned());
                    b.accounts.push(a);
                }
            }
            let n = b.accounts.len();
            let i = if at % 2 == 0 { (n > 0).then(|| at % n) } else { b.accounts.iter().position(|a| a.retired) };
            if let Some(a) = i.map(|i| &mut b.accounts[i]) {
                a.retired = at % 2 == 0;
                let id = a.id;
                let back = !a.retired;
                if let (Some(m), true) = (a.member_mut(), back) {
                    m.membership_at = late;
                }
                if at % 4 == 3 {
                    let by = pick(&accounts, at).unwrap();
                    for ap in b.appeals.iter_mut().filter(|ap| ap.old_account == id) {
                        // Settled, 申诉失败 kept (as the branch's 以此为准 does).
                        ap.others = vec![ap.state.clone()];
                        ap.state = AppealState::Rejected { at: late, by, reason: "不是同一人".into() };
                        let seen = vec!["rejected".into(), "upheld".into()];
                        ap.settled = Some(Settled { at: late, by, keep: "rejected".into(), seen });
                    }
                }
            }
        }
        Change::NewOrg { parent } => {
            let (org, account) = (OrgId(90_000_000 + b.orgs.len() as u64), AccountId(90_000_000 + b.accounts.len() as u64));
            let mut branch = receiver.orgs.values().find(|o| o.kind == OrgKind::Branch).cloned().unwrap_or(Org {
                id: org,
                name: "攻击者团支部".into(),
                kind: OrgKind::Branch,
                parent: None,
                branch: Some(BranchInfo::sketch()),
                created: now,
                updated: now,
            });
            (branch.id, branch.parent, branch.name) = (org, pick(&orgs, parent), "攻击者团支部".into());
            b.orgs.push(branch);
            b.accounts.push(Account {
                id: account,
                login: "GJZ".into(),
                role: AccountRole::Branch { org },
                password: crate::core::auth::PasswordHash::none(),
                created: now,
                retired: false,
            });
        }
        Change::Unsigned => file.signed = None,
        Change::Vouch { org } => b.keys.push(Vouch { org: pick(&orgs, org).unwrap(), key: attacker_key().public() }),
        Change::Repeat(k) => {
            let (accounts, requests) = (b.accounts.clone(), b.requests.clone());
            for _ in 0..k {
                b.accounts.extend(accounts.iter().cloned());
                b.requests.extend(requests.iter().cloned());
            }
        }
    }
}

/// A real file, signed by whoever made it (`author`) before an attacker changes it: the signature
/// then stays the author's key whatever sender the file comes to claim.
pub fn authored(file: &SyncFile) -> (SyncFile, Sender) {
    let mut file = file.clone();
    file.signed = Some(Key::of(file.from).public());
    let author = file.from;
    (file, author)
}

/// The changed file as the receiver reads it: written through the encoder (so its digest is
/// right) and signed with the author's key, or unsigned ([`Change::Unsigned`]).
pub fn carry(file: &SyncFile, author: Sender, now: Millis) -> Option<SyncFile> {
    let text = match file.signed {
        Some(_) => Key::of(author).sign(file),
        None => file.encode(),
    };
    super::decode(&text, now).ok()
}

/// One run of the fuzz target on `data` (and of the regression test on every case kept): a real
/// file of the demo school, picked by the first byte and changed by the rest ([`Change::from_bytes`]),
/// carried through the encoder to every receiver of [`receivers`]; and `data` itself read as a file.
/// Panics on a broken invariant.
pub fn fuzz_one(data: &[u8]) {
    use crate::core::demo::DEMO_EPOCH;
    thread_local! {
        static WORLD: (Vec<State>, Vec<SyncFile>) = {
            let all = receivers(DEMO_EPOCH);
            let files = real_files(&all[0], DEMO_EPOCH);
            (all, files)
        };
    }
    WORLD.with(|(receivers, files)| {
        let later = DEMO_EPOCH + DAY_MS;
        for (i, receiver) in receivers.iter().enumerate() {
            if let Some((&which, rest)) = data.split_first() {
                let (mut file, author) = authored(&files[which as usize % files.len()]);
                file.body.demo = receiver.demo;
                for c in Change::from_bytes(rest) {
                    c.apply(&mut file, receiver, DEMO_EPOCH);
                }
                if let Some(read) = carry(&file, author, later) {
                    if let Err(broken) = check(receiver, &read, later) {
                        panic!("receiver {i}: {broken}");
                    }
                }
            }
            if let Ok(read) = super::decode(&String::from_utf8_lossy(data), later) {
                if let Err(broken) = check(receiver, &read, later) {
                    panic!("receiver {i}, as read: {broken}");
                }
            }
        }
    });
}
