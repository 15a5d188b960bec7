//! Small geographic and formatting helpers shared by the generators.

use chrono::DateTime;

use super::cities::{City, cities};
use super::rng::Draw;

const EARTH_RADIUS_KM: f64 = 6371.0;

/// Great-circle distance in kilometres.
pub(crate) fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// The point `km` away from `(lat, lon)` on initial bearing `bearing_deg`.
pub(crate) fn destination(lat: f64, lon: f64, bearing_deg: f64, km: f64) -> (f64, f64) {
    let d = km / EARTH_RADIUS_KM;
    let (p1, l1, b) = (lat.to_radians(), lon.to_radians(), bearing_deg.to_radians());
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    let mut lon2 = l2.to_degrees();
    while lon2 > 180.0 {
        lon2 -= 360.0;
    }
    while lon2 < -180.0 {
        lon2 += 360.0;
    }
    (p2.to_degrees(), lon2)
}

/// Initial bearing in degrees (0 = north, clockwise) from point 1 to point 2.
pub(crate) fn bearing_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// Sixteen-point compass name of a bearing.
pub(crate) fn compass(bearing: f64) -> &'static str {
    const POINTS: [&str; 16] = [
        "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW",
        "NW", "NNW",
    ];
    let i = ((bearing.rem_euclid(360.0) + 11.25) / 22.5) as usize % 16;
    POINTS[i]
}

/// The duty city nearest to a point, with its distance.
pub(crate) fn nearest_city(lat: f64, lon: f64) -> (&'static City, f64) {
    let all = cities();
    let mut best = (&all[0], f64::INFINITY);
    for c in all {
        let d = distance_km(lat, lon, c.lat, c.lon);
        if d < best.1 {
            best = (c, d);
        }
    }
    best
}

/// A point jittered up to `km` from `(lat, lon)`.
pub(crate) fn jitter(d: &mut Draw, lat: f64, lon: f64, km: f64) -> (f64, f64) {
    let bearing = d.unit() * 360.0;
    let dist = d.unit() * km;
    destination(lat, lon, bearing, dist)
}

/// "42 km SSW of Padang" for a point near a duty city.
pub(crate) fn relative_to_city(lat: f64, lon: f64) -> (String, &'static City) {
    let (city, km) = nearest_city(lat, lon);
    let dir = compass(bearing_deg(city.lat, city.lon, lat, lon));
    (
        format!("{} km {dir} of {}", km.round() as i64, city.name),
        city,
    )
}

/// Round to 1, 2 or 3 decimal places (for JSON that prints like `34.53`).
pub(crate) fn round_to(x: f64, decimals: i32) -> f64 {
    let f = match decimals {
        1 => 10.0,
        2 => 100.0,
        _ => 1000.0,
    };
    (x * f).round() / f
}

/// RFC 3339 UTC with `Z` and whole seconds.
pub(crate) fn rfc3339(unix: i64) -> String {
    match DateTime::from_timestamp(unix, 0) {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// `YYYY-MM-DD` of a Unix day number.
pub(crate) fn date_of_day(day: i64) -> String {
    match DateTime::from_timestamp(day * 86_400, 0) {
        Some(t) => t.format("%Y-%m-%d").to_string(),
        None => "1970-01-01".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_bearings_are_sane() {
        // Geneva to Nairobi is about 6,000 km.
        let d = distance_km(46.20, 6.14, -1.29, 36.82);
        assert!((5900.0..6200.0).contains(&d), "{d}");
        let (lat, lon) = destination(34.53, 69.17, 200.0, 42.0);
        assert!((distance_km(34.53, 69.17, lat, lon) - 42.0).abs() < 0.1);
        assert_eq!(compass(bearing_deg(34.53, 69.17, lat, lon)), "SSW");
        assert_eq!(compass(359.0), "N");
        let (_, lon) = destination(0.0, 179.9, 90.0, 100.0);
        assert!(lon < -179.0);
    }

    #[test]
    fn formats() {
        assert_eq!(rfc3339(1_795_381_200), "2026-11-22T21:00:00Z");
        assert_eq!(date_of_day(20_414), "2025-11-22");
        assert_eq!(round_to(0.856, 2), 0.86);
    }
}
