//! The cost of a manager-day, estimated without the router.
//!
//! Each manager-day keeps an approximate tour base → visits → base on the local plane; a visit
//! is added by cheapest insertion and removed by splicing (Rosenkrantz, Stearns & Lewis 1977),
//! and `polish` tightens a tour with 2-opt between search passes. Insertion costs are never
//! negative (triangle inequality), unlike centroid or Beardwood-style estimates, so adding a
//! visit can never look like it shortens a day. Metres become seconds through the manager's
//! calibrated seconds per metre. A day's load is service + travel; its cost adds a quadratic
//! load term (for a fixed total, Σ load² is least when loads are equal), a penalty on load
//! above the manager's mean, and a steep penalty above `CAP_MARGIN` of the working day, so the
//! router keeps slack. Opening hours enter through a lower bound on the day's length: a day
//! holding visits i and j lasts at least `earliest start_i + service_i − latest start_j`, so
//! a morning-only shop and a night venue end up on different days when they cannot share one.
//! Visits that cannot start before some hour (night venues from 18:00) must also fit between
//! that hour and their latest end: the evening is a smaller day of its own, and the load of
//! the visits confined to it is priced against it like the whole day's ([`late_excess`]).

use super::areas::{dist, Xy};

/// Weight of Σ load² / reference load: moving a visit of load l from a day at the reference
/// load to an empty one saves about 2·W_BALANCE·l seconds.
const W_BALANCE: f64 = 2.0;
/// Seconds of cost per second of load above the reference by more than `TOLERANCE`. (Only
/// the excess is priced: a reward for light days would also reward their travel.)
const W_DEVIATION: f64 = 3.0;
const TOLERANCE: f64 = 0.08;
/// Seconds of cost per second of estimated load above the margin.
const W_OVERLOAD: f64 = 20.0;
/// Share of the working day the estimate may fill without penalty.
pub const CAP_MARGIN: f64 = 0.9;

/// One visit on a day.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub unit: usize,
    pub at: Xy,
    pub service: f64,
    /// Earliest end of service (first window's open + service), seconds since midnight.
    pub earliest_end: f64,
    /// Latest start of service, seconds since midnight.
    pub latest_start: f64,
    /// For a team visit, the partner this manager meets there (the smallest other member's
    /// manager index); `None` for a visit made alone.
    pub partner: Option<usize>,
}

/// What the cost of a manager's days depends on.
#[derive(Clone, Debug)]
pub struct ManagerDays {
    pub base: Xy,
    pub s_per_m: f64,
    /// Working day length (`min(max_work, shift)`), seconds.
    pub capacity: f64,
    /// The load of an average day, seconds (scales the balance term).
    pub reference: f64,
}

impl ManagerDays {
    /// The cost of a day with this much service (seconds), tour length (metres), least
    /// span imposed by opening hours (seconds) and the entries (for their late hours).
    fn cost<'a>(
        &self,
        service: f64,
        metres: f64,
        span: f64,
        entries: impl Iterator<Item = &'a Entry> + Clone,
    ) -> f64 {
        let travel = self.s_per_m * metres;
        let load = service + travel;
        let per_service = if service > 0.0 { load / service } else { 1.0 };
        travel
            + W_BALANCE * load * load / self.reference
            + W_DEVIATION * (load - (1.0 + TOLERANCE) * self.reference).max(0.0)
            + W_OVERLOAD * (load.max(span) - CAP_MARGIN * self.capacity).max(0.0)
            + W_OVERLOAD * late_excess(entries.clone(), per_service)
            + TEAM_WAIT_SHARE * self.capacity * extra_partners(entries) as f64
    }
}

/// Share of the working day a manager is expected to wait for each partner beyond the first
/// that it meets on one day: a team visit's start is pinned to the partner's route, so two
/// meetings with different partners leave a gap between them that counts as work (the
/// supervisors of generated regions waited up to 14 h a cycle that way while some of their
/// days stayed empty).
const TEAM_WAIT_SHARE: f64 = 1.0 / 3.0;

/// Distinct team partners of a day beyond the first.
fn extra_partners<'a>(entries: impl Iterator<Item = &'a Entry>) -> usize {
    let mut partners: Vec<usize> = entries.filter_map(|e| e.partner).collect();
    partners.sort_unstable();
    partners.dedup();
    partners.len().saturating_sub(1)
}

/// Visits whose earliest start is within this of the latest earliest start form the late
/// group of a day.
const LATE_GROUP: f64 = 3600.0;

/// Seconds by which the visits that cannot start before the day's late hour overfill the time
/// between that hour and their latest end (less the margin), with travel in proportion to
/// service (`per_service` = load / service of the day). 0 when they fit.
pub fn late_excess<'a>(entries: impl Iterator<Item = &'a Entry> + Clone, per_service: f64) -> f64 {
    let start = |e: &Entry| e.earliest_end - e.service;
    let Some(latest) = entries.clone().map(start).reduce(f64::max) else {
        return 0.0;
    };
    let (mut from, mut service, mut until) = (f64::MAX, 0.0, f64::MIN);
    for e in entries.filter(|e| start(e) >= latest - LATE_GROUP) {
        from = from.min(start(e));
        service += e.service;
        until = until.max(e.latest_start + e.service);
    }
    (service * per_service - CAP_MARGIN * (until - from)).max(0.0)
}

