//! Areas a hazard covers (CAP `<circle>` and `<polygon>`): a duty station
//! inside one is affected at distance 0 (SPEC §2, Alert).
//!
//! Coordinates are `(lat, lon)` degrees, as everywhere in `domain`.

use serde::Serialize;

use super::geo;

/// One shape of an alert's area.
#[derive(Debug, Clone, PartialEq)]
pub enum Area {
    /// Centre and radius; a radius of 0 means the point itself (within 0.5 km).
    Circle { lat: f64, lon: f64, radius_km: f64 },
    /// A ring of vertices; closed or not.
    Polygon(Vec<(f64, f64)>),
}

impl Area {
    /// Whether the point lies inside (boundary included).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        match self {
            Area::Circle {
                lat: c_lat,
                lon: c_lon,
                radius_km,
            } => geo::point_in_circle(lat, lon, *c_lat, *c_lon, *radius_km),
            Area::Polygon(ring) => geo::point_in_polygon(lat, lon, ring),
        }
    }

    /// A representative point: a circle's centre, or the mean of a
    /// polygon's distinct vertices (longitudes unwrapped, so a polygon across
    /// the antimeridian gets a centre inside it).
    pub fn centre(&self) -> Option<(f64, f64)> {
        match self {
            Area::Circle { lat, lon, .. } => Some((*lat, *lon)),
            Area::Polygon(ring) => {
                let ring = match ring.as_slice() {
                    [first, .., last] if first == last => &ring[..ring.len() - 1],
                    r => r,
                };
                mean_point(ring.iter().copied())
            }
        }
    }

    /// A circle `(lat, lon, radius_km)` enclosing the shape, for cheap
    /// pre-filtering before [`Area::contains`]. `None` for an empty polygon.
    pub fn bounds(&self) -> Option<(f64, f64, f64)> {
        match self {
            Area::Circle {
                lat,
                lon,
                radius_km,
            } => Some((*lat, *lon, radius_km.max(0.0) + 1.0)),
            Area::Polygon(ring) => {
                let (c_lat, c_lon) = self.centre()?;
                let far = ring
                    .iter()
                    .map(|&(a, o)| geo::distance_km(c_lat, c_lon, a, o))
                    .fold(0.0, f64::max);
                // Edges are straight in (lat, lon), not great circles: leave
                // room for an edge that bows away from the centre.
                Some((c_lat, c_lon, far * 1.1 + 1.0))
            }
        }
    }
}

/// The centre of several areas: the mean of their centres.
pub fn centroid(areas: &[Area]) -> Option<(f64, f64)> {
    mean_point(areas.iter().filter_map(Area::centre))
}

/// Mean of points, longitudes unwrapped relative to the first point and the
/// result brought back into [-180, 180].
fn mean_point(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let mut first_lon = None;
    let (mut n, mut sum_lat, mut sum_lon) = (0u32, 0.0, 0.0);
    for (lat, lon) in points {
        if !lat.is_finite() || !lon.is_finite() {
            continue;
        }
        let base = *first_lon.get_or_insert(lon);
        sum_lat += lat;
        sum_lon += base + wrap180(lon - base);
        n += 1;
    }
    if n == 0 {
        return None;
    }
    let n = f64::from(n);
    let lon = wrap180(sum_lon / n);
    Some((sum_lat / n, if lon == -180.0 { 180.0 } else { lon }))
}

/// Why a point cannot be where its source says (lon/lat swapped, most
/// likely): the item is flagged on its feed and not plotted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Implausible {
    /// A latitude beyond ±90 that would be a longitude, the other value a
    /// latitude: as written, `lat,lon` cannot be.
    LatitudeOutOfRange { lat: f64, lon: f64 },
    /// Outside every shape of its own area, and inside one with lat and
    /// lon swapped.
    Swapped { lat: f64, lon: f64 },
    /// Outside every shape of its own area.
    OutsideArea { lat: f64, lon: f64 },
}

impl Implausible {
    /// A few words for a list's row.
    pub fn short(&self) -> &'static str {
        match self {
            Implausible::LatitudeOutOfRange { .. } | Implausible::Swapped { .. } => {
                "lon/lat swapped?"
            }
            Implausible::OutsideArea { .. } => "point outside its area",
        }
    }
}

impl std::fmt::Display for Implausible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Implausible::LatitudeOutOfRange { lat, lon } => write!(
                f,
                "point {lat},{lon} has a latitude beyond ±90 (lon/lat swapped?)"
            ),
            Implausible::Swapped { lat, lon } => write!(
                f,
                "point {lat},{lon} lies outside its area, {lon},{lat} inside (lon/lat swapped?)"
            ),
            Implausible::OutsideArea { lat, lon } => {
                write!(f, "point {lat},{lon} lies outside its own area")
            }
        }
    }
}

