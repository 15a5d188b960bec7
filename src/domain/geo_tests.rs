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
