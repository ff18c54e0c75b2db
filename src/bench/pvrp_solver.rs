//! A periodic VRP solver for Cordeau's instances: ruin-and-recreate with simulated annealing
//! over whole visit patterns.
//!
//! The ruin step removes a client with *all* its visits (a cluster of nearby clients, in the
//! manner of SISR, Christiaens & Vanden Berghe 2020); the recreate step re-inserts each client
//! choosing the visit pattern whose summed cheapest insertion over its days is least — the
//! pattern-change move of the periodic-VRP literature (Cordeau, Gendreau & Laporte 1997; Vidal
//! et al. 2012) folded into the recreate. Touched routes are then improved by 2-opt. Routes beyond
//! the `m` vehicles of a day are allowed during the search at a penalty, so that tight
//! instances stay searchable; only penalty-free solutions are returned as feasible.

use super::cordeau::{PvrpInstance, PvrpRoute};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// How long and with what seed to search.
#[derive(Clone, Debug)]
pub struct PvrpParams {
    pub seed: u64,
    pub deadline: Instant,
    /// Parallel independent runs (different seeds); the best is returned.
    pub runs: usize,
}

/// The best solution found.
#[derive(Clone, Debug)]
pub struct PvrpSolution {
    pub routes: Vec<PvrpRoute>,
    pub cost: f64,
    pub feasible: bool,
    pub iterations: u64,
}

struct Data<'a> {
    inst: &'a PvrpInstance,
    n: usize,
    dist: Vec<f64>,
    /// Nearest customers of each customer, nearest first.
    near: Vec<Vec<usize>>,
    excess_penalty: f64,
}

impl<'a> Data<'a> {
    fn new(inst: &'a PvrpInstance) -> Self {
        let n = inst.customers.len();
        let mut dist = vec![0.0; (n + 1) * (n + 1)];
        for a in 0..=n {
            for b in 0..=n {
                dist[a * (n + 1) + b] = inst.dist(a, b);
            }
        }
        let near = (0..=n)
            .map(|a| {
                if a == 0 {
                    return Vec::new();
                }
                let mut v: Vec<usize> = (1..=n).filter(|&b| b != a).collect();
                v.sort_by(|&x, &y| dist[a * (n + 1) + x].total_cmp(&dist[a * (n + 1) + y]));
                v.truncate(80);
                v
            })
            .collect();
        let far = (1..=n).map(|c| dist[c]).fold(0.0, f64::max);
        Data {
            inst,
            n,
            dist,
            near,
            excess_penalty: 4.0 * far + 1.0,
        }
    }

    #[inline]
    fn d(&self, a: usize, b: usize) -> f64 {
        self.dist[a * (self.n + 1) + b]
    }
}

#[derive(Clone)]
struct Route {
    stops: Vec<usize>,
    load: f64,
    /// Travel + service.
    duration: f64,
}

#[derive(Clone)]
struct Sol {
    days: Vec<Vec<Route>>,
    pattern: Vec<u32>,
    cost: f64,
}

impl Sol {
    fn excess(&self, data: &Data) -> usize {
        self.days
            .iter()
            .map(|rs| {
                rs.iter()
                    .filter(|r| !r.stops.is_empty())
                    .count()
                    .saturating_sub(data.inst.vehicles)
            })
            .sum()
    }

    fn objective(&self, data: &Data) -> f64 {
        self.cost + data.excess_penalty * self.excess(data) as f64
    }
}

fn route_cost(data: &Data, stops: &[usize]) -> f64 {
    let mut prev = 0;
    let mut c = 0.0;
    for &s in stops {
        c += data.d(prev, s);
        prev = s;
    }
    c + data.d(prev, 0)
}

fn remove_client(data: &Data, sol: &mut Sol, c: usize) {
    let mask = sol.pattern[c];
    for day in 0..data.inst.days {
        if mask >> day & 1 == 0 {
            continue;
        }
        for r in &mut sol.days[day] {
            if let Some(p) = r.stops.iter().position(|&s| s == c) {
                let prev = if p == 0 { 0 } else { r.stops[p - 1] };
                let next = r.stops.get(p + 1).copied().unwrap_or(0);
                let delta = data.d(prev, next) - data.d(prev, c) - data.d(c, next);
                sol.cost += delta;
                r.duration += delta - data.inst.customers[c - 1].service;
                r.load -= data.inst.customers[c - 1].demand;
                r.stops.remove(p);
                break;
            }
        }
    }
    sol.pattern[c] = 0;
}

