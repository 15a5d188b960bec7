//! What the GeoJSON formats (`usgs-geojson`, `gdacs-geojson`) share: the
//! document read with its features left raw, and lenient scalar values.

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::FormatError;
use crate::feeds::sanitize::inert_line;

/// A GeoJSON document with its features left raw, so that one bad
/// feature is rejected alone.
#[derive(Deserialize)]
pub(super) struct Document<'a> {
    #[serde(rename = "type")]
    pub kind: Option<Value>,
    #[serde(borrow, default)]
    pub features: Option<Vec<&'a RawValue>>,
}

impl Document<'_> {
    /// The document's `type`, when it is a string.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_ref().and_then(Value::as_str)
    }
}

/// The text of a GeoJSON document (UTF-8, a leading BOM dropped).
pub(super) fn text_of(bytes: &[u8]) -> Result<&str, FormatError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| FormatError(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// `text` read as a GeoJSON document.
pub(super) fn document(text: &str) -> Result<Document<'_>, FormatError> {
    serde_json::from_str(text)
        .map_err(|e| FormatError(inert_line(&format!("not a GeoJSON document: {e}"))))
}

/// A number, or a string holding one.
pub(super) fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

/// A one-line string, or a number written as one; empty is none.
pub(super) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(inert_line(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}
