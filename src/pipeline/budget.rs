//! Time shares of the stages and the routing effort that fits them.
//!
//! The router stops on an iteration budget per manager; a deadline only cuts a slow machine
//! short. Budgets therefore decide both quality and determinism: they are derived from the
//! time limit and the schedule alone (never from the clock or the thread count), so a seed
//! gives the same plan on any number of threads whenever the run finishes inside its limit.

use super::routing::{iteration_budget, visits_by_manager, FREE_PASS_SHARE};
use super::teams;
use crate::schedule::ScheduleOutcome;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// End of each stage as a share of the time limit. Assignment and day choice stop at their
/// deadlines; routing is sized to end by its share on the reference machine; rebalancing rounds
/// start only when their forecast cost fits before [`REBALANCE_END`]; the day search (joint
/// day+route) stops by [`DAYS_END`]; the rest is left for assembling and writing the plan.
/// The routing deadline is late on purpose: budgets normally end routing well before it, and
/// a starved run (a busy machine, or tests sharing one rayon pool) should not be cut short.
pub const ASSIGN_END: f64 = 0.25;
pub const SCHEDULE_END: f64 = 0.35;
pub const ROUTE_END: f64 = 0.82;
pub const REBALANCE_END: f64 = 0.88;
pub const DAYS_END: f64 = 0.95;

/// Share of the time limit the first routing pass is sized for: well under its window
/// (`ROUTE_END - SCHEDULE_END`) so that a slower assignment or a busier machine still leaves
/// the routing its iterations.
const ROUTE_SIZED_SHARE: f64 = 0.28;

/// Engine work the reference machine (2 cores, both used) does per second, in jobs ×
/// iterations: one ruin-and-recreate iteration costs about as much as the manager's job count.
const WORK_PER_SECOND: f64 = 2.0e6;
/// Work per job of one routing besides its iterations: the construction with its local search,
/// and (only when there are iterations) the search's fixed costs (its epochs copy the best
/// state, the final local search). Fitted on generated 10k and 30k regions at 5, 20 and 60 s
/// (260 visits per manager): construction only 3.0 s for 300 managers, 50 iterations 3.2 s
/// for 100 managers, 216 iterations 16 s for 300 managers. Without these terms short limits
/// overran their routing share by the whole construction.
const CONSTRUCT_WORK_PER_JOB: f64 = 80.0;
const SEARCH_WORK_PER_JOB: f64 = 120.0;

/// Jobs per routed manager in a schedule, and whether it leads a team visit (it is then routed
/// twice: free on [`FREE_PASS_SHARE`] of its budget to propose the common starts, then in full).
pub fn jobs_per_manager(schedule: &ScheduleOutcome) -> BTreeMap<usize, (usize, bool)> {
    let per_manager = visits_by_manager(schedule, None);
    let leads: BTreeSet<usize> = teams::leads(&per_manager).into_values().collect();
    per_manager
        .iter()
        .map(|(&m, jobs)| (m, (jobs.len(), leads.contains(&m))))
        .collect()
}

/// Scale (≤ 1) of the full iteration budgets so that routing every manager of `schedule`
/// fits `ROUTE_SIZED_SHARE` of `limit` at [`WORK_PER_SECOND`]; 0 (construction only) when
/// even the smallest search would not fit.
pub fn route_scale(schedule: &ScheduleOutcome, limit: Duration) -> f64 {
    let managers = jobs_per_manager(schedule);
    let affordable = WORK_PER_SECOND * limit.as_secs_f64() * ROUTE_SIZED_SHARE;
    if route_work(&managers, 1.0) <= affordable {
        return 1.0;
    }
    if route_work(&managers, f64::MIN_POSITIVE) > affordable {
        return 0.0;
    }
    // Work is the fixed costs plus the iterations, linear in the scale above the minimum.
    let fixed = route_work(&managers, 0.0)
        + managers
            .values()
            .map(|&(jobs, lead)| passes(lead) * SEARCH_WORK_PER_JOB * jobs as f64)
            .sum::<f64>();
    let per_scale = route_work(&managers, 1.0) - fixed;
    ((affordable - fixed) / per_scale).clamp(0.0, 1.0)
}

/// Routings of a manager: leads are routed twice (free on [`FREE_PASS_SHARE`] of their budget
/// to propose the common starts, then in full).
fn passes(lead: bool) -> f64 {
    if lead {
        2.0
    } else {
        1.0
    }
}

/// Forecast work of routing every manager once at `scale` (leads twice).
fn route_work(managers: &BTreeMap<usize, (usize, bool)>, scale: f64) -> f64 {
    managers
        .values()
        .map(|&(jobs, lead)| {
            let jobs_f = jobs as f64;
            let iterations = |s: f64| iteration_budget(jobs, s) as f64;
            let mut w = passes(lead) * CONSTRUCT_WORK_PER_JOB * jobs_f;
            if scale > 0.0 {
                w += passes(lead) * SEARCH_WORK_PER_JOB * jobs_f;
                w += iterations(scale) * jobs_f;
                if lead {
                    w += iterations(scale * FREE_PASS_SHARE) * jobs_f;
                }
            }
            w
        })
        .sum()
}

