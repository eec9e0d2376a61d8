//! The store: the core's [`State`] in reactive signals, saved to localStorage by one effect, taken
//! from other tabs (`tabs`), with the last import kept for 撤销, the backup reminder, this phone's key pair
//! (`signing`), and the published `directory.json` read at start.
//!
//! Pages read the signals and call [`Store::dispatch`]; they never change the state themselves.
//! Flow of a command: click → `dispatch(Command)` → `State::apply` (core, atomic) → the state signal
//! changes → the save effect writes the whole document with one `setItem`.

pub mod browser;
pub mod drafts;
pub mod loader;
pub mod persist;
pub mod pinyin;
pub mod signing;
pub mod storage;
mod tabs;

use crate::core::commands::{Actor, Apply, Command, Ctx, Outcome, Refusal};
use crate::core::date::Millis;
use crate::core::document::{self, TabMerge};
use crate::core::error::{SaveError, StorageNotice};
use crate::core::model::{AccountId, State};
use crate::core::sync::import::Plan;
use leptos::prelude::*;
use persist::Startup;
use storage::Place;

/// The published organisation directory, fetched at start when the host has it.
pub const DIRECTORY_FILE: &str = "directory.json";

/// A message in the banner at the top of every page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Something went wrong with the saved data (red).
    Problem(String),
    /// For information (green).
    Info(String),
}

/// The app's state and the device's session, shared through context.
#[derive(Clone, Copy)]
pub struct Store {
    pub state: RwSignal<State>,
    /// The account logged in on this device.
    pub session: RwSignal<Option<AccountId>>,
    /// The acting role, derived from the session: changes only when the role does, so a page that
    /// branches on it is not rebuilt (losing what was typed) by every change of the state.
    pub actor: Memo<Actor>,
    /// True once something was saved or loaded: false on the first-run screen.
    pub started: RwSignal<bool>,
    pub notices: RwSignal<Vec<Notice>>,
    /// The last save's failure, if the latest change is not saved.
    pub save_error: RwSignal<Option<SaveError>>,
    /// When this device last saved and exported.
    pub saved_at: RwSignal<Option<Millis>>,
    pub exported_at: RwSignal<Option<Millis>>,
    /// When the last important change was made (see `Command::is_important`); a copy is due when
    /// it is later than `exported_at`.
    pub changed_at: RwSignal<Option<Millis>>,
    /// The state before and after the last import, for 撤销.
    pub last_import: RwSignal<Option<(State, State)>>,
    /// True while a compressed save is under way (the page must not be reloaded before it is written).
    pub save_pending: RwSignal<bool>,
    /// This phone's clock against the web server's, once measured at start (`None`: right, or unknown).
    pub clock: StoredValue<Option<crate::core::clock::ClockSkew>>,
    /// `saved_at` of the whole document in storage, which journals build on (None: save whole).
    base_at: StoredValue<Option<Millis>>,
    /// A change came while a whole document was being compressed: save again once it is written.
    save_again: StoredValue<bool>,
    /// Set when the next state change came from another tab (no need to save it back).
    from_other_tab: StoredValue<bool>,
    /// False while unreadable data could not be set aside: saving would overwrite it.
    may_save: StoredValue<bool>,
    /// This tab's mark (`persist::WRITER_KEY`), how many saves it made, and the last mark it saw:
    /// another mark there means another tab saved since.
    tab: StoredValue<(u64, u32)>,
    seen_writer: StoredValue<Option<String>>,
    /// How this build applies commands (the member's build carries only a member's own).
    apply: Apply,
    /// How this build takes another tab's saved copy (`document::merge_tabs` in the full build).
    merge: document::MergeTabs,
}

