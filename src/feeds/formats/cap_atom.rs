//! `cap-atom`: an Atom or RSS (2.0 or 1.0) index of CAP alerts.
//!
//! The index gives each entry's link (resolved against the index URL), id
//! and update time: the transport fetches the linked alerts and reads them
//! with [`cap::parse_alerts`], then [`cap::assemble`] over everything.
//!
//! Some indexes embed the CAP fields in each entry (`cap:severity`,
//! `cap:event`, `cap:area`… as in the CAP 1.2 Atom profile and the NWS CAP
//! 1.1 index). Such an entry also carries a ready alert ([`IndexEntry::inline`],
//! title from the entry title, description from its summary), so the feed
//! shows something useful even when linked documents are not fetched. An
//! inline alert's id is `<feed>:<entry id>` (there is no sender), so it is
//! not the id the fetched document would give. An entry that embeds a whole
//! CAP `<alert>` (in its `<content>`) gives that alert, with its real id.

use chrono::{DateTime, Utc};

use super::cap::{self, CapAlert, CapRef, MsgType, Status};
use super::xml::{self, Element};
use super::{FormatError, ParseCtx, parse_time_lenient};
use crate::feeds::sanitize::inert_line;
use crate::feeds::{Parsed, Rejection};

/// One entry of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The linked CAP document, absolute; `None` when the entry has no
    /// usable link (it then has an inline alert, or it was rejected).
    pub url: Option<String>,
    /// Atom `<id>`, RSS `<guid>`, else the link. Inert.
    pub id: String,
    /// Atom `<updated>` (else `<published>`), RSS `<pubDate>`.
    pub updated: Option<DateTime<Utc>>,
    /// The alert built from CAP fields embedded in the entry.
    pub inline: Option<CapAlert>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CapIndex {
    pub entries: Vec<IndexEntry>,
    /// Entries with neither a usable link nor embedded CAP fields.
    pub rejected: Vec<Rejection>,
}

/// The feed's items from the index alone: the inline alerts, resolved and
/// filtered as [`cap::assemble`] does. Entries that only link are left to
/// the transport.
pub fn parse(bytes: &[u8], ctx: &ParseCtx) -> Result<Parsed, FormatError> {
    let index = parse_index(bytes, "", ctx)?;
    let inline = index.entries.into_iter().filter_map(|e| e.inline).collect();
    Ok(cap::assemble(inline, index.rejected, ctx))
}

/// Reads an Atom `<feed>`, an RSS 2.0 `<rss>` or an RSS 1.0 `<rdf:RDF>`.
/// Relative links are resolved against `base_url` (the index's own URL);
/// with no valid base, only absolute links are usable.
pub fn parse_index(bytes: &[u8], base_url: &str, ctx: &ParseCtx) -> Result<CapIndex, FormatError> {
    let root = xml::parse(bytes)?;
    let (items, atom): (Vec<&Element>, bool) = match root.name.as_str() {
        "feed" => (root.children("entry").collect(), true),
        "rss" => (
            root.child("channel")
                .map(|c| c.children("item").collect())
                .unwrap_or_default(),
            false,
        ),
        "RDF" => (root.children("item").collect(), false),
        other => {
            return Err(FormatError(format!(
                "not an Atom or RSS index: root element is <{}>",
                inert_line(other)
            )));
        }
    };
    let mut index = CapIndex::default();
    for (i, item) in items.into_iter().enumerate() {
        let href = if atom {
            atom_link(item)
        } else {
            rss_link(item)
        };
        let url = href.as_deref().and_then(|h| resolve(base_url, h));
        let id = item
            .text_of(if atom { "id" } else { "guid" })
            .map(inert_line)
            .filter(|s| !s.is_empty())
            .or_else(|| url.clone().map(|u| inert_line(&u)));
        let updated = ["updated", "published", "pubDate", "date"]
            .iter()
            .find_map(|n| item.text_of(n).and_then(parse_time_lenient));
        let inline = id
            .as_deref()
            .and_then(|id| inline_alert(item, id, url.as_deref(), updated, ctx));
        match id {
            Some(id) if url.is_some() || inline.is_some() => index.entries.push(IndexEntry {
                url,
                id,
                updated,
                inline,
            }),
            id => {
                let reason = match href {
                    Some(h) => format!("cannot resolve link {:?}", inert_line(&h)),
                    None => "no link to a CAP alert".to_string(),
                };
                index.rejected.push(Rejection {
                    index: i,
                    id,
                    reason,
                });
            }
        }
    }
    Ok(index)
}

/// `href` resolved against `base` (RFC 3986); `None` when it cannot be
/// (a relative link without a valid base) or is not http(s) or file.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let url = match url::Url::parse(href) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            url::Url::parse(base).ok()?.join(href).ok()?
        }
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https" | "file").then(|| url.to_string())
}

