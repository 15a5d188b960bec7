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
}

/// What a station looks like to a filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct StationFacts<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub level: u8,
}

const KEYS_HELP: &str = "use sev:, station:, region:, state:, level:, cat: or free words \
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
    s.id.to_lowercase().contains(w) || s.name.to_lowercase().contains(w)
}

fn term_matches_alert(t: &Term, a: &AlertFacts<'_>) -> bool {
    match t {
        Term::Word(w) => {
            a.id.to_lowercase().contains(w.as_str())
                || a.title.to_lowercase().contains(w.as_str())
                || a.category.to_lowercase().contains(w.as_str())
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
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<Term> {
        Filter::parse(s).unwrap().unwrap().terms
    }

    fn e(s: &str) -> FilterError {
        Filter::parse(s).unwrap_err()
    }

    fn kbl() -> StationFacts<'static> {
        StationFacts {
            id: "KBL",
            name: "Kabul",
            region: "asia-pacific",
            level: 5,
        }
    }

    fn alert() -> AlertFacts<'static> {
        AlertFacts {
            id: "incidents:INC-2026-0412",
            title: "Armed clash reported near compound",
            category: "armed-conflict",
            severity: Some(Severity::Critical),
            stations: vec![
                kbl(),
                StationFacts {
                    id: "NBO",
                    name: "Nairobi",
                    region: "africa",
                    level: 3,
                },
            ],
            new: true,
            ..AlertFacts::default()
        }
    }

    #[test]
    fn empty_text_is_no_filter() {
        assert_eq!(Filter::parse("").unwrap(), None);
        assert_eq!(Filter::parse("   ").unwrap(), None);
    }

    #[test]
    fn free_words_are_lowercased_and_keep_the_raw_text() {
        let f = Filter::parse("  Kabul  Clash ").unwrap().unwrap();
        assert_eq!(f.raw, "Kabul  Clash");
        assert_eq!(
            f.terms,
            vec![Term::Word("kabul".into()), Term::Word("clash".into())]
        );
    }

    #[test]
    fn quoted_words_may_hold_colons_and_spaces() {
        assert_eq!(
            p("\"incidents:INC-2026\" \"armed clash\""),
            vec![
                Term::Word("incidents:inc-2026".into()),
                Term::Word("armed clash".into())
            ]
        );
        let err = e("\"open");
        assert!(err.message.contains("unclosed quote"), "{err}");
    }

    #[test]
    fn severity_exact_list_and_comparisons() {
        assert_eq!(p("sev:high"), vec![Term::Severity(vec![Severity::High])]);
        assert_eq!(
            p("severity:critical,HIGH"),
            vec![Term::Severity(vec![Severity::Critical, Severity::High])]
        );
        assert_eq!(
            p("sev:>=high"),
            vec![Term::Severity(vec![Severity::Critical, Severity::High])]
        );
        assert_eq!(
            p("sev:<=low"),
            vec![Term::Severity(vec![Severity::Low, Severity::Info])]
        );
        assert_eq!(
            p("sev:>medium"),
            vec![Term::Severity(vec![Severity::Critical, Severity::High])]
        );
        assert_eq!(p("sev:<low"), vec![Term::Severity(vec![Severity::Info])]);
    }

    #[test]
    fn station_region_and_category_lists() {
        assert_eq!(
            p("station:kbl,MGQ"),
            vec![Term::Station(vec!["kbl".into(), "mgq".into()])]
        );
        assert_eq!(
            p("region:Africa"),
            vec![Term::Region(vec!["africa".into()])]
        );
        assert_eq!(
            p("cat:health,crime"),
            vec![Term::Category(vec!["health".into(), "crime".into()])]
        );
    }

    #[test]
    fn every_state_and_its_aliases() {
        assert_eq!(
            p("state:new,acknowledged,ack,cleared,snoozed,escalated"),
            vec![Term::State(vec![
                StateTerm::New,
                StateTerm::Acknowledged,
                StateTerm::Acknowledged,
                StateTerm::Cleared,
                StateTerm::Snoozed,
                StateTerm::Escalated,
            ])]
        );
        assert!(
            Filter::parse("state:snoozed")
                .unwrap()
                .unwrap()
                .wants_snoozed()
        );
        assert!(!Filter::parse("state:new").unwrap().unwrap().wants_snoozed());
    }

    #[test]
    fn levels_exact_and_compared() {
        assert_eq!(p("level:5"), vec![Term::Level { min: 5, max: 5 }]);
        assert_eq!(p("level:>=4"), vec![Term::Level { min: 4, max: 255 }]);
        assert_eq!(p("level:<=2"), vec![Term::Level { min: 0, max: 2 }]);
        assert_eq!(p("level:>3"), vec![Term::Level { min: 4, max: 255 }]);
        assert_eq!(p("lvl:<3"), vec![Term::Level { min: 0, max: 2 }]);
    }

    #[test]
    fn terms_combine() {
        assert_eq!(
            p("region:africa level:>=5 armed"),
            vec![
                Term::Region(vec!["africa".into()]),
                Term::Level { min: 5, max: 255 },
                Term::Word("armed".into()),
            ]
        );
    }

    #[test]
    fn bad_terms_name_the_term_and_what_is_accepted() {
        let x = e("kabul sev:severe");
        assert_eq!(x.term, "sev:severe");
        assert!(
            x.message.contains("critical, high, medium, low or info"),
            "{x}"
        );
        assert!(x.to_string().contains("\"sev:severe\""), "{x}");

        let x = e("level:>=x");
        assert_eq!(x.term, "level:>=x");
        assert!(x.message.contains("level:>=4"), "{x}");

        let x = e("state:done");
        assert_eq!(x.term, "state:done");
        assert!(x.message.contains("\"done\""), "{x}");
        assert!(
            x.message
                .contains("new, acknowledged (ack), cleared, snoozed or escalated")
        );

        let x = e("foo:bar");
        assert_eq!(x.term, "foo:bar");
        assert!(x.message.contains("unknown filter key \"foo:\""), "{x}");
        assert!(
            x.message
                .contains("sev:, station:, region:, state:, level:, cat:")
        );

        let x = e("station:");
        assert!(x.message.contains("station id"), "{x}");
        let x = e("sev:>=");
        assert!(x.message.contains("critical"), "{x}");
        let x = e("level:<0");
        assert!(x.message.contains("no risk level"), "{x}");
        let x = e("sev:>critical");
        assert!(x.message.contains("no severity"), "{x}");
    }

    #[test]
    fn alerts_match_every_term() {
        let a = alert();
        let yes = [
            "kabul",
            "KBL",
            "nairobi",
            "clash",
            "armed-conf",
            "0412",
            "sev:critical",
            "sev:>=high",
            "station:nbo",
            "station:GVA,kbl",
            "region:africa",
            "state:new",
            "level:5",
            "level:>=4",
            "cat:armed",
            "kabul sev:critical region:africa level:>=5",
        ];
        for q in yes {
            assert!(Filter::parse(q).unwrap().unwrap().matches_alert(&a), "{q}");
        }
        let no = [
            "geneva",
            "sev:high",
            "station:GVA",
            "region:europe",
            "state:ack",
            "state:snoozed",
            "level:3",
            "level:<=4",
            "cat:health",
            "kabul sev:low",
        ];
        for q in no {
            assert!(!Filter::parse(q).unwrap().unwrap().matches_alert(&a), "{q}");
        }
    }

    #[test]
    fn stations_match_station_region_level_and_words_only() {
        let s = kbl();
        for q in [
            "kabul",
            "station:kbl",
            "region:asia-pacific",
            "level:>=5",
            "sev:low",
        ] {
            assert!(
                Filter::parse(q).unwrap().unwrap().matches_station(&s),
                "{q}"
            );
        }
        for q in ["nairobi", "station:NBO", "region:africa", "level:<=4"] {
            assert!(
                !Filter::parse(q).unwrap().unwrap().matches_station(&s),
                "{q}"
            );
        }
    }
}
