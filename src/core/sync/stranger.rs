//! A stranger's own tree for the attacker (`attack`): a committee nobody here knows with a branch
//! under it, met as it is on a branch's phone, and its report claiming one of that branch's people.

use super::seal::native::Key;
use super::{Body, Kind, Sender, SyncFile};
use crate::core::date::{Millis, DAY_MS};
use crate::core::model::*;

/// The stranger's committee and branch (IDs nobody in the demo school uses), the branch shaped
/// like `like` (a full branch record).
fn tree(like: &Org, now: Millis) -> (Org, Org) {
    let top = Org {
        id: OrgId(66_000_001),
        name: "外校团委".into(),
        kind: OrgKind::College,
        parent: None,
        branch: None,
        created: now,
        updated: now,
    };
    let mut branch = like.clone();
    (branch.id, branch.parent, branch.name) = (OrgId(66_000_002), Some(top.id), "外校团支部".into());
    (top, branch)
}

/// `phone` (a branch's) once it has met the stranger's tree through a file of its own: the two
/// organisations and the stranger committee's key.
pub fn met(phone: &State, branch: &Org, now: Millis) -> State {
    let (top, theirs) = tree(branch, now);
    let mut s = phone.clone();
    s.meet_key(Sender::Org(top.id), &Key::of(Sender::Org(top.id)).public());
    s.orgs.insert(top.id, top);
    s.orgs.insert(theirs.id, theirs);
    s
}

/// The stranger committee's report, signed by its own key: one of `branch`'s members accepted
/// into the stranger's branch by a transfer, and retired by an appeal it upheld.
pub fn report(school: &State, branch: &Org, now: Millis) -> SyncFile {
    let (top, theirs) = tree(branch, now);
    let victim = school.members_of(branch.id).find(|a| !a.retired).expect("a member of the branch").clone();
    let by = AccountId(66_000_003);
    let request = Request {
        id: RequestId(66_000_004),
        kind: RequestKind::TransferIn { from: branch.name.clone() },
        applicant: victim.id,
        branch: theirs.id,
        created: now,
        state: RequestState::Accepted { at: now, by },
        others: Vec::new(),
        settled: None,
    };
    let appeal = Appeal {
        id: AppealId(66_000_005),
        account: by,
        old_account: victim.id,
        reason: String::new(),
        photo: None,
        branch: Some(theirs.id),
        created: now,
        state: AppealState::Upheld { at: now, by },
        others: Vec::new(),
        settled: None,
    };
    let mut claimed = victim;
    claimed.retired = true;
    if let Some(m) = claimed.member_mut() {
        (m.branch, m.accepted_at, m.membership_at) = (Some(theirs.id), Some(now), now + DAY_MS / 2);
    }
    let body = Body {
        orgs: vec![top.clone(), theirs],
        accounts: vec![claimed],
        requests: vec![request],
        appeals: vec![appeal],
        ..Body::default()
    };
    SyncFile { kind: Kind::Report, from: Sender::Org(top.id), from_name: top.name, app: String::new(), written: now, body, signed: None }
}
