//! Visit rules → visit days: patterns, spacing, staggering, team visits.

use crate::assign::AssignOutcome;
use crate::model::{Problem, Seconds, Window};
use crate::travel::Travel;
use std::time::Instant;

/// One visit to be routed on one manager-day.
#[derive(Clone, Debug, PartialEq)]
pub struct VisitJob {
    pub client: usize,
    pub role: String,
    pub service_s: Seconds,
    /// Windows for the *start* of service (opening windows shortened by the service time),
    /// sorted and disjoint.
    pub start_windows: Vec<Window>,
    /// Shared id of a team visit, else `None`.
    pub team: Option<String>,
    /// Other days of the same manager this visit may move to without breaking any rule
    /// (spacing, client days, staggering); empty when its day is fixed.
    pub alt_days: Vec<u32>,
}

/// The visits of one manager on one cycle day.
#[derive(Clone, Debug, PartialEq)]
pub struct DaySchedule {
    pub manager: usize,
    pub day: u32,
    pub jobs: Vec<VisitJob>,
}

/// Visits the schedule could not place.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingVisits {
    pub client: usize,
    pub role: String,
    pub missing: u32,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScheduleOutcome {
    pub days: Vec<DaySchedule>,
    pub missing: Vec<MissingVisits>,
}

#[derive(Clone, Debug)]
pub struct ScheduleOptions {
    pub seed: u64,
    pub deadline: Option<Instant>,
}

/// Chooses visit days for every assigned requirement.
pub fn schedule(
    problem: &Problem,
    travel: &dyn Travel,
    assignment: &AssignOutcome,
    opts: &ScheduleOptions,
) -> ScheduleOutcome {
    let _ = (problem, travel, assignment, opts);
    todo!("schedule")
}
