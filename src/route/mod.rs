//! Daily routes: a general routing engine (vehicles with shifts and duration limits, jobs with
//! several time windows, capacities) used by `beatplan plan` and by the benchmark solvers.

use std::time::Instant;

/// A square matrix stored row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct SquareMatrix {
    pub n: usize,
    pub data: Vec<i64>,
}

impl SquareMatrix {
    pub fn new(n: usize) -> Self {
        SquareMatrix { n, data: vec![0; n * n] }
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

/// Solves an instance; returns the best solution found by the deadline.
pub fn solve(instance: &Instance, params: &SearchParams) -> Solution {
    let _ = (instance, params);
    todo!("routing engine")
}
