//! Real outlets from OpenStreetMap: `beatplan osm FILE.osm.pbf --out clients.csv`.
//!
//! Reads an `.osm.pbf` with the `osmpbf` crate and turns shops (`shop=*`), food, drink and night
//! venues (`amenity=restaurant|cafe|fast_food|bar|pub|nightclub|…`) and lodging
//! (`tourism=hotel|hostel|guest_house|motel|apartment`) into client rows. The tag mapping and the
//! default opening hours are documented in [`tags`]; a simple `opening_hours` tag is read by
//! [`hours`] and replaces the default.
//!
//! Nodes give their own position; ways (building outlines) and multipolygon relations give the
//! area centroid of their outline (the mean of their nodes when the area is degenerate). PBF
//! files store nodes before ways and ways before relations, so positions are found in further
//! passes over the file that keep only the node and way ids actually needed, never the whole
//! node table.
//!
//! The district is the name of the nearest `place=city|town|village|suburb` node within 5 km,
//! except that a city gives way to its nearest suburb within 2 km (central Helsinki is split
//! into Kluuvi, Kamppi, … rather than all "Helsinki"); without a settlement near, `addr:city`,
//! else `addr:suburb`, else `is_in`; else it is left empty. Settlement
//! names come first because address tags are typed by hand and spelled many ways (the Malta
//! extract has `Sliema`, `Tas-Sliema`, `St. Julians`, `San Ġiljan`, … : 125 labels for about 70
//! localities), while every outlet near one settlement gets the same label, which is what
//! district rules and reports need.
//!
//! **Licence.** The output is derived from OpenStreetMap data and falls under the Open Database
//! License: whoever publishes it must credit "© OpenStreetMap contributors, ODbL"
//! (<https://www.openstreetmap.org/copyright>). CSV has no place for comments, so keep an
//! `ATTRIBUTION` file next to the derived `clients.csv` (as `fixtures/malta/` does).

pub mod hours;
pub mod tags;

use crate::io::CLIENT_COLUMNS;
use osmpbf::{Element, ElementReader, RelMemberType};
use rstar::{PointDistance, RTree, RTreeObject, AABB};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The credit line any output of [`read_osm_clients`] must carry when published; the CLI can
/// print it or write it to an `ATTRIBUTION` file next to the CSV.
pub const OSM_ATTRIBUTION: &str = "Clients derived from OpenStreetMap data, © OpenStreetMap \
     contributors, available under the Open Database License, https://www.openstreetmap.org/copyright";

/// One outlet found in the file, as a `clients.csv` row (empty text = not given).
#[derive(Clone, Debug, PartialEq)]
pub struct OsmClient {
    /// `n123`, `w456` or `r789`: OSM element type and id.
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub district: String,
    /// Coarse business format, see [`tags`].
    pub business_type: String,
    /// `key`, `regular` or `night`, see [`tags`].
    pub value_tier: String,
    /// Opening windows: from `opening_hours` when it is simple, else the type's default.
    pub open: String,
    /// Visit weekdays from `opening_hours`; empty means every day.
    pub days: String,
    /// The tag that made it a client, e.g. `shop=bakery` (an extra column).
    pub osm_tag: String,
}

/// Failures reading a PBF file or writing the clients file; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum OsmError {
    #[error("{}: cannot read OpenStreetMap PBF data: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: osmpbf::Error,
    },
    #[error("{}: no shops, food, drink, night or lodging venues found", path.display())]
    NoClients { path: PathBuf },
    #[error("{}: cannot write clients CSV: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
}

/// The column written after the contract's [`CLIENT_COLUMNS`]: the OSM tag the client came from.
pub const OSM_TAG_COLUMN: &str = "osm_tag";

/// Everything about a matched element except its position.
struct Pending {
    id: String,
    name: String,
    district: Option<String>,
    category: tags::Category,
    hours: Option<hours::Hours>,
}

impl Pending {
    fn new(prefix: char, id: i64, tags: &[(&str, &str)]) -> Option<Pending> {
        let category = tags::classify(tags)?;
        let hours = tags
            .iter()
            .find(|(k, _)| *k == "opening_hours")
            .and_then(|(_, v)| hours::parse_opening_hours(v));
        Some(Pending {
            id: format!("{prefix}{id}"),
            name: tags::name_from_tags(tags).unwrap_or_default(),
            district: tags::district_from_tags(tags),
            category,
            hours,
        })
    }

