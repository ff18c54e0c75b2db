//! `managers.csv` (contract §1): one row per field account manager.
//!
//! Required columns: `id`, `lat`, `lon` (the base). Optional, with their defaults: `name`,
//! `role` (`general`), `competency` (1, must be >= 0), `shift` (`08:00-18:00`), `max_minutes`
//! (480, must be > 0 and at most a day), `workdays` (`Mon;Tue;Wed;Thu;Fri`), `max_clients` (no
//! cap; a whole number >= 1), and the allow-lists `districts`, `business_types`, `value_tiers`
//! (`;`-separated; empty = no restriction).

use super::cells;
use super::error::InputError;
use super::table::{Cells, Limits, Table, MAX_ROWS};
use crate::model::{Manager, WeekdaySet, Window, DAY_S};
use std::collections::HashMap;
use std::path::Path;

const LIMITS: Limits = Limits {
    required: &REQUIRED,
    known: &KNOWN,
    max_rows: MAX_ROWS,
};
const REQUIRED: [&str; 3] = ["id", "lat", "lon"];
const KNOWN: [&str; 13] = [
    "id",
    "name",
    "lat",
    "lon",
    "role",
    "competency",
    "shift",
    "max_minutes",
    "workdays",
    "max_clients",
    "districts",
    "business_types",
    "value_tiers",
];

/// Role of a manager whose `role` cell is empty.
pub const DEFAULT_ROLE: &str = "general";
/// Default shift, 08:00-18:00.
pub const DEFAULT_SHIFT: Window = Window {
    open: 8 * 3600,
    close: 18 * 3600,
};
/// Default working minutes per day.
pub const DEFAULT_MAX_MINUTES: i64 = 480;

/// The managers read and the CSV row each came from.
#[derive(Debug)]
pub struct ManagerRows {
    pub managers: Vec<Manager>,
    pub rows: Vec<usize>,
}

/// Reads `managers.csv`; problems go to `errors`. `None` when the file cannot be used at all.
pub fn read(path: &Path, errors: &mut Vec<InputError>) -> Option<ManagerRows> {
    let table = Table::read(path, LIMITS, "managers", errors)?;
    Some(rows(&table, errors))
}

/// As [`read`], for the text of the file (`path` names it in messages).
pub fn parse(path: &Path, text: &str, errors: &mut Vec<InputError>) -> Option<ManagerRows> {
    let table = Table::parse(path, text, LIMITS, "managers", errors)?;
    Some(rows(&table, errors))
}

