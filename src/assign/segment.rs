//! `business_type` and `value_tier` modes (and `hybrid`, per district): managers specialise.
//!
//! Segments (business types or value tiers) get specialists in proportion to their estimated
//! workload (largest-remainder apportionment, Hamilton's method); a segment whose share is
//! below half a manager is too small for a specialist. Segments are served in the order of the
//! `[competency]` table (highest minimum first, then larger workload): a ranked segment takes
//! its specialists among the strongest free managers who may serve it, an unranked one among
//! all free managers; within that choice, the bases that best cover the segment's clients win
//! ([`super::specialists`]), so that each specialist's territory stays compact.
//!
//! "Local management" (the nearest suitable manager, whatever its speciality) takes a client
//! without a label, a client of a segment too small for a specialist, a client none of the
//! segment's specialists may serve, and a client too scattered for them: one whose nearest
//! specialist's base is farther than its nearest suitable base by more than [`SCATTER`] times
//! the role's mean client-to-nearest-base distance (a territory's typical radius). Other
//! segment clients prefer their specialists: the nearest other managers stay candidates at
//! ten times the cost, so that the LP hands a client to local management only where whole
//! specialists cannot meet the balance band (a segment's quota is rarely a whole number).
//! The territories themselves come from the same balanced LP as `region`, on the restricted
//! candidate lists, with workloads estimated from each segment's own density, and with every
//! manager's window caps ([`super::window::window_caps`]): a specialist of restaurants or
//! night venues takes no more of them than its evenings hold, the excess goes to local
//! management ([`super::spill`] holds the caps after rounding).

use super::geometry::dist;
use super::specialists;
use super::window::{open_share, window_caps};
use super::workload::RoleInstance;
use crate::model::{Mode, Problem};
use std::collections::BTreeMap;

type Segment = (Mode, String);

/// Share of one manager's workload below which a segment gets no specialist.
const MIN_QUOTA: f64 = 0.5;
/// Extra distance to the nearest specialist, in typical territory radii, beyond which a
/// segment client goes to local management.
pub const SCATTER: f64 = 4.0;