/// Cheapest insertion of `c` on one day: (cost, route, position); a new route when no open
/// route fits (penalised when it exceeds the day's vehicles).
fn best_on_day(
    data: &Data,
    sol: &Sol,
    c: usize,
    day: usize,
    rng: &mut SmallRng,
) -> Option<(f64, usize, usize)> {
    let cust = &data.inst.customers[c - 1];
    let max_d = data.inst.max_duration.unwrap_or(f64::INFINITY);
    let mut best: Option<(f64, usize, usize)> = None;
    let mut empty = None;
    let used = sol.days[day].iter().filter(|r| !r.stops.is_empty()).count();
    for (ri, r) in sol.days[day].iter().enumerate() {
        if r.stops.is_empty() {
            empty.get_or_insert(ri);
            continue;
        }
        if r.load + cust.demand > data.inst.capacity + 1e-9 {
            continue;
        }
        let mut prev = 0;
        for p in 0..=r.stops.len() {
            let next = r.stops.get(p).copied().unwrap_or(0);
            // Blinks (SISR): skip a position now and then to diversify the recreate.
            if rng.random::<f64>() >= 0.01 {
                let delta = data.d(prev, c) + data.d(c, next) - data.d(prev, next);
                if best.is_none_or(|b| delta < b.0)
                    && r.duration + delta + cust.service <= max_d + 1e-9
                {
                    best = Some((delta, ri, p));
                }
            }
            prev = next;
        }
    }
    let solo = 2.0 * data.d(0, c);
    if cust.demand <= data.inst.capacity + 1e-9 && solo + cust.service <= max_d + 1e-9 {
        let penalty = if used >= data.inst.vehicles {
            data.excess_penalty
        } else {
            0.0
        };
        let ri = empty.unwrap_or(sol.days[day].len());
        if best.is_none_or(|b| solo + penalty < b.0) {
            best = Some((solo + penalty, ri, 0));
        }
    }
    best
}

/// Where one visit goes: (day, route, position).
type Place = (usize, usize, usize);

