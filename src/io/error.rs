//! Input errors: each names the file, the row or key, what is wrong and how to fix it.

use std::fmt;
use std::path::PathBuf;

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InputError {
    /// A file cannot be read or parsed as a whole.
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
    /// A CSV cell (row counts from 1 at the header, so the first data row is 2).
    #[error("{}: row {row}, column `{column}`: {message}", file.display())]
    Cell {
        file: PathBuf,
        row: usize,
        column: String,
        message: String,
    },
    /// A TOML key (dotted path, e.g. `visits[2].per_week`).
    #[error("{}: key `{key}`: {message}", file.display())]
    Key {
        file: PathBuf,
        key: String,
        message: String,
    },
}

/// All problems found in the inputs, in file order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}
