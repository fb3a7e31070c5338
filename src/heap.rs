//! The app's global allocator in the browser: dlmalloc (the wasm target's
//! own allocator, here from its crate) as two heaps, one for blocks of
//! [`LARGE_FROM`] bytes and more, one for the rest.
//!
//! Why: a long session frees and allocates large blocks of every size (the
//! hash maps and lists a search builds, record chunks of about 300 KB)
//! among a steady churn of small ones (cards decoded, strings, nodes). In
//! one heap, small blocks settle in the holes large ones leave, so the next
//! large block rarely fits and dlmalloc takes fresh memory at the top; wasm
//! linear memory never shrinks, and at a million enterprises it rose by
//! about 5 MB in 25 minutes while what Rust held stayed flat (issue 19).
//! Native allocators keep large blocks apart (dlmalloc maps them with mmap,
//! which wasm has not); two heaps do the same here: a large hole is only
//! ever split by another large block, and freed neighbours merge.
//!
//! Both heaps take memory from `memory.grow` as the target's allocator
//! does; the target's own copy is then unused and left out of the module.

// A `GlobalAlloc` is unsafe to implement: this one passes each request to
// one of two dlmalloc heaps, chosen by the request's size, so a block is
// always freed and resized by the heap that made it.
#![allow(unsafe_code)]

use dlmalloc::Dlmalloc;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

/// Blocks of this many bytes or more come from the large heap.
pub const LARGE_FROM: usize = 64 << 10;

/// Where a heap takes its memory: the target's `memory.grow`, or with the
/// measuring feature `heap-stats` the same, counted ([`stats`]).
#[cfg(not(all(feature = "heap-stats", target_arch = "wasm32")))]
type Sys = dlmalloc::Dlmalloc;
#[cfg(all(feature = "heap-stats", target_arch = "wasm32"))]
type Sys = dlmalloc::Dlmalloc<stats::Grow>;

/// Heap number `heap`'s dlmalloc.
#[cfg(not(all(feature = "heap-stats", target_arch = "wasm32")))]
const fn sys(_heap: usize) -> Sys {
    Dlmalloc::new()
}
#[cfg(all(feature = "heap-stats", target_arch = "wasm32"))]
const fn sys(heap: usize) -> Sys {
    Dlmalloc::new_with_allocator(stats::Grow(heap))
}

/// Two dlmalloc heaps, small and large blocks apart.
pub struct TwoHeaps {
    small: UnsafeCell<Sys>,
    large: UnsafeCell<Sys>,
}

// SAFETY: the app's wasm has no threads (no `atomics` target feature: the
// global allocator below is only set then), so the heaps are never used
// from two threads at once.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for TwoHeaps {}

impl TwoHeaps {
    pub const fn new() -> TwoHeaps {
        TwoHeaps {
            small: UnsafeCell::new(sys(0)),
            large: UnsafeCell::new(sys(1)),
        }
    }

    /// The heap of blocks of `size` bytes.
    fn heap(&self, size: usize) -> *mut Sys {
        if size >= LARGE_FROM {
            self.large.get()
        } else {
            self.small.get()
        }
    }
}

impl Default for TwoHeaps {
    fn default() -> TwoHeaps {
        TwoHeaps::new()
    }
}

