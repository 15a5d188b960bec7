//! Filter expressions typed after `/`: free words and `key:value` terms,
//! all of which must match (AND).
//!
//! ```text
//! kabul sev:>=high state:new
//! region:africa level:>=5
//! station:KBL,MGQ cat:health "incidents:INC-2026-0412"
//! ```
//!
//! Pure: parsing needs nothing but the text, and matching is done against
//! plain facts the caller gathers ([`AlertFacts`], [`StationFacts`]).

use std::fmt;

use crate::domain::Severity;

/// A parsed filter: the officer's text and its terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// What the officer typed (trimmed), for the pane title.
    pub raw: String,
    pub terms: Vec<Term>,
}

/// One condition. Text values are kept lower-case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Must occur in the id, title, category or a station id or name.
    Word(String),
    /// One of these severities.
    Severity(Vec<Severity>),
    /// Affects one of these station ids.
    Station(Vec<String>),
    /// Affects a station in one of these regions.
    Region(Vec<String>),
    /// In one of these states.
    State(Vec<StateTerm>),
    /// The highest risk level among its stations (a station's own level) is
    /// within `min..=max`.
    Level { min: u8, max: u8 },
    /// The category contains one of these.
    Category(Vec<String>),
    /// Owned by one of these.
    Owner(Vec<OwnerTerm>),
}

/// The owners `owner:` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerTerm {
    /// The officer at this console.
    Me,
    /// Nobody has taken it.
    Nobody,
    /// This login (lower case).
    Named(String),
}

/// The states `state:` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateTerm {
    New,
    Acknowledged,
    Cleared,
    Snoozed,
    Escalated,
}

/// A term the parser refused: names the term and what is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub term: String,
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "filter term \"{}\": {}", self.term, self.message)
    }
}

impl std::error::Error for FilterError {}

/// What an alert looks like to a filter.
#[derive(Debug, Clone, Default)]
pub struct AlertFacts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    pub severity: Option<Severity>,
    /// Affected stations: (id, name, region, level).
    pub stations: Vec<StationFacts<'a>>,
    /// New (not acknowledged, not cleared by its source).
    pub new: bool,
    pub acknowledged: bool,
    pub cleared: bool,
    pub snoozed: bool,
    pub escalated: bool,
    /// Who took it, if anyone.
    pub owner: Option<&'a str>,
    /// The officer at this console (`owner:me`).
    pub me: &'a str,
}

/// What a station looks like to a filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct StationFacts<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub level: u8,
}

const KEYS_HELP: &str = "use sev:, station:, region:, state:, level:, cat:, owner: or free words \
                         (quote a word with a colon: \"a:b\")";
const SEV_HELP: &str = "expected critical, high, medium, low or info; a list \
                        (sev:critical,high) or a comparison (sev:>=high)";
const STATE_HELP: &str = "expected new, acknowledged (ack), cleared, snoozed or escalated";
const LEVEL_HELP: &str = "expected a risk level number: level:4, level:>=4, level:<=2";

impl Filter {
    /// Parses the officer's text. Empty text is `Ok(None)`: no filter.
    pub fn parse(input: &str) -> Result<Option<Filter>, FilterError> {
        let raw = input.trim();
        let mut terms = Vec::new();
        for (tok, quoted) in tokens(raw)? {
            if quoted {
                if !tok.is_empty() {
                    terms.push(Term::Word(tok.to_lowercase()));
                }
                continue;
            }
            match tok.split_once(':') {
                None => terms.push(Term::Word(tok.to_lowercase())),
                Some((key, value)) => terms.push(parse_term(&tok, key, value)?),
            }
        }
        if terms.is_empty() {
            return Ok(None);
        }
        Ok(Some(Filter {
            raw: raw.to_string(),
            terms,
        }))
    }

    /// Asks for snoozed alerts, which are otherwise hidden.
    pub fn wants_snoozed(&self) -> bool {
        self.terms.iter().any(|t| match t {
            Term::State(s) => s.contains(&StateTerm::Snoozed),
            _ => false,
        })
    }

