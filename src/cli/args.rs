//! Raw command-line flags.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "beatplan",
    version,
    about = "Route and visit-schedule optimisation for field account managers"
)]
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
    /// Plan the same region under several assignment modes and compare them.
    Compare {
        #[command(flatten)]
        inputs: Inputs,
        /// Comma-separated modes.
        #[arg(
            long,
            default_value = "region,business_type,value_tier,hybrid",
            value_delimiter = ','
        )]
        modes: Vec<String>,
        /// Time limit per mode (default: the policy's time_limit_s).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Output as an aligned table, CSV or JSON.
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Write a synthetic region (clients.csv, managers.csv, policy.toml) into --out.
    Generate {
        #[arg(long)]
        clients: usize,
        #[arg(long)]
        managers: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Cycle length in weeks.
        #[arg(long, default_value_t = 2)]
        weeks: u32,
        #[arg(long)]
        out: PathBuf,
    },
    /// Extract shops and venues from an OpenStreetMap extract into a clients.csv
    /// (© OpenStreetMap contributors, ODbL: keep the attribution with the output).
    Osm {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Solve a standard benchmark instance and print the contract's JSON.
    Solve {
        file: PathBuf,
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long, default_value_t = 10.0)]
        time_limit: f64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Benchmark file formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Format {
    Solomon,
    Cordeau,
}

/// How `compare` prints its rows.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}
