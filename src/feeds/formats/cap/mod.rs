//! `cap`: OASIS CAP 1.2 alerts (1.1 and 1.0 read the same way).
//!
//! A document is one `<alert>`, or anything that wraps some: an EDXL-DE
//! envelope, or a non-standard `<alerts>` collection. Each `<alert>` is an
//! item: one that cannot be read (no identifier, unknown status) is
//! rejected with the reason and the others load.
//!
//! Mapping (SPEC §3): identity is `sender` + `identifier`, so the alert id is
//! `<feed>:<sender>/<identifier>`; the `<info>` in the console language,
//! else the first; `Extreme`→critical … `Unknown`→info; title from the
//! headline (after the event when it is a short one naming only a place),
//! else the event with the area (`info::title`); detail starts "Urgency: X · Certainty: Y" and
//! carries description, instruction and each area's description and
//! geocodes; `expires` in the past or `msgType` `Cancel` → cleared; the
//! point is the centroid of the circles and polygons. `Update`/`Cancel`
//! are resolved by [`assemble`].
//!
//! [`parse_alerts`] is what the `cap-atom` path uses for each linked
//! document; it applies no filtering. [`assemble`] then filters and
//! resolves references over everything a poll gathered.

mod assemble;
pub mod info;

use chrono::{DateTime, Utc};

pub use assemble::assemble;

use super::xml::{self, Element};
use super::{FormatError, ParseCtx, parse_time_lenient};
use crate::domain::{SourceAlert, SourceState, area};
use crate::feeds::sanitize::inert_line;
use crate::feeds::{Parsed, Rejection};

/// A CAP message's identity, or one entry of its `<references>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CapRef {
    pub sender: String,
    pub identifier: String,
    /// `sent` as written (inert); with `identifier`, the cache key of a
    /// fetched alert.
    pub sent: String,
}

impl CapRef {
    /// The console alert id this message has in `feed`.
    pub fn alert_id(&self, feed: &str) -> String {
        alert_id(feed, &self.sender, &self.identifier)
    }
}

/// `<feed>:<sender>/<identifier>`, inert.
pub fn alert_id(feed: &str, sender: &str, identifier: &str) -> String {
    format!("{feed}:{}/{}", inert_line(sender), inert_line(identifier))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgType {
    Alert,
    Update,
    Cancel,
    Ack,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Actual,
    Exercise,
    System,
    Test,
    Draft,
}

impl MsgType {
    pub fn parse(s: &str) -> Option<MsgType> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "alert" => MsgType::Alert,
            "update" => MsgType::Update,
            "cancel" => MsgType::Cancel,
            "ack" => MsgType::Ack,
            "error" => MsgType::Error,
            _ => return None,
        })
    }
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "actual" => Status::Actual,
            "exercise" => Status::Exercise,
            "system" => Status::System,
            "test" => Status::Test,
            "draft" => Status::Draft,
            _ => return None,
        })
    }
}

/// One CAP message, mapped, with what [`assemble`] needs to resolve it.
#[derive(Debug, Clone, PartialEq)]
pub struct CapAlert {
    pub alert: SourceAlert,
    pub identity: CapRef,
    pub msg_type: MsgType,
    pub status: Status,
    pub references: Vec<CapRef>,
    /// The message had an `<info>` block (a `Cancel` often has none).
    pub has_info: bool,
}

/// The alerts one document holds, and the ones that could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CapDocument {
    pub alerts: Vec<CapAlert>,
    pub rejected: Vec<Rejection>,
}

/// Parses one `cap` document into the feed's items.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let doc = parse_alerts(bytes, ctx)?;
    Ok(assemble(doc.alerts, doc.rejected, ctx))
}

/// Every `<alert>` in the document, unfiltered. A document with no
/// `<alert>` at all, or that is not XML, is a [`FormatError`].
pub fn parse_alerts(bytes: &[u8], ctx: &ParseCtx) -> Result<CapDocument, FormatError> {
    let root = xml::parse(bytes)?;
    let mut found = Vec::new();
    root.find_all("alert", &mut found);
    if found.is_empty() {
        return Err(FormatError(format!(
            "not a CAP document: no <alert> (root element is <{}>)",
            inert_line(&root.name)
        )));
    }
    let mut doc = CapDocument::default();
    for (index, el) in found.into_iter().enumerate() {
        match read_alert(el, ctx) {
            Ok(a) => doc.alerts.push(a),
            Err((id, reason)) => doc.rejected.push(Rejection { index, id, reason }),
        }
    }
    Ok(doc)
}

/// A message `sent` more than this many days ahead of the poll's clock is
/// rejected (clocks drift by minutes, not days).
pub const SENT_AHEAD_DAYS: i64 = 1;
/// An `<info>` `effective` more than this many days ahead is rejected
/// (warnings are issued days ahead, never months).
pub const EFFECTIVE_AHEAD_DAYS: i64 = 7;

use super::ItemResult;

