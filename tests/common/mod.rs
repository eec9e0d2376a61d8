//! The command tests' world: the demo school, a clock and randomness, and helpers to run a command and check its outcome.
#![allow(dead_code)]

use tuan::core::auth::PasswordHash;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::entropy::SplitMix;
use tuan::core::profile::ProfileDraft;
use tuan::core::*;

pub const NOW: i64 = DEMO_EPOCH;

pub struct World {
    pub s: State,
    pub rng: SplitMix,
    pub now: i64,
}

impl World {
    pub fn new() -> World {
        World { s: demo::build(NOW), rng: SplitMix(77), now: NOW }
    }
    pub fn run(&mut self, actor: Actor, cmd: Command) -> Result<Outcome, Refusal> {
        let mut ctx = Ctx { now: self.now, rng: &mut self.rng };
        self.s.apply(actor, cmd, &mut ctx)
    }
    pub fn ok(&mut self, actor: Actor, cmd: Command) -> Outcome {
        let c = format!("{cmd:?}");
        self.run(actor, cmd).unwrap_or_else(|e| panic!("{c} refused: {e}"))
    }
    /// Runs a command that must be refused with `want`, and checks nothing changed.
    pub fn refused(&mut self, actor: Actor, cmd: Command, want: CoreError) {
        let before = self.s.clone();
        let c = format!("{cmd:?}");
        match self.run(actor, cmd) {
            Err(Refusal::One(e)) => assert_eq!(e, want, "{c} as {actor:?}"),
            // A form's refusal lists every field's problem: `want` must be among them.
            Err(Refusal::Fields(list)) => {
                assert!(list.iter().any(|f| f.error == want), "{c} as {actor:?}: expected {want:?} among {list:?}")
            }
            other => panic!("{c} as {actor:?}: expected {want:?}, got {other:?}"),
        }
        assert_eq!(self.s, before, "state changed by a refused command");
    }
    pub fn branch(&self, number: &str) -> Actor {
        self.s.actor_for(self.s.account_by_login(&format!("TZB{number}")).map(|a| a.id))
    }
    pub fn login(&self, login: &str) -> Actor {
        self.s.actor_for(self.s.account_by_login(login).map(|a| a.id))
    }
    pub fn org(&self, name: &str) -> OrgId {
        self.s.orgs.values().find(|o| o.name == name).map(|o| o.id).expect(name)
    }
    /// An accepted member of a branch.
    pub fn member_of(&self, branch: OrgId) -> AccountId {
        self.s.members_of(branch).next().map(|a| a.id).expect("a member")
    }
    pub fn pending_in(&self, branch: OrgId) -> Vec<RequestId> {
        self.s.requests.values().filter(|r| r.branch == branch && r.state.is_pending()).map(|r| r.id).collect()
    }
}

pub fn pw() -> PasswordHash {
    demo::demo_password_hash()
}

pub fn id_with_check(first17: &str) -> String {
    format!("{first17}{}", tuan::core::rules::id_check_char(first17.as_bytes()))
}

pub fn draft(name: &str, id: &str) -> ProfileDraft {
    ProfileDraft {
        name: name.into(),
        id_number: id.into(),
        political_status: "共青团员".into(),
        ethnicity: "汉族".into(),
        education: "本科在读".into(),
        join_month: "2021-05".into(),
        member_number: "202100099999".into(),
        is_student: true,
        student_no: "1120250999".into(),
        wants_volunteer: true,
    }
}

/// A new member: account, consent, profile. Returns the actor.
pub fn new_member(w: &mut World, phone: &str, id: &str, number: &str) -> Actor {
    let Outcome::Account(acct) = w.ok(Actor::Anonymous, Command::CreateMemberAccount { phone: phone.into(), member: true, password: pw() })
    else {
        panic!()
    };
    let me = Actor::Member(acct);
    w.ok(me, Command::AcceptPrivacy { version: commands::CONSENT_VERSION });
    let mut d = draft("新同学", id);
    d.member_number = number.into();
    w.ok(me, Command::SaveProfile(d));
    me
}
