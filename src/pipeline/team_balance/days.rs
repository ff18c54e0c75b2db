//! Every routed manager-day as its stops in time order, and the exact workload of a day whose
//! stops keep their starts.

use super::super::routing::{DayRoute, ManagerRoutes, Routed, Stop};
use crate::model::{Place, Problem, Seconds};
use crate::travel::Travel;
use std::collections::{BTreeMap, BTreeSet};

/// Every routed manager-day as its stops in time order, and the days changed.
pub(super) struct Days {
    pub routes: BTreeMap<(usize, u32), Vec<Stop>>,
    touched: BTreeSet<(usize, u32)>,
}

impl Days {
    pub(super) fn of(routed: &Routed) -> Days {
        let mut routes = BTreeMap::new();
        for mr in &routed.managers {
            for r in &mr.routes {
                let mut stops = r.stops.clone();
                stops.sort_by_key(|s| s.start);
                routes.insert((mr.manager, r.day), stops);
            }
        }
        Days {
            routes,
            touched: BTreeSet::new(),
        }
    }

    pub(super) fn stops(&self, m: usize, d: u32) -> &[Stop] {
        self.routes.get(&(m, d)).map_or(&[], Vec::as_slice)
    }

    /// Change of `m`'s workload when the client's `visits` leave its routes; `None` when a
    /// shortened day is not feasible (travel need not obey the triangle inequality).
    pub(super) fn removal(
        &self,
        problem: &Problem,
        travel: &dyn Travel,
        m: usize,
        client: usize,
        visits: &[(u32, Stop)],
    ) -> Option<f64> {
        let mut change = 0;
        for &(d, _) in visits {
            let before = self.stops(m, d);
            let after: Vec<Stop> = before
                .iter()
                .filter(|s| s.job.client != client)
                .cloned()
                .collect();
            change += span(problem, travel, m, &after)? - span(problem, travel, m, before)?;
        }
        Some(change as f64)
    }

    /// Change of `k`'s workload when it makes `visits` at their starts; `None` when `k` does
    /// not work one of the days or cannot fit a visit.
    pub(super) fn insertion(
        &self,
        problem: &Problem,
        travel: &dyn Travel,
        k: usize,
        visits: &[(u32, Stop)],
    ) -> Option<f64> {
        let mgr = &problem.managers[k];
        let mut change = 0;
        for (d, stop) in visits {
            if !mgr.workdays.contains(problem.calendar.weekday(*d)) {
                return None;
            }
            let before = self.stops(k, *d);
            let after = inserted(before, stop.clone());
            change += span(problem, travel, k, &after)? - span(problem, travel, k, before)?;
        }
        Some(change as f64)
    }

    /// Moves the client's `visits` from `from` to `to`; `keep` marks the days as changed (a
    /// tried move that is undone leaves its days as they were).
    pub(super) fn transfer(
        &mut self,
        from: usize,
        to: usize,
        client: usize,
        visits: &[(u32, Stop)],
        keep: bool,
    ) {
        for (d, stop) in visits {
            if let Some(stops) = self.routes.get_mut(&(from, *d)) {
                stops.retain(|s| s.job.client != client);
                if stops.is_empty() {
                    self.routes.remove(&(from, *d));
                }
            }
            let target = self.routes.entry((to, *d)).or_default();
            *target = inserted(target, stop.clone());
            if keep {
                self.touched.insert((from, *d));
                self.touched.insert((to, *d));
            }
        }
    }

    /// Writes the changed days back into `routed`, each route leaving its base just in time for
    /// its first start.
    pub(super) fn write(&self, travel: &dyn Travel, routed: &mut Routed) {
        for &(m, d) in &self.touched {
            let at = match routed.managers.iter().position(|mr| mr.manager == m) {
                Some(i) => i,
                None => {
                    routed.managers.push(ManagerRoutes {
                        manager: m,
                        ..ManagerRoutes::default()
                    });
                    routed.managers.len() - 1
                }
            };
            let routes = &mut routed.managers[at].routes;
            routes.retain(|r| r.day != d);
            if let Some(stops) = self.routes.get(&(m, d)) {
                let first = &stops[0];
                let out = travel.seconds(Place::Base(m), Place::Client(first.job.client));
                routes.push(DayRoute {
                    day: d,
                    leave: first.start - out,
                    stops: stops.clone(),
                });
                routes.sort_by_key(|r| r.day);
            }
        }
        routed.managers.sort_by_key(|mr| mr.manager);
    }
}

/// `stops` with `stop` in its place by start time.
fn inserted(stops: &[Stop], stop: Stop) -> Vec<Stop> {
    let at = stops.partition_point(|s| s.start <= stop.start);
    let mut out = stops.to_vec();
    out.insert(at, stop);
    out
}

/// Leave-to-return seconds of a day route whose stops keep their starts, leaving just in time
/// for the first (0 for no stop); `None` when a stop cannot be reached by its start or the day
/// breaks the manager's shift or `max_minutes`.
fn span(problem: &Problem, travel: &dyn Travel, m: usize, stops: &[Stop]) -> Option<Seconds> {
    let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
        return Some(0);
    };
    let mgr = &problem.managers[m];
    let base = Place::Base(m);
    let leave = first.start - travel.seconds(base, Place::Client(first.job.client));
    let mut at = base;
    let mut clock = leave;
    for s in stops {
        let here = Place::Client(s.job.client);
        if clock + travel.seconds(at, here) > s.start {
            return None;
        }
        clock = s.start + s.job.service_s;
        at = here;
    }
    let back = clock + travel.seconds(Place::Client(last.job.client), base);
    let fits = leave >= mgr.shift.open && back <= mgr.shift.close && back - leave <= mgr.max_work_s;
    fits.then_some(back - leave)
}
