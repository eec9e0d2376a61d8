//! The phones the attacker tries ([`receivers`]) and the real hand-overs it starts from ([`real_files`]).

use super::super::import::plan;
use super::super::seal::native::Key;
use super::super::{Sender, SyncFile};
use super::{authored, carry, KINDS};
use crate::core::date::{Millis, DAY_MS};
use crate::core::model::*;

/// Every real hand-over the accounts of `school` can make (one member in five: theirs are alike).
pub fn real_files(school: &State, now: Millis) -> Vec<SyncFile> {
    let mut files = Vec::new();
    let mut actors: Vec<Actor> = school.accounts.keys().map(|a| school.actor_for(Some(*a))).collect();
    actors.push(Actor::Anonymous);
    // Every organisation account, and one member in five (the files of members are alike).
    let mut members = 0;
    for actor in actors {
        if matches!(actor, Actor::Member(_)) {
            members += 1;
            if members % 5 != 0 {
                continue;
            }
        }
        files.extend(KINDS.iter().filter_map(|k| school.sync_file(actor, *k, now)));
    }
    // A college's 恢复资料 for its branch; a stranger's own tree claiming one of a branch's
    // people (see [`receivers`]).
    let branch = first_branch(school);
    let college = school.orgs.values().find(|o| Some(o.id) == branch.parent).and_then(|c| school.org_account(c.id));
    files.extend(college.and_then(|a| school.recovery_file(school.actor_for(Some(a.id)), branch.id, now)));
    files.push(super::super::stranger::report(school, &branch, now));
    files
}

/// The branch whose phone the attacker tries ([`receivers`]).
fn first_branch(school: &State) -> Org {
    school.orgs.values().find(|o| o.kind == OrgKind::Branch).expect("a branch").clone()
}

/// The key an attacker signs with when it vouches for itself.
pub(super) fn attacker_key() -> Key {
    Key::from_seed(0xA77AC)
}

/// The receiving device: the demo school, which has met every sender (it keeps each one's key,
/// [`Key::of`]) and has its own device key.
pub fn receiver(now: Millis) -> State {
    let mut school = crate::core::demo::build(now);
    school.device_key = Some(Key::from_seed(0xDE71CE).public());
    let senders: Vec<Sender> =
        school.accounts.keys().map(|a| Sender::Member(*a)).chain(school.orgs.keys().map(|o| Sender::Org(*o))).collect();
    for from in senders {
        school.meet_key(from, &Key::of(from).public());
    }
    // One member changed phones: their branch upheld the appeal, so the old account is retired.
    let mut members = school.accounts.values().filter_map(|a| a.member().and_then(|m| m.branch).map(|b| (a.id, b)));
    let ((old, branch), (new, _)) = (members.next().expect("a member"), members.next().expect("another member"));
    let by = school.accounts.values().find(|a| a.role == AccountRole::Branch { org: branch }).map_or(old, |a| a.id);
    let state = AppealState::Upheld { at: now - DAY_MS, by };
    let appeal = Appeal {
        id: AppealId(77_000_001),
        account: new,
        old_account: old,
        reason: "换了手机".into(),
        photo: Some("data:image/jpeg;base64,/9j/".into()),
        branch: Some(branch),
        created: now - 2 * DAY_MS,
        state,
        others: Vec::new(),
        settled: None,
    };
    school.appeals.insert(appeal.id, appeal);
    school.accounts.get_mut(&old).expect("the old account").retired = true;
    school
}

/// The receiving phones the attacker tries, each as it would stand on a real school's phone: the
/// demo school that has met every sender ([`receiver`]); the 校团委's own phone, with nobody above
/// it, that has met only the colleges that registered with it; a branch's phone that met its
/// members only through unsigned files; a freshman's phone that opened only an invite (and made an
/// account); one whose invite did not carry the college's key; a new secretary's phone that opened
/// only a code link; the branch's phone once it met a stranger's own tree; a blank phone the college
/// handed the branch to, waiting for its 重置码. Only the first is the demo:
/// the others hold their own accounts, so files claiming them are tried too.
pub fn receivers(now: Millis) -> Vec<State> {
    use crate::core::commands::{BranchInvite, CodeInvite, Command, Ctx};
    let school = receiver(now);
    let real = |keep: &dyn Fn(&Account) -> bool, met: &dyn Fn(&Org) -> bool| {
        let mut s = school.clone();
        s.demo = false;
        s.keys.clear();
        for a in s.accounts.values_mut().filter(|a| !keep(a)) {
            a.password = crate::core::auth::PasswordHash::none();
        }
        for o in school.orgs.values().filter(|o| met(o)) {
            s.meet_key(Sender::Org(o.id), &Key::of(Sender::Org(o.id)).public());
        }
        s
    };
    let top = school.orgs.values().find(|o| o.parent.is_none()).expect("a 校团委").id;
    let branch = first_branch(&school);
    let college = branch.parent.expect("a college");
    let org_of = |a: &Account, org: OrgId| matches!(a.role, AccountRole::Branch { org: o } | AccountRole::Committee { org: o } if o == org);
    let top_phone = real(&|a| org_of(a, top), &|o| o.parent == Some(top));
    let branch_phone = real(&|a| org_of(a, branch.id), &|o| o.id == college);
    let mut rng = crate::core::entropy::SplitMix(7);
    let mut ctx = Ctx { now, rng: &mut rng };
    let blank = || State { device_key: Some(Key::from_seed(0xB1A4C).public()), ..State::default() };
    let mut invited = blank();
    let key = |o: OrgId| Some(Key::of(Sender::Org(o)).public());
    let invite = BranchInvite {
        branch: branch.id,
        name: branch.name.clone(),
        college,
        college_name: school.org_name(college),
        key: key(branch.id),
        college_key: key(college),
        demo: false,
    };
    let password = crate::core::demo::demo_password_hash();
    // An invite made before its branch met the college: the college's key is not in it.
    let mut bare = blank();
    bare.apply(Actor::Anonymous, Command::LearnBranch(BranchInvite { college_key: None, ..invite.clone() }), &mut ctx).expect("the invite");
    invited.apply(Actor::Anonymous, Command::LearnBranch(invite), &mut ctx).expect("the invite");
    invited
        .apply(Actor::Anonymous, Command::CreateMemberAccount { phone: "13912345670".into(), member: true, password }, &mut ctx)
        .expect("an account");
    let mut coded = blank();
    let code = CodeInvite {
        code: "ABCD2345EFGH6789".into(),
        issuer: college,
        issuer_name: school.org_name(college),
        expires: now + 10 * DAY_MS,
        key: key(college),
        kind: OrgKind::Branch,
        demo: false,
    };
    coded.apply(Actor::Anonymous, Command::LearnCode(code), &mut ctx).expect("the code link");
    let stranger_met = super::super::stranger::met(&branch_phone, &branch, now);
    // A blank phone the college handed the branch to (its 恢复资料), its 重置码 not typed yet.
    let by = school.org_account(college).map(|a| school.actor_for(Some(a.id))).expect("the college's account");
    let (mut recovery, author) = authored(&school.recovery_file(by, branch.id, now).expect("the 恢复资料"));
    recovery.body.demo = false;
    let recovery = carry(&recovery, author, now).expect("the 恢复资料 read");
    let handed = plan(&blank(), &recovery).expect("the 恢复资料 taken").merged;
    assert!(handed.reset.is_some(), "the phone waits for the 重置码");
    vec![school, top_phone, branch_phone, stranger_met, invited, bare, coded, handed]
}
