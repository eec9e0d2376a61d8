//! Which organisations, and keys vouched for, a file brings that this phone takes (`import` applies
//! them): new ones only from whoever may bring them there, changes to known ones only from
//! themselves or a committee above; and a published 组织目录's, as trusted as the app.

use super::accept::Tally;
use super::home::Home;
use super::merge::join_org;
use super::preview::Ignored;
use super::seal::{judge, pin_name, Trust, Vouch};
use super::{Directory, Kind, Sender, SyncFile};
use crate::core::date::Millis;
use crate::core::model::*;
use crate::core::sync::SyncError;
use crate::core::table::Table;
use std::collections::{BTreeMap, BTreeSet};

/// The organisation tree used to judge authority: this device's, with organisations it does not
/// know yet added from the file (they cannot change what this device already knows). Only the
/// organisations are needed to judge `oversees`: the members and requests are not copied.
pub(super) fn tree_with<'a>(local: &State, file_orgs: impl IntoIterator<Item = &'a Org>) -> State {
    let mut tree = State { orgs: local.orgs.clone(), ..State::default() };
    for o in file_orgs {
        tree.orgs.entry(o.id).or_insert_with(|| o.clone());
    }
    tree
}

/// Whether `org`, new here, hangs (through the file's other new organisations) under an
/// organisation this device knew before the file.
pub(super) fn attaches(local: &State, tree: &State, org: OrgId) -> bool {
    let mut cur = tree.orgs.get(&org).and_then(|o| o.parent);
    for _ in 0..16 {
        match cur {
            Some(p) if local.orgs.contains_key(&p) => return true,
            Some(p) => cur = tree.orgs.get(&p).and_then(|o| o.parent),
            None => return false,
        }
    }
    false
}

/// Whether `from` may bring `org`, an organisation new here: one it registered with a code this
/// device issued (nothing under it: a code registers one organisation), or one whose chain up
/// (through the file's other new organisations) joins this device's tree where the sender stands
/// over it, or joins nothing here at all (a stranger's own tree, met as it is); each link of the
/// chain only of a kind its parent can have under it (a branch, nothing). Only an organisation's
/// file brings organisations; a chain naming a parent that neither side knows is refused, so
/// nothing can wait to hang itself under someone later.
///
/// On a phone that stands somewhere (an account of its own, a link opened), a tree that joins
/// nothing here is met only as the committees above a sender known here, as its own record in the
/// file names them (`own_chain`): a stranger's own tree would otherwise take the IDs of committees
/// this phone has not met yet (the 校团委's, which every directory shows), and stand where the real
/// ones arrive later.
fn may_add(
    local: &State,
    tree: &State,
    from: Sender,
    org: OrgId,
    (registered, own_chain): (&BTreeMap<OrgId, Millis>, Option<&BTreeSet<OrgId>>),
) -> bool {
    let Sender::Org(s) = from else { return false };
    let mut cur = org;
    for _ in 0..16 {
        if registered.contains_key(&cur) {
            return cur == org;
        }
        if local.orgs.contains_key(&cur) {
            return local.oversees(s, cur);
        }
        match tree.orgs.get(&cur) {
            Some(o) => match o.parent {
                Some(p) if tree.orgs.get(&p).is_some_and(|p| may_have(local, p, o.kind)) => cur = p,
                Some(_) => return false,
                None => return own_chain.is_none_or(|c| c.contains(&cur)),
            },
            None => return false,
        }
    }
    false
}

/// The committees new here that the sender's own record in the file (or theirs, upward) names
/// above it, where this phone holds the sender as a link's sketch without a parent (the one
/// organisation whose parent a file fills in, `accept_orgs`): what a guarded phone takes of a tree
/// that joins nothing here ([`may_add`]).
fn own_chain(local: &State, from: Sender, orgs: &[Org]) -> BTreeSet<OrgId> {
    let mut chain = BTreeSet::new();
    let Sender::Org(s) = from else { return chain };
    if !local.orgs.get(&s).is_some_and(|o| o.created == 0 && o.parent.is_none()) {
        return chain;
    }
    let mut cur = s;
    for _ in 0..16 {
        match orgs.iter().find(|o| o.id == cur).and_then(|o| o.parent) {
            Some(p) if !local.orgs.contains_key(&p) && chain.insert(p) => cur = p,
            _ => break,
        }
    }
    chain
}

