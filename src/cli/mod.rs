//! Commands, parsed in two stages: raw clap flags, then validated inputs that build everything.

mod args;
mod commands;
mod compare;
mod progress;

use args::Cli;
use clap::Parser;

/// Why a command failed, and so its exit code (contract §4).
#[derive(Debug)]
pub enum Failure {
    /// 1: the plan is infeasible or a check failed (the report is already printed).
    Infeasible,
    /// 2: bad input or usage.
    Input(anyhow::Error),
    /// 3: anything else.
    Internal(anyhow::Error),
}

impl Failure {
    pub fn code(&self) -> i32 {
        match self {
            Failure::Infeasible => 1,
            Failure::Input(_) => 2,
            Failure::Internal(_) => 3,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let outcome = std::panic::catch_unwind(|| commands::run(cli.command, cli.quiet));
    match outcome {
        Ok(Ok(())) => 0,
        Ok(Err(failure)) => {
            match &failure {
                Failure::Infeasible => {}
                Failure::Input(e) => eprintln!("error: {e:#}"),
                Failure::Internal(e) => eprintln!("internal error: {e:#}"),
            }
            failure.code()
        }
        Err(_) => {
            eprintln!("internal error: beatplan crashed; please report this with your input files");
            3
        }
    }
}
