//! From OpenStreetMap tags to a client's business type, value tier and default opening hours.
//!
//! The mapping is coarse on purpose: OSM has hundreds of `shop=*` values, and a planner that
//! specialises managers by business type needs a handful of formats, not one per tag value. The
//! exact source tag is kept in the `osm_tag` column for anyone who wants a finer split.
//!
//! | business_type | OSM tags | value_tier | default `open` |
//! |---|---|---|---|
//! | `supermarket` | shop=supermarket, wholesale, department_store, hypermarket | key | 08:00-21:00 |
//! | `convenience` | shop=convenience, general, variety_store, grocery, food | regular | 07:00-21:00 |
//! | `kiosk` | shop=kiosk, newsagent, tobacco, e-cigarette, lottery | regular | 07:00-20:00 |
//! | `food_shop` | shop=bakery, butcher, greengrocer, deli, alcohol, wine, … | regular | 08:00-19:00 |
//! | `health_beauty` | shop=chemist, cosmetics, hairdresser, beauty, optician, … | regular | 09:00-19:00 |
//! | `clothes` | shop=clothes, shoes, boutique, jewelry, bag, … | regular | 09:00-19:00 |
//! | `electronics` | shop=electronics, mobile_phone, computer, appliance, … | regular | 09:00-19:00 |
//! | `home` | shop=doityourself, hardware, furniture, houseware, garden_centre, … | regular | 09:00-19:00 |
//! | `vehicle` | shop=car, car_repair, car_parts, tyres, motorcycle, bicycle | regular | 09:00-19:00 |
//! | `specialty` | any other shop=* | regular | 09:00-19:00 |
//! | `restaurant` | amenity=restaurant, food_court | regular | 11:00-15:00;18:00-23:00 |
//! | `fast_food` | amenity=fast_food | regular | 10:00-23:00 |
//! | `cafe` | amenity=cafe, ice_cream | regular | 07:00-19:00 |
//! | `bar` | amenity=bar, pub, biergarten | night | 17:00-24:00 |
//! | `nightclub` | amenity=nightclub, casino | night | 21:00-24:00 |
//! | `hotel` | tourism=hotel, motel, hostel, guest_house, apartment | key | 00:00-24:00 |
//!
//! Lodging wins over shop, and shop over amenity, when an element has several (a hotel with a
//! restaurant is visited as a hotel). Closed outlets are skipped: `shop=vacant|no|none|closed|
//! disused|abandoned`, elements tagged `disused=yes` or `abandoned=yes`, and lifecycle-prefixed
//! tags such as `disused:shop=*` never match because only the plain keys are read.

/// What a set of tags makes of an outlet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Coarse business format, see the module table.
    pub business_type: &'static str,
    /// `key`, `regular` or `night`.
    pub value_tier: &'static str,
    /// Default opening windows, in the `open` column's format.
    pub open: &'static str,
    /// The tag that matched, e.g. `shop=bakery`.
    pub tag: String,
}

const SHOP_CLOSED: &[&str] = &["vacant", "no", "none", "closed", "disused", "abandoned"];

const SUPERMARKET: &[&str] = &[
    "supermarket",
    "wholesale",
    "department_store",
    "hypermarket",
];
const CONVENIENCE: &[&str] = &["convenience", "general", "variety_store", "grocery", "food"];
const KIOSK: &[&str] = &["kiosk", "newsagent", "tobacco", "e-cigarette", "lottery"];
const FOOD_SHOP: &[&str] = &[
    "bakery",
    "butcher",
    "greengrocer",
    "deli",
    "confectionery",
    "pastry",
    "alcohol",
    "beverages",
    "wine",
    "seafood",
    "fish",
    "cheese",
    "coffee",
    "tea",
    "dairy",
    "farm",
    "health_food",
    "spices",
    "chocolate",
    "pasta",
    "water",
    "nuts",
    "frozen_food",
    "organic",
];
const HEALTH_BEAUTY: &[&str] = &[
    "chemist",
    "pharmacy",
    "cosmetics",
    "perfumery",
    "hairdresser",
    "beauty",
    "optician",
    "medical_supply",
    "hearing_aids",
    "herbalist",
    "massage",
    "tattoo",
    "nutrition_supplements",
];
const CLOTHES: &[&str] = &[
    "clothes",
    "shoes",
    "boutique",
    "fashion",
    "jewelry",
    "jewellery",
    "bag",
    "fabric",
    "watches",
    "tailor",
    "leather",
    "fashion_accessories",
    "second_hand",
    "sewing",
];
const ELECTRONICS: &[&str] = &[
    "electronics",
    "mobile_phone",
    "computer",
    "appliance",
    "hifi",
    "camera",
    "video_games",
    "telecommunication",
];
const HOME: &[&str] = &[
    "doityourself",
    "hardware",
    "furniture",
    "houseware",
    "garden_centre",
    "paint",
    "bathroom_furnishing",
    "kitchen",
    "interior_decoration",
    "lighting",
    "bed",
    "carpet",
    "curtain",
    "tiles",
    "glaziery",
    "trade",
    "building_materials",
    "flooring",
    "electrical",
];
const VEHICLE: &[&str] = &[
    "car",
    "car_repair",
    "car_parts",
    "tyres",
    "motorcycle",
    "bicycle",
];

