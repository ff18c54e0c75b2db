//! Rebalancing after routing: when a manager's routed workload exceeds `(1 + tolerance)` × its
//! role's mean, boundary clients move to adjacent lighter territories (the border moves of
//! [`super::repair`], driven by real instead of estimated workloads).

use super::geometry::{weighted_median, Projection, Xy};
use super::repair::touches;
use super::territory::{Objective, Territories};
use super::workload::RoleInstance;
use super::{target_band, AssignOptions, AssignOutcome};
use crate::model::Problem;
use crate::travel::Travel;
use std::collections::HashMap;

/// Moves boundary clients away from managers whose routed workload is too high.
///
/// - `actual_workload`: routed cycle workload per manager (seconds: service + travel +
///   waiting), indexed like `problem.managers`; a shorter slice counts missing managers as 0.
/// - A role is touched only when some manager exceeds `(1 + tolerance)` × the role's mean; its
///   heaviest managers then give clients until they are within the assignment's target band
///   (`min(tolerance/2, 5 %)`) above the mean, or no move helps.
/// - A client's real workload under a manager is predicted as its estimate × that manager's
///   ratio actual / estimated over its current clients (1 when there is no estimate), so the
///   loads after a move are a forecast; run routing again on the moved managers to measure
///   them.
/// - A move goes only to a manager of the same role who may serve the client (allow-lists,
///   competency), has room under `max_clients` and already owns one of the client's nearest
///   same-role clients (contiguity); locked clients never move. Among such moves the one
///   that adds least distance to the territory centres is made first.
///
/// Moved assignments get reason `rebalance`; `workload_estimate` moves the clients' estimates
/// (unscaled) from the old to the new manager.
/// Returns the number of (client, role) assignments moved. Deterministic.
pub fn rebalance(
    problem: &Problem,
    travel: &dyn Travel,
    outcome: &mut AssignOutcome,
    actual_workload: &[f64],
    opts: &AssignOptions,
) -> usize {
    let tol = problem.policy.tolerance;
    let goal_band = target_band(tol);
    let proj = Projection::around(
        problem
            .clients
            .iter()
            .map(|c| (c.lat, c.lon))
            .chain(problem.managers.iter().map(|m| (m.lat, m.lon))),
    );
    if outcome.workload_estimate.len() < problem.managers.len() {
        outcome
            .workload_estimate
            .resize(problem.managers.len(), 0.0);
    }
    let actual = |m: usize| actual_workload.get(m).copied().unwrap_or(0.0);
    let mut index: HashMap<(usize, String), usize> = HashMap::new();
    for (i, a) in outcome.assignments.iter().enumerate() {
        index.insert((a.client, a.role.clone()), i);
    }
    let mut moved = 0;
    for role in problem.roles() {
        let ms: Vec<usize> = problem.managers_of_role(&role).collect();
        if ms.len() < 2 {
            continue;
        }
        let mut load: Vec<f64> = ms.iter().map(|&m| actual(m)).collect();
        let mean = load.iter().sum::<f64>() / load.len() as f64;
        if mean <= 0.0 || load.iter().all(|&l| l <= (1.0 + tol) * mean) {
            continue;
        }
        let mut ignore = Vec::new();
        let inst = RoleInstance::build(problem, travel, &proj, &role, &mut ignore);
        // The current territories, by local indices.
        let mut t = Territories::empty(&inst);
        for j in 0..inst.n_clients() {
            let owner = index
                .get(&(inst.clients[j], role.clone()))
                .and_then(|&i| ms.iter().position(|&m| m == outcome.assignments[i].manager));
            if let Some(k) = owner {
                t.set(&inst, j, Some(k as u32));
            }
        }
        // Real over estimated workload per manager, the estimate taken on this instance so
        // that it matches `inst.work` below.
        let ratio: Vec<f64> = (0..ms.len())
            .map(|k| {
                let est = t.load[k];
                if est > 0.0 && load[k] > 0.0 {
                    load[k] / est
                } else {
                    1.0
                }
            })
            .collect();
        let centres: Vec<Xy> = (0..ms.len())
            .map(|k| {
                let pts: Vec<(Xy, f64)> = t
                    .members(k as u32)
                    .map(|j| (inst.points[j], inst.work(j, k as u32)))
                    .collect();
                weighted_median(&pts).unwrap_or(inst.bases[k])
            })
            .collect();
        let obj = Objective {
            centres,
            eps: goal_band,
            penalty: 0.0,
            drop_cost: 0.0,
        };
        let goal = (1.0 + goal_band) * mean;
        let mut stuck = vec![false; ms.len()];
        loop {
            if crate::stop::expired(opts.deadline) {
                break;
            }
            let Some(h) = (0..ms.len())
                .filter(|&k| !stuck[k] && load[k] > goal)
                .max_by(|&a, &b| load[a].total_cmp(&load[b]).then(b.cmp(&a)))
            else {
                break;
            };
            let mut best: Option<(f64, usize, u32)> = None;
            for j in t.members(h as u32) {
                if inst.locked[j].is_some() {
                    continue;
                }
                let here = obj.cost(&inst, j, h as u32);
                for &(k, w) in &inst.cand[j] {
                    let ku = k as usize;
                    if ku == h
                        || !t.has_room(&inst, k)
                        || load[ku] + w * ratio[ku] > goal
                        || !touches(&inst, &t, j, k)
                    {
                        continue;
                    }
                    let key = (obj.cost(&inst, j, k) - here, j, k);
                    if best.is_none_or(|b| (key.0, key.1, key.2) < b) {
                        best = Some(key);
                    }
                }
            }
            let Some((_, j, k)) = best else {
                stuck[h] = true;
                continue;
            };
            let (wh, wk) = (inst.work(j, h as u32), inst.work(j, k));
            load[h] -= wh * ratio[h];
            load[k as usize] += wk * ratio[k as usize];
            outcome.workload_estimate[ms[h]] -= wh;
            outcome.workload_estimate[ms[k as usize]] += wk;
            t.set(&inst, j, Some(k));
            if let Some(&i) = index.get(&(inst.clients[j], role.clone())) {
                outcome.assignments[i].manager = ms[k as usize];
                outcome.assignments[i].reason = "rebalance".to_string();
            }
            moved += 1;
        }
    }
    moved
}
