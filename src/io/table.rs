//! A CSV file read as a header and rows of text cells, with the file-level checks every input
//! table shares: readable UTF-8 (a leading byte-order mark is dropped; CRLF line ends are fine),
//! a header, the required columns, rows no wider than the header, at least one data row.
//!
//! Columns are matched by name, ignoring case and surrounding spaces; unknown columns are
//! ignored. Cells are trimmed and an empty cell means "not given".

use super::cells;
use super::error::InputError;
use super::suggest;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The most rows a clients or managers file may have: far more than any region beatplan plans.
pub const MAX_ROWS: usize = 1_000_000;

/// What a table must hold: its `required` columns, the `known` ones (a known column given twice
/// is an error) and at most `max_rows` rows.
#[derive(Clone, Copy, Debug)]
pub struct Limits<'a> {
    pub required: &'a [&'a str],
    pub known: &'a [&'a str],
    pub max_rows: usize,
}

/// A read CSV file.
#[derive(Debug)]
pub struct Table {
    pub file: PathBuf,
    columns: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

/// One data row: its row number (the header is row 1) and its cells.
#[derive(Debug)]
pub struct Row {
    pub number: usize,
    cells: Vec<String>,
}

/// Reads the whole file as UTF-8 text without a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    let bytes = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "file not found; check the path".to_string(),
            _ => format!("cannot read the file ({e}); check the path and its permissions"),
        };
        InputError::file(path, why)
    })?;
    decode(path, bytes)
}

