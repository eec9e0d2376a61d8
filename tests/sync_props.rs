//! Property tests of the sync file.
//!
//! - Convergence: 1,000 random histories over 5 devices (three members' phones, a secretary's, a
//!   college committee's). Members apply and withdraw, the secretary and the committee decide
//!   (sometimes the same request differently), and devices exchange sync files, through the text a
//!   person would copy, in random orders and repeats. When every device has finally heard from every
//!   other, all hold the same state, every request ever made is present, and every request decided
//!   differently on two devices is an open conflict, not a lost decision.
//! - The join is commutative, associative and idempotent on the states those histories produce.
//! - The importer never panics on random bytes or randomly mutated valid files, and a refused
//!   file leaves the state exactly as it was.

use proptest::prelude::*;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::entropy::SplitMix;
use tuan::core::profile::ProfileDraft;
use tuan::core::sync::import::plan;
use tuan::core::sync::{decode, Kind};
use tuan::core::*;

const NOW: i64 = DEMO_EPOCH;
const DEVICES: usize = 5;
const SECRETARY: usize = 3;
const COMMITTEE: usize = 4;

#[derive(Clone, Debug)]
enum Step {
    /// A member on phone `dev` (0..3) signs up and applies to branch `branch` (0..2).
    Apply { dev: usize, branch: usize },
    /// A member withdraws a pending request (`pick` chooses which).
    Withdraw { dev: usize, pick: usize },
    /// The secretary (branch account) or the committee accepts or returns a pending request.
    Decide { dev: usize, pick: usize, accept: bool },
    /// Device `from` sends a file of its `kind_pick`-th kind to device `to`.
    Send { from: usize, to: usize, kind_pick: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => (0..3usize, 0..2usize).prop_map(|(dev, branch)| Step::Apply { dev, branch }),
        1 => (0..3usize, any::<usize>()).prop_map(|(dev, pick)| Step::Withdraw { dev, pick }),
        2 => (SECRETARY..DEVICES, any::<usize>(), any::<bool>()).prop_map(|(dev, pick, accept)| Step::Decide { dev, pick, accept }),
        5 => (0..DEVICES, 0..DEVICES, any::<usize>()).prop_map(|(from, to, kind_pick)| Step::Send { from, to, kind_pick }),
    ]
}

/// The shared start: the demo school's organisations and their accounts, no members yet.
fn base() -> State {
    let mut s = demo::build(NOW);
    s.accounts.retain(|_, a| a.member().is_none());
    s.requests.clear();
    s.appeals.clear();
    s.problems.clear();
    s.demo = false;
    // Every device of one organisation shares its identity here (its files signed by the
    // organisation's key, as if it were one phone): none holds the organisation's account as its
    // own, which would make it refuse the others' files as someone claiming to be it.
    for a in s.accounts.values_mut() {
        a.password = tuan::core::auth::PasswordHash::none();
    }
    s
}

struct World {
    devices: Vec<State>,
    /// Who acts on each device when it writes a file or decides.
    branches: [OrgId; 2],
    committee: OrgId,
    /// Members created on each phone.
    members: Vec<Vec<AccountId>>,
    seq: u64,
    all_requests: Vec<RequestId>,
}

impl World {
    fn new() -> World {
        // The five devices begin as copies of one device's data, with its key, so the
        // full backups of `gossip` (signed by that key) are taken whole, as on the device they
        // were made on: what is tested is the join. (A backup from another device is judged like
        // its sender's files: `core/sync/tests.rs`.)
        let mut b = base();
        b.device_key = Some(tuan::core::sync::seal::native::Key::of(tuan::core::sync::Sender::Device).public());
        let branch = |name: &str| b.orgs.values().find(|o| o.name == name).unwrap().id;
        let branches = [branch("2025级会计学1班团支部"), branch("2025级工商管理1班团支部")];
        let committee = b.orgs.values().find(|o| o.name == "经济与管理学院团委").unwrap().id;
        World { devices: vec![b; DEVICES], branches, committee, members: vec![Vec::new(); DEVICES], seq: 0, all_requests: Vec::new() }
    }

    fn run(&mut self, dev: usize, actor: Actor, cmd: Command) -> Result<Outcome, Refusal> {
        self.seq += 1;
        let mut rng = SplitMix(self.seq * 7919 + dev as u64);
        self.devices[dev].apply(actor, cmd, &mut Ctx { now: NOW + self.seq as i64 * 1000, rng: &mut rng })
    }

