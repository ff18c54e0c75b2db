//! Day choice: which allowed pattern each unit gets.
//!
//! Construction places units hardest first (team visits, then the fewest patterns, then the
//! most visits), each on its cheapest pattern under the current day costs ([`super::load`])
//! plus a pull towards the day's sweep area ([`super::areas`]). The local search then repeats
//! the pattern-change move of Cordeau, Gendreau & Laporte (1997) and Vidal et al. (2012): take
//! a unit out of its days and put it back on the cheapest pattern, found exactly by the
//! shortest-path programme of [`super::patterns`] over every allowed pattern (not a sampled
//! list), with the days of the client's other units blocked (staggering). Passes run in a
//! seeded random order until none improves or the deadline passes. Pattern changes move one
//! client at a time; to exchange clients between days, a ruin-and-recreate step (Schrimpf et
//! al. 2000; Shaw 1998) then takes a neighbourhood of visits out of two days of one manager,
//! reinserts their units on their cheapest patterns in random order, and keeps the result only
//! when the total cost falls.

use super::areas::{days_weekday_major, dist, seconds_per_metre, sweep_anchors, Plane, Xy};
use super::load::{Day, Entry, ManagerDays};
use super::patterns::{days_of, DayMask};
use super::units::Unit;
use crate::model::{Place, Problem};
use crate::travel::Travel;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// Weight of the distance to the day's area centre during construction (× seconds per metre).
const W_AREA: f64 = 0.5;
/// Least reference day load (seconds), so nearly idle managers are not balanced to the second.
const MIN_REFERENCE: f64 = 1800.0;
/// Ruin-and-recreate steps per working manager-day, and at most in all.
const RUINS_PER_DAY: usize = 30;
const MAX_RUINS: usize = 20_000;
/// Visits removed per ruin.
const RUIN_SIZE: usize = 12;
/// Share of the time left before the run's deadline the improvement may use.
const SHARE_OF_REMAINING: f64 = 0.25;
/// Upper bound on local-search passes.
const MAX_PASSES: usize = 50;

/// What the day choice did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceStats {
    pub construction_cost: f64,
    pub final_cost: f64,
    pub passes: usize,
    pub moves: usize,
    /// Ruin-and-recreate steps tried and kept.
    pub ruins: usize,
    pub ruins_accepted: usize,
    pub interrupted: bool,
    /// Estimated load (service + travel seconds) of every used manager-day: (manager, day, load).
    pub day_loads: Vec<(usize, u32, f64)>,
}

struct Chooser<'a> {
    units: &'a mut [Unit],
    days: u32,
    points: Vec<Xy>,
    managers: Vec<ManagerDays>,
    /// Manager-days, `m * days + d`.
    grid: Vec<Day>,
    anchors: Vec<Vec<Option<Xy>>>,
    /// Working days per manager.
    works: Vec<DayMask>,
    /// Other placed units of the same client, per unit.
    siblings: Vec<Vec<usize>>,
}

/// Chooses every unit's days (`unit.days`), and returns what happened. The construction always
/// completes; the improvement stops by itself or after a quarter of the time left before
/// `deadline`, whichever comes first.
pub fn choose_days(
    problem: &Problem,
    travel: &dyn Travel,
    units: &mut [Unit],
    seed: u64,
    deadline: Option<Instant>,
) -> ChoiceStats {
    // The deadline is the whole run's; routing needs most of what is left.
    let deadline = deadline.map(|t| {
        let now = Instant::now();
        now + t.saturating_duration_since(now).mul_f64(SHARE_OF_REMAINING)
    });
    let mut ch = Chooser::new(problem, travel, units);
    ch.polish();
    ch.construct();
    ch.polish();
    let construction_cost = ch.total_cost();
    let mut rng = SmallRng::seed_from_u64(seed);
    let (mut passes, mut moves, mut interrupted) = ch.improve(&mut rng, deadline);
    let (mut tried, mut accepted) = (0, 0);
    if !interrupted {
        (tried, accepted, interrupted) = ch.recreate(&mut rng, deadline);
        ch.polish();
    }
    if !interrupted && accepted > 0 {
        let (p, m, i) = ch.improve(&mut rng, deadline);
        (passes, moves, interrupted) = (passes + p, moves + m, i);
    }
    ChoiceStats {
        construction_cost,
        final_cost: ch.total_cost(),
        passes,
        moves,
        ruins: tried,
        ruins_accepted: accepted,
        interrupted,
        day_loads: ch.day_loads(),
    }
}

