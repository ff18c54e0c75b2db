//! Routes every manager's cycle with the engine: one vehicle per working day, visits pinned to
//! their day (single-visit-per-cycle visits may move to their `alt_days`), team visits
//! synchronised across the members' routes.

use super::observer::Observer;
use super::teams::{self, TEAM_ATTEMPTS};
use crate::model::{Place, Problem, Seconds};
use crate::route::{self, Instance, Job, SearchParams, SquareMatrix, Vehicle};
use crate::schedule::{ScheduleOutcome, VisitJob};
use crate::travel::{Travel, UNREACHABLE};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// A routed stop.
#[derive(Clone, Debug)]
pub struct Stop {
    pub job: VisitJob,
    pub start: Seconds,
}

/// One manager-day route.
#[derive(Clone, Debug)]
pub struct DayRoute {
    pub day: u32,
    pub leave: Seconds,
    pub stops: Vec<Stop>,
}

/// A visit that was scheduled but could not be routed.
#[derive(Clone, Debug)]
pub struct Dropped {
    pub job: VisitJob,
    pub reason: String,
}

/// All of one manager's routes.
#[derive(Clone, Debug, Default)]
pub struct ManagerRoutes {
    pub manager: usize,
    pub routes: Vec<DayRoute>,
    pub dropped: Vec<Dropped>,
}

/// Routes of every manager.
#[derive(Clone, Debug, Default)]
pub struct Routed {
    pub managers: Vec<ManagerRoutes>,
    /// The deadline stopped a search before its iteration budget.
    pub cut_short: bool,
}

/// Day changes tried for a team visit that finds no common start on its day.
const TEAM_DAY_CHANGES: usize = 5;
/// Share of its iteration budget a team lead gets in the free routing that proposes the
/// common starts (its pinned routing then has the full budget).
pub const FREE_PASS_SHARE: f64 = 0.25;

/// Metaheuristic iterations per manager: enough to settle routes of this size, times `scale`
/// (≤ 1, chosen by the pipeline from the time limit and the region's size, see
/// `pipeline::budget`) so that a large region finishes inside the limit on its iteration
/// budgets and stays deterministic; the deadline only cuts a slower machine short. A scale of
/// 0 asks for the construction and its local search only.
pub fn iteration_budget(jobs: usize, scale: f64) -> u64 {
    if scale <= 0.0 {
        return 0;
    }
    let full = (200 + 20 * jobs as u64).min(20_000);
    ((full as f64 * scale.min(1.0)) as u64).max(50)
}

/// Each manager's visits as (day, visit), of the managers in `only` (all when `None`).
pub fn visits_by_manager(
    schedule: &ScheduleOutcome,
    only: Option<&BTreeSet<usize>>,
) -> BTreeMap<usize, Vec<(u32, VisitJob)>> {
    let mut per_manager: BTreeMap<usize, Vec<(u32, VisitJob)>> = BTreeMap::new();
    for ds in &schedule.days {
        if only.is_some_and(|o| !o.contains(&ds.manager)) {
            continue;
        }
        for job in &ds.jobs {
            per_manager
                .entry(ds.manager)
                .or_default()
                .push((ds.day, job.clone()));
        }
    }
    per_manager
}

