//! JSON, read and written by hand: a small pull reader and the [`Decode`] trait, the [`Writer`] and
//! the [`Encode`] trait (`write.rs`), and each type's keys (`json::model` for the model; the sync
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
mod write;

pub(crate) use write::{encode_fields, encode_names, encode_struct};
pub use write::{to_string, Encode, KeyText, Raw, Writer};

use super::table::Table;
use std::borrow::Cow;
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

/// A cursor over JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { text, pos: 0, depth: 0 }
    }

    // `byte`, `peek`, `expect` and `next_or_close` are inlined even in the size-optimised build:
    // a call for each of them was an eighth of reading a 10,000-member document in V8 (+0.7 KB).
    #[inline(always)]
    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next byte that is not white space.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        let b = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(self.pos) {
            self.pos += 1;
        }
        b.get(self.pos).copied()
    }

    #[inline(always)]
    fn expect(&mut self, c: u8) -> Result<()> {
        if self.peek() != Some(c) {
            return Err(Malformed);
        }
        self.pos += 1;
        Ok(())
    }

    fn word(&mut self, w: &str) -> Result<()> {
        self.peek();
        if !self.text.as_bytes()[self.pos..].starts_with(w.as_bytes()) {
            return Err(Malformed);
        }
        self.pos += w.len();
        Ok(())
    }

    /// Only white space is left.
    pub fn end(mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Malformed),
        }
    }

    /// `null` next: it is read and true; else nothing is read.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.word("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.word("true").map(|_| true),
            Some(b'f') => self.word("false").map(|_| false),
            _ => Err(Malformed),
        }
    }

    /// An integer: its sign and magnitude. A fraction or exponent is not an integer.
    fn integer(&mut self) -> Result<(bool, u64)> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let start = self.pos;
        let mut n: u64 = 0;
        while let Some(c @ b'0'..=b'9') = self.byte() {
            n = n.checked_mul(10).and_then(|n| n.checked_add(u64::from(c - b'0'))).ok_or(Malformed)?;
            self.pos += 1;
        }
        let digits = self.pos - start;
        let leading_zero = digits > 1 && self.text.as_bytes()[start] == b'0';
        if digits == 0 || leading_zero || matches!(self.byte(), Some(b'.' | b'e' | b'E')) {
            return Err(Malformed);
        }
        Ok((negative, n))
    }

    pub fn u64(&mut self) -> Result<u64> {
        match self.integer()? {
            (true, n) if n != 0 => Err(Malformed),
            (_, n) => Ok(n),
        }
    }

    pub fn i64(&mut self) -> Result<i64> {
        let (negative, n) = self.integer()?;
        if negative {
            0i64.checked_sub_unsigned(n).ok_or(Malformed)
        } else {
            i64::try_from(n).map_err(|_| Malformed)
        }
    }

    /// A string, borrowed from the text when it has no escapes.
    pub fn str(&mut self) -> Result<Cow<'a, str>> {
        self.expect(b'"')?;
        let b = self.text.as_bytes();
        let start = self.pos;
        let mut i = start;
        // The common case, a string without escapes, scanned in one tight loop.
        while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
            i += 1;
        }
        match b.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                return Ok(Cow::Borrowed(&self.text[start..i]));
            }
            Some(b'\\') => {}
            _ => return Err(Malformed),
        }
        let mut out = String::with_capacity(i - start + 16);
        let mut run = start;
        loop {
            match b.get(i) {
                Some(b'"') => {
                    out.push_str(&self.text[run..i]);
                    self.pos = i + 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..i]);
                    let (c, len) = self.escape(i + 1)?;
                    out.push(c);
                    i += 1 + len;
                    run = i;
                }
                Some(&c) if c >= 0x20 => i += 1,
                _ => return Err(Malformed),
            }
        }
    }

    /// The character an escape stands for (`at`: just after the backslash) and its length.
    fn escape(&self, at: usize) -> Result<(char, usize)> {
        let c = match self.text.as_bytes().get(at).ok_or(Malformed)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4(at + 1)?;
                if !(0xD800..0xDC00).contains(&high) {
                    return char::from_u32(high).map(|c| (c, 5)).ok_or(Malformed);
                }
                // A surrogate pair: `\uD83D\uDE00`.
                if self.text.as_bytes().get(at + 5..at + 7) != Some(b"\\u") {
                    return Err(Malformed);
                }
                let low = self.hex4(at + 7)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Err(Malformed);
                }
                let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).ok_or(Malformed)?;
                return Ok((c, 11));
            }
            _ => return Err(Malformed),
        };
        Ok((c, 1))
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self.text.get(at..at + 4).ok_or(Malformed)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(Malformed);
        }
        u32::from_str_radix(digits, 16).map_err(|_| Malformed)
    }

    pub fn string(&mut self) -> Result<String> {
        self.str().map(Cow::into_owned)
    }

    fn enter(&mut self, open: u8) -> Result<()> {
        self.expect(open)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Malformed);
        }
        Ok(())
    }

    /// After an element: true at the closing `close`, false at a comma.
    #[inline(always)]
    fn next_or_close(&mut self, close: u8) -> Result<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(true)
            }
            _ => Err(Malformed),
        }
    }

    /// An object: `field` is called with each key, the reader at its value, and must read it.
    pub fn object(&mut self, field: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<()>) -> Result<()> {
        self.enter(b'{')?;
        if self.peek() == Some(b'}') {
            return self.next_or_close(b'}').map(|_| ());
        }
        loop {
            let key = self.str()?;
            self.expect(b':')?;
            field(self, &key)?;
            if self.next_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    /// An array: `item` is called at each element and must read it.
    pub fn array(&mut self, item: &mut dyn FnMut(&mut Reader<'a>) -> Result<()>) -> Result<()> {
        self.enter(b'[')?;
        if self.peek() == Some(b']') {
            return self.next_or_close(b']').map(|_| ());
        }
        loop {
            item(self)?;
            if self.next_or_close(b']')? {
                return Ok(());
            }
        }
    }

    /// Any value, checked and passed over.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek().ok_or(Malformed)? {
            b'{' => self.object(&mut |r, _| r.skip()),
            b'[' => self.array(&mut |r| r.skip()),
            b'"' => self.str().map(|_| ()),
            b't' | b'f' => self.bool().map(|_| ()),
            b'n' => self.word("null"),
            _ => self.number(),
        }
    }

    /// Any JSON number, passed over.
    fn number(&mut self) -> Result<()> {
        let digits = |r: &mut Reader| {
            let start = r.pos;
            while let Some(b'0'..=b'9') = r.byte() {
                r.pos += 1;
            }
            if r.pos == start {
                Err(Malformed)
            } else {
                Ok(start)
            }
        };
        if self.byte() == Some(b'-') {
            self.pos += 1;
        }
        let start = digits(self)?;
        if self.pos - start > 1 && self.text.as_bytes()[start] == b'0' {
            return Err(Malformed);
        }
        if self.byte() == Some(b'.') {
            self.pos += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.byte() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.byte() {
                self.pos += 1;
            }
            digits(self)?;
        }
        Ok(())
    }

    /// The text of the next value, exactly as written (for a digest over it), checked and passed over.
    pub fn raw(&mut self) -> Result<&'a str> {
        self.peek();
        let start = self.pos;
        self.skip()?;
        Ok(&self.text[start..self.pos])
    }

    /// An externally tagged enum, as serde writes one: `"Variant"`, or `{"Variant": content}`.
    /// `variant` gets the name and whether content follows (the reader then at it).
    pub fn variant<T>(&mut self, variant: impl FnOnce(&mut Reader<'a>, &str, bool) -> Result<T>) -> Result<T> {
        if self.peek() == Some(b'"') {
            let name = self.str()?;
            return variant(self, &name, false);
        }
        self.enter(b'{')?;
        let name = self.str()?;
        self.expect(b':')?;
        let value = variant(self, &name, true)?;
        self.expect(b'}')?;
        self.depth -= 1;
        Ok(value)
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
pub struct Ignored;

impl Decode for Ignored {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.skip().map(|_| Ignored)
    }
}

#[cfg(test)]
mod tests;
