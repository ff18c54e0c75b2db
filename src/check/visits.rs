//! Single visits per (client, rule): counts, spacing of the visit days, and the repeated
//! weekdays of fixed cycles.
//!
//! Spacing follows the contract: with `g = D / k`, the cyclic gaps between consecutive visit
//! days lie in `[floor(g), ceil(g)]` for fixed cycles and `[max(1, floor(g) - 1), ceil(g) + 1]`
//! for elastic cycles and team rules — the tolerance-band view of periodic visit patterns in
//! the periodic VRP literature (Cordeau, Gendreau & Laporte 1997, "A tabu search heuristic for
//! periodic and multi-depot vehicle routing problems").

use super::context::Context;
use super::Violation;
use crate::model::{CycleKind, Frequency};

pub(super) fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let p = ctx.problem;
    for (c, client) in p.clients.iter().enumerate() {
        let mut roles: Vec<&str> = ctx.visit_reqs[c]
            .iter()
            .map(|&i| p.requirements[i].role.as_str())
            .collect();
        roles.sort_unstable();
        roles.dedup();
        for role in roles {
            let reqs: Vec<usize> = ctx.visit_reqs[c]
                .iter()
                .copied()
                .filter(|&i| p.requirements[i].role == role)
                .collect();
            let days = ctx
                .singles
                .get(&(c, role.to_string()))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let k = ctx.single_required(c, role);
            if days.len() as u32 > k {
                out.push(
                    Violation::new(
                        "visit_count",
                        format!(
                            "client {} has {} single visits of role {}, but its visit rules ask for {k}",
                            client.id,
                            days.len(),
                            role
                        ),
                    )
                    .client(&client.id),
                );
                continue;
            }
            // Spacing is defined per rule; with several rules of one role the visits cannot be
            // attributed to rules, so only their pooled count is checked (module docs of `check`).
            if reqs.len() != 1 || days.len() as u32 != k || k == 0 {
                continue;
            }
            if days.iter().any(|&d| d >= ctx.days) {
                continue; // reported as day_out_of_range
            }
            let req = &p.requirements[reqs[0]];
            let mut sorted = days.to_vec();
            sorted.sort_unstable();
            let (lo, hi) = spacing_bounds(ctx.days, k, req.cycle);
            let gaps = cyclic_gaps(&sorted, ctx.days);
            if gaps.iter().any(|&g| g < lo || g > hi) {
                out.push(
                    Violation::new(
                        "spacing",
                        format!(
                            "client {}, visits rule {} (role {}, {}, k={k}): visit days {} give \
                             cyclic gaps {}; each must lie in [{lo}, {hi}]",
                            client.id,
                            req.rule + 1,
                            role,
                            cycle_name(req.cycle),
                            join(&sorted),
                            join(&gaps)
                        ),
                    )
                    .client(&client.id),
                );
            }
            if req.cycle == CycleKind::Fixed {
                let frequency = p.policy.visits[req.rule].frequency;
                if let Some(msg) = weekday_repetition(ctx, frequency, &sorted) {
                    out.push(
                        Violation::new(
                            "fixed_weekdays",
                            format!(
                                "client {}, visits rule {} (role {}, fixed): {msg}",
                                client.id,
                                req.rule + 1,
                                role
                            ),
                        )
                        .client(&client.id),
                    );
                }
            }
        }
    }
}

/// Gap bounds `[lo, hi]` for `k` visits in `d` days.
pub(super) fn spacing_bounds(d: u32, k: u32, cycle: CycleKind) -> (u32, u32) {
    let floor = d / k;
    let ceil = d.div_ceil(k);
    match cycle {
        CycleKind::Fixed => (floor, ceil),
        CycleKind::Elastic => ((floor.saturating_sub(1)).max(1), ceil + 1),
    }
}

/// Gaps between consecutive sorted days, the last to the first counting `first + d - last`.
pub(super) fn cyclic_gaps(sorted: &[u32], d: u32) -> Vec<u32> {
    let mut gaps: Vec<u32> = sorted.windows(2).map(|w| w[1] - w[0]).collect();
    if let (Some(first), Some(last)) = (sorted.first(), sorted.last()) {
        gaps.push(first + d - last);
    }
    gaps
}

/// Fixed cycles repeat the same days in every period of the rule (one week for `per_week`,
/// `e` weeks for `every_weeks = e`). Returns what differs, if anything.
fn weekday_repetition(ctx: &Context, frequency: Frequency, sorted: &[u32]) -> Option<String> {
    let per_week = ctx.problem.calendar.per_week();
    let period = match frequency {
        Frequency::PerWeek(_) => per_week,
        Frequency::EveryWeeks(e) => e * per_week,
    };
    if period == 0 || !ctx.days.is_multiple_of(period) {
        return None;
    }
    let periods = ctx.days / period;
    let mut offsets: Vec<Vec<u32>> = vec![Vec::new(); periods as usize];
    for &d in sorted {
        offsets[(d / period) as usize].push(d % period);
    }
    let first = &offsets[0];
    let bad = offsets.iter().position(|o| o != first)?;
    let label = |o: &Vec<u32>| -> String {
        if o.is_empty() {
            return "no day".to_string();
        }
        o.iter()
            .map(|&x| {
                let wd = ctx.problem.calendar.weekday(x).name();
                if period > per_week {
                    format!("week {} {wd}", x / per_week + 1)
                } else {
                    wd.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "period 1 of {period} days has visits on {} but period {} has them on {}; a fixed cycle \
         repeats the same days in every period",
        label(first),
        bad + 1,
        label(&offsets[bad])
    ))
}

pub(super) fn cycle_name(cycle: CycleKind) -> &'static str {
    match cycle {
        CycleKind::Fixed => "fixed",
        CycleKind::Elastic => "elastic",
    }
}

pub(super) fn join(values: &[u32]) -> String {
    values
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_follow_the_contract() {
        // D = 10, k = 4: g = 2.5.
        assert_eq!(spacing_bounds(10, 4, CycleKind::Fixed), (2, 3));
        assert_eq!(spacing_bounds(10, 4, CycleKind::Elastic), (1, 4));
        // D = 10, k = 2: g = 5.
        assert_eq!(spacing_bounds(10, 2, CycleKind::Fixed), (5, 5));
        assert_eq!(spacing_bounds(10, 2, CycleKind::Elastic), (4, 6));
        // k = 1: the single gap is D.
        assert_eq!(spacing_bounds(10, 1, CycleKind::Fixed), (10, 10));
        // g < 2: the elastic lower bound stays at 1.
        assert_eq!(spacing_bounds(5, 5, CycleKind::Elastic), (1, 2));
    }

    #[test]
    fn gaps_wrap_around_the_cycle() {
        assert_eq!(cyclic_gaps(&[0, 3, 5, 8], 10), vec![3, 2, 3, 2]);
        assert_eq!(cyclic_gaps(&[4], 10), vec![10]);
        assert_eq!(cyclic_gaps(&[1, 7], 10), vec![6, 4]);
    }
}