    fn into_client(self, (lat, lon): (f64, f64)) -> OsmClient {
        let (open, days) = match &self.hours {
            Some(h) => (h.open_text(), h.days_text()),
            None => (self.category.open.to_string(), String::new()),
        };
        OsmClient {
            id: self.id,
            name: self.name,
            lat,
            lon,
            district: self.district.unwrap_or_default(),
            business_type: self.category.business_type.to_string(),
            value_tier: self.category.value_tier.to_string(),
            open,
            days,
            osm_tag: self.category.tag,
        }
    }
}

/// A named settlement, for districts of untagged outlets.
struct PlaceNode {
    name: String,
    city: bool,
    /// Equirectangular kilometres around the file's first place, enough for "nearest".
    xy: [f64; 2],
}

impl RTreeObject for PlaceNode {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        AABB::from_point(self.xy)
    }
}

impl PointDistance for PlaceNode {
    fn distance_2(&self, p: &[f64; 2]) -> f64 {
        (self.xy[0] - p[0]).powi(2) + (self.xy[1] - p[1]).powi(2)
    }
}

const PLACE_KINDS: [&str; 4] = ["city", "town", "village", "suburb"];
const PLACE_RADIUS_KM: f64 = 5.0;
const SUBURB_RADIUS_KM: f64 = 2.0;

fn project(lat: f64, lon: f64) -> [f64; 2] {
    // 111.2 km per degree; longitude shrinks with the cosine of latitude.
    [lon * 111.2 * lat.to_radians().cos(), lat * 111.2]
}

