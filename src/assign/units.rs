//! The units the region LP sees: single clients, or grid cells of clients when a role is too
//! large for a per-client LP; the LP's input over them, and a forecast of its time.

use super::lp::{LpInput, LpUnit};
use super::territory::Objective;
use super::workload::RoleInstance;
use std::collections::{BTreeMap, BTreeSet};

/// Largest LP (candidate pairs) solved per client; above it clients are grouped into cells.
const EXACT_PAIRS: usize = 16_000;
/// LP size of the coarse rounds that move the centres before the last, fine LP.
const COARSE_PAIRS: usize = 3_000;
/// Largest cell side (metres) tried when grouping clients into cells.
const MAX_SIDE_M: f64 = 1e7;
/// Groups of free clients the LP sees as one unit.
pub struct Units {
    pub members: Vec<Vec<u32>>,
    /// Candidates shared by all members.
    pub cand: Vec<Vec<u32>>,
}

/// Units of at most about `max_pairs` candidate pairs: single clients when they fit, else
/// grid cells; the flag says whether the units are single clients.
fn units(inst: &RoleInstance, max_pairs: usize) -> (Units, bool) {
    let free: Vec<usize> = (0..inst.n_clients())
        .filter(|&j| inst.locked[j].is_none())
        .collect();
    let pairs: usize = free.iter().map(|&j| inst.cand[j].len()).sum();
    let cand_of = |j: usize| inst.cand[j].iter().map(|c| c.0).collect::<Vec<u32>>();
    if pairs <= max_pairs {
        return (
            Units {
                members: free.iter().map(|&j| vec![j as u32]).collect(),
                cand: free.iter().map(|&j| cand_of(j)).collect(),
            },
            true,
        );
    }
    // Grid cells, grown until the LP fits; members of a cell share their candidate set.
    let per_unit = pairs as f64 / free.len() as f64;
    let target = (max_pairs as f64 / per_unit).max(1.0);
    let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
    for &j in &free {
        for a in 0..2 {
            lo[a] = lo[a].min(inst.points[j][a]);
            hi[a] = hi[a].max(inst.points[j][a]);
        }
    }
    let area = ((hi[0] - lo[0]).max(1.0)) * ((hi[1] - lo[1]).max(1.0));
    let mut side = (area / target).sqrt().max(1.0);
    // Cells never mix candidate lists, so there are at least as many units as distinct lists.
    // When that is already above the goal (many managers: 30k clients of 275 managers have
    // 3,010 lists), no side meets it and the search below ends at its largest side: go there
    // at once instead of grouping 30 times.
    let lists: BTreeSet<Vec<u32>> = free.iter().map(|&j| cand_of(j)).collect();
    if lists.len() as f64 > target * 1.2 {
        while side <= MAX_SIDE_M {
            side *= 1.25;
        }
    }
    loop {
        let mut groups: BTreeMap<(i64, i64, Vec<u32>), Vec<u32>> = BTreeMap::new();
        for &j in &free {
            let p = inst.points[j];
            let key = (
                ((p[0] - lo[0]) / side) as i64,
                ((p[1] - lo[1]) / side) as i64,
                cand_of(j),
            );
            groups.entry(key).or_default().push(j as u32);
        }
        if groups.len() as f64 <= target * 1.2 || side > MAX_SIDE_M {
            let (mut members, mut cand) = (Vec::new(), Vec::new());
            for ((_, _, c), m) in groups {
                members.push(m);
                cand.push(c);
            }
            return (Units { members, cand }, false);
        }
        side *= 1.25;
    }
}