/// The bytes of `path` as UTF-8 text without a byte-order mark (the bytes are reused, not
/// copied: input files may be large).
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    let mut text = String::from_utf8(bytes).map_err(|e| {
        InputError::file(
            path,
            format!(
                "not UTF-8 text (bad byte at offset {}); save the file with UTF-8 encoding",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

impl Table {
    /// Reads `path`, checking that `required` columns exist and that there is at least one
    /// row and at most `max_rows`; `noun` names a row's thing in the plural ("clients").
    /// Problems go to `errors`; `None` when the file cannot be used at all.
    ///
    /// Rows past `max_rows` are still read (so that a file cut short is named as such) but not
    /// kept: a file far larger than any region must not exhaust memory before it is refused.
    pub fn read(
        path: &Path,
        limits: Limits,
        noun: &str,
        errors: &mut Vec<InputError>,
    ) -> Option<Table> {
        match read_text(path) {
            Ok(text) => Table::parse(path, &text, limits, noun, errors),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    }

    /// As [`Table::read`], for the text of a file (`path` names it in messages).
    pub fn parse(
        path: &Path,
        text: &str,
        limits: Limits,
        noun: &str,
        errors: &mut Vec<InputError>,
    ) -> Option<Table> {
        let Limits {
            required,
            known,
            max_rows,
        } = limits;
        let example = required.join(",");
        if text.trim().is_empty() {
            errors.push(InputError::file(
                path,
                format!(
                    "no {noun}: the file is empty; it needs a header row ({example},…) and one \
                     row per {}",
                    noun.trim_end_matches('s')
                ),
            ));
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                errors.push(InputError::file(
                    path,
                    format!("cannot read the header row: {e}"),
                ));
                return None;
            }
        };
        let mut columns: HashMap<String, usize> = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let key = name.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(first) = columns.get(&key) {
                if known.contains(&key.as_str()) {
                    errors.push(InputError::cell(
                        path,
                        1,
                        &key,
                        format!(
                            "column `{key}` appears twice (columns {} and {}); keep only one",
                            first + 1,
                            i + 1
                        ),
                    ));
                }
                continue;
            }
            columns.insert(key, i);
        }
        let mut usable = true;
        for col in required {
            if columns.contains_key(*col) {
                continue;
            }
            usable = false;
            let names: Vec<&str> = columns.keys().map(String::as_str).collect();
            let mut message = format!("missing required column `{col}`");
            if let Some(near) = suggest::closest(col, names.iter().copied()) {
                message.push_str(&format!("; the header has `{near}`: rename it to `{col}`"));
            } else if let Some(name) = other_delimiter(&header) {
                message.push_str(&format!(
                    "; the header looks {name}-separated: save the file with commas between columns"
                ));
            } else {
                message.push_str(&format!("; add a `{col}` column to the header row"));
            }
            errors.push(InputError::file(path, message));
        }
        if !usable {
            return None;
        }
        let width = header.len();
        let mut lines = LineCounter::new(text);
        let mut rows = Vec::new();
        let mut last = None;
        let mut beyond = 0; // rows past `max_rows`, read for their format but not kept
        for record in reader.records() {
            last = None; // only a last record that became a row is checked for a cut
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| lines.line_at(p.byte() as usize));
                    let message = format!("cannot read the row ({e}); check its quotes");
                    errors.push(match line {
                        Some(row) => InputError::row(path, row, message),
                        None => InputError::file(path, message),
                    });
                    continue;
                }
            };
            let number = match record.position() {
                Some(p) => lines.line_at(p.byte() as usize),
                None => rows.len() + 2,
            };
            if record.iter().all(|c| c.trim().is_empty()) {
                continue; // a blank spreadsheet row
            }
            if record.len() > width {
                errors.push(InputError::row(
                    path,
                    number,
                    format!(
                        "{} cells but the header has {width} columns; put cells that contain \
                         commas in double quotes, or add the missing column names",
                        record.len()
                    ),
                ));
                continue;
            }
            let start = record.position().map_or(0, |p| p.byte() as usize);
            let stored = rows.len() < max_rows;
            if stored {
                let cells = record.iter().map(|c| c.trim().to_string()).collect();
                rows.push(Row { number, cells });
            } else {
                beyond += 1;
            }
            last = Some((number, record.len(), start, stored));
        }
        if let Some((number, cells, start, stored)) = last {
            if let Some(message) = cut_short(text, start, cells, width) {
                if stored {
                    rows.pop();
                }
                errors.push(InputError::row(path, number, message));
            }
        }
        if beyond > 0 {
            errors.push(InputError::file(
                path,
                format!(
                    "{} {noun}: more than the {max_rows} beatplan reads from one file; split \
                     the region into smaller ones",
                    max_rows + beyond
                ),
            ));
            return None;
        }
        if rows.is_empty() {
            errors.push(InputError::file(
                path,
                format!(
                    "no {noun}: the file has a header but no rows; add one row per {}",
                    noun.trim_end_matches('s')
                ),
            ));
            return None;
        }
        Some(Table {
            file: path.to_path_buf(),
            columns,
            rows,
        })
    }

    /// The trimmed cell of `column`, `None` when the column is absent or the cell empty.
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        let i = *self.columns.get(column)?;
        row.cells
            .get(i)
            .map(String::as_str)
            .filter(|c| !c.is_empty())
    }
}

/// The delimiter a one-column header seems to use instead of commas, named for a message.
fn other_delimiter(header: &csv::StringRecord) -> Option<&'static str> {
    if header.len() != 1 {
        return None;
    }
    let h = header.get(0)?;
    [(';', "`;`"), ('\t', "tab"), ('|', "`|`")]
        .into_iter()
        .find(|(c, _)| h.contains(*c))
        .map(|(_, name)| name)
}

/// Why the last row (`cells` cells, starting at byte `start`) looks cut short, if it does: the
/// file ends without a line end, inside a quoted cell or before the row has every column. A file
/// cut in the middle (an interrupted copy or download) ends like this; reading its last row as
/// given would plan with a wrong value or report a confusing one.
fn cut_short(text: &str, start: usize, cells: usize, width: usize) -> Option<String> {
    if text.ends_with(['\n', '\r']) {
        return None;
    }
    let raw = text.get(start..).unwrap_or("");
    let why = if raw.matches('"').count() % 2 == 1 {
        "ends inside a quoted cell".to_string()
    } else if cells < width {
        format!("has {cells} of the header's {width} cells")
    } else {
        return None;
    };
    Some(format!(
        "the file ends in the middle of this row: it {why} and no line end follows, so the file \
         looks cut short; copy or export it again (if the row is complete, end it with a line \
         break)"
    ))
}