/// Whether the point `(lat, lon)` is implausible for the `areas` its own
/// source gave: a latitude beyond ±90 that swapped would be valid, or a
/// point outside the circle enclosing every shape (its swap inside one
/// says why). `None`: plausible, or nothing to compare with.
pub fn implausible(lat: f64, lon: f64, areas: &[Area]) -> Option<Implausible> {
    if !lat.is_finite() || !lon.is_finite() {
        return None;
    }
    if lat.abs() > 90.0 {
        return (lon.abs() <= 90.0 && lat.abs() <= 180.0)
            .then_some(Implausible::LatitudeOutOfRange { lat, lon });
    }
    let near = |a: f64, o: f64| {
        areas
            .iter()
            .filter_map(Area::bounds)
            .any(|(c_lat, c_lon, r)| geo::distance_km(a, o, c_lat, c_lon) <= r)
    };
    if areas.iter().all(|a| a.bounds().is_none()) || near(lat, lon) {
        return None;
    }
    if lon.abs() <= 90.0 && areas.iter().any(|a| a.contains(lon, lat)) {
        Some(Implausible::Swapped { lat, lon })
    } else {
        Some(Implausible::OutsideArea { lat, lon })
    }
}

fn wrap180(d: f64) -> f64 {
    (d + 180.0).rem_euclid(360.0) - 180.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_centre_and_bounds_enclose_it() {
        let square = Area::Polygon(vec![
            (0.0, 0.0),
            (0.0, 2.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (0.0, 0.0),
        ]);
        assert_eq!(square.centre(), Some((1.0, 1.0)));
        let (a, o, r) = square.bounds().unwrap();
        assert!(geo::distance_km(a, o, 0.0, 0.0) < r);
        assert!(square.contains(1.5, 0.5));
        assert!(!square.contains(2.5, 0.5));
    }

    #[test]
    fn centre_across_the_antimeridian_is_inside() {
        let p = Area::Polygon(vec![
            (-1.0, 179.0),
            (-1.0, -179.0),
            (1.0, -179.0),
            (1.0, 179.0),
        ]);
        let (lat, lon) = p.centre().unwrap();
        assert!(lat.abs() < 1e-9);
        assert!((lon.abs() - 180.0).abs() < 1e-9, "{lon}");
        assert!(p.contains(lat, lon));
    }

    #[test]
    fn centroid_of_circles_is_the_mean_of_centres() {
        let c = |lat, lon| Area::Circle {
            lat,
            lon,
            radius_km: 5.0,
        };
        assert_eq!(
            centroid(&[c(10.0, 20.0), c(20.0, 40.0)]),
            Some((15.0, 30.0))
        );
        assert_eq!(centroid(&[]), None);
        assert_eq!(centroid(&[Area::Polygon(vec![])]), None);
    }

    #[test]
    fn a_point_swapped_against_its_own_area_is_flagged() {
        // Värmland, Sweden: around 59.5 N, 13.3 E.
        let varmland = Area::Polygon(vec![(59.0, 12.5), (59.0, 14.0), (60.2, 14.0), (60.2, 12.5)]);
        let areas = [varmland];
        assert_eq!(implausible(59.4, 13.5, &areas), None, "inside");
        assert_eq!(
            implausible(13.5, 59.4, &areas),
            Some(Implausible::Swapped {
                lat: 13.5,
                lon: 59.4
            })
        );
        assert_eq!(
            implausible(-33.9, 151.2, &areas),
            Some(Implausible::OutsideArea {
                lat: -33.9,
                lon: 151.2
            })
        );
        // Just outside a corner but inside the enclosing circle: not
        // flagged, an edge point is no error.
        assert_eq!(implausible(58.99, 12.49, &areas), None);
        // Nothing to compare with: only the range is checked.
        assert_eq!(implausible(13.5, 59.4, &[]), None);
    }

    #[test]
    fn a_latitude_beyond_90_that_would_be_a_longitude_is_flagged() {
        let swapped = implausible(-115.55, 32.95, &[]);
        assert_eq!(
            swapped,
            Some(Implausible::LatitudeOutOfRange {
                lat: -115.55,
                lon: 32.95
            })
        );
        let text = swapped.map(|s| s.to_string()).unwrap_or_default();
        assert!(
            text.contains("-115.55,32.95") && text.contains("lon/lat swapped?"),
            "{text}"
        );
        // Both beyond ±90: nonsense, not a swap.
        assert_eq!(implausible(120.0, 150.0, &[]), None);
        assert_eq!(implausible(f64::NAN, 10.0, &[]), None);
    }
}
