//! One sort for the whole app. Every `sort_by` on a new element type or closure compiles the
//! standard library's sort again (about 5 KB of wasm each); here one small merge sort runs on a
//! permutation of indices with a `dyn` comparator, and only the small reordering is generic.

use std::cmp::Ordering;

/// Stable sort of `v` by `cmp`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let perm = permutation(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Position i takes the element that was at perm[i]: follow each cycle with swaps.
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut j = start;
        while !done[j] {
            done[j] = true;
            let k = perm[j];
            if k == start {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// Stable sort of `v` by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The stable order of `0..n` by `cmp`: a bottom-up merge sort, a few hundred bytes of wasm where
/// the standard library's stable sort takes about 5 KB of the first load.
fn permutation(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf = idx.clone();
    let mut width = 1;
    while width < n {
        // Merge each pair of sorted runs of `width` into `buf`; on a tie the left run goes first.
        for start in (0..n).step_by(2 * width) {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            let (mut i, mut j) = (start, mid);
            for slot in &mut buf[start..end] {
                if j >= end || (i < mid && cmp(idx[i], idx[j]) != Ordering::Greater) {
                    *slot = idx[i];
                    i += 1;
                } else {
                    *slot = idx[j];
                    j += 1;
                }
            }
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, vec![(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        let mut w: Vec<String> = ["b", "a", "c"].iter().map(|s| s.to_string()).collect();
        sort_by(&mut w, |a, b| b.cmp(a));
        assert_eq!(w, ["c", "b", "a"]);
        let mut e: Vec<u8> = Vec::new();
        sort_by_key(&mut e, |x| *x);
        assert!(e.is_empty());
    }

    #[test]
    fn agrees_with_the_standard_sort() {
        let mut seed = 7u64;
        for n in 0..60 {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            sort_by_key(&mut v, |x| x.0);
            assert_eq!(v, want);
        }
    }
}