/// Whether `parent` can have an organisation of `kind` right under it; a link's sketch of a
/// committee held here only guessed its own kind ([`guessed`]), so it is not judged by it (but a
/// 校团委 stands under nothing).
fn may_have(local: &State, parent: &Org, kind: OrgKind) -> bool {
    kind != OrgKind::School && (guessed(parent) && local.orgs.contains_key(&parent.id) || parent.kind.code_kinds().contains(&kind))
}

/// Whether `o`'s kind is a link's guess: a committee sketched from an invite or a code link
/// (`created` 0). An invite's branch is a branch.
fn guessed(o: &Org) -> bool {
    o.created == 0 && o.kind != OrgKind::Branch
}

/// The organisations of a file this device accepts from its sender, put `into` the part to join:
/// new ones the sender may bring ([`may_add`]), and changes to known ones from the organisation
/// itself or a committee above it here. A file never moves a known organisation (no command
/// does): its parent stays as this device knows it, sketches learned from a link included, unless
/// unknown here and given as below ([`directory_orgs`] takes this deployment's own 组织目录, as
/// trusted as the app). The others are tallied.
pub(super) fn accept_orgs(
    local: &State,
    (kind, from, known, home): (Kind, Sender, bool, &Home),
    orgs: &[Org],
    registered: &BTreeMap<OrgId, Millis>,
    tally: &mut Tally,
    into: &mut Table<OrgId, Org>,
) {
    let tree = tree_with(local, orgs);
    // On a phone with an account of its own or a link opened, only a sketch in its own trees (the
    // committee above its branch, learned from the link) is filled in or brings the committees
    // above it: a stranger's root, dated as a sketch, is not; nor is a stranger's tree rooted at
    // the ID of a committee this phone has not met yet (the 校团委's, which every directory shows).
    let guarded = home.stands();
    let ours = |id: OrgId| !guarded || home.holds(local, id);
    let chain = guarded.then(|| match from {
        Sender::Org(s) if ours(s) => own_chain(local, from, orgs),
        _ => BTreeSet::new(),
    });
    for o in orgs {
        let Some(mine) = local.orgs.get(&o.id) else {
            if kind == Kind::Registration && !registered.contains_key(&o.id) && o.branch.as_ref().is_some_and(|i| !i.number.is_empty()) {
                // A full branch record without a valid code is a registration that was refused.
                tally.skip(Ignored::UnknownCode);
            } else if may_add(local, &tree, from, o.id, (registered, chain.as_ref())) {
                let mut o = o.clone();
                // A registered organisation is as old as the claim of its code, never dated
                // earlier (the older of two registrations with one name is the one kept).
                if let Some(at) = registered.get(&o.id) {
                    o.created = *at;
                }
                into.insert(o.id, o);
            } else {
                tally.skip(Ignored::NotTheirOrg);
            }
            continue;
        };
        let mut o = o.clone();
        // Only the parent a link's sketch of a committee lacks is filled in, by the organisation
        // itself signing with the key this phone already kept for it, with a committee new here
        // (or one of this phone's own trees whose key it keeps, which can have it right under it:
        // a second college's sketch, on the phone of a member who met the 校团委 through the
        // first). Never under another one this phone knows, and never by another committee
        // claiming the sketch: a stranger's own tree, once met, would hang this phone's committee
        // (and so its own trees) under itself, and then vouch for keys there. Nor is the root of a
        // tree met in a file ever given a parent: a stranger's root would name one this phone has
        // not met yet, and join this phone's own tree the day that one arrives.
        let known_above = |p: OrgId| {
            guarded
                && home.holds(local, p)
                && local.key_of(Sender::Org(p)).is_some()
                && !local.oversees(o.id, p)
                && local.orgs.get(&p).is_some_and(|p| may_have(local, p, o.kind))
        };
        let own_fill = from == Sender::Org(o.id) && o.parent.is_some_and(|p| !local.orgs.contains_key(&p) || known_above(p));
        let fills_in = mine.parent.is_none() && mine.created == 0 && known && own_fill && ours(o.id);
        let authority = matches!(from, Sender::Org(s) if local.oversees(s, o.id));
        // Where the file puts it, under the sender, while this phone holds it under someone else
        // (not a sketch without a parent, which only its own file or an introduction places).
        let elsewhere = mine.parent.is_some()
            && o.parent != mine.parent
            && matches!((from, o.parent), (Sender::Org(s), Some(p)) if local.oversees(s, p));
        kept_kind(local, &mut o);
        // Created once (registered, or met): no file dates it again, as no file dates an account
        // again (`accept`); a link's sketch, undated, takes the file's time.
        o.created = match registered.get(&o.id) {
            _ if mine.created != 0 => mine.created,
            // (A sketch registered by this file is as old as its claim, as a new one is.)
            Some(at) => *at,
            None => o.created,
        };
        // A branch's details on a committee (one dressed as a branch) would win every join, for good.
        if o.kind != OrgKind::Branch {
            o.branch = None;
        }
        if !fills_in {
            o.parent = mine.parent;
        }
        if authority {
            into.insert(o.id, o);
        } else if elsewhere {
            tally.skip(Ignored::PlacedElsewhere);
        } else if join_org(mine, &o) != *mine {
            tally.skip(Ignored::NotTheirOrg);
        }
    }
}

