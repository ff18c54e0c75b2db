//! The only code that knows file formats: CSV, TOML, JSON, GeoJSON, HTML, OSM, Solomon, Cordeau.

mod error;

pub use error::{InputError, InputErrors};

use crate::model::Problem;
use crate::travel::Travel;
use std::path::Path;

/// Reads and validates `clients.csv`, `managers.csv` and `policy.toml`; every problem found is
/// reported at once.
pub fn load_problem(clients: &Path, managers: &Path, policy: &Path) -> Result<Problem, InputErrors> {
    let _ = (clients, managers, policy);
    todo!("readers")
}

/// Builds the travel model the policy asks for (default model or matrix file).
pub fn load_travel(problem: &Problem) -> Result<Box<dyn Travel>, InputErrors> {
    let _ = problem;
    todo!("travel loading")
}

pub mod output;
mod report;
