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
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(actual: f64, expected: f64, rel: f64) -> bool {
        (actual - expected).abs() <= expected.abs() * rel
    }

    const LONDON: (f64, f64) = (51.5074, -0.1278);
    const PARIS: (f64, f64) = (48.8566, 2.3522);
    const KABUL: (f64, f64) = (34.5553, 69.2075);
    const ISLAMABAD: (f64, f64) = (33.6844, 73.0479);

    #[test]
    fn known_distances() {
        // London–Paris, published ≈ 344 km.
        let d = distance_km(LONDON.0, LONDON.1, PARIS.0, PARIS.1);
        assert!(close(d, 344.0, 0.01), "{d}");
        // Kabul–Islamabad, city centres: ≈ 366 km (haversine checked
        // independently; commonly quoted as 360–375 km).
        let d = distance_km(KABUL.0, KABUL.1, ISLAMABAD.0, ISLAMABAD.1);
        assert!(close(d, 366.5, 0.01), "{d}");
        // Ed Williams' aviation formulary example: LAX–JFK = 2144 nm.
        let lax = (33.0 + 57.0 / 60.0, -(118.0 + 24.0 / 60.0));
        let jfk = (40.0 + 38.0 / 60.0, -(73.0 + 47.0 / 60.0));
        let d = distance_km(lax.0, lax.1, jfk.0, jfk.1);
        assert!(close(d, 2144.0 * 1.852, 0.01), "{d}");
        // Antipodes: half the circumference, ≈ 20015 km, no NaN.
        let d = distance_km(10.0, 20.0, -10.0, -160.0);
        assert!((d - 20015.1).abs() < 0.1, "{d}");
        let d = distance_km(90.0, 0.0, -90.0, 0.0);
        assert!((d - 20015.1).abs() < 0.1, "{d}");
        // One degree of latitude ≈ 111.2 km; same point = 0.
        assert!((distance_km(0.0, 0.0, 1.0, 0.0) - 111.195).abs() < 0.01);
        assert_eq!(distance_km(34.5, 69.2, 34.5, 69.2), 0.0);
        // Across the antimeridian: Suva to 1° east of it, short way round.
        let d = distance_km(-18.1, 178.4, -18.1, -179.6);
        assert!(d < 212.0 && d > 210.0, "{d}");
    }

    #[test]
    fn coordinates_validity() {
        assert!(valid_coords(0.0, 0.0));
        assert!(valid_coords(90.0, 180.0));
        assert!(valid_coords(-90.0, -180.0));
        assert!(!valid_coords(90.1, 0.0));
        assert!(!valid_coords(0.0, -180.5));
        assert!(!valid_coords(f64::NAN, 0.0));
        assert!(!valid_coords(0.0, f64::INFINITY));
    }

    /// A square around Kabul, in CAP order (lat, lon).
    const SQUARE: [(f64, f64); 4] = [(34.0, 68.5), (35.0, 68.5), (35.0, 70.0), (34.0, 70.0)];

    #[test]
    fn polygon_inside_outside() {
        assert!(point_in_polygon(KABUL.0, KABUL.1, &SQUARE));
        assert!(!point_in_polygon(ISLAMABAD.0, ISLAMABAD.1, &SQUARE));
        assert!(!point_in_polygon(33.9, 69.0, &SQUARE));
        // Closed ring gives the same answers.
        let mut closed = SQUARE.to_vec();
        closed.push(SQUARE[0]);
        assert!(point_in_polygon(KABUL.0, KABUL.1, &closed));
        assert!(!point_in_polygon(ISLAMABAD.0, ISLAMABAD.1, &closed));
        // Boundary and vertex count as inside.
        assert!(point_in_polygon(34.0, 69.0, &SQUARE));
        assert!(point_in_polygon(35.0, 70.0, &SQUARE));
        // Degenerate input.
        assert!(!point_in_polygon(0.0, 0.0, &[]));
        assert!(!point_in_polygon(34.5, 69.0, &SQUARE[..2]));
        assert!(!point_in_polygon(
            34.5,
            69.0,
            &[(34.0, 68.5), (35.0, 70.0), (34.0, 68.5)]
        ));
        assert!(!point_in_polygon(f64::NAN, 69.0, &SQUARE));
        assert!(!point_in_polygon(
            34.5,
            69.0,
            &[(34.0, 68.5), (f64::NAN, 70.0), (35.0, 70.0)]
        ));
    }

    #[test]
    fn concave_polygon() {
        // A "U": the notch between the arms (lat 2..4, lon 1..2) is outside.
        let u = [
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 1.0),
            (2.0, 1.0),
            (2.0, 2.0),
            (4.0, 2.0),
            (4.0, 3.0),
            (0.0, 3.0),
        ];
        assert!(point_in_polygon(3.0, 0.5, &u)); // left arm
        assert!(point_in_polygon(3.0, 2.5, &u)); // right arm
        assert!(point_in_polygon(1.0, 1.5, &u)); // base
        assert!(!point_in_polygon(3.0, 1.5, &u)); // notch
        assert!(!point_in_polygon(5.0, 1.5, &u));
        // Rays that run along horizontal edges and through vertices.
        assert!(point_in_polygon(2.0, 0.5, &u)); // level with the notch's floor
        assert!(!point_in_polygon(4.0 + 1e-6, 1.5, &u)); // level with the arm tops
        assert!(!point_in_polygon(4.0 - 1e-6, 1.5, &u));
        // On the notch's floor is on the boundary; just above it is not.
        assert!(point_in_polygon(2.0, 1.5, &u));
        assert!(!point_in_polygon(2.0 + 1e-6, 1.5, &u));
    }

    #[test]
    fn polygon_crossing_the_antimeridian() {
        // A box around Fiji, from 176°E to 178°W (crossing 180°).
        let fiji = [
            (-15.0, 176.0),
            (-15.0, -178.0),
            (-20.0, -178.0),
            (-20.0, 176.0),
            (-15.0, 176.0),
        ];
        assert!(point_in_polygon(-18.14, 178.44, &fiji)); // Suva
        assert!(point_in_polygon(-16.5, -179.5, &fiji)); // Taveuni side, west longitude
        assert!(point_in_polygon(-17.0, 180.0, &fiji));
        assert!(point_in_polygon(-17.0, -180.0, &fiji));
        assert!(!point_in_polygon(-18.0, 0.0, &fiji)); // the long way round
        assert!(!point_in_polygon(-18.0, 170.0, &fiji));
        assert!(!point_in_polygon(-18.0, -175.0, &fiji));
        assert!(!point_in_polygon(-21.2, -175.2, &fiji)); // Tonga
        assert!(point_in_polygon(-17.0, 176.0, &fiji)); // western edge
        assert!(point_in_polygon(-17.0, 176.0 - 1e-12, &fiji)); // a hair west: still the edge
        assert!(point_in_polygon(-17.0, -178.0, &fiji)); // eastern edge
        // Same box starting from the west-longitude side.
        let fiji2 = [
            (-15.0, -178.0),
            (-20.0, -178.0),
            (-20.0, 176.0),
            (-15.0, 176.0),
        ];
        assert!(point_in_polygon(-18.14, 178.44, &fiji2));
        assert!(point_in_polygon(-16.5, -179.5, &fiji2));
        assert!(!point_in_polygon(-18.0, 170.0, &fiji2));
    }

    #[test]
    fn circles() {
        // 50 km around Kabul.
        assert!(point_in_circle(34.6, 69.3, KABUL.0, KABUL.1, 50.0));
        assert!(!point_in_circle(
            ISLAMABAD.0,
            ISLAMABAD.1,
            KABUL.0,
            KABUL.1,
            50.0
        ));
        assert!(point_in_circle(
            ISLAMABAD.0,
            ISLAMABAD.1,
            KABUL.0,
            KABUL.1,
            400.0
        ));
        // Radius 0: the point itself, within 0.5 km.
        assert!(point_in_circle(KABUL.0, KABUL.1, KABUL.0, KABUL.1, 0.0));
        assert!(point_in_circle(
            KABUL.0 + 0.004,
            KABUL.1,
            KABUL.0,
            KABUL.1,
            0.0
        )); // ≈ 0.44 km
        assert!(!point_in_circle(
            KABUL.0 + 0.005,
            KABUL.1,
            KABUL.0,
            KABUL.1,
            0.0
        )); // ≈ 0.56 km
        // Across the antimeridian.
        assert!(point_in_circle(-18.0, -179.9, -18.0, 179.9, 25.0));
        // Nonsense radius.
        assert!(!point_in_circle(KABUL.0, KABUL.1, KABUL.0, KABUL.1, -1.0));
        assert!(!point_in_circle(
            KABUL.0,
            KABUL.1,
            KABUL.0,
            KABUL.1,
            f64::NAN
        ));
    }

    #[test]
    fn within_radius_orders_and_cuts_off() {
        let stations = [
            PARIS,
            KABUL,
            LONDON,
            ISLAMABAD,
            (f64::NAN, 0.0),
            (34.53, 69.17),
        ];
        let hits = within_radius(KABUL.0, KABUL.1, 400.0, &stations);
        let idx: Vec<usize> = hits.iter().map(|h| h.0).collect();
        assert_eq!(idx, vec![1, 5, 3]);
        assert_eq!(hits[0].1, 0.0);
        assert_eq!(
            hits[1].1,
            (distance_km(KABUL.0, KABUL.1, 34.53, 69.17) * 10.0).round() / 10.0
        );
        assert!((hits[2].1 - 366.5).abs() < 0.1);
        // Cutoff just below Islamabad drops it.
        let d = distance_km(KABUL.0, KABUL.1, ISLAMABAD.0, ISLAMABAD.1);
        assert_eq!(
            within_radius(KABUL.0, KABUL.1, d - 0.01, &stations).len(),
            2
        );
        assert_eq!(within_radius(KABUL.0, KABUL.1, d, &stations).len(), 3);
        // London: Paris at ≈ 344 km.
        let hits = within_radius(LONDON.0, LONDON.1, 350.0, &stations);
        assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), vec![2, 0]);
        // Radius 0 and nonsense.
        assert_eq!(
            within_radius(KABUL.0, KABUL.1, 0.0, &stations),
            vec![(1, 0.0)]
        );
        assert!(within_radius(KABUL.0, KABUL.1, -5.0, &stations).is_empty());
        assert!(within_radius(f64::NAN, 0.0, 100.0, &stations).is_empty());
        // Ties keep input order.
        let twins = [(1.0, 1.0), (0.0, 0.0), (1.0, 1.0)];
        assert_eq!(
            within_radius(1.0, 1.0, 10.0, &twins),
            vec![(0, 0.0), (2, 0.0)]
        );
    }

    #[test]
    fn within_radius_across_antimeridian_and_poles() {
        let pts = [
            (-18.0, 179.9),
            (-18.0, -179.9),
            (-18.0, 170.0),
            (89.9, 0.0),
            (89.9, 180.0),
        ];
        let idx: Vec<usize> = within_radius(-18.0, 180.0, 50.0, &pts)
            .iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(idx.len(), 2);
        assert!(idx.contains(&0) && idx.contains(&1));
        // Near the pole, longitudes far apart are close together.
        let idx: Vec<usize> = within_radius(89.95, 90.0, 30.0, &pts)
            .iter()
            .map(|h| h.0)
            .collect();
        assert_eq!(idx.len(), 2);
        assert!(idx.contains(&3) && idx.contains(&4));
        // A radius larger than half the earth takes everything.
        assert_eq!(within_radius(0.0, 0.0, 21_000.0, &pts).len(), 5);
    }

    #[test]
    fn index_matches_scan() {
        let pts = [
            PARIS,
            KABUL,
            LONDON,
            ISLAMABAD,
            (f64::NAN, 1.0),
            (34.53, 69.17),
        ];
        let index = GeoIndex::new(&pts);
        assert_eq!(index.len(), 5);
        for r in [0.0, 10.0, 400.0, 5000.0, 30_000.0] {
            assert_eq!(
                index.within_radius(KABUL.0, KABUL.1, r),
                within_radius(KABUL.0, KABUL.1, r, &pts)
            );
        }
        assert!(GeoIndex::new(&[]).is_empty());
    }

    fn coord() -> impl Strategy<Value = (f64, f64)> {
        (-90.0..=90.0f64, -180.0..=180.0f64)
    }

    proptest! {
        #[test]
        fn distance_is_a_metric(a in coord(), b in coord(), c in coord()) {
            let ab = distance_km(a.0, a.1, b.0, b.1);
            let ba = distance_km(b.0, b.1, a.0, a.1);
            prop_assert!((0.0..=EARTH_RADIUS_KM * std::f64::consts::PI + 1e-6).contains(&ab));
            prop_assert!((ab - ba).abs() < 1e-6);
            let ac = distance_km(a.0, a.1, c.0, c.1);
            let cb = distance_km(c.0, c.1, b.0, b.1);
            prop_assert!(ab <= ac + cb + 1e-6);
        }

        #[test]
        fn prefilter_never_loses_a_point(
            centre in coord(),
            radius in 0.0..3000.0f64,
            pts in prop::collection::vec(coord(), 0..200),
        ) {
            let hits = within_radius(centre.0, centre.1, radius, &pts);
            let mut expected: Vec<(usize, f64)> = pts
                .iter()
                .enumerate()
                .map(|(i, p)| (i, distance_km(centre.0, centre.1, p.0, p.1)))
                .filter(|h| h.1 <= radius)
                .collect();
            expected.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let got: Vec<usize> = hits.iter().map(|h| h.0).collect();
            let want: Vec<usize> = expected.iter().map(|h| h.0).collect();
            prop_assert_eq!(&got, &want);
            prop_assert_eq!(GeoIndex::new(&pts).within_radius(centre.0, centre.1, radius), hits);
        }

        #[test]
        fn polygon_answer_ignores_representation(
            c_lat in -60.0..60.0f64,
            c_lon in -180.0..180.0f64,
            radii in prop::collection::vec(0.2..3.0f64, 3..12),
            rot in 0usize..12,
            p in (-4.0..4.0f64, -4.0..4.0f64),
        ) {
            // A star-shaped (so simple) polygon around (c_lat, c_lon),
            // longitudes wrapped into [-180, 180) as a feed would write them.
            let w = |o: f64| (o + 180.0).rem_euclid(360.0) - 180.0;
            let n = radii.len();
            let ring: Vec<(f64, f64)> = radii
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let t = i as f64 * std::f64::consts::TAU / n as f64;
                    (c_lat + r * t.sin(), w(c_lon + r * t.cos()))
                })
                .collect();
            let (lat, lon) = (c_lat + p.0, w(c_lon + p.1));
            let base = point_in_polygon(lat, lon, &ring);
            let mut rotated = ring.clone();
            rotated.rotate_left(rot % n);
            prop_assert_eq!(point_in_polygon(lat, lon, &rotated), base);
            let mut reversed = ring.clone();
            reversed.reverse();
            prop_assert_eq!(point_in_polygon(lat, lon, &reversed), base);
            let mut closed = ring.clone();
            closed.push(ring[0]);
            prop_assert_eq!(point_in_polygon(lat, lon, &closed), base);
            // Same answer for the point written with longitude ± 360.
            prop_assert_eq!(point_in_polygon(lat, lon + 360.0, &ring), base);
            // The centre of a star-shaped polygon is inside it.
            prop_assert!(point_in_polygon(c_lat, w(c_lon), &ring));
        }

        #[test]
        fn shifted_polygon_same_answer(
            lat in -60.0..60.0f64, lon in -180.0..180.0f64, dlat in -3.0..3.0f64, dlon in -3.0..3.0f64,
        ) {
            // A 2°×2° square centred at (lat, lon), wherever it falls
            // (across the antimeridian too), contains exactly the points
            // within 1° of its centre in both axes.
            let w = |o: f64| (o + 180.0).rem_euclid(360.0) - 180.0;
            let sq = [
                (lat - 1.0, w(lon - 1.0)),
                (lat + 1.0, w(lon - 1.0)),
                (lat + 1.0, w(lon + 1.0)),
                (lat - 1.0, w(lon + 1.0)),
            ];
            prop_assume!((dlat.abs() - 1.0).abs() > 1e-6 && (dlon.abs() - 1.0).abs() > 1e-6);
            let inside = dlat.abs() < 1.0 && dlon.abs() < 1.0;
            prop_assert_eq!(point_in_polygon(lat + dlat, w(lon + dlon), &sq), inside);
        }
    }
}
