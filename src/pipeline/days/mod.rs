//! Joint day+route search: visit days re-chosen from real route costs after routing.
//!
//! The schedule stage picks each unit's days (its pattern) on an estimated day cost and the
//! router builds the real routes. This stage closes the loop in the manner of the periodic-VRP
//! literature (Cordeau, Gendreau & Laporte 1997; Vidal et al. 2012: pattern-change moves inside
//! the local search). For a unit (one visit rule of a client, with its manager) it reads from
//! the engine's cached route segments the saving of removing each of its visits from its day
//! route and the cheapest feasible insertion into every other working day's route; with those
//! per-day values the cheapest allowed pattern is a shortest path ([`Spacing::best`], exact
//! over all patterns). An improving pattern is applied at once. A visit left unserved counts as
//! [`desk::UNSERVED`], so a pattern that serves it (or relieves its full day) wins. After each
//! round the touched managers' routes are re-optimised by the engine's local search with days
//! fixed; rounds repeat until nothing improves or the deadline passes. Between the pattern
//! changes and the polish, a ruin-and-recreate step re-places a few related units of one
//! manager together ([`ruin`]).
//!
//! Allowed patterns keep the rule's spacing and fixed weekdays ([`Spacing`]), client days and
//! workdays (`Unit::allowed`) and staggering: days of the client's other units are blocked.
//! Shift and `max_minutes` make an insertion infeasible. Team visits keep their days and their
//! pinned common start. Deterministic: units are visited in an order drawn from the seed, one at
//! a time; only the per-manager polish runs in parallel.
//!
//! [`Spacing`]: crate::schedule::patterns::Spacing
//! [`Spacing::best`]: crate::schedule::patterns::Spacing::best

mod desk;
mod ruin;
mod setup;

#[cfg(test)]
mod tests;

use super::routing::Routed;
use crate::model::Problem;
use crate::plan::Plan;
use crate::route::data::Data;
use crate::route::local_search::local_search;
// SWAP*'s early cut-off holds for distance-only costs; plan costs include duration.
use crate::route::operators::OPERATORS_WITHOUT_SWAP_STAR;
use crate::route::state::State;
use crate::route::Instance;
use crate::schedule::patterns::{days_of, DayMask};
use crate::schedule::{self, ScheduleOutcome};
use crate::travel::Travel;
use desk::{insertion, removal_delta, remove};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rayon::prelude::*;
use std::time::Instant;

/// Rounds of (pattern moves, then route polish).
const ROUNDS: usize = 4;
/// Passes over all units inside one round.
const PASSES: usize = 6;
/// Visits (engine jobs) of the managers searched together, whose engine instances are alive
/// at the same time: about 35 managers of a 30k-client region (≈ 290 visits each). A region of
/// up to this many visits is searched in one batch.
pub const BATCH_JOBS: usize = 10_000;

/// What the day search did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DayStats {
    /// Accepted pattern changes.
    pub moves: usize,
    /// Kept ruin-and-recreate steps.
    pub recreated: usize,
    /// Units whose pattern may change.
    pub units: usize,
    /// Objective (route cost + unserved penalty) before and after, engine units.
    pub before: i64,
    pub after: i64,
}

