//! `ConfigError`: every configuration or theme problem, named by file, line
//! and dotted key, with a message that says what is accepted.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// A configuration (or theme) error. Displays as `FILE:LINE: KEY: MESSAGE`;
/// `:LINE` is left out when the line is unknown, `KEY: ` when the error is
/// about the file as a whole (it cannot be read, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Render(self))]
pub struct ConfigError {
    /// The file's path, or `<built-in config>` / `<built-in theme NAME>`.
    pub file: String,
    /// 1-based line in that file.
    pub line: Option<usize>,
    /// Dotted key path: `feeds[1].interval`, `console.theme`, `keys.acknowledge`.
    pub key: String,
    pub message: String,
}

struct Render<'a>(&'a ConfigError);

impl fmt::Display for Render<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        f.write_str(&e.file)?;
        if let Some(line) = e.line {
            write!(f, ":{line}")?;
        }
        if e.key.is_empty() {
            write!(f, ": {}", e.message)
        } else {
            write!(f, ": {}: {}", e.key, e.message)
        }
    }
}

impl ConfigError {
    pub fn new(
        file: &str,
        line: Option<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        ConfigError {
            file: file.to_string(),
            line,
            key: key.into(),
            message: message.into(),
        }
    }
}

/// Builds errors for one source text: turns byte offsets into line numbers.
pub(crate) struct Ctx<'a> {
    pub file: String,
    pub text: &'a str,
}

impl<'a> Ctx<'a> {
    pub fn new(file: impl Into<String>, text: &'a str) -> Self {
        Ctx {
            file: file.into(),
            text,
        }
    }

    /// An error at a byte span of the text.
    pub fn at(
        &self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError::new(
            &self.file,
            Some(line_of(self.text, span.start)),
            key,
            message,
        )
    }

    /// An error with no position (a key that is absent, for instance).
    pub fn nowhere(&self, key: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError::new(&self.file, None, key, message)
    }

    /// Converts a toml error (syntax, unknown key, wrong type, missing key)
    /// into a `ConfigError` with line and dotted key path.
    pub fn toml_error(&self, err: &toml::de::Error) -> ConfigError {
        let raw = err.message().trim().to_string();
        let Some(span) = err.span() else {
            return self.nowhere("", tidy(&raw));
        };
        let line = Some(line_of(self.text, span.start));
        let path = match DeTable::parse(self.text) {
            Ok(root) => path_at(root.get_ref(), span.start),
            // A syntax error: the document has no tree to walk.
            Err(_) => {
                let key = guess_key(self.text, span.start);
                let detail = match raw.lines().next().unwrap_or("") {
                    "duplicate key" => {
                        "defined twice (each key or table may appear once)".to_string()
                    }
                    first => first.replace('`', "'"),
                };
                let message = format!("TOML syntax error: {detail}");
                return ConfigError::new(&self.file, line, key, message);
            }
        };
        let (key, message) = explain(&path, &raw);
        ConfigError::new(&self.file, line, key, message)
    }
}

/// 1-based line number of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Rewrites serde's wording (`unknown field`, backticks) into the config's.
fn explain(path: &str, raw: &str) -> (String, String) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let parent = match path.rsplit_once('.') {
            Some((parent, last)) if last == name || last == quote_key(name) => parent.to_string(),
            _ if path == name || path.is_empty() => String::new(),
            _ => path.to_string(),
        };
        let expected = tail.trim_start_matches(',').trim();
        let expected = if let Some(list) = expected.strip_prefix("expected one of ") {
            format!("expected one of {}", list.replace('`', ""))
        } else if let Some(one) = expected.strip_prefix("expected ") {
            format!("expected {}", one.replace('`', ""))
        } else {
            "this table takes no keys".to_string()
        };
        let key = if parent.is_empty() {
            name.to_string()
        } else {
            parent
        };
        return (key, format!("unknown key {name:?} ({expected})"));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return (path.to_string(), format!("missing required key {name:?}"));
    }
    let mut message = tidy(raw);
    if let Some((head, expected)) = message.split_once(", expected ") {
        let expected = match expected {
            e if e.starts_with("struct ") || e == "a map" => "a table".to_string(),
            "a sequence" => "a list".to_string(),
            "f64" | "f32" => "a number".to_string(),
            "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => {
                "an integer".to_string()
            }
            e => e.to_string(),
        };
        message = format!("{head}, expected {expected}");
    }
    if message.starts_with("invalid type") {
        let last = path.rsplit('.').next().unwrap_or(path);
        if matches!(
            last,
            "interval" | "timeout" | "clear_after" | "after" | "poll_deadline"
        ) {
            message.push_str(" (write durations as strings, e.g. \"30s\", \"5m\", \"1h30m\")");
        } else if last == "mode" {
            message.push_str(" (write the mode as an octal string, e.g. \"0660\")");
        }
    }
    (path.to_string(), message)
}

