//! The shape shared by the incidents and hazards documents.

use serde::Serialize;

/// Incidents and hazards start in one-minute slots of absolute time.
pub(crate) const SLOT: i64 = 60;

/// Severities, least to most severe.
pub(crate) const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];

/// Categories of station incidents.
pub(crate) const CATEGORIES: [&str; 6] = [
    "armed-conflict",
    "crime",
    "civil-unrest",
    "hazard",
    "health",
    "transport",
];

/// One item of an incidents-shaped document (incidents and hazards).
#[derive(Serialize)]
pub(crate) struct Item {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub station: Option<&'static str>,
    pub severity: &'static str,
    pub category: &'static str,
    pub title: String,
    pub detail: String,
    pub reported_at: String,
    pub updated_at: String,
    pub status: &'static str,
    pub link: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Serialize)]
pub(crate) struct IncidentsDoc {
    pub generated_at: String,
    pub incidents: Vec<Item>,
}
