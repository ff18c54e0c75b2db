//! Input errors: each names the file, the row or key, what is wrong and how to fix it.
//!
//! Messages are written for the person who edits the file: the first part says what is wrong,
//! the part after `;` says what would fix it. A CSV row is numbered by the line it starts on,
//! the header being row 1 (so the first data row is row 2, and blank lines count, as a
//! spreadsheet or text editor shows them). TOML keys are dotted paths; arrays of tables
//! are numbered from 1 in file order, so `visits[1]` is the first `[[visits]]` table.

use std::fmt;
use std::path::{Path, PathBuf};

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
    /// A whole CSV row (e.g. more cells than the header has columns).
    #[error("{}: row {row}: {message}", file.display())]
    Row {
        file: PathBuf,
        row: usize,
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

impl InputError {
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        InputError::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn cell(file: &Path, row: usize, column: &str, message: impl Into<String>) -> Self {
        InputError::Cell {
            file: file.to_path_buf(),
            row,
            column: column.to_string(),
            message: message.into(),
        }
    }

    pub fn row(file: &Path, row: usize, message: impl Into<String>) -> Self {
        InputError::Row {
            file: file.to_path_buf(),
            row,
            message: message.into(),
        }
    }

    pub fn key(file: &Path, key: impl Into<String>, message: impl Into<String>) -> Self {
        InputError::Key {
            file: file.to_path_buf(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// The file the problem is in.
    pub fn path(&self) -> &Path {
        match self {
            InputError::File { file, .. }
            | InputError::Cell { file, .. }
            | InputError::Row { file, .. }
            | InputError::Key { file, .. } => file,
        }
    }

    /// The CSV row, when the problem is in one.
    pub fn row_number(&self) -> Option<usize> {
        match self {
            InputError::Cell { row, .. } | InputError::Row { row, .. } => Some(*row),
            _ => None,
        }
    }

    /// The message without the location.
    pub fn message(&self) -> &str {
        match self {
            InputError::File { message, .. }
            | InputError::Cell { message, .. }
            | InputError::Row { message, .. }
            | InputError::Key { message, .. } => message,
        }
    }
}

/// All problems found in the inputs, in file order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, InputError> {
        self.0.iter()
    }
}

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

impl<'a> IntoIterator for &'a InputErrors {
    type Item = &'a InputError;
    type IntoIter = std::slice::Iter<'a, InputError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}
