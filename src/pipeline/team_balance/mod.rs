//! Balance among the managers whose clients are visited only in team visits (supervisors).
//!
//! A team visit starts at a time pinned to its partners' routes, so such a manager's day is a
//! few fixed appointments: its workload is the trips to them and the waiting between two on one
//! day. The assignment can only estimate both (which days the schedule shares, how far apart
//! the partners' routes put the starts), and a supervisor with two appointments hours apart
//! ends far above the role's mean. After routing, a (client, role) whose visits are all team
//! visits can change manager without touching any other route: the new member goes to the same
//! client at the same start on the same day. The day spans are recomputed exactly, so these
//! moves are cheap and sure, and they run on the routed plan.

mod days;
mod neighbours;

use super::routing::{Routed, Stop};
use crate::assign::AssignOutcome;
use crate::model::Problem;
use crate::travel::Travel;
use days::Days;
use neighbours::Neighbours;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Moves aim this far (relative) under the balance bound, so that a later rounding of the
/// role's mean cannot tip a manager over it.
const MARGIN: f64 = 0.01;

/// A (client, role)'s routed visits with their days.
type Visits = Vec<(u32, Stop)>;

/// One move: (client, from, to).
type Move = (usize, usize, usize);

/// Moves (client, role) pairs served only in team visits from managers above the balance bound
/// of their role to bordering managers of the same role that can make the same appointments,
/// as long as the receiver stays under the bound; a receiver without room may pass one of its
/// own such clients on (a chain of two moves). The move that adds least to the role's total
/// workload goes first, so appointments that leave a long wait move before short ones. `load` is each manager's cycle
/// workload (seconds, leave to return, as the checker counts it), indexed like
/// `problem.managers`. Moved assignments get reason `rebalance`. Returns the number of pairs
/// moved. Deterministic.
pub fn run(
    problem: &Problem,
    travel: &dyn Travel,
    assignment: &mut AssignOutcome,
    routed: &mut Routed,
    load: &[f64],
    deadline: Option<Instant>,
) -> usize {
    let mut days = Days::of(routed);
    let mut load = load.to_vec();
    load.resize(problem.managers.len(), 0.0);
    let mut moved = 0;
    for role in problem.roles() {
        let ms: Vec<usize> = problem.managers_of_role(&role).collect();
        if ms.len() < 2 {
            continue;
        }
        let pairs = movable(problem, assignment, &days, &role);
        if pairs.is_empty() {
            continue;
        }
        let mut search = Search {
            problem,
            travel,
            border: Neighbours::new(problem, assignment, &role).of(problem, &pairs),
            pairs,
            clients_of: vec![0; problem.managers.len()],
            goal_factor: (1.0 + problem.policy.tolerance) * (1.0 - MARGIN) / ms.len() as f64,
        };
        for a in &assignment.assignments {
            search.clients_of[a.manager] += 1;
        }
        let mut stuck = BTreeSet::new();
        // Every move relieves the heaviest manager; the cap only guards against cycling.
        let mut budget = 4 * search.pairs.len();
        while budget > 0 && !crate::stop::expired(deadline) {
            budget -= 1;
            let total: f64 = ms.iter().map(|&m| load[m]).sum();
            let Some(h) = ms
                .iter()
                .copied()
                .filter(|m| !stuck.contains(m) && load[*m] > search.goal(total))
                .max_by(|&a, &b| load[a].total_cmp(&load[b]).then(b.cmp(&a)))
            else {
                break;
            };
            let Some(chain) = search.best(&mut days, &load, total, h) else {
                stuck.insert(h);
                continue;
            };
            for (client, from, to) in chain {
                let visits = search.pairs.remove(&(from, client)).unwrap_or_default();
                let dh = days.removal(problem, travel, from, client, &visits);
                let dk = days.insertion(problem, travel, to, &visits);
                days.transfer(from, to, client, &visits, true);
                search.pairs.insert((to, client), visits);
                load[from] += dh.unwrap_or(0.0);
                load[to] += dk.unwrap_or(0.0);
                search.clients_of[from] -= 1;
                search.clients_of[to] += 1;
                for a in assignment.assignments.iter_mut() {
                    if a.client == client && a.role == role {
                        a.manager = to;
                        a.reason = "rebalance".to_string();
                    }
                }
                moved += 1;
            }
            // Managers that took clients may have become heavy themselves.
            stuck.clear();
        }
    }
    if moved > 0 {
        days.write(travel, routed);
    }
    moved
}

/// The moves of one role.
struct Search<'a> {
    problem: &'a Problem,
    travel: &'a dyn Travel,
    /// Managers bordering each movable client (owners of its nearest clients when the pass
    /// starts, nearest bases), allowed by the allow-lists.
    border: BTreeMap<usize, Vec<usize>>,
    /// (manager, client) → visits, of the movable pairs.
    pairs: BTreeMap<(usize, usize), Visits>,
    /// Distinct clients per manager, for `max_clients`.
    clients_of: Vec<usize>,
    /// The goal is this × the role's total workload.
    goal_factor: f64,
}

