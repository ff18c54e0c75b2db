//! One way to stop: a deadline, or a stop request (Ctrl-C) that every search loop honours.
//!
//! Searches call [`expired`] where they would compare `Instant::now()` with their deadline, so
//! an interrupted run ends as if its time were up and returns the best plan so far.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static STOP: AtomicBool = AtomicBool::new(false);

/// Asks every running search to stop as soon as it can (e.g. from a SIGINT handler).
pub fn request() {
    STOP.store(true, Ordering::SeqCst);
}

/// Whether a stop was requested.
pub fn requested() -> bool {
    STOP.load(Ordering::Relaxed)
}

/// Clears a stop request (tests and long-lived embedders).
pub fn reset() {
    STOP.store(false, Ordering::SeqCst);
}

/// Whether a search with this deadline must stop now.
#[inline]
pub fn expired(deadline: Option<Instant>) -> bool {
    requested() || deadline.is_some_and(|d| Instant::now() >= d)
}
