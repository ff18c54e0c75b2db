//! Client → manager, per role: region, business_type, value_tier, hybrid.

use crate::model::Problem;
use crate::travel::Travel;
use std::time::Instant;

/// One client's manager for one role.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientRole {
    pub client: usize,
    pub role: String,
    pub manager: usize,
    /// `region`, `locked`, `business_type`, `local management`, ...
    pub reason: String,
}

/// A client whose role cannot be given any manager, with the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Unassignable {
    pub client: usize,
    pub role: String,
    pub reason: String,
}

/// The result of the assignment stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssignOutcome {
    pub assignments: Vec<ClientRole>,
    pub unassigned: Vec<Unassignable>,
    /// LP lower bound of the assignment objective, when one was solved.
    pub lower_bound: Option<f64>,
    /// Estimated cycle workload per manager (seconds), indexed like `problem.managers`.
    pub workload_estimate: Vec<f64>,
}

/// Options shared by the assignment modes.
#[derive(Clone, Debug)]
pub struct AssignOptions {
    pub seed: u64,
    pub deadline: Option<Instant>,
}

/// Assigns every (client, role) that a rule asks for.
pub fn assign(problem: &Problem, travel: &dyn Travel, opts: &AssignOptions) -> AssignOutcome {
    let _ = (problem, travel, opts);
    todo!("assignment")
}