/// Re-chooses visit days on the routed plan; returns the new schedule and routes when some
/// pattern changed.
///
/// Managers are searched in batches of at most `batch_jobs` visits ([`BATCH_JOBS`] in the
/// pipeline; a manager with more is a batch), in order, each with its
/// share of the time left (by visits): only one batch's engine instances are alive at a time, so memory stays
/// bounded whatever the region's size. Batches run one after another (a unit's allowed days
/// depend on the days its client's other units hold, which an earlier batch may have moved),
/// and each draws its unit order from the seed and its index, so the result does not depend on
/// the thread count.
pub fn improve(
    problem: &Problem,
    travel: &dyn Travel,
    schedule: &ScheduleOutcome,
    routed: &Routed,
    seed: u64,
    deadline: Option<Instant>,
    batch_jobs: usize,
) -> Option<(ScheduleOutcome, Routed, DayStats)> {
    let mut s = setup::Setup::new(problem, schedule, routed)?;
    let n = s.desks.len();
    let mut stats = DayStats {
        units: s.movable.len(),
        ..DayStats::default()
    };
    let empty = setup::Setup::empty_instance();
    let mut rerouted: Vec<Option<setup::Rerouted>> = (0..n).map(|_| None).collect();
    let batches = s.batches(batch_jobs);
    let total_jobs: usize = (0..n).map(|k| s.jobs(k)).sum();
    let mut jobs_left = total_jobs;
    for (b, batch) in batches.into_iter().enumerate() {
        let lo = batch.start;
        let jobs: usize = batch.clone().map(|k| s.jobs(k)).sum();
        let batch_deadline = deadline.map(|d| {
            let now = Instant::now();
            let share = jobs as f64 / jobs_left.max(1) as f64;
            now + d.saturating_duration_since(now).mul_f64(share.min(1.0))
        });
        jobs_left -= jobs;
        let instances: Vec<Instance> = batch
            .clone()
            .into_par_iter()
            .map(|k| s.instance(travel, k))
            .collect();
        let datas: Vec<Data> = (0..n)
            .into_par_iter()
            .map(|k| match k.checked_sub(lo).and_then(|i| instances.get(i)) {
                Some(inst) => Data::new(inst),
                None => Data::new(&empty),
            })
            .collect();
        let mut states: Vec<Option<State>> = (0..n)
            .into_par_iter()
            .map(|k| {
                if batch.contains(&k) {
                    s.state(k, &datas[k])
                } else {
                    None
                }
            })
            .collect();
        let units: Vec<usize> = s
            .movable
            .iter()
            .copied()
            .filter(|&u| batch.contains(&s.desk_of[u]))
            .collect();
        // Batch 0 draws exactly what a single search over all managers drew.
        let mut rng = SmallRng::seed_from_u64(
            seed ^ 0xD4E5_F6A7 ^ (b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        search(
            problem,
            &mut s,
            &datas,
            &mut states,
            &units,
            &mut rng,
            seed,
            batch_deadline,
            &mut stats,
        );
        for k in batch {
            if let Some(state) = states[k].as_ref().filter(|_| s.changed[k]) {
                rerouted[k] = Some(s.rerouted(problem, travel, k, &datas[k], state));
            }
        }
        if crate::stop::expired(deadline) {
            break;
        }
    }
    if stats.moves + stats.recreated == 0 {
        return None;
    }
    let new_schedule = schedule::with_days(problem, schedule, &s.schedule_days());
    let new_routed = setup::with_final_jobs(&new_schedule, routed, rerouted);
    Some((new_schedule, new_routed, stats))
}

/// Rounds of pattern moves, ruin and recreate, and polish over `units` (their desks have
/// states); adds to `stats`.
#[allow(clippy::too_many_arguments)]
fn search(
    problem: &Problem,
    s: &mut setup::Setup,
    datas: &[Data],
    states: &mut [Option<State>],
    units: &[usize],
    rng: &mut SmallRng,
    seed: u64,
    deadline: Option<Instant>,
    stats: &mut DayStats,
) {
    let objective = |states: &[Option<State>]| -> i64 {
        states
            .iter()
            .flatten()
            .map(|st| st.cost() + desk::UNSERVED * st.unassigned.len() as i64)
            .sum()
    };
    stats.before += objective(states);
    for _ in 0..ROUNDS {
        let mut moved = 0;
        for _ in 0..PASSES {
            let mut order = units.to_vec();
            order.shuffle(rng);
            let mut pass_moves = 0;
            for &u in &order {
                if crate::stop::expired(deadline) {
                    break;
                }
                if try_move(problem, s, datas, states, u) {
                    pass_moves += 1;
                }
            }
            moved += pass_moves;
            if pass_moves == 0 || crate::stop::expired(deadline) {
                break;
            }
        }
        // Then related units of one manager re-placed together.
        let kept = ruin::run(problem, s, datas, states, units, rng, deadline);
        stats.moves += moved;
        stats.recreated += kept;
        if moved + kept == 0 {
            break;
        }
        polish(s, datas, states, seed, deadline);
        if crate::stop::expired(deadline) {
            break;
        }
    }
    stats.after += objective(states);
}

/// Whether the plan after the day search may replace the one before: no more unserved visits
/// and no more checker violations. Shorter routes lower the role's mean workload, so a manager
/// the search could not help may end above the balance bound; the search's plan is then not
/// taken.
pub fn no_worse(problem: &Problem, travel: &dyn Travel, before: &Plan, after: &Plan) -> bool {
    if after.kpis.unserved_visits > before.kpis.unserved_visits {
        return false;
    }
    let count = |p: &Plan| crate::check::check(problem, travel, p).violations.len();
    count(after) <= count(before)
}

/// The best allowed pattern of unit `u` on the current routes; applies it when it lowers the
/// objective.
fn try_move(
    problem: &Problem,
    s: &mut setup::Setup,
    datas: &[Data],
    states: &mut [Option<State>],
    u: usize,
) -> bool {
    let unit = &s.units[u];
    let k = s.desk_of[u];
    let Some(state) = states[k].as_ref() else {
        return false;
    };
    let (desk, data) = (&s.desks[k], &datas[k]);
    let current = s.days[u];
    let ndays = problem.calendar.days();
    let blocked = s.client_units[unit.client]
        .iter()
        .filter(|&&o| o != u)
        .fold(0 as DayMask, |m, &o| m | s.days[o]);
    let template = s.job_at[&(u, days_of(current)[0])];
    let mut cost = vec![0.0; ndays as usize];
    let mut allowed: DayMask = current;
    let mut removal = 0i64;
    for d in 0..ndays {
        if current >> d & 1 == 1 {
            let r = removal_delta(data, state, s.job_at[&(u, d)]);
            removal += r;
            cost[d as usize] = -r as f64;
        } else if (unit.allowed & !blocked) >> d & 1 == 1 {
            let Some(v) = desk.vehicle_of[d as usize] else {
                continue;
            };
            if let Some((_, delta)) = insertion(data, &state.routes[v], template) {
                cost[d as usize] = delta as f64;
                allowed |= 1 << d;
            }
        }
    }
    if allowed == current {
        return false;
    }
    let visits = current.count_ones();
    let spacing = unit.spacing(ndays, visits);
    let Some((best, c)) = spacing.best(allowed, &cost) else {
        return false;
    };
    if best == current || removal as f64 + c > -0.5 {
        return false;
    }
    apply(s, datas, states, u, best);
    true
}

/// Moves unit `u`'s visits from the days it leaves to the days it joins.
fn apply(
    s: &mut setup::Setup,
    datas: &[Data],
    states: &mut [Option<State>],
    u: usize,
    to: DayMask,
) {
    let k = s.desk_of[u];
    let (desk, data) = (&mut s.desks[k], &datas[k]);
    let Some(state) = states[k].as_mut() else {
        return;
    };
    let from = s.days[u];
    let leaving: Vec<usize> = days_of(from & !to)
        .into_iter()
        .map(|d| {
            s.job_at
                .remove(&(u, d))
                .expect("every day of a unit has its job")
        })
        .collect();
    for &j in &leaving {
        remove(data, state, j);
    }
    for (d, j) in days_of(to & !from).into_iter().zip(leaving) {
        let v = desk.vehicle_of[d as usize].expect("patterns only use working days");
        match insertion(data, &state.routes[v], j) {
            Some((pos, _)) => state.insert(data, v, pos, j),
            None => state.mark_unassigned(&[j]),
        }
        s.job_day[k][j] = d;
        s.job_at.insert((u, d), j);
    }
    desk.touched = true;
    s.days[u] = to;
}

/// Re-optimises the routes of touched managers with the engine's local search, days fixed.
fn polish(
    s: &mut setup::Setup,
    datas: &[Data],
    states: &mut [Option<State>],
    seed: u64,
    deadline: Option<Instant>,
) {
    let job_day = &s.job_day;
    let work: Vec<(usize, Vec<Vec<usize>>)> = s
        .desks
        .par_iter()
        .enumerate()
        .filter(|(k, d)| d.touched && states[*k].is_some())
        .map(|(k, desk)| {
            let state = states[k].as_ref().expect("filtered");
            let inst = desk.fixed_days(datas[k].inst, state, |j| job_day[k][j]);
            let pdata = Data::new(&inst);
            let routes: Vec<Vec<usize>> = state.routes.iter().map(|r| r.jobs.clone()).collect();
            let Some(mut pstate) = desk::state_of(&pdata, &routes) else {
                return (k, routes);
            };
            let mut rng =
                SmallRng::seed_from_u64(seed ^ (desk.manager as u64).wrapping_mul(0x9E37_79B9));
            local_search(
                &pdata,
                &mut pstate,
                &mut rng,
                deadline,
                OPERATORS_WITHOUT_SWAP_STAR,
            );
            (k, pstate.routes.iter().map(|r| r.jobs.clone()).collect())
        })
        .collect();
    for (k, routes) in work {
        if let Some(state) = states[k].as_mut() {
            for (v, jobs) in routes.into_iter().enumerate() {
                if state.routes[v].jobs != jobs {
                    state.set_route(&datas[k], v, jobs);
                }
            }
        }
        s.desks[k].touched = false;
        s.changed[k] = true;
    }
}