impl Store {
    /// Loads the saved document (never failing), installs the save effect and the other-tab listener.
    pub fn start(apply: Apply, merge: document::MergeTabs) -> Store {
        let now = browser::now();
        let mut notices = Vec::new();
        let mut may_save = true;
        let mut saved_at = None;
        let mut base_at = None;
        let mut migrated = false;
        let mut take = |loaded: document::Loaded, notices: &mut Vec<Notice>| {
            if loaded.from_version < document::SCHEMA_VERSION {
                notices.push(Notice::Info(StorageNotice::Migrated { from: loaded.from_version }.to_string()));
                migrated = true;
            }
            saved_at = Some(loaded.saved_at);
            base_at = Some(loaded.saved_at);
            (loaded.state, true)
        };
        let (state, started) = match persist::load(now) {
            Startup::Empty => (State::default(), false),
            Startup::Loaded(loaded) => take(loaded, &mut notices),
            Startup::LoadedWithoutJournal { loaded, backup, .. } => {
                notices.push(Notice::Problem(StorageNotice::JournalSetAside.to_string()));
                if backup.is_none() {
                    may_save = false;
                    notices.push(Notice::Problem(SaveError::BackupFailed.to_string()));
                }
                take(loaded, &mut notices)
            }
            Startup::Unreadable { error, backup } => {
                notices.push(Notice::Problem(error.to_string()));
                if backup.is_none() {
                    may_save = false;
                    notices.push(Notice::Problem(SaveError::BackupFailed.to_string()));
                }
                (State::default(), false)
            }
        };
        let session = Place::Local.value(persist::SESSION_KEY).map(AccountId);
        let exported = Place::Local.value(persist::EXPORTED_KEY);
        let changed = Place::Local.value(persist::CHANGED_KEY);
        let state = RwSignal::new(state);
        let session = RwSignal::new(session);
        let store = Store {
            state,
            session,
            actor: Memo::new(move |_| {
                let id = session.get();
                state.with(|s| s.actor_for(id))
            }),
            started: RwSignal::new(started),
            notices: RwSignal::new(notices),
            save_error: RwSignal::new(None),
            saved_at: RwSignal::new(saved_at),
            exported_at: RwSignal::new(exported),
            changed_at: RwSignal::new(changed),
            last_import: RwSignal::new(None),
            save_pending: RwSignal::new(false),
            clock: StoredValue::new(None),
            base_at: StoredValue::new(base_at),
            save_again: StoredValue::new(false),
            from_other_tab: StoredValue::new(false),
            may_save: StoredValue::new(may_save),
            tab: StoredValue::new((crate::core::entropy::Entropy::next_u64(&mut browser::CryptoEntropy), 0)),
            seen_writer: StoredValue::new(persist::last_writer()),
            apply,
            merge,
        };
        store.install_save_effect();
        store.install_other_tab_listener();
        store.load_directory();
        if signing::has_key_pair() {
            store.ensure_key();
        }
        // A document of an older version is written again, whole, in the current one, once.
        if migrated && may_save {
            store.state.update_untracked(State::mark_all_changed);
            store.save();
        }
        store
    }

    /// A published `directory.json` next to index.html (a committee's 组织目录, placed there by
    /// the deployer): its organisations are merged in, so members find their branch without any
    /// file exchange. Absent or unreadable: nothing happens.
    fn load_directory(self) {
        leptos::task::spawn_local(async move {
            let (text, server_time) = browser::fetch_fresh(DIRECTORY_FILE).await;
            if let Some(server) = server_time {
                self.check_clock(server);
            }
            let Some(text) = text else { return };
            let Ok(envelope) = crate::core::sync::open_directory(&text) else { return };
            let valid = match envelope.seal() {
                Ok(Some(check)) => signing::verify(&check).await,
                _ => None,
            };
            let Ok(directory) = envelope.read_directory(browser::now(), valid) else { return };
            self.state.maybe_update(|s| crate::core::sync::import::take_directory(s, &directory).unwrap_or(false));
        });
    }

    /// This phone's clock against the web server's: an hour off is named on every page, a day off
    /// stops every command (`dispatch`); right, it sets right what a wrong clock dated ahead before.
    fn check_clock(self, server: Millis) {
        let now = browser::now();
        let skew = crate::core::clock::ClockSkew::measure(now, server);
        self.clock.set_value(skew);
        match skew {
            Some(skew) => self.notices.update(|n| n.push(Notice::Problem(crate::core::CoreError::ClockWrong(skew).to_string()))),
            None => {
                let mut moved = 0;
                self.state.maybe_update(|s| {
                    moved = s.pull_back_future(now);
                    moved > 0
                });
                if moved > 0 {
                    self.started.set(true);
                    self.info(crate::core::notices::CLOCK_SET_RIGHT.into());
                }
            }
        }
    }

    /// This device's key pair, made the first time it is needed (not at start: a first visit does
    /// not pay for it): its public key becomes the state's `device_key`, which signs this device's
    /// files and travels in its invite and code links. Pages that show the key call it.
    pub fn ensure_key(self) {
        leptos::task::spawn_local(async move {
            let _ = self.key_pair().await;
        });
    }

    /// This device's public key, its key pair made now if it has none; `None` where WebCrypto
    /// refuses or the pair could not be kept.
    pub async fn own_key(self) -> Option<crate::core::sync::seal::PublicKey> {
        self.key_pair().await.ok().map(|pair| pair.1)
    }

    async fn key_pair(self) -> Result<(web_sys::CryptoKey, crate::core::sync::seal::PublicKey), signing::NoKey> {
        let pair = signing::key_pair().await?;
        self.state.maybe_update(|s| {
            let changed = s.device_key.as_ref() != Some(&pair.1);
            s.device_key = Some(pair.1.clone());
            changed
        });
        Ok(pair)
    }

