//! Reading car roads from an OpenStreetMap `.osm.pbf` file, and the tag rules that decide which
//! ways a car may use, in which direction and how fast.
//!
//! The rules follow the OSM wiki pages `Key:highway`, `Key:oneway`, `Key:access` and
//! `Key:maxspeed`, simplified the way common car profiles (OSRM's `car.lua`) do.
//!
//! Default speeds by highway class, km/h, used when `maxspeed` is absent or unparsable. They are
//! typical free-flow driving speeds, not legal limits:
//!
//! | class | km/h | class | km/h |
//! |---|---|---|---|
//! | motorway | 100 | motorway_link | 60 |
//! | trunk | 80 | trunk_link | 50 |
//! | primary | 60 | primary_link | 45 |
//! | secondary | 50 | secondary_link | 40 |
//! | tertiary | 40 | tertiary_link | 35 |
//! | unclassified | 30 | residential | 25 |
//! | road | 25 | service | 15 |
//! | living_street | 10 | | |
//!
//! A posted `maxspeed` is driven at [`POSTED_SPEED_SHARE`] of the limit (junctions, traffic,
//! acceleration), never above the class default × 1.5 and never below 5 km/h.
//!
//! Excluded: footway, path, cycleway, bridleway, steps, pedestrian, corridor, track (mostly
//! agricultural or unpaved, and it would open shortcuts across fields), bus_guideway, busway,
//! raceway, construction, proposed, abandoned, platform; `area=yes`; service roads tagged
//! `parking_aisle`, `drive-through` or `emergency_access`; reversible (`oneway=reversible` or
//! `alternating`) ways; `access`/`vehicle`/`motor_vehicle`/`motorcar` = `no`/`private`/…
//! unless a more specific key allows cars again.

use super::RoadError;
use osmpbf::{Element, ElementReader};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Share of the posted limit actually driven on average.
pub const POSTED_SPEED_SHARE: f64 = 0.85;

/// Which way along its node list a road may be driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Both,
    Forward,
    Backward,
}

impl Direction {
    pub fn forward(self) -> bool {
        matches!(self, Direction::Both | Direction::Forward)
    }

    pub fn backward(self) -> bool {
        matches!(self, Direction::Both | Direction::Backward)
    }
}

/// A car road as read from the file: its OSM node ids in order, its speed and direction.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadWay {
    pub nodes: Vec<i64>,
    pub speed_kmh: f64,
    pub direction: Direction,
}

/// The roads of a file and the coordinates (lat, lon) of their nodes.
#[derive(Debug, Default)]
pub struct RoadData {
    pub ways: Vec<RoadWay>,
    pub coords: HashMap<i64, (f64, f64)>,
    /// Road nodes tagged `highway=traffic_signals`.
    pub signals: HashSet<i64>,
}

/// Default driving speed of a highway class, km/h; `None` when cars do not use that class.
pub fn class_speed_kmh(highway: &str) -> Option<f64> {
    Some(match highway {
        "motorway" => 100.0,
        "motorway_link" => 60.0,
        "trunk" => 80.0,
        "trunk_link" => 50.0,
        "primary" => 60.0,
        "primary_link" => 45.0,
        "secondary" => 50.0,
        "secondary_link" => 40.0,
        "tertiary" => 40.0,
        "tertiary_link" => 35.0,
        "unclassified" => 30.0,
        "residential" => 25.0,
        "road" => 25.0,
        "service" => 15.0,
        "living_street" => 10.0,
        _ => return None,
    })
}

/// Parses a `maxspeed` value into km/h: `50`, `50 km/h`, `50kmh`, `30 mph`, `walk`; the first
/// of `;`-separated values. Zone codes (`DE:urban`), `none`, `signals`, `variable` give `None`.
pub fn parse_maxspeed(value: &str) -> Option<f64> {
    let first = value.split(';').next()?.trim().to_ascii_lowercase();
    if first == "walk" {
        return Some(5.0);
    }
    let digits_end = first
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(first.len());
    let number: f64 = first[..digits_end].parse().ok()?;
    let unit = first[digits_end..].trim();
    let kmh = match unit {
        "" | "km/h" | "kmh" | "kph" | "km/t" => number,
        "mph" => number * 1.609_344,
        "knots" => number * 1.852,
        _ => return None,
    };
    (kmh.is_finite() && kmh > 0.0).then_some(kmh)
}

