//! Property tests: no command panics on any input, and a refused command leaves the state as it was.

use proptest::prelude::*;
use tuan::core::demo::{self, DEMO_EPOCH};
use tuan::core::document;
use tuan::core::entropy::SplitMix;
use tuan::core::profile::ProfileDraft;
use tuan::core::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,24}",
        "[0-9Xx]{0,20}",
        Just(String::new()),
        Just("11010519491231002X".to_string()),
        Just("+8613800138000".to_string()),
        Just("2019-05".to_string()),
    ]
}

fn command(s: &State) -> impl Strategy<Value = (usize, Command)> {
    let orgs: Vec<OrgId> = s.orgs.keys().copied().chain([OrgId(7)]).collect();
    let accts: Vec<AccountId> = s.accounts.keys().copied().chain([AccountId(999_999)]).collect();
    let reqs: Vec<RequestId> = s.requests.keys().copied().chain([RequestId(5)]).collect();
    let codes: Vec<String> = s.codes.keys().cloned().chain(["ZZZZ".to_string()]).collect();
    let n_actors = accts.len() + 1;
    let org = prop::sample::select(orgs);
    let acct = prop::sample::select(accts);
    let req = prop::sample::select(reqs);
    let code = prop::sample::select(codes);
    let cmd = prop_oneof![
        (text(), text()).prop_map(|(a, b)| Command::SaveProfile(ProfileDraft {
            name: a.clone(),
            id_number: b.clone(),
            political_status: a,
            ethnicity: "汉族".into(),
            education: "本科在读".into(),
            join_month: b.clone(),
            member_number: b,
            is_student: true,
            student_no: "12345678".into(),
            wants_volunteer: false
        })),
        (text(), any::<bool>()).prop_map(|(phone, member)| Command::CreateMemberAccount {
            phone,
            member,
            password: demo::demo_password_hash()
        }),
        (org.clone(), prop::option::of(text())).prop_map(|(branch, transfer_from)| Command::Apply { branch, transfer_from }),
        (req.clone(), text()).prop_map(|(request, reason)| Command::Withdraw { request, reason }),
        prop::collection::vec(req.clone(), 0..4).prop_map(|requests| Command::Accept { requests }),
        (req, text()).prop_map(|(request, reason)| Command::Return { request, reason }),
        acct.clone().prop_map(|member| Command::IssueResetCode { member }),
        (prop::collection::vec(acct.clone(), 0..3), text()).prop_map(|(members, target)| Command::TransferOut {
            members,
            destination: Destination::Abroad,
            target
        }),
        (org.clone(), -3000i32..3000).prop_map(|(branch, year)| Command::SetGraduationYear { branch, year }),
        org.prop_map(|branch| Command::Archive { branch }),
        (0u32..300, 0u32..100).prop_map(|(count, valid_days)| Command::GenerateCodes { count, valid_days, kind: OrgKind::Branch }),
        code.clone().prop_map(|code| Command::VoidCode { code }),
        (code, text(), text()).prop_map(|(code, name, number)| Command::RegisterBranch(BranchRegistration {
            code,
            name,
            number,
            industry: INDUSTRIES[0].into(),
            graduation_year: Some(2029),
            secretary_name: "李某".into(),
            secretary_phone: "13800138000".into(),
            username: "TZB12345678".into(),
            password: demo::demo_password_hash()
        })),
        (text(), text(), text()).prop_map(|(phone, name, id_number)| Command::ResetPassword {
            phone,
            proof: ResetProof::Identity { name, id_number },
            password: demo::demo_password_hash()
        }),
        (text(), text(), prop::option::of(Just("data:image/jpeg;base64,/9j/".to_string())))
            .prop_map(|(id_number, reason, photo)| Command::FileAppeal { id_number, reason, photo }),
        Just(Command::LapseOverdue),
        Just(Command::MarkSent { kind: tuan::core::sync::Kind::Report }),
        Just(Command::MarkSent { kind: tuan::core::sync::Kind::Application }),
        Just(Command::MarkSent { kind: tuan::core::sync::Kind::Decisions }),
        Just(Command::DeleteOwnAccount),
    ];
    (0..n_actors, cmd)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn commands_never_panic_and_refusals_change_nothing(seq in prop::collection::vec(command(&demo::build(DEMO_EPOCH)), 1..6)) {
        let mut s = demo::build(DEMO_EPOCH);
        let accounts: Vec<AccountId> = s.accounts.keys().copied().collect();
        let mut rng = SplitMix(3);
        for (actor_ix, cmd) in seq {
            let actor = s.actor_for(accounts.get(actor_ix).copied());
            let before = s.clone();
            let mut ctx = Ctx { now: DEMO_EPOCH, rng: &mut rng };
            if s.apply(actor, cmd, &mut ctx).is_err() {
                prop_assert_eq!(&s, &before);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    /// The member's build applies commands with `apply_members`: a member's own command does
    /// exactly what `apply` does, and any other is refused without changing anything.
    #[test]
    fn the_members_commands_apply_as_in_the_full_build(seq in prop::collection::vec(command(&demo::build(DEMO_EPOCH)), 1..6)) {
        let mut full = demo::build(DEMO_EPOCH);
        let mut member = full.clone();
        let accounts: Vec<AccountId> = full.accounts.keys().copied().collect();
        let (mut rng_full, mut rng_member) = (SplitMix(5), SplitMix(5));
        for (actor_ix, cmd) in seq {
            let actor = full.actor_for(accounts.get(actor_ix).copied());
            let members = cmd.is_members();
            let before = member.clone();
            let got = member.apply_members(actor, cmd.clone(), &mut Ctx { now: DEMO_EPOCH, rng: &mut rng_member });
            if members {
                let want = full.apply(actor, cmd, &mut Ctx { now: DEMO_EPOCH, rng: &mut rng_full });
                prop_assert_eq!(got, want);
                prop_assert_eq!(&member, &full);
            } else {
                prop_assert_eq!(got, Err(Refusal::One(CoreError::NotInThisBuild)));
                prop_assert_eq!(&member, &before);
            }
        }
    }
}

/// What localStorage would hold: the whole document and the journal beside it.
struct Stored {
    base: String,
    base_at: i64,
    journal: Option<String>,
}

impl Stored {
    /// Saves as the store does, at `now`.
    fn save(&mut self, s: &mut State, now: i64) {
        match document::plan_save(s, Some(self.base_at), now) {
            document::Save::Whole(text) => {
                self.base = text;
                self.base_at = now;
                self.journal = None;
                s.mark_saved();
            }
            document::Save::Journal(text) => self.journal = Some(text),
        }
    }

    /// Reads back as the store does at start.
    fn load(&self) -> State {
        let mut s = document::decode(&self.base).unwrap().state;
        s.mark_saved();
        if let Some(j) = &self.journal {
            assert!(document::apply_journal(&mut s, j, self.base_at).unwrap());
        }
        s
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    /// Saving only what changed loses nothing: after any commands, saved in pieces and read back at
    /// any point, the state is the same.
    #[test]
    fn saved_in_pieces_reads_back_the_same(seq in prop::collection::vec((command(&demo::build(DEMO_EPOCH)), any::<bool>()), 1..12)) {
        let mut s = demo::build(DEMO_EPOCH);
        let mut stored = Stored { base: document::encode(&s, 1), base_at: 1, journal: None };
        s.mark_saved();
        let accounts: Vec<AccountId> = s.accounts.keys().copied().collect();
        let mut rng = SplitMix(5);
        for (i, ((actor_ix, cmd), reload)) in seq.into_iter().enumerate() {
            let now = DEMO_EPOCH + i as i64 * 1000;
            let actor = s.actor_for(accounts.get(actor_ix).copied());
            let mut ctx = Ctx { now, rng: &mut rng };
            let _ = s.apply(actor, cmd, &mut ctx);
            stored.save(&mut s, now);
            if reload {
                let back = stored.load();
                prop_assert_eq!(&back, &s);
                s = back;
            }
        }
        prop_assert_eq!(&stored.load(), &s);
    }
}

#[test]
fn a_few_changes_save_as_a_journal_and_a_stale_journal_is_ignored() {
    let mut s = demo::build(DEMO_EPOCH);
    s.mark_saved();
    assert_eq!(document::changed_records(&s), Some(0));
    let member = *s.accounts.keys().last().unwrap();
    s.accounts.get_mut(&member).unwrap().retired = true;
    let request = s.requests.keys().next().copied().unwrap();
    s.requests.get_mut(&request).unwrap().created += 1;
    assert_eq!(document::changed_records(&s), Some(2));
    let document::Save::Journal(j) = document::plan_save(&s, Some(7), 8) else { panic!("a journal") };
    assert!(j.contains("\"tuan-journal\"") && !j.contains("\"orgs\":{\""), "{j}");
    let mut old = demo::build(DEMO_EPOCH);
    old.mark_saved();
    assert_eq!(document::apply_journal(&mut old.clone(), &j, 6), Ok(false), "another document's journal");
    assert_eq!(document::apply_journal(&mut old.clone(), "{", 7), Err(DocError::Corrupt));
    assert_eq!(document::apply_journal(&mut old, &j, 7), Ok(true));
    assert_eq!(old, s);
    // A removal rewrites the document: the removed data must leave the device.
    s.requests.remove(&request);
    assert_eq!(document::encode_journal(&s, 7, 8), None);
    assert!(matches!(document::plan_save(&s, Some(7), 8), document::Save::Whole(_)));
    // Unknown changes (a new, read or cloned state), or too many, save the whole document.
    assert!(matches!(document::plan_save(&s.clone(), Some(7), 8), document::Save::Whole(_)));
    assert!(matches!(document::plan_save(&s, None, 8), document::Save::Whole(_)));
    let mut many = demo::build(DEMO_EPOCH).fork();
    many.mark_saved();
    for a in many.accounts.keys().copied().collect::<Vec<_>>() {
        many.accounts.get_mut(&a).unwrap().retired = true;
    }
    assert!(matches!(document::plan_save(&many, Some(7), 8), document::Save::Whole(_)));
}

/// Version 2 writes short keys; what version 1 wrote (long keys) is still read, the same state.
const LONG_KEYS: [(&str, &str); 42] = [
    ("i", "id"),
    ("n", "name"),
    ("k", "kind"),
    ("pr", "parent"),
    ("b", "branch"),
    ("c", "created"),
    ("u", "updated"),
    ("ic", "id_number"),
    ("bd", "birth"),
    ("sx", "sex"),
    ("ps", "political_status"),
    ("et", "ethnicity"),
    ("ed", "education"),
    ("jm", "join_month"),
    ("mn", "member_number"),
    ("is", "is_student"),
    ("sn", "student_no"),
    ("wv", "wants_volunteer"),
    ("sa", "service_area"),
    ("np", "native_place"),
    ("rs", "residence"),
    ("dr", "directions"),
    ("gc", "guardian_consent"),
    ("rg", "registered"),
    ("v", "version"),
    ("p", "profile"),
    ("aa", "accepted_at"),
    ("cd", "cadre"),
    ("vo", "volunteer"),
    ("cs", "consent"),
    ("pa", "profile_at"),
    ("ma", "membership_at"),
    ("l", "login"),
    ("r", "role"),
    ("rt", "retired"),
    ("a", "applicant"),
    ("s", "state"),
    ("o", "others"),
    ("st", "settled"),
    ("y", "year"),
    ("m", "month"),
    ("d", "day"),
];

fn long_keys(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (LONG_KEYS.iter().find(|(s, _)| *s == k).map_or(k, |(_, l)| l.to_string()), long_keys(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(long_keys).collect()),
        other => other,
    }
}

#[test]
fn version_1_documents_journals_and_files_are_read() {
    use tuan::core::sync::{self, Kind};
    let mut s = demo::build(DEMO_EPOCH);
    let doc = document::encode(&s, DEMO_EPOCH);
    assert!(doc.contains("\"ic\":\"11") && !doc.contains("\"id_number\""), "version 2 writes short keys");
    // The document: the long keys under version 1 (the envelope's own keys are the same in both).
    let mut v1: serde_json::Value = serde_json::from_str(&doc).unwrap();
    v1["state"] = long_keys(v1["state"].take());
    v1["version"] = 1.into();
    let text = v1.to_string();
    assert!(text.contains("\"id_number\""));
    let loaded = document::decode(&text).unwrap();
    assert_eq!((loaded.state, loaded.from_version), (s.clone(), 1));
    // A version 1 journal beside it.
    let id = *s.accounts.keys().next().unwrap();
    s.mark_saved();
    s.accounts.get_mut(&id).unwrap().login = "13912349999".into();
    let document::Save::Journal(j) = document::plan_save(&s, Some(DEMO_EPOCH), DEMO_EPOCH + 1) else { panic!("a journal") };
    let mut j1: serde_json::Value = serde_json::from_str(&j).unwrap();
    j1["state"] = long_keys(j1["state"].take());
    j1["version"] = 1.into();
    let mut back = loaded_state(&text);
    assert_eq!(document::apply_journal(&mut back, &j1.to_string(), DEMO_EPOCH), Ok(true));
    assert_eq!(back.accounts[&id].login, "13912349999");
    // A version 1 sync file: long keys, its digest over that body.
    let file = s.sync_file(Actor::Anonymous, Kind::Backup, DEMO_EPOCH).unwrap();
    let mut f1: serde_json::Value = serde_json::from_str(&file.encode()).unwrap();
    let body = long_keys(f1["body"].take()).to_string();
    f1["digest"] = tuan::core::auth::sha256_hex(&body).into();
    f1["version"] = 1.into();
    let f1 = f1.to_string().replace("\"body\":null", &format!("\"body\":{body}"));
    let read = sync::decode(&f1, DEMO_EPOCH).unwrap();
    assert_eq!(read.body, sync::decode(&file.encode(), DEMO_EPOCH).unwrap().body);
}

fn loaded_state(text: &str) -> State {
    document::decode(text).unwrap().state
}
