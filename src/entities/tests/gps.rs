//! GPS positions in text and in LOCATION bodies.

use super::*;
use crate::entities::gps::latlon;

#[test]
fn gps_in_text() {
    for (written, value) in [
        ("51.9244, 4.4777", "51.92440,4.47770"),
        ("51.9244,4.4777", "51.92440,4.47770"),
        ("43.2965 5.3698", "43.29650,5.36980"),
        ("51.5074, -0.1278", "51.50740,-0.12780"),
        ("-33.8688, 151.2093", "-33.86880,151.20930"),
        ("48.856613;2.352222", "48.85661,2.35222"),
        ("48.856, 2.3522", "48.85600,2.35220"),
        ("N 51°55'28\" E 4°28'40\"", "51.92444,4.47778"),
        ("51°55'28\"N 4°28'40\"E", "51.92444,4.47778"),
        ("51°55′28″N, 4°28′40″E", "51.92444,4.47778"),
        ("N 43° 17.79' E 5° 22.19'", "43.29650,5.36983"),
        ("51.5074° N, 0.1278° W", "51.50740,-0.12780"),
        ("48°51'24\"N 2°21'8\"O", "48.85667,-2.35222"), // O: ouest
    ] {
        one(&format!("rdv ici {written} à 22h"), "und", EntityKind::Gps, value, written);
    }
    // A map link.
    one("https://maps.google.com/?q=51.9244,4.4777", "und", EntityKind::Gps, "51.92440,4.47770", "51.9244,4.4777");
}

#[test]
fn non_gps() {
    for text in [
        "12.50, 3.20",       // two decimals: prices
        "1.500, 2.300",      // three decimals on both: Dutch thousands
        "95.1234, 4.1234",   // latitude out of range
        "45.1234, 190.1234", // longitude out of range
        "51.9244",           // one number
        "v1.2.3456 4.5678",  // version strings
        "N 95°55'28\" E 4°28'40\"",
        "N 51°65'28\" E 4°28'40\"",
    ] {
        none_of(text, EntityKind::Gps);
    }
}

#[test]
fn generated_gps_are_all_found() {
    let mut rng = Rng::with_seed(7);
    for round in 0..300 {
        let place = gen_::GPS_PLACES[round % gen_::GPS_PLACES.len()].0;
        let written = gen_::gps(&mut rng, place).unwrap();
        let parts: Vec<f64> = written.split([',', ' ']).filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        let value = latlon(parts[0], parts[1]);
        let text = wrap(&mut rng, &written);
        one(&text, "und", EntityKind::Gps, &value, &written);
    }
}

#[test]
fn location_bodies() {
    let e = extract_location(51.9244, 4.4777).unwrap();
    assert_eq!((e.kind, e.value.as_str(), e.span), (EntityKind::Gps, "51.92440,4.47770", 0..0));
    assert_eq!(extract_location(-0.000001, -180.0).unwrap().value, "0.00000,-180.00000");
    assert_eq!(extract_location(90.0, 180.0).unwrap().value, "90.00000,180.00000");
    for (lat, lon) in [(f64::NAN, 0.0), (0.0, f64::INFINITY), (90.1, 0.0), (0.0, -180.5), (f64::NEG_INFINITY, 1.0)] {
        assert!(extract_location(lat, lon).is_none(), "{lat} {lon}");
    }
}
