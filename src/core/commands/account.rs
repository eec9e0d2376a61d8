//! Commands anyone may run before logging in: 创建账号, 立即注册, 忘记密码.

use super::*;
use crate::core::auth::sha256_hex;
use crate::core::date::{Date, Millis};
use crate::core::entropy::canonical_code;
use crate::core::profile::{Field, FieldErrors};
use crate::core::rules::check_graduation_year;
use crate::core::sync::Sender;

/// The guide's username for a branch: `TZB` + 支部号.
pub fn branch_username(number: &str) -> String {
    format!("TZB{}", number.trim())
}

/// The guide's username advice: [`branch_username`], with the suffix `bit` if that is taken.
pub fn suggest_branch_username(state: &State, number: &str) -> String {
    let base = branch_username(number);
    if state.username_taken(&base) {
        free_username(state, &base)
    } else {
        base
    }
}

/// A taken username with the guide's suffix: `bit`, then `bit2`, `bit3`… until one is free here.
pub fn free_username(state: &State, taken: &str) -> String {
    let with_bit = format!("{}bit", taken.trim());
    std::iter::once(with_bit.clone())
        .chain((2..1000).map(|n| format!("{with_bit}{n}")))
        .find(|u| !state.username_taken(u))
        .unwrap_or(with_bit)
}

/// 毕业年份 as typed on 立即注册: empty, or a year near this one.
pub fn parse_graduation_year(text: &str, this_year: i32) -> Result<Option<i32>, CoreError> {
    match text.trim() {
        "" => Ok(None),
        y => y.parse().map_err(|_| CoreError::GraduationYearInvalid).and_then(|y| check_graduation_year(y, this_year)).map(Some),
    }
}

/// 立即注册's form, checked: what the command records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedBranch {
    pub code: String,
    pub issuer: OrgId,
    pub kind: OrgKind,
    pub name: OrgName,
    /// 支部号: a branch's only (a committee has none).
    pub number: Option<BranchNumber>,
    pub secretary_name: PersonName,
    pub secretary_phone: Phone,
    pub username: Username,
}

impl State {
    /// 创建账号's checks, every field at once: the form runs them before the slow password hashing (with the password's own check), the command
    /// again.
    /// Only a member makes an account here (我是团员), with a phone no account that logs in here
    /// holds (a record of someone else's account, brought by a file, holds no login here).
    pub fn check_member_account(&self, phone: &str, member: bool) -> Result<Phone, Vec<FieldError>> {
        let mut e = FieldErrors::default();
        let taken = |p: &Phone| self.accounts.values().any(|a| a.logs_in() && a.answers_to(p));
        let phone =
            e.check(Field::Phone, Phone::parse(phone).and_then(|p| if taken(&p) { Err(CoreError::PhoneAlreadyRegistered) } else { Ok(p) }));
        e.check(Field::Identity, if member { Ok(()) } else { Err(CoreError::NotAMember) });
        e.into_result(|| phone)
    }

    pub(super) fn create_member_account(&mut self, phone: String, member: bool, password: PasswordHash, ctx: &mut Ctx) -> CmdResult {
        let phone = self.check_member_account(&phone, member).map_err(Refusal::Fields)?;
        let id = self.fresh_account_id(ctx);
        let record = MemberRecord {
            profile: None,
            branch: None,
            accepted_at: None,
            cadre: false,
            volunteer: None,
            consent: None,
            profile_at: 0,
            membership_at: 0,
        };
        self.accounts.insert(
            id,
            Account { id, login: phone.into(), role: AccountRole::Member(Box::new(record)), password, created: ctx.now, retired: false },
        );
        Ok(Outcome::Account(id))
    }

    /// Whether a username is taken here: by a live account, or by a live branch this device knows
    /// (from the published directory, say) whose `TZB` + 支部号 it is.
    pub fn username_taken(&self, username: &str) -> bool {
        self.account_by_login(username).is_some()
            || self
                .orgs
                .values()
                .filter(|o| !o.is_archived())
                .filter_map(|o| o.branch.as_ref())
                .any(|b| !b.number.is_empty() && username.trim().eq_ignore_ascii_case(&branch_username(&b.number)))
    }

