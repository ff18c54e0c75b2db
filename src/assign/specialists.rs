//! Which managers become a segment's specialists: the ones whose bases best cover the
//! segment's clients (a greedy weighted p-median over the candidate bases, then one round of
//! Teitz & Bart 1968 interchange, "Heuristic methods for estimating the generalized vertex
//! median of a weighted graph", Operations Research 16). Bases near the segment's clients keep
//! each specialist's territory compact and its base trips short.

use super::geometry::dist;
use super::workload::RoleInstance;

/// Clients of a segment sampled for the choice (every n-th one), so that it stays fast at scale.
const SAMPLE: usize = 2_000;
/// Interchange is skipped above this many distance evaluations.
const SWAP_WORK: usize = 20_000_000;

/// Chooses `seats` managers among `cands` (local indices) for the clients `members` with
/// workloads `weight`. A client counts a manager it may not serve at ten times the distance.
/// Deterministic: ties go to the earlier candidate.
pub fn choose(
    inst: &RoleInstance,
    members: &[usize],
    weight: &[f64],
    cands: &[u32],
    seats: usize,
) -> Vec<u32> {
    if seats >= cands.len() {
        return cands.to_vec();
    }
    let step = members.len().div_ceil(SAMPLE).max(1);
    let sample: Vec<usize> = (0..members.len()).step_by(step).collect();
    // d[c][s]: weighted distance of sampled client s to candidate c.
    let d: Vec<Vec<f64>> = cands
        .iter()
        .map(|&k| {
            sample
                .iter()
                .map(|&i| {
                    let j = members[i];
                    let far = if inst.allowed[j].contains(&k) {
                        1.0
                    } else {
                        10.0
                    };
                    weight[i] * far * dist(inst.points[j], inst.bases[k as usize])
                })
                .collect()
        })
        .collect();
    let cost = |chosen: &[usize]| -> f64 {
        (0..sample.len())
            .map(|s| chosen.iter().map(|&c| d[c][s]).fold(f64::MAX, f64::min))
            .sum()
    };
    // Greedy: add the candidate that lowers the total most.
    let mut chosen: Vec<usize> = Vec::with_capacity(seats);
    let mut best_to = vec![f64::MAX; sample.len()];
    for _ in 0..seats {
        let pick = (0..cands.len())
            .filter(|c| !chosen.contains(c))
            .map(|c| {
                let total: f64 = (0..sample.len()).map(|s| best_to[s].min(d[c][s])).sum();
                (total, c)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let Some((_, c)) = pick else { break };
        chosen.push(c);
        for s in 0..sample.len() {
            best_to[s] = best_to[s].min(d[c][s]);
        }
    }
    // Interchange: swap a chosen base for an unchosen one while that lowers the total.
    if seats * cands.len() * sample.len() * seats <= SWAP_WORK {
        let mut current = cost(&chosen);
        let mut improved = true;
        while improved {
            improved = false;
            for i in 0..chosen.len() {
                for c in 0..cands.len() {
                    if chosen.contains(&c) {
                        continue;
                    }
                    let mut trial = chosen.clone();
                    trial[i] = c;
                    let v = cost(&trial);
                    if v < current - 1e-6 {
                        current = v;
                        chosen = trial;
                        improved = true;
                    }
                }
            }
        }
    }
    let mut out: Vec<u32> = chosen.into_iter().map(|c| cands[c]).collect();
    out.sort_unstable();
    out
}
