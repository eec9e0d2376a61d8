//! The pinyin initials table (`core::initials`), fetched from beside index.html the first time
//! someone types initials into 找组织, then kept for the visit. Not in the first load: it is
//! 17 KB gzip, and most people search by characters.

use crate::core::initials::{Initials, FILE};
use crate::store::browser;
use leptos::prelude::*;
use std::sync::Arc;

/// The table's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Table {
    Loading,
    Ready(Arc<Initials>),
    /// Not fetched (no network) or not a whole table.
    Failed,
}

thread_local! {
    static TABLE: std::cell::OnceCell<ArcRwSignal<Table>> = const { std::cell::OnceCell::new() };
}

/// The table (tracked), starting its download on the first call.
pub fn table() -> Table {
    TABLE.with(|cell| {
        cell.get_or_init(|| {
            let signal = ArcRwSignal::new(Table::Loading);
            let set = signal.clone();
            leptos::task::spawn_local(async move {
                let read = browser::fetch_text(&format!("./{FILE}")).await.ok().and_then(|t| Initials::parse(&t));
                set.set(read.map_or(Table::Failed, |t| Table::Ready(Arc::new(t))));
            });
            signal
        })
        .get()
    })
}
