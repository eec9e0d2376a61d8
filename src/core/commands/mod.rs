//! Commands: every change to the state. Each is checked against the acting role and the current
//! state and either applies whole or leaves the state untouched with a typed error. This file holds
//! the commands, their dispatch and the role checks; beside it, one file per role (`account`,
//! `member`, `branch`, `committee`, `settle`), logging in (`login`), fresh IDs (`ids`) and the forms
//! commands carry (`forms`).

pub mod account;
mod branch;
mod committee;
mod forms;
mod ids;
mod login;
pub use forms::*;
mod member;
mod settle;

use super::auth::PasswordHash;
use super::date::{Date, Millis};
use super::entropy::Entropy;
use super::error::CoreError;
use super::model::*;
use super::profile::{FieldError, ProfileDraft};
use super::sync::Kind;
pub use crate::core::model::Actor;

use super::limits::RESET_CODE_VALID_DAYS;
pub use super::rules::MAX_PHOTO_CHARS;
/// The privacy notice's current version.
pub const CONSENT_VERSION: u32 = 1;

/// What a command needs from the outside world: the time and randomness.
pub struct Ctx<'a> {
    pub now: Millis,
    pub rng: &'a mut dyn Entropy,
}

impl Ctx<'_> {
    pub fn today(&self) -> Date {
        Date::from_millis(self.now)
    }
    /// A fresh ID below 2^53 (safe in JavaScript numbers).
    fn id(&mut self) -> u64 {
        self.rng.next_u64() >> 11
    }
}

/// Every change to the workflow state.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    // ---- anyone (未登录) ----
    /// 创建账号 (member): phone, 我是团员 and password.
    CreateMemberAccount {
        phone: String,
        member: bool,
        password: PasswordHash,
    },
    /// 立即注册 (branch) with the 邀请码.
    RegisterBranch(BranchRegistration),
    /// Records a branch known from an invite link (its public details) on this device, so a member
    /// whose phone has never seen it can apply. What the device already knows is never overwritten.
    LearnBranch(BranchInvite),
    /// Records a registration code known from its link (with the issuing committee's public
    /// details), so a secretary whose phone never saw the school can register. The committee still
    /// checks the code when the registration reaches it.
    LearnCode(CodeInvite),
    /// 忘记密码: prove identity or present a reset code, set a new password.
    ResetPassword {
        phone: String,
        proof: ResetProof,
        password: PasswordHash,
    },
    // ---- member (团员) ----
    /// Accepts the privacy notice before the ID number is entered.
    AcceptPrivacy {
        version: u32,
    },
    /// 完善个人信息.
    SaveProfile(ProfileDraft),
    /// 申请加入 / 申请转入.
    Apply {
        branch: OrgId,
        transfer_from: Option<String>,
    },
    /// 撤回 with a reason.
    Withdraw {
        request: RequestId,
        reason: String,
    },
    /// 我要申诉 (changed phone).
    FileAppeal {
        id_number: String,
        reason: String,
        photo: Option<String>,
    },
    /// 志愿北京 注册.
    RegisterVolunteer(VolunteerForm),
    /// Deletes the member's own account from this device, with its requests and appeals.
    DeleteOwnAccount,
    // ---- branch (团支部) ----
    /// 接收: accept one or many requests at once.
    Accept {
        requests: Vec<RequestId>,
    },
    /// 退回 with a reason.
    Return {
        request: RequestId,
        reason: String,
    },
    /// Issues a 重置密码验证码 for a member of the branch.
    IssueResetCode {
        member: AccountId,
    },
    /// Marks a member as branch cadre or not.
    SetCadre {
        member: AccountId,
        cadre: bool,
    },
    /// 毕业生转出 of the members ticked, all or none.
    TransferOut {
        members: Vec<AccountId>,
        destination: Destination,
        target: String,
    },
    /// Records a member who cannot register or join.
    RecordProblem {
        name: String,
        student_no: String,
        kind: ProblemKind,
        note: String,
    },
    // ---- anyone with something to hand over ----
    /// A hand-over's file left this phone (copied, shown as a QR code, downloaded): its records are
    /// 已发出 (`core::handover`). For a 上报, its problems are 已上报 from then on.
    MarkSent {
        kind: Kind,
    },
    // ---- branch or committee above it ----
    SetGraduationYear {
        branch: OrgId,
        year: i32,
    },
    /// 归档 a branch whose members have all left.
    Archive {
        branch: OrgId,
    },
    /// 同一人: a member who registered again (their phone wiped, no backup) is found, by the ID
    /// number, to be the holder of an older account; the secretary, having checked, moves the older
    /// account's record to the new one as an upheld 申诉 would (the old account retires).
    MergeReregistered {
        account: AccountId,
        old_account: AccountId,
    },
    /// Decides an appeal (成功 moves the membership to the new account).
    DecideAppeal {
        appeal: AppealId,
        uphold: bool,
        reason: String,
    },
    // ---- committee (团委) ----
    /// 生成注册码: `count` codes for new child organisations.
    GenerateCodes {
        count: u32,
        valid_days: u32,
        kind: OrgKind,
    },
    /// 作废 an unused code.
    VoidCode {
        code: String,
    },
    /// 建立校团委: a blank phone sets up its school's committee, the root of the school's tree and
    /// of its trust, with its admin account (not logged in: the phone's first account).
    FoundSchool {
        name: String,
        username: String,
        password: PasswordHash,
    },
    /// Sets the password of an account restored from a backup, on a device where no account has a
    /// password yet (a new phone restoring its owner's backup).
    ClaimRestoredAccount {
        account: AccountId,
        password: PasswordHash,
    },
    /// Settles a request decided differently on two devices: `keep` is the decision that stands
    /// (`accepted`, `returned`, `withdrawn`, `lapsed`).
    SettleRequest {
        request: RequestId,
        keep: String,
    },
    /// Settles an appeal decided differently on two devices: `keep` is `upheld` or `rejected`; the
    /// membership follows (moved to the new account, or back to the old one).
    SettleAppeal {
        appeal: AppealId,
        keep: String,
    },
    /// Settles a code used by two branches (or used and voided): `keep` is `used:<组织ID>` or `voided`.
    SettleCode {
        code: String,
        keep: String,
    },
    /// 确认新密钥: the committee above an organisation takes `key` as its key from now on (its
    /// secretary changed phones, checked in person); the committee's 组织目录 then vouches for it.
    TrustKey {
        org: OrgId,
        key: crate::core::sync::seal::PublicKey,
    },
    /// 交给新手机: a 重置码 for the account of an organisation under this committee (its
    /// secretary's phone wiped without a backup), handed over with the 恢复资料 (`sync::reset`).
    IssueOrgReset {
        org: OrgId,
    },
    /// On the phone a committee handed an organisation's account to: its owner types the 重置码
    /// and a new password; the phone's 组织注册信息 then proves this phone to the committee.
    ClaimResetAccount {
        account: AccountId,
        code: String,
        password: PasswordHash,
    },
    /// On that phone, logged in: the 重置码 typed again (the committee said it was wrong).
    RetypeResetCode {
        code: String,
    },
    /// Marks a reported problem resolved.
    ResolveProblem {
        problem: ProblemId,
        note: String,
    },
    /// 作废重复注册: archives one of two live branches with one full name or username
    /// (`State::branch_clashes`; the one without members), retires its account and returns its
    /// pending requests.
    VoidRegistration {
        branch: OrgId,
    },
    // ---- housekeeping (anyone, run at start) ----
    /// 自动失效: transfers out pending longer than [`LAPSE_DAYS`](super::limits::LAPSE_DAYS).
    LapseOverdue,
}