pub fn lp_input(inst: &RoleInstance, units: &Units, obj: &Objective, time: Option<f64>) -> LpInput {
    let m = inst.n_managers();
    let mut fixed_work = vec![0.0; m];
    let mut fixed_count = vec![0.0; m];
    for j in 0..inst.n_clients() {
        if let Some(k) = inst.locked[j] {
            fixed_work[k as usize] += inst.work(j, k) / 3600.0;
            fixed_count[k as usize] += 1.0;
        }
    }
    let lp_units = units
        .members
        .iter()
        .zip(&units.cand)
        .map(|(members, cand)| LpUnit {
            cand: cand.clone(),
            work: cand
                .iter()
                .map(|&k| {
                    members
                        .iter()
                        .map(|&j| inst.work(j as usize, k))
                        .sum::<f64>()
                        / 3600.0
                })
                .collect(),
            cost: cand
                .iter()
                .map(|&k| members.iter().map(|&j| obj.cost(inst, j as usize, k)).sum())
                .collect(),
            count: members.len() as f64,
        })
        .collect();
    LpInput {
        units: lp_units,
        n_managers: m,
        fixed_work,
        fixed_count,
        cap: inst.cap.iter().map(|c| c.map(|c| c as f64)).collect(),
        eps: obj.eps,
        penalty: obj.penalty,
        drop_cost: inst
            .cap
            .iter()
            .any(Option::is_some)
            .then_some(obj.drop_cost),
        time_limit_s: time,
        part_caps: part_caps(inst, units),
    }
}

/// The window caps ([`RoleInstance::window_caps`]) over the units of their clients (a unit
/// counts when its first member does; cells never mix candidate lists).
fn part_caps(inst: &RoleInstance, units: &Units) -> Vec<(u32, f64, Vec<usize>)> {
    let caps = &inst.window_caps;
    caps.caps
        .iter()
        .map(|cap| {
            let of_cap: Vec<usize> = (0..units.members.len())
                .filter(|&u| caps.holds(cap, units.members[u][0] as usize))
                .collect();
            (cap.manager, cap.cap_s / 3600.0, of_cap)
        })
        .collect()
}

/// The units the LP rounds see: `fine` (single clients when `exact`) for the last round,
/// `coarse` cells (when the fine units are many) to move the centres first.
pub struct Levels {
    pub fine: Units,
    pub exact: bool,
    pub coarse: Option<Units>,
}

impl Levels {
    pub fn new(inst: &RoleInstance) -> Levels {
        // The simplex slows with the number of managers (rows): fewer pairs for many managers.
        let scale = (40.0 / inst.n_managers().max(1) as f64).min(1.0);
        let (fine, exact) = units(inst, (EXACT_PAIRS as f64 * scale) as usize);
        let coarse_pairs = (COARSE_PAIRS as f64 * scale) as usize;
        let coarse = (pairs(&fine) > coarse_pairs).then(|| units(inst, coarse_pairs).0);
        Levels {
            fine,
            exact,
            coarse,
        }
    }

    /// The fine units when `fine` or when there are no coarse ones, else the coarse ones;
    /// and whether they are the fine ones.
    pub fn at(&self, fine: bool) -> (&Units, bool) {
        match &self.coarse {
            Some(c) if !fine => (c, false),
            _ => (&self.fine, true),
        }
    }
}

/// Least time (s) an LP round is started with.
pub const MIN_LP_S: f64 = 0.05;
/// Seconds per candidate pair and manager of one LP round, for the forecast that skips a
/// round that cannot finish (its time is better spent on repair): half the 3.2e-7 measured on
/// the 30k region's general role (19,354 pairs, 275 managers, 1.7 s a round on the 2-core
/// reference machine), so that only rounds well out of reach are skipped. That round has
/// about 0.1 s at a 5 s limit, 0.8 s at 20 s and 3 s at 60 s.
const LP_S_PER_PAIR_ROW: f64 = 1.6e-7;

/// Forecast seconds of one LP round on `units` for `managers` managers (optimistic).
pub fn lp_forecast_s(units: &Units, managers: usize) -> f64 {
    LP_S_PER_PAIR_ROW * pairs(units) as f64 * managers as f64
}

pub fn pairs(units: &Units) -> usize {
    units.cand.iter().map(Vec::len).sum()
}
