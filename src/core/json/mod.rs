//! JSON, read and written by hand: the [`Decode`] trait over a small pull [`Reader`] (`read.rs`), and
//! the [`Writer`] with the [`Encode`] trait (`write.rs`), and each type's keys (`json::model` for the model; the sync
//! file's and document's envelopes where they are defined). One list of keys per struct
//! ([`json_struct`]) gives both directions.
//!
//! Why not serde: its derived visitors, with serde_json's parser inlined into each, were 44 KB of
//! the member's 275 KB gzip download, and its serialisers 9 more (ARCHITECTURE.md, "JSON by hand").
//! Here the parser is one copy, a struct's writer is one loop over its fields, and a type's reader
//! is a list of its keys.
//!
//! The rules are serde's, so that every document and file written before reads the same: unknown
//! keys are skipped (after checking they are well-formed JSON); a missing `Option` is `None`; a
//! field marked `#[default]` may be missing; any other missing field, a wrong type, a number out of
//! range, text after the value or nesting deeper than [`MAX_DEPTH`] is [`Malformed`]. Where a key
//! repeats, the last one counts.

pub mod model;
mod read;
mod write;

pub use read::Reader;

pub(crate) use write::{encode_fields, encode_names, encode_struct};
pub use write::{to_string, Encode, KeyText, Raw, Writer};

use super::table::Table;
use std::collections::BTreeMap;

/// The text is not JSON, or not the JSON of the type asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

pub type Result<T> = std::result::Result<T, Malformed>;

/// How deep arrays and objects may nest (serde_json's limit): deeper input is refused rather than
/// allowed to exhaust the stack.
pub const MAX_DEPTH: u32 = 128;

/// A type read from JSON.
pub trait Decode: Sized {
    fn decode(r: &mut Reader<'_>) -> Result<Self>;

    /// The value of a missing field: an error, except for `Option` (`None`).
    fn missing() -> Result<Self> {
        Err(Malformed)
    }
}

/// Reads the whole text as one `T`: nothing but white space may follow it.
pub fn from_str<T: Decode>(text: &str) -> Result<T> {
    let mut r = Reader::new(text);
    let value = T::decode(&mut r)?;
    r.end()?;
    Ok(value)
}

/// A field read by [`decode_fields`]: present, or else [`Decode::missing`].
pub fn required<T: Decode>(value: Option<T>) -> Result<T> {
    match value {
        Some(v) => Ok(v),
        None => T::missing(),
    }
}


/// Reads a JSON object into a struct (or a struct variant) from its fields' keys: each field's
/// current key, then the older ones it is still read under. A field marked `#[default]` may be
/// missing; so may an `Option`, and a field marked `#[omit]` (which the writer leaves out when
/// empty, [`encode_fields`]).
///
/// ```ignore
/// decode_fields!(r, Org { id: "i" | "id", name: "n" | "name", #[default] updated: "u" | "updated" })
/// ```
///
/// A field marked `#[raw]` is the value's text as written ([`Reader::raw`]), and must be there.
macro_rules! decode_fields {
    ($r:expr, $($ctor:ident)::+ { $($(#[$how:ident])? $field:ident : $($key:literal)|+),* $(,)? }) => {{
        $(let mut $field = None;)*
        $r.object(&mut |r, key| {
            match key {
                $($($key)|+ => $field = Some($crate::core::json::decode_fields!(@read r $($how)?)),)*
                _ => r.skip()?,
            }
            Ok(())
        })?;
        $($ctor)::+ { $($field: $crate::core::json::decode_fields!(@take $field $($how)?),)* }
    }};
    (@read $r:ident raw) => { $r.raw()? };
    (@read $r:ident $($how:ident)?) => { $crate::core::json::Decode::decode($r)? };
    (@take $field:ident default) => { $field.unwrap_or_default() };
    (@take $field:ident omit) => { $field.unwrap_or_default() };
    (@take $field:ident raw) => { $field.ok_or($crate::core::json::Malformed)? };
    (@take $field:ident) => { $crate::core::json::required($field)? };
}
pub(crate) use decode_fields;

/// [`Decode`] for a struct by [`decode_fields`].
macro_rules! decode_struct {
    ($ty:ident { $($body:tt)* }) => {
        impl $crate::core::json::Decode for $ty {
            fn decode(r: &mut $crate::core::json::Reader<'_>) -> $crate::core::json::Result<Self> {
                Ok($crate::core::json::decode_fields!(r, $ty { $($body)* }))
            }
        }
    };
}
pub(crate) use decode_struct;

/// [`Decode`] and [`Encode`] for a struct from one list of its fields and keys (see
/// [`decode_fields`] and [`encode_fields`]).
macro_rules! json_struct {
    ($ty:ident { $($body:tt)* }) => {
        $crate::core::json::decode_struct!($ty { $($body)* });
        $crate::core::json::encode_struct!($ty { $($body)* });
    };
}
pub(crate) use json_struct;

/// [`Decode`] and [`Encode`] for an enum of unit variants, each written as its name.
macro_rules! json_names {
    ($ty:ident { $($body:tt)* }) => {
        $crate::core::json::decode_names!($ty { $($body)* });
        $crate::core::json::encode_names!($ty { $($body)* });
    };
}
pub(crate) use json_names;

/// [`Decode`] for an enum of unit variants, each written as its name.
macro_rules! decode_names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $crate::core::json::Decode for $ty {
            fn decode(r: &mut $crate::core::json::Reader<'_>) -> $crate::core::json::Result<Self> {
                match &*r.str()? {
                    $($name => Ok($ty::$variant),)*
                    _ => Err($crate::core::json::Malformed),
                }
            }
        }
    };
}
pub(crate) use decode_names;

impl Decode for bool {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.bool()
    }
}

