//! The large stack renders run on: nested `include`s recurse through the
//! executor, deeper than a caller's stack (a tokio worker has 2 MiB) could
//! hold. The render runs on the calling thread, switched to a fresh stack
//! segment for its duration. Handing the render to another thread instead
//! costs a wake-up and a trip of the chart's data to another core: measured,
//! that was about half the time of rendering a small chart.
//!
//! A thread that already has the stack a render asks for (one spawned with
//! [`RENDER_THREAD_STACK`](crate::RENDER_THREAD_STACK)) renders in place: a
//! fresh segment costs three system calls and its first page faults on every
//! render, a tenth of the time of a small chart.

use std::panic::AssertUnwindSafe;

/// A render panicked (a bug): the caller reports it as an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Panicked;

/// Runs `work` with at least `size` bytes of stack: in place when the calling
/// thread has that much left, else on a fresh segment. A panic in it is
/// returned as [`Panicked`], not propagated.
pub(crate) fn on_large_stack<T>(size: usize, work: impl FnOnce() -> T) -> Result<T, Panicked> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        if stacker::remaining_stack().is_some_and(|left| left >= size) {
            work()
        } else {
            stacker::grow(size, work)
        }
    }))
    .map_err(|_| Panicked)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recursion that needs at least `depth` KiB of stack.
    fn deep(depth: usize) -> u8 {
        let frame = [depth as u8; 1024];
        if depth == 0 {
            return frame[0];
        }
        std::hint::black_box(&frame);
        deep(depth - 1).wrapping_add(std::hint::black_box(frame)[1023])
    }

    #[test]
    fn work_gets_the_asked_stack_on_the_calling_thread() {
        let caller = std::thread::current().id();
        // 16 MiB of frames or more would overflow this test thread's 2 MiB stack.
        let (thread, sum) =
            on_large_stack(256 << 20, || (std::thread::current().id(), deep(16 << 10))).unwrap();
        assert_eq!(thread, caller);
        assert_eq!(
            sum,
            (0..=(16u32 << 10))
                .map(|d| d as u8)
                .fold(0u8, u8::wrapping_add)
        );
    }

    #[test]
    fn a_thread_with_the_stack_works_in_place() {
        const ASKED: usize = 64 << 20;
        // In place, the work sees the thread's own stack, more than asked;
        // on a fresh segment it would see at most the segment.
        let left = std::thread::Builder::new()
            .stack_size(ASKED + (4 << 20))
            .spawn(|| on_large_stack(ASKED, stacker::remaining_stack).unwrap())
            .unwrap()
            .join()
            .unwrap()
            .unwrap();
        assert!(left > ASKED, "{left}");
        // A thread without it gets a segment of the asked size.
        let left = on_large_stack(ASKED, stacker::remaining_stack)
            .unwrap()
            .unwrap();
        assert!(left <= ASKED, "{left}");
    }

    #[test]
    fn a_panic_is_reported_and_the_thread_serves_on() {
        assert_eq!(
            on_large_stack(1 << 20, || -> u8 { panic!("boom") }),
            Err(Panicked)
        );
        assert_eq!(on_large_stack(1 << 20, || 7), Ok(7));
    }
}
