//! One role's assignment instance and its workload estimate.
//!
//! A client's cycle workload for a role is its visits × (service + travel per visit). Travel per
//! visit has two parts:
//! - local: the mean travel time to its 4 nearest same-role clients (≈ the per-stop length of
//!   a tour through all of them, Beardwood, Halton & Hammersley 1959), scaled by
//!   `(D / mean visits)^¼` because one day's route visits only a subset of the territory;
//! - the base trip: a day's route leaves and re-enters the territory once, so each visit carries
//!   `2 × t(base, client) / stops per day`. This part depends on the manager.
//!
//! Both parts are scaled by the manager's travel factor ([`super::tours`]: the territory's
//! tour travel over the sum of this additive estimate, 1 until calibrated).
//!
//! Waiting is not estimated; the pipeline corrects with [`super::rebalance`] after routing.

use super::eligibility::{eligible, Eligible};
use super::geometry::{dist, nearest_others, tree_of, PointTree, Projection, Xy};
use super::window::WindowCaps;
use super::Unassignable;
use crate::model::{Place, Problem};
use crate::travel::{Crow, Travel};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Same-role neighbours used for the local travel estimate.
const DENSITY_K: usize = 4;
/// Neighbours that define "adjacent" territories in repair moves.
pub const ADJACENT_K: usize = 8;
/// Shift-and-opening overlap below which a manager is a poor fit for a client (seconds).
pub const NARROW_S: i64 = 2 * 3600;
/// Managers kept as candidates per client when a role has many (nearest bases).
pub const NEAR_MANAGERS: usize = 6;
/// Non-specialists kept as candidates of a segment client (nearest bases).
const OUTSIDE_NEAR: usize = 1;

/// One role's clients and managers, with local indices: client `j`, manager `k`.
pub struct RoleInstance<'a> {
    pub travel: &'a dyn Travel,
    /// Global manager index of each local manager.
    pub managers: Vec<usize>,
    pub bases: Vec<Xy>,
    pub cap: Vec<Option<usize>>,
    /// Global client index of each local client.
    pub clients: Vec<usize>,
    pub points: Vec<Xy>,
    pub locked: Vec<Option<u32>>,
    /// Allowed managers, sorted (the locked one alone when locked).
    pub allowed: Vec<Vec<u32>>,
    /// The client's current manager when it is allowed (a soft preference).
    pub current: Vec<Option<u32>>,
    /// Visits per cycle (visit and team rules of this role).
    pub visits: Vec<f64>,
    /// Service plus local travel, seconds per cycle (manager-independent part).
    pub own_s: Vec<f64>,
    /// Service alone, seconds per cycle.
    pub service_s: Vec<f64>,
    /// Factor on the nearest-neighbour travel for a day's route visiting only a subset.
    pub subset: f64,
    /// Per manager, the most work of the clients it can visit only in part of its day
    /// ([`super::window::window_caps`]); empty in `region` mode.
    pub window_caps: WindowCaps,
    /// The specialists of the client's segment, when it has some: the other allowed managers
    /// stay candidates at a cost (local management, when balance needs it).
    pub preferred: Vec<Option<Vec<u32>>>,
    pub stops_per_day: f64,
    /// Working days in the cycle per local manager.
    pub days: Vec<f64>,
    /// Working day per local manager (seconds): its shift, at most its longest day.
    pub shift_s: Vec<f64>,
    /// Team visits per cycle of each client in this role (their start is pinned to the
    /// partners' routes).
    pub pinned: Vec<f64>,
    /// Per local manager: factor on the estimated travel of its clients ([`super::tours`]).
    pub travel_factor: Vec<f64>,
    /// Candidate managers per client with the client's workload under each (seconds).
    pub cand: Vec<Vec<(u32, f64)>>,
    /// Nearest same-role clients (for adjacency).
    pub adjacent: Vec<Vec<u32>>,
    /// Allowed managers whose shift meets the client's opening hours for less than
    /// [`NARROW_S`]: routing can place its visits only in a short slot, so they cost more.
    pub narrow: Vec<Vec<u32>>,
    pub tree: PointTree,
}

