//! First-improvement local search over granular neighbourhoods with the operators of
//! [`super::operators`].

use super::data::Data;
use super::operators::{to_empty_route, Operator};
use super::state::{State, NOWHERE};
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;
use std::time::Instant;

/// Improves `state` until no operator finds an improving move (or the deadline passes).
/// `ops` is the registry to use (normally [`super::operators::OPERATORS`]).
pub fn local_search(
    data: &Data,
    state: &mut State,
    rng: &mut SmallRng,
    deadline: Option<Instant>,
    ops: &[(&str, Operator)],
) {
    let mut order: Vec<usize> = (0..data.jobs).collect();
    loop {
        order.shuffle(rng);
        let mut improved = false;
        for &u in &order {
            if state.place[u].0 == NOWHERE {
                continue;
            }
            for &v in &data.neighbours[u] {
                for (_, op) in ops {
                    if let Some(m) = op(data, state, u, v) {
                        m.apply(data, state);
                        improved = true;
                    }
                }
            }
            if state.routes.iter().any(|r| r.is_empty()) {
                if let Some(m) = to_empty_route(data, state, u) {
                    m.apply(data, state);
                    improved = true;
                }
            }
        }
        if !improved || crate::stop::expired(deadline) {
            break;
        }
    }
}