impl Decode for String {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.string()
    }
}

impl Decode for u64 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.u64()
    }
}

impl Decode for i64 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.i64()
    }
}

macro_rules! decode_narrower {
    ($($ty:ty: $via:ident),*) => {$(
        impl Decode for $ty {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                <$ty>::try_from(r.$via()?).map_err(|_| Malformed)
            }
        }
    )*};
}
decode_narrower!(u32: u64, usize: u64, i32: i64);

impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        if r.null()? {
            return Ok(None);
        }
        T::decode(r).map(Some)
    }
    fn missing() -> Result<Self> {
        Ok(None)
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        T::decode(r).map(Box::new)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let mut items = Vec::new();
        r.array(&mut |r| {
            items.push(T::decode(r)?);
            Ok(())
        })?;
        Ok(items)
    }
}

/// A pair, written as a two-element array.
impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let (mut a, mut b, mut n) = (None, None, 0);
        r.array(&mut |r| {
            match n {
                0 => a = Some(A::decode(r)?),
                1 => b = Some(B::decode(r)?),
                _ => return Err(Malformed),
            }
            n += 1;
            Ok(())
        })?;
        Ok((a.ok_or(Malformed)?, b.ok_or(Malformed)?))
    }
}

/// A map key, read from the key's text (JSON keys are strings; an ID's is its number).
pub trait Key: Sized {
    fn from_key(key: &str) -> Result<Self>;
}

impl Key for String {
    fn from_key(key: &str) -> Result<Self> {
        Ok(key.to_owned())
    }
}

/// A number as a key: digits only, as serde_json reads one.
pub fn number_key(key: &str) -> Result<u64> {
    let digits = !key.is_empty() && key.bytes().all(|c| c.is_ascii_digit());
    if !digits || (key.len() > 1 && key.starts_with('0')) {
        return Err(Malformed);
    }
    key.parse().map_err(|_| Malformed)
}

impl<K: Key + Ord, V: Decode> Decode for Table<K, V> {
    /// Each record inserted as it is read (a later duplicate key wins, as it did with serde).
    /// Collecting them first and building the map at once compiled the standard sort once per
    /// table type: 9 KB of the first load.
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let mut records = BTreeMap::new();
        r.object(&mut |r, key| {
            records.insert(K::from_key(key)?, V::decode(r)?);
            Ok(())
        })?;
        Ok(Table::from_map(records))
    }
}

/// Any value, passed over (a field whose content is not needed, but must be there).
#[derive(Default)]
pub struct Ignored;

impl Decode for Ignored {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.skip().map(|_| Ignored)
    }
}

#[cfg(test)]
mod tests;
