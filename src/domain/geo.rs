//! Geo-matching of hazards to duty stations (SPEC §3): great-circle
//! distance, CAP polygons and circles, stations within a radius.
//!
//! Coordinates are WGS84 degrees, `(lat, lon)` in that order everywhere (as
//! CAP writes them; GeoJSON's `[lon, lat]` is swapped by its parser). The
//! earth is a sphere of the mean radius, which is within 0.5 % of the
//! ellipsoid: plenty for "which stations does this hazard affect".

/// Mean earth radius (IUGG), km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// How close to a polygon's edge (degrees, ≈ 0.1 mm) counts as on it.
const BOUNDARY_EPS_DEG: f64 = 1e-9;

/// Tolerance of a circle of radius 0 ("only the exact point"), km.
const POINT_TOLERANCE_KM: f64 = 0.5;

/// Great-circle distance by the haversine formula, km. Numerically safe for
/// coincident and antipodal points. NaN if any input is NaN.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Point in a polygon of `(lat, lon)` vertices (CAP order), even-odd rule.
///
/// Closed (last vertex repeats the first) and unclosed rings are both
/// accepted. A polygon crossing the antimeridian is handled by unwrapping
/// each vertex's longitude to within 180° of the one before it, and testing
/// the point at the longitude (±360°) that falls in the polygon's span.
/// Points on an edge or vertex count as inside. Fewer than 3 distinct
/// vertices, or any non-finite coordinate, is never inside. Polygons that
/// enclose a pole are not supported (no CAP area does that in practice).
pub fn point_in_polygon(lat: f64, lon: f64, polygon: &[(f64, f64)]) -> bool {
    if !lat.is_finite() || !lon.is_finite() {
        return false;
    }
    let ring = match polygon {
        [first, .., last] if first == last => &polygon[..polygon.len() - 1],
        _ => polygon,
    };
    if ring.len() < 3 || ring.iter().any(|&(a, o)| !a.is_finite() || !o.is_finite()) {
        return false;
    }

    // Unwrap longitudes so that no edge jumps more than 180°: each vertex
    // is taken within 180° of the one before it. Allocation-free: the
    // sequence is produced twice, once for the bounds, once for the test.
    let unwrapped = || {
        let mut prev = ring[0].1;
        ring.iter().map(move |&(a, o)| {
            prev += wrap180(o - prev);
            (a, prev)
        })
    };
    let (mut min_lat, mut max_lat) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut min_lon, mut max_lon) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut last = ring[0];
    for (a, o) in unwrapped() {
        min_lat = min_lat.min(a);
        max_lat = max_lat.max(a);
        min_lon = min_lon.min(o);
        max_lon = max_lon.max(o);
        last = (a, o);
    }

    // The point's longitude, shifted into the polygon's 360° window (with a
    // hair of slack so a point on the western edge stays there).
    const EPS: f64 = BOUNDARY_EPS_DEG;
    let west = min_lon - EPS;
    let x = west + (lon - west).rem_euclid(360.0);
    let y = lat;
    if y < min_lat - EPS || y > max_lat + EPS || x > max_lon + EPS {
        return false; // outside the bounding box
    }

    let mut inside = false;
    // Edges: last → first, then each vertex to the next.
    let mut a = last;
    for b in unwrapped() {
        let ((ya, xa), (yb, xb)) = (a, b);
        if on_segment(x, y, xa, ya, xb, yb) {
            return true;
        }
        if (ya > y) != (yb > y) {
            let x_cross = xa + (y - ya) * (xb - xa) / (yb - ya);
            if x < x_cross {
                inside = !inside;
            }
        }
        a = b;
    }
    inside
}

/// Inside a CAP circle (centre and radius in km, boundary included). A radius
/// of 0 means the point itself, within 0.5 km. A negative or non-finite
/// radius contains nothing.
pub fn point_in_circle(lat: f64, lon: f64, c_lat: f64, c_lon: f64, radius_km: f64) -> bool {
    if !radius_km.is_finite() || radius_km < 0.0 {
        return false;
    }
    distance_km(lat, lon, c_lat, c_lon) <= radius_km.max(POINT_TOLERANCE_KM)
}

/// Valid coordinates: finite, latitude in [-90, 90], longitude in [-180, 180].
pub fn valid_coords(lat: f64, lon: f64) -> bool {
    (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)
}

/// Points within `radius_km` (inclusive) of `(lat, lon)`, nearest first
/// (ties by index), as `(index into points, distance km rounded to 0.1)`.
/// The cutoff uses the exact distance, not the rounded one. Points with
/// non-finite coordinates are skipped; a negative or non-finite radius or
/// point gives nothing.
///
/// A latitude band and, away from the poles, a longitude band discard most
/// points before any trigonometry. For many queries against the same points
/// use [`GeoIndex`].
pub fn within_radius(
    lat: f64,
    lon: f64,
    radius_km: f64,
    points: &[(f64, f64)],
) -> Vec<(usize, f64)> {
    let Some(bounds) = Bounds::new(lat, lon, radius_km) else {
        return Vec::new();
    };
    let mut hits: Vec<(usize, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, &(p_lat, p_lon))| bounds.check(p_lat, p_lon).map(|d| (i, d)))
        .collect();
    finish(&mut hits);
    hits
}

