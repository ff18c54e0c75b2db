//! Typed access to TOML tables that reports problems by dotted key path.
//!
//! Every getter checks the value's type and pushes a [`InputError::Key`] naming the full key
//! (`visits[2].match.team`) when it is wrong; it never stops at the first problem.

use super::error::InputError;
use super::suggest;
use std::path::Path;
use toml::{Table, Value};

/// Reads values from the tables of one TOML file, collecting problems.
pub struct Keys<'a> {
    pub file: &'a Path,
    pub errors: &'a mut Vec<InputError>,
}

/// `prefix.key`, quoting `key` when it is not a bare TOML key (e.g. `hybrid."Old Town"`).
pub fn path(prefix: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if prefix.is_empty() {
        key
    } else {
        format!("{prefix}.{key}")
    }
}

/// How a TOML value's type reads in a message.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "text",
        Value::Integer(_) => "a whole number",
        Value::Float(_) => "a decimal number",
        Value::Boolean(_) => "true/false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

impl Keys<'_> {
    pub fn error(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.errors.push(InputError::key(self.file, key, message));
    }

    /// Reports every key of `table` not in `known`, suggesting the closest known key, or the
    /// table where the key belongs (`elsewhere`: key → where it goes).
    pub fn unknown(
        &mut self,
        table: &Table,
        prefix: &str,
        known: &[&str],
        elsewhere: &[(&str, &str)],
    ) {
        for key in table.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let near = suggest::closest(key, known.iter().copied());
            let fix = match (near, elsewhere.iter().find(|(k, _)| k == key)) {
                (Some(k), _) => format!("did you mean `{k}`?"),
                (None, Some((_, place))) => format!("`{key}` belongs {place}"),
                (None, None) => format!("remove it; known keys here: {}", known.join(", ")),
            };
            self.error(path(prefix, key), format!("unknown key; {fix}"));
        }
    }

    fn wrong_type(&mut self, key: String, v: &Value, want: &str) {
        self.error(key, format!("is {}; it must be {want}", kind(v)));
    }

    pub fn string(&mut self, t: &Table, prefix: &str, key: &str) -> Option<String> {
        match t.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            v => {
                self.wrong_type(path(prefix, key), v, "text in double quotes");
                None
            }
        }
    }

    pub fn number(&mut self, t: &Table, prefix: &str, key: &str) -> Option<f64> {
        match t.get(key)? {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(f) if f.is_finite() => Some(*f),
            Value::Float(_) => {
                self.error(
                    path(prefix, key),
                    "is not a finite number; write a number such as 1.5",
                );
                None
            }
            v => {
                self.wrong_type(path(prefix, key), v, "a number (without quotes)");
                None
            }
        }
    }

    pub fn integer(&mut self, t: &Table, prefix: &str, key: &str) -> Option<i64> {
        match t.get(key)? {
            Value::Integer(i) => Some(*i),
            v => {
                self.wrong_type(path(prefix, key), v, "a whole number (without quotes)");
                None
            }
        }
    }

    /// A whole number in `[min, max]`; `what` explains it in the message.
    pub fn integer_in(
        &mut self,
        t: &Table,
        prefix: &str,
        key: &str,
        (min, max): (i64, i64),
        what: &str,
    ) -> Option<i64> {
        let v = self.integer(t, prefix, key)?;
        if v < min || v > max {
            self.error(
                path(prefix, key),
                format!("{v} is out of range; {what} must be between {min} and {max}"),
            );
            return None;
        }
        Some(v)
    }

    pub fn boolean(&mut self, t: &Table, prefix: &str, key: &str) -> Option<bool> {
        match t.get(key)? {
            Value::Boolean(b) => Some(*b),
            v => {
                self.wrong_type(path(prefix, key), v, "true or false (without quotes)");
                None
            }
        }
    }

    pub fn table<'t>(&mut self, t: &'t Table, prefix: &str, key: &str) -> Option<&'t Table> {
        match t.get(key)? {
            Value::Table(inner) => Some(inner),
            v => {
                self.wrong_type(
                    path(prefix, key),
                    v,
                    &format!("a table: write a `[{key}]` header or `{key} = {{ … }}`"),
                );
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), each with its 1-based key path `key[i]`.
    pub fn tables<'t>(&mut self, t: &'t Table, key: &str) -> Vec<(String, &'t Table)> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.wrong_type(
                key.to_string(),
                v,
                &format!("a list of tables: write each one under a `[[{key}]]` header"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let name = format!("{key}[{}]", i + 1);
            match item {
                Value::Table(inner) => out.push((name, inner)),
                other => self.wrong_type(name, other, "a table"),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_keys_that_are_not_bare() {
        assert_eq!(path("", "mode"), "mode");
        assert_eq!(path("travel", "speed_kmh"), "travel.speed_kmh");
        assert_eq!(path("hybrid", "Old Town"), "hybrid.\"Old Town\"");
    }

    #[test]
    fn reports_unknown_keys_and_types() {
        let t: Table = "per_weeks = 1\nspeed_kmh = 3\ncolour = 2\nminutes = \"20\""
            .parse()
            .unwrap();
        let file = Path::new("p.toml");
        let mut errors = Vec::new();
        let mut k = Keys {
            file,
            errors: &mut errors,
        };
        k.unknown(
            &t,
            "visits[1]",
            &["per_week", "minutes"],
            &[("speed_kmh", "in [travel]")],
        );
        assert_eq!(k.number(&t, "visits[1]", "minutes"), None);
        assert_eq!(k.number(&t, "visits[1]", "absent"), None);
        let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("`visits[1].per_weeks`")
                    && m.contains("did you mean `per_week`?"))
        );
        assert!(msgs
            .iter()
            .any(|m| m.contains("`visits[1].speed_kmh`") && m.contains("[travel]")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("`visits[1].colour`") && m.contains("known keys")));
        assert!(msgs
            .iter()
            .any(|m| m.contains("`visits[1].minutes`") && m.contains("is text")));
        assert_eq!(msgs.len(), 4);
    }
}