unsafe impl GlobalAlloc for TwoHeaps {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread (see `Sync`), and dlmalloc never calls back into
        // the global allocator, so this is the heap's only borrow.
        stats::alloc(layout.size());
        unsafe { (*self.heap(layout.size())).malloc(layout.size(), layout.align()) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        stats::alloc(layout.size());
        unsafe { (*self.heap(layout.size())).calloc(layout.size(), layout.align()) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated with `layout`, so by the heap its size picks.
        stats::free(layout.size());
        unsafe { (*self.heap(layout.size())).free(ptr, layout.size(), layout.align()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let from = self.heap(layout.size());
        let to = self.heap(new_size);
        stats::free(layout.size());
        stats::alloc(new_size);
        // SAFETY: as for `alloc` and `dealloc`; a block that changes heaps is
        // copied (the smaller of its two sizes) and freed where it was made.
        unsafe {
            if from == to {
                return (*from).realloc(ptr, layout.size(), layout.align(), new_size);
            }
            let moved = (*to).malloc(new_size, layout.align());
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                (*from).free(ptr, layout.size(), layout.align());
            }
            moved
        }
    }
}

/// The bytes of the app's wasm linear memory, for the caches' budgets
/// (`MEMORY_CAP` in `src/data.rs`).
#[cfg(target_arch = "wasm32")]
pub fn memory_bytes() -> usize {
    core::arch::wasm32::memory_size(0) << 16
}

/// Outside the browser there is no linear memory to hold down.
#[cfg(not(target_arch = "wasm32"))]
pub fn memory_bytes() -> usize {
    0
}

/// What the heaps hold and take, for a measuring build (feature
/// `heap-stats`, read by `tests/e2e/session.mjs` through
/// `zhixin_heap_stats`); without the feature every hook is empty.
#[cfg(not(feature = "heap-stats"))]
pub mod stats {
    #[inline(always)]
    pub(super) fn alloc(_size: usize) {}
    #[inline(always)]
    pub(super) fn free(_size: usize) {}
    /// Tags the growth of memory from now on with what the app does.
    #[inline(always)]
    pub fn phase(_phase: usize) {}
}

/// What the heaps hold and take (see the other `stats`).
#[cfg(feature = "heap-stats")]
pub mod stats {
    use super::LARGE_FROM;
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    /// Bytes live, the most ever live, and taken from the system, per heap.
    static LIVE: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];
    static PEAK: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];
    static SYS: [AtomicUsize; 2] = [const { AtomicUsize::new(0) }; 2];
    /// Allocations by heap and power of two of their size.
    static HIST: [AtomicUsize; 64] = [const { AtomicUsize::new(0) }; 64];
    static PHASE: AtomicUsize = AtomicUsize::new(0);
    static LAST: AtomicUsize = AtomicUsize::new(0);
    /// Each growth: heap, the request that caused it, bytes taken, live then, phase.
    const GROWS: usize = 2048;
    static GROW: [AtomicUsize; GROWS * 5] = [const { AtomicUsize::new(0) }; GROWS * 5];
    static NGROW: AtomicUsize = AtomicUsize::new(0);

    fn heap(size: usize) -> usize {
        usize::from(size >= LARGE_FROM)
    }

    pub(super) fn alloc(size: usize) {
        let h = heap(size);
        let live = LIVE[h].load(Relaxed) + size;
        LIVE[h].store(live, Relaxed);
        if live > PEAK[h].load(Relaxed) {
            PEAK[h].store(live, Relaxed);
        }
        let b = (usize::BITS - size.leading_zeros()) as usize;
        HIST[h * 32 + b.min(31)].fetch_add(1, Relaxed);
        LAST.store(size, Relaxed);
    }

    pub(super) fn free(size: usize) {
        let h = heap(size);
        LIVE[h].store(LIVE[h].load(Relaxed).wrapping_sub(size), Relaxed);
    }

    /// Tags the growth of memory from now on with what the app does.
    pub fn phase(phase: usize) {
        PHASE.store(phase, Relaxed);
    }

    /// `memory.grow`, counted.
    #[cfg(target_arch = "wasm32")]
    pub struct Grow(pub usize);