/// One `<alert>` element; the error is `(identifier if readable, reason)`.
pub(super) fn read_alert(el: &Element, ctx: &ParseCtx) -> ItemResult<CapAlert> {
    let field = |name: &str| el.text_of(name).map(inert_line).filter(|s| !s.is_empty());
    let identifier = field("identifier");
    let shown = identifier.clone();
    let identifier = identifier.ok_or((None, "missing identifier".to_string()))?;
    let sender = field("sender").ok_or((shown.clone(), "missing sender".to_string()))?;
    let status = match field("status") {
        None => return Err((shown, "missing status".into())),
        Some(s) => Status::parse(&s).ok_or((shown.clone(), format!("unknown status {s:?}")))?,
    };
    let msg_type = match field("msgType") {
        None => MsgType::Alert,
        Some(s) => MsgType::parse(&s).ok_or((shown.clone(), format!("unknown msgType {s:?}")))?,
    };
    let sent_text = field("sent").unwrap_or_default();
    let identity = CapRef {
        sender,
        identifier,
        sent: sent_text.clone(),
    };
    let references = el.text_of("references").map(references).unwrap_or_default();
    let infos: Vec<&Element> = el.children("info").collect();
    let chosen = info::pick(&infos, &ctx.language);
    let sent = parse_time_lenient(&sent_text);
    if let Some(t) = sent.filter(|t| *t > ctx.now + chrono::Duration::days(SENT_AHEAD_DAYS)) {
        return Err((
            shown,
            format!(
                "sent {} is more than {SENT_AHEAD_DAYS} day ahead of now: rejected, not shown as sent now",
                t.to_rfc3339()
            ),
        ));
    }
    let effective = chosen
        .and_then(|i| i.text_of("effective"))
        .and_then(parse_time_lenient);
    if let Some(t) =
        effective.filter(|t| *t > ctx.now + chrono::Duration::days(EFFECTIVE_AHEAD_DAYS))
    {
        return Err((
            shown,
            format!(
                "effective {} is more than {EFFECTIVE_AHEAD_DAYS} days ahead of now: rejected",
                t.to_rfc3339()
            ),
        ));
    }
    Ok(build(
        ctx, identity, status, msg_type, references, chosen, sent,
    ))
}

/// Builds the mapped alert from its parts (also used for CAP fields
/// embedded in an Atom or RSS entry, where `info` is synthesised).
pub(super) fn build(
    ctx: &ParseCtx,
    identity: CapRef,
    status: Status,
    msg_type: MsgType,
    references: Vec<CapRef>,
    info: Option<&Element>,
    sent: Option<DateTime<Utc>>,
) -> CapAlert {
    let fields = info.map(info::read);
    let at = sent.unwrap_or(ctx.now);
    let expired = fields
        .as_ref()
        .and_then(|f| f.expires)
        .is_some_and(|t| t <= ctx.now);
    let source_state = if msg_type == MsgType::Cancel || expired {
        SourceState::Cleared
    } else {
        SourceState::Open
    };
    let title = fields
        .as_ref()
        .and_then(|f| f.title.clone())
        .unwrap_or_else(|| match (msg_type, references.first()) {
            (MsgType::Cancel, Some(r)) => format!("Cancelled: {}", r.identifier),
            _ => identity.identifier.clone(),
        });
    let areas = fields.as_ref().map(|f| f.areas.clone()).unwrap_or_default();
    let centre = area::centroid(&areas);
    let alert = SourceAlert {
        id: identity.alert_id(&ctx.feed_id),
        severity: fields.as_ref().map_or(info::severity(None), |f| f.severity),
        category: fields
            .as_ref()
            .map_or_else(|| "other".into(), |f| f.category.clone()),
        title,
        detail: fields
            .as_ref()
            .map(|f| f.detail.clone())
            .unwrap_or_default(),
        reported_at: at,
        updated_at: at,
        source: ctx.feed_id.clone(),
        link: fields.as_ref().and_then(|f| f.link.clone()),
        lat: centre.map(|c| c.0),
        lon: centre.map(|c| c.1),
        stations: Vec::new(),
        source_state,
        area_desc: fields.as_ref().and_then(|f| f.area_desc.clone()),
        areas,
        implausible: fields.as_ref().and_then(|f| f.implausible),
    };
    CapAlert {
        alert,
        identity,
        msg_type,
        status,
        references,
        has_info: info.is_some(),
    }
}

/// `<references>`: space-separated `sender,identifier,sent` triples.
/// Malformed entries are skipped.
pub fn references(s: &str) -> Vec<CapRef> {
    s.split_whitespace()
        .filter_map(|t| {
            let mut p = t.splitn(3, ',');
            let (sender, identifier) = (p.next()?, p.next()?);
            let sent = p.next().unwrap_or_default();
            (!sender.is_empty() && !identifier.is_empty()).then(|| CapRef {
                sender: inert_line(sender),
                identifier: inert_line(identifier),
                sent: inert_line(sent),
            })
        })
        .collect()
}
