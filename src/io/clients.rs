//! `clients.csv` (contract §1): one row per retail outlet.
//!
//! Required columns: `id`, `lat`, `lon`. Optional: `name`, `district`, `business_type`,
//! `value_tier`, `value_score`, `open` (windows; empty = all day), `days` (weekdays; empty =
//! every day), `service_minutes` (> 0, rounded to whole seconds), `team` (boolean, default
//! false), `manager` (current manager id), `locked` (boolean, default false; needs `manager`).
//! References to managers are checked later, with the managers file at hand.

use super::cells;
use super::error::InputError;
use super::table::{Cells, Limits, Table, MAX_ROWS};
use crate::model::{Client, WeekdaySet, Window};
use std::collections::HashMap;
use std::path::Path;

const LIMITS: Limits = Limits {
    required: &REQUIRED,
    known: &CLIENT_COLUMNS,
    max_rows: MAX_ROWS,
};
const REQUIRED: [&str; 3] = ["id", "lat", "lon"];
/// The contract's `clients.csv` columns, in the order beatplan writes them.
pub const CLIENT_COLUMNS: [&str; 14] = [
    "id",
    "name",
    "lat",
    "lon",
    "district",
    "business_type",
    "value_tier",
    "value_score",
    "open",
    "days",
    "service_minutes",
    "team",
    "manager",
    "locked",
];

/// The clients read and the CSV row each came from.
#[derive(Debug)]
pub struct ClientRows {
    pub clients: Vec<Client>,
    pub rows: Vec<usize>,
}

/// Reads `clients.csv`; problems go to `errors`. `None` when the file cannot be used at all.
pub fn read(path: &Path, errors: &mut Vec<InputError>) -> Option<ClientRows> {
    let table = Table::read(path, LIMITS, "clients", errors)?;
    Some(rows(&table, errors))
}

/// As [`read`], for the text of the file (`path` names it in messages).
pub fn parse(path: &Path, text: &str, errors: &mut Vec<InputError>) -> Option<ClientRows> {
    let table = Table::parse(path, text, LIMITS, "clients", errors)?;
    Some(rows(&table, errors))
}

fn rows(table: &Table, errors: &mut Vec<InputError>) -> ClientRows {
    let mut out = ClientRows {
        clients: Vec::with_capacity(table.rows.len()),
        rows: Vec::with_capacity(table.rows.len()),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut cells = Cells { table, row, errors };
        let id = cells.unique_id(&mut seen, "client");
        let lat = cells.coordinate("lat", 90.0);
        let lon = cells.coordinate("lon", 180.0);
        let value_score = cells.parse("value_score", cells::number);
        let open = cells.parse("open", cells::windows);
        let days = cells.parse("days", cells::weekdays);
        let service_s = cells.parse("service_minutes", cells::minutes);
        let team = cells.parse("team", cells::boolean);
        let manager = cells.text("manager");
        let locked = cells.parse("locked", cells::boolean).unwrap_or(false);
        if locked && manager.is_none() {
            cells.error(
                "locked",
                "the client is locked but has no `manager`; give the manager id to keep, or set \
                 locked to false",
            );
        }
        out.clients.push(Client {
            id: id.unwrap_or_default(),
            name: cells.text("name"),
            lat: lat.unwrap_or(0.0),
            lon: lon.unwrap_or(0.0),
            district: cells.text("district"),
            business_type: cells.text("business_type"),
            value_tier: cells.text("value_tier"),
            value_score,
            open: open
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| vec![Window::ALL_DAY]),
            days: days.filter(|d| !d.is_empty()).unwrap_or(WeekdaySet::ALL),
            service_s,
            team: team.unwrap_or(false),
            manager,
            locked,
        });
        out.rows.push(row.number);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Weekday;
    use std::io::Write;

    fn read_text(text: &str) -> (Option<ClientRows>, Vec<InputError>) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let mut errors = Vec::new();
        (read(f.path(), &mut errors), errors)
    }

    #[test]
    fn reads_all_columns() {
        let (rows, errors) = read_text(
            "id,name,lat,lon,district,business_type,value_tier,value_score,open,days,\
             service_minutes,team,manager,locked\n\
             c1,Shop,52.5,13.4,Mitte,A,core,91,14:00-22:00;09:00-12:00,Mon;Fri,7.5,yes,m1,true\n\
             c2,,52.6,13.5,,,,,,,,,,\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let rows = rows.unwrap();
        let c = &rows.clients[0];
        assert_eq!(c.id, "c1");
        assert_eq!(c.name.as_deref(), Some("Shop"));
        assert_eq!((c.lat, c.lon), (52.5, 13.4));
        assert_eq!(c.district.as_deref(), Some("Mitte"));
        assert_eq!(c.business_type.as_deref(), Some("A"));
        assert_eq!(c.value_tier.as_deref(), Some("core"));
        assert_eq!(c.value_score, Some(91.0));
        assert_eq!(
            c.open,
            vec![
                Window::new(9 * 3600, 12 * 3600),
                Window::new(14 * 3600, 22 * 3600)
            ]
        );
        assert_eq!(c.days, [Weekday::Mon, Weekday::Fri].into_iter().collect());
        assert_eq!(c.service_s, Some(450));
        assert!(c.team && c.locked);
        assert_eq!(c.manager.as_deref(), Some("m1"));
        let d = &rows.clients[1];
        assert_eq!(d.name, None);
        assert_eq!(d.open, vec![Window::ALL_DAY]);
        assert_eq!(d.days, WeekdaySet::ALL);
        assert_eq!(d.service_s, None);
        assert!(!d.team && !d.locked);
        assert_eq!(rows.rows, vec![2, 3]);
    }

    #[test]
    fn collects_every_problem_of_every_row() {
        let (_, errors) = read_text(
            "id,lat,lon,open,locked,service_minutes\n\
             c1,95,13,12:00-09:00,true,0\n\
             c1,abc,13,,,\n\
             ,1,2,,,\n",
        );
        let found: Vec<(usize, String)> = errors
            .iter()
            .map(|e| match e {
                InputError::Cell { row, column, .. } => (*row, column.clone()),
                other => panic!("{other}"),
            })
            .collect();
        let want = [
            (2, "lat"),
            (2, "open"),
            (2, "service_minutes"),
            (2, "locked"),
            (3, "id"),
            (3, "lat"),
            (4, "id"),
        ];
        let want: Vec<(usize, String)> = want.iter().map(|(r, c)| (*r, c.to_string())).collect();
        assert_eq!(found, want);
        assert!(errors[4].message().contains("rows 2 and 3"));
    }
}
