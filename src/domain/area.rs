//! Areas a hazard covers (CAP `<circle>` and `<polygon>`): a duty station
//! inside one is affected at distance 0 (SPEC §2, Alert).
//!
//! Coordinates are `(lat, lon)` degrees, as everywhere in `domain`.

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
}