    pub fn matches_alert(&self, a: &AlertFacts<'_>) -> bool {
        self.terms.iter().all(|t| term_matches_alert(t, a))
    }

    /// Free words, `station:`, `region:` and `level:` apply to the stations
    /// pane; the other terms are about alerts and let every station through.
    pub fn matches_station(&self, s: &StationFacts<'_>) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Word(w) => station_has_word(s, w),
            Term::Station(ids) => ids.iter().any(|i| s.id.eq_ignore_ascii_case(i)),
            Term::Region(rs) => rs.iter().any(|r| s.region.eq_ignore_ascii_case(r)),
            Term::Level { min, max } => (*min..=*max).contains(&s.level),
            _ => true,
        })
    }
}

fn station_has_word(s: &StationFacts<'_>, w: &str) -> bool {
    has(s.id, w) || has(s.name, w)
}

/// Lower case with accents dropped (`Cúcuta` → `cucuta`); letters with no
/// plain Latin form (Arabic, Cyrillic…) are kept as they are.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match crate::domain::ascii::fold(c) {
            '?' if c != '?' => c,
            f => f,
        })
        .collect()
}

/// `hay` contains `word`, ignoring case and accents on both sides.
fn has(hay: &str, word: &str) -> bool {
    fold(hay).contains(&fold(word))
}

fn term_matches_alert(t: &Term, a: &AlertFacts<'_>) -> bool {
    match t {
        Term::Word(w) => {
            has(a.id, w)
                || has(a.title, w)
                || has(a.category, w)
                || a.stations.iter().any(|s| station_has_word(s, w))
        }
        Term::Severity(set) => a.severity.is_some_and(|s| set.contains(&s)),
        Term::Station(ids) => a
            .stations
            .iter()
            .any(|s| ids.iter().any(|i| s.id.eq_ignore_ascii_case(i))),
        Term::Region(rs) => a
            .stations
            .iter()
            .any(|s| rs.iter().any(|r| s.region.eq_ignore_ascii_case(r))),
        Term::State(states) => states.iter().any(|s| match s {
            StateTerm::New => a.new,
            StateTerm::Acknowledged => a.acknowledged,
            StateTerm::Cleared => a.cleared,
            StateTerm::Snoozed => a.snoozed,
            StateTerm::Escalated => a.escalated,
        }),
        Term::Level { min, max } => {
            let level = a.stations.iter().map(|s| s.level).max().unwrap_or(0);
            (*min..=*max).contains(&level)
        }
        Term::Category(cs) => {
            let c = a.category.to_lowercase();
            cs.iter().any(|x| c.contains(x.as_str()))
        }
        Term::Owner(owners) => owners.iter().any(|o| match (o, a.owner) {
            (OwnerTerm::Nobody, owner) => owner.is_none(),
            (OwnerTerm::Me, Some(owner)) => owner == a.me,
            (OwnerTerm::Named(name), Some(owner)) => owner.eq_ignore_ascii_case(name),
            (_, None) => false,
        }),
    }
}

/// Splits on whitespace; `"..."` keeps spaces and colons as one free word.
fn tokens(raw: &str) -> Result<Vec<(String, bool)>, FilterError> {
    let mut out = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut word = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                word.push(c);
            }
            if !closed {
                return Err(FilterError {
                    term: format!("\"{word}"),
                    message: "unclosed quote".into(),
                });
            }
            out.push((word, true));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push((word, false));
        }
    }
    Ok(out)
}

fn err(term: &str, message: impl Into<String>) -> FilterError {
    FilterError {
        term: term.to_string(),
        message: message.into(),
    }
}

fn list(term: &str, value: &str, what: &str) -> Result<Vec<String>, FilterError> {
    let items: Vec<String> = value
        .split(',')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err(err(term, format!("expected {what} after the colon")));
    }
    Ok(items)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Eq,
    Ge,
    Le,
    Gt,
    Lt,
}

