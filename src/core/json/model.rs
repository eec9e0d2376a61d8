//! How the model reads from JSON: each type's keys, as `#[serde(rename)]` writes them, then the long
//! keys of version 1 (`document::SCHEMA_VERSION`). A field the writer may leave out is `#[default]`.

use super::{decode_fields, decode_names, decode_struct, number_key, Decode, Key, Malformed, Reader, Result};
use crate::core::auth::PasswordHash;
use crate::core::date::{Date, YearMonth};
use crate::core::model::*;
use crate::core::rules::Sex;

macro_rules! decode_ids {
    ($($id:ident),*) => {$(
        impl Decode for $id {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                r.u64().map($id)
            }
        }
        impl Key for $id {
            fn from_key(key: &str) -> Result<Self> {
                number_key(key).map($id)
            }
        }
    )*};
}
decode_ids!(OrgId, AccountId, RequestId, AppealId, ProblemId);

decode_names!(OrgKind { School = "School", College = "College", GeneralBranch = "GeneralBranch", Branch = "Branch" });
decode_names!(Sex { Male = "Male", Female = "Female" });
decode_names!(ProblemKind { CannotRegister = "CannotRegister", CannotJoin = "CannotJoin" });
decode_names!(Destination {
    FurtherStudy = "FurtherStudy",
    EmployedWithLeague = "EmployedWithLeague",
    EmployedWithoutLeague = "EmployedWithoutLeague",
    Abroad = "Abroad",
    NotEmployed = "NotEmployed",
    Military = "Military",
    Classified = "Classified",
});

decode_struct!(Date { year: "y" | "year", month: "m" | "month", day: "d" | "day" });
decode_struct!(YearMonth { year: "y" | "year", month: "m" | "month" });
decode_struct!(PasswordHash { iterations: "iterations", salt: "salt", hash: "hash" });

decode_struct!(BranchInfo {
    number: "number",
    industry: "industry",
    graduation_year: "graduation_year",
    secretary_name: "secretary_name",
    secretary_phone: "secretary_phone",
    archived: "archived",
});

decode_struct!(Org {
    id: "i" | "id",
    name: "n" | "name",
    kind: "k" | "kind",
    parent: "pr" | "parent",
    branch: "b" | "branch",
    created: "c" | "created",
    #[default] updated: "u" | "updated",
});

impl Decode for CodeState {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.variant(|r, name, content| {
            Ok(match (name, content) {
                ("Unused", false) => CodeState::Unused,
                ("Used", true) => decode_fields!(r, CodeState::Used { org: "org", at: "at" }),
                ("Voided", true) => decode_fields!(r, CodeState::Voided { at: "at" }),
                _ => return Err(Malformed),
            })
        })
    }
}

decode_struct!(Settled { at: "at", by: "by", keep: "keep", seen: "seen" });

decode_struct!(RegistrationCode {
    code: "code",
    issuer: "issuer",
    kind: "kind",
    created: "created",
    expires: "expires",
    state: "state",
    #[default] others: "others",
    settled: "settled",
});

decode_struct!(Profile {
    name: "n" | "name",
    id_number: "ic" | "id_number",
    birth: "bd" | "birth",
    sex: "sx" | "sex",
    political_status: "ps" | "political_status",
    ethnicity: "et" | "ethnicity",
    education: "ed" | "education",
    join_month: "jm" | "join_month",
    member_number: "mn" | "member_number",
    is_student: "is" | "is_student",
    student_no: "sn" | "student_no",
    wants_volunteer: "wv" | "wants_volunteer",
});

decode_struct!(Volunteer {
    service_area: "sa" | "service_area",
    native_place: "np" | "native_place",
    residence: "rs" | "residence",
    directions: "dr" | "directions",
    guardian_consent: "gc" | "guardian_consent",
    registered: "rg" | "registered",
});

decode_struct!(Consent { version: "v" | "version", at: "at" });

decode_struct!(MemberRecord {
    profile: "p" | "profile",
    branch: "b" | "branch",
    accepted_at: "aa" | "accepted_at",
    cadre: "cd" | "cadre",
    volunteer: "vo" | "volunteer",
    consent: "cs" | "consent",
    #[default] profile_at: "pa" | "profile_at",
    #[default] membership_at: "ma" | "membership_at",
});

impl Decode for AccountRole {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.variant(|r, name, content| {
            Ok(match (name, content) {
                ("Member", true) => AccountRole::Member(Decode::decode(r)?),
                ("Branch", true) => decode_fields!(r, AccountRole::Branch { org: "org" }),
                ("Committee", true) => decode_fields!(r, AccountRole::Committee { org: "org" }),
                _ => return Err(Malformed),
            })
        })
    }
}

decode_struct!(Account {
    id: "i" | "id",
    login: "l" | "login",
    role: "r" | "role",
    #[default] password: "password",
    created: "c" | "created",
    retired: "rt" | "retired",
});

impl Decode for RequestKind {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.variant(|r, name, content| {
            Ok(match (name, content) {
                ("Join", false) => RequestKind::Join,
                ("TransferIn", true) => decode_fields!(r, RequestKind::TransferIn { from: "from" }),
                ("TransferOut", true) => {
                    decode_fields!(r, RequestKind::TransferOut { destination: "destination", target: "target" })
                }
                _ => return Err(Malformed),
            })
        })
    }
}

impl Decode for RequestState {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.variant(|r, name, content| {
            Ok(match (name, content) {
                ("Pending", false) => RequestState::Pending,
                ("Accepted", true) => decode_fields!(r, RequestState::Accepted { at: "at", by: "by" }),
                ("Returned", true) => decode_fields!(r, RequestState::Returned { at: "at", by: "by", reason: "reason" }),
                ("Withdrawn", true) => decode_fields!(r, RequestState::Withdrawn { at: "at", reason: "reason" }),
                ("Lapsed", true) => decode_fields!(r, RequestState::Lapsed { at: "at" }),
                _ => return Err(Malformed),
            })
        })
    }
}

decode_struct!(Request {
    id: "i" | "id",
    kind: "k" | "kind",
    applicant: "a" | "applicant",
    branch: "b" | "branch",
    created: "c" | "created",
    state: "s" | "state",
    #[default] others: "o" | "others",
    settled: "st" | "settled",
});

impl Decode for AppealState {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.variant(|r, name, content| {
            Ok(match (name, content) {
                ("Pending", false) => AppealState::Pending,
                ("Upheld", true) => decode_fields!(r, AppealState::Upheld { at: "at", by: "by" }),
                ("Rejected", true) => decode_fields!(r, AppealState::Rejected { at: "at", by: "by", reason: "reason" }),
                _ => return Err(Malformed),
            })
        })
    }
}

decode_struct!(Appeal {
    id: "id",
    account: "account",
    old_account: "old_account",
    reason: "reason",
    photo: "photo",
    branch: "branch",
    created: "created",
    state: "state",
    #[default] others: "others",
    settled: "settled",
});

decode_struct!(Problem {
    id: "id",
    branch: "branch",
    name: "name",
    student_no: "student_no",
    kind: "kind",
    note: "note",
    created: "created",
    reported: "reported",
    resolved: "resolved",
});

decode_struct!(ResetCode { account: "account", code_hash: "code_hash", expires: "expires", used: "used" });

decode_struct!(State {
    #[default] orgs: "orgs",
    #[default] codes: "codes",
    #[default] accounts: "accounts",
    #[default] requests: "requests",
    #[default] appeals: "appeals",
    #[default] problems: "problems",
    #[default] reset_codes: "reset_codes",
    #[default] member_seq: "member_seq",
    #[default] demo: "demo",
});
