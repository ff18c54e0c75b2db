//! The balanced assignment LP of one role, solved with good_lp's pure-Rust `microlp` backend.
//!
//! This is the transportation-style relaxation of the capacitated p-median / districting model
//! of Hess et al. (1965, "Nonpartisan political redistricting by computer", Operations Research
//! 13(6)) with balance bands as in Kalcsics, Nickel & Schröder (2005, "Towards a unified
//! territorial design approach", OR Spectrum 27): variables `y[u][k] ∈ [0, 1]`, the share of
//! unit `u` (a client, or a cell of clients) given to manager `k`;
//!
//! ```text
//! min  Σ cost[u][k]·y[u][k] + P·Σ (over[k] + under[k]) + Σ drop_cost[u]·drop[u]
//! s.t. Σ_k y[u][k] + drop[u] = 1                      every unit
//!      M·T = Σ_u,k work[u][k]·y[u][k] + Σ_k fixed[k]   (T: the role's mean workload)
//!      W[k] − (1+ε)·T ≤ over[k],  (1−ε)·T − W[k] ≤ under[k]
//!      Σ_u count[u]·y[u][k] + fixed_count[k] ≤ cap[k]
//! ```
//! The balance bands are soft (penalty `P`) so that the model is always feasible: a manager
//! whose allow-lists leave it few clients cannot reach the band. `drop` exists only when some
//! manager has a cap. A basic optimum splits at most about `2M` units, which rounding repairs.

use good_lp::{
    microlp, variable, Expression, ProblemVariables, Solution, SolutionStatus, SolverModel,
    Variable, WithTimeLimit,
};

/// One unit of the LP: a client or a cell of clients.
#[derive(Clone, Debug)]
pub struct LpUnit {
    /// Candidate managers (local indices).
    pub cand: Vec<u32>,
    /// Workload (hours) of the whole unit under each candidate.
    pub work: Vec<f64>,
    /// Objective cost of the whole unit under each candidate.
    pub cost: Vec<f64>,
    /// Clients in the unit.
    pub count: f64,
}

#[derive(Clone, Debug)]
pub struct LpInput {
    pub units: Vec<LpUnit>,
    pub n_managers: usize,
    /// Workload (hours) and clients already fixed to each manager (locked clients).
    pub fixed_work: Vec<f64>,
    pub fixed_count: Vec<f64>,
    pub cap: Vec<Option<f64>>,
    pub eps: f64,
    /// Cost per hour outside the band.
    pub penalty: f64,
    /// Cost per dropped client, when dropping is allowed (caps present).
    pub drop_cost: Option<f64>,
    pub time_limit_s: Option<f64>,
    /// Soft caps on part of a manager's workload (hours): (manager, cap, units it counts).
    /// A specialist of a segment open only part of the day can work it only that long.
    pub part_caps: Vec<(u32, f64, Vec<usize>)>,
}

#[derive(Clone, Debug)]
pub struct LpSolution {
    /// Share of each unit per candidate, aligned with `LpUnit::cand`.
    pub share: Vec<Vec<f64>>,
    pub dropped: Vec<f64>,
    pub objective: f64,
}