fn rows(table: &Table, errors: &mut Vec<InputError>) -> ManagerRows {
    let mut out = ManagerRows {
        managers: Vec::with_capacity(table.rows.len()),
        rows: Vec::with_capacity(table.rows.len()),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let mut cells = Cells { table, row, errors };
        let id = cells.unique_id(&mut seen, "manager");
        let lat = cells.coordinate("lat", 90.0);
        let lon = cells.coordinate("lon", 180.0);
        let competency = cells.parse("competency", cells::number);
        if competency.is_some_and(|c| c < 0.0) {
            cells.error(
                "competency",
                "competency is negative; use 0 or more (higher is stronger, default 1)",
            );
        }
        let shift = cells.parse("shift", cells::window);
        let max_work_s = cells.parse("max_minutes", cells::number).and_then(|v| {
            if v <= 0.0 || v > 1440.0 {
                cells.error(
                    "max_minutes",
                    format!(
                        "{v} is not a working day length; give the minutes per day, more than 0 \
                         and at most 1440 (default {DEFAULT_MAX_MINUTES})"
                    ),
                );
                return None;
            }
            Some(((v * 60.0).round() as i64).min(DAY_S))
        });
        let workdays = cells.parse("workdays", cells::weekdays);
        if workdays.is_some_and(|d| d.is_empty()) {
            cells.error(
                "workdays",
                "no weekday given; list the days worked, e.g. Mon;Tue;Wed",
            );
        }
        let max_clients = cells.parse("max_clients", cells::whole);
        if max_clients == Some(0) {
            cells.error(
                "max_clients",
                "a cap of 0 clients; give a cap of 1 or more, or leave it empty for no cap",
            );
        }
        out.managers.push(Manager {
            id: id.unwrap_or_default(),
            name: cells.text("name"),
            lat: lat.unwrap_or(0.0),
            lon: lon.unwrap_or(0.0),
            role: cells
                .text("role")
                .unwrap_or_else(|| DEFAULT_ROLE.to_string()),
            competency: competency.unwrap_or(1.0),
            shift: shift.unwrap_or(DEFAULT_SHIFT),
            max_work_s: max_work_s.unwrap_or(DEFAULT_MAX_MINUTES * 60),
            workdays: workdays
                .filter(|d| !d.is_empty())
                .unwrap_or(WeekdaySet::MON_FRI),
            max_clients: max_clients.map(|n| n as usize),
            districts: cells.list("districts"),
            business_types: cells.list("business_types"),
            value_tiers: cells.list("value_tiers"),
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

    fn read_text(text: &str) -> (Option<ManagerRows>, Vec<InputError>) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        let mut errors = Vec::new();
        (read(f.path(), &mut errors), errors)
    }

    #[test]
    fn reads_all_columns_and_defaults() {
        let (rows, errors) = read_text(
            "workdays,id,lat,lon,role,competency,shift,max_minutes,max_clients,districts,\
             business_types,value_tiers,name\n\
             Mon;Sat,m1,52,13,service,2.5,08:00-23:00,450,40,Mitte;Pankow,A;B,core,Ann\n\
             ,m2,52,13,,,,,,,,,\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let rows = rows.unwrap();
        let m = &rows.managers[0];
        assert_eq!(m.id, "m1");
        assert_eq!(m.name.as_deref(), Some("Ann"));
        assert_eq!(m.role, "service");
        assert_eq!(m.competency, 2.5);
        assert_eq!(m.shift, Window::new(8 * 3600, 23 * 3600));
        assert_eq!(m.max_work_s, 450 * 60);
        assert_eq!(
            m.workdays,
            [Weekday::Mon, Weekday::Sat].into_iter().collect()
        );
        assert_eq!(m.max_clients, Some(40));
        assert_eq!(
            m.districts,
            Some(vec!["Mitte".to_string(), "Pankow".to_string()])
        );
        assert_eq!(
            m.business_types,
            Some(vec!["A".to_string(), "B".to_string()])
        );
        assert_eq!(m.value_tiers, Some(vec!["core".to_string()]));
        let d = &rows.managers[1];
        assert_eq!(d.role, DEFAULT_ROLE);
        assert_eq!(d.competency, 1.0);
        assert_eq!(d.shift, DEFAULT_SHIFT);
        assert_eq!(d.max_work_s, 480 * 60);
        assert_eq!(d.workdays, WeekdaySet::MON_FRI);
        assert_eq!(d.max_clients, None);
        assert_eq!(d.districts, None);
    }

    #[test]
    fn reports_bad_values() {
        let (_, errors) = read_text(
            "id,lat,lon,competency,shift,max_minutes,workdays,max_clients\n\
             m1,52,13,-1,18:00-08:00,0,Mon;Xday,0\n\
             m1,52,200,x,8-9,abc,;,-2\n",
        );
        let cols: Vec<String> = errors
            .iter()
            .map(|e| match e {
                InputError::Cell { row, column, .. } => format!("{row}:{column}"),
                other => panic!("{other}"),
            })
            .collect();
        assert_eq!(
            cols,
            [
                "2:competency",
                "2:shift",
                "2:max_minutes",
                "2:workdays",
                "2:max_clients",
                "3:id",
                "3:lon",
                "3:competency",
                "3:shift",
                "3:max_minutes",
                "3:workdays",
                "3:max_clients"
            ]
        );
    }
}