    /// The live organisation here with this full name, if any (an archived branch, graduated or a
    /// voided repeat, holds its name no more).
    pub fn org_named(&self, name: &str) -> Option<&Org> {
        let key = crate::core::values::name_key(name);
        self.orgs.values().find(|o| crate::core::values::name_key(&o.name) == key && !o.is_archived())
    }

    /// The organisation this phone registered with `code` (its account logs in here), if any: the
    /// code's link opened again leads to its registration, to send it once more.
    pub fn registered_here(&self, code: &str) -> Option<OrgId> {
        match self.codes.get(&canonical_code(code)).map(|rc| &rc.state) {
            Some(CodeState::Used { org, .. }) if self.own_accounts().any(|a| a.role.org() == Some(*org)) => Some(*org),
            _ => None,
        }
    }

    /// 立即注册's checks, every field at once: the form runs them before the slow password
    /// hashing, the command again. A phone that knows the directory refuses a full name or a
    /// username already taken, proposing the guide's `bit` suffix for the username. The fields are
    /// those of the code's kind of organisation, or where this phone does not know the code, of the
    /// kind the form shows (`shown`, from the code's link).
    pub fn check_branch_registration(&self, f: &BranchRegistration, shown: OrgKind, now: Millis) -> Result<CheckedBranch, Vec<FieldError>> {
        let mut e = FieldErrors::default();
        let code = canonical_code(&f.code);
        let issued = e.check(
            Field::Code,
            match self.codes.get(&code) {
                None if !self.codes.values().any(|c| c.state == CodeState::Unused) => Err(CoreError::CodeNotLearned),
                None => Err(CoreError::CodeUnknown),
                Some(rc) => match rc.status(now) {
                    CodeStatus::Used(_) => Err(CoreError::CodeUsed),
                    CodeStatus::Voided => Err(CoreError::CodeVoided),
                    CodeStatus::Expired => Err(CoreError::CodeExpired),
                    CodeStatus::Unused => Ok((rc.issuer, rc.kind)),
                },
            },
        );
        let kind = issued.map_or(shown, |(_, k)| k);
        let name = e.check(
            Field::org_name(kind),
            OrgName::parse(&f.name).and_then(|n| match self.org_named(&n) {
                _ if issued.is_some() && !kind.name_fits(&n) => Err(CoreError::OrgNameNotFull { kind }),
                Some(o) => Err(CoreError::OrgNameTaken { id: o.id.0 }),
                None => Ok(n),
            }),
        );
        // A committee (学院/书院团委, 团总支) has no 支部号, 行业类别 or 毕业年份 of its own.
        let branch = kind == OrgKind::Branch;
        let number = if branch { e.check(Field::BranchNumber, BranchNumber::parse(&f.number)).map(Some) } else { Some(None) };
        if branch {
            let industry = crate::core::model::INDUSTRIES.contains(&f.industry.as_str());
            e.check(Field::Industry, if industry { Ok(()) } else { Err(CoreError::ChoiceInvalid { field: Field::Industry.label() }) });
            if let Some(y) = f.graduation_year {
                e.check(Field::GraduationYear, check_graduation_year(y, Date::from_millis(now).year));
            }
        }
        let secretary_name = e.check(Field::head_name(kind), PersonName::parse(&f.secretary_name));
        let secretary_phone = e.check(Field::head_phone(kind), Phone::parse(&f.secretary_phone));
        let username = e.check(
            Field::username(kind),
            Username::parse(&f.username).and_then(|u| match self.username_taken(&u) {
                true => Err(CoreError::UsernameTaken {
                    suggestion: match &number {
                        Some(Some(n)) if u.eq_ignore_ascii_case(&branch_username(n)) => suggest_branch_username(self, n),
                        _ => free_username(self, &u),
                    },
                }),
                false => Ok(u),
            }),
        );
        e.into_result(|| {
            let (issuer, kind) = issued?;
            Some(CheckedBranch {
                code,
                issuer,
                kind,
                name: name?,
                number: number?,
                secretary_name: secretary_name?,
                secretary_phone: secretary_phone?,
                username: username?,
            })
        })
    }