/// Solves the relaxation; `None` when the solver fails or runs out of time.
pub fn solve(input: &LpInput) -> Option<LpSolution> {
    let m = input.n_managers;
    let mut vars = ProblemVariables::new();
    let y: Vec<Vec<Variable>> = input
        .units
        .iter()
        .map(|u| {
            u.cand
                .iter()
                .map(|_| vars.add(variable().min(0.0).max(1.0)))
                .collect()
        })
        .collect();
    let drop: Vec<Option<Variable>> = input
        .units
        .iter()
        .map(|_| {
            input
                .drop_cost
                .map(|_| vars.add(variable().min(0.0).max(1.0)))
        })
        .collect();
    let mean = vars.add(variable().min(0.0));
    let over: Vec<Variable> = (0..m).map(|_| vars.add(variable().min(0.0))).collect();
    let under: Vec<Variable> = (0..m).map(|_| vars.add(variable().min(0.0))).collect();
    let excess: Vec<Variable> = input
        .part_caps
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();

    let mut objective = Expression::with_capacity(y.iter().map(Vec::len).sum::<usize>() + 2 * m);
    let mut load: Vec<Expression> = (0..m)
        .map(|k| Expression::from(input.fixed_work[k]))
        .collect();
    let mut count: Vec<Expression> = (0..m)
        .map(|k| Expression::from(input.fixed_count[k]))
        .collect();
    for (u, unit) in input.units.iter().enumerate() {
        for (i, &k) in unit.cand.iter().enumerate() {
            objective.add_mul(unit.cost[i], y[u][i]);
            load[k as usize].add_mul(unit.work[i], y[u][i]);
            count[k as usize].add_mul(unit.count, y[u][i]);
        }
        if let (Some(d), Some(c)) = (drop[u], input.drop_cost) {
            objective.add_mul(c * unit.count, d);
        }
    }
    for k in 0..m {
        objective.add_mul(input.penalty, over[k]);
        objective.add_mul(input.penalty, under[k]);
    }
    for &e in &excess {
        objective.add_mul(super::territory::CAP_PENALTY * input.penalty, e);
    }

    let mut model = vars.minimise(objective.clone()).using(microlp);
    if let Some(t) = input.time_limit_s {
        model = model.with_time_limit(t.max(0.01));
    }
    for (u, unit) in input.units.iter().enumerate() {
        let mut once: Expression = y[u].iter().copied().map(Expression::from).sum();
        if let Some(d) = drop[u] {
            once += d;
        }
        let _ = unit;
        model.add_constraint(once.eq(1.0));
    }
    let total: Expression = load.iter().cloned().sum();
    model.add_constraint((m as f64 * mean).eq(total));
    for k in 0..m {
        model.add_constraint((load[k].clone() - (1.0 + input.eps) * mean).leq(over[k]));
        model.add_constraint(((1.0 - input.eps) * mean - load[k].clone()).leq(under[k]));
        if let Some(c) = input.cap[k] {
            model.add_constraint(count[k].clone().leq(c));
        }
    }
    for ((k, cap, units), &e) in input.part_caps.iter().zip(&excess) {
        let mut part = Expression::from(0.0);
        for &u in units {
            let unit = &input.units[u];
            if let Some(i) = unit.cand.iter().position(|c| c == k) {
                part.add_mul(unit.work[i], y[u][i]);
            }
        }
        model.add_constraint(part.leq(*cap + e));
    }
    let sol = model.solve().ok()?;
    // At its time limit microlp may return its current feasible point (status `TimeLimit`):
    // not an optimum, so neither territories to round nor a bound.
    if !matches!(sol.status(), SolutionStatus::Optimal) {
        return None;
    }
    let share = y
        .iter()
        .map(|vs| vs.iter().map(|&v| sol.value(v).clamp(0.0, 1.0)).collect())
        .collect();
    let dropped = drop
        .iter()
        .map(|d| d.map_or(0.0, |d| sol.value(d).clamp(0.0, 1.0)))
        .collect();
    Some(LpSolution {
        share,
        dropped,
        objective: sol.eval(&objective),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(cand: &[u32], work: f64, cost: &[f64]) -> LpUnit {
        LpUnit {
            cand: cand.to_vec(),
            work: vec![work; cand.len()],
            cost: cost.to_vec(),
            count: 1.0,
        }
    }

    #[test]
    fn balance_forces_a_costlier_split() {
        // Three equal clients all nearer manager 0: balance within ±10 % over 2 managers
        // needs 1.5 clients each, so manager 1 takes 1.5 units of work at extra cost.
        let input = LpInput {
            units: vec![
                unit(&[0, 1], 1.0, &[1.0, 3.0]),
                unit(&[0, 1], 1.0, &[1.0, 2.0]),
                unit(&[0, 1], 1.0, &[1.0, 4.0]),
            ],
            n_managers: 2,
            fixed_work: vec![0.0; 2],
            fixed_count: vec![0.0; 2],
            cap: vec![None; 2],
            eps: 0.0,
            penalty: 100.0,
            drop_cost: None,
            time_limit_s: None,
            part_caps: Vec::new(),
        };
        let s = solve(&input).unwrap();
        // Cheapest: unit 1 wholly to manager 1 (+1 over manager 0), then half of unit 0
        // (+0.5 × 2); everything else to manager 0.
        let expected = 3.0 + 1.0 + 1.0;
        assert!((s.objective - expected).abs() < 1e-6, "{}", s.objective);
        let w1: f64 = s.share.iter().map(|v| v[1]).sum();
        assert!((w1 - 1.5).abs() < 1e-6);
    }

    #[test]
    fn caps_drop_what_cannot_fit() {
        let input = LpInput {
            units: vec![unit(&[0], 1.0, &[1.0]), unit(&[0], 1.0, &[1.0])],
            n_managers: 1,
            fixed_work: vec![0.0],
            fixed_count: vec![0.0],
            cap: vec![Some(1.0)],
            eps: 0.1,
            penalty: 10.0,
            drop_cost: Some(1000.0),
            time_limit_s: None,
            part_caps: Vec::new(),
        };
        let s = solve(&input).unwrap();
        let dropped: f64 = s.dropped.iter().sum();
        assert!((dropped - 1.0).abs() < 1e-6);
    }
}