fn split_cmp(value: &str) -> (Cmp, &str) {
    for (p, c) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
    ] {
        if let Some(rest) = value.strip_prefix(p) {
            return (c, rest);
        }
    }
    (Cmp::Eq, value)
}

fn parse_term(term: &str, key: &str, value: &str) -> Result<Term, FilterError> {
    match key.to_lowercase().as_str() {
        "sev" | "severity" => parse_severity(term, value),
        "station" | "stn" => Ok(Term::Station(list(term, value, "a station id")?)),
        "region" => Ok(Term::Region(list(term, value, "a region")?)),
        "cat" | "category" => Ok(Term::Category(list(term, value, "a category")?)),
        "state" => {
            let mut states = Vec::new();
            for s in list(term, value, "a state")? {
                states.push(match s.as_str() {
                    "new" => StateTerm::New,
                    "acknowledged" | "ack" | "acked" => StateTerm::Acknowledged,
                    "cleared" => StateTerm::Cleared,
                    "snoozed" => StateTerm::Snoozed,
                    "escalated" => StateTerm::Escalated,
                    other => {
                        return Err(err(
                            term,
                            format!("unknown state \"{other}\": {STATE_HELP}"),
                        ));
                    }
                });
            }
            Ok(Term::State(states))
        }
        "level" | "lvl" => parse_level(term, value),
        "owner" => Ok(Term::Owner(
            list(term, value, "me, none or a login")?
                .into_iter()
                .map(|o| match o.as_str() {
                    "me" => OwnerTerm::Me,
                    "none" | "nobody" => OwnerTerm::Nobody,
                    _ => OwnerTerm::Named(o),
                })
                .collect(),
        )),
        other => Err(err(
            term,
            format!("unknown filter key \"{other}:\": {KEYS_HELP}"),
        )),
    }
}

fn parse_severity(term: &str, value: &str) -> Result<Term, FilterError> {
    let (cmp, rest) = split_cmp(value.trim());
    let one = |s: &str| -> Result<Severity, FilterError> {
        s.parse::<Severity>()
            .map_err(|_| err(term, format!("unknown severity \"{s}\": {SEV_HELP}")))
    };
    if cmp == Cmp::Eq {
        let mut set = Vec::new();
        for s in list(term, rest, "a severity")? {
            let sev = one(&s)?;
            if !set.contains(&sev) {
                set.push(sev);
            }
        }
        return Ok(Term::Severity(set));
    }
    if rest.trim().is_empty() {
        return Err(err(term, SEV_HELP));
    }
    let pivot = one(rest.trim())?;
    let set = Severity::ALL_DESC
        .into_iter()
        .filter(|&s| match cmp {
            Cmp::Ge => s >= pivot,
            Cmp::Le => s <= pivot,
            Cmp::Gt => s > pivot,
            Cmp::Lt => s < pivot,
            Cmp::Eq => s == pivot,
        })
        .collect::<Vec<_>>();
    if set.is_empty() {
        return Err(err(term, format!("no severity is {value}: {SEV_HELP}")));
    }
    Ok(Term::Severity(set))
}

fn parse_level(term: &str, value: &str) -> Result<Term, FilterError> {
    let (cmp, rest) = split_cmp(value.trim());
    let n: u8 = rest
        .trim()
        .parse()
        .map_err(|_| err(term, LEVEL_HELP.to_string()))?;
    let (min, max) = match cmp {
        Cmp::Eq => (n, n),
        Cmp::Ge => (n, u8::MAX),
        Cmp::Le => (0, n),
        Cmp::Gt => (n.saturating_add(1), u8::MAX),
        Cmp::Lt => (0, n.saturating_sub(1)),
    };
    if (cmp == Cmp::Gt && n == u8::MAX) || (cmp == Cmp::Lt && n == 0) {
        return Err(err(term, format!("no risk level is {value}: {LEVEL_HELP}")));
    }
    Ok(Term::Level { min, max })
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
