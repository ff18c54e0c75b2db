//! The only code that knows file formats: CSV, TOML, JSON, GeoJSON, HTML, OSM, Solomon, Cordeau.
//!
//! The input readers validate once and report every problem at once ([`InputErrors`]), each
//! naming the file, the row or key, what is wrong and what would fix it; afterwards the
//! [`Problem`] is trusted. Formats and defaults are documented in the reader of each file:
//! `clients`, `managers`, `policy` (with `rules`) and `matrix`.

mod cells;
mod clients;
mod error;
mod keys;
mod managers;
mod matrix;
pub mod osm;
mod policy;
mod rules;
pub mod solomon;
mod suggest;
mod swapped;
mod table;
mod validate;

pub use clients::CLIENT_COLUMNS;
pub use error::{InputError, InputErrors};

use crate::model::{Client, Manager, Policy, Problem};
use crate::travel::roads::RoadTravel;
use crate::travel::{Crow, Matrix, Travel};
use std::path::Path;

/// Reads and validates `clients.csv`, `managers.csv` and `policy.toml`; every problem found is
/// reported at once, in file order (clients, managers, policy; rows ascending).
///
/// Besides each file on its own, it checks across files: a client's `manager` must be a
/// manager id; every role a rule names must belong to some manager; a rule's `per_week` must
/// not exceed the days a week its role's managers work. A `roads` or `matrix` file must exist; its contents are read by
/// [`load_travel`].
pub fn load_problem(
    clients: &Path,
    managers: &Path,
    policy: &Path,
) -> Result<Problem, InputErrors> {
    load_problem_with_warnings(clients, managers, policy).map(|(problem, _)| problem)
}

/// [`load_problem`] on the three files of one folder, under their contract names (what
/// `beatplan generate` writes and the fixtures hold).
pub fn load_folder(dir: &Path) -> Result<Problem, InputErrors> {
    load_problem(
        &dir.join("clients.csv"),
        &dir.join("managers.csv"),
        &dir.join("policy.toml"),
    )
}

/// As [`load_problem`], also returning warnings about valid data that looks wrong: each names
/// the file and row (coordinates that only make sense with lat and lon swapped).
pub fn load_problem_with_warnings(
    clients: &Path,
    managers: &Path,
    policy: &Path,
) -> Result<(Problem, Vec<InputError>), InputErrors> {
    let mut errors = Vec::new();
    let client_rows = clients::read(clients, &mut errors);
    let manager_rows = managers::read(managers, &mut errors);
    let policy_read = policy::read(policy, &mut errors);
    if let (Some(c), Some(m)) = (&client_rows, &manager_rows) {
        validate::manager_references(c, clients, m, managers, &mut errors);
    }
    if let (Some(p), Some(m)) = (&policy_read, &manager_rows) {
        validate::roles(p, m, &mut errors);
    }
    match (client_rows, manager_rows, policy_read) {
        (Some(c), Some(m), Some(p)) if errors.is_empty() => {
            let warnings =
                swapped::warnings(&c.clients, &c.rows, clients, &m.managers, &m.rows, managers);
            Ok((Problem::new(c.clients, m.managers, p.policy), warnings))
        }
        _ => {
            let rank = |e: &InputError| {
                let file = e.path();
                let order = [clients, managers, policy].iter().position(|p| *p == file);
                (order.unwrap_or(3), e.row_number().unwrap_or(0))
            };
            errors.sort_by_key(rank);
            Err(InputErrors(errors))
        }
    }
}

/// Parses the bytes of a `clients.csv` as [`load_problem`] reads it (`name` labels the
/// messages). For callers that hold the file in memory, and for fuzzing.
pub fn parse_clients(name: &Path, bytes: &[u8]) -> Result<Vec<Client>, InputErrors> {
    parse_csv(name, bytes, clients::parse).map(|r| r.clients)
}

/// Parses the bytes of a `managers.csv` as [`load_problem`] reads it (`name` labels the
/// messages).
pub fn parse_managers(name: &Path, bytes: &[u8]) -> Result<Vec<Manager>, InputErrors> {
    parse_csv(name, bytes, managers::parse).map(|r| r.managers)
}

/// Decodes a CSV file's bytes and parses its rows, with every problem found in the errors.
fn parse_csv<T>(
    name: &Path,
    bytes: &[u8],
    parse: impl FnOnce(&Path, &str, &mut Vec<InputError>) -> Option<T>,
) -> Result<T, InputErrors> {
    let mut errors = Vec::new();
    let rows = table::decode(name, bytes.to_vec())
        .map_err(|e| errors.push(e))
        .ok()
        .and_then(|text| parse(name, &text, &mut errors));
    match rows {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(InputErrors(errors)),
    }
}

/// Parses the bytes of a `policy.toml` as [`load_problem`] reads it (`name` labels the
/// messages; relative paths in the policy are resolved against its folder).
pub fn parse_policy(name: &Path, bytes: &[u8]) -> Result<Policy, InputErrors> {
    let mut errors = Vec::new();
    let read = table::decode(name, bytes.to_vec())
        .map_err(|e| errors.push(e))
        .ok()
        .and_then(|text| policy::parse(name, &text, &mut errors));
    match read {
        Some(r) if errors.is_empty() => Ok(r.policy),
        _ => Err(InputErrors(errors)),
    }
}

/// Builds the travel model the policy asks for: the default model ([`Crow`]: haversine ×
/// detour at a constant speed), or, with `[travel] matrix`, the matrix file's times over it
/// (pairs the file does not list fall back to the default model).
///
/// Matrix rows name places by client or manager id (a manager id means the manager's base);
/// an id that is both a client id and a manager id is refused on the row that uses it, rather
/// than guessed. Unknown ids, negative or non-numeric times and pairs listed twice are errors
/// naming the row.
///
/// With `[travel] roads`, travel times are shortest paths on the extract's car roads
/// ([`RoadTravel`]); the prepared graph is cached beside the file (or in the temp folder).
pub fn load_travel(problem: &Problem) -> Result<Box<dyn Travel>, InputErrors> {
    let cfg = &problem.policy.travel;
    if let Some(roads) = &cfg.roads {
        let travel = RoadTravel::load(roads, problem, cfg)
            .map_err(|e| InputError::file(e.path(), e.reason()))?;
        return Ok(Box::new(travel));
    }
    let crow = Crow::new(problem);
    match &cfg.matrix {
        None => Ok(Box::new(crow)),
        Some(file) => {
            let pairs = matrix::read(file, problem)?;
            Ok(Box::new(Matrix::new(crow, pairs)))
        }
    }
}

pub mod output;
mod report;
