//! The instance compiled for search: per-job summaries, vehicle end-segments and neighbour
//! lists, built once and read-only afterwards.

use super::segment::DurationSegment;
use super::Instance;

/// Summary of a visit sequence: time windows, distance, load and where it begins and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seg {
    pub dur: DurationSegment,
    pub distance: i64,
    pub load: i64,
    /// Matrix nodes of the first and last stop.
    pub first: usize,
    pub last: usize,
    /// How many jobs with several windows the sequence holds (their hull is only a relaxation).
    pub multi: u32,
}

/// Read-only search data.
pub struct Data<'a> {
    pub inst: &'a Instance,
    pub jobs: usize,
    pub vehicles: usize,
    /// One-visit segment per job (hull window for multi-window jobs).
    pub single: Vec<Seg>,
    pub start: Vec<Seg>,
    pub end: Vec<Seg>,
    /// `allowed[j * vehicles + v]`; empty when every job may use every vehicle.
    allowed: Vec<bool>,
    /// Granular neighbourhood for local search: the closest jobs by a time-window-aware
    /// proximity (Vidal et al. 2013).
    pub neighbours: Vec<Vec<usize>>,
    /// Closest jobs by distance, for the string removal of SISR.
    pub adjacency: Vec<Vec<usize>>,
}

/// How many granular neighbours local search looks at.
pub const NEIGHBOURS: usize = 25;
/// How long the SISR adjacency lists are.
const ADJACENCY: usize = 60;

impl<'a> Data<'a> {
    pub fn new(inst: &'a Instance) -> Data<'a> {
        let n = inst.jobs.len();
        let nv = inst.vehicles.len();
        let single: Vec<Seg> = inst
            .jobs
            .iter()
            .map(|j| {
                let open = j.windows.first().map_or(0, |w| w.0);
                let close = j.windows.last().map_or(-1, |w| w.1);
                Seg {
                    dur: DurationSegment::visit(j.service, open, close),
                    distance: 0,
                    load: j.demand,
                    first: j.node,
                    last: j.node,
                    multi: u32::from(j.windows.len() > 1),
                }
            })
            .collect();
        let depot = |node: usize, v: &super::Vehicle| Seg {
            dur: DurationSegment::visit(0, v.earliest_start, v.latest_end),
            distance: 0,
            load: 0,
            first: node,
            last: node,
            multi: 0,
        };
        let start = inst.vehicles.iter().map(|v| depot(v.start, v)).collect();
        let end = inst.vehicles.iter().map(|v| depot(v.end, v)).collect();
        let mut allowed = Vec::new();
        if inst.jobs.iter().any(|j| j.vehicles.is_some()) {
            allowed = vec![false; n * nv];
            for (j, job) in inst.jobs.iter().enumerate() {
                match &job.vehicles {
                    None => allowed[j * nv..(j + 1) * nv].fill(true),
                    Some(list) => {
                        for &v in list.iter().filter(|&&v| v < nv) {
                            allowed[j * nv + v] = true;
                        }
                    }
                }
            }
        }
        let mut data = Data {
            inst,
            jobs: n,
            vehicles: nv,
            single,
            start,
            end,
            allowed,
            neighbours: Vec::new(),
            adjacency: Vec::new(),
        };
        data.neighbours = (0..n).map(|i| data.closest(i, NEIGHBOURS, true)).collect();
        data.adjacency = (0..n).map(|i| data.closest(i, ADJACENCY, false)).collect();
        data
    }

    fn closest(&self, i: usize, k: usize, with_windows: bool) -> Vec<usize> {
        let mut others: Vec<(i64, usize)> = (0..self.jobs)
            .filter(|&j| j != i)
            .map(|j| {
                let p = if with_windows {
                    self.proximity(i, j).min(self.proximity(j, i))
                } else {
                    self.dist(self.single[i].first, self.single[j].first)
                };
                (p, j)
            })
            .collect();
        let k = k.min(others.len());
        if k < others.len() {
            others.select_nth_unstable(k);
            others.truncate(k);
        }
        others.sort_unstable();
        others.into_iter().map(|(_, j)| j).collect()
    }

    /// Distance plus the waiting (weighted 0.2) and time warp (weighted 1) of going `i` → `j`
    /// directly, as in HGS-CVRPTW's correlation measure.
    fn proximity(&self, i: usize, j: usize) -> i64 {
        let (a, b) = (&self.single[i], &self.single[j]);
        let t = self.time(a.last, b.first);
        let wait = (b.dur.early - a.dur.duration - t - a.dur.late).max(0);
        let warp = (a.dur.early + a.dur.duration + t - b.dur.late).max(0);
        self.dist(a.last, b.first)
            .saturating_add(wait / 5)
            .saturating_add(warp)
    }

    #[inline]
    pub fn dist(&self, a: usize, b: usize) -> i64 {
        self.inst.distance.get(a, b)
    }

    #[inline]
    pub fn time(&self, a: usize, b: usize) -> i64 {
        self.inst.time.get(a, b)
    }

    #[inline]
    pub fn allowed(&self, job: usize, vehicle: usize) -> bool {
        self.allowed.is_empty() || self.allowed[job * self.vehicles + vehicle]
    }

    pub fn restricted(&self) -> bool {
        !self.allowed.is_empty()
    }

    /// `a` followed by `b`.
    #[inline]
    pub fn merge(&self, a: &Seg, b: &Seg) -> Seg {
        let edge = self.time(a.last, b.first);
        Seg {
            dur: a.dur.merge(edge, &b.dur),
            distance: a.distance + self.dist(a.last, b.first) + b.distance,
            load: a.load + b.load,
            first: a.first,
            last: b.last,
            multi: a.multi + b.multi,
        }
    }

    /// Concatenation of several pieces (at least one).
    #[inline]
    pub fn concat(&self, pieces: &[Seg]) -> Seg {
        let mut acc = pieces[0];
        for p in &pieces[1..] {
            acc = self.merge(&acc, p);
        }
        acc
    }

    /// Cost of a whole route (start depot to end depot) if it meets time windows (on the
    /// relaxation), duration and capacity; `None` otherwise.
    #[inline]
    pub fn route_cost(&self, vehicle: usize, full: &Seg) -> Option<i64> {
        let v = &self.inst.vehicles[vehicle];
        if full.dur.time_warp > 0 || full.dur.duration > v.max_duration || full.load > v.capacity {
            return None;
        }
        Some(
            self.inst.distance_weight * full.distance
                + self.inst.duration_weight * full.dur.duration,
        )
    }
}
