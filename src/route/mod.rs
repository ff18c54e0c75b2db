//! Daily routes: a general routing engine (vehicles with shifts and duration limits, jobs with
//! several time windows, capacities) used by `beatplan plan` and by the benchmark solvers.
//!
//! Design (see each module for its paper):
//! - [`segment`]: PyVRP-style duration segments give a route's time-window feasibility, least
//!   duration (leaving as late as possible) and cost in O(1) from cached prefix/suffix segments.
//! - Jobs with several windows enter the segments with their hull window, a relaxation: a move
//!   is first judged in O(1) on the relaxation and, only if it looks improving, confirmed by the
//!   exact O(n) schedule of [`exact`]. Returned schedules always come from [`exact`].
//! - [`operators`]: relocate, swap, or-opt, 2-opt*, 2-opt, cross-exchange and SWAP* over
//!   granular neighbourhoods, each a pure evaluation returning a [`moves::Move`] to apply.
//! - [`sisr`]: ruin-and-recreate with simulated annealing (SISR), run as parallel chains that
//!   meet periodically ([`search`]).
//!
//! Objective: fewest unassigned jobs first, then `distance_weight × distance + duration_weight ×
//! duration` summed over used vehicles.

pub mod data;
pub mod exact;
pub mod insert;
pub mod local_search;
pub mod moves;
pub mod operators;
pub mod search;
pub mod segment;
pub mod sisr;
pub mod solomon;
pub mod state;
pub mod swap_star;

use std::time::Instant;

/// A square matrix stored row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct SquareMatrix {
    pub n: usize,
    pub data: Vec<i64>,
}

impl SquareMatrix {
    pub fn new(n: usize) -> Self {
        SquareMatrix {
            n,
            data: vec![0; n * n],
        }
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> i64 {
        self.data[i * self.n + j]
    }

    #[inline]
    pub fn set(&mut self, i: usize, j: usize, v: i64) {
        self.data[i * self.n + j] = v;
    }
}

/// A vehicle (or a manager-day): leaves `start`, returns to `end`.
#[derive(Clone, Debug, PartialEq)]
pub struct Vehicle {
    pub start: usize,
    pub end: usize,
    /// Earliest departure from `start`.
    pub earliest_start: i64,
    /// Latest arrival at `end`.
    pub latest_end: i64,
    /// Longest time from departure to return (`i64::MAX` for none).
    pub max_duration: i64,
    /// Capacity (`i64::MAX` for none).
    pub capacity: i64,
}

/// A stop to make.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Node index into the matrices.
    pub node: usize,
    pub service: i64,
    pub demand: i64,
    /// Windows for the start of service, sorted and disjoint, never empty.
    pub windows: Vec<(i64, i64)>,
    /// Vehicles allowed to do this job; `None` means any.
    pub vehicles: Option<Vec<usize>>,
}

/// A routing instance. Times and distances are integers (seconds and metres, or scaled units).
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub distance: SquareMatrix,
    pub time: SquareMatrix,
    pub vehicles: Vec<Vehicle>,
    pub jobs: Vec<Job>,
    /// Cost = distance × `distance_weight` + route duration × `duration_weight`; an unassigned
    /// job always costs more than any assignment.
    pub distance_weight: i64,
    pub duration_weight: i64,
}

/// One route of a solution, with its exact schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct SolvedRoute {
    pub vehicle: usize,
    /// Job indices in visiting order.
    pub jobs: Vec<usize>,
    pub leave: i64,
    pub arrivals: Vec<i64>,
    pub starts: Vec<i64>,
    pub ret: i64,
    pub distance: i64,
}

/// A solution: routes of used vehicles and the jobs left out.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Solution {
    pub routes: Vec<SolvedRoute>,
    pub unassigned: Vec<usize>,
    pub cost: i64,
}

/// How long and how the search runs.
#[derive(Clone, Debug)]
pub struct SearchParams {
    pub seed: u64,
    pub deadline: Option<Instant>,
    /// Stop after this many metaheuristic iterations (for deterministic tests).
    pub max_iterations: Option<u64>,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            seed: 1,
            deadline: None,
            max_iterations: None,
        }
    }
}

/// Solves an instance; returns the best solution found by the deadline (or after
/// `max_iterations`, or a default number of iterations when neither is given). Never panics on
/// infeasible jobs: they end in `unassigned`.
pub fn solve(instance: &Instance, params: &SearchParams) -> Solution {
    let mut config = sisr::Config::default();
    if instance.duration_weight != 0 {
        // SWAP*'s distance lower bound only holds when distance is the whole cost; without it
        // every pair costs up to six O(route) recipe evaluations. Its gain was only measured on
        // distance-only Solomon instances, so duration-weighted searches (the plan pipeline)
        // keep the cheaper registry.
        config.operators = operators::OPERATORS_WITHOUT_SWAP_STAR;
    }
    solve_with(instance, params, &config)
}

/// [`solve`] with explicit metaheuristic settings (for tuning experiments).
pub fn solve_with(instance: &Instance, params: &SearchParams, config: &sisr::Config) -> Solution {
    let data = data::Data::new(instance);
    let state = search::search(&data, params, config);
    to_solution(&data, &state)
}

/// Exact schedules of a search state. A route whose exact schedule fails (it cannot happen when
/// the search is consistent) is dropped and its jobs reported unassigned rather than returned
/// infeasible.
fn to_solution(data: &data::Data, state: &state::State) -> Solution {
    let mut sol = Solution {
        unassigned: state.unassigned.clone(),
        ..Solution::default()
    };
    for route in state.routes.iter().filter(|r| !r.is_empty()) {
        match exact::schedule(data, route.vehicle, &route.jobs) {
            Some(s) => {
                sol.cost += instance_cost(data.inst, s.distance, s.duration());
                sol.routes.push(SolvedRoute {
                    vehicle: route.vehicle,
                    jobs: route.jobs.clone(),
                    leave: s.leave,
                    arrivals: s.arrivals,
                    starts: s.starts,
                    ret: s.ret,
                    distance: s.distance,
                });
            }
            None => sol.unassigned.extend_from_slice(&route.jobs),
        }
    }
    sol.unassigned.sort_unstable();
    sol
}

fn instance_cost(inst: &Instance, distance: i64, duration: i64) -> i64 {
    inst.distance_weight * distance + inst.duration_weight * duration
}

#[cfg(test)]
mod operator_tests;
#[cfg(test)]
mod tests;