const SHOP_HOURS: &str = "09:00-19:00";

/// The first value of a possibly `;`-separated tag value, trimmed and lower-cased.
fn first_value(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Maps a `shop=*` value; `None` for closed or empty shops.
pub fn shop_category(value: &str) -> Option<Category> {
    let v = first_value(value);
    if v.is_empty() || SHOP_CLOSED.contains(&v.as_str()) {
        return None;
    }
    let (business_type, value_tier, open) = if SUPERMARKET.contains(&v.as_str()) {
        ("supermarket", "key", "08:00-21:00")
    } else if CONVENIENCE.contains(&v.as_str()) {
        ("convenience", "regular", "07:00-21:00")
    } else if KIOSK.contains(&v.as_str()) {
        ("kiosk", "regular", "07:00-20:00")
    } else if FOOD_SHOP.contains(&v.as_str()) {
        ("food_shop", "regular", "08:00-19:00")
    } else if HEALTH_BEAUTY.contains(&v.as_str()) {
        ("health_beauty", "regular", SHOP_HOURS)
    } else if CLOTHES.contains(&v.as_str()) {
        ("clothes", "regular", SHOP_HOURS)
    } else if ELECTRONICS.contains(&v.as_str()) {
        ("electronics", "regular", SHOP_HOURS)
    } else if HOME.contains(&v.as_str()) {
        ("home", "regular", SHOP_HOURS)
    } else if VEHICLE.contains(&v.as_str()) {
        ("vehicle", "regular", SHOP_HOURS)
    } else {
        ("specialty", "regular", SHOP_HOURS)
    };
    Some(Category {
        business_type,
        value_tier,
        open,
        tag: format!("shop={v}"),
    })
}

/// Maps an `amenity=*` value; `None` unless it is a food, drink or night venue.
pub fn amenity_category(value: &str) -> Option<Category> {
    let v = first_value(value);
    let (business_type, value_tier, open) = match v.as_str() {
        "restaurant" | "food_court" => ("restaurant", "regular", "11:00-15:00;18:00-23:00"),
        "fast_food" => ("fast_food", "regular", "10:00-23:00"),
        "cafe" | "ice_cream" => ("cafe", "regular", "07:00-19:00"),
        "bar" | "pub" | "biergarten" => ("bar", "night", "17:00-24:00"),
        "nightclub" | "casino" => ("nightclub", "night", "21:00-24:00"),
        _ => return None,
    };
    Some(Category {
        business_type,
        value_tier,
        open,
        tag: format!("amenity={v}"),
    })
}

/// Maps a `tourism=*` value; `None` unless it is lodging.
pub fn tourism_category(value: &str) -> Option<Category> {
    let v = first_value(value);
    match v.as_str() {
        "hotel" | "motel" | "hostel" | "guest_house" | "apartment" => Some(Category {
            business_type: "hotel",
            value_tier: "key",
            open: "00:00-24:00",
            tag: format!("tourism={v}"),
        }),
        _ => None,
    }
}

/// The category of an element from all its tags, or `None` when it is not a client.
pub fn classify(tags: &[(&str, &str)]) -> Option<Category> {
    let get = |key: &str| tags.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let gone = |key: &str| get(key).is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    if gone("disused") || gone("abandoned") {
        return None;
    }
    // A vacant shop is closed even if it still carries an amenity or tourism tag.
    if get("shop").is_some_and(|v| SHOP_CLOSED.contains(&first_value(v).as_str())) {
        return None;
    }
    get("tourism")
        .and_then(tourism_category)
        .or_else(|| get("shop").and_then(shop_category))
        .or_else(|| get("amenity").and_then(amenity_category))
}

/// The district of an element: `addr:city`, else `addr:suburb`, else the first part of `is_in`.
pub fn district_from_tags(tags: &[(&str, &str)]) -> Option<String> {
    let get = |key: &str| {
        tags.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    get("addr:city")
        .or_else(|| get("addr:suburb"))
        .or_else(|| {
            get("is_in")
                .and_then(|v| v.split([',', ';']).next())
                .map(str::trim)
        })
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The display name: `name`, else `name:en`, else `brand`.
pub fn name_from_tags(tags: &[(&str, &str)]) -> Option<String> {
    ["name", "name:en", "brand"].into_iter().find_map(|key| {
        tags.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shops_map_to_coarse_types() {
        let c = shop_category("supermarket").unwrap();
        assert_eq!((c.business_type, c.value_tier), ("supermarket", "key"));
        assert_eq!(c.open, "08:00-21:00");
        assert_eq!(c.tag, "shop=supermarket");
        assert_eq!(shop_category("Bakery").unwrap().business_type, "food_shop");
        assert_eq!(shop_category("kiosk").unwrap().business_type, "kiosk");
        assert_eq!(
            shop_category("clothes;shoes").unwrap().business_type,
            "clothes"
        );
        let odd = shop_category("party").unwrap();
        assert_eq!((odd.business_type, odd.open), ("specialty", "09:00-19:00"));
    }

    #[test]
    fn closed_shops_are_not_clients() {
        assert!(shop_category("vacant").is_none());
        assert!(shop_category("no").is_none());
        assert!(shop_category(" ").is_none());
        assert!(classify(&[("shop", "vacant"), ("amenity", "cafe")]).is_none());
        assert!(classify(&[("disused:shop", "bakery")]).is_none());
        assert!(classify(&[("shop", "bakery"), ("disused", "yes")]).is_none());
    }

    #[test]
    fn amenities_only_food_drink_and_night() {
        assert!(amenity_category("bank").is_none());
        assert!(amenity_category("parking").is_none());
        let r = amenity_category("restaurant").unwrap();
        assert_eq!(r.open, "11:00-15:00;18:00-23:00");
        let pub_ = amenity_category("pub").unwrap();
        assert_eq!((pub_.business_type, pub_.value_tier), ("bar", "night"));
        assert_eq!(pub_.open, "17:00-24:00");
        assert_eq!(amenity_category("nightclub").unwrap().open, "21:00-24:00");
        assert_eq!(amenity_category("ice_cream").unwrap().business_type, "cafe");
    }

    #[test]
    fn lodging_wins_over_shop_and_amenity() {
        let c = classify(&[("amenity", "restaurant"), ("tourism", "hotel")]).unwrap();
        assert_eq!(
            (c.business_type, c.value_tier, c.open),
            ("hotel", "key", "00:00-24:00")
        );
        assert!(classify(&[("tourism", "museum")]).is_none());
        let s = classify(&[("amenity", "cafe"), ("shop", "bakery")]).unwrap();
        assert_eq!(s.tag, "shop=bakery");
        assert!(classify(&[("name", "Nothing")]).is_none());
    }

    #[test]
    fn district_and_name_fallbacks() {
        assert_eq!(
            district_from_tags(&[("addr:suburb", "Kamppi"), ("addr:city", "Helsinki")]),
            Some("Helsinki".to_string())
        );
        assert_eq!(
            district_from_tags(&[("is_in", "Sliema, Malta")]),
            Some("Sliema".into())
        );
        assert_eq!(district_from_tags(&[("addr:city", " ")]), None);
        assert_eq!(name_from_tags(&[("brand", "Lidl")]), Some("Lidl".into()));
        assert_eq!(
            name_from_tags(&[("name", "A"), ("brand", "B")]),
            Some("A".into())
        );
    }
}
