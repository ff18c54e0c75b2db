//! Cordeau's periodic VRP instances (Cordeau, Gendreau & Laporte 1997, *Networks* 30:105–119):
//! reader and an independent checker of solutions.
//!
//! Visit patterns are stored with bit `k` = day `k` (0-based). The file writes each pattern as a
//! `t`-digit binary number read from the left (day 0 is the most significant of the `t` bits);
//! see `fixtures/pvrp/README.md`.

use std::path::{Path, PathBuf};

/// A reading error naming the file and line.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}: line {line}: {message}", file.display())]
pub struct CordeauError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

/// One customer (node 1..n).
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpCustomer {
    pub id: usize,
    pub x: f64,
    pub y: f64,
    pub service: f64,
    pub demand: f64,
    /// Visits in the horizon (the number of days of every pattern).
    pub visits: u32,
    /// Allowed day sets, bit `k` = day `k`.
    pub patterns: Vec<u32>,
}

/// A periodic VRP instance.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpInstance {
    pub name: String,
    /// Vehicles available each day.
    pub vehicles: usize,
    pub days: usize,
    pub capacity: f64,
    /// Longest route duration (travel + service); `None` when unlimited (D = 0).
    pub max_duration: Option<f64>,
    pub depot: (f64, f64),
    pub customers: Vec<PvrpCustomer>,
}

impl PvrpInstance {
    /// Coordinates of node `i` (0 = depot).
    pub fn xy(&self, node: usize) -> (f64, f64) {
        if node == 0 {
            self.depot
        } else {
            let c = &self.customers[node - 1];
            (c.x, c.y)
        }
    }

    /// Euclidean distance in double precision.
    pub fn dist(&self, a: usize, b: usize) -> f64 {
        let (ax, ay) = self.xy(a);
        let (bx, by) = self.xy(b);
        ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt()
    }
}

/// Converts a pattern code of the file to a day mask (bit k = day k).
pub fn pattern_mask(code: u32, days: usize) -> u32 {
    (0..days)
        .filter(|&k| (code >> (days - 1 - k)) & 1 == 1)
        .fold(0, |m, k| m | (1 << k))
}