impl Command {
    /// A change worth a backup: a request, a decision, a registration, codes. After one, the app
    /// reminds the user to save a copy (WeChat may wipe the device's storage).
    pub fn is_important(&self) -> bool {
        matches!(
            self,
            Command::RegisterBranch(_)
                | Command::FoundSchool { .. }
                | Command::Apply { .. }
                | Command::Withdraw { .. }
                | Command::FileAppeal { .. }
                | Command::RegisterVolunteer(_)
                | Command::Accept { .. }
                | Command::Return { .. }
                | Command::TransferOut { .. }
                | Command::DecideAppeal { .. }
                | Command::MergeReregistered { .. }
                | Command::GenerateCodes { .. }
                | Command::SettleRequest { .. }
                | Command::SettleCode { .. }
                | Command::SettleAppeal { .. }
                | Command::VoidRegistration { .. }
        )
    }
}

/// What a command produced, for the UI to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Account(AccountId),
    Org(OrgId),
    Codes(Vec<String>),
    /// The reset code in clear, shown once to the secretary.
    ResetCode(String),
    Request(RequestId),
    Appeal(AppealId),
    Problem(ProblemId),
    /// How many requests lapsed.
    Lapsed(usize),
    /// The requests made, one per member (毕业生转出).
    Requests(Vec<RequestId>),
}

/// A form with several wrong fields gives all of them; otherwise one error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    One(CoreError),
    #[error("{}", fields_text(.0))]
    Fields(Vec<FieldError>),
}

impl From<CoreError> for Refusal {
    fn from(e: CoreError) -> Self {
        Refusal::One(e)
    }
}

/// Every wrong field of a form, one per line.
fn fields_text(list: &[FieldError]) -> String {
    list.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}

pub type CmdResult = Result<Outcome, Refusal>;

