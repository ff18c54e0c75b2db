//! Duration segments: the time-window state of a partial route, concatenated in O(1).
//!
//! Follows the "duration segment" of PyVRP (Wouda, Lan & Kool 2024, after Vidal et al. 2013,
//! "A hybrid genetic algorithm with adaptive diversity management for a large class of vehicle
//! routing problems with time-windows"). A segment summarises a sequence of visits by
//! - `duration`: the least time from the start of the first visit to the end of the last one,
//!   service and waiting included, when started anywhere in `[early, late]`;
//! - `time_warp`: how much the sequence must travel back in time to meet every window (0 when
//!   feasible);
//! - `early`, `late`: the window for starting the first visit that achieves both.
//!
//! Starting later than `late` adds time warp, earlier than `early` adds waiting, so the route's
//! least duration (leaving as late as possible) comes out of the concatenation directly. This is
//! exact for visits with a single window; jobs with several windows enter with their hull
//! `[first open, last close]`, a relaxation that [`super::exact`] then settles.

/// Summary of a visit sequence; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DurationSegment {
    pub duration: i64,
    pub time_warp: i64,
    pub early: i64,
    pub late: i64,
}

impl DurationSegment {
    /// One visit of `service` that may start in `[open, close]`.
    pub fn visit(service: i64, open: i64, close: i64) -> Self {
        DurationSegment {
            duration: service,
            time_warp: 0,
            early: open,
            late: close,
        }
    }

    /// `self` followed by `next`, with `edge` travel time between them.
    #[inline]
    pub fn merge(&self, edge: i64, next: &DurationSegment) -> DurationSegment {
        // Time from starting `self` to reaching `next`, without the time warp of `self` (it is
        // travelled back in time and so does not delay `next`).
        let reach = self.duration - self.time_warp + edge;
        let wait = (next.early - reach - self.late).max(0);
        let warp = (self.early + reach - next.late).max(0);
        DurationSegment {
            duration: self.duration + next.duration + edge + wait,
            time_warp: self.time_warp + next.time_warp + warp,
            early: (next.early - reach).max(self.early) - wait,
            late: (next.late - reach).min(self.late) + warp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_is_counted_and_late_start_avoids_it() {
        // Depot [0, 100], visit at [50, 60] with service 5 after 10 travel, back after 10.
        let depot = DurationSegment::visit(0, 0, 100);
        let v = DurationSegment::visit(5, 50, 60);
        let s = depot
            .merge(10, &v)
            .merge(10, &DurationSegment::visit(0, 0, 100));
        assert_eq!(s.time_warp, 0);
        // Leaving at 40..50 gives no waiting: duration 10 + 5 + 10.
        assert_eq!(s.duration, 25);
        assert_eq!((s.early, s.late), (40, 50));
    }

    #[test]
    fn missed_window_gives_time_warp() {
        let a = DurationSegment::visit(10, 0, 0);
        let b = DurationSegment::visit(0, 0, 5);
        let s = a.merge(10, &b);
        assert_eq!(s.time_warp, 15);
    }

    #[test]
    fn forced_wait_when_windows_are_far_apart() {
        let a = DurationSegment::visit(0, 0, 10);
        let b = DurationSegment::visit(0, 100, 110);
        let s = a.merge(5, &b);
        assert_eq!(s.time_warp, 0);
        assert_eq!(s.duration, 90);
        assert_eq!((s.early, s.late), (10, 10));
    }
}