/// Driving direction from `oneway`, `junction` and the class; `None` for reversible ways
/// (their direction changes with the hour, so they are left out).
pub fn direction(highway: &str, oneway: Option<&str>, junction: Option<&str>) -> Option<Direction> {
    match oneway.map(str::trim) {
        Some("yes" | "true" | "1") => Some(Direction::Forward),
        Some("-1" | "reverse") => Some(Direction::Backward),
        Some("no" | "false" | "0") => Some(Direction::Both),
        Some("reversible" | "alternating") => None,
        _ => {
            let implied =
                matches!(junction, Some("roundabout" | "circular")) || highway == "motorway";
            Some(if implied {
                Direction::Forward
            } else {
                Direction::Both
            })
        }
    }
}

/// Whether access tags allow cars: the most specific of `motorcar`, `motor_vehicle`, `vehicle`,
/// `access` that is present decides.
pub fn car_allowed(tag: impl Fn(&str) -> Option<String>) -> bool {
    for key in ["motorcar", "motor_vehicle", "vehicle", "access"] {
        if let Some(v) = tag(key) {
            return !matches!(
                v.as_str(),
                "no" | "private"
                    | "agricultural"
                    | "forestry"
                    | "delivery"
                    | "emergency"
                    | "use_sidepath"
                    | "discouraged"
            );
        }
    }
    true
}

/// Speed and direction of a way from its tags, or `None` when cars may not drive it.
pub fn car_road(tags: &HashMap<&str, &str>) -> Option<(f64, Direction)> {
    let highway = *tags.get("highway")?;
    let class_kmh = class_speed_kmh(highway)?;
    if tags.get("area") == Some(&"yes") {
        return None;
    }
    if highway == "service"
        && matches!(
            tags.get("service"),
            Some(&("parking_aisle" | "drive-through" | "emergency_access"))
        )
    {
        return None;
    }
    if !car_allowed(|k| tags.get(k).map(|v| v.to_string())) {
        return None;
    }
    let direction = direction(
        highway,
        tags.get("oneway").copied(),
        tags.get("junction").copied(),
    )?;
    let speed = match tags.get("maxspeed").and_then(|v| parse_maxspeed(v)) {
        Some(posted) => (posted * POSTED_SPEED_SHARE).clamp(5.0, class_kmh * 1.5),
        None => class_kmh,
    };
    Some((speed, direction))
}

