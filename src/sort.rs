//! The crate's one sort: stable, like `slice::sort_by`, but compiled once.
//!
//! Why not `slice::sort_by`: it is generic over the element and the comparison,
//! so each call site became its own copy of the standard library's sort (about
//! 5 KB of wasm each, 112 KB for the crate's thirty call sites). Here the
//! standard sort runs on positions with the comparison behind `dyn`, a single
//! instantiation; what stays generic per call site is a key extraction and a
//! few swaps.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in their order.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let view = &*items;
        positions(view.len(), &mut |a, b| compare(&view[a], &view[b]))
    };
    permute(items, order);
}

/// Sorts `items` by the key of each, computed once per item (not once per
/// comparison), keeping equal items in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = positions(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    permute(items, order);
}

/// Sorts `items` in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` (of two positions) gives,
/// ties in position order: the only instantiation of the standard sort.
fn positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[k]` to position `k`, by following each cycle of
/// the permutation with swaps (no item is cloned or needs a default).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        // Along a cycle, the item first at `start` travels forward while each
        // position receives the item it wants, still untouched at `order[at]`.
        while order[at] != DONE {
            let from = std::mem::replace(&mut order[at], DONE);
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pseudo-random pairs with many equal keys: stability shows.
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 7, 64, 500] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 59) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            let (mut by, mut by_key, mut natural) = (items.clone(), items.clone(), items.clone());
            sort_by(&mut by, |a, b| a.0.cmp(&b.0));
            sort_by_key(&mut by_key, |p| p.0);
            sort(&mut natural);
            assert_eq!(by, expected, "sort_by, {len} items");
            assert_eq!(by_key, expected, "sort_by_key, {len} items");
            let mut all = items.clone();
            all.sort();
            assert_eq!(natural, all, "sort, {len} items");
        }
    }

    #[test]
    fn reverse_and_sorted_inputs() {
        let mut down: Vec<String> = (0..100).rev().map(|i| format!("{i:03}")).collect();
        sort(&mut down);
        assert!(down.windows(2).all(|w| w[0] < w[1]));
        sort(&mut down);
        assert!(down.windows(2).all(|w| w[0] < w[1]));
    }
}
