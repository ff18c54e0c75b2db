//! The cost of a manager-day, estimated without routing.
//!
//! A day's travel is estimated from its visits' centroid μ: the trip base → μ → base plus a
//! tour around μ, taken as `TOUR_FACTOR` × the sum of the visits' distances to μ (for n points
//! spread over a disc, the optimal tour is about 0.7124·√(nA) (Beardwood, Halton & Hammersley
//! 1959), somewhat below the sum of radii for the day sizes met here). Distances become seconds
//! through the manager's calibrated seconds per metre. The day's load is service + travel; the
//! cost adds a quadratic load term (for a fixed total, Σ load² is least when loads are equal)
//! and a steep penalty above `CAP_MARGIN` of the working day, so the router keeps slack.

use super::areas::{dist, Xy};

/// Tour around the centroid per metre of summed radius.
const TOUR_FACTOR: f64 = 0.8;
/// Weight of Σ load² / reference load: moving a visit of load l from a day at the reference
/// load to an empty one saves about 2·W_BALANCE·l seconds.
const W_BALANCE: f64 = 1.0;
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
    /// The estimated travel seconds of a day with these visits.
    pub fn travel(&self, entries: impl Iterator<Item = Entry> + Clone) -> f64 {
        let (n, sx, sy) = entries
            .clone()
            .fold((0.0, 0.0, 0.0), |(n, x, y), e| (n + 1.0, x + e.at.0, y + e.at.1));
        if n == 0.0 {
            return 0.0;
        }
        let mu = (sx / n, sy / n);
        let radii: f64 = entries.map(|e| dist(e.at, mu)).sum();
        self.s_per_m * (2.0 * dist(self.base, mu) + TOUR_FACTOR * radii)
    }

    /// The cost of a day with these visits.
    pub fn cost(&self, entries: impl Iterator<Item = Entry> + Clone) -> f64 {
        let service: f64 = entries.clone().map(|e| e.service).sum();
        if service == 0.0 && entries.clone().next().is_none() {
            return 0.0;
        }
        let travel = self.travel(entries);
        let load = service + travel;
        travel
            + W_BALANCE * load * load / self.reference
            + W_OVERLOAD * (load - CAP_MARGIN * self.capacity).max(0.0)
    }

    pub fn load(&self, entries: impl Iterator<Item = Entry> + Clone) -> f64 {
        entries.clone().map(|e| e.service).sum::<f64>() + self.travel(entries)
    }
}

/// The visits of one manager-day and its cached cost.
#[derive(Clone, Debug, Default)]
pub struct Day {
    pub entries: Vec<Entry>,
    pub cost: f64,
}

impl Day {
    /// Cost change of adding a visit.
    pub fn delta_add(&self, md: &ManagerDays, e: Entry) -> f64 {
        md.cost(self.entries.iter().copied().chain(std::iter::once(e))) - self.cost
    }

    pub fn add(&mut self, md: &ManagerDays, e: Entry) {
        self.entries.push(e);
        self.cost = md.cost(self.entries.iter().copied());
    }

    pub fn remove(&mut self, md: &ManagerDays, unit: usize) {
        if let Some(i) = self.entries.iter().position(|e| e.unit == unit) {
            self.entries.remove(i);
        }
        self.cost = md.cost(self.entries.iter().copied());
    }

    pub fn load(&self, md: &ManagerDays) -> f64 {
        md.load(self.entries.iter().copied())
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

    #[test]
    fn one_visit_costs_the_round_trip() {
        let e = Entry {
            unit: 0,
            at: (3000.0, 4000.0),
            service: 600.0,
        };
        assert!((md().travel(std::iter::once(e)) - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn a_near_visit_is_cheaper_to_add_than_a_far_one() {
        let m = md();
        let mut day = Day::default();
        day.add(&m, Entry { unit: 0, at: (5000.0, 0.0), service: 900.0 });
        let near = day.delta_add(&m, Entry { unit: 1, at: (5200.0, 100.0), service: 900.0 });
        let far = day.delta_add(&m, Entry { unit: 1, at: (-5000.0, 0.0), service: 900.0 });
        assert!(near < far);
        day.remove(&m, 0);
        assert_eq!(day.cost, 0.0);
    }

    #[test]
    fn overload_is_penalised() {
        let m = md();
        let mut day = Day::default();
        for u in 0..30 {
            day.add(&m, Entry { unit: u, at: (100.0, 0.0), service: 900.0 });
        }
        let full = day.delta_add(&m, Entry { unit: 99, at: (100.0, 0.0), service: 900.0 });
        let empty = Day::default().delta_add(&m, Entry { unit: 99, at: (100.0, 0.0), service: 900.0 });
        assert!(full > empty + 900.0 * 20.0);
    }
}
