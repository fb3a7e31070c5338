//! Stable sorting with a single copy of the sort algorithm in the app's wasm.
//!
//! Every `sort_by` call site with its own element type or comparator is a
//! separate copy of the standard library's sort (about 3 KB of wasm each, a
//! dozen of them in the app). With the `lean` feature (the app) the methods
//! here sort a list of indices with one non-generic call and then move the
//! elements into place; without it (compiler, CLI) they are the standard
//! library's stable sorts, unchanged. Both orders are the same stable order.

use std::cmp::Ordering;

/// Stable sorts for slices; see the module documentation.
pub trait StableSort<T> {
    /// Like `slice::sort_by` (stable).
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, f: F);

    /// Like `slice::sort_by_key` (stable).
    fn stable_sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut f: F) {
        self.stable_sort_by(|a, b| f(a).cmp(&f(b)));
    }

    /// Like `slice::sort` (stable).
    fn stable_sort(&mut self)
    where
        T: Ord,
    {
        self.stable_sort_by(T::cmp);
    }
}

impl<T> StableSort<T> for [T] {
    #[cfg(feature = "lean")]
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, mut f: F) {
        sort_by_index(self, &mut f);
    }

    #[cfg(not(feature = "lean"))]
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, f: F) {
        self.sort_by(f);
    }
}

/// Sorts `v` stably by `cmp` through a sorted list of indices.
#[cfg_attr(not(feature = "lean"), allow(dead_code))]
pub(crate) fn sort_by_index<T>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    let mut order = {
        let s: &[T] = v;
        sorted_indices(s.len(), &mut |a, b| cmp(&s[a], &s[b]))
    };
    // Position i must receive the element now at `order[i]`: follow each
    // cycle of the permutation once, marking finished positions as fixed points.
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// The indices `0..n` in the stable order `cmp` gives them: the one
/// instantiation of the standard sort.
#[cfg_attr(not(feature = "lean"), allow(dead_code))]
#[inline(never)]
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

#[cfg(test)]
mod tests;
