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

/// Best move into territory `to` from a neighbour whose source satisfies `accept`. Only the
/// clients that touch `to` can move: they are found through `near_me` ([`near_me`]) instead of
/// a scan of every client per move (a 30k role made 1,500 such moves after the greedy start).
fn best_in(
    inst: &RoleInstance,
    t: &Territories,
    obj: &Objective,
    near_me: &[Vec<u32>],
    to: u32,
    accept: &dyn Fn(usize, u32) -> bool,
) -> Option<Move> {
    if !t.has_room(inst, to) {
        return None;
    }
    let mut best = None;
    for n in t.members(to) {
        for &j in &near_me[n] {
            let j = j as usize;
            let Some(from) = t.owner[j] else { continue };
            if from == to || inst.locked[j].is_some() || !accept(j, from) {
                continue;
            }
            if !inst.cand[j].iter().any(|&(k, _)| k == to) {
                continue;
            }
            // The least (delta, j): the same move whatever the order clients are met in.
            best = better(
                best,
                Move {
                    j,
                    to,
                    delta: obj.cost(inst, j, to) - obj.cost(inst, j, from),
                },
            );
        }
    }
    best
}

/// For each client, the clients that have it among their nearest (adjacency reversed).
fn near_me(inst: &RoleInstance) -> Vec<Vec<u32>> {
    let mut rev = vec![Vec::new(); inst.n_clients()];
    for (j, near) in inst.adjacent.iter().enumerate() {
        for &n in near {
            rev[n as usize].push(j as u32);
        }
    }
    rev
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
    let mut near_me: Option<Vec<Vec<u32>>> = None;
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
                let near_me = near_me.get_or_insert_with(|| self::near_me(inst));
                let mv = best_in(inst, t, obj, near_me, l as u32, &|j, k| {
                    t.load[k as usize] - inst.work(j, k) >= lower
                });
                if mv.is_none() {
                    let path = path_into(inst, t, near_me, l as u32, |k| t.load[k] > mean);
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

/// The territories `a` gives to: `a → b` when `a` owns a free client that touches `b` and may
/// go to it. Links are found only for the territories a chain search visits (a few around the
/// heavy or light one): building the whole graph for every search cost 8 % of a 30k plan.
fn gives_to(inst: &RoleInstance, t: &Territories, a: u32) -> BTreeSet<u32> {
    let mut to = BTreeSet::new();
    for j in t.members(a) {
        if inst.locked[j].is_some() {
            continue;
        }
        for &n in &inst.adjacent[j] {
            if let Some(b) = t.owner[n as usize] {
                if b != a && inst.cand[j].iter().any(|c| c.0 == b) {
                    to.insert(b);
                }
            }
        }
    }
    to
}

/// The territories that give to `b` (the links of [`gives_to`] reversed); `near_me[n]`: the
/// clients that have `n` among their nearest.
fn gives_from(inst: &RoleInstance, t: &Territories, near_me: &[Vec<u32>], b: u32) -> BTreeSet<u32> {
    let mut from = BTreeSet::new();
    for n in t.members(b) {
        for &j in &near_me[n] {
            let j = j as usize;
            let Some(a) = t.owner[j] else { continue };
            if a != b && inst.locked[j].is_none() && inst.cand[j].iter().any(|c| c.0 == b) {
                from.insert(a);
            }
        }
    }
    from
}

/// Breadth-first search from `start` over the links `next` gives, to the first territory
/// that satisfies `goal`.
fn bfs(
    m: usize,
    start: u32,
    mut next: impl FnMut(u32) -> BTreeSet<u32>,
    goal: impl Fn(usize) -> bool,
) -> Option<Vec<u32>> {
    let mut prev: Vec<Option<u32>> = vec![None; m];
    let mut seen = vec![false; m];
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
        for b in next(a) {
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
    bfs(inst.n_managers(), from, |a| gives_to(inst, t, a), goal)
}

/// The shortest chain that ends in `to` and starts in a territory that satisfies `goal`.
fn path_into(
    inst: &RoleInstance,
    t: &Territories,
    near_me: &[Vec<u32>],
    to: u32,
    goal: impl Fn(usize) -> bool,
) -> Option<Vec<u32>> {
    let mut path = bfs(
        inst.n_managers(),
        to,
        |b| gives_from(inst, t, near_me, b),
        goal,
    )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign::geometry::Projection;
    use crate::model::{Client, CycleKind, Frequency, Manager, Policy, Problem, VisitRule};
    use crate::travel::Crow;
    use rand::{rngs::SmallRng, Rng, SeedableRng};

    /// 400 clients in a 20 km square, 8 managers, and a random (unbalanced) assignment.
    fn random_case(seed: u64) -> (Problem, Vec<Option<u32>>) {
        let mut rng = SmallRng::seed_from_u64(seed);
        let clients = (0..400)
            .map(|i| {
                let (a, b): (f64, f64) = (rng.random(), rng.random());
                Client::new(format!("c{i}"), 48.0 + 0.18 * a, 11.0 + 0.27 * b)
            })
            .collect();
        let managers = (0..8)
            .map(|k| {
                Manager::new(
                    format!("m{k}"),
                    48.0 + 0.02 * k as f64,
                    11.0 + 0.03 * k as f64,
                )
            })
            .collect();
        let owner = (0..400).map(|_| Some(rng.random_range(0..8u32))).collect();
        let policy = Policy {
            weeks: 2,
            visits: vec![VisitRule::for_all_clients(
                "general",
                Frequency::PerWeek(1),
                1200,
                CycleKind::Elastic,
            )],
            ..Policy::default()
        };
        (Problem::new(clients, managers, policy), owner)
    }

    #[test]
    fn moves_in_and_chains_found_locally_match_a_scan_of_every_client() {
        for seed in 1..4 {
            let (p, owner) = random_case(seed);
            let travel = Crow::new(&p);
            let proj = Projection::around(p.clients.iter().map(|c| (c.lat, c.lon)));
            let inst = RoleInstance::build(&p, &travel, &proj, "general", &mut Vec::new());
            let t = Territories::of(&inst, &owner);
            let obj = Objective {
                centres: inst.bases.clone(),
                eps: 0.05,
                penalty: 1.0,
                drop_cost: 1e6,
            };
            let near_me = near_me(&inst);
            let accept = |j: usize, k: u32| !(j + k as usize).is_multiple_of(3);
            for to in 0..8u32 {
                // The scan of the whole role, as repair did before `near_me`.
                let mut scan = None;
                for j in 0..inst.n_clients() {
                    let from = t.owner[j].unwrap();
                    if from == to || !accept(j, from) || !touches(&inst, &t, j, to) {
                        continue;
                    }
                    if inst.cand[j].iter().any(|c| c.0 == to) {
                        let delta = obj.cost(&inst, j, to) - obj.cost(&inst, j, from);
                        scan = better(scan, Move { j, to, delta });
                    }
                }
                let local = best_in(&inst, &t, &obj, &near_me, to, &accept);
                assert_eq!(local.map(|m| (m.j, m.to)), scan.map(|m| (m.j, m.to)));
                // Chains: links found per visited territory equal the whole graph's.
                for a in 0..8u32 {
                    let into: BTreeSet<u32> = (0..8u32)
                        .filter(|&b| gives_to(&inst, &t, b).contains(&a))
                        .collect();
                    assert_eq!(gives_from(&inst, &t, &near_me, a), into);
                }
            }
        }
    }
}
