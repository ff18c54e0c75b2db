//! Repair of an integer assignment: `max_clients`, then the workload band, by moving boundary
//! clients to adjacent territories (a client is on the boundary with territory `k` when one of
//! its nearest same-role clients belongs to `k`), cheapest objective change first. This is the
//! "border move" local search of districting heuristics (Ricca & Simeone 2008, "Local search
//! algorithms for political districting", EJOR 189).

use super::territory::{Objective, Territories};
use super::workload::RoleInstance;
use std::collections::{BTreeSet, VecDeque};
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
    inst.adjacent[j]
        .iter()
        .any(|&n| t.owner[n as usize] == Some(k))
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
    for j in t.members(from) {
        if inst.locked[j].is_some() {
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
    let out_of_time = || crate::stop::expired(deadline);

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
                let fits = |t: &Territories, j: usize, k: u32| {
                    t.load[k as usize] + inst.work(j, k) <= upper
                };
                let mv = best_out(inst, t, obj, h as u32, false, &|j, k| fits(t, j, k));
                if mv.is_none() {
                    // Neighbours are full: pass work along a chain of territories instead.
                    let path = path_between(inst, t, h as u32, |k| t.load[k] < mean);
                    let done = path.map_or(0, |p| push_along(inst, t, obj, &p));
                    if done > 0 {
                        moves += done;
                        stuck_over.iter_mut().for_each(|s| *s = false);
                        stuck_under.iter_mut().for_each(|s| *s = false);
                        continue;
                    }
                }
                let mv =
                    mv.or_else(|| best_out(inst, t, obj, h as u32, true, &|j, k| fits(t, j, k)));
                if mv.is_none() {
                    stuck_over[h] = true;
                }
                mv
            }
            (None, Some(l)) => {
                let mv = best_in(inst, t, obj, l as u32, &|j, k| {
                    t.load[k as usize] - inst.work(j, k) >= lower
                });
                if mv.is_none() {
                    let path = path_into(inst, t, l as u32, |k| t.load[k] > mean);
                    let done = path.map_or(0, |p| push_along(inst, t, obj, &p));
                    if done > 0 {
                        moves += done;
                        stuck_over.iter_mut().for_each(|s| *s = false);
                        stuck_under.iter_mut().for_each(|s| *s = false);
                        continue;
                    }
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

/// Territory adjacency: `a → b` when `a` owns a free client that touches `b` and may go to it.
fn giving_graph(inst: &RoleInstance, t: &Territories) -> Vec<BTreeSet<u32>> {
    let mut adj = vec![BTreeSet::new(); inst.n_managers()];
    for j in 0..inst.n_clients() {
        let Some(a) = t.owner[j] else { continue };
        if inst.locked[j].is_some() {
            continue;
        }
        for &n in &inst.adjacent[j] {
            if let Some(b) = t.owner[n as usize] {
                if b != a && inst.cand[j].iter().any(|c| c.0 == b) {
                    adj[a as usize].insert(b);
                }
            }
        }
    }
    adj
}

/// Breadth-first search over `adj` from `start` to the first territory that satisfies `goal`.
fn bfs(adj: &[BTreeSet<u32>], start: u32, goal: impl Fn(usize) -> bool) -> Option<Vec<u32>> {
    let mut prev: Vec<Option<u32>> = vec![None; adj.len()];
    let mut seen = vec![false; adj.len()];
    seen[start as usize] = true;
    let mut queue = VecDeque::from([start]);
    while let Some(a) = queue.pop_front() {
        if a != start && goal(a as usize) {
            let mut path = vec![a];
            let mut cur = a;
            while let Some(p) = prev[cur as usize] {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some(path);
        }
        for &b in &adj[a as usize] {
            if !seen[b as usize] {
                seen[b as usize] = true;
                prev[b as usize] = Some(a);
                queue.push_back(b);
            }
        }
    }
    None
}

/// The shortest chain of giving territories from `from` to one that satisfies `goal`.
fn path_between(
    inst: &RoleInstance,
    t: &Territories,
    from: u32,
    goal: impl Fn(usize) -> bool,
) -> Option<Vec<u32>> {
    bfs(&giving_graph(inst, t), from, goal)
}

/// The shortest chain that ends in `to` and starts in a territory that satisfies `goal`.
fn path_into(
    inst: &RoleInstance,
    t: &Territories,
    to: u32,
    goal: impl Fn(usize) -> bool,
) -> Option<Vec<u32>> {
    let adj = giving_graph(inst, t);
    let mut rev = vec![BTreeSet::new(); adj.len()];
    for (a, bs) in adj.iter().enumerate() {
        for &b in bs {
            rev[b as usize].insert(a as u32);
        }
    }
    let mut path = bfs(&rev, to, goal)?;
    path.reverse();
    Some(path)
}

/// Moves one border client along each link of `path` (an ejection chain): the first
/// territory loses about one client's work and the last gains it. Returns the moves made.
fn push_along(inst: &RoleInstance, t: &mut Territories, obj: &Objective, path: &[u32]) -> usize {
    let mut done = 0;
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        match best_out(inst, t, obj, a, false, &|_, k| k == b) {
            Some(mv) => {
                t.set(inst, mv.j, Some(mv.to));
                done += 1;
            }
            None => break,
        }
    }
    done
}