/// Reads the car roads of a `.osm.pbf` file: ways first, then the coordinates of their nodes.
pub fn read_roads(path: &Path) -> Result<RoadData, RoadError> {
    let pbf_err = |source| RoadError::Pbf {
        path: path.to_path_buf(),
        source,
    };
    let mut ways = Vec::new();
    ElementReader::from_path(path)
        .map_err(pbf_err)?
        .for_each(|element| {
            if let Element::Way(way) = element {
                let tags: HashMap<&str, &str> = way.tags().collect();
                if let Some((speed_kmh, direction)) = car_road(&tags) {
                    let nodes: Vec<i64> = way.refs().collect();
                    if nodes.len() >= 2 {
                        ways.push(RoadWay {
                            nodes,
                            speed_kmh,
                            direction,
                        });
                    }
                }
            }
        })
        .map_err(pbf_err)?;
    let mut coords: HashMap<i64, (f64, f64)> = ways
        .iter()
        .flat_map(|w| w.nodes.iter().map(|&n| (n, (f64::NAN, f64::NAN))))
        .collect();
    let mut signals = HashSet::new();
    let is_signal = |(k, v): (&str, &str)| k == "highway" && v == "traffic_signals";
    ElementReader::from_path(path)
        .map_err(pbf_err)?
        .for_each(|element| {
            let id = match &element {
                Element::Node(n) => n.id(),
                Element::DenseNode(n) => n.id(),
                _ => return,
            };
            let Some(c) = coords.get_mut(&id) else {
                return;
            };
            let signal = match &element {
                Element::Node(n) => {
                    *c = (n.lat(), n.lon());
                    n.tags().any(is_signal)
                }
                Element::DenseNode(n) => {
                    *c = (n.lat(), n.lon());
                    n.tags().any(is_signal)
                }
                _ => false,
            };
            if signal {
                signals.insert(id);
            }
        })
        .map_err(pbf_err)?;
    coords.retain(|_, c| c.0.is_finite() && c.1.is_finite());
    Ok(RoadData {
        ways,
        coords,
        signals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags<'a>(pairs: &[(&'a str, &'a str)]) -> HashMap<&'a str, &'a str> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn maxspeed_units() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("50 km/h"), Some(50.0));
        assert_eq!(parse_maxspeed("50kmh"), Some(50.0));
        assert!((parse_maxspeed("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert!((parse_maxspeed("30mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(parse_maxspeed("40;60"), Some(40.0));
        assert_eq!(parse_maxspeed("walk"), Some(5.0));
        assert_eq!(parse_maxspeed("none"), None);
        assert_eq!(parse_maxspeed("DE:urban"), None);
        assert_eq!(parse_maxspeed("signals"), None);
        assert_eq!(parse_maxspeed("0"), None);
        assert_eq!(parse_maxspeed(""), None);
        assert_eq!(parse_maxspeed("50 furlongs"), None);
    }

    #[test]
    fn oneway_rules() {
        use Direction::*;
        assert_eq!(direction("residential", None, None), Some(Both));
        assert_eq!(direction("residential", Some("yes"), None), Some(Forward));
        assert_eq!(direction("residential", Some("true"), None), Some(Forward));
        assert_eq!(direction("residential", Some("1"), None), Some(Forward));
        assert_eq!(direction("residential", Some("-1"), None), Some(Backward));
        assert_eq!(
            direction("primary", None, Some("roundabout")),
            Some(Forward)
        );
        assert_eq!(
            direction("primary", Some("no"), Some("roundabout")),
            Some(Both)
        );
        assert_eq!(direction("motorway", None, None), Some(Forward));
        assert_eq!(direction("motorway", Some("no"), None), Some(Both));
        assert_eq!(direction("secondary", Some("reversible"), None), None);
        assert!(Forward.forward() && !Forward.backward());
        assert!(!Backward.forward() && Backward.backward());
    }

    #[test]
    fn highway_filter() {
        assert!(car_road(&tags(&[("highway", "residential")])).is_some());
        assert!(car_road(&tags(&[("highway", "motorway_link")])).is_some());
        for excluded in [
            "footway",
            "path",
            "cycleway",
            "steps",
            "pedestrian",
            "track",
            "construction",
            "proposed",
        ] {
            assert!(
                car_road(&tags(&[("highway", excluded)])).is_none(),
                "{excluded}"
            );
        }
        assert!(car_road(&tags(&[("name", "x")])).is_none());
        assert!(car_road(&tags(&[
            ("highway", "service"),
            ("service", "parking_aisle")
        ]))
        .is_none());
        assert!(car_road(&tags(&[("highway", "service"), ("service", "driveway")])).is_some());
        assert!(car_road(&tags(&[("highway", "residential"), ("area", "yes")])).is_none());
    }

    #[test]
    fn access_rules() {
        assert!(car_road(&tags(&[("highway", "residential"), ("access", "private")])).is_none());
        assert!(car_road(&tags(&[("highway", "residential"), ("access", "no")])).is_none());
        assert!(car_road(&tags(&[
            ("highway", "residential"),
            ("motor_vehicle", "no")
        ]))
        .is_none());
        assert!(car_road(&tags(&[
            ("highway", "residential"),
            ("access", "destination")
        ]))
        .is_some());
        // A more specific key allows cars again.
        assert!(car_road(&tags(&[
            ("highway", "service"),
            ("access", "no"),
            ("motorcar", "yes")
        ]))
        .is_some());
        assert!(car_road(&tags(&[
            ("highway", "service"),
            ("access", "yes"),
            ("motor_vehicle", "private")
        ]))
        .is_none());
    }

    #[test]
    fn speeds_from_tags() {
        let (v, d) = car_road(&tags(&[("highway", "primary")])).unwrap();
        assert_eq!((v, d), (60.0, Direction::Both));
        let (v, _) = car_road(&tags(&[("highway", "primary"), ("maxspeed", "40")])).unwrap();
        assert!((v - 40.0 * POSTED_SPEED_SHARE).abs() < 1e-9);
        // Unparsable limits fall back to the class default.
        let (v, _) = car_road(&tags(&[
            ("highway", "residential"),
            ("maxspeed", "RU:urban"),
        ]))
        .unwrap();
        assert_eq!(v, 25.0);
        // A typo like 500 is capped at 1.5 x the class default.
        let (v, _) = car_road(&tags(&[("highway", "residential"), ("maxspeed", "500")])).unwrap();
        assert_eq!(v, 37.5);
    }
}