    fn org_actor(&self, dev: usize, org: OrgId) -> Actor {
        let s = &self.devices[dev];
        let account = s
            .accounts
            .values()
            .find(|a| matches!(a.role, AccountRole::Branch { org: o } | AccountRole::Committee { org: o } if o == org))
            .unwrap()
            .id;
        s.actor_for(Some(account))
    }

    /// Who acts on a device: the secretary for the branch of `pick`, the committee, or a member.
    fn actor(&self, dev: usize, pick: usize) -> Option<Actor> {
        match dev {
            SECRETARY => Some(self.org_actor(dev, self.branches[pick % 2])),
            COMMITTEE => Some(self.org_actor(dev, self.committee)),
            _ => self.members[dev].get(pick % self.members[dev].len().max(1)).map(|m| Actor::Member(*m)),
        }
    }

    fn apply_step(&mut self, step: &Step) {
        match *step {
            Step::Apply { dev, branch } => {
                let n = self.seq + 1;
                let phone = format!("139{:08}", n * 10 + dev as u64);
                let Ok(Outcome::Account(me)) = self.run(
                    dev,
                    Actor::Anonymous,
                    Command::CreateMemberAccount { phone, member: true, password: demo::demo_password_hash() },
                ) else {
                    panic!("sign up")
                };
                let first17 = format!("11010820070301{:03}", n % 1000);
                let draft = ProfileDraft {
                    name: "周新生".into(),
                    id_number: format!("{first17}{}", rules::id_check_char(first17.as_bytes())),
                    political_status: "共青团员".into(),
                    ethnicity: "汉族".into(),
                    education: "本科在读".into(),
                    join_month: "2021-05".into(),
                    member_number: format!("2021{:08}", n),
                    is_student: true,
                    student_no: format!("112{:07}", n),
                    wants_volunteer: false,
                };
                self.run(dev, Actor::Member(me), Command::AcceptPrivacy { version: tuan::core::commands::CONSENT_VERSION })
                    .expect("consent");
                self.run(dev, Actor::Member(me), Command::SaveProfile(draft)).expect("profile");
                let Ok(Outcome::Request(r)) =
                    self.run(dev, Actor::Member(me), Command::Apply { branch: self.branches[branch], transfer_from: None })
                else {
                    panic!("apply")
                };
                self.members[dev].push(me);
                self.all_requests.push(r);
            }
            Step::Withdraw { dev, pick } => {
                let mine: Vec<RequestId> = self.devices[dev]
                    .requests
                    .values()
                    .filter(|r| r.state.is_pending() && self.members[dev].contains(&r.applicant))
                    .map(|r| r.id)
                    .collect();
                if let Some(r) = mine.get(pick % mine.len().max(1)) {
                    let applicant = self.devices[dev].requests[r].applicant;
                    self.run(dev, Actor::Member(applicant), Command::Withdraw { request: *r, reason: "不想加入了".into() })
                        .expect("withdraw");
                }
            }
            Step::Decide { dev, pick, accept } => {
                let pending: Vec<(RequestId, OrgId)> =
                    self.devices[dev].requests.values().filter(|r| r.state.is_pending()).map(|r| (r.id, r.branch)).collect();
                if let Some((r, branch)) = pending.get(pick % pending.len().max(1)).copied() {
                    let actor = if dev == SECRETARY { self.org_actor(dev, branch) } else { self.org_actor(dev, self.committee) };
                    let cmd = if accept {
                        Command::Accept { requests: vec![r] }
                    } else {
                        Command::Return { request: r, reason: "信息有误".into() }
                    };
                    self.run(dev, actor, cmd).expect("decide");
                }
            }
            Step::Send { from, to, kind_pick } => {
                let Some(actor) = self.actor(from, kind_pick) else { return };
                let kinds = tuan::core::sync::select::kinds_for(actor);
                let kind = kinds[kind_pick % kinds.len()];
                self.send(from, to, actor, kind);
            }
        }
    }

