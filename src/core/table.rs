//! A table of the state: an ordered map that remembers which of its records changed since the
//! store last saved it, so that a change to a few records saves only those (see
//! `document::encode_journal` and ARCHITECTURE.md, "Saving only what changed").
//!
//! Reading goes through `Deref` to the map. Every way to change it is a method here, and each one
//! notes the keys it may change; one that cannot say which (`values_mut`, `retain`) notes the whole
//! table. The default is the safe side: a new, deserialised or cloned table counts as entirely
//! changed, so that a state that did not come from this device's own saved copy is saved whole.
//! Only [`Table::fork`] (the atomic copy `State::apply` works on) keeps the notes, and only
//! [`Table::mark_saved`] clears them.

use std::collections::btree_map::{Entry, IterMut, ValuesMut};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Deref;

/// Which records of a table changed since its last save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Changed<K: Ord> {
    /// Unknown: the table must be saved whole.
    All,
    /// These keys (inserted, changed or removed).
    Keys(BTreeSet<K>),
}

impl<K: Ord> Changed<K> {
    fn note(&mut self, key: K) {
        if let Changed::Keys(keys) = self {
            keys.insert(key);
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Changed::Keys(k) if k.is_empty())
    }
}

#[derive(Debug)]
pub struct Table<K: Ord, V> {
    map: BTreeMap<K, V>,
    changed: Changed<K>,
}

impl<K: Ord, V> Default for Table<K, V> {
    fn default() -> Self {
        Table { map: BTreeMap::new(), changed: Changed::All }
    }
}

impl<K: Ord + Clone, V: Clone> Clone for Table<K, V> {
    /// A clone counts as entirely changed: whatever becomes of it is saved whole.
    fn clone(&self) -> Self {
        Table { map: self.map.clone(), changed: Changed::All }
    }
}

impl<K: Ord, V: PartialEq> PartialEq for Table<K, V> {
    /// Equal records, whatever was noted.
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}
impl<K: Ord, V: Eq> Eq for Table<K, V> {}

impl<K: Ord, V> Deref for Table<K, V> {
    type Target = BTreeMap<K, V>;
    fn deref(&self) -> &BTreeMap<K, V> {
        &self.map
    }
}

impl<K: Ord, V> Table<K, V> {
    /// A table of these records, read from elsewhere: entirely changed.
    pub fn from_map(map: BTreeMap<K, V>) -> Self {
        Table { map, changed: Changed::All }
    }
}

impl<K: Ord + Clone, V> Table<K, V> {
    /// A copy that keeps the notes: for working on a copy that then replaces the original.
    pub fn fork(&self) -> Self
    where
        V: Clone,
    {
        Table { map: self.map.clone(), changed: self.changed.clone() }
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let value = self.map.get_mut(key)?;
        self.changed.note(key.clone());
        Some(value)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.changed.note(key.clone());
        self.map.insert(key, value)
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        let old = self.map.remove(key)?;
        self.changed.note(key.clone());
        Some(old)
    }

    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        self.changed.note(key.clone());
        self.map.entry(key)
    }

    /// Runs `f` on every record; notes only those it says it changed.
    pub fn update_each(&mut self, mut f: impl FnMut(&mut V) -> bool) {
        for (k, v) in self.map.iter_mut() {
            if f(v) {
                self.changed.note(k.clone());
            }
        }
    }

    /// Every record may change: the whole table is noted.
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        self.changed = Changed::All;
        self.map.values_mut()
    }

    /// Every record may change: the whole table is noted.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.changed = Changed::All;
        self.map.iter_mut()
    }

    /// Every record may change or go: the whole table is noted.
    pub fn retain(&mut self, f: impl FnMut(&K, &mut V) -> bool) {
        self.changed = Changed::All;
        self.map.retain(f);
    }

    /// Removes every record: the whole table is noted.
    pub fn clear(&mut self) {
        self.changed = Changed::All;
        self.map.clear();
    }

    /// The records, taken out.
    pub fn into_records(self) -> BTreeMap<K, V> {
        self.map
    }

    /// What changed since the last [`Table::mark_saved`].
    pub fn changed(&self) -> &Changed<K> {
        &self.changed
    }

    /// Everything counts as changed (the last save failed).
    pub fn mark_all_changed(&mut self) {
        self.changed = Changed::All;
    }

    /// The table as it is now is saved.
    pub fn mark_saved(&mut self) {
        self.changed = Changed::Keys(BTreeSet::new());
    }
}

impl<K: Ord + Clone, V> Extend<(K, V)> for Table<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K: Ord + Clone, V> FromIterator<(K, V)> for Table<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut t = Table::default();
        t.extend(iter);
        t
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a Table<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

/// A table is written as a JSON object keyed by record ID (`"1000001": {…}`), in key order; read,
/// each record is inserted as it comes (a later duplicate key wins).
impl<K: Ord + serde::Serialize, V: serde::Serialize> serde::Serialize for Table<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.map.iter())
    }
}

impl<'de, K: Ord + serde::Deserialize<'de>, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Table<K, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(d).map(Table::from_map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved() -> Table<u64, &'static str> {
        let mut t: Table<u64, &str> = [(1, "a"), (2, "b"), (3, "c")].into_iter().collect();
        t.mark_saved();
        t
    }

    #[test]
    fn new_cloned_and_read_tables_count_as_all_changed() {
        assert_eq!(*Table::<u64, u8>::default().changed(), Changed::All);
        assert_eq!(*saved().clone().changed(), Changed::All);
        let read: Table<crate::core::OrgId, String> = serde_json::from_str(r#"{"1":"a"}"#).unwrap();
        assert_eq!(*read.changed(), Changed::All);
        assert!(saved().fork().changed().is_empty());
    }

    #[test]
    fn each_change_notes_its_key() {
        let mut t = saved();
        assert!(t.get(&1).is_some() && t.len() == 3 && t.changed().is_empty(), "reading notes nothing");
        *t.get_mut(&2).unwrap() = "B";
        t.insert(7, "g");
        t.remove(&3);
        t.remove(&99);
        assert!(t.get_mut(&98).is_none());
        t.entry(5).or_insert("e");
        assert_eq!(*t.changed(), Changed::Keys([2, 3, 5, 7].into_iter().collect()));
        let mut f = t.fork();
        f.insert(8, "h");
        assert_eq!(*f.changed(), Changed::Keys([2, 3, 5, 7, 8].into_iter().collect()));
        t.values_mut().for_each(|_| ());
        assert_eq!(*t.changed(), Changed::All);
        let mut r = saved();
        r.retain(|k, _| *k > 1);
        assert_eq!(*r.changed(), Changed::All);
        assert_eq!(crate::core::to_json(&r.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>()), "[[2,\"b\"],[3,\"c\"]]");
    }
}
