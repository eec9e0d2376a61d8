//! Fresh random IDs for new accounts and organisations, never one already on this device.

use super::*;

impl State {
    pub(super) fn fresh_account_id(&self, ctx: &mut Ctx) -> AccountId {
        loop {
            let id = AccountId(ctx.id());
            if !self.accounts.contains_key(&id) {
                return id;
            }
        }
    }

    /// A fresh 7- or 8-digit 组织ID.
    pub(super) fn fresh_org_id(&self, ctx: &mut Ctx) -> OrgId {
        loop {
            let id = OrgId(1_000_000 + ctx.rng.below(99_000_000));
            if !self.orgs.contains_key(&id) {
                return id;
            }
        }
    }
}
