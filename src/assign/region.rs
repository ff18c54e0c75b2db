//! `region` mode for one role: compact, balanced territories.
//!
//! Location-allocation in the manner of Cooper (1964, "Heuristic methods for location-allocation
//! problems", SIAM Review 6) and Hess et al. (1965): centres start at the managers' bases; the
//! balanced allocation LP ([`super::lp`]) is solved for fixed centres; centres move to the
//! workload-weighted geometric medians of their fractional territories (Weiszfeld), and the LP
//! is solved again, a few rounds. The last LP solution is rounded (split cells are cut along
//! the line between centres), then [`super::repair`] restores caps and the band by border moves.
//! Large roles are solved on grid cells of clients, so the LP stays small; when the LP cannot
//! finish in time, a greedy balanced region growing replaces it.

pub use super::ends::Ends;
use super::geometry::{dist, weighted_median, Xy};
use super::lp::solve;
use super::repair::repair;
use super::territory::{Objective, Territories};
use super::tours;
use super::units::{lp_forecast_s, lp_input, Levels, Units, MIN_LP_S};
use super::workload::RoleInstance;
use std::collections::BinaryHeap;
use std::time::Instant;

/// Lloyd-style rounds (LP solves) at most.
const ROUNDS: usize = 4;
/// Stop moving centres once none moves further than this (metres).
const SETTLED_M: f64 = 250.0;

/// How the role was solved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// LP over single clients: `lower_bound` is a bound on the achieved objective.
    Lp,
    /// LP over grid cells, then rounding.
    LpCells,
    /// Greedy region growing (the LP was too slow or failed).
    Greedy,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Lp => "lp",
            Method::LpCells => "lp-cells",
            Method::Greedy => "greedy",
        }
    }
}

/// One role's solution.
pub struct RoleSolution {
    pub territories: Territories,
    pub objective: Objective,
    pub method: Method,
    /// LP optimum of the last round (a lower bound when `method` is `Lp`).
    pub lp_value: Option<f64>,
    pub rounds: usize,
    pub moves: usize,
}

/// Solves one role in `region` mode with the band `eps`.
pub fn solve_role(inst: &RoleInstance, eps: f64, ends: Ends) -> RoleSolution {
    let deadline = ends.solve;
    let m = inst.n_managers();
    let mut obj = objective(inst, eps);
    // Made when the first round starts: grouping 30k clients takes a tenth of a second,
    // wasted when the greedy construction is all there is time for.
    let mut levels: Option<Levels> = None;
    // Centres settle on a coarse grid first; only the last LP sees the fine units.
    let mut on_fine = false;
    // The last LP solved, the centres it used, and whether it was on the fine units. A coarse
    // solution rounded is still better than the greedy fallback (30k region: 72k against 85k in
    // the distance part of the objective, 70k after a fine round).
    let mut last: Option<(super::lp::LpSolution, Vec<Xy>, bool)> = None;
    let mut rounds = 0;
    // The longest solve so far: another coarse round must leave time for a fine one.
    let mut slowest: f64 = 0.0;
    for round in 0..ROUNDS {
        // LP time; the rest is kept for rounding and repair.
        let lp_left =
            deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64() * 0.6);
        if lp_left.is_some_and(|t| t < 2.5 * slowest) {
            on_fine = true;
        }
        // The first round and the fine ones may take all of it (a round out of time keeps
        // the previous round's solution); later coarse rounds share it.
        let time = lp_left.map(|t| match (on_fine, round) {
            (false, r) if r > 0 => t / (ROUNDS - r) as f64,
            _ => t,
        });
        if time.is_some_and(|t| t < MIN_LP_S) {
            break;
        }
        let (level, fine) = levels.get_or_insert_with(|| Levels::new(inst)).at(on_fine);
        if time.is_some_and(|t| t < lp_forecast_s(level, m)) {
            break;
        }
        // A round out of time keeps the previous round's solution.
        let solving = Instant::now();
        let Some(sol) = solve(&lp_input(inst, level, &obj, time)) else {
            break;
        };
        slowest = slowest.max(solving.elapsed().as_secs_f64());
        rounds += 1;
        let next = medians(inst, level, &sol.share);
        let moved = (0..m)
            .map(|k| dist(next[k], obj.centres[k]))
            .fold(0.0, f64::max);
        let used = std::mem::replace(&mut obj.centres, next);
        last = Some((sol, used, fine));
        if fine {
            if moved < SETTLED_M || round + 1 == ROUNDS {
                break;
            }
        } else if moved < SETTLED_M || round + 2 >= ROUNDS {
            on_fine = true;
        }
    }
    let (mut t, method, lp_value) = match (last, &levels) {
        (Some((sol, centres, was_fine)), Some(levels)) => {
            // The objective is measured at the centres the last LP used.
            obj.centres = centres;
            let (units, _) = levels.at(was_fine);
            let t = round(inst, units, &sol.share, &sol.dropped, &obj);
            let method = if levels.exact && was_fine {
                Method::Lp
            } else {
                Method::LpCells
            };
            (t, method, Some(sol.objective))
        }
        _ => {
            obj.centres = inst.bases.clone();
            (greedy(inst, &obj), Method::Greedy, None)
        }
    };
    // Balance is a contract rule: repair may run into the grace.
    let moves = repair(inst, &mut t, &obj, ends.balance);
    RoleSolution {
        territories: t,
        objective: obj,
        method,
        lp_value,
        rounds,
        moves,
    }
}