/// The link's sketch of this phone's own trees (a committee without a parent here) that a refused
/// file from a sender met for the first time names under a parent: the file may well be from the
/// committee above it, but only the sketch's own 组织目录 can introduce that committee here
/// (`introduced`). Its name, for the refusal that says which 组织目录 to import first.
pub(super) fn waits_for(local: &State, home: &Home, file: &SyncFile) -> Option<String> {
    let sketch = |o: &Org| local.orgs.get(&o.id).is_some_and(|m| m.created == 0 && m.parent.is_none() && home.holds(local, m.id));
    let o = file.body.orgs.iter().find(|o| o.parent.is_some() && Sender::Org(o.id) != file.from && sketch(o))?;
    Some(local.orgs[&o.id].name.clone())
}

/// No command changes an organisation's kind, so no file does either; but a link's sketch of a
/// committee only guessed it ([`guessed`]).
fn kept_kind(local: &State, o: &mut Org) {
    if let Some(mine) = local.orgs.get(&o.id).filter(|m| !guessed(m)) {
        o.kind = mine.kind;
    }
}

/// A published 组织目录 (see [`super::decode_directory`]): every organisation it lists, parent
/// included, as trusted as the app, but for a known one's kind ([`kept_kind`]); ready for
/// [`State::join_orgs`]. None of a file's rules is used, so the member's build does without them.
fn directory_orgs(local: &State, dir: &Directory) -> Table<OrgId, Org> {
    let mut part = Table::default();
    for o in &dir.orgs {
        let mut o = o.clone();
        kept_kind(local, &mut o);
        part.insert(o.id, o);
    }
    part
}