/// The visits of one manager-day, in approximate tour order, with cached totals.
#[derive(Clone, Debug, Default)]
pub struct Day {
    pub entries: Vec<Entry>,
    service: f64,
    metres: f64,
    /// Largest earliest end and smallest latest start over the visits.
    earliest_end: f64,
    latest_start: f64,
    pub cost: f64,
}

impl Day {
    fn at(&self, md: &ManagerDays, i: usize) -> Xy {
        if i == 0 || i > self.entries.len() {
            md.base
        } else {
            self.entries[i - 1].at
        }
    }

    /// The cheapest position (0 = right after the base) and its extra metres.
    fn insertion(&self, md: &ManagerDays, p: Xy) -> (usize, f64) {
        (0..=self.entries.len())
            .map(|pos| {
                let (a, b) = (self.at(md, pos), self.at(md, pos + 1));
                (pos, dist(a, p) + dist(p, b) - dist(a, b))
            })
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap_or((0, 0.0))
    }

    /// Cost change of adding a visit.
    pub fn delta_add(&self, md: &ManagerDays, e: Entry) -> f64 {
        let (_, extra) = self.insertion(md, e.at);
        let span = self.earliest_end.max(e.earliest_end) - self.latest_start.min(e.latest_start);
        let entries = self.entries.iter().chain(std::iter::once(&e));
        md.cost(self.service + e.service, self.metres + extra, span, entries) - self.cost
    }

    fn span(&self) -> f64 {
        if self.entries.is_empty() {
            0.0
        } else {
            self.earliest_end - self.latest_start
        }
    }

    fn refresh_span(&mut self) {
        self.earliest_end = self
            .entries
            .iter()
            .map(|e| e.earliest_end)
            .fold(f64::MIN, f64::max);
        self.latest_start = self
            .entries
            .iter()
            .map(|e| e.latest_start)
            .fold(f64::MAX, f64::min);
    }

    pub fn add(&mut self, md: &ManagerDays, e: Entry) {
        let (pos, extra) = self.insertion(md, e.at);
        self.entries.insert(pos, e);
        self.service += e.service;
        self.metres += extra;
        self.refresh_span();
        self.refresh(md);
    }

    pub fn remove(&mut self, md: &ManagerDays, unit: usize) {
        if let Some(i) = self.entries.iter().position(|e| e.unit == unit) {
            let (a, p, b) = (self.at(md, i), self.entries[i].at, self.at(md, i + 2));
            self.metres -= dist(a, p) + dist(p, b) - dist(a, b);
            self.service -= self.entries[i].service;
            self.entries.remove(i);
        }
        if self.entries.is_empty() {
            self.service = 0.0;
            self.metres = 0.0;
        }
        self.refresh_span();
        self.refresh(md);
    }

    /// Improves the tour by 2-opt (reversing a segment when that shortens it), then refreshes
    /// the totals from scratch (removing rounding drift).
    pub fn polish(&mut self, md: &ManagerDays) {
        let n = self.entries.len();
        let mut improved = true;
        let mut rounds = 0;
        while improved && rounds < 20 {
            improved = false;
            rounds += 1;
            // Edge (i, i+1) and (j, j+1) in tour positions 0..=n+1 (0 and n+1 are the base).
            for i in 0..n {
                for j in i + 1..=n {
                    let (a, b) = (self.at(md, i), self.at(md, i + 1));
                    let (c, d) = (self.at(md, j), self.at(md, j + 1));
                    if dist(a, c) + dist(b, d) < dist(a, b) + dist(c, d) - 1e-6 {
                        self.entries[i..j].reverse();
                        improved = true;
                    }
                }
            }
        }
        self.service = self.entries.iter().map(|e| e.service).sum();
        self.metres = (0..=n)
            .map(|i| dist(self.at(md, i), self.at(md, i + 1)))
            .sum();
        self.refresh_span();
        self.refresh(md);
    }

    /// Recomputes the cached cost (after the manager's reference changed).
    pub fn refresh(&mut self, md: &ManagerDays) {
        self.cost = if self.entries.is_empty() {
            0.0
        } else {
            md.cost(self.service, self.metres, self.span(), self.entries.iter())
        };
    }

