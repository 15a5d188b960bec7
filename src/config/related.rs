//! `[related]`: when alerts from different feeds are shown as one row
//! (the rule is `domain::related`).

use serde::Deserialize;

use super::file::S;
use super::validate::{R, V};
use crate::domain::related::Rule;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRelated {
    pub enabled: Option<bool>,
    pub window: Option<S<String>>,
    pub distance_km: Option<S<f64>>,
}

/// The rule, or `None` when `enabled = false` (every alert its own row).
pub(crate) fn related(r: &FileRelated, v: &V<'_>) -> R<Option<Rule>> {
    let mut rule = Rule::default();
    if let Some(w) = &r.window {
        let d = v.duration(w, "related.window")?;
        if d.is_zero() || d > std::time::Duration::from_secs(7 * 24 * 3600) {
            return v.err(
                w,
                "related.window",
                "give a time between 1s and 7d (e.g. \"30m\")",
            );
        }
        rule.window = chrono::Duration::from_std(d).unwrap_or(rule.window);
    }
    if let Some(km) = &r.distance_km {
        let d = *km.get_ref();
        if !(d.is_finite() && d > 0.0 && d <= 20_000.0) {
            let msg = format!("bad distance {d} (give kilometres, more than 0, e.g. 100)");
            return v.err(km, "related.distance_km", msg);
        }
        rule.distance_km = d;
    }
    Ok(r.enabled.unwrap_or(true).then_some(rule))
}
