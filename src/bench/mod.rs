//! Standard benchmark instances solved with beatplan's engines: the contract's `solve` command.

pub mod cordeau;
pub mod pvrp_solver;

use serde::{Deserialize, Serialize};

/// The contract's `solve` output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveOutput {
    /// Total Euclidean distance in double precision.
    pub cost: f64,
    /// Routes used (all days together for periodic instances).
    pub vehicles: usize,
    /// True when the independent check found no violation.
    pub feasible: bool,
    pub time_s: f64,
    pub routes: Vec<SolveRoute>,
}

/// One route: stops numbered as in the instance file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveRoute {
    pub day: usize,
    pub stops: Vec<usize>,
}

/// Solves a Cordeau periodic VRP file and re-checks the result independently.
pub fn solve_cordeau(
    path: &std::path::Path,
    time_limit_s: f64,
    seed: u64,
) -> Result<SolveOutput, cordeau::CordeauError> {
    let started = std::time::Instant::now();
    let inst = cordeau::read(path)?;
    let sol = pvrp_solver::solve(
        &inst,
        &pvrp_solver::PvrpParams {
            seed,
            deadline: started + std::time::Duration::from_secs_f64(time_limit_s),
            runs: rayon::current_num_threads().clamp(1, 2),
        },
    );
    let (cost, errors) = cordeau::check(&inst, &sol.routes);
    Ok(SolveOutput {
        cost,
        vehicles: sol.routes.len(),
        feasible: sol.feasible && errors.is_empty(),
        time_s: started.elapsed().as_secs_f64(),
        routes: sol
            .routes
            .into_iter()
            .map(|r| SolveRoute {
                day: r.day,
                stops: r.stops,
            })
            .collect(),
    })
}
