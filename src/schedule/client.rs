//! Staggering (contract §2): a client is visited by at most one manager per day, except the
//! members of one team visit. All units of one client must therefore take disjoint days.
//!
//! Before optimising, each client with several units gets a *reference* combination of
//! disjoint patterns, found by (1) a greedy that places the hardest unit first on the days its
//! siblings need least, (2) failing that, a bounded depth-first search over sampled pattern
//! lists, (3) failing that, the greedy again lowering a unit's visit count until it fits (the
//! shortfall is reported with the reason). The reference guarantees the construction can always
//! finish; the optimisation is free to choose other disjoint combinations.

use super::patterns::DayMask;
use super::units::Unit;
use rand::rngs::SmallRng;
use rand::SeedableRng;
use std::collections::BTreeMap;

/// Pattern list size per unit in the depth-first search.
const LIST_CAP: usize = 48;
/// Search nodes per client before giving up on the exact combination.
const NODE_LIMIT: usize = 20_000;

/// Gives every unit a reference pattern and, where staggering forces it, a lower level.
pub fn settle_clients(units: &mut [Unit], days: u32, seed: u64) {
    let mut by_client: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        if u.level > 0 {
            by_client.entry(u.client).or_default().push(i);
        }
    }
    for (client, mut idx) in by_client {
        // Hardest first: team visits (several managers), then the fewest patterns.
        let counts: Vec<f64> = idx
            .iter()
            .map(|&i| {
                units[i]
                    .spacing(days, units[i].level)
                    .count(units[i].allowed)
            })
            .collect();
        let mut order: Vec<usize> = (0..idx.len()).collect();
        order.sort_by(|&a, &b| {
            let (ua, ub) = (&units[idx[a]], &units[idx[b]]);
            ub.is_team()
                .cmp(&ua.is_team())
                .then(counts[a].total_cmp(&counts[b]))
                .then(ub.level.cmp(&ua.level))
                .then(idx[a].cmp(&idx[b]))
        });
        idx = order.iter().map(|&o| idx[o]).collect();
        if idx.len() == 1 {
            let u = &mut units[idx[0]];
            let zero = vec![0.0; days as usize];
            u.reference = u
                .spacing(days, u.level)
                .best(u.allowed, &zero)
                .map_or(0, |b| b.0);
            continue;
        }
        let masks = greedy(units, &idx, days, false).or_else(|| {
            let mut rng = SmallRng::seed_from_u64(seed ^ (client as u64).wrapping_mul(0x9e37_79b9));
            search(units, &idx, days, &mut rng)
        });
        match masks {
            Some(m) => {
                for (&i, mask) in idx.iter().zip(m) {
                    units[i].reference = mask;
                }
            }
            None => {
                let m = greedy(units, &idx, days, true).unwrap_or_default();
                for (&i, mask) in idx.iter().zip(m) {
                    units[i].reference = mask;
                }
            }
        }
    }
}

/// Places the units in order, each on its cheapest pattern where a day costs the number of
/// later siblings that could use it. With `reduce`, a unit that does not fit gets fewer visits
/// (at least one when any free day is left) and the reason; without, `None` on the first misfit.
fn greedy(units: &mut [Unit], idx: &[usize], days: u32, reduce: bool) -> Option<Vec<DayMask>> {
    let mut taken: DayMask = 0;
    let mut out = Vec::with_capacity(idx.len());
    for (pos, &i) in idx.iter().enumerate() {
        let cost: Vec<f64> = (0..days)
            .map(|d| {
                idx[pos + 1..]
                    .iter()
                    .filter(|&&j| units[j].allowed >> d & 1 == 1)
                    .count() as f64
            })
            .collect();
        let free = units[i].allowed & !taken;
        let u = &units[i];
        let found = u.spacing(days, u.level).best(free, &cost);
        let mask = match (found, reduce) {
            (Some((m, _)), _) => m,
            (None, false) => return None,
            (None, true) => {
                let level = u.most_visits(days, free);
                let mask = if level == 0 {
                    0
                } else {
                    u.spacing(days, level).best(free, &cost).map_or(0, |b| b.0)
                };
                let others: Vec<String> = idx[..pos]
                    .iter()
                    .flat_map(|&j| units[j].members.iter().map(|m| m.role.clone()))
                    .collect();
                let u = &mut units[i];
                let what = if u.is_team() { "team visits" } else { "visits" };
                u.reason = Some(format!(
                    "its possible days are taken by the client's other visits ({}): {} of {} {what} placed",
                    others.join(", "),
                    level,
                    u.required
                ));
                u.level = level;
                mask
            }
        };
        taken |= mask;
        out.push(mask);
    }
    Some(out)
}

/// Bounded depth-first search for disjoint patterns of all units at their levels.
fn search(units: &[Unit], idx: &[usize], days: u32, rng: &mut SmallRng) -> Option<Vec<DayMask>> {
    fn go(
        units: &[Unit],
        idx: &[usize],
        days: u32,
        taken: DayMask,
        chosen: &mut Vec<DayMask>,
        nodes: &mut usize,
        rng: &mut SmallRng,
    ) -> bool {
        let pos = chosen.len();
        if pos == idx.len() {
            return true;
        }
        let u = &units[idx[pos]];
        let list = u
            .spacing(days, u.level)
            .list(u.allowed & !taken, LIST_CAP, rng);
        for m in list {
            *nodes += 1;
            if *nodes > NODE_LIMIT {
                return false;
            }
            chosen.push(m);
            if go(units, idx, days, taken | m, chosen, nodes, rng) {
                return true;
            }
            chosen.pop();
        }
        false
    }
    let mut chosen = Vec::new();
    let mut nodes = 0;
    go(units, idx, days, 0, &mut chosen, &mut nodes, rng).then_some(chosen)
}