/// Routes all managers (or only those in `only`) in parallel; team visits are pinned to a
/// common start first and repaired after ([`teams`]), moving to another day all members work
/// when no start fits.
#[allow(clippy::too_many_arguments)]
pub fn route_all(
    problem: &Problem,
    travel: &dyn Travel,
    schedule: &ScheduleOutcome,
    seed: u64,
    deadline: Option<Instant>,
    observer: &dyn Observer,
    only: Option<&BTreeSet<usize>>,
    budget_scale: f64,
) -> Routed {
    let mut per_manager = visits_by_manager(schedule, only);
    let total = per_manager.len() as u64;
    let done = AtomicU64::new(0);
    let teams = teams::team_members(&per_manager);
    let solve = |per_manager: &teams::Jobs,
                 pins: &BTreeMap<String, Seconds>,
                 only: Option<&BTreeSet<usize>>,
                 share: f64| {
        per_manager
            .par_iter()
            .filter(|(m, _)| only.is_none_or(|o| o.contains(m)))
            .map(|(&m, jobs)| {
                let scale = budget_scale * share;
                let r = route_manager(problem, travel, m, jobs, pins, seed, deadline, scale);
                let d = done.fetch_add(1, Ordering::Relaxed) + 1;
                observer.progress(d, total.max(d));
                (m, r)
            })
            .collect::<teams::Results>()
    };

    // The leads' free routes propose the common starts; everyone is then routed around them.
    let mut pins: BTreeMap<String, Seconds> = BTreeMap::new();
    let mut repair = teams::Repair {
        teams: &teams,
        deadline,
        free_share: FREE_PASS_SHARE,
        tried: BTreeMap::new(),
        moved: BTreeSet::new(),
    };
    if !teams.is_empty() {
        let leads = teams::leads(&per_manager);
        let lead_set: BTreeSet<usize> = leads.values().copied().collect();
        let free = solve(&per_manager, &pins, Some(&lead_set), FREE_PASS_SHARE);
        pins = teams::first_pins(problem, travel, &per_manager, &free, &leads);
        for (t, &start) in &pins {
            repair.tried.entry(t.clone()).or_default().insert(start);
        }
    }
    let mut result = solve(&per_manager, &pins, None, 1.0);
    if !teams.is_empty() {
        let ok = teams::synchronised(&result, &teams, &pins);
        let mut pending: BTreeSet<String> =
            teams.keys().filter(|t| !ok.contains(*t)).cloned().collect();
        let mut tried_days: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let solve_some = |pm: &teams::Jobs,
                          pins: &BTreeMap<String, Seconds>,
                          only: &BTreeSet<usize>,
                          share: f64| solve(pm, pins, Some(only), share);
        for change in 0..=TEAM_DAY_CHANGES {
            for _ in 0..TEAM_ATTEMPTS {
                if pending.is_empty() || repair.expired() {
                    break;
                }
                // Attempts run to the routing deadline: a member routed past it loses its
                // search iterations, which costs less than a team visit left unsynchronised.
                pending =
                    repair.attempt(&per_manager, &mut result, &mut pins, &pending, &solve_some);
            }
            if pending.is_empty() || change == TEAM_DAY_CHANGES || repair.expired() {
                break;
            }
            // No common start on that day: move the team visit to another day every member
            // works; the next attempts route the members with it there.
            let broken: Vec<String> = pending.iter().cloned().collect();
            let moved = teams::change_days(
                problem,
                schedule,
                &mut per_manager,
                &result,
                &broken,
                &mut tried_days,
            );
            for t in &moved {
                repair.tried.remove(t);
            }
            repair.moved.clone_from(&moved);
            pending = moved;
        }
        teams::drop_broken(&mut result, &teams, &pins);
    }
    let cut_short = result.values().any(|(_, cut)| *cut);
    Routed {
        managers: result.into_values().map(|(r, _)| r).collect(),
        cut_short,
    }
}

/// A visit as (day, client, role, team).
pub type JobKey = (u32, usize, String, Option<String>);

