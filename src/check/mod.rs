//! Independent validation of any plan against the inputs (contract §2): the code behind
//! `beatplan check`. It re-derives everything from the problem and travel model and shares no
//! code with the solver stages.
//!
//! Like the solution checker of reinterpretcat/vrp, every rule family lives in its own file
//! and is listed once in the `FAMILIES` registry; every rule name a violation can carry is listed with a
//! one-line description in [`RULES`]. A rule family never reports what another family already
//! reports: an unknown id is reported once by `references`, and the other families skip what
//! they cannot resolve instead of cascading.
//!
//! Decisions where the contract is silent (documented here because the checker defines them):
//! - Several `[[visits]]` rules of the same role on one client are met together: their single
//!   visits are pooled, the pool must equal the sum of the rules' `k` minus the role's
//!   `visits_missing`, at least one visit per rule is kept (`min_one_visit`), and spacing is
//!   checked only when the role has exactly one rule there.
//! - Spacing and fixed weekdays are checked only when a requirement got all its `k` visits.
//! - `min_one_visit`: a requirement with `k >= 1` and no routed visit is a violation, even when
//!   listed unserved (team rules: no well-formed team visit), unless no eligible manager of the role could make even one lone visit
//!   (weekday, opening window, shift and `max_minutes` all considered), or its assignment is
//!   legitimately missing (below).
//! - A missing assignment is legitimate only when no manager of the role may serve the client
//!   (role, allow-lists, competency) with room under `max_clients`; its visits must then all be
//!   listed unserved.
//! - `locked` overrides eligibility: the locked manager is not held to allow-lists or the
//!   competency minimum for the roles it keeps.
//! - Staggering: on one day a client may see one manager, or several managers that are all
//!   members of one team visit there.
//! - Arrival is exactly the previous departure (the end of the previous service, or leaving
//!   the base) plus travel; return is exactly the last departure plus travel to the base.
//! - KPIs are recomputed from the travel model's legs, not from the plan's `distance_m`.

mod assignment;
mod balance;
mod context;
mod kpis;
mod references;
mod routes;
mod staggering;
mod team;
mod unserved;
mod visits;

use crate::model::Problem;
use crate::plan::{Kpis, Plan};
use crate::travel::Travel;
use context::Context;
use std::fmt;

/// One broken rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// Short stable name of the rule, e.g. `spacing`, `window`, `balance` (see [`RULES`]).
    pub rule: &'static str,
    /// What was expected and what was found, naming the client, manager and day.
    pub message: String,
    /// Client id concerned, when one is.
    pub client: Option<String>,
    /// Manager id concerned, when one is.
    pub manager: Option<String>,
    /// Cycle day concerned, when one is.
    pub day: Option<u32>,
}

impl Violation {
    pub fn new(rule: &'static str, message: impl Into<String>) -> Violation {
        Violation {
            rule,
            message: message.into(),
            client: None,
            manager: None,
            day: None,
        }
    }

    pub fn client(mut self, id: &str) -> Violation {
        self.client = Some(id.to_string());
        self
    }

    pub fn manager(mut self, id: &str) -> Violation {
        self.manager = Some(id.to_string());
        self
    }

    pub fn day(mut self, day: u32) -> Violation {
        self.day = Some(day);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.message)
    }
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

    /// Names of the broken rules, sorted and unique.
    pub fn rules(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.violations.iter().map(|v| v.rule).collect();
        names.sort_unstable();
        names.dedup();
        names
    }
}

/// Every rule name a [`Violation`] may carry, with what it checks.
#[rustfmt::skip]
pub const RULES: &[(&str, &str)] = &[
    ("unknown_id",           "every client and manager id in the plan exists"),
    ("role_not_required",    "visits, assignments and unserved entries name a role asked of the client"),
    ("day_out_of_range",     "route days are in 0..D"),
    ("weekday_label",        "a route's informative weekday, when given, is its day's weekday"),
    ("manager_day_off",      "the manager works the route's weekday"),
    ("client_day",           "the client may be visited on the route's weekday"),
    ("assignment_missing",   "every (client, role) a rule names has a manager"),
    ("assignment_duplicate", "at most one manager per (client, role)"),
    ("manager_role",         "the assigned manager has the role"),
    ("allow_list",           "the assigned manager's allow-lists admit the client"),
    ("competency",           "the assigned manager reaches the client's competency minimum"),
    ("locked",               "locked clients keep their manager for every role that manager has"),
    ("max_clients",          "a manager has at most max_clients distinct clients"),
    ("visit_manager",        "each visit is made by the client's assigned manager of that role"),
    ("visit_count",          "no more visits than the rules ask"),
    ("spacing",              "cyclic gaps between visit days lie in the rule's bounds"),
    ("fixed_weekdays",       "fixed cycles repeat the same days in every period of the rule"),
    ("staggering",           "a client sees at most one manager a day, except one team visit"),
    ("team_visit",           "a team visit is at one client with a team rule, on one day"),
    ("team_roles",           "a team visit has every role of a team rule exactly once"),
    ("team_sync",            "the members of a team visit start at the same second"),
    ("route_duplicate",      "at most one route per manager and day"),
    ("shift",                "leave no earlier than the shift opens, return no later than it closes"),
    ("max_minutes",          "leave to return is at most max_minutes"),
    ("arrival",              "arrival = previous departure + travel time"),
    ("start_time",           "service starts no earlier than arrival"),
    ("return_time",          "return = last departure + travel time to the base"),
    ("service_duration",     "end - start is the visit's service time"),
    ("window",               "the whole service lies inside one opening window of the client"),
    ("distance",             "distance_m is the sum of the route's leg metres"),
    ("balance",              "each manager's cycle workload <= (1 + tolerance) x its role's mean"),
    ("unserved_entry",       "unserved entries miss at least one visit and give a reason"),
    ("unserved_mismatch",    "routed + missing = required, per client and role"),
    ("min_one_visit",        "a requirement that can be served gets at least one visit"),
    ("kpis",                 "the plan's KPIs equal the recomputed ones"),
];

/// A rule family: reads the resolved plan and appends what it finds broken.
type Family = fn(&Context, &mut Vec<Violation>);

/// The registry: every rule family, in reporting order.
const FAMILIES: &[(&str, Family)] = &[
    ("references", references::check),
    ("assignment", assignment::check),
    ("visits", visits::check),
    ("team", team::check),
    ("staggering", staggering::check),
    ("routes", routes::check),
    ("balance", balance::check),
    ("unserved", unserved::check),
    ("kpis", kpis::check),
];

/// Checks a plan against every rule of the contract.
pub fn check(problem: &Problem, travel: &dyn Travel, plan: &Plan) -> CheckReport {
    let ctx = Context::new(problem, travel, plan);
    let mut violations = Vec::new();
    for (_, family) in FAMILIES {
        family(&ctx, &mut violations);
    }
    debug_assert!(violations
        .iter()
        .all(|v| RULES.iter().any(|(name, _)| *name == v.rule)));
    CheckReport {
        violations,
        kpis: kpis::compute(&ctx),
    }
}

/// KPIs recomputed from a plan's routes and unserved list.
pub fn kpis(problem: &Problem, travel: &dyn Travel, plan: &Plan) -> Kpis {
    kpis::compute(&Context::new(problem, travel, plan))
}

/// Names of the rule families, in the order they run.
pub fn families() -> impl Iterator<Item = &'static str> {
    FAMILIES.iter().map(|(name, _)| *name)
}