/// Rounds of (travel factors from the territories, then border repair).
const CALIBRATION_ROUNDS: usize = 4;
/// Band aimed at by the calibrated repair.
const CALIBRATED_BAND: f64 = 0.03;

/// Rescales the workloads by the territories' tour travel ([`tours::calibrate`]) and restores
/// the band by border moves, a few rounds since the factors follow the territories. It acts
/// only when some territory is out by more than half the way from the band to the
/// `tolerance` on the tour measure (dense regions, where the additive estimate is good, keep
/// their LP solution); otherwise the instance is left as it was (factors 1) and `false` is
/// returned. After a change the LP bound no longer refers to the final workloads.
pub fn calibrate(
    inst: &mut RoleInstance,
    sol: &mut RoleSolution,
    tolerance: f64,
    ends: Ends,
) -> bool {
    let trigger = (sol.objective.eps + tolerance) / 2.0;
    // Once calibrating, aim tighter than the LP's band: the routed workloads still spread
    // around the tour measure (±2.3 % for one standard deviation on the 30k region).
    let eps = sol.objective.eps.min(CALIBRATED_BAND);
    // Balance is a contract rule: calibration may run into the repair's grace.
    let deadline = ends.balance;
    let mut changed = false;
    for _ in 0..CALIBRATION_ROUNDS {
        let previous = std::mem::take(&mut inst.travel_factor);
        tours::calibrate(
            inst,
            &sol.territories.owner,
            changed.then_some(&previous[..]),
        );
        let mut t = Territories::of(inst, &sol.territories.owner);
        let (hi, lo) = t.spread();
        let off = if changed { eps } else { trigger };
        if (hi <= 1.0 + off + 1e-9 && lo >= 1.0 - off - 1e-9) || crate::stop::expired(deadline) {
            if changed {
                // The territories were last repaired on these factors.
                inst.set_travel_factors(&previous);
            }
            break;
        }
        changed = true;
        sol.objective.eps = eps;
        sol.moves += repair(inst, &mut t, &sol.objective, deadline);
        sol.territories = t;
    }
    if !changed {
        inst.set_travel_factors(&vec![1.0; inst.n_managers()]);
    }
    sol.territories = Territories::of(inst, &sol.territories.owner);
    changed
}

/// Workload-weighted geometric medians of the fractional territories (locked clients
/// included); a manager with no share keeps its base as centre.
fn medians(inst: &RoleInstance, units: &Units, share: &[Vec<f64>]) -> Vec<Xy> {
    let m = inst.n_managers();
    let mut parts: Vec<Vec<(Xy, f64)>> = vec![Vec::new(); m];
    for (u, members) in units.members.iter().enumerate() {
        for (i, &k) in units.cand[u].iter().enumerate() {
            let s = share[u][i];
            if s > 1e-9 {
                for &j in members {
                    let w = inst.work(j as usize, k) * s;
                    parts[k as usize].push((inst.points[j as usize], w));
                }
            }
        }
    }
    for j in 0..inst.n_clients() {
        if let Some(k) = inst.locked[j] {
            parts[k as usize].push((inst.points[j], inst.work(j, k)));
        }
    }
    (0..m)
        .map(|k| weighted_median(&parts[k]).unwrap_or(inst.bases[k]))
        .collect()
}