/// Points each segment client to its segment's specialists (`preferred`), re-estimates the
/// workloads for the segments' densities, and returns the assignment reason per client
/// (local indices).
pub fn specialise(problem: &Problem, inst: &mut RoleInstance) -> Vec<String> {
    let n = inst.n_clients();
    let m = inst.n_managers();
    let (label, mut reason) = labels(problem, inst);
    let typical =
        |j: usize| inst.cand[j].iter().map(|c| c.1).sum::<f64>() / inst.cand[j].len().max(1) as f64;
    let weight: Vec<f64> = (0..n).map(typical).collect();
    let total: f64 = weight.iter().sum();
    if total <= 0.0 || m == 0 {
        return reason;
    }
    let mut work: BTreeMap<Segment, f64> = BTreeMap::new();
    for (j, key) in label.iter().enumerate() {
        if let Some(key) = key {
            *work.entry(key.clone()).or_default() += weight[j];
        }
    }
    // A specialist can work only while its segment is open: for the seats, the segment's work
    // counts ÷ the open share of the best-fitting manager's day (see `window`). The balance
    // itself uses the plain estimate (routes count time worked, not idle hours): a specialist
    // whose segment leaves it free hours takes local clients that the band pulls in.
    let share = |seg: &Segment, k: u32| {
        let members: Vec<usize> = (0..n).filter(|&j| label[j].as_ref() == Some(seg)).collect();
        let clients: Vec<usize> = members.iter().map(|&j| inst.clients[j]).collect();
        let w: Vec<f64> = members.iter().map(|&j| weight[j]).collect();
        open_share(problem, &clients, &w, inst.managers[k as usize])
    };
    let mut total = total;
    for (seg, w) in work.iter_mut() {
        let best = (0..m as u32).map(|k| share(seg, k)).fold(0.0, f64::max);
        total += *w * (1.0 / best - 1.0);
        *w /= best;
    }
    let seats = apportion(&work, total, m);

    let strength = |k: u32| problem.managers[inst.managers[k as usize]].competency;
    let members_of = |seg: &Segment| -> Vec<usize> {
        (0..n).filter(|&j| label[j].as_ref() == Some(seg)).collect()
    };
    // A manager may specialise in a segment when it may serve at least half of its clients.
    let fits = |k: u32, members: &[usize]| {
        2 * members
            .iter()
            .filter(|&&j| inst.allowed[j].contains(&k))
            .count()
            >= members.len()
    };
    // Managers fit for a segment's hours: within 90 % of the best open share.
    let hours_fit = |seg: &Segment, cands: &[u32]| -> Vec<u32> {
        let fit: Vec<f64> = cands.iter().map(|&k| share(seg, k)).collect();
        let best = fit.iter().cloned().fold(0.0, f64::max);
        (0..cands.len())
            .filter(|&i| fit[i] >= 0.9 * best)
            .map(|i| cands[i])
            .collect()
    };
    // Highest competency minimum first, then the segment fewest managers fit (night venues
    // before day segments take the evening shifts), then the larger segment.
    let scarcity: BTreeMap<Segment, usize> = seats
        .keys()
        .map(|seg| {
            let members = members_of(seg);
            let all: Vec<u32> = (0..m as u32).filter(|&k| fits(k, &members)).collect();
            (seg.clone(), hours_fit(seg, &all).len())
        })
        .collect();
    let need = |s: &str| problem.policy.competency.get(s).copied().unwrap_or(0.0);
    let mut order: Vec<Segment> = seats.keys().cloned().collect();
    order.sort_by(|a, b| {
        need(&b.1)
            .total_cmp(&need(&a.1))
            .then(scarcity[a].cmp(&scarcity[b]))
            .then(work[b].total_cmp(&work[a]))
            .then(a.cmp(b))
    });
    let mut pool: Vec<u32> = (0..m as u32).collect();
    let mut specialists: BTreeMap<Segment, Vec<u32>> = BTreeMap::new();
    for seg in order {
        let members = members_of(&seg);
        let mut cands: Vec<u32> = pool
            .iter()
            .copied()
            .filter(|&k| fits(k, &members))
            .collect();
        let want = seats[&seg].min(cands.len());
        if need(&seg.1) > 0.0 && want > 0 {
            // Ranked segments: the strongest managers (all ties at the cut) compete by place.
            cands.sort_by(|&a, &b| strength(b).total_cmp(&strength(a)).then(a.cmp(&b)));
            let cut = strength(cands[want - 1]);
            cands.retain(|&k| strength(k) >= cut);
            cands.sort_unstable();
        }
        // Managers whose shifts fit the segment's hours (evening venues: evening shifts).
        let keep = hours_fit(&seg, &cands);
        if want > 0 && keep.len() >= want {
            cands = keep;
        }
        let w: Vec<f64> = members.iter().map(|&j| weight[j]).collect();
        let chosen = if want == 0 {
            Vec::new()
        } else {
            specialists::choose(inst, &members, &w, &cands, want)
        };
        pool.retain(|k| !chosen.contains(k));
        specialists.insert(seg, chosen);
    }
    // Managers a segment's seat could not take (allow-lists or competency) join the segment
    // with the most work per specialist among those they may serve, so that none stays idle;
    // the rest's seats (region and local management) stay generalists.
    let rest_seats = m.saturating_sub(seats.values().sum::<usize>());
    let spare = pool.len().saturating_sub(rest_seats);
    pool.sort_by(|&a, &b| strength(b).total_cmp(&strength(a)).then(a.cmp(&b)));
    for k in pool.drain(..spare) {
        let best = specialists
            .iter()
            .filter(|(seg, sp)| !sp.is_empty() && fits(k, &members_of(seg)))
            .max_by(|a, b| {
                let load = |(seg, sp): &(&Segment, &Vec<u32>)| work[*seg] / (sp.len() + 1) as f64;
                load(a).total_cmp(&load(b)).then(b.0.cmp(a.0))
            })
            .map(|(seg, _)| seg.clone());
        if let Some(seg) = best {
            specialists.entry(seg).or_default().push(k);
        }
    }

    let reach = SCATTER * typical_radius(inst);
    let groups: BTreeMap<&Segment, usize> = specialists
        .keys()
        .enumerate()
        .map(|(i, s)| (s, i + 1))
        .collect();
    let mut group = vec![0usize; n];
    for j in 0..n {
        let Some(seg) = &label[j] else { continue };
        if inst.locked[j].is_some() {
            continue;
        }
        let spec = &specialists[seg];
        let mine: Vec<u32> = inst.allowed[j]
            .iter()
            .copied()
            .filter(|k| spec.contains(k))
            .collect();
        let nearest = |ks: &[u32]| {
            ks.iter()
                .map(|&k| dist(inst.points[j], inst.bases[k as usize]))
                .fold(f64::MAX, f64::min)
        };
        if mine.is_empty() || nearest(&mine) > nearest(&inst.allowed[j]) + reach {
            reason[j] = "local management".to_string();
        } else {
            inst.preferred[j] = Some(mine);
            reason[j] = seg.0.name().to_string();
            group[j] = groups[seg];
        }
    }
    inst.regroup(&group);
    inst.cand = inst.candidates();
    inst.window_caps = window_caps(problem, inst);
    reason
}

