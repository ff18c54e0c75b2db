//! A travel-time matrix file (`[travel] matrix`): rows `from,to,seconds[,meters]`.
//!
//! `from` and `to` are client or manager ids (a manager id stands for the manager's base).
//! An id that is both a client id and a manager id is refused on the row that uses it: the
//! file could mean either place, and guessing would silently plan with wrong times — rename one
//! of them. `seconds` and `meters` are numbers >= 0, rounded to whole units; a pair listed twice
//! is an error naming both rows. Pairs the file does not list use the default model.

use super::cells;
use super::error::InputErrors;
use super::table::{Cells, Limits, Table};
use crate::model::{Meters, Place, Problem, Seconds};
use std::collections::HashMap;
use std::path::Path;

/// Travel legs by place pair, as [`crate::travel::Matrix::new`] takes them.
pub type Pairs = HashMap<(Place, Place), (Seconds, Option<Meters>)>;

const LIMITS: Limits = Limits {
    required: &REQUIRED,
    known: &KNOWN,
    max_rows: usize::MAX,
};
const REQUIRED: [&str; 3] = ["from", "to", "seconds"];
const KNOWN: [&str; 4] = ["from", "to", "seconds", "meters"];

/// Reads the matrix file of `problem`'s policy, collecting every problem.
pub fn read(path: &Path, problem: &Problem) -> Result<Pairs, InputErrors> {
    let mut errors = Vec::new();
    let Some(table) = Table::read(path, LIMITS, "travel times", &mut errors) else {
        return Err(InputErrors(errors));
    };
    let mut pairs: Pairs = HashMap::with_capacity(table.rows.len());
    let mut first_row: HashMap<(Place, Place), usize> = HashMap::new();
    for row in &table.rows {
        let mut cells = Cells {
            table: &table,
            row,
            errors: &mut errors,
        };
        let from = place(&mut cells, "from", problem);
        let to = place(&mut cells, "to", problem);
        let seconds = cells
            .required("seconds", "give the travel time in seconds")
            .and_then(|_| amount(&mut cells, "seconds"));
        let meters = amount(&mut cells, "meters");
        let (Some(from), Some(to), Some(seconds)) = (from, to, seconds) else {
            continue;
        };
        if let Some(first) = first_row.get(&(from, to)) {
            cells.error(
                "to",
                format!(
                    "the pair is listed twice: rows {first} and {} give travel from `{}` to `{}`; \
                     keep one row per pair",
                    row.number,
                    cells.text("from").unwrap_or_default(),
                    cells.text("to").unwrap_or_default()
                ),
            );
            continue;
        }
        first_row.insert((from, to), row.number);
        pairs.insert((from, to), (seconds, meters));
    }
    if errors.is_empty() {
        Ok(pairs)
    } else {
        Err(InputErrors(errors))
    }
}

/// A required id that names exactly one client or manager.
fn place(cells: &mut Cells, column: &str, problem: &Problem) -> Option<Place> {
    let id = cells.required(column, "give a client or manager id")?;
    match (problem.client_by_id(&id), problem.manager_by_id(&id)) {
        (Some(c), None) => Some(Place::Client(c)),
        (None, Some(m)) => Some(Place::Base(m)),
        (Some(_), Some(_)) => {
            cells.error(
                column,
                format!(
                    "`{id}` is both a client id and a manager id, so the row could mean either \
                     place; rename the client or the manager so that ids are unique across both \
                     files"
                ),
            );
            None
        }
        (None, None) => {
            // No "did you mean": ids like c1 and c7 are one edit apart and both plausible.
            cells.error(
                column,
                format!(
                    "unknown id `{id}`: no client or manager has it; use ids from the clients \
                     and managers files"
                ),
            );
            None
        }
    }
}

/// A number >= 0 rounded to a whole amount; `None` when absent or bad (bad is reported).
fn amount(cells: &mut Cells, column: &str) -> Option<i64> {
    let v = cells.parse(column, cells::number)?;
    if v < 0.0 {
        cells.error(
            column,
            format!("{v} is negative; travel {column} are 0 or more"),
        );
        return None;
    }
    Some(v.round() as i64)
}