/// Reads an instance file.
pub fn read(path: &Path) -> Result<PvrpInstance, CordeauError> {
    let text = std::fs::read_to_string(path).map_err(|e| CordeauError {
        file: path.to_path_buf(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse(&text, &name).map_err(|(line, message)| CordeauError {
        file: path.to_path_buf(),
        line,
        message,
    })
}

/// Parses instance text; errors carry the 1-based line.
pub fn parse(text: &str, name: &str) -> Result<PvrpInstance, (usize, String)> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, t)| !t.is_empty());
    let num = |line: usize, t: &str| -> Result<f64, (usize, String)> {
        t.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or((line, format!("`{t}` is not a number")))
    };
    let count = |line: usize, t: &str, what: &str| -> Result<usize, (usize, String)> {
        t.parse::<usize>()
            .map_err(|_| (line, format!("{what} `{t}` is not a whole number")))
    };
    let (l1, head) = lines.next().ok_or((1, "empty file".to_string()))?;
    if head.len() < 4 {
        return Err((l1, "first line must be `type m n t`".into()));
    }
    let kind = count(l1, head[0], "type")?;
    if kind != 1 {
        return Err((l1, format!("problem type {kind} is not a periodic VRP (1)")));
    }
    let vehicles = count(l1, head[1], "m")?;
    let n = count(l1, head[2], "n")?;
    let days = count(l1, head[3], "t")?;
    if days == 0 || days > 31 {
        return Err((l1, format!("t = {days} days is outside 1..=31")));
    }
    let mut capacity = 0.0;
    let mut max_duration = None;
    for _ in 0..days {
        let (l, t) = lines
            .next()
            .ok_or((l1, "missing a `D Q` day line".to_string()))?;
        if t.len() < 2 {
            return Err((l, "day line must be `D Q`".into()));
        }
        let d = num(l, t[0])?;
        capacity = num(l, t[1])?;
        if d > 0.0 {
            max_duration = Some(d);
        }
    }
    let (ld, depot) = lines
        .next()
        .ok_or((l1, "missing the depot line".to_string()))?;
    if depot.len() < 3 {
        return Err((ld, "depot line must be `0 x y ...`".into()));
    }
    let depot_xy = (num(ld, depot[1])?, num(ld, depot[2])?);
    // `n` comes from the file: a customer line has at least 14 bytes, so a file of `len` bytes
    // holds fewer than `len / 14` of them (found by fuzzing: n = 612012081 exhausted memory).
    let mut customers = Vec::with_capacity(n.min(text.len() / 14));
    for id in 1..=n {
        let (l, t) = lines
            .next()
            .ok_or((ld, format!("missing the line of customer {id} (n = {n})")))?;
        if t.len() < 7 {
            return Err((l, "customer line must be `i x y d q f a c_1 .. c_a`".into()));
        }
        let f = count(l, t[5], "f")?;
        let a = count(l, t[6], "a")?;
        // Compared without `7 + a`, which overflows for a huge `a`.
        if a > t.len() - 7 {
            return Err((l, format!("{a} patterns announced, {} given", t.len() - 7)));
        }
        let mut patterns = Vec::with_capacity(a);
        for code in &t[7..7 + a] {
            let code = count(l, code, "pattern")? as u32;
            if code == 0 || code >= (1 << days) {
                return Err((l, format!("pattern {code} is not a set of {days} days")));
            }
            patterns.push(pattern_mask(code, days));
        }
        if patterns.is_empty() {
            return Err((l, "a customer needs at least one pattern".into()));
        }
        // p11's customer 131 says f = 0 but lists one-day patterns: trust the patterns.
        let visits = if f == 0 {
            patterns[0].count_ones()
        } else {
            f as u32
        };
        patterns.retain(|p| p.count_ones() == visits);
        if patterns.is_empty() {
            return Err((l, format!("no pattern has f = {f} days")));
        }
        customers.push(PvrpCustomer {
            id,
            x: num(l, t[1])?,
            y: num(l, t[2])?,
            service: num(l, t[3])?,
            demand: num(l, t[4])?,
            visits,
            patterns,
        });
    }
    Ok(PvrpInstance {
        name: name.to_string(),
        vehicles,
        days,
        capacity,
        max_duration,
        depot: depot_xy,
        customers,
    })
}

/// A route of a solution: customers (1..n) on one day.
#[derive(Clone, Debug, PartialEq)]
pub struct PvrpRoute {
    pub day: usize,
    pub stops: Vec<usize>,
}

/// Checks a solution independently of any solver: every customer visited on exactly the days
/// of one of its patterns, at most `m` routes a day, capacity and duration. Returns the total
/// distance and the list of violations.
pub fn check(inst: &PvrpInstance, routes: &[PvrpRoute]) -> (f64, Vec<String>) {
    let n = inst.customers.len();
    let mut days_of = vec![0u32; n + 1];
    let mut count = vec![0u32; n + 1];
    let mut per_day = vec![0usize; inst.days];
    let mut errors = Vec::new();
    let mut cost = 0.0;
    for r in routes {
        if r.day >= inst.days {
            errors.push(format!("route on day {} outside 0..{}", r.day, inst.days));
            continue;
        }
        if r.stops.is_empty() {
            continue;
        }
        per_day[r.day] += 1;
        let mut prev = 0;
        let mut load = 0.0;
        let mut duration = 0.0;
        for &s in &r.stops {
            if s == 0 || s > n {
                errors.push(format!("day {}: stop {s} is not a customer", r.day));
                continue;
            }
            let c = &inst.customers[s - 1];
            cost += inst.dist(prev, s);
            duration += inst.dist(prev, s) + c.service;
            load += c.demand;
            days_of[s] |= 1 << r.day;
            count[s] += 1;
            prev = s;
        }
        cost += inst.dist(prev, 0);
        duration += inst.dist(prev, 0);
        if load > inst.capacity + 1e-9 {
            errors.push(format!(
                "day {}: load {load} exceeds capacity {}",
                r.day, inst.capacity
            ));
        }
        if let Some(d) = inst.max_duration {
            if duration > d + 1e-6 {
                errors.push(format!("day {}: duration {duration:.3} exceeds {d}", r.day));
            }
        }
    }
    for (d, &k) in per_day.iter().enumerate() {
        if k > inst.vehicles {
            errors.push(format!(
                "day {d}: {k} routes, only {} vehicles",
                inst.vehicles
            ));
        }
    }
    for c in &inst.customers {
        if count[c.id] != c.visits || !c.patterns.contains(&days_of[c.id]) {
            errors.push(format!(
                "customer {}: visited on days {:0w$b} ({} visits), not one of its patterns",
                c.id,
                days_of[c.id].reverse_bits() >> (32 - inst.days),
                count[c.id],
                w = inst.days
            ));
        }
    }
    (cost, errors)
}

