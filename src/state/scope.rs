//! Is a scope the officer asks for one that exists? Regions (desks) are
//! whatever the stations feeds name; risk levels are the configured scale.
//! An unknown region or an out-of-scale level is refused with what is
//! known, rather than silently showing nothing.

use super::Model;
use super::filter::{Filter, FilterError, Term};
use crate::config::RiskScale;

/// The regions the loaded stations belong to, sorted, each once. Empty
/// until a stations feed has delivered.
pub fn regions(model: &Model) -> Vec<String> {
    let mut out: Vec<String> = model.stations.iter().map(|s| s.region.clone()).collect();
    out.sort();
    out.dedup();
    out
}

/// `africa, americas, europe`: for messages.
pub fn known_list(regions: &[String]) -> String {
    if regions.is_empty() {
        "none loaded yet".to_string()
    } else {
        regions.join(", ")
    }
}

/// A desk (region) must be one the stations name; `all` is every region.
/// Before any station has loaded nothing can be said, and it is accepted.
pub fn check_desk(desk: &str, regions: &[String]) -> Result<(), String> {
    if desk == "all" || regions.is_empty() || regions.iter().any(|r| r == desk) {
        return Ok(());
    }
    Err(format!(
        "unknown region {desk:?} (known: {}, or all)",
        known_list(regions)
    ))
}

/// Refuses `region:` values no station has (once stations are loaded) and
/// `level:` terms no level of the scale can meet (`level:>=9` on a scale
/// of six).
pub fn check_filter(
    filter: &Filter,
    regions: &[String],
    scale: &RiskScale,
) -> Result<(), FilterError> {
    let top = u8::try_from(scale.levels.len()).unwrap_or(u8::MAX);
    for term in &filter.terms {
        match term {
            Term::Region(rs) if !regions.is_empty() => {
                if let Some(bad) = rs
                    .iter()
                    .find(|r| !regions.iter().any(|k| k.eq_ignore_ascii_case(r)))
                {
                    return Err(FilterError {
                        term: format!("region:{}", rs.join(",")),
                        message: format!(
                            "unknown region \"{bad}\" (known: {})",
                            known_list(regions)
                        ),
                    });
                }
            }
            Term::Level { min, max } if *min > top || *max < 1 || min > max => {
                return Err(FilterError {
                    term: level_text(*min, *max),
                    message: format!(
                        "outside the risk scale: levels run 1 ({}) to {top} ({})",
                        scale.get(1).map_or("", |l| l.name.as_str()),
                        scale.get(top).map_or("", |l| l.name.as_str()),
                    ),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

fn level_text(min: u8, max: u8) -> String {
    if min == max {
        format!("level:{min}")
    } else if max == u8::MAX {
        format!("level:>={min}")
    } else {
        format!("level:<={max}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Vec<String> {
        vec!["africa".into(), "europe".into()]
    }

    fn check(q: &str) -> Result<(), FilterError> {
        let f = Filter::parse(q).unwrap().unwrap();
        check_filter(&f, &regions(), &RiskScale::un_sls())
    }

    #[test]
    fn unknown_region_named_with_the_known_ones() {
        let e = check("region:afrika").unwrap_err();
        assert_eq!(
            e.message,
            "unknown region \"afrika\" (known: africa, europe)"
        );
        assert!(check("region:Africa,europe").is_ok());
        assert!(
            check_desk("afrika", &regions())
                .unwrap_err()
                .contains("africa, europe, or all")
        );
        assert!(check_desk("all", &regions()).is_ok());
        assert!(check_desk("europe", &regions()).is_ok());
        // Nothing loaded: nothing to compare with.
        assert!(check_desk("afrika", &[]).is_ok());
    }

    #[test]
    fn levels_outside_the_scale_refused() {
        let e = check("level:>=9").unwrap_err();
        assert_eq!(e.term, "level:>=9");
        assert!(
            e.message.contains("1 (Minimal) to 6 (Extreme)"),
            "{}",
            e.message
        );
        assert!(check("level:7").is_err());
        assert!(check("level:0").is_err());
        assert!(check("level:>6").is_err());
        assert!(check("level:<1").is_err());
        assert!(check("level:>=6").is_ok());
        assert!(check("level:<=2").is_ok());
    }
}