    pub(super) fn register_branch(&mut self, f: BranchRegistration, ctx: &mut Ctx) -> CmdResult {
        // (The form checked its fields first, as it shows them; a code unknown here registers nothing.)
        let checked = self.check_branch_registration(&f, OrgKind::Branch, ctx.now).map_err(Refusal::Fields)?;
        let CheckedBranch { code, issuer, kind, name, number, secretary_name, secretary_phone, username } = checked;
        let org_id = self.fresh_org_id(ctx);
        let branch = number.map(|number| BranchInfo {
            number: number.into(),
            industry: f.industry,
            graduation_year: f.graduation_year,
            secretary_name: secretary_name.into(),
            secretary_phone: secretary_phone.into(),
            archived: false,
        });
        self.orgs
            .insert(org_id, Org { id: org_id, name: name.into(), kind, parent: Some(issuer), branch, created: ctx.now, updated: ctx.now });
        let acct = self.fresh_account_id(ctx);
        let role = if kind == OrgKind::Branch { AccountRole::Branch { org: org_id } } else { AccountRole::Committee { org: org_id } };
        self.accounts
            .insert(acct, Account { id: acct, login: username.into(), role, password: f.password, created: ctx.now, retired: false });
        if let Some(rc) = self.codes.get_mut(&code) {
            rc.state = CodeState::Used { org: org_id, at: ctx.now };
        }
        Ok(Outcome::Org(org_id))
    }

    pub(super) fn reset_password(&mut self, phone: String, proof: ResetProof, password: PasswordHash, ctx: &mut Ctx) -> CmdResult {
        let phone = Phone::parse(&phone)?;
        let acct = self.account_by_login(&phone).ok_or(CoreError::AccountUnknown)?;
        let id = acct.id;
        match proof {
            ResetProof::Identity { name, id_number } => {
                let p = acct.profile().ok_or(CoreError::IdentityMismatch)?;
                if p.name != name.trim() || p.id_number != id_number.trim().to_ascii_uppercase().as_str() {
                    return Err(CoreError::IdentityMismatch.into());
                }
            }
            ResetProof::Code(code) => {
                let hash = sha256_hex(&canonical_code(&code));
                let rc = self
                    .reset_codes
                    .iter_mut()
                    .find(|r| r.account == id && r.code_hash == hash && !r.used)
                    .ok_or(CoreError::ResetCodeInvalid)?;
                if ctx.now >= rc.expires {
                    return Err(CoreError::ResetCodeExpired.into());
                }
                rc.used = true;
            }
        }
        if let Some(a) = self.accounts.get_mut(&id) {
            a.password = password;
        }
        // A new password must not lose to the old one another tab still holds: a new epoch.
        self.epoch = next_stamp(self.epoch, ctx.now);
        Ok(Outcome::Done)
    }
}