    // SAFETY: as the target's own wasm allocator: fresh pages from
    // `memory.grow`, never returned.
    #[cfg(target_arch = "wasm32")]
    unsafe impl dlmalloc::Allocator for Grow {
        fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
            let pages = size.div_ceil(65536);
            let prev = core::arch::wasm32::memory_grow(0, pages);
            if prev == usize::MAX {
                return (std::ptr::null_mut(), 0, 0);
            }
            let bytes = pages * 65536;
            SYS[self.0].fetch_add(bytes, Relaxed);
            let n = NGROW.fetch_add(1, Relaxed);
            if n < GROWS {
                let e = [
                    self.0,
                    LAST.load(Relaxed),
                    bytes,
                    LIVE[self.0].load(Relaxed),
                    PHASE.load(Relaxed),
                ];
                for (i, v) in e.into_iter().enumerate() {
                    GROW[n * 5 + i].store(v, Relaxed);
                }
            }
            ((prev * 65536) as *mut u8, bytes, 0)
        }
        fn remap(&self, _: *mut u8, _: usize, _: usize, _: bool) -> *mut u8 {
            std::ptr::null_mut()
        }
        fn free_part(&self, _: *mut u8, _: usize, _: usize) -> bool {
            false
        }
        fn free(&self, _: *mut u8, _: usize) -> bool {
            false
        }
        fn can_release_part(&self, _: u32) -> bool {
            false
        }
        fn allocates_zeros(&self) -> bool {
            true
        }
        fn page_size(&self) -> usize {
            65536
        }
    }

    /// The counts as JSON: `live`, `peak`, `sys` per heap, `hist` (per heap,
    /// allocations by bit length of their size), `grows` ([heap, request,
    /// bytes, live, phase] each).
    pub fn report() -> String {
        let list = |a: &[AtomicUsize]| {
            let v: Vec<String> = a.iter().map(|x| x.load(Relaxed).to_string()).collect();
            format!("[{}]", v.join(","))
        };
        let n = NGROW.load(Relaxed).min(GROWS);
        let grows: Vec<String> = (0..n).map(|i| list(&GROW[i * 5..i * 5 + 5])).collect();
        format!(
            "{{\"live\":{},\"peak\":{},\"sys\":{},\"hist\":[{},{}],\"grows\":[{}]}}",
            list(&LIVE),
            list(&PEAK),
            list(&SYS),
            list(&HIST[..32]),
            list(&HIST[32..]),
            grows.join(",")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_bytes_when_resized_within_and_across_the_heaps() {
        let heaps = TwoHeaps::new();
        let fill = |p: *mut u8, n: usize| {
            for i in 0..n {
                // SAFETY: `p` holds at least `n` bytes.
                unsafe { *p.add(i) = (i % 251) as u8 };
            }
        };
        let holds = |p: *mut u8, n: usize| {
            // SAFETY: `p` holds at least `n` bytes.
            (0..n).all(|i| unsafe { *p.add(i) } == (i % 251) as u8)
        };
        let at = |size: usize| Layout::from_size_align(size, 8).unwrap();
        // SAFETY: every pointer is used within the size it was last given
        // and freed or resized with the layout it has then.
        unsafe {
            let p = heaps.alloc(at(1000));
            assert!(!p.is_null());
            fill(p, 1000);
            // Small → small, small → large, large → large, large → small.
            let p = heaps.realloc(p, at(1000), 5000);
            assert!(holds(p, 1000));
            fill(p, 5000);
            let p = heaps.realloc(p, at(5000), LARGE_FROM + 10);
            assert!(holds(p, 5000));
            fill(p, LARGE_FROM + 10);
            let p = heaps.realloc(p, at(LARGE_FROM + 10), 300_000);
            assert!(holds(p, LARGE_FROM + 10));
            let p = heaps.realloc(p, at(300_000), 100);
            assert!(holds(p, 100));
            heaps.dealloc(p, at(100));
            // Zeroed blocks and a wide alignment, in both heaps.
            for size in [3000, LARGE_FROM * 2] {
                let layout = Layout::from_size_align(size, 64).unwrap();
                let z = heaps.alloc_zeroed(layout);
                assert_eq!(z as usize % 64, 0);
                assert!((0..size).all(|i| *z.add(i) == 0));
                heaps.dealloc(z, layout);
            }
            // A freed large block is reused by the next one of its size.
            let a = heaps.alloc(at(200_000));
            heaps.dealloc(a, at(200_000));
            let b = heaps.alloc(at(200_000));
            assert_eq!(a, b);
            heaps.dealloc(b, at(200_000));
        }
    }
}
