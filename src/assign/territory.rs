//! A role's integer assignment under construction: owner per client, loads, counts, and the
//! objective that the LP relaxes (so that its optimum bounds the achieved value).

use super::geometry::{dist, Xy};
use super::workload::RoleInstance;
use std::collections::BTreeSet;

/// Share of the distance measured to the manager's base rather than the territory centre: it
/// keeps territories anchored to where the day's routes start.
const BASE_PULL: f64 = 0.25;
/// Cost factor for a manager whose shift barely meets the client's opening hours.
pub const NARROW_FACTOR: f64 = 10.0;
/// Cost factor for a manager outside the client's segment specialists: specialists serve their
/// segment unless balance (or a far-off specialist) leaves no other way.
pub const OUTSIDE_FACTOR: f64 = 10.0;
/// Penalty per hour above a specialist's window cap, in band penalties (as in the LP).
pub const CAP_PENALTY: f64 = 4.0;
/// Cost factor for the client's current manager ("the assignment to keep where possible").
pub const KEEP_FACTOR: f64 = 0.8;

/// Objective terms of one role: centres, band and penalties.
#[derive(Clone, Debug)]
pub struct Objective {
    pub centres: Vec<Xy>,
    pub eps: f64,
    /// Cost per hour of workload outside the band.
    pub penalty: f64,
    /// Cost per dropped client.
    pub drop_cost: f64,
}

impl Objective {
    /// Cost of client `j` with manager `k`: workload (h) × blended distance (km), discounted
    /// for the current manager, ×10 for a manager whose shift barely meets its hours and ×10
    /// for one outside the client's segment specialists.
    pub fn cost(&self, inst: &RoleInstance, j: usize, k: u32) -> f64 {
        let p = inst.points[j];
        let d = (1.0 - BASE_PULL) * dist(p, self.centres[k as usize])
            + BASE_PULL * dist(p, inst.bases[k as usize]);
        let keep = if inst.current[j] == Some(k) {
            KEEP_FACTOR
        } else {
            1.0
        };
        let fit = if inst.narrow[j].contains(&k) {
            NARROW_FACTOR
        } else {
            1.0
        };
        let outside = match &inst.preferred[j] {
            Some(p) if !p.contains(&k) => OUTSIDE_FACTOR,
            _ => 1.0,
        };
        inst.work(j, k) / 3600.0 * d / 1000.0 * keep * fit * outside
    }

    /// Penalty for the loads (seconds) lying outside the band around their mean.
    pub fn band_penalty(&self, load_s: &[f64]) -> f64 {
        if load_s.is_empty() {
            return 0.0;
        }
        let mean = load_s.iter().sum::<f64>() / load_s.len() as f64;
        load_s
            .iter()
            .map(|&w| {
                let over = (w - (1.0 + self.eps) * mean).max(0.0);
                let under = ((1.0 - self.eps) * mean - w).max(0.0);
                (over + under) / 3600.0 * self.penalty
            })
            .sum()
    }
}

/// Owner of each client (local indices) with loads and counts kept in step.
#[derive(Clone, Debug)]
pub struct Territories {
    pub owner: Vec<Option<u32>>,
    /// Seconds per cycle.
    pub load: Vec<f64>,
    pub count: Vec<usize>,
    /// Clients per manager (kept in step with `owner`): moves out of a territory look at its
    /// own clients only.
    members: Vec<BTreeSet<u32>>,
}

impl Territories {
    pub fn empty(inst: &RoleInstance) -> Territories {
        Territories {
            owner: vec![None; inst.n_clients()],
            load: vec![0.0; inst.n_managers()],
            count: vec![0; inst.n_managers()],
            members: vec![BTreeSet::new(); inst.n_managers()],
        }
    }

    /// The territories of `owner`, with loads on the instance's current workloads.
    pub fn of(inst: &RoleInstance, owner: &[Option<u32>]) -> Territories {
        let mut t = Territories::empty(inst);
        for (j, &o) in owner.iter().enumerate() {
            t.set(inst, j, o);
        }
        t
    }

    /// The clients of manager `k`, in index order.
    pub fn members(&self, k: u32) -> impl Iterator<Item = usize> + '_ {
        self.members[k as usize].iter().map(|&j| j as usize)
    }

    pub fn set(&mut self, inst: &RoleInstance, j: usize, k: Option<u32>) {
        if let Some(old) = self.owner[j] {
            self.load[old as usize] -= inst.work(j, old);
            self.count[old as usize] -= 1;
            self.members[old as usize].remove(&(j as u32));
        }
        if let Some(new) = k {
            self.load[new as usize] += inst.work(j, new);
            self.count[new as usize] += 1;
            self.members[new as usize].insert(j as u32);
        }
        self.owner[j] = k;
    }

    pub fn mean(&self) -> f64 {
        if self.load.is_empty() {
            0.0
        } else {
            self.load.iter().sum::<f64>() / self.load.len() as f64
        }
    }

    /// Whether a manager may take one more client.
    pub fn has_room(&self, inst: &RoleInstance, k: u32) -> bool {
        inst.cap[k as usize].is_none_or(|c| self.count[k as usize] < c)
    }

    /// The value of the LP objective at this integer assignment.
    pub fn objective(&self, inst: &RoleInstance, obj: &Objective) -> f64 {
        let mut total = 0.0;
        for (j, o) in self.owner.iter().enumerate() {
            total += match o {
                Some(k) => obj.cost(inst, j, *k),
                None => obj.drop_cost,
            };
        }
        total + obj.band_penalty(&self.load) + self.cap_penalty(inst, obj)
    }

    /// The LP's penalty on work above the window caps ([`RoleInstance::window_caps`]), so
    /// that the LP optimum stays a lower bound of [`Territories::objective`].
    fn cap_penalty(&self, inst: &RoleInstance, obj: &Objective) -> f64 {
        let caps = &inst.window_caps;
        caps.caps
            .iter()
            .map(|cap| {
                let k = cap.manager;
                let part: f64 = (0..inst.n_clients())
                    .filter(|&j| self.owner[j] == Some(k) && caps.holds(cap, j))
                    .map(|j| inst.work(j, k))
                    .sum();
                (part - cap.cap_s).max(0.0) / 3600.0 * CAP_PENALTY * obj.penalty
            })
            .sum()
    }

    /// Largest and smallest load over the mean (1.0 when the role has no work).
    pub fn spread(&self) -> (f64, f64) {
        let mean = self.mean();
        if mean <= 0.0 {
            return (1.0, 1.0);
        }
        let max = self.load.iter().cloned().fold(f64::MIN, f64::max);
        let min = self.load.iter().cloned().fold(f64::MAX, f64::min);
        (max / mean, min / mean)
    }
}
