//! The reader: a cursor over JSON text that the [`Decode`](super::Decode) impls pull values from.
//! Strings are borrowed from the text unless they hold escapes; integers are checked for range;
//! nesting is limited to [`MAX_DEPTH`].

use super::{Malformed, Result, MAX_DEPTH};
use std::borrow::Cow;

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