/// A published 组织目录's organisations and keys taken into `state` ([`directory_orgs`]; its
/// signature judged as [`super::import::plan`] judges a file's, and an unsigned one adds only
/// organisations not known here). Returns whether anything changed.
pub fn take_directory(state: &mut State, dir: &Directory) -> Result<bool, SyncError> {
    let as_file = SyncFile {
        kind: Kind::Directory,
        from: dir.from,
        from_name: String::new(),
        app: String::new(),
        written: 0,
        body: Default::default(),
        signed: dir.signed.clone(),
    };
    // As trusted as the app: its signer's new key (the 校团委's new phone, published by the
    // deployer) replaces the one kept here, where no committee above could vouch for it.
    let (trust, new_key) = match judge(state, &as_file) {
        Err(SyncError::KeyChanged { key, .. }) => (Trust::Known, Some(key)),
        judged => (judged?, None),
    };
    let demo = state.demo_after(dir.demo).map_err(SyncError::Demo)?;
    let mut orgs = directory_orgs(state, dir);
    if trust == Trust::Unsigned {
        orgs.retain(|id, _| !state.orgs.contains_key(id));
    }
    state.demo = demo;
    let mut changed = state.join_orgs(orgs);
    // Where it says each organisation stands, it stands: a stranger's earlier file cannot have
    // taken the place of one it lists (the 校团委's ID under a stranger's root, say).
    if trust != Trust::Unsigned {
        for o in &dir.orgs {
            if let Some(held) = state.orgs.get_mut(&o.id).filter(|h| h.parent != o.parent) {
                held.parent = o.parent;
                changed = true;
            }
        }
    }
    if let Some(key) = new_key {
        state.keys.insert(pin_name(dir.from).unwrap_or_default(), key);
        changed = true;
    }
    // This deployment's own directory tells the keys of the organisations under its signer
    // where this phone keeps none; it never replaces one, which a newer 组织目录 may have vouched
    // for since the file was published (a college's new phone, confirmed by the 校团委).
    let vouches = if trust == Trust::Unsigned {
        Vec::new()
    } else {
        vouched(state, dir.from, &dir.keys, |o| state.own_sender_name(Sender::Org(o)).is_some())
    };
    let vouches: Vec<Vouch> = vouches.into_iter().filter(|v| state.key_of(Sender::Org(v.org)).is_none()).collect();
    changed |= !vouches.is_empty();
    for v in vouches {
        state.keys.insert(pin_name(Sender::Org(v.org)).unwrap_or_default(), v.key);
    }
    if !changed {
        return Ok(false);
    }
    if let (Trust::FirstMeeting, Some(key)) = (trust, &dir.signed) {
        // Kept with what the directory brings (on its own it is nothing to take).
        state.meet_key(dir.from, key);
    }
    Ok(true)
}

/// The keys a trusted committee's file vouches for that this device may take: for organisations
/// under the sender (judged by `tree`, this device's with the file's organisations taken), and that
/// differ from the key kept here; never for this phone's own organisation (`own`), which signs with
/// its own key. (`import::plan` replaces a kept key only by the committee right above it.)
pub(super) fn vouched(tree: &State, from: Sender, keys: &[Vouch], own: impl Fn(OrgId) -> bool) -> Vec<Vouch> {
    let Sender::Org(by) = from else { return Vec::new() };
    let takes = |v: &Vouch| v.org != by && tree.oversees(by, v.org) && !own(v.org) && tree.key_of(Sender::Org(v.org)) != Some(&v.key);
    keys.iter().filter(|v| takes(v)).cloned().collect()
}

/// The keys of committees above the sender (in `tree`, this device's with the file's organisations
/// taken) that a trusted sender's file introduces: kept only where this device keeps none (never
/// replacing one) and never for an organisation of this phone's own. A college's 组织目录 so tells a
/// branch's phone, which knew the 校团委 only by name, the 校团委's key: a file claiming the 校团委
/// signed by another is then refused, not believed as a first meeting.
pub(super) fn introduced(tree: &State, from: Sender, keys: &[Vouch]) -> Vec<Vouch> {
    let Sender::Org(by) = from else { return Vec::new() };
    let mut out: Vec<Vouch> = Vec::new();
    let above = |v: &Vouch| v.org != by && tree.orgs.contains_key(&v.org) && tree.oversees(v.org, by);
    for v in keys.iter().filter(|v| above(v) && tree.org_key(v.org).is_none()) {
        if !out.iter().any(|o| o.org == v.org) {
            out.push(v.clone());
        }
    }
    out
}