impl<'a> RoleInstance<'a> {
    /// Builds the instance of `role`; clients no manager can take go to `unassigned`.
    pub fn build(
        problem: &Problem,
        travel: &'a dyn Travel,
        proj: &Projection,
        role: &str,
        unassigned: &mut Vec<Unassignable>,
    ) -> RoleInstance<'a> {
        let managers: Vec<usize> = problem.managers_of_role(role).collect();
        let mut local = vec![None; problem.managers.len()];
        for (k, &m) in managers.iter().enumerate() {
            local[m] = Some(k as u32);
        }
        let local_of = |m: usize| local[m];
        let bases: Vec<Xy> = managers
            .iter()
            .map(|&m| proj.xy(problem.managers[m].lat, problem.managers[m].lon))
            .collect();
        let cap = managers
            .iter()
            .map(|&m| problem.managers[m].max_clients)
            .collect();

        // Visits and service per client of this role, from visit and team rules.
        let mut visits_of = vec![0.0f64; problem.clients.len()];
        let mut service_of = vec![0.0f64; problem.clients.len()];
        let mut needs = vec![false; problem.clients.len()];
        let mut pinned_of = vec![0.0f64; problem.clients.len()];
        for r in problem.requirements.iter().filter(|r| r.role == role) {
            needs[r.client] = true;
            visits_of[r.client] += r.visits as f64;
            service_of[r.client] += r.visits as f64 * r.service_s as f64;
        }
        for t in &problem.team_requirements {
            if t.roles.iter().any(|r| r == role) {
                needs[t.client] = true;
                visits_of[t.client] += t.visits as f64;
                pinned_of[t.client] += t.visits as f64;
                service_of[t.client] += t.visits as f64 * t.service_s as f64;
            }
        }

        let mut clients = Vec::new();
        let mut locked = Vec::new();
        let mut allowed = Vec::new();
        let mut current = Vec::new();
        // Eligibility looks at every manager of the role for every client (hours and trips):
        // the costliest part of the instance at 30k clients, so it runs in parallel.
        let wanted: Vec<usize> = (0..problem.clients.len()).filter(|&c| needs[c]).collect();
        let crow = Crow::new(problem);
        let verdicts: Vec<Result<Eligible, String>> = wanted
            .par_iter()
            .map(|&ci| eligible(problem, ci, role, &managers, &crow))
            .collect();
        for (ci, verdict) in wanted.into_iter().zip(verdicts) {
            match verdict {
                Err(reason) => unassigned.push(Unassignable {
                    client: ci,
                    role: role.to_string(),
                    reason,
                }),
                Ok(e) => {
                    let (lock, allow) = match e {
                        Eligible::Locked(m) => {
                            let k = local_of(m).unwrap_or(0);
                            (Some(k), vec![k])
                        }
                        Eligible::Choice(ms) => (
                            None,
                            ms.into_iter().filter_map(local_of).collect::<Vec<_>>(),
                        ),
                    };
                    let cur = problem.clients[ci]
                        .manager
                        .as_deref()
                        .and_then(|id| problem.manager_by_id(id))
                        .and_then(local_of)
                        .filter(|k| allow.contains(k));
                    clients.push(ci);
                    locked.push(lock);
                    allowed.push(allow);
                    current.push(cur);
                }
            }
        }
        let points: Vec<Xy> = clients
            .iter()
            .map(|&c| proj.xy(problem.clients[c].lat, problem.clients[c].lon))
            .collect();
        let tree = tree_of(&points);
        let adjacent = nearest_others(&tree, &points, ADJACENT_K);
        let visits: Vec<f64> = clients.iter().map(|&c| visits_of[c]).collect();

        // Local travel: mean time to the nearest same-role clients, scaled for day subsets.
        let total_visits: f64 = visits.iter().sum();
        let days = problem.calendar.days().max(1) as f64;
        let mean_visits = if clients.is_empty() {
            1.0
        } else {
            (total_visits / clients.len() as f64).max(1e-9)
        };
        let subset = (days / mean_visits).powf(0.25).clamp(1.0, 3.0);
        let service_s: Vec<f64> = clients.iter().map(|&c| service_of[c]).collect();
        let own_s: Vec<f64> = (0..clients.len())
            .map(|j| {
                service_s[j] + visits[j] * local_travel(travel, &clients, j, &adjacent[j]) * subset
            })
            .collect();

