//! Which duty stations a hazard affects (SPEC §3, geo-matching): every
//! station inside one of its areas (distance 0), and every station within
//! the feed's `match_radius_km` of its point, nearest first.

use crate::domain::geo::GeoIndex;
use crate::domain::{SourceAlert, Station, StationRef};

/// The stations `alert` affects, nearest first (ties in station order).
/// `index` is built over `stations`' `(lat, lon)` in the same order. Empty
/// when none is near, or when the alert has neither a point nor an area.
pub fn affected(
    alert: &SourceAlert,
    stations: &[Station],
    index: &GeoIndex,
    radius_km: f64,
) -> Vec<StationRef> {
    let mut hits: Vec<(usize, f64)> = Vec::new();
    for area in &alert.areas {
        let Some((lat, lon, bound)) = area.bounds() else {
            continue;
        };
        for (i, _) in index.within_radius(lat, lon, bound) {
            let s = &stations[i];
            if area.contains(s.lat, s.lon) {
                hits.push((i, 0.0));
            }
        }
    }
    if let (Some(lat), Some(lon)) = (alert.lat, alert.lon) {
        hits.extend(index.within_radius(lat, lon, radius_km));
    }
    // One entry per station, at its smallest distance.
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    hits.dedup_by_key(|h| h.0);
    hits.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    hits.into_iter()
        .map(|(i, d)| StationRef {
            id: stations[i].id.clone(),
            distance_km: Some(d),
        })
        .collect()
}
