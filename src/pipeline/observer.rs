//! Progress reporting: the library never prints; the CLI renders these events.

/// A pipeline stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Assign,
    Schedule,
    Route,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Assign => "assigning clients",
            Stage::Schedule => "choosing visit days",
            Stage::Route => "routing",
        }
    }
}

/// Receives progress. Implementations must be cheap and thread-safe (routing reports from
/// worker threads).
pub trait Observer: Sync {
    fn stage(&self, _stage: Stage) {}
    /// `done` of `total` units of the current stage are finished.
    fn progress(&self, _done: u64, _total: u64) {}
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {}