impl State {
    pub(super) fn learn_branch(&mut self, inv: BranchInvite, _ctx: &mut Ctx) -> CmdResult {
        // A name gone from the link (its end cut off on the way).
        if inv.name.is_empty() || inv.college_name.is_empty() {
            return Err(CoreError::LinkCut.into());
        }
        let name = String::from(OrgName::parse(&inv.name)?);
        let college_name = String::from(OrgName::parse(&inv.college_name)?);
        let plausible = |id: OrgId| (1_000_000..100_000_000).contains(&id.0);
        if !plausible(inv.branch) || !plausible(inv.college) || inv.branch == inv.college {
            return Err(CoreError::OrgUnknown.into());
        }
        self.meet_demo(inv.demo)?;
        self.invite = Some(inv.branch);
        for (org, key) in [(inv.branch, &inv.key), (inv.college, &inv.college_key)] {
            if let Some(key) = key {
                self.meet_key(Sender::Org(org), key);
            }
        }
        match self.orgs.get(&inv.branch) {
            // Known under another parent than the invite's: one of the two is not the branch's own word.
            Some(o) if o.kind == OrgKind::Branch && o.parent != Some(inv.college) => return Err(CoreError::InviteDisagrees.into()),
            Some(o) if o.kind == OrgKind::Branch => return Ok(Outcome::Org(o.id)),
            Some(_) => return Err(CoreError::NotABranch.into()),
            None => {}
        }
        // Every branch under this phone's own committees registered with it: an invite for one it
        // does not know is somebody else's word, which its 组织目录 would pass on.
        if self.own_orgs().any(|o| self.oversees(o, inv.college)) {
            return Err(CoreError::InviteUnderOwnCommittee.into());
        }
        match self.orgs.get(&inv.college) {
            Some(c) if !c.kind.is_committee() => return Err(CoreError::OrgUnknown.into()),
            Some(_) => {}
            None => {
                let college =
                    Org { id: inv.college, name: college_name, kind: OrgKind::College, parent: None, branch: None, created: 0, updated: 0 };
                self.orgs.insert(inv.college, college);
            }
        }
        let info = BranchInfo::sketch();
        self.orgs.insert(
            inv.branch,
            Org { id: inv.branch, name, kind: OrgKind::Branch, parent: Some(inv.college), branch: Some(info), created: 0, updated: 0 },
        );
        Ok(Outcome::Org(inv.branch))
    }

    pub(super) fn learn_code(&mut self, inv: CodeInvite, ctx: &mut Ctx) -> CmdResult {
        let code = canonical_code(&inv.code);
        if self.codes.contains_key(&code) {
            return Ok(Outcome::Done);
        }
        if !RegistrationCode::is_shaped(&code) || !(1_000_000..100_000_000).contains(&inv.issuer.0) {
            return Err(CoreError::CodeUnknown.into());
        }
        // A time before 2001 is no code's: the link lost its end on the way.
        if inv.expires < 1_000_000_000_000 {
            return Err(CoreError::LinkCut.into());
        }
        if inv.expires <= ctx.now {
            return Err(CoreError::CodeExpired.into());
        }
        self.meet_demo(inv.demo)?;
        if let Some(key) = &inv.key {
            self.meet_key(Sender::Org(inv.issuer), key);
        }
        if inv.kind == OrgKind::School {
            return Err(CoreError::CodeUnknown.into());
        }
        match self.orgs.get(&inv.issuer) {
            // A code only for a kind its issuer may register (`OrgKind::code_kinds`).
            Some(o) if !o.kind.code_kinds().contains(&inv.kind) => return Err(CoreError::CodeUnknown.into()),
            Some(_) => {}
            None => {
                let name = String::from(OrgName::parse(&inv.issuer_name)?);
                // Only the 校团委 issues codes for 学院/书院团委.
                let kind = if inv.kind == OrgKind::College { OrgKind::School } else { OrgKind::College };
                self.orgs.insert(inv.issuer, Org { id: inv.issuer, name, kind, parent: None, branch: None, created: 0, updated: 0 });
            }
        }
        let rc = RegistrationCode {
            code: code.clone(),
            issuer: inv.issuer,
            kind: inv.kind,
            created: 0,
            expires: inv.expires,
            state: CodeState::Unused,
            others: vec![],
            settled: None,
        };
        self.codes.insert(code, rc);
        Ok(Outcome::Done)
    }

    /// The invite of a branch: its public details, for a link or QR code.
    pub fn invite_for(&self, branch: OrgId) -> Option<BranchInvite> {
        let b = self.orgs.get(&branch).filter(|o| o.kind == OrgKind::Branch)?;
        // The college: the nearest committee above (a 团总支's parent counts too).
        let college = b.parent.and_then(|p| self.orgs.get(&p))?;
        Some(BranchInvite {
            branch,
            name: b.name.clone(),
            college: college.id,
            college_name: college.name.clone(),
            key: self.device_key.clone(),
            college_key: self.org_key(college.id).cloned(),
            demo: self.demo,
        })
    }
}
