//! The trees this phone's own people stand in, and the people in them: what a stranger's tree,
//! met in an earlier file, never reaches (`import`).

use crate::core::model::*;
use std::collections::BTreeSet;

/// The tops of the trees of the organisations whose accounts log in here and of the branches this
/// phone's own members belong or applied to; and the people held here who stand in those trees
/// (members of their branches, applicants to them, and whoever logs in here). Empty on a phone
/// where nobody logs in: there, no record is anybody's own.
pub struct Home {
    tops: BTreeSet<OrgId>,
    pub people: BTreeSet<AccountId>,
}

impl Home {
    pub fn of(local: &State) -> Home {
        let own: Vec<&Account> = local.accounts.values().filter(|a| a.logs_in()).collect();
        let own_ids: BTreeSet<AccountId> = own.iter().map(|a| a.id).collect();
        let own_orgs = own.iter().filter_map(|a| a.role.org().or_else(|| a.member().and_then(|m| m.branch)));
        let asked = local.requests.values().filter(|r| own_ids.contains(&r.applicant)).map(|r| r.branch);
        let tops: BTreeSet<OrgId> = own_orgs.chain(asked).map(|o| local.top_of(o)).collect();
        let in_home = |o: OrgId| tops.contains(&local.top_of(o));
        let mut people = own_ids;
        people.extend(local.accounts.values().filter(|a| a.member().and_then(|m| m.branch).is_some_and(in_home)).map(|a| a.id));
        people.extend(local.requests.values().filter(|r| in_home(r.branch)).map(|r| r.applicant));
        Home { tops, people }
    }

    /// Whether `org` (judged by `tree`, which holds what the file brought) stands in a home tree.
    pub fn holds(&self, tree: &State, org: OrgId) -> bool {
        self.tops.contains(&tree.top_of(org))
    }
}
