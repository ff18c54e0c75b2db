//! `business_type` and `value_tier` modes (and `hybrid`, per district): managers specialise.
//!
//! Segments (business types or value tiers) get specialists in proportion to their estimated
//! workload (largest-remainder apportionment, Hamilton's method). Segments are served in the
//! order of the `[competency]` table (highest minimum first, then larger workload), and the
//! strongest free managers (competency, then input order) become their specialists. A segment
//! too small for one specialist, a client without a label, or a client none of the segment's
//! specialists may serve goes to the nearest suitable manager instead ("local management").
//! The territories themselves come from the same balanced LP as `region`, on the restricted
//! candidate lists, so the role stays balanced.

use super::workload::RoleInstance;
use crate::model::{Mode, Problem};
use std::collections::BTreeMap;

/// Restricts each client's allowed managers to its segment's specialists and returns the
/// assignment reason per client (local indices).
pub fn specialise(problem: &Problem, inst: &mut RoleInstance) -> Vec<String> {
    let n = inst.n_clients();
    let m = inst.n_managers();
    // Segment label per client, or the reason it has none.
    let mut label: Vec<Option<(Mode, String)>> = vec![None; n];
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
    let typical =
        |j: usize| inst.cand[j].iter().map(|c| c.1).sum::<f64>() / inst.cand[j].len().max(1) as f64;
    let total: f64 = (0..n).map(typical).sum();
    if total <= 0.0 || m == 0 {
        return reason;
    }
    let mut work: BTreeMap<(Mode, String), f64> = BTreeMap::new();
    for (j, key) in label.iter().enumerate() {
        if let Some(key) = key {
            *work.entry(key.clone()).or_default() += typical(j);
        }
    }
    // Hamilton apportionment of the managers over segments and the rest (region, unlabelled).
    let rest = total - work.values().sum::<f64>();
    let quota = |w: f64| w / total * m as f64;
    let mut seats: BTreeMap<(Mode, String), usize> = work
        .iter()
        .map(|(k, &w)| (k.clone(), quota(w).floor() as usize))
        .collect();
    let given = seats.values().sum::<usize>() + quota(rest).floor() as usize;
    let mut rema: Vec<(f64, Option<(Mode, String)>)> = work
        .iter()
        .map(|(k, &w)| (quota(w).fract(), Some(k.clone())))
        .chain(std::iter::once((quota(rest).fract(), None)))
        .collect();
    rema.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, key) in rema.into_iter().take(m.saturating_sub(given)) {
        if let Some(k) = key {
            *seats.entry(k).or_default() += 1;
        }
    }
    // Highest competency minimum first, then the larger segment.
    let need = |s: &str| problem.policy.competency.get(s).copied().unwrap_or(0.0);
    let mut order: Vec<(Mode, String)> = seats.keys().cloned().collect();
    order.sort_by(|a, b| {
        need(&b.1)
            .total_cmp(&need(&a.1))
            .then(work[b].total_cmp(&work[a]))
            .then(a.cmp(b))
    });
    let mut pool: Vec<u32> = (0..m as u32).collect();
    pool.sort_by(|&a, &b| {
        let (ca, cb) = (
            problem.managers[inst.managers[a as usize]].competency,
            problem.managers[inst.managers[b as usize]].competency,
        );
        cb.total_cmp(&ca).then(a.cmp(&b))
    });
    let mut specialists: BTreeMap<(Mode, String), Vec<u32>> = BTreeMap::new();
    for seg in order {
        let members: Vec<usize> = (0..n)
            .filter(|&j| label[j].as_ref() == Some(&seg))
            .collect();
        let mut chosen = Vec::new();
        for _ in 0..seats[&seg] {
            // The strongest free manager who may serve at least half of the segment.
            let pick = pool.iter().position(|&k| {
                2 * members
                    .iter()
                    .filter(|&&j| inst.allowed[j].contains(&k))
                    .count()
                    >= members.len()
            });
            if let Some(p) = pick {
                chosen.push(pool.remove(p));
            }
        }
        specialists.insert(seg, chosen);
    }
    // Managers a segment's seat could not take (allow-lists or competency) join the segment with
    // the most work per specialist among those they may serve, so that none stays idle.
    // The weakest free managers stay generalists for the rest's seats (region, unlabelled).
    let rest_seats = m.saturating_sub(seats.values().sum::<usize>());
    let spare = pool.len().saturating_sub(rest_seats);
    if !work.is_empty() {
        for k in pool.drain(..spare) {
            let best = specialists
                .iter()
                .filter(|(seg, _)| {
                    let members = (0..n).filter(|&j| label[j].as_ref() == Some(*seg));
                    let (mut ok, mut all) = (0, 0);
                    for j in members {
                        all += 1;
                        ok += inst.allowed[j].contains(&k) as usize;
                    }
                    all > 0 && 2 * ok >= all
                })
                .max_by(|a, b| {
                    let load = |(seg, sp): &(&(Mode, String), &Vec<u32>)| {
                        work[*seg] / (sp.len() + 1) as f64
                    };
                    load(a).total_cmp(&load(b)).then(b.0.cmp(a.0))
                })
                .map(|(seg, _)| seg.clone());
            if let Some(seg) = best {
                specialists.entry(seg).or_default().push(k);
            }
        }
    }
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
        if mine.is_empty() {
            reason[j] = "local management".to_string();
        } else {
            inst.allowed[j] = mine;
            reason[j] = seg.0.name().to_string();
        }
    }
    inst.cand = inst.candidates();
    reason
}
