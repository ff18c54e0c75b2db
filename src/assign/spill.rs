//! Window caps after rounding and repair.
//!
//! The LP keeps each manager's part-day work within its window caps ([`super::window`]), but
//! rounding and the balance repair move whole clients without looking at opening hours, and a
//! specialist of evening venues a few hours over its evening is a day whose last visits cannot
//! be made. This pass moves capped clients off a manager above a cap to another candidate that
//! has room in its own caps (the nearest suitable manager: local management); when that
//! manager would leave the balance band, it sends back one of its clients the first manager
//! may serve without breaking a cap (a bar for a café). Cheapest objective change first; a
//! move or swap never takes a load further from the band.

use super::territory::{Objective, Territories, CAP_PENALTY};
use super::workload::RoleInstance;
use std::time::Instant;

/// One way to relieve a cap: client `j` to manager `to`, and client `back` (if any) from `to`
/// to `j`'s manager, with the objective change.
#[derive(Clone, Copy, Debug)]
struct Relief {
    delta: f64,
    j: usize,
    to: u32,
    back: Option<usize>,
}

/// Window-cap loads of the current assignment, kept in step with the moves.
struct CapLoads<'a> {
    inst: &'a RoleInstance<'a>,
    /// Cap indices per manager.
    of: Vec<Vec<usize>>,
    used: Vec<f64>,
}

impl<'a> CapLoads<'a> {
    fn new(inst: &'a RoleInstance<'a>, t: &Territories) -> CapLoads<'a> {
        let caps = &inst.window_caps.caps;
        let mut of = vec![Vec::new(); inst.n_managers()];
        for (c, cap) in caps.iter().enumerate() {
            of[cap.manager as usize].push(c);
        }
        let mut loads = CapLoads {
            inst,
            of,
            used: vec![0.0; caps.len()],
        };
        for j in 0..inst.n_clients() {
            if let Some(k) = t.owner[j] {
                loads.add(j, k, 1.0);
            }
        }
        loads
    }

    fn holds(&self, c: usize, j: usize) -> bool {
        let caps = &self.inst.window_caps;
        caps.holds(&caps.caps[c], j)
    }

    fn add(&mut self, j: usize, k: u32, sign: f64) {
        let w = self.inst.work(j, k);
        for i in 0..self.of[k as usize].len() {
            let c = self.of[k as usize][i];
            if self.holds(c, j) {
                self.used[c] += sign * w;
            }
        }
    }

    /// Whether `j` fits `k`'s caps, after `k` gives up `leaving` (if any).
    fn fits(&self, j: usize, k: u32, leaving: Option<usize>) -> bool {
        let caps = &self.inst.window_caps.caps;
        self.of[k as usize].iter().all(|&c| {
            if !self.holds(c, j) {
                return true;
            }
            let freed = leaving
                .filter(|&l| self.holds(c, l))
                .map_or(0.0, |l| self.inst.work(l, k));
            self.used[c] - freed + self.inst.work(j, k) <= caps[c].cap_s + 1e-6
        })
    }

    fn excess(&self, c: usize) -> f64 {
        self.used[c] - self.inst.window_caps.caps[c].cap_s
    }
}

/// Moves clients until no manager is above a window cap, or no move helps. Returns the moves.
pub fn spill(
    inst: &RoleInstance,
    t: &mut Territories,
    obj: &Objective,
    deadline: Option<Instant>,
) -> usize {
    let n_caps = inst.window_caps.caps.len();
    if n_caps == 0 {
        return 0;
    }
    let mut loads = CapLoads::new(inst, t);
    let mut stuck = vec![false; n_caps];
    let mut moves = 0;
    for _ in 0..inst.n_clients() + 100 {
        if crate::stop::expired(deadline) {
            break;
        }
        // The cap furthest above its limit first.
        let Some(c) = (0..n_caps)
            .filter(|&c| !stuck[c] && loads.excess(c) > 1e-6)
            .max_by(|&a, &b| loads.excess(a).total_cmp(&loads.excess(b)).then(b.cmp(&a)))
        else {
            break;
        };
        match best_relief(inst, t, obj, &loads, c) {
            Some(r) => {
                let from = inst.window_caps.caps[c].manager;
                loads.add(r.j, from, -1.0);
                t.set(inst, r.j, Some(r.to));
                loads.add(r.j, r.to, 1.0);
                if let Some(b) = r.back {
                    loads.add(b, r.to, -1.0);
                    t.set(inst, b, Some(from));
                    loads.add(b, from, 1.0);
                }
                moves += 1;
                stuck.iter_mut().for_each(|s| *s = false);
            }
            None => stuck[c] = true,
        }
    }
    moves
}