/// Each client's segment (`None` without one) and its default reason.
fn labels(problem: &Problem, inst: &RoleInstance) -> (Vec<Option<Segment>>, Vec<String>) {
    let n = inst.n_clients();
    let mut label: Vec<Option<Segment>> = vec![None; n];
    let mut reason: Vec<String> = vec!["region".to_string(); n];
    for j in 0..n {
        let c = &problem.clients[inst.clients[j]];
        let mode = problem.policy.mode_for(c.district.as_deref());
        let value = match mode {
            Mode::BusinessType => &c.business_type,
            Mode::ValueTier => &c.value_tier,
            _ => continue,
        };
        match value {
            Some(v) => label[j] = Some((mode, v.clone())),
            None => reason[j] = "local management".to_string(),
        }
    }
    (label, reason)
}

/// Hamilton apportionment of `m` managers over the segments and the rest (region clients,
/// unlabelled clients and segments below [`MIN_QUOTA`]), by workload. Returns the segments'
/// seats (zero for those too small).
fn apportion(work: &BTreeMap<Segment, f64>, total: f64, m: usize) -> BTreeMap<Segment, usize> {
    let quota = |w: f64| w / total * m as f64;
    let big: Vec<(&Segment, f64)> = work
        .iter()
        .filter(|(_, &w)| quota(w) >= MIN_QUOTA)
        .map(|(k, &w)| (k, quota(w)))
        .collect();
    let rest = m as f64 - big.iter().map(|(_, q)| q).sum::<f64>();
    let mut seats: BTreeMap<Segment, usize> = work.keys().map(|k| (k.clone(), 0)).collect();
    for (k, q) in &big {
        seats.insert((*k).clone(), q.floor() as usize);
    }
    let given = seats.values().sum::<usize>() + rest.max(0.0).floor() as usize;
    let mut rema: Vec<(f64, Option<&Segment>)> = big
        .iter()
        .map(|(k, q)| (q.fract(), Some(*k)))
        .chain(std::iter::once((rest.max(0.0).fract(), None)))
        .collect();
    rema.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, key) in rema.into_iter().take(m.saturating_sub(given)) {
        if let Some(k) = key {
            *seats.get_mut(k).expect("segment") += 1;
        }
    }
    seats
}

/// Mean distance (m) from a client to its nearest allowed base: the radius of a typical
/// territory when every client goes to the nearest manager.
fn typical_radius(inst: &RoleInstance) -> f64 {
    let n = inst.n_clients();
    if n == 0 {
        return 0.0;
    }
    (0..n)
        .map(|j| {
            inst.allowed[j]
                .iter()
                .map(|&k| dist(inst.points[j], inst.bases[k as usize]))
                .fold(f64::MAX, f64::min)
        })
        .filter(|d| d.is_finite() && *d < f64::MAX)
        .sum::<f64>()
        / n as f64
}
