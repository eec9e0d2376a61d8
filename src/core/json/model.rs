//! How the model is written and read: each type's keys, the one written first, then the long key
//! of version 1 it is still read under (`document::SCHEMA_VERSION`). A field that may be missing is
//! `#[default]`; one that is not written when empty (`None`, `false`, an empty list), `#[omit]`.
//!
//! Since version 3 every optional or yes/no field of a record is `#[omit]`, and a profile's birth
//! date and sex are not written: they are read back from its ID number (`rules::id_facts`), as the
//! form derives them. Versions 1 and 2 wrote them all, and are read by the same types.

use super::{decode_fields, json_names, json_struct, number_key, Decode, Encode, Key, KeyText, Malformed, Reader, Result, Writer};
use crate::core::auth::PasswordHash;
use crate::core::handover::SentMark;
use crate::core::date::{Date, YearMonth};
use crate::core::model::*;
use crate::core::profile_in::ProfileIn;
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
        impl Encode for $id {
            fn encode(&self, w: &mut Writer) {
                w.int(false, self.0);
            }
        }
        impl KeyText for $id {
            fn key_text(&self, w: &mut Writer) {
                w.number_key(self.0);
            }
        }
    )*};
}
decode_ids!(OrgId, AccountId, RequestId, AppealId, ProblemId);

json_names!(OrgKind { School = "School", College = "College", GeneralBranch = "GeneralBranch", Branch = "Branch" });
json_names!(Sex { Male = "Male", Female = "Female" });
json_names!(ProblemKind { CannotRegister = "CannotRegister", CannotJoin = "CannotJoin" });
json_names!(Destination {
    FurtherStudy = "FurtherStudy",
    EmployedWithLeague = "EmployedWithLeague",
    EmployedWithoutLeague = "EmployedWithoutLeague",
    Abroad = "Abroad",
    NotEmployed = "NotEmployed",
    Military = "Military",
    Classified = "Classified",
});

json_struct!(Date { year: "y" | "year", month: "m" | "month", day: "d" | "day" });
json_struct!(YearMonth { year: "y" | "year", month: "m" | "month" });
super::decode_struct!(PasswordHash { iterations: "iterations", salt: "salt", hash: "hash" });

json_struct!(BranchInfo {
    number: "number",
    industry: "industry",
    #[omit] graduation_year: "graduation_year",
    secretary_name: "secretary_name",
    secretary_phone: "secretary_phone",
    #[omit] archived: "archived",
});