/// Atom: the link typed `application/cap+xml`, else the `alternate` one
/// (or one without `rel`), else the first with an `href`.
fn atom_link(entry: &Element) -> Option<String> {
    let links: Vec<&Element> = entry
        .children("link")
        .filter(|l| l.attr("href").is_some())
        .collect();
    let is_cap = |l: &&&Element| l.attr("type").is_some_and(|t| t.contains("cap"));
    let alternate = |l: &&&Element| l.attr("rel").is_none_or(|r| r == "alternate");
    links
        .iter()
        .find(is_cap)
        .or_else(|| links.iter().find(alternate))
        .or_else(|| links.first())
        .and_then(|l| l.attr("href"))
        .map(str::to_string)
}

/// RSS: an `<enclosure>` typed CAP, else `<link>` text (or an
/// `atom:link` href).
fn rss_link(item: &Element) -> Option<String> {
    let enclosure = item
        .children("enclosure")
        .find(|e| e.attr("type").is_some_and(|t| t.contains("cap")))
        .and_then(|e| e.attr("url"));
    let link = || {
        item.children("link").find_map(|l| {
            let t = l.text.trim();
            if t.is_empty() {
                l.attr("href")
            } else {
                Some(t)
            }
        })
    };
    enclosure.or_else(link).map(str::to_string)
}

/// Names of CAP fields that, present in an entry, make it carry an alert.
const CAP_MARKERS: [&str; 4] = ["severity", "event", "urgency", "msgType"];
/// Entry children that belong to the CAP `<info>` (areas are handled apart).
const INFO_FIELDS: [&str; 10] = [
    "language",
    "category",
    "event",
    "urgency",
    "severity",
    "certainty",
    "expires",
    "effective",
    "instruction",
    "web",
];
/// Area fields some indexes (NWS CAP 1.1) put straight into the entry.
const FLAT_AREA_FIELDS: [&str; 4] = ["areaDesc", "polygon", "circle", "geocode"];

/// The alert an entry's embedded CAP fields describe, if it has any.
fn inline_alert(
    entry: &Element,
    id: &str,
    url: Option<&str>,
    updated: Option<DateTime<Utc>>,
    ctx: &ParseCtx,
) -> Option<CapAlert> {
    // A whole CAP alert embedded in the entry (`<content type="application/cap+xml">`).
    let mut embedded = Vec::new();
    entry.find_all("alert", &mut embedded);
    if let Some(Ok(a)) = embedded.first().map(|el| cap::read_alert(el, ctx)) {
        return Some(a);
    }
    if !CAP_MARKERS.iter().any(|m| entry.child(m).is_some()) {
        return None;
    }
    let status = entry
        .text_of("status")
        .map_or(Some(Status::Actual), Status::parse)?;
    let msg_type = entry
        .text_of("msgType")
        .map_or(Some(MsgType::Alert), MsgType::parse)?;
    let mut info = Element {
        name: "info".into(),
        ..Element::default()
    };
    let synth = |name: &str, text: &str| Element {
        name: name.into(),
        text: text.to_string(),
        ..Element::default()
    };
    for c in &entry.children {
        if INFO_FIELDS.contains(&c.name.as_str()) || c.name == "area" {
            info.children.push(c.clone());
        }
    }
    if let Some(t) = entry.text_of("title") {
        info.children.push(synth("headline", t));
    }
    if let Some(t) = entry
        .text_of("summary")
        .or_else(|| entry.text_of("description"))
    {
        info.children.push(synth("description", t));
    }
    if info.child("web").is_none() {
        if let Some(u) = url {
            info.children.push(synth("web", u));
        }
    }
    let flat: Vec<Element> = entry
        .children
        .iter()
        .filter(|c| FLAT_AREA_FIELDS.contains(&c.name.as_str()))
        .cloned()
        .collect();
    if !flat.is_empty() {
        info.children.push(Element {
            name: "area".into(),
            children: flat,
            ..Element::default()
        });
    }
    let sent = entry
        .text_of("sent")
        .and_then(parse_time_lenient)
        .or(updated);
    let sender = entry
        .child("author")
        .and_then(|a| a.text_of("name"))
        .or_else(|| entry.text_of("sender"))
        .map(inert_line)
        .unwrap_or_default();
    let identity = CapRef {
        sender,
        identifier: id.to_string(),
        sent: sent.map(|t| t.to_rfc3339()).unwrap_or_default(),
    };
    let references = entry
        .text_of("references")
        .map(cap::references)
        .unwrap_or_default();
    let mut a = cap::build(
        ctx,
        identity,
        status,
        msg_type,
        references,
        Some(&info),
        sent,
    );
    a.alert.id = format!("{}:{id}", ctx.feed_id);
    Some(a)
}