impl<'a> Chooser<'a> {
    fn new(problem: &Problem, travel: &dyn Travel, units: &'a mut [Unit]) -> Chooser<'a> {
        let cal = &problem.calendar;
        let days = cal.days();
        let plane = Plane::new(problem);
        let points: Vec<Xy> = (0..problem.clients.len())
            .map(|c| plane.place(problem, Place::Client(c)))
            .collect();
        let nm = problem.managers.len();
        let mut clients_of: Vec<Vec<usize>> = vec![Vec::new(); nm];
        let mut service_of = vec![0.0; nm];
        for u in units.iter().filter(|u| u.level > 0) {
            for m in &u.members {
                clients_of[m.manager].push(u.client);
                service_of[m.manager] += (u.level as f64) * u.service_s as f64;
            }
        }
        let works: Vec<DayMask> = problem
            .managers
            .iter()
            .map(|m| super::units::day_mask(cal, m.workdays))
            .collect();
        let mut managers = Vec::with_capacity(nm);
        let mut anchors = Vec::with_capacity(nm);
        for (mi, mgr) in problem.managers.iter().enumerate() {
            clients_of[mi].sort_unstable();
            clients_of[mi].dedup();
            let base = plane.place(problem, Place::Base(mi));
            let s_per_m = seconds_per_metre(problem, travel, &plane, mi, &clients_of[mi]);
            let work_days = days_weekday_major(cal, |d| mgr.workdays.contains(cal.weekday(d)));
            let trips: f64 = clients_of[mi]
                .iter()
                .map(|&c| 2.0 * s_per_m * dist(base, points[c]))
                .sum::<f64>()
                / clients_of[mi].len().max(1) as f64;
            let per_day = service_of[mi] / work_days.len().max(1) as f64;
            managers.push(ManagerDays {
                base,
                s_per_m,
                capacity: mgr.max_work_s.min(mgr.shift.len()).max(1) as f64,
                reference: (per_day + trips).max(MIN_REFERENCE),
            });
            anchors.push(sweep_anchors(base, units, mi, &points, &work_days, days));
        }
        let mut siblings = vec![Vec::new(); units.len()];
        let mut by_client: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, u) in units.iter().enumerate() {
            if u.level > 0 {
                by_client.entry(u.client).or_default().push(i);
            }
        }
        for group in by_client.values() {
            for &i in group {
                siblings[i] = group.iter().copied().filter(|&j| j != i).collect();
            }
        }
        Chooser {
            units,
            days,
            points,
            managers,
            grid: vec![Day::default(); nm * days as usize],
            anchors,
            works,
            siblings,
        }
    }

    /// Unit `u`'s entry on the days of its member `k`.
    fn entry(&self, u: usize, k: usize) -> Entry {
        let unit = &self.units[u];
        let me = unit.members[k].manager;
        let partner = unit
            .members
            .iter()
            .map(|m| m.manager)
            .filter(|&m| m != me)
            .min();
        let first = unit.windows.first().map_or(0, |w| w.open);
        let last = unit.windows.last().map_or(0, |w| w.close);
        Entry {
            unit: u,
            at: self.points[unit.client],
            service: unit.service_s as f64,
            earliest_end: (first + unit.service_s) as f64,
            latest_start: last as f64,
            partner,
        }
    }

    /// Cost of adding unit `u` on each day (0 on days it may not use).
    fn day_costs(&self, u: usize, with_area: bool) -> Vec<f64> {
        let unit = &self.units[u];
        (0..self.days)
            .map(|d| {
                if unit.allowed >> d & 1 == 0 {
                    return 0.0;
                }
                unit.members
                    .iter()
                    .enumerate()
                    .map(|(k, mem)| {
                        let e = self.entry(u, k);
                        let md = &self.managers[mem.manager];
                        let day = &self.grid[mem.manager * self.days as usize + d as usize];
                        let area = match (with_area, self.anchors[mem.manager][d as usize]) {
                            (true, Some(a)) => W_AREA * md.s_per_m * dist(e.at, a),
                            _ => 0.0,
                        };
                        day.delta_add(md, e) + area
                    })
                    .sum()
            })
            .collect()
    }

