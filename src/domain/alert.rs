//! Alerts: what a source says (`SourceAlert`) and the console's own state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Severity;
use super::area::{Area, Implausible};

/// Whether the source still reports the alert as open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    Open,
    Cleared,
}

/// The console's own state of an alert, from the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum AlertState {
    New,
    Acknowledged,
    Resolved,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Resolved => "resolved",
        }
    }
}

/// A duty station an alert affects, with the distance when it was geo-matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StationRef {
    pub id: String,
    /// `None` when the source named the station; 0 inside a CAP area.
    pub distance_km: Option<f64>,
}

/// An alert as its source reports it, already made inert for the terminal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceAlert {
    /// `<feed id>:<source id>`, stable across consoles and restarts.
    pub id: String,
    pub severity: Severity,
    pub category: String,
    pub title: String,
    pub detail: String,
    pub reported_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The feed id.
    pub source: String,
    pub link: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub stations: Vec<StationRef>,
    pub source_state: SourceState,
    /// The area as the source names it (CAP `<areaDesc>`): where a hazard
    /// with no shape or point is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_desc: Option<String>,
    /// Shapes the source gave (CAP circles and polygons). A station inside
    /// one is affected at distance 0. Not part of the snapshot.
    #[serde(skip)]
    pub areas: Vec<Area>,
    /// The source's coordinates cannot be right (lon/lat swapped?): the
    /// feeds view names the item, and it is not plotted from them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub implausible: Option<Implausible>,
}

impl SourceAlert {
    /// The id the source itself uses (after `<feed id>:`).
    pub fn source_id(&self) -> &str {
        self.id
            .split_once(':')
            .map(|(_, rest)| rest)
            .unwrap_or(&self.id)
    }

    /// Whether the console must find the stations: the source named none.
    /// An alert with neither a point nor an area cannot be matched (it goes
    /// to the feed's unmatched list).
    pub fn needs_geo_match(&self) -> bool {
        self.stations.is_empty()
    }

    /// Flags a point that cannot be right for the item's own area (see
    /// [`super::area::implausible`]) and drops it, so that it is neither
    /// plotted nor matched as if it were right; the area's shapes stay.
    pub fn check_point(&mut self) {
        let (Some(lat), Some(lon)) = (self.lat, self.lon) else {
            return;
        };
        if let Some(why) = super::area::implausible(lat, lon, &self.areas) {
            self.implausible = Some(why);
            self.lat = None;
            self.lon = None;
        }
    }

    /// The first (nearest) affected station.
    pub fn primary_station(&self) -> Option<&str> {
        self.stations.first().map(|s| s.id.as_str())
    }
}
