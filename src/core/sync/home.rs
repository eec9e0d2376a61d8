//! The trees this phone's own people stand in, and the people in them: what a stranger's tree,
//! met in an earlier file, never reaches (`import`).

use crate::core::model::*;
use std::collections::BTreeSet;

/// The tops of the trees of the organisations whose accounts are this phone's own
/// ([`State::own_accounts`]), of the branches its own members belong to, applied or appealed to,
/// and, while none of these stands anywhere yet, of the links opened here;
/// the people held here who stand in those trees (members of their branches, applicants to them,
/// and the phone's own); and which branch each of its own asked to join (by a request or an
/// appeal). Empty on a phone that has opened no link and has no account of its own: there, no record
/// is anybody's own.
pub struct Home {
    tops: BTreeSet<OrgId>,
    pub people: BTreeSet<AccountId>,
    pub own: BTreeSet<AccountId>,
    pub asked: BTreeSet<(AccountId, OrgId)>,
}

impl Home {
    pub fn of(local: &State) -> Home {
        let own: Vec<&Account> = local.own_accounts().collect();
        let own_ids: BTreeSet<AccountId> = own.iter().map(|a| a.id).collect();
        let own_orgs = own.iter().filter_map(|a| a.role.org().or_else(|| a.member().and_then(|m| m.branch)));
        // (Asked to join: 申请加入 or 申请转入, not the branch's 毕业转出 out of it.)
        let joins = |r: &&Request| !matches!(r.kind, RequestKind::TransferOut { .. });
        let requests = local.requests.values().filter(joins).map(|r| (r.applicant, r.branch));
        let appeals = local.appeals.values().filter_map(|a| a.branch.map(|b| (a.account, b)));
        let asked: BTreeSet<(AccountId, OrgId)> = requests.chain(appeals).filter(|(a, _)| own_ids.contains(a)).collect();
        let mut tops: BTreeSet<OrgId> = own_orgs.chain(asked.iter().map(|(_, b)| *b)).map(|o| local.top_of(o)).collect();
        // And, while none of its own stands anywhere yet, the trees of the links opened here (a code
        // link's committee, an invite's branch), where this phone means to stand. (Once one does, its
        // trees alone.)
        if tops.is_empty() {
            let links = local.codes.values().filter(|c| c.created == 0).map(|c| c.issuer);
            // (Only the one opened here: a file may bring a branch dated as a link's sketch.)
            let invites = local.invite.filter(|b| local.orgs.contains_key(b));
            tops.extend(links.chain(invites).map(|o| local.top_of(o)));
        }
        let in_home = |o: OrgId| tops.contains(&local.top_of(o));
        let mut people = own_ids.clone();
        people.extend(local.accounts.values().filter(|a| a.member().and_then(|m| m.branch).is_some_and(in_home)).map(|a| a.id));
        people.extend(local.requests.values().filter(|r| in_home(r.branch)).map(|r| r.applicant));
        Home { tops, people, own: own_ids, asked }
    }

    /// Whether `org` (judged by `tree`, which holds what the file brought) stands in a home tree.
    pub fn holds(&self, tree: &State, org: OrgId) -> bool {
        self.tops.contains(&tree.top_of(org))
    }

    /// Whether this phone stands anywhere yet (an account of its own, or a link opened).
    pub fn stands(&self) -> bool {
        !self.own.is_empty() || !self.tops.is_empty()
    }
}
