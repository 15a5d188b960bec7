//! `[[feeds]]` validation: ids, kind/format pairs, urls, sizes, headers.

use std::time::Duration;

use super::file::{FileFeed, S};
use super::validate::{R, V, is_id};
use super::{FeedConfig, FeedFormat, FeedKind, HeaderValue};
use crate::domain::severity::Severity;

/// Default `max_entries`: the newest 100 entries of a cap-atom index.
pub const DEFAULT_MAX_ENTRIES: usize = 100;

/// Default `max_bytes`: 16 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;

pub(crate) fn feeds(list: &[S<FileFeed>], v: &V<'_>) -> R<Vec<FeedConfig>> {
    let mut out: Vec<FeedConfig> = Vec::new();
    for (i, f) in list.iter().enumerate() {
        let feed = feed(f.get_ref(), &format!("feeds[{i}]"), v)?;
        if let Some(j) = out.iter().position(|o| o.id == feed.id) {
            let msg = format!(
                "duplicate feed id {:?} (feeds[{j}] has it already; ids must be unique)",
                feed.id
            );
            return v.err(&f.get_ref().id, format!("feeds[{i}].id"), msg);
        }
        out.push(feed);
    }
    Ok(out)
}

fn feed(f: &FileFeed, key: &str, v: &V<'_>) -> R<FeedConfig> {
    let id = f.id.get_ref().trim();
    if !is_id(id) {
        let msg = format!(
            "bad feed id {id:?} (use lower-case letters, digits and -, e.g. \"usgs-quakes\")"
        );
        return v.err(&f.id, format!("{key}.id"), msg);
    }
    let kind = match FeedKind::from_name(f.kind.get_ref().trim()) {
        Some(k) => k,
        None => {
            let msg = format!(
                "unknown kind {:?} (expected {})",
                f.kind.get_ref(),
                FeedKind::choices()
            );
            return v.err(&f.kind, format!("{key}.kind"), msg);
        }
    };
    let format = match FeedFormat::from_name(f.format.get_ref().trim()) {
        Some(x) => x,
        None => {
            let msg = format!(
                "unknown format {:?} (expected {})",
                f.format.get_ref(),
                FeedFormat::choices()
            );
            return v.err(&f.format, format!("{key}.format"), msg);
        }
    };
    if matches!(kind, FeedKind::Stations | FeedKind::Roster)
        && format != FeedFormat::WatchkeeperJson
    {
        let msg = format!(
            "a {kind} feed must be format \"watchkeeper-json\", not {:?} (only incidents and hazards feeds take other formats)",
            format.as_str()
        );
        return v.err(&f.format, format!("{key}.format"), msg);
    }
    let url =
        check_url(f.url.get_ref().trim()).or_else(|m| v.err(&f.url, format!("{key}.url"), m))?;
    let interval = match &f.interval {
        Some(d) => v.duration(d, &format!("{key}.interval"))?,
        None if url.starts_with("demo:") => Duration::from_secs(5),
        None => Duration::from_secs(30),
    };
    let timeout = match &f.timeout {
        Some(d) => v.duration(d, &format!("{key}.timeout"))?,
        None => Duration::from_secs(10),
    };
    let mut headers = Vec::new();
    for (name, value) in f.headers.iter().flatten() {
        let hkey = format!("{key}.headers.{}", super::error::quote_key(name));
        headers.push(
            header(name, value.get_ref())
                .map(|h| (name.clone(), h))
                .or_else(|m| v.err(value, hkey, m))?,
        );
    }
    let max_bytes = match &f.max_bytes {
        None => DEFAULT_MAX_BYTES,
        Some(m) => {
            let parsed = match m.get_ref() {
                toml::Value::Integer(n) if *n > 0 => Ok(*n as u64),
                toml::Value::Integer(n) => Err(format!("bad size {n}: must be more than zero")),
                toml::Value::String(s) => parse_size(s),
                other => Err(format!(
                    "bad size: found {}, expected a size such as \"16MiB\"",
                    super::error::a_type(other)
                )),
            };
            parsed.or_else(|m2| v.err(m, format!("{key}.max_bytes"), m2))?
        }
    };
    let match_radius_km = match &f.match_radius_km {
        None => 300.0,
        Some(r) if r.get_ref().is_finite() && *r.get_ref() > 0.0 => *r.get_ref(),
        Some(r) => {
            let msg = format!(
                "bad radius {} (give kilometres, more than 0, e.g. 300)",
                r.get_ref()
            );
            return v.err(r, format!("{key}.match_radius_km"), msg);
        }
    };
    let min_severity = match &f.min_severity {
        None => Severity::Info,
        Some(s) => s
            .get_ref()
            .parse::<Severity>()
            .or_else(|e| v.err(s, format!("{key}.min_severity"), e.to_string()))?,
    };
    let ca_file = f
        .ca_file
        .as_ref()
        .map(|p| v.path(p, &format!("{key}.ca_file")))
        .transpose()?;
    let max_entries = match &f.max_entries {
        None => DEFAULT_MAX_ENTRIES,
        Some(n) if *n.get_ref() > 0 => usize::try_from(*n.get_ref()).unwrap_or(usize::MAX),
        Some(n) => {
            let msg = format!(
                "bad max_entries {} (give a number of index entries, more than 0, e.g. 100)",
                n.get_ref()
            );
            return v.err(n, format!("{key}.max_entries"), msg);
        }
    };
    Ok(FeedConfig {
        id: id.to_string(),
        kind,
        format,
        url,
        interval,
        timeout,
        headers,
        max_bytes,
        match_radius_km,
        min_severity,
        ca_file,
        include_exercises: f.include_exercises.unwrap_or(false),
        max_entries,
    })
}