    /// Whether `password` is the account's: derived with its salt and work factor (WebCrypto's
    /// PBKDF2, slow on purpose), compared by the core.
    pub async fn verify_password(self, id: AccountId, password: &str) -> Result<AccountId, crate::core::CoreError> {
        let challenge = self.state.with_untracked(|s| s.accounts.get(&id).map(|a| (a.password.salt_bytes(), a.password.iterations)));
        let (salt, iterations) = challenge.ok_or(crate::core::CoreError::AccountUnknown)?;
        let key = browser::derive_key(password, &salt, iterations).await;
        self.state.with_untracked(|s| s.verify_login(id, &key))
    }

    /// This phone's private key sealed under its owner's `password` for a 完整备份 (its key pair
    /// made now if it has none); `None` where WebCrypto refuses.
    pub async fn sealed_key(self, password: &str) -> Option<crate::core::sync::sealed_key::SealedKey> {
        self.key_pair().await.ok()?;
        signing::seal(password).await
    }

    /// Makes a restored backup's sealed key this phone's key pair, if `password` opens it.
    pub async fn restore_key(self, sealed: &crate::core::sync::sealed_key::SealedKey, password: &str) -> bool {
        let opened = signing::unseal(sealed, password).await;
        if opened {
            let _ = self.key_pair().await;
        }
        opened
    }

    /// The file's text, signed with this device's key (made now if it has none); unsigned where
    /// the browser cannot sign. Where the new key could not be stored (storage full), no file but a
    /// 完整备份: the failure is shown with what the app can clean (`save_error`), and the caller may
    /// try again.
    pub async fn signed(self, file: &crate::core::sync::SyncFile) -> Result<String, SaveError> {
        match self.key_pair().await {
            Ok(pair) => Ok(signing::encode(file, pair).await),
            Err(signing::NoKey::NoCrypto) => Ok(file.encode()),
            // A 完整备份 goes out all the same (a blank phone restores an unsigned one): it is how the
            // data leaves a phone too full to keep anything more.
            Err(signing::NoKey::NotStored(_)) if file.kind == crate::core::sync::Kind::Backup => Ok(file.encode()),
            Err(signing::NoKey::NotStored(e)) => {
                self.save_error.set(Some(e.clone()));
                Err(e)
            }
        }
    }

    /// The one place the state is written to localStorage. Effects run after the current task,
    /// so several commands in one tick are saved once. The first run only subscribes: what was just
    /// loaded is already saved, and rewriting it would cost every start a full save.
    fn install_save_effect(self) {
        Effect::new(move |ran_before: Option<()>| {
            let started = self.started.get();
            self.state.track();
            if ran_before.is_none() || !started || !self.may_save.get_value() {
                return;
            }
            if self.from_other_tab.get_value() {
                self.from_other_tab.set_value(false);
                return;
            }
            self.save();
        });
        Effect::new(move |_| match self.session.get() {
            Some(id) => {
                let _ = Place::Local.set(persist::SESSION_KEY, &id.0);
            }
            None => persist::remove(persist::SESSION_KEY),
        });
    }

    /// Saves the state: only the records changed since the saved document (the journal) when they
    /// are few, else the whole document (ARCHITECTURE.md, "Saving only what changed"). A large
    /// document is compressed by the browser, asynchronously; meanwhile nothing else is written (a
    /// journal must not build on a document not yet stored), and the changes made meanwhile are
    /// saved right after it.
    fn save(self) {
        if self.save_pending.get_untracked() {
            self.save_again.set_value(true);
            return;
        }
        // Another tab saved since this one last read or wrote: its change is joined in first, so
        // no save overwrites a change it has not seen.
        if self.join_other_tabs() == Some(TabMerge::Theirs) {
            return;
        }
        let now = browser::now();
        let plan = self.state.with_untracked(|s| document::plan_save(s, self.base_at.get_value(), now));
        let text = match plan {
            document::Save::Journal(text) => return self.finish_save(persist::write(persist::JOURNAL_KEY, &text), now),
            document::Save::Whole(text) => text,
        };
        // From here on, changes are noted against this document.
        self.state.update_untracked(State::mark_saved);
        if text.len() <= crate::core::sync::COMPRESS_ABOVE {
            self.finish_whole(persist::write_whole(&text), now);
            return;
        }
        self.save_pending.set(true);
        leptos::task::spawn_local(async move {
            let stored = persist::storable(text).await;
            self.finish_whole(persist::write_whole(&stored), now);
            self.save_pending.set(false);
            if self.save_again.get_value() {
                self.save_again.set_value(false);
                self.save();
            }
        });
    }

