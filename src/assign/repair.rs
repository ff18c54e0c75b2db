//! Repair of an integer assignment: `max_clients`, then the workload band, by moving boundary
//! clients to adjacent territories (a client is on the boundary with territory `k` when one of
//! its nearest same-role clients belongs to `k`), cheapest objective change first. This is the
//! "border move" local search of districting heuristics (Ricca & Simeone 2008, "Local search
//! algorithms for political districting", EJOR 189).

use super::territory::{Objective, Territories};
use super::workload::RoleInstance;
use std::time::Instant;

/// A move of client `j` to manager `to`, with its objective change.
#[derive(Clone, Copy, Debug)]
struct Move {
    j: usize,
    to: u32,
    delta: f64,
}

/// Whether `j` has a nearest neighbour in territory `k`.
pub fn touches(inst: &RoleInstance, t: &Territories, j: usize, k: u32) -> bool {
    inst.adjacent[j].iter().any(|&n| t.owner[n as usize] == Some(k))
}

fn better(best: Option<Move>, m: Move) -> Option<Move> {
    match best {
        Some(b) if b.delta < m.delta || (b.delta == m.delta && (b.j, b.to) <= (m.j, m.to)) => {
            Some(b)
        }
        _ => Some(m),
    }
}

/// Best move out of territory `from` whose target satisfies `accept`; adjacent targets only
/// unless `anywhere`.
fn best_out(
    inst: &RoleInstance,
    t: &Territories,
    obj: &Objective,
    from: u32,
    anywhere: bool,
    accept: &dyn Fn(usize, u32) -> bool,
) -> Option<Move> {
    let mut best = None;
    for j in 0..inst.n_clients() {
        if t.owner[j] != Some(from) || inst.locked[j].is_some() {
            continue;
        }
        let here = obj.cost(inst, j, from);
        for &(k, _) in &inst.cand[j] {
            if k == from || !t.has_room(inst, k) || !accept(j, k) {
                continue;
            }
            if !anywhere && !touches(inst, t, j, k) {
                continue;
            }
            best = better(
                best,
                Move {
                    j,
                    to: k,
                    delta: obj.cost(inst, j, k) - here,
                },
            );
        }
    }
    best
}

/// Best move into territory `to` from a neighbour whose source satisfies `accept`.
fn best_in(
    inst: &RoleInstance,
    t: &Territories,
    obj: &Objective,
    to: u32,
    accept: &dyn Fn(usize, u32) -> bool,
) -> Option<Move> {
    if !t.has_room(inst, to) {
        return None;
    }
    let mut best = None;
    for j in 0..inst.n_clients() {
        let Some(from) = t.owner[j] else { continue };
        if from == to || inst.locked[j].is_some() || !accept(j, from) {
            continue;
        }
        if !inst.cand[j].iter().any(|&(k, _)| k == to) || !touches(inst, t, j, to) {
            continue;
        }
        best = better(
            best,
            Move {
                j,
                to,
                delta: obj.cost(inst, j, to) - obj.cost(inst, j, from),
            },
        );
    }
    best
}

/// Restores caps, then pulls every load into the band `[(1−ε), (1+ε)] × mean` where border
/// moves allow. Returns the number of moves made.
pub fn repair(
    inst: &RoleInstance,
    t: &mut Territories,
    obj: &Objective,
    deadline: Option<Instant>,
) -> usize {
    let m = inst.n_managers();
    let mut moves = 0;
    let out_of_time = || deadline.is_some_and(|d| Instant::now() >= d);

    // Caps first: they are hard.
    for k in 0..m as u32 {
        while inst.cap[k as usize].is_some_and(|c| t.count[k as usize] > c) {
            let mv = best_out(inst, t, obj, k, false, &|_, _| true)
                .or_else(|| best_out(inst, t, obj, k, true, &|_, _| true));
            match mv {
                Some(mv) => {
                    t.set(inst, mv.j, Some(mv.to));
                    moves += 1;
                }
                None => break,
            }
        }
    }

    // Band: push from the heaviest, pull into the lightest; a territory with no useful move
    // is set aside until some other move changes the picture.
    let limit = 4 * inst.n_clients() + 100;
    let mut stuck_over = vec![false; m];
    let mut stuck_under = vec![false; m];
    for _ in 0..limit {
        if out_of_time() {
            break;
        }
        let mean = t.mean();
        let upper = (1.0 + obj.eps) * mean;
        let lower = (1.0 - obj.eps) * mean;
        let heavy = (0..m)
            .filter(|&k| !stuck_over[k] && t.load[k] > upper)
            .max_by(|&a, &b| t.load[a].total_cmp(&t.load[b]).then(b.cmp(&a)));
        let light = (0..m)
            .filter(|&k| !stuck_under[k] && t.load[k] < lower)
            .min_by(|&a, &b| t.load[a].total_cmp(&t.load[b]).then(a.cmp(&b)));
        let mv = match (heavy, light) {
            (None, None) => break,
            (Some(h), _) => {
                let fits = |j: usize, k: u32| t.load[k as usize] + inst.work(j, k) <= upper;
                let mv = best_out(inst, t, obj, h as u32, false, &fits)
                    .or_else(|| best_out(inst, t, obj, h as u32, true, &fits));
                if mv.is_none() {
                    stuck_over[h] = true;
                }
                mv
            }
            (None, Some(l)) => {
                let spare = |j: usize, k: u32| t.load[k as usize] - inst.work(j, k) >= lower;
                let mv = best_in(inst, t, obj, l as u32, &spare);
                if mv.is_none() {
                    stuck_under[l] = true;
                }
                mv
            }
        };
        if let Some(mv) = mv {
            t.set(inst, mv.j, Some(mv.to));
            moves += 1;
            stuck_over.iter_mut().for_each(|s| *s = false);
            stuck_under.iter_mut().for_each(|s| *s = false);
        }
    }
    moves
}