        let manager_days: Vec<f64> = managers
            .iter()
            .map(|&m| {
                let wd = problem.managers[m].workdays;
                let per_week = problem
                    .calendar
                    .weekdays
                    .iter()
                    .filter(|d| wd.contains(**d))
                    .count();
                (per_week as u32 * problem.calendar.weeks) as f64
            })
            .collect();
        let stops_per_day = (total_visits / manager_days.iter().sum::<f64>().max(1.0)).max(1.0);

        let narrow: Vec<Vec<u32>> = clients
            .par_iter()
            .zip(allowed.par_iter())
            .map(|(&c, allow)| {
                let open = &problem.clients[c].open;
                allow
                    .iter()
                    .copied()
                    .filter(|&k| {
                        let shift = problem.managers[managers[k as usize]].shift;
                        let overlap = open
                            .iter()
                            .map(|w| w.close.min(shift.close) - w.open.max(shift.open))
                            .max()
                            .unwrap_or(0);
                        overlap < NARROW_S
                    })
                    .collect()
            })
            .collect();
        let n_clients = clients.len();
        let n_managers = managers.len();
        let pinned: Vec<f64> = clients.iter().map(|&c| pinned_of[c]).collect();
        let shift_s: Vec<f64> = managers
            .iter()
            .map(|&m| {
                let mg = &problem.managers[m];
                (mg.shift.close - mg.shift.open).min(mg.max_work_s) as f64
            })
            .collect();
        let mut inst = RoleInstance {
            travel,
            managers,
            bases,
            cap,
            clients,
            points,
            locked,
            allowed,
            current,
            visits,
            own_s,
            service_s,
            subset,
            preferred: vec![None; n_clients],
            window_caps: WindowCaps::default(),
            stops_per_day,
            days: manager_days,
            shift_s,
            pinned,
            travel_factor: vec![1.0; n_managers],
            cand: Vec::new(),
            adjacent,
            narrow,
            tree,
        };
        inst.cand = inst.candidates();
        inst
    }

    /// Splits the clients into groups that different managers serve (segments of specialists):
    /// a client of group `g > 0` has its travel estimate and its adjacency from the nearest
    /// clients of its own group, since its manager's routes visit only those; group 0 (open to
    /// every manager) keeps all same-role clients. Groups too small for a neighbourhood keep
    /// theirs too. The caller rebuilds the candidate lists.
    pub fn regroup(&mut self, group: &[usize]) {
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (j, &g) in group.iter().enumerate() {
            if g > 0 {
                members.entry(g).or_default().push(j);
            }
        }
        for list in members.values() {
            if list.len() <= DENSITY_K {
                continue;
            }
            let pts: Vec<Xy> = list.iter().map(|&j| self.points[j]).collect();
            let tree = tree_of(&pts);
            let near = nearest_others(&tree, &pts, ADJACENT_K);
            for (i, &j) in list.iter().enumerate() {
                self.adjacent[j] = near[i].iter().map(|&x| list[x as usize] as u32).collect();
                let local = local_travel(self.travel, &self.clients, j, &self.adjacent[j]);
                self.own_s[j] = self.service_s[j] + self.visits[j] * local * self.subset;
            }
        }
    }

    pub fn n_clients(&self) -> usize {
        self.clients.len()
    }

    pub fn n_managers(&self) -> usize {
        self.managers.len()
    }

    /// Workload (seconds per cycle) of client `j` under manager `k`.
    pub fn work(&self, j: usize, k: u32) -> f64 {
        match self.cand[j].iter().find(|(m, _)| *m == k) {
            Some(&(_, w)) => w,
            None => self.work_uncached(j, k),
        }
    }

    pub(super) fn work_uncached(&self, j: usize, k: u32) -> f64 {
        self.service_s[j] + self.travel_factor[k as usize] * self.additive_travel(j, k)
    }

    /// Adds to each client's candidates the owner it and its nearest neighbours have in
    /// `owner` (where allowed).
    pub fn widen(&mut self, owner: &[Option<u32>]) {
        for j in 0..self.n_clients() {
            let mut extra: Vec<u32> = std::iter::once(j as u32)
                .chain(self.adjacent[j].iter().copied())
                .filter_map(|n| owner[n as usize])
                .filter(|k| self.allowed[j].contains(k))
                .filter(|k| !self.cand[j].iter().any(|c| c.0 == *k))
                .collect();
            extra.sort_unstable();
            extra.dedup();
            for k in extra {
                let w = self.work_uncached(j, k);
                self.cand[j].push((k, w));
            }
            self.cand[j].sort_by_key(|c| c.0);
        }
    }

    /// Candidate managers: all allowed ones when few; else the allowed managers with the
    /// nearest bases, plus every manager for whose base the client is among the nearest
    /// `3 × clients / managers` (so that no manager is left without candidates), plus the
    /// current manager.
    pub fn candidates(&self) -> Vec<Vec<(u32, f64)>> {
        let n = self.n_clients();
        let m = self.n_managers();
        // Per client independent (the nearest bases): in parallel, the same lists on any number
        // of threads.
        let mut lists: Vec<Vec<u32>> = (0..n)
            .into_par_iter()
            .map(|j| self.nearest_candidates(j))
            .collect();
        if m > NEAR_MANAGERS && n > 0 {
            let reach = (3 * n).div_ceil(m).max(1);
            for k in 0..m as u32 {
                let mut taken = 0;
                for g in self.tree.nearest_neighbor_iter(&self.bases[k as usize]) {
                    let j = g.data as usize;
                    if self.locked[j].is_none() && self.allowed[j].contains(&k) {
                        lists[j].push(k);
                        taken += 1;
                        if taken >= reach {
                            break;
                        }
                    }
                }
            }
        }
        lists
            .into_par_iter()
            .enumerate()
            .map(|(j, mut l)| {
                l.sort_unstable();
                l.dedup();
                l.into_iter()
                    .map(|k| (k, self.work_uncached(j, k)))
                    .collect()
            })
            .collect()
    }

    /// Client `j`'s candidates before the managers that reach out to it: all allowed managers
    /// when few, the nearest specialists and the nearest other manager when it has a
    /// segment, else the allowed managers with the nearest bases; plus its current manager.
    fn nearest_candidates(&self, j: usize) -> Vec<u32> {
        let allow = &self.allowed[j];
        // The `take` nearest bases among `ks` (only which ones matters: lists are sorted by
        // manager index in the end).
        let near = |ks: &mut dyn Iterator<Item = u32>, take: usize| {
            let mut by: Vec<(f64, u32)> = ks
                .map(|k| (dist(self.points[j], self.bases[k as usize]), k))
                .collect();
            if by.len() > take && take > 0 {
                by.select_nth_unstable_by(take - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            by.into_iter().take(take).map(|x| x.1).collect::<Vec<u32>>()
        };
        let mut l = if let Some(pref) = &self.preferred[j] {
            // The nearest specialists, plus the nearest others as a costly way out.
            let mut l = near(&mut pref.iter().copied(), NEAR_MANAGERS - OUTSIDE_NEAR);
            let others = &mut allow.iter().copied().filter(|k| !pref.contains(k));
            l.extend(near(others, OUTSIDE_NEAR));
            l
        } else if allow.len() <= NEAR_MANAGERS {
            return allow.clone();
        } else {
            near(&mut allow.iter().copied(), NEAR_MANAGERS)
        };
        l.extend(self.current[j]);
        l
    }
}

/// Mean travel time (s) from client `j` to its nearest [`DENSITY_K`] neighbours in `near`.
fn local_travel(travel: &dyn Travel, clients: &[usize], j: usize, near: &[u32]) -> f64 {
    let near = &near[..near.len().min(DENSITY_K)];
    if near.is_empty() {
        return 0.0;
    }
    near.iter()
        .map(|&n| {
            travel.seconds(
                Place::Client(clients[j]),
                Place::Client(clients[n as usize]),
            ) as f64
        })
        .sum::<f64>()
        / near.len() as f64
}