/// Seconds the day search needs before its first move on the reference machine: building
/// every manager's engine instance and search state, about proportional to Σ jobs² over the
/// managers (the travel matrices). Measured on generated regions: 2.3 s for 300 managers of
/// about 260 visits each.
pub fn days_setup_s(schedule: &ScheduleOutcome) -> f64 {
    const SECONDS_PER_PAIR: f64 = 1.2e-7;
    jobs_per_manager(schedule)
        .values()
        .map(|&(jobs, _)| SECONDS_PER_PAIR * (jobs * jobs) as f64)
        .sum()
}

/// End of the rebalancing rounds, asked when routing is done: [`REBALANCE_END`], but early
/// enough that the day search (when the policy asks for it and it can still start) starts by
/// the rule of the pipeline (time left before [`DAYS_END`] above 1.5 × its setup). A 30k
/// region at 20 s whose assignment ended early let a rebalancing round route for 4 s and then
/// skipped the day search: 169 visits unserved instead of 26.
pub fn rebalance_end(
    started: Instant,
    limit: Duration,
    schedule: &ScheduleOutcome,
    joint_days: bool,
) -> Instant {
    let end = at(started, limit, REBALANCE_END);
    let setup = Duration::from_secs_f64(1.5 * days_setup_s(schedule));
    match at(started, limit, DAYS_END).checked_sub(setup) {
        // Too late for the day search anyway: rebalancing keeps its share.
        Some(days_start) if joint_days && days_start > Instant::now() => end.min(days_start),
        _ => end,
    }
}

/// The instant `share` of the limit after `started`.
pub fn at(started: Instant, limit: Duration, share: f64) -> Instant {
    started + limit.mul_f64(share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{DaySchedule, VisitJob};

    fn schedule(managers: usize, jobs_each: usize) -> ScheduleOutcome {
        let job = |c: usize| VisitJob {
            client: c,
            role: "general".into(),
            service_s: 900,
            start_windows: Vec::new(),
            team: None,
            alt_days: Vec::new(),
            unit: 0,
        };
        ScheduleOutcome {
            days: (0..managers)
                .map(|m| DaySchedule {
                    manager: m,
                    day: 0,
                    jobs: (0..jobs_each).map(job).collect(),
                })
                .collect(),
            missing: Vec::new(),
            units: Vec::new(),
        }
    }

    #[test]
    fn small_regions_get_full_budgets_and_large_ones_scaled_to_the_limit() {
        let limit = Duration::from_secs(60);
        assert_eq!(route_scale(&schedule(4, 50), limit), 1.0);
        let big = schedule(300, 260);
        let s = route_scale(&big, limit);
        assert!(s > 0.0 && s < 1.0, "{s}");
        // The scaled work fits the sized share of the limit.
        let work = route_work(&jobs_per_manager(&big), s);
        let affordable = WORK_PER_SECOND * 60.0 * ROUTE_SIZED_SHARE;
        assert!(
            (work - affordable).abs() / affordable < 0.01,
            "{work} {affordable}"
        );
        // A longer limit, a larger scale.
        assert!(route_scale(&big, limit * 2) > 2.0 * s);
    }

    #[test]
    fn rebalancing_leaves_the_day_search_its_setup() {
        let started = Instant::now();
        let big = schedule(300, 260);
        let setup = days_setup_s(&big);
        for secs in [20, 60] {
            let limit = Duration::from_secs(secs);
            let end = rebalance_end(started, limit, &big, true);
            assert!(end <= at(started, limit, REBALANCE_END));
            let days_left = (at(started, limit, DAYS_END) - end).as_secs_f64();
            assert!(days_left >= 1.5 * setup - 1e-6, "{secs}: {days_left}");
        }
        // Routing done 3 s into a 5 s limit: too late for the day search of 300 managers
        // (3.6 s from its end), so rebalancing keeps its share.
        let limit = Duration::from_secs(5);
        let early = Instant::now() - Duration::from_secs(3);
        assert_eq!(
            rebalance_end(early, limit, &big, true),
            at(early, limit, REBALANCE_END)
        );
        // At 60 s the usual share is early enough; without a day search it always applies.
        let limit = Duration::from_secs(60);
        assert_eq!(
            rebalance_end(started, limit, &big, true),
            at(started, limit, REBALANCE_END)
        );
        let limit = Duration::from_secs(20);
        assert_eq!(
            rebalance_end(started, limit, &big, false),
            at(started, limit, REBALANCE_END)
        );
    }

    #[test]
    fn a_limit_below_the_smallest_search_asks_for_construction_only() {
        let big = schedule(300, 260);
        // 300 managers × (200 + 50) × 260 is 2e7 units, over 20 s × 0.28 × 2e6.
        assert_eq!(route_scale(&big, Duration::from_secs(20)), 0.0);
        assert_eq!(iteration_budget(260, 0.0), 0);
        assert!(route_scale(&big, Duration::from_secs(60)) > 0.0);
    }
}