/// Points sorted by latitude, for many [`within_radius`] queries against the
/// same stations (1k stations × 10k hazards): each query binary-searches the
/// latitude band instead of scanning every station. Same results as
/// [`within_radius`].
#[derive(Debug, Clone, Default)]
pub struct GeoIndex {
    /// `(lat, lon, original index)`, finite coordinates only, by latitude.
    sorted: Vec<(f64, f64, usize)>,
}

impl GeoIndex {
    pub fn new(points: &[(f64, f64)]) -> GeoIndex {
        let mut sorted: Vec<(f64, f64, usize)> = points
            .iter()
            .enumerate()
            .filter(|(_, (a, o))| a.is_finite() && o.is_finite())
            .map(|(i, &(a, o))| (a, o, i))
            .collect();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        GeoIndex { sorted }
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// As [`within_radius`] over the points given to [`GeoIndex::new`].
    pub fn within_radius(&self, lat: f64, lon: f64, radius_km: f64) -> Vec<(usize, f64)> {
        let Some(bounds) = Bounds::new(lat, lon, radius_km) else {
            return Vec::new();
        };
        let lo = self.sorted.partition_point(|p| p.0 < bounds.lat_min);
        let hi = self.sorted.partition_point(|p| p.0 <= bounds.lat_max);
        let mut hits: Vec<(usize, f64)> = self.sorted[lo..hi.max(lo)]
            .iter()
            .filter_map(|&(a, o, i)| bounds.check(a, o).map(|d| (i, d)))
            .collect();
        finish(&mut hits);
        hits
    }
}

/// Pre-filter and exact test for one query.
struct Bounds {
    lat: f64,
    lon: f64,
    radius_km: f64,
    lat_min: f64,
    lat_max: f64,
    /// Largest longitude difference (degrees) of a point within the radius,
    /// or `None` when the circle reaches a pole.
    max_dlon: Option<f64>,
}

impl Bounds {
    fn new(lat: f64, lon: f64, radius_km: f64) -> Option<Bounds> {
        if !lat.is_finite() || !lon.is_finite() || !radius_km.is_finite() || radius_km < 0.0 {
            return None;
        }
        // Angular radius, degrees; a hair of slack so the band never
        // rejects a point the exact test would accept.
        let ang = radius_km / EARTH_RADIUS_KM;
        let ang_deg = ang.to_degrees() * (1.0 + 1e-9) + 1e-9;
        let lat_min = lat - ang_deg;
        let lat_max = lat + ang_deg;
        // A cap of angular radius θ around latitude φ spans ±asin(sin θ / cos φ)
        // of longitude, unless it reaches a pole.
        let max_dlon = if ang < std::f64::consts::FRAC_PI_2 && lat_min > -90.0 && lat_max < 90.0 {
            let s = ang.sin() / lat.to_radians().cos();
            (s < 1.0).then(|| s.asin().to_degrees() * (1.0 + 1e-9) + 1e-9)
        } else {
            None
        };
        Some(Bounds {
            lat,
            lon,
            radius_km,
            lat_min,
            lat_max,
            max_dlon,
        })
    }

    fn check(&self, p_lat: f64, p_lon: f64) -> Option<f64> {
        // NaN latitudes fail the range test.
        if !(self.lat_min..=self.lat_max).contains(&p_lat) || !p_lon.is_finite() {
            return None;
        }
        if let Some(max) = self.max_dlon {
            if wrap180(p_lon - self.lon).abs() > max {
                return None;
            }
        }
        let d = distance_km(self.lat, self.lon, p_lat, p_lon);
        (d <= self.radius_km).then_some(d)
    }
}

/// Nearest first (exact distance, then index), then round to 0.1 km.
fn finish(hits: &mut [(usize, f64)]) {
    hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    for h in hits.iter_mut() {
        h.1 = (h.1 * 10.0).round() / 10.0;
    }
}

/// A longitude difference brought into [-180, 180).
fn wrap180(d: f64) -> f64 {
    (d + 180.0).rem_euclid(360.0) - 180.0
}

/// Whether `(x, y)` lies on the segment from `(xa, ya)` to `(xb, yb)`,
/// within a tolerance of about 1e-9 degrees (0.1 mm).
fn on_segment(x: f64, y: f64, xa: f64, ya: f64, xb: f64, yb: f64) -> bool {
    const EPS: f64 = BOUNDARY_EPS_DEG;
    if x < xa.min(xb) - EPS || x > xa.max(xb) + EPS || y < ya.min(yb) - EPS || y > ya.max(yb) + EPS
    {
        return false;
    }
    let (dx, dy) = (xb - xa, yb - ya);
    let len = dx.hypot(dy);
    if len == 0.0 {
        return (x - xa).hypot(y - ya) <= EPS;
    }
    ((x - xa) * dy - (y - ya) * dx).abs() / len <= EPS
}

#[cfg(test)]
#[path = "geo_tests.rs"]
mod tests;