/// serde's backticks are noise to an operator.
fn tidy(raw: &str) -> String {
    raw.lines().next().unwrap_or(raw).replace('`', "")
}

/// Quotes a key for a dotted path when it is not a bare TOML key.
pub fn quote_key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_string()
    } else {
        format!("{k:?}")
    }
}

/// Dotted path of the deepest key or value whose span holds `offset`.
fn path_at(root: &DeTable<'_>, offset: usize) -> String {
    let mut best: Option<(usize, usize, String)> = None;
    walk_table(root, "", 0, offset, &mut best);
    best.map(|(_, _, p)| p).unwrap_or_default()
}

fn consider(
    best: &mut Option<(usize, usize, String)>,
    span: Range<usize>,
    depth: usize,
    offset: usize,
    path: &str,
) {
    let end = span.end.max(span.start + 1);
    if span.start > offset || offset >= end {
        return;
    }
    let len = end - span.start;
    let better = match best {
        None => true,
        Some((d, l, _)) => depth > *d || (depth == *d && len < *l),
    };
    if better {
        *best = Some((depth, len, path.to_string()));
    }
}

fn walk_table(
    t: &DeTable<'_>,
    prefix: &str,
    depth: usize,
    offset: usize,
    best: &mut Option<(usize, usize, String)>,
) {
    for (k, v) in t.iter() {
        let name = quote_key(k.get_ref());
        let path = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        consider(best, k.span(), depth + 1, offset, &path);
        walk_value(v.get_ref(), v.span(), &path, depth + 1, offset, best);
    }
}

fn walk_value(
    v: &DeValue<'_>,
    span: Range<usize>,
    path: &str,
    depth: usize,
    offset: usize,
    best: &mut Option<(usize, usize, String)>,
) {
    consider(best, span, depth, offset, path);
    match v {
        DeValue::Table(t) => walk_table(t, path, depth, offset, best),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                walk_value(
                    item.get_ref(),
                    item.span(),
                    &format!("{path}[{i}]"),
                    depth + 1,
                    offset,
                    best,
                );
            }
        }
        _ => {}
    }
}

/// For a syntax error, the key on the error's line under the last table
/// header above it: `feeds[1].interval`. Best effort, from the raw text.
fn guess_key(text: &str, offset: usize) -> String {
    let line_no = line_of(text, offset);
    let mut table = String::new();
    let mut arrays: Vec<(String, usize)> = Vec::new();
    for line in text.lines().take(line_no.saturating_sub(1)) {
        let l = line.trim();
        if let Some(name) = l.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = name.trim().to_string();
            let n = match arrays.iter_mut().find(|(a, _)| *a == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    arrays.push((name.clone(), 0));
                    0
                }
            };
            table = format!("{name}[{n}]");
        } else if let Some(name) = l.strip_prefix('[').and_then(|r| r.split(']').next()) {
            table = name.trim().to_string();
        }
    }
    let line = text.lines().nth(line_no - 1).unwrap_or("").trim();
    if line.starts_with('[') {
        return line
            .trim_matches(|c| c == '[' || c == ']' || c == ' ')
            .to_string();
    }
    let key = match line.split_once('=') {
        Some((k, _)) => k.trim().trim_matches('"').to_string(),
        None => String::new(),
    };
    match (table.is_empty(), key.is_empty()) {
        (_, true) => table,
        (true, false) => key,
        (false, false) => format!("{table}.{key}"),
    }
}

/// "a boolean", "an integer": a TOML value's type for messages.
pub fn a_type(v: &toml::Value) -> String {
    let t = v.type_str();
    let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}
