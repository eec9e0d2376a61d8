//! Other tabs of this phone (or other WeChat web views): what one saves is joined into the others.

use super::{persist, Store};
use crate::core::document::{self, TabMerge};
use crate::core::error::StorageNotice;
use crate::core::model::State;
use leptos::prelude::*;

impl Store {
    /// Another tab saved: show its state here. Forms keep what was typed, since their drafts live
    /// in the pages' own signals and in `drafts`, not in the state.
    pub(super) fn install_other_tab_listener(self) {
        let handle = window_event_listener(leptos::ev::storage, move |e: web_sys::StorageEvent| {
            let key = e.key();
            // 清除本机数据 in another tab (or all storage cleared): this tab's copy must not write the
            // erased data back. It starts again from what is stored, which is nothing.
            if key.is_none() || key.as_deref() == Some(persist::STATE_KEY) && e.new_value().is_none() {
                let _ = window().location().reload();
                return;
            }
            if key.as_deref() != Some(persist::STATE_KEY) && key.as_deref() != Some(persist::JOURNAL_KEY) {
                return;
            }
            // The mark of the save this event reports, read now: a later save is not yet seen.
            let writer = persist::last_writer();
            leptos::task::spawn_local(async move {
                if let Some(loaded) = persist::read_saved_by_other_tab().await {
                    self.take_from_other_tab(loaded, writer);
                }
            });
        });
        // The listener lives as long as the app.
        std::mem::forget(handle);
    }

    /// Joined, not replaced (`document::merge_tabs`): a change of this tab that the other had not
    /// seen yet stays, and is saved back.
    fn take_from_other_tab(self, loaded: document::Loaded, writer: Option<String>) {
        self.seen_writer.set_value(writer);
        let saved_at = loaded.saved_at;
        let (merged, how) = self.state.with_untracked(|s| (self.merge)(s, loaded.state));
        match how {
            TabMerge::Theirs | TabMerge::Later if self.state.with_untracked(|s| *s == merged) => return,
            TabMerge::Theirs | TabMerge::Later => {
                self.base_at.set_value(Some(saved_at));
                self.from_other_tab.set_value(true);
                self.state.set(merged);
                self.save_error.set(None);
                self.saved_at.set(Some(saved_at));
            }
            TabMerge::Mine => {
                self.state.update_untracked(State::mark_all_changed);
                // As the save effect would: never over data that could not be set aside.
                if self.may_save.get_value() && self.started.get_untracked() {
                    self.save();
                }
                return;
            }
            TabMerge::Joined => {
                let mut merged = merged;
                merged.mark_all_changed();
                self.state.set(merged);
            }
        }
        self.started.set(true);
        self.info(StorageNotice::SyncedFromOtherTab.to_string());
    }

    /// Before a save: what another tab saved since this one last read or wrote, joined into this
    /// tab's state (a plain document is read at once; a compressed one comes with the storage
    /// event). `Some(Theirs)`: the saved copy holds everything this tab has, and is taken as it is.
    pub(super) fn join_other_tabs(self) -> Option<TabMerge> {
        let writer = persist::last_writer();
        if writer.is_none() || writer == self.seen_writer.get_value() {
            return None;
        }
        let Some(loaded) = persist::read_plain_saved() else {
            // Compressed (read only asynchronously, with the storage event): saved whole, so no
            // journal is written on a document another tab replaced.
            self.state.update_untracked(State::mark_all_changed);
            return None;
        };
        self.seen_writer.set_value(writer);
        let saved_at = loaded.saved_at;
        let (mut merged, how) = self.state.with_untracked(|s| (self.merge)(s, loaded.state));
        match how {
            // Not joined (the member's build): this tab's save is the later one.
            TabMerge::Later => return None,
            TabMerge::Theirs => {
                self.base_at.set_value(Some(saved_at));
                self.saved_at.set(Some(saved_at));
            }
            TabMerge::Mine => {}
            TabMerge::Joined => merged.mark_all_changed(),
        }
        if how != TabMerge::Mine {
            // Shown, without this change counting as one of this tab's to save.
            self.state.update_untracked(|s| *s = merged);
            self.from_other_tab.set_value(true);
            self.state.update(|_| {});
        }
        if how == TabMerge::Mine {
            self.state.update_untracked(State::mark_all_changed);
        }
        Some(how)
    }
}