/// The move or swap that takes a client of cap `c` off its manager with the largest gain in
/// the LP's objective (distance cost, band penalty, window-cap penalty), if one gains.
fn best_relief(
    inst: &RoleInstance,
    t: &Territories,
    obj: &Objective,
    loads: &CapLoads,
    c: usize,
) -> Option<Relief> {
    let k = inst.window_caps.caps[c].manager;
    let mean = t.mean();
    let (upper, lower) = ((1.0 + obj.eps) * mean, (1.0 - obj.eps) * mean);
    let off = |l: f64| (l - upper).max(lower - l).max(0.0);
    // Objective change (as in `Territories::objective`, per hour) of the loads and caps of
    // `k` and `to` when `j` moves to `to` and `back` to `k`.
    let change = |j: usize, to: u32, back: Option<usize>| -> f64 {
        let mut delta = obj.cost(inst, j, to) - obj.cost(inst, j, k);
        let (mut k_after, mut to_after) = (
            t.load[k as usize] - inst.work(j, k),
            t.load[to as usize] + inst.work(j, to),
        );
        if let Some(b) = back {
            delta += obj.cost(inst, b, k) - obj.cost(inst, b, to);
            k_after += inst.work(b, k);
            to_after -= inst.work(b, to);
        }
        let band =
            off(k_after) + off(to_after) - off(t.load[k as usize]) - off(t.load[to as usize]);
        let mut caps = 0.0;
        for (m, out, into) in [(k, j, back), (to, back.unwrap_or(usize::MAX), Some(j))] {
            for &cap in &loads.of[m as usize] {
                let mut used = loads.used[cap];
                if out != usize::MAX && loads.holds(cap, out) {
                    used -= inst.work(out, m);
                }
                if let Some(i) = into.filter(|&i| loads.holds(cap, i)) {
                    used += inst.work(i, m);
                }
                caps +=
                    (used - inst.window_caps.caps[cap].cap_s).max(0.0) - loads.excess(cap).max(0.0);
            }
        }
        delta + (band + CAP_PENALTY * caps) / 3600.0 * obj.penalty
    };
    let mut best: Option<Relief> = None;
    let mut consider = |r: Relief| {
        let better = match best {
            None => r.delta < -1e-9,
            Some(b) => r.delta < b.delta || (r.delta == b.delta && (r.j, r.to) < (b.j, b.to)),
        };
        if better {
            best = Some(r);
        }
    };
    // Members in index order, as a scan of all clients would meet them (30k region: the scan
    // took four seconds of the assignment).
    for j in t.members(k) {
        if inst.locked[j].is_some() || !loads.holds(c, j) {
            continue;
        }
        for &(to, _) in &inst.cand[j] {
            if to == k || !loads.fits(j, to, None) {
                continue;
            }
            if t.has_room(inst, to) {
                let delta = change(j, to, None);
                consider(Relief {
                    delta,
                    j,
                    to,
                    back: None,
                });
            }
            for b in t.members(to) {
                if inst.locked[b].is_some() || loads.holds(c, b) {
                    continue;
                }
                if !inst.cand[b].iter().any(|x| x.0 == k) || !loads.fits(b, k, Some(j)) {
                    continue;
                }
                consider(Relief {
                    delta: change(j, to, Some(b)),
                    j,
                    to,
                    back: Some(b),
                });
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assign::window::tests::{instance, venues};
    use crate::travel::Crow;

    #[test]
    fn bars_above_an_evening_cap_move_to_the_other_evening_manager() {
        // 60 bars (30 h of service per cycle) and 60 cafés; two evening managers and a day one.
        let p = venues(60, 0, 60, 2);
        let travel = Crow::new(&p);
        let inst = instance(&p, &travel);
        let obj = Objective {
            centres: inst.bases.clone(),
            eps: 0.05,
            penalty: 1.0,
            drop_cost: 1e6,
        };
        // Every bar with the first evening manager, the cafés with the others.
        let mut t = Territories::empty(&inst);
        for j in 0..inst.n_clients() {
            t.set(&inst, j, Some(if j < 60 { 0 } else { 1 + (j % 2) as u32 }));
        }
        let off = |t: &Territories| {
            let mean = t.mean();
            t.load
                .iter()
                .map(|&l| (l - 1.05 * mean).max(0.95 * mean - l).max(0.0))
                .sum::<f64>()
        };
        let before = off(&t);
        let loads = CapLoads::new(&inst, &t);
        assert!((0..loads.used.len()).any(|c| loads.excess(c) > 0.0));

        let moves = spill(&inst, &mut t, &obj, None);
        assert!(moves > 0);
        let loads = CapLoads::new(&inst, &t);
        for (c, cap) in inst.window_caps.caps.iter().enumerate() {
            assert!(
                loads.excess(c) <= 1e-6,
                "{cap:?}: {} s over",
                loads.excess(c)
            );
        }
        // Bars go to the other evening manager only, and the band is no further off.
        for j in 0..60 {
            assert!(t.owner[j] == Some(0) || t.owner[j] == Some(1));
        }
        assert!(off(&t) <= before + 1e-6, "{} > {before}", off(&t));
    }
}