    /// Storage full: removes the copies set aside at start (the person confirmed), and saves again.
    pub fn clean_storage(self) {
        persist::remove_set_aside();
        self.state.update_untracked(State::mark_all_changed);
        self.save();
    }

    fn finish_whole(self, result: Result<(), SaveError>, now: Millis) {
        match result {
            Ok(()) => self.base_at.set_value(Some(now)),
            // Not stored: the next save writes the whole document again.
            Err(_) => self.state.update_untracked(State::mark_all_changed),
        }
        self.finish_save(result, now);
    }

    fn finish_save(self, result: Result<(), SaveError>, now: Millis) {
        match result {
            Ok(()) => {
                let (tab, count) = self.tab.get_value();
                let mark = format!("{tab:x}:{}", count + 1);
                self.tab.set_value((tab, count + 1));
                persist::mark_writer(&mark);
                self.seen_writer.set_value(Some(mark));
                self.save_error.set(None);
                self.saved_at.set(Some(now));
            }
            Err(e) => self.save_error.set(Some(e)),
        }
    }

    /// The acting role on this device (tracked, through the memo).
    pub fn actor(&self) -> Actor {
        self.actor.get()
    }

    /// Applies a command to the state; on a refusal nothing changes and nothing is saved.
    pub fn dispatch(&self, cmd: Command) -> Result<Outcome, Refusal> {
        // A clock a day off dates nothing: a receiver would refuse it, or it would be misplaced.
        if let Some(skew) = self.clock.get_value().filter(|c| c.harmful()) {
            return Err(Refusal::One(crate::core::CoreError::ClockWrong(skew)));
        }
        let actor = self.state.with_untracked(|s| s.actor_for(self.session.get_untracked()));
        let important = cmd.is_important();
        let mut result = None;
        self.state.maybe_update(|s| {
            let mut rng = browser::CryptoEntropy;
            let mut ctx = Ctx { now: browser::now(), rng: &mut rng };
            let r = (self.apply)(s, actor, cmd, &mut ctx);
            let changed = r.is_ok();
            result = Some(r);
            changed
        });
        if result.as_ref().is_some_and(Result::is_ok) {
            self.started.set(true);
            if important {
                self.mark_changed();
            }
        }
        result.unwrap_or(Err(Refusal::One(crate::core::CoreError::NotAllowed)))
    }

    /// Replaces the whole state (the demo).
    pub fn replace(&self, mut state: State) {
        self.session.set(None);
        state.device_key = self.state.with_untracked(|s| s.device_key.clone());
        // Replaced whole: another tab's older copy must not be joined back in.
        state.epoch = crate::core::model::next_stamp(self.state.with_untracked(|s| s.epoch), browser::now());
        self.state.set(state);
        self.started.set(true);
    }

    /// 从空白开始 on a device with no data of its own: it is started as it is, so what it learned
    /// from the published directory at start (its only records) stays.
    pub fn start_blank(&self) {
        self.session.set(None);
        self.started.set(true);
    }

    pub fn info(&self, text: String) {
        self.notices.update(|n| {
            n.retain(|x| *x != Notice::Info(text.clone()));
            n.push(Notice::Info(text));
        });
    }

    pub fn dismiss(&self, index: usize) {
        self.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }

    /// Takes a checked import: the merged state replaces this one, and the previous is kept for 撤销.
    pub fn import(&self, plan: Plan) {
        let before = self.state.get_untracked();
        self.last_import.set(Some((before, plan.merged.clone())));
        self.state.set(plan.merged);
        self.started.set(true);
        self.mark_changed();
    }

    /// 撤销 the last import; false (nothing done) when the state changed since, which would be lost.
    pub fn undo_import(&self) -> bool {
        let Some((mut before, after)) = self.last_import.get_untracked() else { return false };
        if self.state.with_untracked(|s| *s != after) {
            return false;
        }
        // Records removed: another tab's copy with them must not be joined back in.
        before.epoch = crate::core::model::next_stamp(after.epoch, browser::now());
        before.mark_all_changed();
        self.state.set(before);
        self.last_import.set(None);
        true
    }

    /// Whether a copy of the data is due: an important change since the last export.
    pub fn backup_due(&self) -> bool {
        match (self.changed_at.get(), self.exported_at.get()) {
            (Some(c), Some(e)) => c > e,
            (Some(_), None) => true,
            _ => false,
        }
    }

    fn mark_changed(&self) {
        let now = browser::now();
        let _ = Place::Local.set(persist::CHANGED_KEY, &now);
        self.changed_at.set(Some(now));
    }

    pub fn mark_exported(&self) {
        let now = browser::now();
        let _ = Place::Local.set(persist::EXPORTED_KEY, &now);
        self.exported_at.set(Some(now));
    }
}

pub fn use_store() -> Store {
    use_context::<Store>().expect("Store is provided by App")
}