fn insert_client(data: &Data, sol: &mut Sol, c: usize, rng: &mut SmallRng) -> bool {
    let cust = &data.inst.customers[c - 1];
    let mut best: Option<(f64, u32, Vec<Place>)> = None;
    for &mask in &cust.patterns {
        let mut total = 0.0;
        let mut places = Vec::new();
        let mut ok = true;
        for day in 0..data.inst.days {
            if mask >> day & 1 == 0 {
                continue;
            }
            match best_on_day(data, sol, c, day, rng) {
                Some((cost, ri, p)) => {
                    total += cost;
                    places.push((day, ri, p));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok && best.as_ref().is_none_or(|b| total < b.0) {
            best = Some((total, mask, places));
        }
    }
    let Some((_, mask, places)) = best else {
        return false;
    };
    for (day, ri, p) in places {
        if ri == sol.days[day].len() {
            sol.days[day].push(Route {
                stops: Vec::new(),
                load: 0.0,
                duration: 0.0,
            });
        }
        let r = &mut sol.days[day][ri];
        let prev = if p == 0 { 0 } else { r.stops[p - 1] };
        let next = r.stops.get(p).copied().unwrap_or(0);
        let delta = data.d(prev, c) + data.d(c, next) - data.d(prev, next);
        sol.cost += delta;
        r.duration += delta + cust.service;
        r.load += cust.demand;
        r.stops.insert(p, c);
    }
    sol.pattern[c] = mask;
    true
}

/// First-improvement 2-opt inside one route.
fn two_opt(data: &Data, r: &mut Route) -> f64 {
    let mut gain_total = 0.0;
    let n = r.stops.len();
    if n < 3 {
        return 0.0;
    }
    let at = |s: &Vec<usize>, i: isize| {
        if i < 0 || i as usize >= s.len() {
            0
        } else {
            s[i as usize]
        }
    };
    let mut improved = true;
    while improved {
        improved = false;
        for i in 0..n - 1 {
            for j in i + 1..n {
                let a = at(&r.stops, i as isize - 1);
                let b = r.stops[i];
                let c = r.stops[j];
                let d = at(&r.stops, j as isize + 1);
                let gain = data.d(a, b) + data.d(c, d) - data.d(a, c) - data.d(b, d);
                if gain > 1e-9 {
                    r.stops[i..=j].reverse();
                    gain_total += gain;
                    improved = true;
                }
            }
        }
    }
    r.duration -= gain_total;
    gain_total
}

fn ruin(data: &Data, sol: &mut Sol, rng: &mut SmallRng) -> Vec<usize> {
    let n = data.n;
    let seed = rng.random_range(1..=n);
    let cap = (n / 4).clamp(2, 30);
    let q = rng.random_range(2..=cap.max(2));
    let mut removed = vec![seed];
    for &c in &data.near[seed] {
        if removed.len() >= q {
            break;
        }
        if rng.random::<f64>() < 0.8 {
            removed.push(c);
        }
    }
    for &c in &removed {
        remove_client(data, sol, c);
    }
    removed
}

fn recreate(data: &Data, sol: &mut Sol, mut removed: Vec<usize>, rng: &mut SmallRng) -> bool {
    match rng.random_range(0..4) {
        0 => removed.sort_by(|&a, &b| {
            data.inst.customers[b - 1]
                .demand
                .total_cmp(&data.inst.customers[a - 1].demand)
        }),
        1 => removed.sort_by(|&a, &b| data.d(0, b).total_cmp(&data.d(0, a))),
        2 => removed.sort_by_key(|&c| data.inst.customers[c - 1].patterns.len()),
        _ => {
            for i in (1..removed.len()).rev() {
                removed.swap(i, rng.random_range(0..=i));
            }
        }
    }
    let mut ok = true;
    for &c in &removed {
        ok &= insert_client(data, sol, c, rng);
    }
    for day in &mut sol.days {
        for r in day.iter_mut() {
            sol.cost -= two_opt(data, r);
        }
        day.retain(|r| !r.stops.is_empty());
    }
    ok
}

fn run(data: &Data, seed: u64, deadline: Instant) -> (Sol, u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let empty = Sol {
        days: vec![Vec::new(); data.inst.days],
        pattern: vec![0; data.n + 1],
        cost: 0.0,
    };
    let mut current = empty.clone();
    let all: Vec<usize> = (1..=data.n).collect();
    let mut tries = 0;
    while !recreate(data, &mut current, all.clone(), &mut rng) {
        tries += 1;
        current = empty.clone();
        if tries > 50 {
            break;
        }
    }
    current.cost = recompute(data, &current);
    let mut best = current.clone();
    let start = Instant::now();
    let total = deadline
        .saturating_duration_since(start)
        .as_secs_f64()
        .max(1e-3);
    let visits: u32 = data.inst.customers.iter().map(|c| c.visits).sum();
    let edge = current.cost / (visits as f64 + 1.0);
    let (t0, tf) = (0.3 * edge, 0.003 * edge);
    let mut temp = t0;
    let mut iterations = 0u64;
    loop {
        if iterations.is_multiple_of(64) {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let frac = (now - start).as_secs_f64() / total;
            temp = t0 * (tf / t0).powf(frac.min(1.0));
        }
        iterations += 1;
        let mut cand = current.clone();
        let removed = ruin(data, &mut cand, &mut rng);
        if !recreate(data, &mut cand, removed, &mut rng) {
            continue;
        }
        let obj = cand.objective(data);
        let threshold = current.objective(data) - temp * rng.random::<f64>().max(1e-12).ln();
        if obj < threshold {
            current = cand;
            if obj < best.objective(data) - 1e-9 {
                best = current.clone();
            }
        }
    }
    best.cost = recompute(data, &best);
    (best, iterations)
}

fn recompute(data: &Data, sol: &Sol) -> f64 {
    sol.days
        .iter()
        .flatten()
        .map(|r| route_cost(data, &r.stops))
        .sum()
}

/// Solves an instance until the deadline.
pub fn solve(inst: &PvrpInstance, params: &PvrpParams) -> PvrpSolution {
    let data = Data::new(inst);
    let runs = params.runs.max(1);
    let results: Vec<(Sol, u64)> = {
        use rayon::prelude::*;
        (0..runs)
            .into_par_iter()
            .map(|k| {
                run(
                    &data,
                    params.seed.wrapping_add(k as u64 * 7919),
                    params.deadline,
                )
            })
            .collect()
    };
    let iterations = results.iter().map(|r| r.1).sum();
    let (best, _) = results
        .into_iter()
        .min_by(|a, b| a.0.objective(&data).total_cmp(&b.0.objective(&data)))
        .expect("at least one run");
    let feasible = best.excess(&data) == 0 && best.pattern[1..].iter().all(|&p| p != 0);
    let routes = best
        .days
        .iter()
        .enumerate()
        .flat_map(|(day, rs)| {
            rs.iter()
                .filter(|r| !r.stops.is_empty())
                .map(move |r| PvrpRoute {
                    day,
                    stops: r.stops.clone(),
                })
        })
        .collect();
    PvrpSolution {
        routes,
        cost: best.cost,
        feasible,
        iterations,
    }
}
