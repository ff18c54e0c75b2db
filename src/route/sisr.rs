//! Slack Induction by String Removals (Christiaens & Vanden Berghe 2020, "Slack induction by
//! string removals for vehicle routing problems", Transportation Science 54(2)): ruin removes
//! a few strings of consecutive jobs from neighbouring routes, recreate reinserts them greedily
//! with blinks, and simulated annealing decides acceptance.

use super::data::Data;
use super::insert::insert_all;
use super::local_search::local_search;
use super::operators::{Operator, OPERATORS};
use super::state::{State, NOWHERE};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::Rng;

/// SISR parameters: the paper's defaults except c̄ = 15 and local search on each new best, and
/// temperatures relative to the instance (start at 3 × the average cost per job, end at 1 % of
/// it). Chosen on 12 Solomon instances × 2 seeds at 20,000 iterations (`examples/iters.rs`):
/// mean gap 1.90 % with the paper's c̄ = 10, T0 = 1× and no polish; 1.24 % with polish;
/// 0.57–0.72 % with c̄ = 15, T0 = 2–4× and polish; T0 = 8× was worse (0.96 %).
#[derive(Clone, Debug)]
pub struct Config {
    /// Average number of removed jobs (c̄).
    pub avg_removed: f64,
    /// Longest string (L_max).
    pub max_string: f64,
    /// Probability of the split-string variant.
    pub split_rate: f64,
    /// Split depth β.
    pub split_depth: f64,
    /// Probability of skipping an insertion position.
    pub blink_rate: f64,
    /// Start temperature as a multiple of the average cost per job of the first solution.
    pub t_start: f64,
    /// End temperature as a fraction of the start temperature.
    pub t_end: f64,
    /// Run local search on every new best solution.
    pub polish_best: bool,
    /// Local-search operators (the whole registry by default).
    pub operators: &'static [(&'static str, Operator)],
}

impl Default for Config {
    fn default() -> Self {
        Config {
            avg_removed: 15.0,
            max_string: 10.0,
            split_rate: 0.5,
            split_depth: 0.01,
            blink_rate: 0.01,
            t_start: 3.0,
            t_end: 0.01,
            polish_best: true,
            operators: OPERATORS,
        }
    }
}

/// Removes strings of jobs around a random seed job; returns the removed jobs.
pub fn ruin(data: &Data, state: &mut State, rng: &mut SmallRng, cfg: &Config) -> Vec<usize> {
    let used: Vec<&super::state::Route> = state.routes.iter().filter(|r| !r.is_empty()).collect();
    if used.is_empty() {
        return Vec::new();
    }
    let assigned: usize = used.iter().map(|r| r.len()).sum();
    let avg_card = assigned as f64 / used.len() as f64;
    let ls_max = cfg.max_string.min(avg_card);
    let ks_max = 4.0 * cfg.avg_removed / (1.0 + ls_max) - 1.0;
    let strings = rng.random_range(1.0..ks_max.max(1.0) + 1.0).floor() as usize;

    let seed = loop {
        let j = rng.random_range(0..data.jobs);
        if state.place[j].0 != NOWHERE {
            break j;
        }
    };
    let mut removed = Vec::new();
    let mut ruined: Vec<usize> = Vec::new();
    for &c in std::iter::once(&seed).chain(data.adjacency[seed].iter()) {
        if ruined.len() >= strings {
            break;
        }
        let (r, pc) = state.place[c];
        if r == NOWHERE || ruined.contains(&r) {
            continue;
        }
        let n = state.routes[r].len();
        let lmax = ls_max.min(n as f64);
        let len = (rng.random_range(1.0..lmax + 1.0).floor() as usize).clamp(1, n);
        let keep: Vec<usize> = if rng.random::<f64>() < cfg.split_rate && len < n {
            // Split string: a string of len + m jobs around c, of which m consecutive stay.
            let mut m = 1;
            while m < n - len && rng.random::<f64>() > cfg.split_depth {
                m += 1;
            }
            let total = len + m;
            let start = rng.random_range(pc.saturating_sub(total - 1)..=pc.min(n - total));
            let kept_from = start + rng.random_range(0..=len);
            let jobs = &state.routes[r].jobs;
            removed.extend(
                (start..start + total)
                    .filter(|&i| i < kept_from || i >= kept_from + m)
                    .map(|i| jobs[i]),
            );
            jobs[..start]
                .iter()
                .chain(&jobs[kept_from..kept_from + m])
                .chain(&jobs[start + total..])
                .copied()
                .collect()
        } else {
            let start = rng.random_range(pc.saturating_sub(len - 1)..=pc.min(n - len));
            let jobs = &state.routes[r].jobs;
            removed.extend_from_slice(&jobs[start..start + len]);
            jobs[..start]
                .iter()
                .chain(&jobs[start + len..])
                .copied()
                .collect()
        };
        state.set_route(data, r, keep);
        ruined.push(r);
    }
    for &j in &removed {
        state.place[j] = (NOWHERE, 0);
    }
    removed
}

/// Reinserts the removed jobs (and any previously unassigned ones) in one of SISR's orders:
/// random, by demand, far from the depot first, or close first (weights 4, 4, 2, 1).
pub fn recreate(
    data: &Data,
    state: &mut State,
    mut jobs: Vec<usize>,
    rng: &mut SmallRng,
    cfg: &Config,
) {
    jobs.append(&mut state.unassigned);
    jobs.shuffle(rng);
    let depot = data.inst.vehicles.first().map_or(0, |v| v.start);
    let from_depot = |j: usize| data.dist(depot, data.single[j].first);
    match rng.random_range(0..11) {
        0..=3 => {}
        4..=7 => jobs.sort_by_key(|&j| std::cmp::Reverse(data.inst.jobs[j].demand)),
        8..=9 => jobs.sort_by_key(|&j| std::cmp::Reverse(from_depot(j))),
        _ => jobs.sort_by_key(|&j| from_depot(j)),
    }
    insert_all(data, state, &jobs, rng, cfg.blink_rate);
}

/// Runs SISR from `current` while `go(iteration)` returns the annealing temperature; returns
/// the best state found.
pub fn run(
    data: &Data,
    mut current: State,
    rng: &mut SmallRng,
    cfg: &Config,
    mut temperature: impl FnMut(u64) -> Option<f64>,
) -> State {
    let mut best = current.clone();
    let mut best_obj = best.objective();
    let mut cur_obj = current.objective();
    let mut it = 0u64;
    let mut cand = current.clone();
    while let Some(t) = temperature(it) {
        it += 1;
        cand.clone_from(&current);
        let removed = ruin(data, &mut cand, rng, cfg);
        recreate(data, &mut cand, removed, rng, cfg);
        let obj = cand.objective();
        let threshold = cur_obj.1 as f64 - t * rng.random::<f64>().max(1e-12).ln();
        if obj.0 < cur_obj.0 || (obj.0 == cur_obj.0 && (obj.1 as f64) < threshold) {
            std::mem::swap(&mut current, &mut cand);
            cur_obj = obj;
            if cur_obj < best_obj {
                if cfg.polish_best {
                    local_search(data, &mut current, rng, None, cfg.operators);
                    cur_obj = current.objective();
                }
                best.clone_from(&current);
                best_obj = cur_obj;
            }
        }
    }
    best
}
