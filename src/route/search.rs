//! The search driver: construction, local search, then SISR chains run in parallel with
//! periodic synchronisation on the best solution, all under one deadline and seed.

use super::data::Data;
use super::insert::insert_all;
use super::local_search::local_search;
use super::operators::Operator;
use super::sisr::{self, Config};
use super::state::State;
use super::SearchParams;
use rand::rngs::SmallRng;
use rand::SeedableRng;
use rayon::prelude::*;
use std::time::Instant;

/// Iterations when neither a deadline nor an iteration limit is given.
const DEFAULT_ITERATIONS: u64 = 20_000;
/// Parallel SISR chains. Fixed, not taken from the thread count, so that an iteration-limited
/// search gives the same result on any number of threads (with one thread the chains of an
/// epoch run one after the other; under a deadline the second then finds its time used up).
const CHAINS: u64 = 2;
/// How many times the parallel chains meet to share their best solution.
const EPOCHS: u64 = 20;

/// A seed for chain `k` of epoch `e` (SplitMix64 finaliser, so nearby seeds differ).
fn mix(seed: u64, e: u64, k: u64) -> u64 {
    let mut z =
        seed ^ e.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ k.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Greedy construction: the hardest jobs first (narrowest total window, then farthest), each at
/// its cheapest feasible place, then local search.
pub fn construct(
    data: &Data,
    rng: &mut SmallRng,
    deadline: Option<Instant>,
    ops: &[(&str, Operator)],
) -> State {
    let mut state = State::empty(data);
    let mut order = std::mem::take(&mut state.unassigned);
    let depot = data.inst.vehicles.first().map_or(0, |v| v.start);
    order.sort_by_key(|&j| {
        let w: i64 = data.inst.jobs[j].windows.iter().map(|w| w.1 - w.0).sum();
        (w, std::cmp::Reverse(data.dist(depot, data.single[j].first)))
    });
    insert_all(data, &mut state, &order, rng, 0.0);
    local_search(data, &mut state, rng, deadline, ops);
    state
}

/// Construction, then parallel SISR to the deadline or iteration limit, then a final local
/// search on the best solution.
pub fn search(data: &Data, params: &SearchParams, cfg: &Config) -> State {
    let mut rng = SmallRng::seed_from_u64(params.seed);
    let mut best = construct(data, &mut rng, params.deadline, cfg.operators);
    if data.jobs == 0 {
        return best;
    }
    let chains = CHAINS;
    let start = Instant::now();
    let total_time = params.deadline.map(|d| d.saturating_duration_since(start));
    let total_iters = match (params.max_iterations, params.deadline) {
        (Some(n), _) => Some(n),
        (None, None) => Some(DEFAULT_ITERATIONS),
        (None, Some(_)) => None,
    };
    let assigned = data.jobs - best.unassigned.len();
    let t0 = (cfg.t_start * best.cost() as f64 / assigned.max(1) as f64).max(1.0);
    let tf = t0 * cfg.t_end;
    for epoch in 0..EPOCHS {
        if crate::stop::expired(params.deadline) {
            break;
        }
        let epoch_end = total_time.map(|t| start + t.mul_f64((epoch + 1) as f64 / EPOCHS as f64));
        let results: Vec<State> = (0..chains)
            .into_par_iter()
            .map(|k| {
                let mut rng = SmallRng::seed_from_u64(mix(params.seed, epoch, k));
                let iters_per_epoch = total_iters.map(|n| n / EPOCHS / chains);
                let from = best.clone();
                sisr::run(data, from, &mut rng, cfg, |it| {
                    if crate::stop::requested() {
                        return None;
                    }
                    let frac = match (iters_per_epoch, epoch_end, total_time) {
                        (Some(n), _, _) => {
                            if it >= n {
                                return None;
                            }
                            (epoch * n + it) as f64 / (EPOCHS * n) as f64
                        }
                        (None, Some(end), Some(total)) => {
                            let now = Instant::now();
                            if now >= end {
                                return None;
                            }
                            now.duration_since(start).as_secs_f64() / total.as_secs_f64().max(1e-9)
                        }
                        _ => return None,
                    };
                    Some(t0 * (tf / t0).powf(frac.min(1.0)))
                })
            })
            .collect();
        for r in results {
            if r.objective() < best.objective() {
                best = r;
            }
        }
    }
    // A polish with local search; it only ever improves. Past the deadline it makes one pass
    // only: many small instances solved in turn (a region's managers) must not each overrun.
    local_search(data, &mut best, &mut rng, params.deadline, cfg.operators);
    best
}
