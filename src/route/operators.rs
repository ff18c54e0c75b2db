//! Local-search operators in one registry (relocate, swap, or-opt, 2-opt*, 2-opt,
//! cross-exchange, SWAP*). Each is a pure evaluation of the moves between a
//! job `u` and one of its granular neighbours `v` (Toth & Vigo 2003; Vidal et al. 2013): it
//! returns the best strictly improving [`Move`], which the caller applies.

use super::data::Data;
use super::moves::{evaluate, Move, Piece, Recipe};
use super::state::{State, NOWHERE};
use super::swap_star::swap_star;

/// Evaluates the moves of one neighbourhood for the pair `(u, v)`.
pub type Operator = fn(&Data, &State, usize, usize) -> Option<Move>;

/// The operators before SWAP* and cross-exchange were added (for comparisons).
pub const BASIC_OPERATORS: &[(&str, Operator)] = &[
    ("relocate", relocate),
    ("swap", swap),
    ("or-opt", or_opt),
    ("2-opt*", two_opt_star),
    ("2-opt", two_opt),
];

/// Every operator, by name, in the order local search tries them.
pub const OPERATORS: &[(&str, Operator)] = &[
    ("relocate", relocate),
    ("swap", swap),
    ("or-opt", or_opt),
    ("2-opt*", two_opt_star),
    ("2-opt", two_opt),
    ("cross-exchange", cross_exchange),
    ("swap*", swap_star),
];

/// The registry without SWAP* (its last entry), for costs that include route duration (see
/// [`super::solve`]).
pub const OPERATORS_WITHOUT_SWAP_STAR: &[(&str, Operator)] =
    OPERATORS.split_at(OPERATORS.len() - 1).0;

fn better(best: Option<Move>, m: Option<Move>) -> Option<Move> {
    match (best, m) {
        (Some(b), Some(m)) if m.delta < b.delta => Some(m),
        (None, m) => m,
        (b, _) => b,
    }
}

fn places(state: &State, u: usize, v: usize) -> Option<(usize, usize, usize, usize)> {
    let (ru, pu) = state.place[u];
    let (rv, pv) = state.place[v];
    (ru != NOWHERE && rv != NOWHERE).then_some((ru, pu, rv, pv))
}

/// Moves `len` jobs starting at `pu` in `ru` (reversed if asked) to index `q` of `rv`.
fn move_chain(
    data: &Data,
    state: &State,
    (ru, pu, len): (usize, usize, usize),
    reverse: bool,
    (rv, q): (usize, usize),
) -> Option<Move> {
    let nu = state.routes[ru].len();
    if pu + len > nu {
        return None;
    }
    let chain = if reverse {
        Piece::Rev(ru, pu, pu + len)
    } else {
        Piece::Range(ru, pu, pu + len)
    };
    if ru != rv {
        let nv = state.routes[rv].len();
        let a = Recipe::new(
            ru,
            &[Piece::Range(ru, 0, pu), Piece::Range(ru, pu + len, nu)],
        );
        let b = Recipe::new(
            rv,
            &[Piece::Range(rv, 0, q), chain, Piece::Range(rv, q, nv)],
        );
        return evaluate(data, state, &[a, b]);
    }
    if q >= pu && q <= pu + len && !reverse {
        return None;
    }
    let r = if q <= pu {
        Recipe::new(
            ru,
            &[
                Piece::Range(ru, 0, q),
                chain,
                Piece::Range(ru, q, pu),
                Piece::Range(ru, pu + len, nu),
            ],
        )
    } else if q > pu + len {
        Recipe::new(
            ru,
            &[
                Piece::Range(ru, 0, pu),
                Piece::Range(ru, pu + len, q),
                chain,
                Piece::Range(ru, q, nu),
            ],
        )
    } else {
        return None;
    };
    evaluate(data, state, &[r])
}

/// Moves `u` right after or right before `v`.
pub fn relocate(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    let after = move_chain(data, state, (ru, pu, 1), false, (rv, pv + 1));
    better(after, move_chain(data, state, (ru, pu, 1), false, (rv, pv)))
}

/// Moves the chain of two or three jobs starting at `u` after `v`, in either direction.
pub fn or_opt(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    let mut best = None;
    for len in 2..=3 {
        for reverse in [false, true] {
            best = better(
                best,
                move_chain(data, state, (ru, pu, len), reverse, (rv, pv + 1)),
            );
        }
    }
    best
}

