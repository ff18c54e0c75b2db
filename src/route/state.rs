//! Search state: routes with cached prefix and suffix segments, so that a route made of a
//! prefix, a few moved jobs and a suffix is evaluated in O(1).

use super::data::{Data, Seg};
use super::exact;

/// One vehicle's route with its caches.
#[derive(Debug)]
pub struct Route {
    pub vehicle: usize,
    pub jobs: Vec<usize>,
    /// `pre[i]`: start depot then `jobs[..i]`.
    pre: Vec<Seg>,
    /// `suf[i]`: `jobs[i..]` then end depot.
    suf: Vec<Seg>,
    pub cost: i64,
}

impl Clone for Route {
    fn clone(&self) -> Self {
        Route {
            vehicle: self.vehicle,
            jobs: self.jobs.clone(),
            pre: self.pre.clone(),
            suf: self.suf.clone(),
            cost: self.cost,
        }
    }

    /// Reuses the buffers: the search copies states every iteration.
    fn clone_from(&mut self, other: &Self) {
        self.vehicle = other.vehicle;
        self.jobs.clone_from(&other.jobs);
        self.pre.clone_from(&other.pre);
        self.suf.clone_from(&other.suf);
        self.cost = other.cost;
    }
}

impl Route {
    pub fn new(data: &Data, vehicle: usize) -> Route {
        let mut r = Route {
            vehicle,
            jobs: Vec::new(),
            pre: Vec::new(),
            suf: Vec::new(),
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
        self.pre.truncate(1);
        self.suf.clear();
        self.suf.resize(n + 1, data.end[self.vehicle]);
        self.refresh(data, 0, 0);
    }

    /// Rebuilds the caches when only `jobs[head..len - tail]` changed since the last update
    /// (the first `head` and the last `tail` jobs are as before).
    pub fn update_partly(&mut self, data: &Data, head: usize, tail: usize) {
        let n = self.jobs.len();
        let old = self.suf.len();
        // Shift the still-valid tail of `suf` to its new indices.
        if n + 1 > old {
            self.suf.splice(
                0..0,
                std::iter::repeat_n(data.end[self.vehicle], n + 1 - old),
            );
        } else {
            self.suf.drain(0..old - (n + 1));
        }
        self.pre.truncate(head + 1);
        self.refresh(data, head, tail);
    }

    fn refresh(&mut self, data: &Data, head: usize, tail: usize) {
        let n = self.jobs.len();
        let v = self.vehicle;
        if self.pre.is_empty() {
            self.pre.push(data.start[v]);
        }
        for i in self.pre.len() - 1..n {
            let s = data.merge(&self.pre[i], &data.single[self.jobs[i]]);
            self.pre.push(s);
        }
        self.suf[n] = data.end[v];
        for i in (0..n - tail.min(n)).rev() {
            self.suf[i] = data.merge(&data.single[self.jobs[i]], &self.suf[i + 1]);
        }
        let _ = head;
        self.cost = if n == 0 {
            0
        } else {
            let full = self.pre[n];
            let full = data.merge(&full, &data.end[v]);
            match data.route_cost(v, &full) {
                // Multi-window routes keep their relaxed cost only if the exact check agrees.
                Some(c) if full.multi == 0 => c,
                _ => exact_cost(data, v, &self.jobs).unwrap_or(INFEASIBLE),
            }
        };
    }

    /// Start depot then `jobs[..i]`.
    #[inline]
    pub fn pre(&self, i: usize) -> &Seg {
        &self.pre[i]
    }

    /// `jobs[i..]` then end depot.
    #[inline]
    pub fn suf(&self, i: usize) -> &Seg {
        &self.suf[i]
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
#[derive(Debug)]
pub struct State {
    pub routes: Vec<Route>,
    pub unassigned: Vec<usize>,
    /// `(route, position)` of every job, `usize::MAX` route when unassigned.
    pub place: Vec<(usize, usize)>,
}

pub const NOWHERE: usize = usize::MAX;

impl Clone for State {
    fn clone(&self) -> Self {
        State {
            routes: self.routes.clone(),
            unassigned: self.unassigned.clone(),
            place: self.place.clone(),
        }
    }

    fn clone_from(&mut self, other: &Self) {
        self.routes.clone_from(&other.routes);
        self.unassigned.clone_from(&other.unassigned);
        self.place.clone_from(&other.place);
    }
}

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
        self.replace(r, 0);
    }

    /// Inserts `job` at index `pos` of route `r`.
    pub fn insert(&mut self, data: &Data, r: usize, pos: usize, job: usize) {
        let route = &mut self.routes[r];
        let tail = route.len() - pos;
        route.jobs.insert(pos, job);
        route.update_partly(data, pos, tail);
        self.replace(r, pos);
    }

    fn replace(&mut self, r: usize, from: usize) {
        for (p, &j) in self.routes[r].jobs.iter().enumerate().skip(from) {
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
