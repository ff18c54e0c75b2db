//! Reader for Solomon (1987) VRPTW instances: a name line, `VEHICLE` with `NUMBER CAPACITY`,
//! then `CUSTOMER` with one line per node `no x y demand ready due service`; node 0 is the
//! depot, whose `due` is the latest return.

use std::path::{Path, PathBuf};

/// One node of a Solomon file (node 0 is the depot).
#[derive(Clone, Debug, PartialEq)]
pub struct SolomonNode {
    /// The number in the file.
    pub id: u32,
    pub x: f64,
    pub y: f64,
    pub demand: i64,
    pub ready: f64,
    pub due: f64,
    pub service: f64,
}

/// A parsed Solomon instance.
#[derive(Clone, Debug, PartialEq)]
pub struct SolomonInstance {
    pub name: String,
    pub vehicles: usize,
    pub capacity: i64,
    /// The depot first, then the customers in file order.
    pub nodes: Vec<SolomonNode>,
}

/// Why a Solomon file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SolomonError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("{0}")]
    Structure(String),
}

/// Reads and parses a Solomon file.
pub fn read_solomon(path: &Path) -> Result<SolomonInstance, SolomonError> {
    let text = std::fs::read_to_string(path).map_err(|source| SolomonError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_solomon(&text)
}

fn numbers(
    line: &str,
    lineno: usize,
    expected: usize,
    what: &str,
) -> Result<Vec<f64>, SolomonError> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.len() != expected {
        return Err(SolomonError::Line {
            line: lineno,
            message: format!(
                "expected {expected} numbers ({what}), found {} fields",
                fields.len()
            ),
        });
    }
    fields
        .iter()
        .map(|f| {
            f.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| SolomonError::Line {
                    line: lineno,
                    message: format!("`{f}` is not a number ({what})"),
                })
        })
        .collect()
}

/// Parses the text of a Solomon file.
pub fn parse_solomon(text: &str) -> Result<SolomonInstance, SolomonError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    let name = lines
        .by_ref()
        .find(|(_, l)| !l.is_empty())
        .map(|(_, l)| l.to_string())
        .ok_or_else(|| SolomonError::Structure("empty file".into()))?;
    let mut vehicles = None;
    let mut nodes: Vec<SolomonNode> = Vec::new();
    let mut section = "";
    for (no, line) in lines {
        let upper = line.to_ascii_uppercase();
        if line.is_empty() {
            continue;
        } else if upper.starts_with("VEHICLE") {
            section = "vehicle";
        } else if upper.starts_with("CUSTOMER") {
            section = "customer";
        } else if upper.starts_with("NUMBER") || upper.starts_with("CUST") {
            // Column headers.
        } else if section == "vehicle" {
            let v = numbers(line, no, 2, "NUMBER CAPACITY")?;
            if v[0] < 1.0 || v[0].fract() != 0.0 || v[1] < 0.0 || v[1].fract() != 0.0 {
                return Err(SolomonError::Line {
                    line: no,
                    message:
                        "vehicle number must be a positive integer and capacity a whole number"
                            .into(),
                });
            }
            vehicles = Some((v[0] as usize, v[1] as i64));
        } else if section == "customer" {
            let v = numbers(line, no, 7, "no x y demand ready due service")?;
            let bad = |m: &str| {
                Err(SolomonError::Line {
                    line: no,
                    message: m.to_string(),
                })
            };
            if v[0] < 0.0 || v[0].fract() != 0.0 || v[3].fract() != 0.0 || v[3] < 0.0 {
                return bad("node number and demand must be non-negative integers");
            }
            if v[4] > v[5] {
                return bad("ready time is after due date");
            }
            if v[6] < 0.0 {
                return bad("negative service time");
            }
            if v[0] as usize != nodes.len() {
                return bad(&format!("expected node number {}", nodes.len()));
            }
            nodes.push(SolomonNode {
                id: v[0] as u32,
                x: v[1],
                y: v[2],
                demand: v[3] as i64,
                ready: v[4],
                due: v[5],
                service: v[6],
            });
        } else {
            return Err(SolomonError::Line {
                line: no,
                message: format!("unexpected line `{line}`"),
            });
        }
    }
    let (vehicles, capacity) =
        vehicles.ok_or_else(|| SolomonError::Structure("no VEHICLE section".into()))?;
    if nodes.is_empty() {
        return Err(SolomonError::Structure(
            "no CUSTOMER section with a depot".into(),
        ));
    }
    Ok(SolomonInstance {
        name,
        vehicles,
        capacity,
        nodes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "T1\n\nVEHICLE\nNUMBER     CAPACITY\n  2         10\n\nCUSTOMER\n\
        CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n\
        0 0 0 0 0 100 0\n1 3 4 5 0 50 1\n";

    #[test]
    fn parses_a_tiny_file() {
        let inst = parse_solomon(TINY).expect("valid");
        assert_eq!(inst.name, "T1");
        assert_eq!((inst.vehicles, inst.capacity), (2, 10));
        assert_eq!(inst.nodes.len(), 2);
        assert_eq!(inst.nodes[1].x, 3.0);
    }

    #[test]
    fn bad_number_names_the_line() {
        let text = TINY.replace("1 3 4 5 0 50 1", "1 3 x 5 0 50 1");
        match parse_solomon(&text) {
            Err(SolomonError::Line { line, .. }) => assert_eq!(line, 11),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn missing_vehicle_section_is_refused() {
        let text = "T\nCUSTOMER\n0 0 0 0 0 100 0\n";
        assert!(matches!(
            parse_solomon(text),
            Err(SolomonError::Structure(_))
        ));
    }
}
