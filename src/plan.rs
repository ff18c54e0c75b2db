//! The plan: what `beatplan plan` writes to `plan.json` and what `beatplan check` reads.
//!
//! Field names follow the contract (§3); extra fields are additions, never renames.

use serde::{Deserialize, Serialize};

/// A whole plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub assignments: Vec<Assignment>,
    pub routes: Vec<Route>,
    pub unserved: Vec<Unserved>,
    pub kpis: Kpis,
    /// How the plan was made (absent in hand-written plans).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// One client's manager for one role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub client: String,
    pub role: String,
    pub manager: String,
    /// Why this manager: `region`, `locked`, `business_type`, `local management`, ...
    pub reason: String,
}

/// One manager-day: base → visits → base.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    pub manager: String,
    pub day: u32,
    /// Weekday name of `day` (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<String>,
    pub leave_s: i64,
    pub return_s: i64,
    pub distance_m: i64,
    pub visits: Vec<Visit>,
}

/// One stop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    pub client: String,
    pub role: String,
    pub arrival_s: i64,
    pub start_s: i64,
    pub end_s: i64,
    /// Shared id of the visits of one team visit, else null.
    pub team: Option<String>,
}

/// Required visits that are not routed, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unserved {
    pub client: String,
    pub role: String,
    pub visits_missing: u32,
    pub reason: String,
}

/// Headline figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub travel_km: f64,
    pub travel_hours: f64,
    pub service_hours: f64,
    pub visits: u64,
    pub workload_max_over_mean: f64,
    pub unserved_visits: u64,
    #[serde(default)]
    pub wait_hours: f64,
    #[serde(default)]
    pub routes: u64,
    #[serde(default)]
    pub clients: u64,
    #[serde(default)]
    pub managers: u64,
}

/// Provenance of a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub version: String,
    pub seed: u64,
    pub mode: String,
    pub run_time_s: f64,
    /// True when the run was cut short (time limit or interruption) before the search ended.
    #[serde(default)]
    pub interrupted: bool,
    /// Lower bound on the assignment objective, when an LP was solved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_lower_bound: Option<f64>,
    /// The assignment objective reached (workload-weighted km to territory centres and bases),
    /// given with the bound so that the gap can be quoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_objective: Option<f64>,
    /// Seconds spent per stage (assign, schedule, route, rebalance).
    #[serde(default)]
    pub stage_s: std::collections::BTreeMap<String, f64>,
    /// Clients whose manager changed from the input's `manager` column.
    #[serde(default)]
    pub reassigned: u64,
}