/// Line numbers of byte offsets, counted forwards only (offsets come in increasing order).
///
/// The csv crate's own line count skips blank lines and miscounts CRLF ends, so the line a row
/// starts on is counted here from its byte offset: the offset the reader reports is where it
/// started looking, which may be just before the line ends of blank lines.
struct LineCounter<'t> {
    text: &'t [u8],
    byte: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, mut byte: usize) -> usize {
        while byte < self.text.len() && matches!(self.text[byte], b'\r' | b'\n') {
            byte += 1;
        }
        let byte = byte.max(self.byte).min(self.text.len());
        self.line += self.text[self.byte..byte]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.byte = byte;
        self.line
    }
}

/// Reads the cells of one row, collecting problems with the file, row and column named.
pub struct Cells<'a> {
    pub table: &'a Table,
    pub row: &'a Row,
    pub errors: &'a mut Vec<InputError>,
}

impl<'a> Cells<'a> {
    pub fn text(&self, column: &str) -> Option<String> {
        self.table.get(self.row, column).map(str::to_string)
    }

    /// Reports a problem with a cell of this row.
    pub fn error(&mut self, column: &str, message: impl Into<String>) {
        self.errors.push(InputError::cell(
            &self.table.file,
            self.row.number,
            column,
            message,
        ));
    }

    /// A cell that must be given; `what` says what to put there.
    /// The row's `id`, reported when missing or already used by an earlier row (`seen` maps
    /// ids to the row that first used them; `what` is `client` or `manager`).
    pub fn unique_id(
        &mut self,
        seen: &mut std::collections::HashMap<String, usize>,
        what: &str,
    ) -> Option<String> {
        let id = self.required("id", &format!("give each {what} a unique id"))?;
        if let Some(first) = seen.get(&id) {
            let message = format!(
                "duplicate id `{id}`: rows {first} and {} both use it; give each {what} its own id",
                self.row.number
            );
            self.error("id", message);
        } else {
            seen.insert(id.clone(), self.row.number);
        }
        Some(id)
    }

    pub fn required(&mut self, column: &str, what: &str) -> Option<String> {
        let v = self.text(column);
        if v.is_none() {
            self.error(column, format!("missing value; {what}"));
        }
        v
    }

    /// Parses a cell when given; a parse problem is reported and gives `None`.
    pub fn parse<T>(&mut self, column: &str, f: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let text = self.table.get(self.row, column)?;
        match f(text) {
            Ok(v) => Some(v),
            Err(message) => {
                self.error(column, message);
                None
            }
        }
    }

    /// A required coordinate in `[-limit, limit]` degrees.
    pub fn coordinate(&mut self, column: &str, limit: f64) -> Option<f64> {
        let axis = if limit < 100.0 {
            "latitude"
        } else {
            "longitude"
        };
        self.required(
            column,
            &format!("give the {axis} in decimal degrees (WGS84)"),
        )?;
        let v = self.parse(column, cells::number)?;
        if !(-limit..=limit).contains(&v) {
            // A latitude beyond 90 next to a longitude that would be a fine latitude: swapped.
            let other = self
                .table
                .get(self.row, "lon")
                .and_then(|t| cells::number(t).ok());
            let swap =
                if limit < 100.0 && v.abs() <= 180.0 && other.is_some_and(|o| o.abs() <= 90.0) {
                    " (are lat and lon swapped?)"
                } else {
                    ""
                };
            self.error(
                column,
                format!(
                    "{v} is out of range{swap}; a {axis} lies between -{limit} and {limit} degrees"
                ),
            );
            return None;
        }
        Some(v)
    }

