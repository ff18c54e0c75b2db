//! Moves as recipes: each changed route is described as a short list of pieces of the current
//! routes, so a move is evaluated from cached segments (O(1) for prefixes, suffixes and single
//! jobs, O(length) for moved ranges) and applied by building the new job lists.

use super::data::{Data, Seg};
use super::state::{exact_cost, State};

/// A piece of a new route, taken from the current state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// `routes[r].jobs[i..j]`.
    Range(usize, usize, usize),
    /// `routes[r].jobs[i..j]` reversed.
    Rev(usize, usize, usize),
    /// One job.
    Job(usize),
}

/// A new job list for one route.
#[derive(Clone, Copy, Debug)]
pub struct Recipe {
    pub route: usize,
    pieces: [Piece; 5],
    n: usize,
}

impl Recipe {
    pub fn new(route: usize, list: &[Piece]) -> Recipe {
        let mut pieces = [Piece::Job(0); 5];
        pieces[..list.len()].copy_from_slice(list);
        Recipe {
            route,
            pieces,
            n: list.len(),
        }
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces[..self.n]
    }

    /// The job list this recipe builds.
    pub fn jobs(&self, state: &State) -> Vec<usize> {
        let mut out = Vec::new();
        for p in self.pieces() {
            match *p {
                Piece::Range(r, i, j) => out.extend_from_slice(&state.routes[r].jobs[i..j]),
                Piece::Rev(r, i, j) => out.extend(state.routes[r].jobs[i..j].iter().rev()),
                Piece::Job(j) => out.push(j),
            }
        }
        out
    }
}

/// A move: one or two new routes and the change of cost it brings.
#[derive(Clone, Copy, Debug)]
pub struct Move {
    recipes: [Recipe; 2],
    count: usize,
    pub delta: i64,
}

impl Move {
    pub fn recipes(&self) -> &[Recipe] {
        &self.recipes[..self.count]
    }

    /// Applies the move; returns the routes it changed.
    pub fn apply(&self, data: &Data, state: &mut State) {
        let lists: Vec<(usize, Vec<usize>)> = self
            .recipes()
            .iter()
            .map(|r| (r.route, r.jobs(state)))
            .collect();
        for (r, jobs) in lists {
            state.set_route(data, r, jobs);
        }
    }
}

/// The segment of a piece, `None` when empty: O(length).
#[inline]
fn piece_seg(data: &Data, state: &State, p: &Piece) -> Option<Seg> {
    match *p {
        Piece::Range(r, i, j) => state.routes[r].range(data, i, j),
        Piece::Rev(r, i, j) => state.routes[r].range_rev(data, i, j),
        Piece::Job(j) => Some(data.single[j]),
    }
}

fn piece_len(p: &Piece) -> usize {
    match *p {
        Piece::Range(_, i, j) | Piece::Rev(_, i, j) => j.saturating_sub(i),
        Piece::Job(_) => 1,
    }
}

/// Whether every job a recipe brings from elsewhere may use the route's vehicle.
fn allowed(data: &Data, state: &State, recipe: &Recipe) -> bool {
    let v = state.routes[recipe.route].vehicle;
    recipe.pieces().iter().all(|p| match *p {
        Piece::Job(j) => data.allowed(j, v),
        Piece::Range(r, i, j) | Piece::Rev(r, i, j) => {
            r == recipe.route
                || state.routes[r].jobs[i..j]
                    .iter()
                    .all(|&k| data.allowed(k, v))
        }
    })
}

/// Relaxed cost of a recipe's route and whether it needs the exact check; `None` when it
/// breaks a time window (on the relaxation), the duration, the capacity or a vehicle rule.
#[inline]
pub fn recipe_cost(data: &Data, state: &State, recipe: &Recipe) -> Option<(i64, bool)> {
    if data.restricted() && !allowed(data, state, recipe) {
        return None;
    }
    let v = state.routes[recipe.route].vehicle;
    let pieces = recipe.pieces();
    if pieces.iter().all(|p| piece_len(p) == 0) {
        return Some((0, false));
    }
    // A leading prefix and a trailing suffix come from the cached depot segments when their
    // route's depot is the same as this one's: O(1). Other pieces are merged job by job.
    let (mut lo, mut hi) = (0, pieces.len());
    let mut acc = data.start[v];
    if let Some(&Piece::Range(r, 0, j)) = pieces.first() {
        if data.start[state.routes[r].vehicle] == data.start[v] {
            acc = *state.routes[r].pre(j);
            lo = 1;
        }
    }
    let mut tail = data.end[v];
    if let Some(&Piece::Range(r, i, j)) = pieces.last() {
        let route = &state.routes[r];
        if hi > lo && j == route.len() && data.end[route.vehicle] == data.end[v] {
            tail = *route.suf(i);
            hi -= 1;
        }
    }
    for p in &pieces[lo..hi] {
        if let Some(s) = piece_seg(data, state, p) {
            acc = data.merge(&acc, &s);
        }
    }
    let full = data.merge(&acc, &tail);
    let c = data.route_cost(v, &full)?;
    Some((c, full.multi > 0))
}

/// Evaluates a move given by its recipes; `Some` only if feasible and strictly improving
/// (`delta < 0`), exact-checked when multi-window jobs are involved.
pub fn evaluate(data: &Data, state: &State, recipes: &[Recipe]) -> Option<Move> {
    let mut delta = 0;
    let mut exact = false;
    for r in recipes {
        let (c, e) = recipe_cost(data, state, r)?;
        delta += c - state.routes[r.route].cost;
        exact |= e;
    }
    if delta >= 0 {
        return None;
    }
    if exact {
        delta = 0;
        for r in recipes {
            let v = state.routes[r.route].vehicle;
            delta += exact_cost(data, v, &r.jobs(state))? - state.routes[r.route].cost;
        }
        if delta >= 0 {
            return None;
        }
    }
    let mut m = Move {
        recipes: [recipes[0]; 2],
        count: recipes.len(),
        delta,
    };
    if recipes.len() > 1 {
        m.recipes[1] = recipes[1];
    }
    Some(m)
}