impl Search<'_> {
    fn goal(&self, total: f64) -> f64 {
        self.goal_factor * total
    }

    /// Receivers of `client` other than those in `not`, with room under `max_clients`.
    fn receivers(&self, client: usize, not: &[usize]) -> Vec<usize> {
        let room = |k: usize| {
            self.problem.managers[k]
                .max_clients
                .is_none_or(|cap| self.clients_of[k] < cap)
        };
        self.border[&client]
            .iter()
            .copied()
            .filter(|k| !not.contains(k) && room(*k))
            .collect()
    }

    fn clients(&self, m: usize) -> impl Iterator<Item = (usize, &Visits)> {
        self.pairs
            .range((m, 0)..(m + 1, 0))
            .map(|(&(_, c), v)| (c, v))
    }

    /// The move (or chain of two) that relieves `h` with the least added workload for the
    /// role (waiting saved counts), keeping every receiver under the goal.
    fn best(&self, days: &mut Days, load: &[f64], total: f64, h: usize) -> Option<Vec<Move>> {
        let (p, t) = (self.problem, self.travel);
        let mut single: Option<(f64, Move)> = None;
        let mut chain: Option<(f64, Move, Move)> = None;
        for (client, visits) in self.clients(h) {
            let Some(dh) = days.removal(p, t, h, client, visits).filter(|d| *d < 0.0) else {
                continue;
            };
            for k in self.receivers(client, &[h]) {
                let Some(dk) = days.insertion(p, t, k, visits) else {
                    continue;
                };
                let change = dh + dk;
                if load[k] + dk <= self.goal(total + change) {
                    let key = (change, (client, h, k));
                    if single.is_none_or(|b| key < b) {
                        single = Some(key);
                    }
                    continue;
                }
                // Too heavy for k: k may pass one of its clients on, with `client` moved.
                days.transfer(h, k, client, visits, false);
                for (c2, v2) in self.clients(k) {
                    let Some(dk2) = days.removal(p, t, k, c2, v2) else {
                        continue;
                    };
                    for k2 in self.receivers(c2, &[h, k]) {
                        let Some(dk3) = days.insertion(p, t, k2, v2) else {
                            continue;
                        };
                        let change = dh + dk + dk2 + dk3;
                        let goal = self.goal(total + change);
                        if load[k] + dk + dk2 > goal || load[k2] + dk3 > goal {
                            continue;
                        }
                        let key = (change, (client, h, k), (c2, k, k2));
                        if chain.is_none_or(|b| key < b) {
                            chain = Some(key);
                        }
                    }
                }
                days.transfer(k, h, client, visits, false);
            }
        }
        // A chain moves more clients: it must save more than the best single move.
        match (single, chain) {
            (Some((s, _)), Some((c, a, b))) if c < s => Some(vec![a, b]),
            (Some((_, m)), _) => Some(vec![m]),
            (None, Some((_, a, b))) => Some(vec![a, b]),
            (None, None) => None,
        }
    }
}

/// Client → manager of `role`.
fn owners(assignment: &AssignOutcome, role: &str) -> BTreeMap<usize, usize> {
    assignment
        .assignments
        .iter()
        .filter(|a| a.role == role)
        .map(|a| (a.client, a.manager))
        .collect()
}

/// The (manager, client) pairs of `role` whose visits are all routed team visits, with those
/// visits; locked clients and clients with missing visits stay.
fn movable(
    problem: &Problem,
    assignment: &AssignOutcome,
    days: &Days,
    role: &str,
) -> BTreeMap<(usize, usize), Visits> {
    let needed = |c: usize| -> u32 {
        problem
            .team_requirements_of(c)
            .filter(|t| t.roles.iter().any(|r| r == role))
            .map(|t| t.visits)
            .sum()
    };
    let single = |c: usize| problem.requirements_of(c).any(|r| r.role == role);
    // A locked client keeps its manager for the roles that manager has.
    let locked = |c: usize| {
        let client = &problem.clients[c];
        client.locked
            && client
                .manager
                .as_deref()
                .and_then(|id| problem.manager_by_id(id))
                .is_some_and(|m| problem.managers[m].role == role)
    };
    let mut found: BTreeMap<(usize, usize), (Visits, bool)> = BTreeMap::new();
    for (&(m, d), stops) in &days.routes {
        for s in stops.iter().filter(|s| s.job.role == role) {
            let e = found.entry((m, s.job.client)).or_default();
            e.0.push((d, s.clone()));
            e.1 |= s.job.team.is_none();
        }
    }
    let owner = owners(assignment, role);
    found
        .into_iter()
        .filter(|((m, c), (visits, any_single))| {
            !any_single
                && !single(*c)
                && owner.get(c) == Some(m)
                && visits.len() as u32 == needed(*c)
                && !locked(*c)
        })
        .map(|(key, (visits, _))| (key, visits))
        .collect()
}

#[cfg(test)]
mod tests;
