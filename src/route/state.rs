//! Search state: routes with cached prefix and suffix segments, so that a route made of a
//! prefix, a few moved jobs and a suffix is evaluated in O(1).

use super::data::{Data, Seg};
use super::exact;

/// One vehicle's route with its caches.
#[derive(Clone, Debug)]
pub struct Route {
    pub vehicle: usize,
    pub jobs: Vec<usize>,
    /// `fwd[i]`: `jobs[..=i]` merged (no depot).
    fwd: Vec<Seg>,
    /// `bwd[i]`: `jobs[i..]` merged (no depot).
    bwd: Vec<Seg>,
    pub cost: i64,
}

impl Route {
    pub fn new(data: &Data, vehicle: usize) -> Route {
        let mut r = Route {
            vehicle,
            jobs: Vec::new(),
            fwd: Vec::new(),
            bwd: Vec::new(),
            cost: 0,
        };
        r.update(data);
        r
    }

    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Rebuilds the caches after `jobs` changed: O(n).
    pub fn update(&mut self, data: &Data) {
        let n = self.jobs.len();
        self.fwd.clear();
        self.bwd.clear();
        if n == 0 {
            self.cost = 0;
            return;
        }
        self.fwd.push(data.single[self.jobs[0]]);
        for &j in &self.jobs[1..] {
            let s = data.merge(self.fwd.last().expect("non-empty"), &data.single[j]);
            self.fwd.push(s);
        }
        self.bwd.resize(n, data.single[self.jobs[n - 1]]);
        for i in (0..n - 1).rev() {
            self.bwd[i] = data.merge(&data.single[self.jobs[i]], &self.bwd[i + 1]);
        }
        let v = self.vehicle;
        let full = data.merge(&data.merge(&data.start[v], &self.fwd[n - 1]), &data.end[v]);
        self.cost = match data.route_cost(v, &full) {
            // Multi-window routes keep their relaxed cost only if the exact check agrees.
            Some(c) if full.multi == 0 => c,
            _ => exact_cost(data, v, &self.jobs).unwrap_or(INFEASIBLE),
        };
    }

    #[inline]
    pub fn fwd(&self, i: usize) -> &Seg {
        &self.fwd[i]
    }

    #[inline]
    pub fn bwd(&self, i: usize) -> &Seg {
        &self.bwd[i]
    }

    /// `jobs[i..j]` merged, `None` when empty: O(j − i).
    pub fn range(&self, data: &Data, i: usize, j: usize) -> Option<Seg> {
        let mut it = self.jobs[i..j].iter();
        let first = data.single[*it.next()?];
        Some(it.fold(first, |acc, &k| data.merge(&acc, &data.single[k])))
    }

    /// `jobs[i..j]` reversed and merged.
    pub fn range_rev(&self, data: &Data, i: usize, j: usize) -> Option<Seg> {
        let mut it = self.jobs[i..j].iter().rev();
        let first = data.single[*it.next()?];
        Some(it.fold(first, |acc, &k| data.merge(&acc, &data.single[k])))
    }
}

/// Cost recorded for a route that should never exist (guards against an inconsistent state).
pub const INFEASIBLE: i64 = i64::MAX / 64;

/// Exact cost of a job sequence, `None` if infeasible.
pub fn exact_cost(data: &Data, vehicle: usize, jobs: &[usize]) -> Option<i64> {
    if jobs.is_empty() {
        return Some(0);
    }
    let s = exact::schedule(data, vehicle, jobs)?;
    Some(data.inst.distance_weight * s.distance + data.inst.duration_weight * s.duration())
}

/// A whole solution: one route per vehicle and the jobs left out.
#[derive(Clone, Debug)]
pub struct State {
    pub routes: Vec<Route>,
    pub unassigned: Vec<usize>,
    /// `(route, position)` of every job, `usize::MAX` route when unassigned.
    pub place: Vec<(usize, usize)>,
}

pub const NOWHERE: usize = usize::MAX;

impl State {
    pub fn empty(data: &Data) -> State {
        State {
            routes: (0..data.vehicles).map(|v| Route::new(data, v)).collect(),
            unassigned: (0..data.jobs).collect(),
            place: vec![(NOWHERE, 0); data.jobs],
        }
    }

    pub fn cost(&self) -> i64 {
        self.routes.iter().map(|r| r.cost).sum()
    }

    /// Lexicographic objective: unassigned jobs first, then cost.
    pub fn objective(&self) -> (usize, i64) {
        (self.unassigned.len(), self.cost())
    }

    /// Replaces route `r`'s jobs and refreshes its caches and the job places.
    pub fn set_route(&mut self, data: &Data, r: usize, jobs: Vec<usize>) {
        self.routes[r].jobs = jobs;
        self.refresh(data, r);
    }

    pub fn refresh(&mut self, data: &Data, r: usize) {
        self.routes[r].update(data);
        for (p, &j) in self.routes[r].jobs.iter().enumerate() {
            self.place[j] = (r, p);
        }
    }

    /// Sorted unassigned list after jobs were placed or removed.
    pub fn mark_unassigned(&mut self, jobs: &[usize]) {
        for &j in jobs {
            self.place[j] = (NOWHERE, 0);
        }
        self.unassigned.extend_from_slice(jobs);
    }
}
