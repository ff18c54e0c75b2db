//! Ruin and recreate across days: a few related units of one manager (the nearest clients to a
//! random one, Shaw 1998) lose all their visits, then each, in random order, takes the cheapest
//! allowed pattern on the routes as they are by then, exactly as a single pattern change does
//! (whole-pattern reinsertion, as in Vidal et al. 2012). Kept only when the manager's objective
//! drops; otherwise everything is put back. This escapes the local optima of one-unit moves:
//! two neighbours that would each gain by swapping days can do it together.

use super::desk::{insertion, remove, UNSERVED};
use super::setup::Setup;
use crate::model::Problem;
use crate::route::data::Data;
use crate::route::state::State;
use crate::schedule::patterns::{days_of, DayMask};
use rand::rngs::SmallRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use std::time::Instant;

/// Units removed together: between these bounds, drawn per attempt.
const GROUP: (usize, usize) = (2, 8);

fn objective(state: &State) -> i64 {
    state.cost() + UNSERVED * state.unassigned.len() as i64
}

/// Runs one ruin-and-recreate step per unit of `units` (movable units); returns how many
/// were kept.
pub fn run(
    problem: &Problem,
    s: &mut Setup,
    datas: &[Data],
    states: &mut [Option<State>],
    units: &[usize],
    rng: &mut SmallRng,
    deadline: Option<Instant>,
) -> usize {
    let mut by_desk: Vec<Vec<usize>> = vec![Vec::new(); s.desks.len()];
    for &u in units {
        by_desk[s.desk_of[u]].push(u);
    }
    let mut kept = 0;
    for _ in 0..units.len() {
        if crate::stop::expired(deadline) {
            break;
        }
        let Some(&u0) = units.choose(rng) else {
            break;
        };
        let k = s.desk_of[u0];
        let data = &datas[k];
        let Some(state) = states[k].as_ref() else {
            continue;
        };
        let node = |u: usize| data.single[s.job_at[&(u, days_of(s.days[u])[0])]].first;
        let size = rng.random_range(GROUP.0..=GROUP.1);
        let mut near: Vec<(i64, usize)> = by_desk[k]
            .iter()
            .map(|&u| (data.dist(node(u0), node(u)), u))
            .collect();
        near.sort_unstable();
        let group: Vec<usize> = near.into_iter().take(size).map(|(_, u)| u).collect();

        let saved_state = state.clone();
        let saved_days: Vec<DayMask> = group.iter().map(|&u| s.days[u]).collect();
        let saved_job_day = s.job_day[k].clone();
        let before = objective(state);
        let ok = recreate(problem, s, data, states, k, &group, rng);
        let state = states[k].as_ref().expect("desk has a state");
        if ok && objective(state) < before {
            s.desks[k].touched = true;
            kept += 1;
            continue;
        }
        // Put everything back.
        for &u in &group {
            for d in days_of(s.days[u]) {
                s.job_at.remove(&(u, d));
            }
        }
        for (&u, &days) in group.iter().zip(&saved_days) {
            s.days[u] = days;
        }
        for (j, &d) in saved_job_day.iter().enumerate() {
            let u = s.desks[k].visits[j].unit;
            if group.contains(&u) {
                s.job_at.insert((u, d), j);
            }
        }
        s.job_day[k] = saved_job_day;
        states[k] = Some(saved_state);
    }
    kept
}

/// Removes the group's visits and reinserts each unit on its cheapest allowed pattern; `false`
/// when some unit finds no pattern at all (the caller restores).
fn recreate(
    problem: &Problem,
    s: &mut Setup,
    data: &Data,
    states: &mut [Option<State>],
    k: usize,
    group: &[usize],
    rng: &mut SmallRng,
) -> bool {
    let state = states[k].as_mut().expect("desk has a state");
    let mut pool: Vec<(usize, Vec<usize>)> = Vec::new();
    for &u in group {
        let jobs: Vec<usize> = days_of(s.days[u])
            .into_iter()
            .map(|d| s.job_at.remove(&(u, d)).expect("every day has its job"))
            .collect();
        for &j in &jobs {
            remove(data, state, j);
        }
        s.days[u] = 0;
        pool.push((u, jobs));
    }
    pool.shuffle(rng);
    let ndays = problem.calendar.days();
    for (u, jobs) in pool {
        let unit = &s.units[u];
        let blocked = s.client_units[unit.client]
            .iter()
            .filter(|&&o| o != u)
            .fold(0 as DayMask, |m, &o| m | s.days[o]);
        let desk = &s.desks[k];
        let mut cost = vec![0.0; ndays as usize];
        let mut allowed: DayMask = 0;
        for d in days_of(unit.allowed & !blocked) {
            let Some(v) = desk.vehicle_of.get(d as usize).copied().flatten() else {
                continue;
            };
            allowed |= 1 << d;
            cost[d as usize] = insertion(data, &state.routes[v], jobs[0])
                .map_or(UNSERVED as f64, |(_, delta)| delta as f64);
        }
        let spacing = unit.spacing(ndays, jobs.len() as u32);
        let Some((pattern, _)) = spacing.best(allowed, &cost) else {
            return false;
        };
        for (d, &j) in days_of(pattern).into_iter().zip(&jobs) {
            let v = desk.vehicle_of[d as usize].expect("allowed days are working days");
            match insertion(data, &state.routes[v], j) {
                Some((pos, _)) => state.insert(data, v, pos, j),
                None => state.mark_unassigned(&[j]),
            }
            s.job_day[k][j] = d;
            s.job_at.insert((u, d), j);
        }
        s.days[u] = pattern;
    }
    true
}
