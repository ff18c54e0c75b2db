//! Solomon VRPTW benchmark: builds an engine instance from a Solomon file (integer units), solves
//! it, and re-checks the result independently in double precision before reporting.
//!
//! Scaling: times and distances are multiplied by [`SCALE`]. Travel times and service times are
//! rounded up, ready times up and due dates down, so any schedule that is feasible in integers is
//! feasible in double precision (each start time in integers is at least the double one). The
//! objective uses distances rounded to nearest; the reported cost is recomputed in double.

use super::{solve, Instance, Job, SearchParams, SquareMatrix, Vehicle};
use crate::io::solomon::{read_solomon, SolomonError, SolomonInstance};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, Instant};

/// Units per Solomon distance or time unit.
pub const SCALE: f64 = 10_000.0;

/// One route of the output: `stops` are customer numbers as in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveRoute {
    pub day: u32,
    pub stops: Vec<u32>,
}

/// What `beatplan solve` prints (contract §4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveOutput {
    /// Total Euclidean distance in double precision.
    pub cost: f64,
    /// Routes used.
    pub vehicles: usize,
    /// Whether the independent check passed (every customer once, all constraints met).
    pub feasible: bool,
    pub time_s: f64,
    pub routes: Vec<SolveRoute>,
    /// What the independent check found wrong (empty when feasible).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<String>,
}

fn euclid(a: &crate::io::solomon::SolomonNode, b: &crate::io::solomon::SolomonNode) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

/// The engine instance of a Solomon file: node 0 is the depot, job `i` is customer `i + 1`.
pub fn to_instance(s: &SolomonInstance) -> Instance {
    let n = s.nodes.len();
    let mut distance = SquareMatrix::new(n);
    let mut time = SquareMatrix::new(n);
    for i in 0..n {
        for j in 0..n {
            let d = euclid(&s.nodes[i], &s.nodes[j]) * SCALE;
            distance.set(i, j, d.round() as i64);
            time.set(i, j, d.ceil() as i64);
        }
    }
    let depot = &s.nodes[0];
    let vehicle = Vehicle {
        start: 0,
        end: 0,
        earliest_start: (depot.ready * SCALE).ceil() as i64,
        latest_end: (depot.due * SCALE).floor() as i64,
        max_duration: i64::MAX,
        capacity: s.capacity,
    };
    let jobs = s.nodes[1..]
        .iter()
        .enumerate()
        .map(|(k, c)| Job {
            node: k + 1,
            service: (c.service * SCALE).ceil() as i64,
            demand: c.demand,
            windows: vec![(
                (c.ready * SCALE).ceil() as i64,
                (c.due * SCALE).floor() as i64,
            )],
            vehicles: None,
        })
        .collect();
    Instance {
        distance,
        time,
        vehicles: vec![vehicle; s.vehicles],
        jobs,
        distance_weight: 1,
        duration_weight: 0,
    }
}

/// Independent double-precision check of routes given as customer numbers. Returns the total
/// distance and every violation found.
pub fn check_solomon(s: &SolomonInstance, routes: &[Vec<u32>]) -> (f64, Vec<String>) {
    let mut errors = Vec::new();
    let n = s.nodes.len();
    let mut seen = vec![0u32; n];
    let depot = &s.nodes[0];
    let mut total = 0.0;
    let used = routes.iter().filter(|r| !r.is_empty()).count();
    if used > s.vehicles {
        errors.push(format!("{used} routes but only {} vehicles", s.vehicles));
    }
    for (k, route) in routes.iter().enumerate() {
        let mut t = depot.ready;
        let mut load = 0;
        let mut at = depot;
        for &c in route {
            let Some(node) = s.nodes.get(c as usize).filter(|_| c != 0) else {
                errors.push(format!("route {k}: unknown customer {c}"));
                continue;
            };
            seen[c as usize] += 1;
            let d = euclid(at, node);
            total += d;
            let start = (t + d).max(node.ready);
            if start > node.due {
                errors.push(format!(
                    "route {k}: customer {c} starts at {start:.4} after due {}",
                    node.due
                ));
            }
            load += node.demand;
            t = start + node.service;
            at = node;
        }
        if !route.is_empty() {
            let d = euclid(at, depot);
            total += d;
            if t + d > depot.due {
                errors.push(format!(
                    "route {k}: returns at {:.4} after depot due {}",
                    t + d,
                    depot.due
                ));
            }
        }
        if load > s.capacity {
            errors.push(format!(
                "route {k}: load {load} exceeds capacity {}",
                s.capacity
            ));
        }
    }
    for (c, &times) in seen.iter().enumerate().skip(1) {
        if times != 1 {
            errors.push(format!("customer {} visited {times} times", s.nodes[c].id));
        }
    }
    (total, errors)
}

/// Solves a parsed Solomon instance within `time_limit_s` seconds.
pub fn solve_instance(s: &SolomonInstance, time_limit_s: f64, seed: u64) -> SolveOutput {
    let started = Instant::now();
    let inst = to_instance(s);
    // Leave a little time for the final polish, the check and printing.
    let budget = Duration::from_secs_f64((time_limit_s * 0.97).max(0.0));
    let params = SearchParams {
        seed,
        deadline: Some(started + budget),
        max_iterations: None,
    };
    let sol = solve(&inst, &params);
    let routes: Vec<Vec<u32>> = sol
        .routes
        .iter()
        .map(|r| r.jobs.iter().map(|&j| s.nodes[j + 1].id).collect())
        .collect();
    let (cost, mut violations) = check_solomon(s, &routes);
    if !sol.unassigned.is_empty() {
        violations.push(format!(
            "{} customers could not be routed",
            sol.unassigned.len()
        ));
    }
    SolveOutput {
        cost,
        vehicles: routes.len(),
        feasible: violations.is_empty(),
        time_s: started.elapsed().as_secs_f64(),
        routes: routes
            .into_iter()
            .map(|stops| SolveRoute { day: 0, stops })
            .collect(),
        violations,
    }
}

/// Reads a Solomon file and solves it (what `beatplan solve FILE --format solomon` runs).
pub fn solve_solomon(
    path: &Path,
    time_limit_s: f64,
    seed: u64,
) -> Result<SolveOutput, SolomonError> {
    let s = read_solomon(path)?;
    Ok(solve_instance(&s, time_limit_s, seed))
}
