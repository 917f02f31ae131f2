//! Data parallelism on all cores with the `parallel` feature (rayon), and
//! the same calls run sequentially without it, so that a user who does not
//! want a thread pool in their program gets the same results from the same
//! code.

#[cfg(feature = "parallel")]
pub(crate) use rayon::{current_num_threads, join, prelude::*};

#[cfg(not(feature = "parallel"))]
pub(crate) use sequential::*;

#[cfg(not(feature = "parallel"))]
mod sequential {
    use std::slice::{Chunks, ChunksMut, Iter, Windows};

    /// One thread: the caller's.
    pub(crate) fn current_num_threads() -> usize {
        1
    }

    /// Runs `a`, then `b`.
    pub(crate) fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
    where
        A: FnOnce() -> RA,
        B: FnOnce() -> RB,
    {
        let first = a();
        (first, b())
    }

    /// rayon's slice methods, as the standard library's sequential ones.
    pub(crate) trait ParallelSlice<T> {
        fn par_iter(&self) -> Iter<'_, T>;
        fn par_chunks(&self, size: usize) -> Chunks<'_, T>;
        fn par_windows(&self, size: usize) -> Windows<'_, T>;
    }

    impl<T> ParallelSlice<T> for [T] {
        fn par_iter(&self) -> Iter<'_, T> {
            self.iter()
        }

        fn par_chunks(&self, size: usize) -> Chunks<'_, T> {
            self.chunks(size)
        }

        fn par_windows(&self, size: usize) -> Windows<'_, T> {
            self.windows(size)
        }
    }

    /// rayon's mutable slice methods, sequentially.
    pub(crate) trait ParallelSliceMut<T> {
        fn par_chunks_mut(&mut self, size: usize) -> ChunksMut<'_, T>;
        fn par_sort_unstable(&mut self)
        where
            T: Ord;
    }

    impl<T> ParallelSliceMut<T> for [T] {
        fn par_chunks_mut(&mut self, size: usize) -> ChunksMut<'_, T> {
            self.chunks_mut(size)
        }

        fn par_sort_unstable(&mut self)
        where
            T: Ord,
        {
            self.sort_unstable();
        }
    }
}