/// Each manager's visits as (day, client, role, team), to tell which managers a new schedule
/// changed.
pub fn jobs_by_manager(schedule: &ScheduleOutcome) -> BTreeMap<usize, Vec<JobKey>> {
    let mut out: BTreeMap<usize, Vec<_>> = BTreeMap::new();
    for ds in &schedule.days {
        for j in &ds.jobs {
            out.entry(ds.manager).or_default().push((
                ds.day,
                j.client,
                j.role.clone(),
                j.team.clone(),
            ));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// Builds and solves the engine instance of one manager.
#[allow(clippy::too_many_arguments)]
fn route_manager(
    problem: &Problem,
    travel: &dyn Travel,
    manager: usize,
    jobs: &[(u32, VisitJob)],
    pins: &BTreeMap<String, Seconds>,
    seed: u64,
    deadline: Option<Instant>,
    budget_scale: f64,
) -> (ManagerRoutes, bool) {
    let m = &problem.managers[manager];
    let (days, vehicles) = day_vehicles(problem, manager);
    let vehicle_of: BTreeMap<u32, usize> = days.iter().enumerate().map(|(v, &d)| (d, v)).collect();
    let clients: Vec<usize> = jobs.iter().map(|(_, j)| j.client).collect();
    let (distance, time) = matrices(travel, manager, &clients);
    let mut engine_jobs = Vec::with_capacity(jobs.len());
    let mut dropped = Vec::new();
    let mut kept = Vec::with_capacity(jobs.len());
    for (i, (day, job)) in jobs.iter().enumerate() {
        let Some(&v) = vehicle_of.get(day) else {
            dropped.push(Dropped {
                job: job.clone(),
                reason: format!("manager {} does not work on day {day}", m.id),
            });
            continue;
        };
        let windows: Vec<(i64, i64)> = match job.team.as_ref().and_then(|t| pins.get(t)) {
            Some(&t) => vec![(t, t)],
            None => job
                .start_windows
                .iter()
                .map(|w| (w.open, w.close))
                .collect(),
        };
        if windows.is_empty() {
            dropped.push(Dropped {
                job: job.clone(),
                reason: "no opening window fits the shift".into(),
            });
            continue;
        }
        let mut allowed = vec![v];
        allowed.extend(
            job.alt_days
                .iter()
                .filter_map(|d| vehicle_of.get(d).copied()),
        );
        allowed.sort_unstable();
        allowed.dedup();
        engine_jobs.push(Job {
            node: i + 1,
            service: job.service_s,
            demand: 0,
            windows,
            vehicles: Some(allowed),
        });
        kept.push(i);
    }
    let instance = Instance {
        distance,
        time,
        vehicles,
        jobs: engine_jobs,
        distance_weight: 1,
        duration_weight: 1,
    };
    let params = SearchParams {
        seed: seed ^ (manager as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        deadline,
        max_iterations: Some(iteration_budget(kept.len(), budget_scale)),
    };
    let solution = route::solve(&instance, &params);
    let cut_short = crate::stop::expired(deadline);

    let mut routes = Vec::new();
    for r in &solution.routes {
        if r.jobs.is_empty() {
            continue;
        }
        let stops = r
            .jobs
            .iter()
            .enumerate()
            .map(|(k, &ej)| Stop {
                job: jobs[kept[ej]].1.clone(),
                start: r.starts[k],
            })
            .collect();
        routes.push(DayRoute {
            day: days[r.vehicle],
            leave: r.leave,
            stops,
        });
    }
    routes.sort_by_key(|r| r.day);
    for &ej in &solution.unassigned {
        let (day, job) = &jobs[kept[ej]];
        dropped.push(Dropped {
            job: job.clone(),
            reason: unroutable_reason(problem, travel, manager, *day, job),
        });
    }
    (
        ManagerRoutes {
            manager,
            routes,
            dropped,
        },
        cut_short,
    )
}

/// The manager's working days of the cycle and one engine vehicle per day (same order).
pub(super) fn day_vehicles(problem: &Problem, manager: usize) -> (Vec<u32>, Vec<Vehicle>) {
    let m = &problem.managers[manager];
    let cal = &problem.calendar;
    let days: Vec<u32> = (0..cal.days())
        .filter(|&d| m.workdays.contains(cal.weekday(d)))
        .collect();
    let vehicles = days
        .iter()
        .map(|_| Vehicle {
            start: 0,
            end: 0,
            earliest_start: m.shift.open,
            latest_end: m.shift.close,
            max_duration: m.max_work_s,
            capacity: i64::MAX,
        })
        .collect();
    (days, vehicles)
}

/// Distance and time matrices over node 0 = the manager's base and node `i + 1` = `clients[i]`.
pub(super) fn matrices(
    travel: &dyn Travel,
    manager: usize,
    clients: &[usize],
) -> (SquareMatrix, SquareMatrix) {
    let mut places = vec![Place::Base(manager)];
    places.extend(clients.iter().map(|&c| Place::Client(c)));
    travel.prepare(&places);
    let n = places.len();
    let mut time = SquareMatrix::new(n);
    let mut distance = SquareMatrix::new(n);
    for (i, &a) in places.iter().enumerate() {
        for (j, &b) in places.iter().enumerate() {
            if i != j {
                let leg = travel.leg(a, b);
                time.set(i, j, leg.seconds);
                distance.set(i, j, leg.meters);
            }
        }
    }
    (distance, time)
}

/// Why a visit was left out: unreachable on its own, or the day was full.
pub(super) fn unroutable_reason(
    problem: &Problem,
    travel: &dyn Travel,
    manager: usize,
    day: u32,
    job: &VisitJob,
) -> String {
    let m = &problem.managers[manager];
    let out = travel.seconds(Place::Base(manager), Place::Client(job.client));
    let back = travel.seconds(Place::Client(job.client), Place::Base(manager));
    if out >= UNREACHABLE || back >= UNREACHABLE {
        return format!("not reachable by road from the base of {}", m.id);
    }
    let alone = job.start_windows.iter().any(|w| {
        let start = w.open.max(m.shift.open + out);
        start <= w.close
            && start + job.service_s + back <= m.shift.close
            && out + job.service_s + back <= m.max_work_s
    });
    if alone {
        format!(
            "day {day} of manager {} is full (shift and max_minutes)",
            m.id
        )
    } else {
        format!(
            "cannot be reached from the base of {} within its shift and opening hours",
            m.id
        )
    }
}