json_struct!(Org {
    id: "i" | "id",
    name: "n" | "name",
    kind: "k" | "kind",
    #[omit] parent: "pr" | "parent",
    #[omit] branch: "b" | "branch",
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

json_struct!(Settled { at: "at", by: "by", keep: "keep", seen: "seen" });

json_struct!(RegistrationCode {
    code: "code",
    issuer: "issuer",
    kind: "kind",
    created: "created",
    expires: "expires",
    state: "state",
    #[omit] others: "others",
    #[omit] settled: "settled",
});

super::decode_struct!(ProfileIn {
    name: "n" | "name",
    id_number: "ic" | "id_number",
    birth: "bd" | "birth",
    sex: "sx" | "sex",
    political_status: "ps" | "political_status",
    ethnicity: "et" | "ethnicity",
    education: "ed" | "education",
    join_month: "jm" | "join_month",
    member_number: "mn" | "member_number",
    #[omit] is_student: "is" | "is_student",
    #[omit] student_no: "sn" | "student_no",
    #[omit] wants_volunteer: "wv" | "wants_volunteer",
});

impl Decode for Profile {
    /// The birth date and sex as written, or else from the ID number (an ID number that states
    /// none, which no form accepts, is `Malformed`): `ProfileIn`'s conversion.
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Profile::try_from(ProfileIn::decode(r)?).map_err(|_| Malformed)
    }
}

super::encode_struct!(Profile {
    name: "n",
    id_number: "ic",
    political_status: "ps",
    ethnicity: "et",
    education: "ed",
    join_month: "jm",
    member_number: "mn",
    #[omit] is_student: "is",
    #[omit] student_no: "sn",
    #[omit] wants_volunteer: "wv",
});

json_struct!(Volunteer {
    service_area: "sa" | "service_area",
    native_place: "np" | "native_place",
    residence: "rs" | "residence",
    directions: "dr" | "directions",
    #[omit] guardian_consent: "gc" | "guardian_consent",
    registered: "rg" | "registered",
});

json_struct!(Consent { version: "v" | "version", at: "at" });

json_struct!(MemberRecord {
    #[omit] profile: "p" | "profile",
    #[omit] branch: "b" | "branch",
    #[omit] accepted_at: "aa" | "accepted_at",
    #[omit] cadre: "cd" | "cadre",
    #[omit] volunteer: "vo" | "volunteer",
    #[omit] consent: "cs" | "consent",
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

json_struct!(Account {
    id: "i" | "id",
    login: "l" | "login",
    role: "r" | "role",
    #[omit] password: "password",
    created: "c" | "created",
    #[omit] retired: "rt" | "retired",
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

json_struct!(Request {
    id: "i" | "id",
    kind: "k" | "kind",
    applicant: "a" | "applicant",
    branch: "b" | "branch",
    created: "c" | "created",
    state: "s" | "state",
    #[omit] others: "o" | "others",
    #[omit] settled: "st" | "settled",
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

json_struct!(Appeal {
    id: "id",
    account: "account",
    old_account: "old_account",
    reason: "reason",
    #[omit] photo: "photo",
    #[omit] branch: "branch",
    created: "created",
    state: "state",
    #[omit] others: "others",
    #[omit] settled: "settled",
});

json_struct!(Problem {
    id: "id",
    branch: "branch",
    name: "name",
    #[omit] student_no: "student_no",
    kind: "kind",
    note: "note",
    created: "created",
    #[omit] reported: "reported",
    #[omit] resolved: "resolved",
});

json_struct!(ResetCode { account: "account", code_hash: "code_hash", expires: "expires", #[omit] used: "used" });

json_struct!(State {
    #[default] orgs: "orgs",
    #[default] codes: "codes",
    #[default] accounts: "accounts",
    #[default] requests: "requests",
    #[default] appeals: "appeals",
    #[default] problems: "problems",
    #[omit] reset_codes: "reset_codes",
    #[omit] demo: "demo",
    #[omit] sent: "sent",
    #[omit] restored: "restored",
});

json_struct!(SentMark { key: "hk", print: "hp", at: "ha" });

impl Encode for PasswordHash {
    fn encode(&self, w: &mut Writer) {
        w.fields(&[("iterations", &self.iterations, false), ("salt", &self.salt, false), ("hash", &self.hash, false)]);
    }
    /// No password is not written (6% of a 10,000-member document).
    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl Encode for CodeState {
    fn encode(&self, w: &mut Writer) {
        match self {
            CodeState::Unused => w.str("Unused"),
            CodeState::Used { org, at } => w.variant_fields("Used", &[("org", org, false), ("at", at, false)]),
            CodeState::Voided { at } => w.variant_fields("Voided", &[("at", at, false)]),
        }
    }
}

impl Encode for AccountRole {
    fn encode(&self, w: &mut Writer) {
        match self {
            AccountRole::Member(m) => w.variant("Member", m),
            AccountRole::Branch { org } => w.variant_fields("Branch", &[("org", org, false)]),
            AccountRole::Committee { org } => w.variant_fields("Committee", &[("org", org, false)]),
        }
    }
}

impl Encode for RequestKind {
    fn encode(&self, w: &mut Writer) {
        match self {
            RequestKind::Join => w.str("Join"),
            RequestKind::TransferIn { from } => w.variant_fields("TransferIn", &[("from", from, false)]),
            RequestKind::TransferOut { destination, target } => {
                w.variant_fields("TransferOut", &[("destination", destination, false), ("target", target, false)])
            }
        }
    }
}

impl Encode for RequestState {
    fn encode(&self, w: &mut Writer) {
        match self {
            RequestState::Pending => w.str("Pending"),
            RequestState::Accepted { at, by } => w.variant_fields("Accepted", &[("at", at, false), ("by", by, false)]),
            RequestState::Returned { at, by, reason } => {
                w.variant_fields("Returned", &[("at", at, false), ("by", by, false), ("reason", reason, false)])
            }
            RequestState::Withdrawn { at, reason } => w.variant_fields("Withdrawn", &[("at", at, false), ("reason", reason, false)]),
            RequestState::Lapsed { at } => w.variant_fields("Lapsed", &[("at", at, false)]),
        }
    }
}

impl Encode for AppealState {
    fn encode(&self, w: &mut Writer) {
        match self {
            AppealState::Pending => w.str("Pending"),
            AppealState::Upheld { at, by } => w.variant_fields("Upheld", &[("at", at, false), ("by", by, false)]),
            AppealState::Rejected { at, by, reason } => {
                w.variant_fields("Rejected", &[("at", at, false), ("by", by, false), ("reason", reason, false)])
            }
        }
    }
}
