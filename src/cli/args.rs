//! Raw command-line flags.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "beatplan", version, about = "Route and visit-schedule optimisation for field account managers")]
pub struct Cli {
    /// No progress output on stderr.
    #[arg(long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The three input files of a region.
#[derive(clap::Args, Debug, Clone)]
pub struct Inputs {
    #[arg(long)]
    pub clients: PathBuf,
    #[arg(long)]
    pub managers: PathBuf,
    #[arg(long)]
    pub policy: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Plan a region: assignment, visit days and routes; writes plan.json, schedule.csv,
    /// routes.geojson and report.html into --out.
    Plan {
        #[command(flatten)]
        inputs: Inputs,
        #[arg(long)]
        out: PathBuf,
        /// Overrides the policy's time_limit_s.
        #[arg(long)]
        time_limit: Option<f64>,
        /// Overrides the policy's seed.
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Validate a plan against the inputs; exit 1 if any rule is broken.
    Check {
        #[arg(long)]
        plan: PathBuf,
        #[command(flatten)]
        inputs: Inputs,
    },
}
