//! Independent validation of any plan against the inputs (contract §2): the code behind
//! `beatplan check`. It re-derives everything from the problem and travel model and shares no
//! code with the solver stages.

use crate::model::Problem;
use crate::plan::{Kpis, Plan};
use crate::travel::Travel;

/// One broken rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Short stable name of the rule, e.g. `spacing`, `window`, `balance`.
    pub rule: &'static str,
    pub message: String,
}

/// The checker's verdict.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckReport {
    pub violations: Vec<Violation>,
    /// KPIs recomputed from the plan's routes.
    pub kpis: Kpis,
}

impl CheckReport {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Checks a plan against every rule of the contract.
pub fn check(problem: &Problem, travel: &dyn Travel, plan: &Plan) -> CheckReport {
    let _ = (problem, travel, plan);
    todo!("checker")
}

/// KPIs recomputed from a plan's routes and unserved list.
pub fn kpis(problem: &Problem, travel: &dyn Travel, plan: &Plan) -> Kpis {
    let _ = (problem, travel, plan);
    todo!("kpis")
}