    /// A `;`-separated list, `None` when not given or only separators.
    pub fn list(&self, column: &str) -> Option<Vec<String>> {
        self.table
            .get(self.row, column)
            .map(cells::list)
            .filter(|l| !l.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn table(text: &[u8]) -> (Option<Table>, Vec<InputError>) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text).unwrap();
        let mut errors = Vec::new();
        let limits = Limits {
            required: &["id", "lat"],
            known: &["id", "lat", "name"],
            max_rows: 3,
        };
        let t = Table::read(f.path(), limits, "clients", &mut errors);
        (t, errors)
    }

    #[test]
    fn reads_bom_crlf_any_order_and_case() {
        let (t, errors) = table(b"\xef\xbb\xbfLat , ID,extra\r\n1.5,a,x\r\n\r\n2,b,y\r\n");
        assert!(errors.is_empty(), "{errors:?}");
        let t = t.unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.get(&t.rows[0], "id"), Some("a"));
        assert_eq!(t.get(&t.rows[1], "lat"), Some("2"));
        assert_eq!(t.rows[0].number, 2);
        assert_eq!(t.rows[1].number, 4, "row numbers follow the file's lines");
    }

    #[test]
    fn reports_missing_columns_and_empty_files() {
        let (t, errors) = table(b"id,latt\nA,1\n");
        assert!(t.is_none());
        assert!(errors[0].message().contains("`lat`") && errors[0].message().contains("`latt`"));
        let (_, errors) = table(b"id;lat\nA;1\n");
        assert!(errors[0].message().contains("`;`-separated"));
        let (_, errors) = table(b"");
        assert!(errors[0].message().starts_with("no clients"));
        let (_, errors) = table(b"id,lat\n");
        assert!(errors[0].message().starts_with("no clients"));
    }

    #[test]
    fn reports_wide_rows_and_short_rows_read_as_empty() {
        let (t, errors) = table(b"id,lat,name\nA,1,x,y\nB,2\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].row_number(), Some(2));
        let t = t.unwrap();
        assert_eq!(t.get(&t.rows[0], "id"), Some("B"));
        assert_eq!(t.get(&t.rows[0], "name"), None);
    }

    #[test]
    fn reports_files_that_are_not_utf8() {
        let (t, errors) = table(b"id,lat\nM\xfcller,1\n");
        assert!(t.is_none());
        assert!(errors[0].message().contains("not UTF-8"), "{}", errors[0]);
    }

    #[test]
    fn reports_a_last_row_cut_short() {
        let (t, errors) = table(b"id,lat,name\nA,1,x\nB,2,y\nC,3");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].row_number(), Some(4));
        assert!(errors[0].message().contains("2 of the header's 3 cells"));
        assert_eq!(t.unwrap().rows.len(), 2, "the cut row is not read");
        let (_, errors) = table(b"id,lat,name\nA,1,\"x, y");
        assert!(
            errors[0].message().contains("inside a quoted cell"),
            "{errors:?}"
        );
        // A complete last row without a line end, or a short one with it, is fine.
        let (_, errors) = table(b"id,lat,name\nA,1,x\nB,2,y");
        assert!(errors.is_empty(), "{errors:?}");
        let (_, errors) = table(b"id,lat,name\nA,1\r\n");
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn refuses_more_rows_than_the_limit_and_still_names_a_cut() {
        let (t, errors) = table(b"id,lat\nA,1\nB,2\nC,3\nD,4\nE");
        assert!(t.is_none());
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].row_number(), Some(6));
        assert!(errors[1]
            .message()
            .starts_with("5 clients: more than the 3"));
    }

    #[test]
    fn names_other_delimiters() {
        let (_, errors) = table(b"id\tlat\nA\t1\n");
        assert!(errors[0].message().contains("tab-separated"), "{errors:?}");
        let (_, errors) = table(b"id|lat\nA|1\n");
        assert!(errors[0].message().contains("`|`-separated"), "{errors:?}");
    }

    #[test]
    fn reports_duplicate_known_columns() {
        let (_, errors) = table(b"id,lat,id\nA,1,B\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message().contains("appears twice"));
    }
}