/// How a build of the app applies commands: [`State::apply`] (every command) or
/// [`State::apply_members`] (a member's own).
pub type Apply = fn(&mut State, Actor, Command, &mut Ctx) -> CmdResult;

impl Command {
    /// A command of the member's pages in the member's build (创建账号, 完善个人信息, 申请 and 撤回,
    /// 志愿北京, an invite link): the only ones [`State::apply_members`] takes. 忘记密码, 我要申诉 and
    /// 我的数据 (删除我的账号) are rarely used and are pages of the full build.
    pub fn is_members(&self) -> bool {
        matches!(
            self,
            Command::CreateMemberAccount { .. }
                | Command::LearnBranch(_)
                | Command::AcceptPrivacy { .. }
                | Command::SaveProfile(_)
                | Command::Apply { .. }
                | Command::Withdraw { .. }
                | Command::RegisterVolunteer(_)
                | Command::MarkSent { kind: Kind::Application }
        )
    }
}

impl State {
    /// Applies a command atomically: on a refusal the state is exactly as before.
    pub fn apply(&mut self, actor: Actor, cmd: Command, ctx: &mut Ctx) -> CmdResult {
        self.apply_of::<true>(actor, cmd, ctx)
    }

    /// Applies a member's own command ([`Command::is_members`]) as [`State::apply`] does, and
    /// refuses any other with [`CoreError::NotInThisBuild`], changing nothing. The member's build
    /// of the app applies commands with this: the secretary's and committee's commands are then
    /// not in its download (ARCHITECTURE.md, "Two builds").
    pub fn apply_members(&mut self, actor: Actor, cmd: Command, ctx: &mut Ctx) -> CmdResult {
        self.apply_of::<false>(actor, cmd, ctx)
    }

    /// `ALL`: every command, or a member's own. A constant, so that the handlers `apply_members`
    /// never calls are not compiled into a build that uses only it.
    fn apply_of<const ALL: bool>(&mut self, actor: Actor, cmd: Command, ctx: &mut Ctx) -> CmdResult {
        if !ALL && !cmd.is_members() {
            return Err(CoreError::NotInThisBuild.into());
        }
        // 接收 checks every request before it changes anything, so it needs no copy to stay atomic
        // (accepting 1,000 at once on a device with 10,000 members would otherwise copy them all).
        // The property test "a refused command changes nothing" covers it like every other command.
        if matches!(cmd, Command::Accept { .. }) {
            return self.execute::<ALL>(actor, cmd, ctx);
        }
        let mut next = self.fork();
        let out = next.execute::<ALL>(actor, cmd, ctx)?;
        *self = next;
        Ok(out)
    }

    fn execute<const ALL: bool>(&mut self, actor: Actor, cmd: Command, ctx: &mut Ctx) -> CmdResult {
        self.check_actor(actor)?;
        match cmd {
            // ---- a member's own (both builds) ----
            Command::CreateMemberAccount { phone, member, password } => self.create_member_account(phone, member, password, ctx),
            Command::LearnBranch(invite) => self.learn_branch(invite, ctx),
            Command::AcceptPrivacy { version } => self.accept_privacy(actor, version, ctx),
            Command::SaveProfile(draft) => self.save_profile(actor, draft, ctx),
            Command::Apply { branch, transfer_from } => self.apply_to_branch(actor, branch, transfer_from, ctx),
            Command::Withdraw { request, reason } => self.withdraw(actor, request, reason, ctx),
            Command::RegisterVolunteer(form) => self.register_volunteer(actor, form, ctx),
            // ---- the others: each arm is there only when `ALL` (see `apply_of`) ----
            Command::DeleteOwnAccount if ALL => self.delete_own_account(actor, ctx),
            Command::ResetPassword { phone, proof, password } if ALL => self.reset_password(phone, proof, password, ctx),
            Command::RegisterBranch(form) if ALL => self.register_branch(form, ctx),
            Command::LearnCode(invite) if ALL => self.learn_code(invite, ctx),
            Command::FileAppeal { id_number, reason, photo } if ALL => self.file_appeal(actor, id_number, reason, photo, ctx),
            Command::Accept { requests } if ALL => self.accept(actor, requests, ctx),
            Command::Return { request, reason } if ALL => self.return_request(actor, request, reason, ctx),
            Command::IssueResetCode { member } if ALL => self.issue_reset_code(actor, member, ctx),
            Command::SetCadre { member, cadre } if ALL => self.set_cadre(actor, member, cadre, ctx),
            Command::TransferOut { members, destination, target } if ALL => self.transfer_out(actor, members, destination, target, ctx),
            Command::RecordProblem { name, student_no, kind, note } if ALL => self.record_problem(actor, name, student_no, kind, note, ctx),
            Command::MarkSent { kind } => self.mark_sent::<ALL>(actor, kind, ctx),
            Command::SetGraduationYear { branch, year } if ALL => self.set_graduation_year(actor, branch, year, ctx),
            Command::Archive { branch } if ALL => self.archive(actor, branch, ctx),
            Command::DecideAppeal { appeal, uphold, reason } if ALL => self.decide_appeal(actor, appeal, uphold, reason, ctx),
            Command::MergeReregistered { account, old_account } if ALL => self.merge_reregistered(actor, account, old_account, ctx),
            Command::ClaimRestoredAccount { account, password } if ALL => self.claim_restored(account, password, ctx),
            Command::SettleRequest { request, keep } if ALL => self.settle_request(actor, request, keep, ctx),
            Command::SettleCode { code, keep } if ALL => self.settle_code(actor, code, keep, ctx),
            Command::SettleAppeal { appeal, keep } if ALL => self.settle_appeal(actor, appeal, keep, ctx),
            Command::GenerateCodes { count, valid_days, kind } if ALL => self.generate_codes(actor, count, valid_days, kind, ctx),
            Command::VoidCode { code } if ALL => self.void_code(actor, code, ctx),
            Command::FoundSchool { name, username, password } if ALL => self.found_school(actor, name, username, password, ctx),
            Command::TrustKey { org, key } if ALL => self.trust_key(actor, org, key),
            Command::IssueOrgReset { org } if ALL => self.issue_org_reset(actor, org, ctx),
            Command::ClaimResetAccount { account, code, password } if ALL => self.claim_reset(account, code, password, ctx),
            Command::RetypeResetCode { code } if ALL => self.retype_reset(actor, code, ctx),
            Command::ResolveProblem { problem, note } if ALL => self.resolve_problem(actor, problem, note, ctx),
            Command::VoidRegistration { branch } if ALL => self.void_registration(actor, branch, ctx),
            Command::LapseOverdue if ALL => Ok(self.lapse_overdue(ctx)),
            _ => Err(CoreError::NotInThisBuild.into()),
        }
    }

