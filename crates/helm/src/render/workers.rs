//! Threads with a large stack that renders run on: nested `include`s recurse
//! through the executor, deeper than a caller's stack (a tokio worker has 2 MiB)
//! could hold. Workers are kept and reused, so a render costs a hand-over
//! rather than a thread start (about twenty system calls, and page faults on a
//! fresh stack, every render). A worker idle for a while exits, returning its
//! stack; concurrent renders each get a worker of their own.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A unit of work handed to a worker.
type Job = Box<dyn FnOnce() + Send>;

/// An idle worker: its id and the way to hand it a job.
struct Idle {
    id: u64,
    jobs: Sender<Job>,
}

/// A set of reusable worker threads.
pub(crate) struct Workers {
    /// Name of the worker threads.
    name: &'static str,
    /// Stack size of each worker thread.
    stack: usize,
    /// How long a worker waits for a job before exiting.
    idle_timeout: Duration,
    /// Workers waiting for a job, the most recently used last.
    idle: Mutex<Vec<Idle>>,
    next_id: AtomicU64,
}

/// Why a job did not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobError {
    /// No worker thread could be started.
    Spawn(String),
    /// The job panicked.
    Panicked,
}

impl Workers {
    /// An empty set; workers start on demand.
    pub(crate) const fn new(name: &'static str, stack: usize, idle_timeout: Duration) -> Self {
        Workers {
            name,
            stack,
            idle_timeout,
            idle: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(0),
        }
    }

    /// Runs `work` on a worker (an idle one, or a new one) and waits for its result.
    pub(crate) fn run<T, F>(&'static self, work: F) -> Result<T, JobError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (done, outcome) = mpsc::sync_channel(1);
        let mut job: Job = Box::new(move || {
            // A panic ends the job, not the worker; the caller reports it.
            let result = std::panic::catch_unwind(AssertUnwindSafe(work));
            let _ = done.send(result);
        });
        let worker = loop {
            let Some(worker) = self.lock_idle().pop() else {
                let worker = self.spawn()?;
                // A new worker waits for its first job well past this send.
                match worker.jobs.send(job) {
                    Ok(()) => break worker,
                    Err(mpsc::SendError(_)) => return Err(JobError::Panicked),
                }
            };
            match worker.jobs.send(job) {
                Ok(()) => break worker,
                // That worker has gone; try the next one.
                Err(mpsc::SendError(back)) => job = back,
            }
        };
        let result = outcome.recv();
        self.lock_idle().push(worker);
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) | Err(_) => Err(JobError::Panicked),
        }
    }

    fn lock_idle(&self) -> MutexGuard<'_, Vec<Idle>> {
        // The list stays consistent whatever panicked while holding it.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn spawn(&'static self) -> Result<Idle, JobError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (jobs, inbox) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name(self.name.into())
            .stack_size(self.stack)
            .spawn(move || {
                loop {
                    match inbox.recv_timeout(self.idle_timeout) {
                        Ok(job) => job(),
                        Err(RecvTimeoutError::Disconnected) => return,
                        Err(RecvTimeoutError::Timeout) => {
                            // Leave only while listed as idle: once a caller
                            // has taken this worker, its job is on the way.
                            let mut idle = self.lock_idle();
                            if let Some(at) = idle.iter().position(|w| w.id == id) {
                                idle.remove(at);
                                return;
                            }
                        }
                    }
                }
            })
            .map_err(|e| JobError::Spawn(e.to_string()))?;
        Ok(Idle { id, jobs })
    }

    /// How many workers are idle.
    #[cfg(test)]
    fn idle_count(&self) -> usize {
        self.lock_idle().len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};
    use std::thread::ThreadId;
    use std::time::Instant;

    use super::*;

    fn current() -> ThreadId {
        std::thread::current().id()
    }

    #[test]
    fn sequential_jobs_reuse_one_worker_with_the_asked_stack() {
        static POOL: Workers = Workers::new("test-reuse", 64 << 20, Duration::from_secs(60));
        let first = POOL.run(current).unwrap();
        let second = POOL.run(current).unwrap();
        assert_ne!(first, current());
        assert_eq!(first, second);
        assert_eq!(POOL.idle_count(), 1);
        // 32 MiB of locals would overflow a default 8 MiB stack.
        let deep = POOL.run(|| {
            let big = [7u8; 32 << 20];
            std::hint::black_box(&big)[(32 << 20) - 1]
        });
        assert_eq!(deep, Ok(7));
    }

    #[test]
    fn a_panicking_job_is_reported_and_the_worker_serves_on() {
        static POOL: Workers = Workers::new("test-panic", 1 << 20, Duration::from_secs(60));
        let worker = POOL.run(current).unwrap();
        assert_eq!(
            POOL.run(|| -> u8 { panic!("boom") }),
            Err(JobError::Panicked)
        );
        assert_eq!(POOL.run(current), Ok(worker));
    }

    #[test]
    fn concurrent_jobs_get_workers_of_their_own() {
        static POOL: Workers = Workers::new("test-concurrent", 1 << 20, Duration::from_secs(60));
        // Both jobs must run at once to pass the barrier.
        let barrier = Arc::new(Barrier::new(2));
        let other = {
            let barrier = barrier.clone();
            std::thread::spawn(move || POOL.run(move || barrier.wait().is_leader()))
        };
        let here = POOL.run(move || barrier.wait().is_leader()).unwrap();
        let there = other.join().unwrap().unwrap();
        assert_ne!(here, there);
        assert_eq!(POOL.idle_count(), 2);
    }

    #[test]
    fn idle_workers_exit_and_new_ones_start() {
        static POOL: Workers = Workers::new("test-idle", 1 << 20, Duration::from_millis(20));
        let first = POOL.run(current).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while POOL.idle_count() > 0 {
            assert!(Instant::now() < deadline, "the idle worker never exited");
            std::thread::sleep(Duration::from_millis(1));
        }
        let second = POOL.run(current).unwrap();
        assert_ne!(first, second);
    }
}
