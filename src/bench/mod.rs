//! Standard benchmark instances solved with beatplan's engines: the contract's `solve` command.

pub mod cordeau;
pub mod pvrp_solver;

/// The contract's `solve` output, shared by every benchmark format.
pub use crate::route::solomon::{SolveOutput, SolveRoute};

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
    let (cost, mut violations) = cordeau::check(&inst, &sol.routes);
    if !sol.feasible && violations.is_empty() {
        violations.push("more routes than vehicles on some day, or a customer left out".into());
    }
    Ok(SolveOutput {
        cost,
        vehicles: sol.routes.len(),
        feasible: violations.is_empty(),
        time_s: started.elapsed().as_secs_f64(),
        routes: sol
            .routes
            .into_iter()
            .map(|r| SolveRoute {
                day: r.day as u32,
                stops: r.stops.into_iter().map(|s| s as u32).collect(),
            })
            .collect(),
        violations,
    })
}