/// Reads a Cordeau solution file (`.res`): the printed total and the routes (days 1-based in
/// the file, 0-based here). Empty routes (`0 0`) are skipped.
pub fn read_solution(text: &str) -> Option<(f64, Vec<PvrpRoute>)> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let total = lines.next()?.parse::<f64>().ok()?;
    let mut routes = Vec::new();
    for l in lines {
        let t: Vec<usize> = l
            .split_whitespace()
            .enumerate()
            .filter(|(i, _)| *i != 2 && *i != 3)
            .map(|(_, v)| v.parse::<usize>().ok())
            .collect::<Option<_>>()?;
        let stops: Vec<usize> = t[2..].iter().copied().filter(|&s| s != 0).collect();
        if !stops.is_empty() {
            routes.push(PvrpRoute {
                day: t[0] - 1,
                stops,
            });
        }
    }
    Some((total, routes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_bits_read_from_the_left() {
        // t = 5, code 10 = 01010: days 2 and 4 (1-based), i.e. 1 and 3 (0-based).
        assert_eq!(pattern_mask(10, 5), 0b01010);
        assert_eq!(pattern_mask(16, 5), 0b00001); // 10000: day 0
        assert_eq!(pattern_mask(1, 5), 0b10000); // 00001: day 4
    }

    #[test]
    fn parses_a_small_instance() {
        let text = "1 2 2 2\n0 100\n0 100\n0 0 0 0 0 0 0\n1 3 4 0 10 1 2 1 2\n2 0 5 0 20 2 1 3\n";
        let inst = parse(text, "t").unwrap();
        assert_eq!(inst.customers.len(), 2);
        assert_eq!(inst.customers[0].patterns, vec![0b10, 0b01]);
        assert_eq!(inst.customers[1].patterns, vec![0b11]);
        let routes = vec![
            PvrpRoute {
                day: 0,
                stops: vec![2],
            },
            PvrpRoute {
                day: 1,
                stops: vec![1, 2],
            },
        ];
        let (cost, errors) = check(&inst, &routes);
        assert!(errors.is_empty(), "{errors:?}");
        assert!((cost - (10.0 + 5.0 + (9.0f64 + 1.0).sqrt() + 5.0)).abs() < 1e-9);
        let bad = vec![PvrpRoute {
            day: 0,
            stops: vec![1, 2],
        }];
        assert_eq!(check(&inst, &bad).1.len(), 1);
    }

    #[test]
    fn reports_the_line_of_a_bad_number() {
        let text = "1 2 1 2\n0 100\n0 100\n0 0 0 0 0 0 0\n1 x 4 0 10 1 2 1 2\n";
        assert_eq!(parse(text, "t").unwrap_err().0, 5);
    }

    #[test]
    fn cordeau_solutions_pass_the_checker() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pvrp");
        for i in 1..=32 {
            let inst = read(&dir.join(format!("p{i:02}.txt"))).unwrap();
            let res = std::fs::read_to_string(dir.join(format!("cordeau_solutions/p{i:02}.res")))
                .unwrap();
            let (total, mut routes) = read_solution(&res).unwrap();
            if i == 1 {
                // The dummy customer 51 fills a vehicle on day 0 and is omitted from the file.
                routes.push(PvrpRoute {
                    day: 0,
                    stops: vec![51],
                });
            }
            let (cost, errors) = check(&inst, &routes);
            assert!(errors.is_empty(), "p{i:02}: {errors:?}");
            assert!((cost - total).abs() < 0.006, "p{i:02}: {cost} vs {total}");
        }
    }
}
