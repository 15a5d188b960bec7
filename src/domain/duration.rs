//! Durations as officers write them in config and prompts: `30s`, `5m`, `1h30m`, `2d`.

use std::time::Duration;

/// Parses `30s`, `5m`, `1h30m`, `2d`, `1h 30m`. Every number needs a unit;
/// zero and empty are refused. The error says what was wrong.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return Err("empty duration (write e.g. 30s, 5m, 1h30m)".into());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "bad duration {text:?}: unknown unit '{c}' (use s, m, h or d, e.g. 1h30m)"
                ));
            }
        };
        if digits.is_empty() {
            return Err(format!(
                "bad duration {text:?}: unit '{c}' without a number (e.g. 30s, 5m, 1h30m)"
            ));
        }
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("bad duration {text:?}: number too large"))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("bad duration {text:?}: too large"))?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "bad duration {text:?}: number without a unit (write {digits}s or {digits}m)"
        ));
    }
    if total == 0 {
        return Err(format!("bad duration {text:?}: must be more than zero"));
    }
    Ok(Duration::from_secs(total))
}

/// Formats a duration compactly for the screen: `45s`, `12m`, `3h05m`, `2d04h`.
pub fn format_compact(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h{:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d{:02}h", s / 86_400, (s % 86_400) / 3600)
    }
}

/// `300 ms`, `10s`, `1.5s`, `2m`.
pub fn human(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format_compact(d)
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// An "until" time as seen at `at`: `23:40Z` on the same (UTC) day,
/// `2026-11-29 21:00Z` on any other, so a snooze or mute that ends days
/// later never reads as today.
pub fn until(at: chrono::DateTime<chrono::Utc>, t: chrono::DateTime<chrono::Utc>) -> String {
    if at.date_naive() == t.date_naive() {
        t.format("%H:%MZ").to_string()
    } else {
        t.format("%Y-%m-%d %H:%MZ").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_written_forms() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
    }

    #[test]
    fn refuses_bad_forms_with_a_reason() {
        assert!(parse_duration("").unwrap_err().contains("empty"));
        assert!(parse_duration("30").unwrap_err().contains("without a unit"));
        assert!(parse_duration("5x").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("0s").unwrap_err().contains("more than zero"));
        assert!(
            parse_duration("m")
                .unwrap_err()
                .contains("without a number")
        );
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_compact(Duration::from_secs(45)), "45s");
        assert_eq!(format_compact(Duration::from_secs(725)), "12m");
        assert_eq!(format_compact(Duration::from_secs(3 * 3600 + 300)), "3h05m");
        assert_eq!(
            format_compact(Duration::from_secs(2 * 86_400 + 4 * 3600)),
            "2d04h"
        );
    }
}
