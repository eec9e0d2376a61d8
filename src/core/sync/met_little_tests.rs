//! Hand-made files and links against receivers that have met little (a freshman's phone that
//! opened an invite, a committee's new phone that opened a code link), and what a phone passes on
//! of what it only heard from a link.

use super::first_day_tests::{found, registered, Phone, NOW};
use super::import::plan;
use super::seal::native::Key;
use super::trust_tests::school;
use super::*;
use crate::core::commands::{Actor, BranchInvite, Command};
use crate::core::date::DAY_MS;
use crate::core::sync::SyncError;

const LATER: Millis = NOW + DAY_MS;

/// `State::sender_name`: "A file's sender by the name this phone knows it by (an organisation or
/// account it holds), so that a file cannot pass itself off under another's name".
///
/// A freshman's phone that opened the branch's invite (no account yet) receives a 审核结果 signed
/// with the branch's real key (a dishonest secretary, or anyone who forwards a hand-made one from
/// that phone) whose envelope calls its sender "示范大学团委（官方通知）". The refusal
/// (`DecisionsWithoutAccount`) tells the freshman to register again and apply from the branch's
/// invite, naming the sender as the phone knows the branch, not as the file calls itself.
#[test]
fn decisions_on_a_phone_without_an_account_name_the_sender_as_the_phone_knows_it() {
    let s = school();
    let (_, _, branch_id) = s.ids;
    let mut phone = Phone::blank(21);
    phone.run(Actor::Anonymous, Command::LearnBranch(s.branch.s.invite_for(branch_id).unwrap()));
    let file = SyncFile {
        kind: Kind::Decisions,
        from: Sender::Org(branch_id),
        from_name: "示范大学团委（官方通知）".into(),
        app: String::new(),
        written: NOW,
        body: Body::default(),
        signed: None,
    };
    let read = decode(&s.branch.key.sign(&file), LATER).unwrap();
    let refused = plan(&phone.s, &read).unwrap_err();
    assert_eq!(refused, SyncError::DecisionsWithoutAccount { from: phone.s.org_name(branch_id) }, "{refused}");
}

/// README, trust model: "a new organisation is taken only with a registration proof, or from an
/// organisation over the place where it joins this phone's tree", and "a committee's directory
/// vouches only for the organisations right under it (which register with it, and whose new keys
/// it alone confirms)".
///
/// A college's secretary registers on a new phone from the 校团委's code link (the phone has met
/// only the 校团委). Someone posts an "invite" in the secretaries' group whose `cid` is that very
/// college and whose `k` is the attacker's key; the secretary taps it. Whether the link is refused
/// or taken, the college's next 组织目录 neither lists that branch nor vouches for the attacker's
/// key.
#[test]
fn an_invite_naming_this_phone_s_own_committee_plants_no_branch_its_directory_vouches_for() {
    let (college, fake, refused) = college_tapping_an_invite_under_itself(22);
    assert_eq!(refused, Some(crate::core::error::CoreError::InviteUnderOwnCommittee.into()));
    let dir = college.s.sync_file(college.actor("JSJTW"), Kind::Directory, LATER).unwrap();
    passes_on_nothing_of(&dir, fake);
}

/// README, trust model: "a decision's record of a person carries only that move, never their
/// personal details (nor, on the phone where that person logs in, does any organisation's file:
/// their own files alone change their record)".
///
/// The freshman's own branch (its real key: a dishonest secretary) sends a 审核结果 whose record
/// of the freshman carries, beside the acceptance, a later `created` time for the account. The
/// freshman's phone takes the acceptance and leaves the account's creation time unchanged (that
/// time decides which of two accounts with one ID number is the older one, for 同一人 and 重复提醒).
#[test]
fn a_branch_s_decisions_change_nothing_but_the_move_of_the_account_that_logs_in_here() {
    let mut s = school();
    let (_, _, branch_id) = s.ids;
    let sec = s.branch.actor("TZB26070101");
    let pending = s.branch.s.requests.values().map(|r| r.id).collect();
    s.branch.run(sec, Command::Accept { requests: pending });
    let mut file = s.branch.s.sync_file(sec, Kind::Decisions, NOW).unwrap();
    let before = s.member.s.accounts[&s.me].created;
    for a in file.body.accounts.iter_mut().filter(|a| a.id == s.me) {
        a.created = NOW + DAY_MS / 2;
    }
    let read = decode(&s.branch.key.sign(&file), LATER).unwrap();
    let p = plan(&s.member.s, &read).unwrap();
    assert_eq!(p.merged.accounts[&s.me].member().unwrap().branch, Some(branch_id), "the move is taken");
    assert_eq!(p.merged.accounts[&s.me].created, before, "the account's creation time changed by the branch's file");
}