    fn place(&mut self, u: usize, mask: DayMask) {
        debug_assert!(
            mask & !self.units[u].allowed == 0 && mask.count_ones() == self.units[u].level,
            "unit {u}: {mask:b} (allowed {:b}, level {})",
            self.units[u].allowed,
            self.units[u].level
        );
        self.units[u].days = mask;
        for d in days_of(mask) {
            for k in 0..self.units[u].members.len() {
                let e = self.entry(u, k);
                let m = self.units[u].members[k].manager;
                self.grid[m * self.days as usize + d as usize].add(&self.managers[m], e);
            }
        }
    }

    fn unplace(&mut self, u: usize) {
        let mask = self.units[u].days;
        for d in days_of(mask) {
            for k in 0..self.units[u].members.len() {
                let m = self.units[u].members[k].manager;
                self.grid[m * self.days as usize + d as usize].remove(&self.managers[m], u);
            }
        }
        self.units[u].days = 0;
    }

    fn blocked(&self, u: usize) -> DayMask {
        self.siblings[u]
            .iter()
            .fold(0, |acc, &s| acc | self.units[s].days)
    }

    /// The cheapest pattern of unit `u` on days not blocked, under the current costs.
    fn cheapest(&self, u: usize, blocked: DayMask, with_area: bool) -> Option<(DayMask, f64)> {
        let unit = &self.units[u];
        let costs = self.day_costs(u, with_area);
        unit.spacing(self.days, unit.level)
            .best(unit.allowed & !blocked, &costs)
    }

    /// Tightens every day's tour (between passes, so the insertion costs stay realistic),
    /// re-centres each manager's reference load on the mean of its working days and refreshes
    /// the cached costs.
    fn polish(&mut self) {
        let days = self.days as usize;
        for (i, day) in self.grid.iter_mut().enumerate() {
            day.polish(&self.managers[i / days]);
        }
        for (m, md) in self.managers.iter_mut().enumerate() {
            let (mut sum, mut n) = (0.0, 0.0);
            for d in 0..days {
                if self.works[m] >> d & 1 == 1 {
                    sum += self.grid[m * days + d].load(md);
                    n += 1.0;
                }
            }
            if n > 0.0 && sum > 0.0 {
                md.reference = (sum / n).max(MIN_REFERENCE);
            }
            for d in 0..days {
                self.grid[m * days + d].refresh(md);
            }
        }
    }

    fn day_loads(&self) -> Vec<(usize, u32, f64)> {
        let days = self.days as usize;
        self.grid
            .iter()
            .enumerate()
            .filter(|(_, day)| !day.entries.is_empty())
            .map(|(i, day)| {
                (
                    i / days,
                    (i % days) as u32,
                    day.load(&self.managers[i / days]),
                )
            })
            .collect()
    }

    fn total_cost(&self) -> f64 {
        self.grid.iter().map(|d| d.cost).sum()
    }

