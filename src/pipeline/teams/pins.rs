//! The first common starts: each lead's free day route, shifted as a whole towards the middle
//! of the members' working days.
//!
//! A lead's free route starts its visits as early as it can (it minimises duration), often
//! right at the start of the shift. A general manager whose day is full cannot then reach a
//! far team client that early; a start in the middle of a day can be fitted from both sides.
//! Shifting the lead's whole route by one offset keeps it feasible for the lead as long as
//! every stop stays inside its window and the route inside the shift (travel and duration do
//! not change).

use super::{Jobs, Results};
use crate::model::Place;
use crate::model::{Problem, Seconds};
use crate::travel::Travel;
use std::collections::BTreeMap;

/// Pins of every team visit the leads routed, keyed by team id.
pub(in crate::pipeline) fn first_pins(
    problem: &Problem,
    travel: &dyn Travel,
    per_manager: &Jobs,
    free: &Results,
    leads: &BTreeMap<String, usize>,
) -> BTreeMap<String, Seconds> {
    // Preferred start of each team visit: the middle of a working day that starts at the
    // shift's opening, averaged over the members.
    let mut wanted: BTreeMap<&str, (Seconds, Seconds)> = BTreeMap::new();
    for (&m, jobs) in per_manager {
        let mgr = &problem.managers[m];
        let day = (mgr.shift.close - mgr.shift.open).min(mgr.max_work_s);
        for (_, j) in jobs {
            if let Some(t) = &j.team {
                let e = wanted.entry(t).or_default();
                e.0 += mgr.shift.open + day / 2 - j.service_s / 2;
                e.1 += 1;
            }
        }
    }
    let mut pins = BTreeMap::new();
    for (routes, _) in free.values() {
        let mgr = &problem.managers[routes.manager];
        for r in &routes.routes {
            let led: Vec<(&str, Seconds)> = r
                .stops
                .iter()
                .filter_map(|s| {
                    let t = s.job.team.as_deref()?;
                    (leads.get(t) == Some(&routes.manager)).then_some((t, s.start))
                })
                .collect();
            if led.is_empty() {
                continue;
            }
            // Offsets every stop and the route itself allow.
            let Some(last) = r.stops.last() else { continue };
            let back = last.start
                + last.job.service_s
                + travel.seconds(Place::Client(last.job.client), Place::Base(routes.manager));
            let mut lo = mgr.shift.open - r.leave;
            let mut hi = mgr.shift.close - back;
            for s in &r.stops {
                if let Some(w) = s
                    .job
                    .start_windows
                    .iter()
                    .find(|w| w.open <= s.start && s.start <= w.close)
                {
                    lo = lo.max(w.open - s.start);
                    hi = hi.min(w.close - s.start);
                }
            }
            let mut offset = 0;
            if lo <= 0 && 0 <= hi {
                let diffs: Vec<Seconds> = led
                    .iter()
                    .filter_map(|(t, start)| wanted.get(t).map(|&(sum, n)| sum / n - start))
                    .collect();
                if !diffs.is_empty() {
                    let mean = diffs.iter().sum::<Seconds>() / diffs.len() as Seconds;
                    offset = mean.clamp(lo, hi);
                }
            }
            for (t, start) in led {
                pins.insert(t.to_string(), start + offset);
            }
        }
    }
    pins
}