/// Centres at the bases, and penalties large enough that the band and the caps dominate
/// distance: moving an hour of work anywhere costs at most the diameter.
fn objective(inst: &RoleInstance, eps: f64) -> Objective {
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for p in inst.points.iter().chain(&inst.bases) {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    let diameter_km = if inst.points.is_empty() {
        1.0
    } else {
        dist(lo, hi) / 1000.0
    };
    let penalty = 4.0 * diameter_km + 1.0;
    let max_work_h = (0..inst.n_clients())
        .flat_map(|j| inst.cand[j].iter().map(|c| c.1))
        .fold(0.0, f64::max)
        / 3600.0;
    Objective {
        centres: inst.bases.clone(),
        eps,
        penalty,
        drop_cost: 100.0 * penalty * (max_work_h + 1.0),
    }
}

/// Integer assignment from LP shares: a single client goes to its largest share; a split cell
/// gives each minor manager the members nearest to it (relative to the major one) until its
/// share of the cell's workload is met.
fn round(
    inst: &RoleInstance,
    units: &Units,
    share: &[Vec<f64>],
    dropped: &[f64],
    obj: &Objective,
) -> Territories {
    let mut t = Territories::empty(inst);
    for j in 0..inst.n_clients() {
        if let Some(k) = inst.locked[j] {
            t.set(inst, j, Some(k));
        }
    }
    for (u, members) in units.members.iter().enumerate() {
        let mut order: Vec<usize> = (0..units.cand[u].len()).collect();
        order.sort_by(|&a, &b| share[u][b].total_cmp(&share[u][a]).then(a.cmp(&b)));
        let major = order.first().map(|&i| units.cand[u][i]);
        if members.len() == 1 {
            let j = members[0] as usize;
            let keep = order.first().is_some_and(|&i| share[u][i] >= dropped[u]);
            t.set(inst, j, if keep { major } else { None });
            continue;
        }
        let Some(major) = major else { continue };
        let mut left: Vec<u32> = members.clone();
        let total: f64 = members.iter().map(|&j| inst.work(j as usize, major)).sum();
        for &i in order.iter().skip(1) {
            let k = units.cand[u][i];
            let mut want = share[u][i] * total;
            if want <= 0.0 {
                continue;
            }
            let rel = |j: u32| {
                let p = inst.points[j as usize];
                dist(p, obj.centres[k as usize]) - dist(p, obj.centres[major as usize])
            };
            left.sort_by(|&a, &b| rel(a).total_cmp(&rel(b)).then(a.cmp(&b)));
            let mut rest = Vec::new();
            for &j in &left {
                let w = inst.work(j as usize, k);
                if want >= w / 2.0 {
                    t.set(inst, j as usize, Some(k));
                    want -= w;
                } else {
                    rest.push(j);
                }
            }
            left = rest;
        }
        // Dropped shares of a cell stay with the major manager; repair handles caps.
        for j in left {
            t.set(inst, j as usize, Some(major));
        }
    }
    t
}

/// Balanced region growing: the least-loaded manager takes its cheapest free candidate client
/// next. Used when no LP solution is available in time.
pub fn greedy(inst: &RoleInstance, obj: &Objective) -> Territories {
    let lists: Vec<Vec<u32>> = inst
        .cand
        .iter()
        .map(|c| c.iter().map(|x| x.0).collect())
        .collect();
    greedy_over(inst, obj, &lists)
}

/// A balanced assignment over all allowed managers, from the bases: its owners widen the
/// LP's candidate lists so that the LP always has a balanced point within them, even where
/// clients crowd far from most bases.
pub fn balanced_seed(inst: &RoleInstance, eps: f64) -> Vec<Option<u32>> {
    let obj = objective(inst, eps);
    greedy_over(inst, &obj, &inst.allowed).owner
}

fn greedy_over(inst: &RoleInstance, obj: &Objective, lists: &[Vec<u32>]) -> Territories {
    let m = inst.n_managers();
    let mut t = Territories::empty(inst);
    let mut heaps: Vec<BinaryHeap<(std::cmp::Reverse<u64>, std::cmp::Reverse<u32>)>> =
        vec![BinaryHeap::new(); m];
    for (j, list) in lists.iter().enumerate() {
        if let Some(k) = inst.locked[j] {
            t.set(inst, j, Some(k));
            continue;
        }
        for &k in list {
            // Integer keys keep the heap order total and deterministic.
            let key = (obj.cost(inst, j, k) * 1e3) as u64;
            heaps[k as usize].push((std::cmp::Reverse(key), std::cmp::Reverse(j as u32)));
        }
    }
    let mut active: Vec<bool> = (0..m).map(|k| t.has_room(inst, k as u32)).collect();
    while let Some(k) = (0..m)
        .filter(|&k| active[k])
        .min_by(|&a, &b| t.load[a].total_cmp(&t.load[b]).then(a.cmp(&b)))
    {
        let mut took = false;
        while let Some((_, std::cmp::Reverse(j))) = heaps[k].pop() {
            if t.owner[j as usize].is_none() {
                t.set(inst, j as usize, Some(k as u32));
                took = true;
                break;
            }
        }
        if !took || !t.has_room(inst, k as u32) {
            active[k] = false;
        }
    }
    t
}
