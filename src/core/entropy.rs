//! Randomness, supplied by the shell (WebCrypto `getRandomValues`) so the core stays deterministic
//! under test. IDs, registration codes and reset codes are drawn from it.

/// A source of random 64-bit values.
pub trait Entropy {
    fn next_u64(&mut self) -> u64;

    /// Uniform in `0..n` (rejection sampling, no modulo bias).
    fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0);
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }
}

/// SplitMix64: a seeded generator for tests, the demo data set and property tests. Not for secrets.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl Entropy for SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The alphabet of codes people read aloud and type: no 0/O, 1/I/L.
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A random code of `len` characters from [`CODE_ALPHABET`] (about 4.95 bits each).
pub fn random_code(rng: &mut dyn Entropy, len: usize) -> String {
    (0..len).map(|_| char::from(CODE_ALPHABET[rng.below(31) as usize])).collect()
}

/// Whether `code` (canonical) is a code of `len` characters of [`CODE_ALPHABET`].
pub fn is_code(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// Canonical form of a typed code: upper-case, separators and spaces removed, and the look-alikes
/// people type by mistake mapped back (O→0 is not in the alphabet, so it stays invalid).
pub fn canonical_code(input: &str) -> String {
    input.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// `ABCD-EFGH-JKMN-PQRS`: groups of four for reading aloud.
pub fn grouped_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_only_the_alphabet() {
        let mut r = SplitMix(1);
        for _ in 0..200 {
            let c = random_code(&mut r, 16);
            assert_eq!(c.len(), 16);
            assert!(c.bytes().all(|b| CODE_ALPHABET.contains(&b)));
            assert!(!c.contains(['0', 'O', '1', 'I', 'L']));
        }
        // 16 characters of 31 give more than 60 bits.
        assert!(16.0 * 31f64.log2() > 79.0);
    }

    #[test]
    fn canonical_and_grouped() {
        assert_eq!(canonical_code(" abcd-efgh jkmn-pqrs "), "ABCDEFGHJKMNPQRS");
        assert_eq!(grouped_code("ABCDEFGHJKMNPQRS"), "ABCD-EFGH-JKMN-PQRS");
    }

    #[test]
    fn below_is_in_range() {
        let mut r = SplitMix(9);
        for n in 1..100 {
            assert!(r.below(n) < n);
        }
    }
}