const URL_HELP: &str = "use http://, https://, file:// or demo:NAME";

/// Accepts `http(s)://HOST...`, `file://PATH`, `demo:NAME`.
pub fn check_url(url: &str) -> Result<String, String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!(
            "bad url {url:?}: spaces or control characters (percent-encode them)"
        ));
    }
    let lower = url.to_ascii_lowercase();
    if let Some(name) = lower.strip_prefix("demo:") {
        if is_id(name) {
            return Ok(url.to_string());
        }
        return Err(format!(
            "bad url {url:?}: demo feeds are demo:stations, demo:incidents, demo:roster or demo:hazards"
        ));
    }
    if let Some(path) = lower.strip_prefix("file://") {
        if path.is_empty() {
            return Err(format!(
                "bad url {url:?}: no path after file:// (e.g. file:///srv/feeds/incidents.json)"
            ));
        }
        return Ok(url.to_string());
    }
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return Err(format!("bad url {url:?}: {URL_HELP}"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(
            "credentials in a url would be printed in logs and errors; put them in headers with env:NAME, e.g. headers = { Authorization = \"env:INCIDENT_TOKEN\" }"
                .to_string(),
        );
    }
    if authority.is_empty() || authority.starts_with(':') {
        return Err(format!("bad url {url:?}: no host after the scheme"));
    }
    Ok(url.to_string())
}

fn header(name: &str, value: &str) -> Result<HeaderValue, String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(format!(
            "bad header name {name:?} (letters, digits and - only, e.g. Authorization)"
        ));
    }
    if let Some(var) = value.strip_prefix("env:") {
        let ok = var
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err(format!(
                "bad environment variable name {var:?} after env: (e.g. env:INCIDENT_TOKEN)"
            ));
        }
        return Ok(HeaderValue::Env(var.to_string()));
    }
    // Never echo the value: it may be a secret.
    if value.chars().any(|c| c.is_control()) {
        return Err("header value holds a control character or line break".to_string());
    }
    Ok(HeaderValue::Literal(value.to_string()))
}

/// `16MiB`, `512KB`, `1 GiB`, `1048576`: B, KB, KiB, MB, MiB, GB, GiB.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let s = text.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    if digits.is_empty() {
        return Err(format!("bad size {text:?}: no number (e.g. \"16MiB\")"));
    }
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1000,
        "kib" => 1 << 10,
        "mb" => 1_000_000,
        "mib" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "bad size {text:?}: unknown unit {:?} (use B, KB, KiB, MB, MiB, GB or GiB, e.g. \"16MiB\")",
                unit.trim()
            ));
        }
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("bad size {text:?}: number too large"))?;
    match n.checked_mul(mult) {
        Some(0) => Err(format!("bad size {text:?}: must be more than zero")),
        Some(v) => Ok(v),
        None => Err(format!("bad size {text:?}: too large")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("16 MB"), Ok(16_000_000));
        assert_eq!(parse_size("2048"), Ok(2048));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(
            parse_size("16XB")
                .unwrap_err()
                .contains("unknown unit \"XB\"")
        );
        assert!(parse_size("MiB").unwrap_err().contains("no number"));
        assert!(parse_size("0KB").unwrap_err().contains("more than zero"));
    }

    #[test]
    fn urls() {
        assert!(check_url("https://earthquake.usgs.gov/x.geojson").is_ok());
        assert!(check_url("http://127.0.0.1:8787/incidents.json").is_ok());
        assert!(check_url("file:///srv/x.json").is_ok());
        assert!(check_url("demo:hazards").is_ok());
        assert!(check_url("ftp://x").unwrap_err().contains("use http://"));
        assert!(check_url("https://").unwrap_err().contains("no host"));
        assert!(
            check_url("https://u:p@host/")
                .unwrap_err()
                .contains("env:NAME")
        );
    }

    #[test]
    fn headers() {
        assert_eq!(
            header("Authorization", "env:TOKEN"),
            Ok(HeaderValue::Env("TOKEN".into()))
        );
        assert!(header("Bad Name", "x").is_err());
        assert!(header("X", "env:1X").is_err());
        assert!(format!("{:?}", HeaderValue::Literal("secret".into())).contains("redacted"));
    }
}
