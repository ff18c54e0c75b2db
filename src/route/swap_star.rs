//! SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source implementation and SWAP*
//! neighborhood", Computers & Operations Research 140): exchange `u` and `v` between two
//! routes, each inserted at its best position in the other route rather than in the place of
//! the job it replaces.
//!
//! For a pair `(u, v)` the two routes are independent, so the best move is the best place for
//! `v` in `route(u) − u` plus the best place for `u` in `route(v) − v`. Like Vidal, positions
//! are first ranked by their distance delta (O(1) each) and only the three best ("top-3") are
//! evaluated with time windows; with distance as the only cost that delta is a lower bound, so
//! a pair whose best distance deltas already sum to ≥ 0 is dropped before any segment merge.

use super::data::Data;
use super::moves::{evaluate, recipe_cost, Move, Piece, Recipe};
use super::state::{State, NOWHERE};

/// How many insertion positions per route are evaluated with time windows.
const TOP: usize = 3;

/// Route `r` without its job at `p`, with `job` inserted at index `q` of the reduced list.
fn recipe(state: &State, r: usize, p: usize, job: usize, q: usize) -> Recipe {
    let n = state.routes[r].len();
    if q <= p {
        Recipe::new(
            r,
            &[
                Piece::Range(r, 0, q),
                Piece::Job(job),
                Piece::Range(r, q, p),
                Piece::Range(r, p + 1, n),
            ],
        )
    } else {
        Recipe::new(
            r,
            &[
                Piece::Range(r, 0, p),
                Piece::Range(r, p + 1, q + 1),
                Piece::Job(job),
                Piece::Range(r, q + 1, n),
            ],
        )
    }
}

/// The `TOP` insertion indices of `job` into route `r` without its job at `p`, by distance
/// delta (removal of the old job included), cheapest first.
fn top_positions(
    data: &Data,
    state: &State,
    r: usize,
    p: usize,
    job: usize,
) -> [(i64, usize); TOP] {
    let route = &state.routes[r];
    let veh = route.vehicle;
    let node = |i: usize| data.single[route.jobs[i]].first;
    let n = route.len();
    // Matrix node at index `i` of the reduced route, `start`/`end` depots outside it.
    let reduced = |i: isize| -> usize {
        if i < 0 {
            data.start[veh].last
        } else if i as usize >= n - 1 {
            data.end[veh].first
        } else if (i as usize) < p {
            node(i as usize)
        } else {
            node(i as usize + 1)
        }
    };
    let old = node(p);
    let before = if p == 0 {
        data.start[veh].last
    } else {
        node(p - 1)
    };
    let after = if p + 1 == n {
        data.end[veh].first
    } else {
        node(p + 1)
    };
    let removal = data.dist(before, after) - data.dist(before, old) - data.dist(old, after);
    let x = data.single[job].first;
    let mut top = [(i64::MAX, usize::MAX); TOP];
    for q in 0..n {
        let (a, b) = (reduced(q as isize - 1), reduced(q as isize));
        let d = removal + data.dist(a, x) + data.dist(x, b) - data.dist(a, b);
        if d < top[TOP - 1].0 {
            let mut k = TOP - 1;
            while k > 0 && top[k - 1].0 > d {
                top[k] = top[k - 1];
                k -= 1;
            }
            top[k] = (d, q);
        }
    }
    top
}

/// The feasible recipe of least relaxed cost among the top positions.
fn best_recipe(
    data: &Data,
    state: &State,
    r: usize,
    p: usize,
    job: usize,
    top: &[(i64, usize); TOP],
) -> Option<(i64, Recipe)> {
    let mut best: Option<(i64, Recipe)> = None;
    for &(_, q) in top.iter().filter(|t| t.1 != usize::MAX) {
        let rec = recipe(state, r, p, job, q);
        if let Some((c, _)) = recipe_cost(data, state, &rec) {
            if best.as_ref().is_none_or(|b| c < b.0) {
                best = Some((c, rec));
            }
        }
    }
    best
}

/// SWAP* of `u` and `v` (in different routes); the best strictly improving move, if any.
pub fn swap_star(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu) = state.place[u];
    let (rv, pv) = state.place[v];
    if ru == NOWHERE || rv == NOWHERE || ru == rv {
        return None;
    }
    let top_u = top_positions(data, state, ru, pu, v);
    let top_v = top_positions(data, state, rv, pv, u);
    let lower_bound_holds = data.inst.duration_weight == 0 && data.inst.distance_weight >= 0;
    if lower_bound_holds && data.inst.distance_weight * (top_u[0].0 + top_v[0].0) >= 0 {
        return None;
    }
    let (_, a) = best_recipe(data, state, ru, pu, v, &top_u)?;
    let (_, b) = best_recipe(data, state, rv, pv, u, &top_v)?;
    evaluate(data, state, &[a, b])
}