    fn construct(&mut self) {
        let hardness: Vec<f64> = self
            .units
            .iter()
            .map(|u| {
                if u.level == 0 {
                    0.0
                } else {
                    u.spacing(self.days, u.level).count(u.allowed)
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..self.units.len())
            .filter(|&u| self.units[u].level > 0)
            .collect();
        order.sort_by(|&a, &b| {
            let (ua, ub) = (&self.units[a], &self.units[b]);
            ub.is_team()
                .cmp(&ua.is_team())
                .then(hardness[a].total_cmp(&hardness[b]))
                .then(ub.level.cmp(&ua.level))
                .then(a.cmp(&b))
        });
        let rank: std::collections::HashMap<usize, usize> =
            order.iter().enumerate().map(|(r, &u)| (u, r)).collect();
        let mut placed = vec![false; self.units.len()];
        for &u in &order {
            if placed[u] {
                continue;
            }
            // A client's units are placed together, so staggering is settled in one go.
            let mut group: Vec<usize> = std::iter::once(u)
                .chain(self.siblings[u].iter().copied())
                .collect();
            group.sort_by_key(|g| rank[g]);
            let mut done = Vec::new();
            let mut ok = true;
            for &g in &group {
                match self.cheapest(g, self.blocked(g), true) {
                    Some((mask, _)) => {
                        self.place(g, mask);
                        done.push(g);
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                // Fall back on the combination known to fit (see `client.rs`).
                for &g in &done {
                    self.unplace(g);
                }
                for &g in &group {
                    let r = self.units[g].reference;
                    self.place(g, r);
                }
            }
            for &g in &group {
                placed[g] = true;
            }
        }
    }

    /// Pattern-change local search; returns (passes, moves, interrupted).
    fn improve(&mut self, rng: &mut SmallRng, deadline: Option<Instant>) -> (usize, usize, bool) {
        let mut order: Vec<usize> = (0..self.units.len())
            .filter(|&u| self.units[u].level > 0)
            .collect();
        let (mut passes, mut moves) = (0, 0);
        let late = || crate::stop::expired(deadline);
        while passes < MAX_PASSES {
            if late() {
                return (passes, moves, true);
            }
            passes += 1;
            order.shuffle(rng);
            let mut improved = 0;
            for (i, &u) in order.iter().enumerate() {
                if i % 64 == 63 && late() {
                    return (passes, moves + improved, true);
                }
                let current = self.units[u].days;
                let blocked = self.blocked(u);
                self.unplace(u);
                let costs = self.day_costs(u, false);
                let now: f64 = days_of(current).iter().map(|&d| costs[d as usize]).sum();
                let unit = &self.units[u];
                let best = unit
                    .spacing(self.days, unit.level)
                    .best(unit.allowed & !blocked, &costs);
                match best {
                    Some((mask, c)) if mask != current && c < now - 1e-6 * now.abs().max(1.0) => {
                        self.place(u, mask);
                        improved += 1;
                    }
                    _ => self.place(u, current),
                }
            }
            moves += improved;
            self.polish();
            if improved == 0 {
                break;
            }
        }
        (passes, moves, false)
    }

    /// Ruin and recreate: returns (steps tried, steps kept, interrupted).
    fn recreate(&mut self, rng: &mut SmallRng, deadline: Option<Instant>) -> (usize, usize, bool) {
        let days = self.days as usize;
        let working: usize = self.works.iter().map(|w| w.count_ones() as usize).sum();
        let steps = (RUINS_PER_DAY * working).min(MAX_RUINS);
        let (mut tried, mut kept) = (0, 0);
        for step in 0..steps {
            if step % 16 == 0 && crate::stop::expired(deadline) {
                return (tried, kept, true);
            }
            let busy: Vec<usize> = (0..self.grid.len())
                .filter(|&g| !self.grid[g].entries.is_empty())
                .collect();
            if busy.len() < 2 {
                break;
            }
            let first = busy[rng.random_range(0..busy.len())];
            let m = first / days;
            let same: Vec<usize> = busy
                .iter()
                .copied()
                .filter(|&g| g / days == m && g != first)
                .collect();
            if same.is_empty() {
                continue;
            }
            let second = same[rng.random_range(0..same.len())];
            // Related removal (Shaw 1998): a random visit of the first day and the visits of
            // both days nearest to it, so the two days can trade a neighbourhood.
            let pool: Vec<Entry> = self.grid[first]
                .entries
                .iter()
                .chain(&self.grid[second].entries)
                .copied()
                .collect();
            let seed_at =
                self.grid[first].entries[rng.random_range(0..self.grid[first].entries.len())].at;
            let mut near: Vec<(f64, usize)> =
                pool.iter().map(|e| (dist(e.at, seed_at), e.unit)).collect();
            near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            let mut removed: Vec<usize> = Vec::with_capacity(RUIN_SIZE);
            for (_, u) in near {
                if removed.len() == RUIN_SIZE {
                    break;
                }
                if !removed.contains(&u) {
                    removed.push(u);
                }
            }
            tried += 1;
            let before = self.total_cost();
            let old: Vec<(usize, DayMask)> =
                removed.iter().map(|&u| (u, self.units[u].days)).collect();
            for &u in &removed {
                self.unplace(u);
            }
            removed.shuffle(rng);
            let mut ok = true;
            for &u in &removed {
                match self.cheapest(u, self.blocked(u), false) {
                    Some((mask, _)) => self.place(u, mask),
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && self.total_cost() < before - 1e-6 * before.abs().max(1.0) {
                kept += 1;
                continue;
            }
            for &u in &removed {
                self.unplace(u);
            }
            for &(u, mask) in &old {
                self.place(u, mask);
            }
        }
        (tried, kept, false)
    }
}