/// Exchanges `u` and `v`.
pub fn swap(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    if ru != rv {
        let (nu, nv) = (state.routes[ru].len(), state.routes[rv].len());
        let a = Recipe::new(
            ru,
            &[
                Piece::Range(ru, 0, pu),
                Piece::Job(v),
                Piece::Range(ru, pu + 1, nu),
            ],
        );
        let b = Recipe::new(
            rv,
            &[
                Piece::Range(rv, 0, pv),
                Piece::Job(u),
                Piece::Range(rv, pv + 1, nv),
            ],
        );
        return evaluate(data, state, &[a, b]);
    }
    let (a, b) = (pu.min(pv), pu.max(pv));
    let jobs = &state.routes[ru].jobs;
    let n = jobs.len();
    let r = Recipe::new(
        ru,
        &[
            Piece::Range(ru, 0, a),
            Piece::Job(jobs[b]),
            Piece::Range(ru, a + 1, b),
            Piece::Job(jobs[a]),
            Piece::Range(ru, b + 1, n),
        ],
    );
    evaluate(data, state, &[r])
}

/// Cross-exchange (Taillard et al. 1997): swaps the chain of `lu` jobs starting at `u` with
/// the chain of `lv` jobs starting at `v`, in another route, for 1 ≤ `lu`, `lv` ≤ 3 except the
/// plain swap (1, 1), which [`swap`] covers.
pub fn cross_exchange(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    if ru == rv {
        return None;
    }
    let (nu, nv) = (state.routes[ru].len(), state.routes[rv].len());
    let mut best = None;
    for lu in 1..=MAX_CROSS.min(nu - pu) {
        for lv in 1..=MAX_CROSS.min(nv - pv) {
            if lu == 1 && lv == 1 {
                continue;
            }
            let a = Recipe::new(
                ru,
                &[
                    Piece::Range(ru, 0, pu),
                    Piece::Range(rv, pv, pv + lv),
                    Piece::Range(ru, pu + lu, nu),
                ],
            );
            let b = Recipe::new(
                rv,
                &[
                    Piece::Range(rv, 0, pv),
                    Piece::Range(ru, pu, pu + lu),
                    Piece::Range(rv, pv + lv, nv),
                ],
            );
            best = better(best, evaluate(data, state, &[a, b]));
        }
    }
    best
}

/// Longest chain [`cross_exchange`] moves.
const MAX_CROSS: usize = 3;

/// Exchanges route tails so that `v` (or its successor) follows `u`.
pub fn two_opt_star(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    if ru == rv {
        return None;
    }
    let (nu, nv) = (state.routes[ru].len(), state.routes[rv].len());
    let mut best = None;
    for cut in [pv, pv + 1] {
        let a = Recipe::new(
            ru,
            &[Piece::Range(ru, 0, pu + 1), Piece::Range(rv, cut, nv)],
        );
        let b = Recipe::new(
            rv,
            &[Piece::Range(rv, 0, cut), Piece::Range(ru, pu + 1, nu)],
        );
        best = better(best, evaluate(data, state, &[a, b]));
    }
    best
}

/// Reverses the part of a route between `u` and `v` so that they become adjacent.
pub fn two_opt(data: &Data, state: &State, u: usize, v: usize) -> Option<Move> {
    let (ru, pu, rv, pv) = places(state, u, v)?;
    if ru != rv || pu.abs_diff(pv) < 2 {
        return None;
    }
    let n = state.routes[ru].len();
    let (a, b) = (pu.min(pv), pu.max(pv));
    let r = Recipe::new(
        ru,
        &[
            Piece::Range(ru, 0, a + 1),
            Piece::Rev(ru, a + 1, b + 1),
            Piece::Range(ru, b + 1, n),
        ],
    );
    evaluate(data, state, &[r])
}

/// Moves `u` alone into an empty route whose vehicle it may use.
pub fn to_empty_route(data: &Data, state: &State, u: usize) -> Option<Move> {
    let (ru, pu) = state.place[u];
    if ru == NOWHERE {
        return None;
    }
    let nu = state.routes[ru].len();
    let mut best = None;
    let mut tried: Vec<usize> = Vec::new();
    for (r, route) in state.routes.iter().enumerate() {
        let veh = &data.inst.vehicles[route.vehicle];
        if !route.is_empty()
            || !data.allowed(u, route.vehicle)
            || tried.iter().any(|&t| data.inst.vehicles[t] == *veh)
        {
            continue;
        }
        tried.push(route.vehicle);
        let a = Recipe::new(ru, &[Piece::Range(ru, 0, pu), Piece::Range(ru, pu + 1, nu)]);
        let b = Recipe::new(r, &[Piece::Job(u)]);
        best = better(best, evaluate(data, state, &[a, b]));
    }
    best
}
