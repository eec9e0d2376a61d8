//! Every record of an incoming file checked against the rules the forms use. The first wrong
//! record refuses the whole file (named in the message), so a file is taken whole or not at all.

use super::Body;
use crate::core::date::{Date, Millis, DAY_MS};
use crate::core::model::*;
use crate::core::profile::{validate_profile, ProfileDraft};
use crate::core::rules;

/// IDs are below 2^53 (safe in JavaScript).
const MAX_ID: u64 = 1 << 53;
const MAX_TEXT: usize = 200;
/// A file's claims: a 组织注册信息 carries one.
const MAX_CLAIMS: usize = 4;

type Check = Result<(), String>;

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Check {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

fn id_ok(id: u64) -> bool {
    id > 0 && id < MAX_ID
}

fn text_ok(t: &str) -> bool {
    t.chars().count() <= MAX_TEXT && !t.chars().any(|c| c.is_control() && c != '\n')
}

/// Nothing may be dated in the future (a day of clock difference allowed) or before 2000.
fn time_ok(t: Millis, now: Millis) -> bool {
    (946_684_800_000..=now + DAY_MS).contains(&t)
}

/// A time that may also be 0 (not known: a record learned from a link).
fn opt_time_ok(t: Millis, now: Millis) -> bool {
    t == 0 || time_ok(t, now)
}

pub(super) fn orgs(orgs: &[Org], now: Millis) -> Check {
    // Each organisation once: a second record of one could be judged apart from the first.
    let mut seen = std::collections::BTreeSet::new();
    for o in orgs {
        ensure(seen.insert(o.id), || format!("组织“{}”", o.name.chars().take(20).collect::<String>()))?;
        let what = || format!("组织“{}”", o.name.chars().take(20).collect::<String>());
        ensure(id_ok(o.id.0) && o.parent.is_none_or(|p| id_ok(p.0) && p != o.id), what)?;
        OrgName::parse(&o.name).map_err(|_| what())?;
        ensure(opt_time_ok(o.created, now) && opt_time_ok(o.updated, now), what)?;
        ensure((o.kind == OrgKind::Branch) == o.branch.is_some(), what)?;
        if let Some(info) = &o.branch {
            let sketch = info.number.is_empty();
            ensure(sketch || BranchNumber::parse(&info.number).is_ok_and(|n| n == info.number.as_str()), what)?;
            ensure(info.industry.is_empty() || INDUSTRIES.contains(&info.industry.as_str()), what)?;
            ensure(info.secretary_name.is_empty() || PersonName::parse(&info.secretary_name).is_ok(), what)?;
            ensure(info.secretary_phone.is_empty() || Phone::parse(&info.secretary_phone).is_ok(), what)?;
            // Within ten years of when the record was last set (the form's rule, at its time; a
            // record of older versions, without that time, when it was made): judged by the record's
            // own times, never this phone's clock, so a record taken stays valid in every later file.
            let set = if o.updated > 0 { o.updated } else { o.created };
            let year_ok = |y: i32| set > 0 && rules::check_graduation_year(y, Date::from_millis(set).year).is_ok();
            ensure(info.graduation_year.is_none_or(year_ok), what)?;
        }
    }
    Ok(())
}

pub(super) fn body(b: &Body, now: Millis) -> Check {
    let today = Date::from_millis(now);
    let time_ok = |t: Millis| time_ok(t, now);
    let opt_time_ok = |t: Millis| opt_time_ok(t, now);
    orgs(&b.orgs, now)?;
    for c in &b.codes {
        let what = || "组织注册码".to_string();
        ensure(RegistrationCode::is_shaped(&c.code), what)?;
        // A code learned from its link has no creation time (0).
        ensure(id_ok(c.issuer.0) && opt_time_ok(c.created) && c.expires > c.created, what)?;
        ensure(settled_ok(&c.settled, &time_ok) && others_ok(&c.others), what)?;
        for s in std::iter::once(&c.state).chain(&c.others) {
            ensure(matches!(s, CodeState::Unused) || time_ok(super::merge::Decision::at(s)), what)?;
        }
    }
    // A key told once per organisation (each copy would cost a look through this phone's tree).
    let mut told = std::collections::BTreeSet::new();
    ensure(b.keys.iter().all(|v| told.insert(v.org)), || "签名密钥".into())?;
    // A registration proves one code (each checked against every code this phone issued).
    ensure(b.claims.len() <= MAX_CLAIMS, || "注册码凭证".into())?;
    for c in &b.claims {
        ensure(id_ok(c.org.0) && time_ok(c.at) && c.proof.len() == 64 && c.proof.bytes().all(|x| x.is_ascii_hexdigit()), || {
            "注册码凭证".into()
        })?;
    }
    for a in &b.accounts {
        account(a, today, &time_ok)?;
    }
    for r in &b.requests {
        let what = || "一条申请".to_string();
        ensure(id_ok(r.id.0) && id_ok(r.applicant.0) && id_ok(r.branch.0) && time_ok(r.created), what)?;
        match &r.kind {
            RequestKind::Join => {}
            RequestKind::TransferIn { from } => ensure(text_ok(from), what)?,
            RequestKind::TransferOut { target, .. } => ensure(text_ok(target), what)?,
        }
        ensure(settled_ok(&r.settled, &time_ok) && others_ok(&r.others), what)?;
        for s in std::iter::once(&r.state).chain(&r.others) {
            ensure(s.is_pending() || time_ok(super::merge::Decision::at(s)), what)?;
            match s {
                RequestState::Returned { reason, .. } | RequestState::Withdrawn { reason, .. } => {
                    ensure(!reason.trim().is_empty() && text_ok(reason), what)?
                }
                _ => {}
            }
        }
    }
    for a in &b.appeals {
        let what = || "一条申诉".to_string();
        ensure(id_ok(a.id.0) && id_ok(a.account.0) && id_ok(a.old_account.0) && time_ok(a.created) && text_ok(&a.reason), what)?;
        ensure(settled_ok(&a.settled, &time_ok) && others_ok(&a.others), what)?;
        for s in std::iter::once(&a.state).chain(&a.others) {
            ensure(*s == AppealState::Pending || time_ok(super::merge::Decision::at(s)), what)?;
        }
        // An appeal as filed carries its photo; the copy a decisions file carries has neither reason nor photo.
        ensure(if a.reason.is_empty() { a.photo.is_none() } else { rules::check_photo(a.photo.as_deref()).is_ok() }, what)?;
    }
    ensure(b.sealed_key.as_ref().is_none_or(|k| k.is_well_formed()), || "加密的本机密钥".into())?;
    for m in &b.sent {
        ensure(m.key.len() <= 64 && m.key.is_ascii() && time_ok(m.at), || "发送记录".into())?;
    }
    for p in &b.problems {
        let what = || format!("问题记录“{}”", p.name.chars().take(10).collect::<String>());
        ensure(id_ok(p.id.0) && id_ok(p.branch.0) && time_ok(p.created) && text_ok(&p.note), what)?;
        ensure(p.reported.is_none_or(time_ok) && p.resolved.as_ref().is_none_or(|(at, note)| time_ok(*at) && text_ok(note)), what)?;
        PersonName::parse(&p.name).map_err(|_| what())?;
        ensure(p.student_no.as_ref().is_none_or(|s| StudentNo::parse(s).is_ok()), what)?;
    }
    Ok(())
}

/// The other decisions of a record, as a join leaves them: each one decided (a conflict offers
/// only decisions to settle by, `merge::choices`), never 待审核 or unused.
fn others_ok<T: super::merge::Decision>(others: &[T]) -> bool {
    others.iter().all(|o| o.key().is_some())
}

/// A settlement of a conflict, dated by the receiver's clock; its keys are short words (`accepted`,
/// `used:‹组织ID›`).
fn settled_ok(settled: &Option<Settled>, time_ok: &dyn Fn(Millis) -> bool) -> bool {
    settled
        .as_ref()
        .is_none_or(|s| time_ok(s.at) && id_ok(s.by.0) && s.seen.len() <= 8 && s.keep.len() <= 32 && s.seen.iter().all(|k| k.len() <= 32))
}

fn account(a: &Account, today: Date, time_ok: &dyn Fn(Millis) -> bool) -> Check {
    let what = || "一个账号".to_string();
    ensure(id_ok(a.id.0) && (a.created == 0 || time_ok(a.created)), what)?;
    match &a.role {
        AccountRole::Member(m) => {
            // An empty login is a membership-only record (a decision sent back to an applicant).
            ensure(a.login.is_empty() || Phone::parse(&a.login).is_ok_and(|p| p == a.login.as_str()), what)?;
            if let Some(p) = &m.profile {
                let what = || format!("团员“{}”的信息", p.name.chars().take(10).collect::<String>());
                let again = validate_profile(&ProfileDraft::from_profile(p), today, |_, _| p.member_number.clone()).map_err(|_| what())?;
                ensure(&again == p, what)?;
            }
            ensure(m.branch.is_none_or(|b| id_ok(b.0)), what)?;
            // Every stamp by the receiver's clock (0: never set).
            let stamp_ok = |t: Millis| t == 0 || time_ok(t);
            ensure(stamp_ok(m.membership_at) && stamp_ok(m.profile_at) && m.accepted_at.is_none_or(time_ok), what)?;
            ensure(m.consent.as_ref().is_none_or(|c| time_ok(c.at)), what)?;
            if let Some(v) = &m.volunteer {
                ensure(time_ok(v.registered) && [&v.service_area, &v.native_place, &v.residence].iter().all(|t| text_ok(t)), what)?;
                ensure(directions_ok(&v.directions), what)?;
            }
        }
        AccountRole::Branch { org } | AccountRole::Committee { org } => {
            ensure(id_ok(org.0), what)?;
            Username::parse(&a.login).map_err(|_| what())?;
        }
    }
    Ok(())
}
