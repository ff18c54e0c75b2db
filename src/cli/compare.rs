//! `beatplan compare`: one plan per assignment mode on the same input, side by side.

use super::args::{Inputs, TableFormat};
use super::commands::load;
use super::progress::Bar;
use super::Failure;
use anyhow::anyhow;
use beatplan::check;
use beatplan::metrics;
use beatplan::model::Mode;
use beatplan::pipeline::{self, PlanOptions};
use serde::Serialize;
use std::time::{Duration, Instant};

/// One mode's figures.
#[derive(Serialize)]
struct Row {
    mode: String,
    travel_km: f64,
    workload_max_over_mean: f64,
    mean_centre_km: f64,
    overlap: f64,
    unserved_visits: u64,
    /// Planning time (the check below is not counted).
    run_time_s: f64,
    /// Violations `beatplan check` finds in the mode's plan (0: the plan is valid).
    violations: usize,
    /// LP lower bound of the assignment objective (workload-weighted distance to territory
    /// centres and bases), when the exact per-client LP was solved.
    lower_bound: Option<f64>,
    /// The achieved value of that objective.
    objective: Option<f64>,
    /// How far the achieved objective lies above the bound, as a fraction of the bound.
    bound_gap: Option<f64>,
}

/// `beatplan check`'s verdict as a table cell.
fn check_cell(violations: usize) -> String {
    match violations {
        0 => "valid".to_string(),
        n => format!("{n} violation(s)"),
    }
}

/// "within X % of the bound" as a table cell.
fn gap_cell(gap: Option<f64>) -> String {
    gap.map_or("-".to_string(), |g| format!("{:.2}%", 100.0 * g))
}

pub fn run(
    inputs: &Inputs,
    modes: &[String],
    time_limit: Option<f64>,
    format: TableFormat,
    quiet: bool,
) -> Result<(), Failure> {
    let (problem, travel) = load(inputs)?;
    let modes: Vec<Mode> = modes
        .iter()
        .map(|m| {
            Mode::parse(m.trim()).ok_or_else(|| {
                Failure::Input(anyhow!(
                    "--modes: `{m}` is not a mode (region, business_type, value_tier, hybrid)"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Vec::new();
    for mode in modes {
        let mut p = problem.clone();
        p.policy.mode = mode;
        let mut opts = PlanOptions::from_policy(&p);
        if let Some(t) = time_limit {
            opts.time_limit = Duration::from_secs_f64(t.max(0.1));
        }
        let bar = Bar::new(quiet);
        let started = Instant::now();
        let plan = pipeline::plan(&p, travel.as_ref(), &opts, &bar);
        let run_time_s = started.elapsed().as_secs_f64();
        bar.finish();
        // Every mode's plan through the independent checker, with the mode's policy.
        let violations = check::check(&p, travel.as_ref(), &plan).violations.len();
        let t = metrics::territories(&p, &plan);
        let meta = plan.meta.as_ref();
        let lower_bound = meta.and_then(|m| m.assignment_lower_bound);
        let objective = meta.and_then(|m| m.assignment_objective);
        let bound_gap = match (objective, lower_bound) {
            (Some(o), Some(b)) if b > 0.0 => Some((o - b) / b),
            _ => None,
        };
        rows.push(Row {
            mode: mode.name().to_string(),
            travel_km: plan.kpis.travel_km,
            workload_max_over_mean: plan.kpis.workload_max_over_mean,
            mean_centre_km: t.mean_centre_km,
            overlap: t.overlap,
            unserved_visits: plan.kpis.unserved_visits,
            run_time_s,
            violations,
            lower_bound,
            objective,
            bound_gap,
        });
    }
    match format {
        TableFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| Failure::Internal(anyhow!(e)))?
        ),
        TableFormat::Csv => {
            println!("mode,travel_km,workload_max_over_mean,mean_centre_km,overlap,unserved_visits,run_time_s,lp_bound_gap,violations");
            for r in &rows {
                println!(
                    "{},{:.1},{:.3},{:.2},{:.3},{},{:.1},{},{}",
                    r.mode,
                    r.travel_km,
                    r.workload_max_over_mean,
                    r.mean_centre_km,
                    r.overlap,
                    r.unserved_visits,
                    r.run_time_s,
                    r.bound_gap.map_or(String::new(), |g| format!("{g:.4}")),
                    r.violations
                );
            }
        }
        TableFormat::Table => {
            println!(
                "{:<14} {:>10} {:>9} {:>10} {:>8} {:>9} {:>8} {:>13}  check",
                "mode",
                "travel km",
                "max/mean",
                "centre km",
                "overlap",
                "unserved",
                "time s",
                "above LP bnd"
            );
            for r in &rows {
                println!(
                    "{:<14} {:>10.1} {:>9.3} {:>10.2} {:>7.1}% {:>9} {:>8.1} {:>13}  {}",
                    r.mode,
                    r.travel_km,
                    r.workload_max_over_mean,
                    r.mean_centre_km,
                    100.0 * r.overlap,
                    r.unserved_visits,
                    r.run_time_s,
                    gap_cell(r.bound_gap),
                    check_cell(r.violations)
                );
            }
            if rows.iter().any(|r| r.bound_gap.is_some()) {
                println!(
                    "above LP bnd: the territory objective (workload x distance to centres and \
                     bases) is within this much of its LP lower bound (good_lp)"
                );
            }
        }
    }
    Ok(())
}