/// README, trust model: "a registration counts only with a code this phone issued (not one it
/// learned from a code link)". A hand-made code link naming a college as its issuer, opened on the
/// college's own phone, is no code the college issued: its 组织注册码 list does not show it, so the
/// secretary never hands out a code that the attacker chose and no registration here can use.
#[test]
fn a_code_link_in_a_committee_s_own_name_is_not_listed_as_one_it_issued() {
    let mut school_phone = Phone::blank(1);
    found(&mut school_phone);
    let (mut college, college_id, _) = registered(&mut school_phone, "XTW2026", OrgKind::College, 23, ("计算机学院团委", "", "JSJTW"));
    let issued = college.s.codes_of(college_id).len();
    let link = crate::core::commands::CodeInvite {
        code: "ABCD-EFGH-JKMN-PQRS".into(),
        issuer: college_id,
        issuer_name: "计算机学院团委".into(),
        expires: NOW + 7 * DAY_MS,
        kind: OrgKind::Branch,
        key: Some(Key::from_seed(23_001).public()),
        demo: false,
    };
    college.run(Actor::Anonymous, Command::LearnCode(link));
    assert_eq!(college.s.codes_of(college_id).len(), issued, "a code link in the college's name is listed as one it issued");
}

/// README, trust model: "a new organisation is taken ... only of a kind that place can have under
/// it". On a freshman's phone the college is a sketch from the invite, whose kind the link only
/// guessed, so what may stand under it is not judged by that kind; but a 校团委 stands under
/// nothing. The college's own 组织目录 (its real key: a dishonest secretary) naming a "校团委" under
/// itself adds nothing.
#[test]
fn no_file_puts_a_school_under_a_committee_a_link_sketched() {
    let s = school();
    let (_, college_id, _) = s.ids;
    assert_eq!(s.member.s.orgs[&college_id].created, 0, "the college is the invite's sketch");
    let mut top = super::trust_tests::committee(24_000_001, "示范大学团委", Some(college_id));
    top.kind = OrgKind::School;
    let file =
        super::trust_tests::forge(&s.college.key, Kind::Directory, Sender::Org(college_id), Body { orgs: vec![top], ..Body::default() });
    let held = plan(&s.member.s, &file).map(|p| p.merged).unwrap_or_else(|_| s.member.s.clone());
    assert!(!held.orgs.contains_key(&OrgId(24_000_001)), "a 校团委 was put under the college");
}

/// A committee's 组织目录 `dir` neither lists `fake`, a branch that never registered with it, nor
/// vouches for its key.
pub(super) fn passes_on_nothing_of(dir: &SyncFile, fake: OrgId) {
    assert!(!dir.body.keys.iter().any(|v| v.org == fake), "the college's 组织目录 vouches for the attacker's key: {:?}", dir.body.keys);
    assert!(!dir.body.orgs.iter().any(|o| o.id == fake), "the college's 组织目录 lists a branch that never registered with it");
}

/// A college registered on its own new phone (seed `seed`) whose secretary taps a hand-made invite
/// of a made-up branch under the college itself, with the attacker's key: the phone, the made-up
/// branch, and the invite's refusal.
pub(super) fn college_tapping_an_invite_under_itself(seed: u64) -> (Phone, OrgId, Option<crate::core::commands::Refusal>) {
    let mut school_phone = Phone::blank(1);
    found(&mut school_phone);
    let (mut college, college_id, _) = registered(&mut school_phone, "XTW2026", OrgKind::College, seed, ("计算机学院团委", "", "JSJTW"));
    let evil = Key::from_seed(seed * 1_000 + 1);
    let fake = OrgId(seed * 1_000_000 + 1);
    let invite = BranchInvite {
        branch: fake,
        name: "2026级计算机9班团支部".into(),
        college: college_id,
        college_name: "计算机学院团委".into(),
        key: Some(evil.public()),
        college_key: Some(evil.public()),
        demo: false,
    };
    let refused = college.try_run(Actor::Anonymous, Command::LearnBranch(invite)).err();
    (college, fake, refused)
}