    /// Estimated service + travel seconds.
    pub fn load(&self, md: &ManagerDays) -> f64 {
        self.service + md.s_per_m * self.metres
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md() -> ManagerDays {
        ManagerDays {
            base: (0.0, 0.0),
            s_per_m: 0.1,
            capacity: 28_800.0,
            reference: 14_400.0,
        }
    }

    fn e(unit: usize, x: f64, y: f64) -> Entry {
        Entry {
            unit,
            at: (x, y),
            service: 900.0,
            earliest_end: 900.0,
            latest_start: 86_400.0,
            partner: None,
        }
    }

    #[test]
    fn one_visit_costs_the_round_trip() {
        let mut day = Day::default();
        day.add(
            &md(),
            Entry {
                service: 600.0,
                ..e(0, 3000.0, 4000.0)
            },
        );
        assert!((day.load(&md()) - 1600.0).abs() < 1e-9);
    }

    #[test]
    fn a_near_visit_is_cheaper_to_add_than_a_far_one() {
        let m = md();
        let mut day = Day::default();
        day.add(&m, e(0, 5000.0, 0.0));
        let near = day.delta_add(&m, e(1, 5200.0, 100.0));
        let far = day.delta_add(&m, e(1, -5000.0, 0.0));
        assert!(near < far);
        // The far one adds a 10 km round trip: 1000 s of travel.
        day.add(&m, e(1, -5000.0, 0.0));
        assert!((day.load(&m) - 1800.0 - 2000.0).abs() < 1e-6);
        day.remove(&m, 0);
        day.remove(&m, 1);
        assert_eq!(day.load(&m), 0.0);
        assert_eq!(day.cost, 0.0);
    }

    #[test]
    fn polish_untangles_a_crossing_tour() {
        let m = md();
        let mut day = Day::default();
        // A square visited crosswise: 0 → (1,1) → (1,-1)... built by direct pushes.
        for (u, (x, y)) in [
            (1000.0, 1000.0),
            (2000.0, -1000.0),
            (2000.0, 1000.0),
            (1000.0, -1000.0),
        ]
        .into_iter()
        .enumerate()
        {
            day.entries.push(e(u, x, y));
        }
        day.polish(&m);
        let before = day.load(&m);
        let square = 2.0 * 1414.2136 + 1000.0 + 2000.0 + 1000.0; // base legs + sides
        assert!(
            (day.metres - square).abs() < 1.0,
            "{} vs {square}",
            day.metres
        );
        assert!(before > 0.0);
    }

    #[test]
    fn morning_and_night_visits_do_not_share_a_day() {
        let m = md();
        let mut day = Day::default();
        // Open 08:00–12:00 (latest start 11:45).
        day.add(
            &m,
            Entry {
                earliest_end: 8.25 * 3600.0,
                latest_start: 11.75 * 3600.0,
                ..e(0, 100.0, 0.0)
            },
        );
        // A night venue from 21:00 needs a 21:15 − 11:45 = 9.5 h day, over 90 % of 8 h.
        let night = Entry {
            earliest_end: 21.25 * 3600.0,
            latest_start: 23.75 * 3600.0,
            ..e(1, 100.0, 0.0)
        };
        let noon = Entry {
            earliest_end: 12.25 * 3600.0,
            latest_start: 15.0 * 3600.0,
            ..e(1, 100.0, 0.0)
        };
        assert!(day.delta_add(&m, night) > day.delta_add(&m, noon) + 20.0 * 3600.0);
    }

    #[test]
    fn the_evening_fills_before_the_day() {
        let m = md();
        let night = |u| Entry {
            earliest_end: 18.0 * 3600.0 + 900.0,
            latest_start: 23.0 * 3600.0 - 900.0,
            ..e(u, 100.0, 0.0)
        };
        let mut day = Day::default();
        // 18 night visits of 15 min fill 4.5 h of the 5 h evening (the margin), half the day.
        for u in 0..18 {
            day.add(&m, night(u));
        }
        assert!(day.load(&m) < 0.6 * m.capacity);
        let more = day.delta_add(&m, night(99));
        let daytime = day.delta_add(
            &m,
            Entry {
                earliest_end: 9.0 * 3600.0,
                ..e(99, 100.0, 0.0)
            },
        );
        assert!(more > daytime + 20.0 * 600.0, "{more} vs {daytime}");
    }

    #[test]
    fn a_second_partner_on_one_day_costs_a_wait() {
        let m = md();
        let with = |u, partner| Entry {
            partner: Some(partner),
            ..e(u, 100.0, 0.0)
        };
        let mut day = Day::default();
        day.add(&m, with(0, 7));
        // The same partner again: they go on together. Another partner: a pinned gap.
        let same = day.delta_add(&m, with(1, 7));
        let other = day.delta_add(&m, with(1, 8));
        assert!(
            (other - same - m.capacity / 3.0).abs() < 1e-6,
            "{same} vs {other}"
        );
        assert!((day.delta_add(&m, e(1, 100.0, 0.0)) - same).abs() < 1e-6);
    }

    #[test]
    fn overload_is_penalised() {
        let m = md();
        let mut day = Day::default();
        for u in 0..30 {
            day.add(&m, e(u, 100.0, 0.0));
        }
        let full = day.delta_add(&m, e(99, 100.0, 0.0));
        let empty = Day::default().delta_add(&m, e(99, 100.0, 0.0));
        assert!(full > empty + 900.0 * 20.0);
    }
}
