//! Writing JSON: the [`Encode`] trait and the [`Writer`], producing exactly what serde_json wrote
//! before (`json/tests.rs` holds it to a recorded copy, byte for byte): no white space, keys in the
//! order a type lists them, `"`, `\` and control characters escaped and nothing else.

use super::super::table::Table;

/// JSON text being written.
#[derive(Default)]
pub struct Writer {
    out: String,
}

/// A type written as JSON. Object-safe, so that a struct's fields are written by one loop
/// ([`Writer::fields`]) rather than by code compiled for each struct.
pub trait Encode {
    fn encode(&self, w: &mut Writer);

    /// Left out of its object by a field marked `#[omit]` (an empty list, a `None`, no password).
    fn omitted(&self) -> bool {
        false
    }
}

/// The value as JSON text.
pub fn to_string<T: Encode + ?Sized>(value: &T) -> String {
    let mut w = Writer::default();
    value.encode(&mut w);
    w.out
}

impl Writer {
    fn comma(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.out.push(',');
        }
    }

    /// Text written as it is (a value already JSON).
    pub fn raw(&mut self, json: &str) {
        self.comma();
        self.out.push_str(json);
    }

    pub fn str(&mut self, s: &str) {
        self.comma();
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let escaped = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[run..i]);
            if escaped.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                self.out.push_str(escaped);
            }
            run = i + 1;
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }

    /// An integer: its sign and magnitude.
    pub fn int(&mut self, negative: bool, n: u64) {
        self.comma();
        self.digits(negative, n);
    }

    /// A number as a key: `"123":`.
    pub fn number_key(&mut self, n: u64) {
        self.comma();
        self.out.push('"');
        self.digits(false, n);
        self.out.push_str("\":");
    }

    fn digits(&mut self, negative: bool, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if negative {
            self.out.push('-');
        }
        self.out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
    }

    pub fn open(&mut self, bracket: char) {
        self.comma();
        self.out.push(bracket);
    }

    pub fn close(&mut self, bracket: char) {
        self.out.push(bracket);
    }

    /// A key of the open object; its value is written next.
    pub fn key(&mut self, key: &str) {
        self.str(key);
        self.out.push(':');
    }

    /// An object of these fields, in this order; a field whose flag is set is left out when
    /// [`Encode::omitted`].
    pub fn fields(&mut self, fields: &[(&str, &dyn Encode, bool)]) {
        self.open('{');
        for &(key, value, omit) in fields {
            if !(omit && value.omitted()) {
                self.key(key);
                value.encode(self);
            }
        }
        self.close('}');
    }

    /// A variant with content, as serde writes one: `{"Name": content}`.
    pub fn variant(&mut self, name: &str, content: &dyn Encode) {
        self.open('{');
        self.key(name);
        content.encode(self);
        self.close('}');
    }

    /// A struct variant: `{"Name": {fields}}`.
    pub fn variant_fields(&mut self, name: &str, fields: &[(&str, &dyn Encode, bool)]) {
        self.open('{');
        self.key(name);
        self.fields(fields);
        self.close('}');
    }
}

/// The fields of a struct for [`Writer::fields`]: each field's first key; `#[omit]` marks one
/// left out when [`Encode::omitted`]. The field list is the one `decode_fields!` takes.
macro_rules! encode_fields {
    ($w:expr, $value:expr, { $($(#[$how:ident])? $field:ident : $key:literal $(| $old:literal)*),* $(,)? }) => {
        $w.fields(&[$(($key, &$value.$field as &dyn $crate::core::json::Encode, $crate::core::json::encode_fields!(@omit $($how)?))),*])
    };
    (@omit omit) => { true };
    (@omit $($how:ident)?) => { false };
}
pub(crate) use encode_fields;

/// [`Encode`] for a struct by [`encode_fields`].
macro_rules! encode_struct {
    ($ty:ident $(<$lt:lifetime>)? { $($body:tt)* }) => {
        impl$(<$lt>)? $crate::core::json::Encode for $ty $(<$lt>)? {
            fn encode(&self, w: &mut $crate::core::json::Writer) {
                $crate::core::json::encode_fields!(w, self, { $($body)* })
            }
        }
    };
}
pub(crate) use encode_struct;

/// [`Encode`] for an enum of unit variants, each written as its name.
macro_rules! encode_names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $crate::core::json::Encode for $ty {
            fn encode(&self, w: &mut $crate::core::json::Writer) {
                w.str(match self {
                    $($ty::$variant => $name,)*
                })
            }
        }
    };
}
pub(crate) use encode_names;

impl Encode for bool {
    fn encode(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
    fn omitted(&self) -> bool {
        !*self
    }
}

impl Encode for str {
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl Encode for String {
    fn encode(&self, w: &mut Writer) {
        w.str(self);
    }
}

macro_rules! encode_ints {
    ($($ty:ty),*) => {$(
        impl Encode for $ty {
            fn encode(&self, w: &mut Writer) {
                w.int(*self < 0, self.unsigned_abs() as u64);
            }
        }
    )*};
}
encode_ints!(i64, i32);

macro_rules! encode_uints {
    ($($ty:ty),*) => {$(
        impl Encode for $ty {
            fn encode(&self, w: &mut Writer) {
                w.int(false, *self as u64);
            }
        }
    )*};
}
encode_uints!(u64, u32, usize);

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, w: &mut Writer) {
        (**self).encode(w);
    }
    fn omitted(&self) -> bool {
        (**self).omitted()
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, w: &mut Writer) {
        (**self).encode(w);
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut Writer) {
        match self {
            Some(v) => v.encode(w),
            None => w.raw("null"),
        }
    }
    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, w: &mut Writer) {
        w.open('[');
        for v in self {
            v.encode(w);
        }
        w.close(']');
    }
    fn omitted(&self) -> bool {
        self.is_empty()
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut Writer) {
        self.as_slice().encode(w);
    }
    fn omitted(&self) -> bool {
        self.is_empty()
    }
}

/// Tuples, written as arrays.
macro_rules! encode_tuples {
    ($(($($t:ident $i:tt),*))*) => {$(
        impl<$($t: Encode),*> Encode for ($($t,)*) {
            fn encode(&self, w: &mut Writer) {
                w.open('[');
                $(self.$i.encode(w);)*
                w.close(']');
            }
        }
    )*};
}
encode_tuples!((A 0, B 1) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4, F 5));

/// A map key as text (an ID is written as its number in a string, as serde_json does).
pub trait KeyText {
    fn key_text(&self, w: &mut Writer);
}

impl KeyText for String {
    fn key_text(&self, w: &mut Writer) {
        w.key(self);
    }
}

impl<K: Ord + KeyText, V: Encode> Encode for Table<K, V> {
    fn encode(&self, w: &mut Writer) {
        w.open('{');
        for (k, v) in self.iter() {
            k.key_text(w);
            v.encode(w);
        }
        w.close('}');
    }
}

/// JSON text written as it is.
pub struct Raw<'a>(pub &'a str);

impl Encode for Raw<'_> {
    fn encode(&self, w: &mut Writer) {
        w.raw(self.0);
    }
}
