//! Exact schedules, including jobs with several windows.
//!
//! With one window per job the duration segments of [`super::segment`] are exact. With several
//! windows the earliest-start schedule is still the test of feasibility (start-time functions
//! are non-decreasing), but the least duration depends on which window each job uses. We try
//! two window choices — the one of the earliest schedule (leave at the shift start, take the
//! first window that is still open) and the one of the latest schedule (return at the shift
//! end, take the last window still reachable) — and for each, with windows fixed, the segment
//! concatenation gives the least duration and the latest departure that achieves it. The
//! better of the two is kept. This is exact for feasibility of windows and the shift; it may
//! miss a mixed window choice that would be shorter, so `max_duration` is respected but
//! possibly conservatively (documented limit).

use super::data::Data;
use super::segment::DurationSegment;

/// A route's exact timetable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub leave: i64,
    pub arrivals: Vec<i64>,
    pub starts: Vec<i64>,
    pub ret: i64,
    pub distance: i64,
}

impl Schedule {
    pub fn duration(&self) -> i64 {
        self.ret - self.leave
    }
}

/// The shortest feasible timetable found for `jobs` on `vehicle`, or `None` if the sequence
/// breaks a window, the shift, the duration limit, the capacity or a vehicle restriction.
pub fn schedule(data: &Data, vehicle: usize, jobs: &[usize]) -> Option<Schedule> {
    let inst = data.inst;
    let v = &inst.vehicles[vehicle];
    let load: i64 = jobs.iter().map(|&j| inst.jobs[j].demand).sum();
    if load > v.capacity || jobs.iter().any(|&j| !data.allowed(j, vehicle)) {
        return None;
    }
    let forward = earliest_windows(data, vehicle, jobs)?;
    let mut best = fixed_schedule(data, vehicle, jobs, &forward);
    if jobs.iter().any(|&j| inst.jobs[j].windows.len() > 1) {
        if let Some(backward) = latest_windows(data, vehicle, jobs) {
            if let Some(s) = fixed_schedule(data, vehicle, jobs, &backward) {
                if best.as_ref().is_none_or(|b| s.duration() < b.duration()) {
                    best = Some(s);
                }
            }
        }
    }
    best
}

/// Window index per job of the earliest schedule, or `None` if it cannot be met.
fn earliest_windows(data: &Data, vehicle: usize, jobs: &[usize]) -> Option<Vec<usize>> {
    let inst = data.inst;
    let v = &inst.vehicles[vehicle];
    let mut t = v.earliest_start;
    let mut at = v.start;
    let mut chosen = Vec::with_capacity(jobs.len());
    for &j in jobs {
        let job = &inst.jobs[j];
        let arrival = t + data.time(at, job.node);
        let w = job.windows.iter().position(|w| w.1 >= arrival)?;
        t = arrival.max(job.windows[w].0) + job.service;
        at = job.node;
        chosen.push(w);
    }
    (t + data.time(at, v.end) <= v.latest_end).then_some(chosen)
}

/// Window index per job of the latest schedule (returning at the shift end).
fn latest_windows(data: &Data, vehicle: usize, jobs: &[usize]) -> Option<Vec<usize>> {
    let inst = data.inst;
    let v = &inst.vehicles[vehicle];
    let mut t = v.latest_end;
    let mut at = v.end;
    let mut chosen = vec![0; jobs.len()];
    for (k, &j) in jobs.iter().enumerate().rev() {
        let job = &inst.jobs[j];
        let latest = t - data.time(job.node, at) - job.service;
        let w = job.windows.iter().rposition(|w| w.0 <= latest)?;
        t = latest.min(job.windows[w].1);
        at = job.node;
        chosen[k] = w;
    }
    (t - data.time(v.start, at) >= v.earliest_start).then_some(chosen)
}

/// The least-duration timetable with each job's window fixed.
fn fixed_schedule(
    data: &Data,
    vehicle: usize,
    jobs: &[usize],
    windows: &[usize],
) -> Option<Schedule> {
    let inst = data.inst;
    let v = &inst.vehicles[vehicle];
    let mut seg = DurationSegment::visit(0, v.earliest_start, v.latest_end);
    let mut at = v.start;
    for (&j, &w) in jobs.iter().zip(windows) {
        let job = &inst.jobs[j];
        let (open, close) = job.windows[w];
        seg = seg.merge(
            data.time(at, job.node),
            &DurationSegment::visit(job.service, open, close),
        );
        at = job.node;
    }
    seg = seg.merge(
        data.time(at, v.end),
        &DurationSegment::visit(0, v.earliest_start, v.latest_end),
    );
    if seg.time_warp > 0 || seg.duration > v.max_duration {
        return None;
    }
    // Any departure in `[early, late]` achieves the least duration; the earliest keeps the
    // slack at the end of the shift.
    let leave = seg.early;
    let mut t = leave;
    let mut at = v.start;
    let mut arrivals = Vec::with_capacity(jobs.len());
    let mut starts = Vec::with_capacity(jobs.len());
    let mut distance = 0;
    for (&j, &w) in jobs.iter().zip(windows) {
        let job = &inst.jobs[j];
        let arrival = t + data.time(at, job.node);
        distance += data.dist(at, job.node);
        let start = arrival.max(job.windows[w].0);
        if start > job.windows[w].1 {
            return None;
        }
        arrivals.push(arrival);
        starts.push(start);
        t = start + job.service;
        at = job.node;
    }
    distance += data.dist(at, v.end);
    let ret = t + data.time(at, v.end);
    (ret <= v.latest_end && ret - leave <= v.max_duration && leave >= v.earliest_start).then_some(
        Schedule {
            leave,
            arrivals,
            starts,
            ret,
            distance,
        },
    )
}