/// Centroid of a ring of (lat, lon) points by the shoelace formula, in degrees (fine at
/// building scale); the mean of the points when the ring has no area.
fn outline_centre(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len();
    if n == 0 {
        return None;
    }
    let (lat0, lon0) = points[0];
    let mean = (
        points.iter().map(|p| p.0).sum::<f64>() / n as f64,
        points.iter().map(|p| p.1).sum::<f64>() / n as f64,
    );
    let closed = n >= 4 && points[0] == points[n - 1];
    if !closed {
        return Some(mean);
    }
    let (mut area2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in points.windows(2) {
        let (x0, y0) = (w[0].1 - lon0, w[0].0 - lat0);
        let (x1, y1) = (w[1].1 - lon0, w[1].0 - lat0);
        let cross = x0 * y1 - x1 * y0;
        area2 += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if area2.abs() < 1e-14 {
        return Some(mean);
    }
    Some((lat0 + cy / (3.0 * area2), lon0 + cx / (3.0 * area2)))
}

fn tag_list<'a>(iter: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
    iter.collect()
}

/// The sort key of an id: element type (`n` < `r` < `w`), then the OSM number.
pub fn id_order(id: &str) -> (u8, i64) {
    let kind = id.bytes().next().unwrap_or(0);
    (
        kind,
        id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(i64::MIN),
    )
}

/// Reads all clients from an `.osm.pbf` file, sorted by [`id_order`]: nodes, relations, ways,
/// each by OSM number.
///
/// The result is derived from OpenStreetMap and must carry "© OpenStreetMap contributors, ODbL"
/// wherever it is published; see the module docs.
pub fn read_osm_clients(path: &Path) -> Result<Vec<OsmClient>, OsmError> {
    let read_err = |source| OsmError::Read {
        path: path.to_path_buf(),
        source,
    };
    let pass = |f: &mut dyn FnMut(Element<'_>)| -> Result<(), OsmError> {
        ElementReader::from_path(path)
            .map_err(read_err)?
            .for_each(f)
            .map_err(read_err)
    };

    // Pass 1: tagged nodes, matching ways and relations, settlements.
    let mut clients: Vec<OsmClient> = Vec::new();
    // (kind, name, lat, lon)
    let mut places: Vec<(&'static str, String, f64, f64)> = Vec::new();
    let mut ways: Vec<(Pending, Vec<i64>)> = Vec::new();
    let mut relations: Vec<(Pending, Vec<i64>)> = Vec::new();
    let mut on_node = |id: i64, lat: f64, lon: f64, tags: &[(&str, &str)]| {
        if let Some(p) = Pending::new('n', id, tags) {
            // A venue that also carries `place=*` is mis-tagged: a client, not a settlement.
            clients.push(p.into_client((lat, lon)));
            return;
        }
        let place = tags.iter().find(|(k, _)| *k == "place").map(|(_, v)| *v);
        if let Some(kind) = place.and_then(|p| PLACE_KINDS.iter().find(|k| **k == p)) {
            if let Some(name) = tags::name_from_tags(tags) {
                let english = tags.iter().find(|(k, _)| *k == "name:en").map(|(_, v)| *v);
                // Keep the English name aside to tell apart settlements of the same name.
                let name = match english {
                    Some(en) if en != name => format!("{name}\u{1f}{en}"),
                    _ => name,
                };
                places.push((kind, name, lat, lon));
            }
        }
    };
    pass(&mut |e| match e {
        Element::DenseNode(n) => {
            let t = tag_list(n.tags());
            if !t.is_empty() {
                on_node(n.id(), n.lat(), n.lon(), &t);
            }
        }
        Element::Node(n) => {
            let t = tag_list(n.tags());
            if !t.is_empty() {
                on_node(n.id(), n.lat(), n.lon(), &t);
            }
        }
        Element::Way(w) => {
            if let Some(p) = Pending::new('w', w.id(), &tag_list(w.tags())) {
                ways.push((p, w.refs().collect()));
            }
        }
        Element::Relation(r) => {
            let t = tag_list(r.tags());
            let multipolygon = t.iter().any(|&(k, v)| k == "type" && v == "multipolygon");
            if multipolygon {
                if let Some(p) = Pending::new('r', r.id(), &t) {
                    let outer: Vec<i64> = r
                        .members()
                        .filter(|m| m.member_type == RelMemberType::Way)
                        .filter(|m| m.role().is_ok_and(|role| role != "inner"))
                        .map(|m| m.member_id)
                        .collect();
                    relations.push((p, outer));
                }
            }
        }
    })?;

    // Pass 2: node refs of the outer ways of relations (ways come after nodes, so their nodes
    // need pass 3) and the positions of the matched ways' nodes.
    let mut relation_way_refs: HashMap<i64, Vec<i64>> = relations
        .iter()
        .flat_map(|(_, members)| members.iter().map(|&w| (w, Vec::new())))
        .collect();
    let mut wanted: HashSet<i64> = ways
        .iter()
        .flat_map(|(_, refs)| refs.iter().copied())
        .collect();
    let mut coords: HashMap<i64, (f64, f64)> = HashMap::with_capacity(wanted.len());
    if !wanted.is_empty() || !relation_way_refs.is_empty() {
        pass(&mut |e| match e {
            Element::DenseNode(n) if wanted.contains(&n.id()) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            Element::Node(n) if wanted.contains(&n.id()) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            Element::Way(w) => {
                if let Some(refs) = relation_way_refs.get_mut(&w.id()) {
                    *refs = w.refs().collect();
                }
            }
            _ => {}
        })?;
    }
    // Pass 3, only when relations need nodes not yet known.
    wanted = relation_way_refs
        .values()
        .flatten()
        .copied()
        .filter(|id| !coords.contains_key(id))
        .collect();
    if !wanted.is_empty() {
        pass(&mut |e| match e {
            Element::DenseNode(n) if wanted.contains(&n.id()) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            Element::Node(n) if wanted.contains(&n.id()) => {
                coords.insert(n.id(), (n.lat(), n.lon()));
            }
            _ => {}
        })?;
    }

    let ring = |refs: &[i64]| -> Vec<(f64, f64)> {
        refs.iter()
            .filter_map(|id| coords.get(id).copied())
            .collect()
    };
    for (p, refs) in ways {
        if let Some(centre) = outline_centre(&ring(&refs)) {
            clients.push(p.into_client(centre));
        }
    }
    for (p, members) in relations {
        // Each outer way is its own ring (or a piece of one): the mean of their centres,
        // weighted by node count, never one shoelace over rings glued end to end.
        let (mut lat, mut lon, mut weight) = (0.0, 0.0, 0.0);
        for refs in members.iter().filter_map(|w| relation_way_refs.get(w)) {
            let points = ring(refs);
            if let Some((a, b)) = outline_centre(&points) {
                let w = points.len() as f64;
                (lat, lon, weight) = (lat + a * w, lon + b * w, weight + w);
            }
        }
        if weight > 0.0 {
            clients.push(p.into_client((lat / weight, lon / weight)));
        }
    }
    drop(relation_way_refs);

    disambiguate(&mut places);
    fill_districts_from_places(&mut clients, &places);
    clients.sort_by_key(|c| id_order(&c.id));
    clients.dedup_by(|a, b| a.id == b.id);
    if clients.is_empty() {
        return Err(OsmError::NoClients {
            path: path.to_path_buf(),
        });
    }
    Ok(clients)
}

/// Settlements sharing a name (Ir-Rabat on Malta and on Gozo) get their English name, else
/// their kind, in brackets: `Ir-Rabat (Victoria)`; others keep their plain name.
fn disambiguate(places: &mut [(&str, String, f64, f64)]) {
    let plain = |name: &str| name.split('\u{1f}').next().unwrap_or("").to_string();
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in places.iter() {
        *count.entry(plain(&p.1)).or_default() += 1;
    }
    for p in places.iter_mut() {
        let name = plain(&p.1);
        p.1 = if count[&name] > 1 {
            let english = p.1.split('\u{1f}').nth(1).unwrap_or(p.0);
            format!("{name} ({english})")
        } else {
            name
        };
    }
}

/// Outlets take the nearest settlement's name within 5 km (a city's nearest suburb within 2 km);
/// the others keep their address tags.
fn fill_districts_from_places(clients: &mut [OsmClient], places: &[(&str, String, f64, f64)]) {
    let tree = |keep: &dyn Fn(&str) -> bool| {
        RTree::bulk_load(
            places
                .iter()
                .filter(|p| keep(p.0))
                .map(|(kind, name, lat, lon)| PlaceNode {
                    name: name.clone(),
                    city: *kind == "city",
                    xy: project(*lat, *lon),
                })
                .collect(),
        )
    };
    let all = tree(&|_| true);
    let suburbs = tree(&|kind| kind == "suburb");
    let within = |tree: &RTree<PlaceNode>, p: &[f64; 2], r: f64| {
        tree.nearest_neighbor(p)
            .filter(|n| n.distance_2(p) <= r * r)
            .map(|n| (n.name.clone(), n.city))
    };
    for c in clients.iter_mut() {
        let p = project(c.lat, c.lon);
        let district = match within(&all, &p, PLACE_RADIUS_KM) {
            Some((city, true)) => within(&suburbs, &p, SUBURB_RADIUS_KM).map_or(city, |s| s.0),
            Some((name, false)) => name,
            None => continue,
        };
        c.district = district;
    }
}

/// Writes clients as a contract `clients.csv` (header row: [`CLIENT_COLUMNS`] then
/// [`OSM_TAG_COLUMN`]); coordinates
/// with 7 decimals, the precision OSM stores.
pub fn write_clients<W: Write>(rows: &[OsmClient], writer: W) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(writer);
    w.write_record(CLIENT_COLUMNS.iter().chain([&OSM_TAG_COLUMN]))?;
    for c in rows {
        let lat = format!("{:.7}", c.lat);
        let lon = format!("{:.7}", c.lon);
        w.write_record([
            c.id.as_str(),
            &c.name,
            &lat,
            &lon,
            &c.district,
            &c.business_type,
            &c.value_tier,
            "",
            &c.open,
            &c.days,
            "",
            "",
            "",
            "",
            &c.osm_tag,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// Writes clients to a `clients.csv` file; see [`write_clients`].
pub fn write_clients_csv(rows: &[OsmClient], path: &Path) -> Result<(), OsmError> {
    let err = |source| OsmError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(|e| err(csv::Error::from(e)))?;
    write_clients(rows, std::io::BufWriter::new(file)).map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_of_a_square_outline() {
        let sq = [(0.0, 0.0), (0.0, 2.0), (2.0, 2.0), (2.0, 0.0), (0.0, 0.0)];
        let (lat, lon) = outline_centre(&sq).unwrap();
        assert!((lat - 1.0).abs() < 1e-12 && (lon - 1.0).abs() < 1e-12);
        // An L-shape: the area centroid differs from the vertex mean.
        let l = [
            (0.0, 0.0),
            (0.0, 3.0),
            (1.0, 3.0),
            (1.0, 1.0),
            (3.0, 1.0),
            (3.0, 0.0),
            (0.0, 0.0),
        ];
        let (lat, lon) = outline_centre(&l).unwrap();
        assert!(
            (lat - 1.1).abs() < 1e-12 && (lon - 1.1).abs() < 1e-12,
            "{lat} {lon}"
        );
        assert_eq!(outline_centre(&[(1.0, 2.0), (3.0, 4.0)]), Some((2.0, 3.0)));
        assert_eq!(outline_centre(&[]), None);
    }

    #[test]
    fn csv_has_the_contract_header_and_rows() {
        let rows = vec![OsmClient {
            id: "n1".into(),
            name: "Café, \"Nord\"".into(),
            lat: 60.1,
            lon: 24.9,
            district: "Kamppi".into(),
            business_type: "cafe".into(),
            value_tier: "regular".into(),
            open: "07:00-19:00".into(),
            days: String::new(),
            osm_tag: "amenity=cafe".into(),
        }];
        let mut out = Vec::new();
        write_clients(&rows, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        let header = format!("{},{OSM_TAG_COLUMN}", CLIENT_COLUMNS.join(","));
        assert_eq!(lines.next(), Some(header.as_str()));
        assert_eq!(
            lines.next(),
            Some("n1,\"Café, \"\"Nord\"\"\",60.1000000,24.9000000,Kamppi,cafe,regular,,07:00-19:00,,,,,,amenity=cafe")
        );
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn namesakes_get_their_english_name_or_kind() {
        let mut places = vec![
            ("city", "Ir-Rabat\u{1f}Victoria".to_string(), 36.04, 14.24),
            ("town", "Ir-Rabat\u{1f}Rabat".to_string(), 35.88, 14.40),
            ("village", "L-Imġarr".to_string(), 35.92, 14.37),
            ("village", "L-Imġarr\u{1f}Mġarr".to_string(), 36.02, 14.29),
            (
                "town",
                "Valletta\u{1f}Valletta City".to_string(),
                35.90,
                14.51,
            ),
        ];
        disambiguate(&mut places);
        let names: Vec<&str> = places.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(
            names,
            [
                "Ir-Rabat (Victoria)",
                "Ir-Rabat (Rabat)",
                "L-Imġarr (village)",
                "L-Imġarr (Mġarr)",
                "Valletta"
            ]
        );
    }

    #[test]
    fn a_city_gives_way_to_a_near_suburb() {
        let mut clients = vec![
            OsmClient {
                id: "n1".into(),
                name: String::new(),
                lat: 60.1700,
                lon: 24.9450,
                district: "Helsinki".into(),
                business_type: "cafe".into(),
                value_tier: "regular".into(),
                open: String::new(),
                days: String::new(),
                osm_tag: String::new(),
            };
            3
        ];
        clients[1].lat = 60.30; // 14 km north: beyond every settlement, keeps its address
        clients[2].lat = 60.1474; // 2.2 km south of the city, 2.6 km of the suburb: the city
        let places = [
            ("city", "Helsinki".to_string(), 60.1674, 24.9426),
            ("suburb", "Kluuvi".to_string(), 60.1708, 24.9473),
        ];
        fill_districts_from_places(&mut clients, &places);
        let got: Vec<&str> = clients.iter().map(|c| c.district.as_str()).collect();
        assert_eq!(got, ["Kluuvi", "Helsinki", "Helsinki"]);
    }

    #[test]
    fn a_missing_file_is_a_read_error_naming_it() {
        let err = read_osm_clients(Path::new("/nonexistent/x.osm.pbf")).unwrap_err();
        assert!(matches!(err, OsmError::Read { .. }));
        assert!(err.to_string().starts_with("/nonexistent/x.osm.pbf: "));
    }
}
