//! Cheapest feasible insertion with optional "blinks" (Christiaens & Vanden Berghe 2020,
//! "Slack induction by string removals for vehicle routing problems"): every position is
//! evaluated in O(1) from the cached segments; positions are skipped with a small probability
//! to diversify the recreate step.

use super::data::Data;
use super::state::{exact_cost, State, NOWHERE};
use rand::rngs::SmallRng;
use rand::Rng;

/// Best feasible `(route, index, delta)` for `job`, or `None` if it fits nowhere.
pub fn best_insertion(
    data: &Data,
    state: &State,
    job: usize,
    mut blink: Option<(&mut SmallRng, f64)>,
) -> Option<(usize, usize, i64)> {
    let single = data.single[job];
    let mut best: Option<(usize, usize, i64)> = None;
    let mut tried_empty: Vec<usize> = Vec::new();
    for (r, route) in state.routes.iter().enumerate() {
        let v = route.vehicle;
        if !data.allowed(job, v) {
            continue;
        }
        if route.is_empty() {
            // Identical unused vehicles give identical insertions: try one of each kind.
            let veh = &data.inst.vehicles[v];
            if tried_empty.iter().any(|&t| data.inst.vehicles[t] == *veh) {
                continue;
            }
            tried_empty.push(v);
        }
        let n = route.len();
        // With distance as the only cost, the detour is a lower bound on the delta: most
        // positions are rejected before any segment merge.
        let prune = data.inst.duration_weight == 0 && data.inst.distance_weight >= 0;
        for pos in 0..=n {
            if let Some((rng, rate)) = blink.as_mut() {
                if rng.random::<f64>() < *rate {
                    continue;
                }
            }
            let (pre, suf) = (route.pre(pos), route.suf(pos));
            if prune {
                if let Some(b) = best {
                    let detour = data.dist(pre.last, single.first)
                        + data.dist(single.last, suf.first)
                        - data.dist(pre.last, suf.first);
                    if data.inst.distance_weight * detour >= b.2 {
                        continue;
                    }
                }
            }
            let full = data.merge(&data.merge(pre, &single), suf);
            let Some(cost) = data.route_cost(v, &full) else {
                continue;
            };
            let mut delta = cost - route.cost;
            if best.is_some_and(|b| delta >= b.2) {
                continue;
            }
            if full.multi > 0 {
                let mut jobs = route.jobs.clone();
                jobs.insert(pos, job);
                let Some(c) = exact_cost(data, v, &jobs) else {
                    continue;
                };
                delta = c - route.cost;
                if best.is_some_and(|b| delta >= b.2) {
                    continue;
                }
            }
            best = Some((r, pos, delta));
        }
    }
    best
}

/// Inserts `jobs` in the given order at their cheapest feasible places; those that fit
/// nowhere are added to the unassigned list.
pub fn insert_all(
    data: &Data,
    state: &mut State,
    jobs: &[usize],
    rng: &mut SmallRng,
    blink_rate: f64,
) {
    for &j in jobs {
        debug_assert_eq!(state.place[j].0, NOWHERE);
        let found = if blink_rate > 0.0 {
            best_insertion(data, state, j, Some((rng, blink_rate)))
                .or_else(|| best_insertion(data, state, j, None))
        } else {
            best_insertion(data, state, j, None)
        };
        match found {
            Some((r, pos, _)) => {
                state.insert(data, r, pos, j);
            }
            None => state.mark_unassigned(&[j]),
        }
    }
}