    /// The actor must match a live account of its kind (a stale session is refused).
    fn check_actor(&self, actor: Actor) -> Result<(), CoreError> {
        let Some(id) = actor.account() else { return Ok(()) };
        let acct = self.accounts.get(&id).ok_or(CoreError::LoginRequired)?;
        if acct.retired {
            return Err(CoreError::AccountRetired);
        }
        let consistent = match (actor, &acct.role) {
            (Actor::Member(_), AccountRole::Member(_)) => true,
            (Actor::Branch { org, .. }, AccountRole::Branch { org: o }) => org == *o,
            (Actor::Committee { org, .. }, AccountRole::Committee { org: o }) => org == *o,
            _ => false,
        };
        if consistent {
            Ok(())
        } else {
            Err(CoreError::NotAllowed)
        }
    }

    /// May this actor act for the branch: its own account, or a committee above it.
    fn manages_branch(&self, actor: Actor, branch: OrgId) -> bool {
        match actor {
            Actor::Branch { org, .. } => org == branch,
            Actor::Committee { org, .. } => self.oversees(org, branch),
            _ => false,
        }
    }

    fn branch_org(&self, id: OrgId) -> Result<&Org, CoreError> {
        let org = self.orgs.get(&id).ok_or(CoreError::OrgUnknown)?;
        if org.kind != OrgKind::Branch {
            return Err(CoreError::NotABranch);
        }
        Ok(org)
    }

    /// [`Command::MarkSent`]: the file this actor writes for `kind` is the one that left.
    fn mark_sent<const ALL: bool>(&mut self, actor: Actor, kind: Kind, ctx: &mut Ctx) -> CmdResult {
        let body = match (kind, actor) {
            (Kind::Application, Actor::Member(a)) => self.application_body(a),
            (Kind::Application, _) => None,
            _ if ALL => self.sync_file(actor, kind, ctx.now).map(|f| f.body),
            _ => return Err(CoreError::NotInThisBuild.into()),
        };
        let body = body.ok_or(CoreError::NothingToSend)?;
        let records = if kind == Kind::Application {
            super::handover::tracked_application(&body)
        } else if ALL {
            super::handover::tracked(kind, &body)
        } else {
            Vec::new()
        };
        self.note_sent(kind, records, ctx.now);
        if kind == Kind::Report {
            for p in &body.problems {
                if let Some(mine) = self.problems.get_mut(&p.id).filter(|p| p.reported.is_none()) {
                    mine.reported = Some(ctx.now);
                }
            }
        }
        Ok(Outcome::Done)
    }
}

pub(crate) fn reason(text: &str) -> Result<String, CoreError> {
    Reason::parse(text).map(String::from)
}