    fn send(&mut self, from: usize, to: usize, actor: Actor, kind: Kind) {
        // A phone hands nothing to itself.
        if from == to {
            return;
        }
        let Some(file) = self.devices[from].sync_file(actor, kind, NOW) else { return };
        // Signed with the sender's key (every device of one organisation shares it here, as if
        // it were one phone, so histories can interleave).
        let text = tuan::core::sync::seal::native::signed(&file);
        let read = decode(&text, NOW + 86_400_000).unwrap_or_else(|e| panic!("{kind:?} from {from} unreadable: {e}"));
        match plan(&self.devices[to], &read) {
            Ok(p) => self.devices[to] = p.merged,
            Err(
                tuan::core::sync::SyncError::NothingNew
                | tuan::core::sync::SyncError::NoResultHere
                | tuan::core::sync::SyncError::NothingAccepted { .. },
            ) => {}
            Err(e) => panic!("{kind:?} from {from} to {to}: {e}"),
        }
    }

    /// Everyone sends a full backup to everyone, twice over.
    fn gossip(&mut self) {
        for _ in 0..2 {
            for from in 0..DEVICES {
                for to in 0..DEVICES {
                    if from != to {
                        self.send(from, to, Actor::Anonymous, Kind::Backup);
                    }
                }
            }
        }
    }
}

/// The state without what never travels (passwords, reset codes, the demo flag, the keys met).
fn shared(s: &State) -> State {
    let mut s = s.clone();
    for a in s.accounts.values_mut() {
        a.password = tuan::core::auth::PasswordHash::none();
    }
    s.reset_codes.clear();
    s.demo = false;
    s.keys = Default::default();
    s
}

fn joined(a: &State, b: &State) -> State {
    let mut x = a.clone();
    x.join(b);
    shared(&x)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn five_devices_converge_whatever_the_order(steps in prop::collection::vec(step(), 1..40)) {
        let mut w = World::new();
        for s in &steps {
            w.apply_step(s);
        }
        // The algebra of the join, on the states this history left on the devices.
        let (a, b, c) = (&w.devices[0], &w.devices[SECRETARY], &w.devices[COMMITTEE]);
        prop_assert_eq!(joined(a, b), joined(b, a), "commutative");
        prop_assert_eq!(joined(&joined(a, b), c), joined(a, &joined(b, c)), "associative");
        prop_assert_eq!(joined(a, a), shared(a), "idempotent");
        // Decisions made anywhere, per request, before everyone hears of them.
        let mut decided: std::collections::BTreeMap<RequestId, std::collections::BTreeSet<&'static str>> = Default::default();
        for d in &w.devices {
            for r in d.requests.values() {
                if !r.state.is_pending() {
                    decided.entry(r.id).or_default().insert(r.state.label());
                }
            }
        }
        w.gossip();
        let first = shared(&w.devices[0]);
        for d in &w.devices[1..] {
            prop_assert_eq!(&shared(d), &first, "all devices hold the same state");
        }
        for r in &w.all_requests {
            prop_assert!(first.requests.contains_key(r), "request {} lost", r);
        }
        for (id, labels) in decided {
            let r = &first.requests[&id];
            let held: std::collections::BTreeSet<&str> = std::iter::once(&r.state).chain(&r.others).map(RequestState::label).collect();
            for l in labels {
                prop_assert!(held.contains(l), "decision {} on {} dropped", l, id);
            }
        }
    }

    #[test]
    fn the_importer_refuses_garbage_without_a_trace(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let s = base();
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(f) = decode(&text, NOW) {
            let _ = plan(&s, &f);
        }
    }

    #[test]
    fn mutated_files_are_refused_or_imported_whole(at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<bool>()) {
        let mut w = World::new();
        w.apply_step(&Step::Apply { dev: 0, branch: 0 });
        let application = w.devices[0].sync_file(Actor::Member(w.members[0][0]), Kind::Application, NOW).unwrap();
        let file = tuan::core::sync::seal::native::signed(&application);
        let mut bytes = file.into_bytes();
        let i = at.index(bytes.len());
        if cut { bytes.truncate(i) } else { bytes[i] = byte }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let before = w.devices[SECRETARY].clone();
        if let Ok(f) = decode(&text, NOW + 1) {
            // Only a change outside the digested body (the sender's name, the counts) can pass.
            if let Ok(p) = plan(&before, &f) {
                prop_assert!(p.merged.requests.len() == before.requests.len() + 1);
            }
        }
        prop_assert_eq!(&w.devices[SECRETARY], &before);
    }
}
