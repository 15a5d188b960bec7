//! A small element tree over quick-xml for the XML formats (CAP, Atom, RSS).
//!
//! Feed documents are small (bounded by `max_bytes`), so they are read into
//! a tree once and walked by local name: `cap:alert` and `alert` are the same
//! element, whatever prefix or namespace version (CAP 1.1 or 1.2) a
//! publisher uses. Text is raw here; the format modules make it inert.
//!
//! Decoding: a UTF-8 or UTF-16 byte-order mark wins; otherwise the XML
//! declaration's `encoding`. UTF-8 (the default) must be valid.
//! ISO-8859-1/Latin-1 and Windows-1252 are decoded as Windows-1252 (as
//! browsers do: real "ISO-8859-1" feeds use its 0x80–0x9F characters);
//! US-ASCII as UTF-8. Any other encoding is refused by name.

use quick_xml::errors::SyntaxError;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::FormatError;

/// Deeper nesting than this is refused (no feed needs it; it bounds the
/// work and the stack a hostile document can cost).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Default)]
pub struct Element {
    /// Local name, without prefix.
    pub name: String,
    /// The prefix as written (`cap` in `cap:alert`), or empty.
    pub prefix: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Direct text and CDATA, entities resolved, concatenated.
    pub text: String,
}

impl Element {
    /// The first direct child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Direct children with this local name.
    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first direct child with this local name, if
    /// it has any.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
    }

    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Depth-first search (self included) for elements with this local
    /// name, not descending into a match.
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        if self.name == name {
            out.push(self);
            return;
        }
        for c in &self.children {
            c.find_all(name, out);
        }
    }
}

/// Decodes and parses a whole document; returns its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, FormatError> {
    let text = decode(bytes)?;
    // quick-xml's messages quote the document: made inert for every caller.
    parse_str(&text).map_err(|e| FormatError(crate::feeds::sanitize::inert_line(&e.0)))
}

fn parse_str(text: &str) -> Result<Element, FormatError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            // Every syntax error but one is "… not closed before the end".
            if matches!(&e, quick_xml::Error::Syntax(s) if *s != SyntaxError::InvalidBangMarkup) {
                FormatError(format!("XML is truncated: {e}"))
            } else {
                FormatError(format!("not well-formed XML near byte {pos}: {e}"))
            }
        })?;
        match ev {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(FormatError(format!(
                        "XML nested deeper than {MAX_DEPTH} elements"
                    )));
                }
                stack.push(start(&e)?);
            }
            Event::Empty(e) => {
                let el = start(&e)?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| FormatError("XML has an unmatched end tag".into()))?;
                attach(&mut stack, &mut root, el)?;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t
                        .xml10_content()
                        .map_err(|e| FormatError(format!("bad text near byte {pos}: {e}")))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => top.text.push(c),
                        Ok(None) => match resolve_predefined_entity(&name)
                            .or((name == "nbsp").then_some("\u{a0}"))
                        {
                            Some(v) => top.text.push_str(v),
                            // Unknown entity (a DTD's): kept as written, never expanded.
                            None => {
                                top.text.push('&');
                                top.text.push_str(&name);
                                top.text.push(';');
                            }
                        },
                        Err(_) => {
                            return Err(FormatError(format!(
                                "bad character reference &{name}; near byte {pos}"
                            )));
                        }
                    }
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(FormatError(format!(
            "XML is truncated: <{}> is not closed",
            qname(open)
        )));
    }
    root.ok_or_else(|| FormatError("not an XML document: no root element".into()))
}

fn qname(e: &Element) -> String {
    if e.prefix.is_empty() {
        e.name.clone()
    } else {
        format!("{}:{}", e.prefix, e.name)
    }
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    el: Element,
) -> Result<(), FormatError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_none() => *root = Some(el),
        None => return Err(FormatError("XML has more than one root element".into())),
    }
    Ok(())
}

fn start(e: &BytesStart<'_>) -> Result<Element, FormatError> {
    let qn = e.name();
    let name = String::from_utf8_lossy(qn.local_name().as_ref()).into_owned();
    let prefix = qn
        .prefix()
        .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
        .unwrap_or_default();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| FormatError(format!("bad attribute in <{name}>: {err}")))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
        attrs.push((key, value));
    }
    Ok(Element {
        name,
        prefix,
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

/// Bytes to text, by byte-order mark or declared encoding (module docs).
pub fn decode(bytes: &[u8]) -> Result<String, FormatError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let label = declared_encoding(bytes).unwrap_or_default();
    match label.as_str() {
        "" | "utf-8" | "utf8" | "us-ascii" | "ascii" => utf8(bytes),
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "windows-1252" | "cp1252" => {
            Ok(bytes.iter().map(|&b| windows_1252(b)).collect())
        }
        other => Err(FormatError(format!(
            "unsupported XML encoding {:?} (UTF-8, UTF-16, ISO-8859-1 and Windows-1252 are read)",
            crate::feeds::sanitize::inert_line(other)
        ))),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, FormatError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        FormatError(format!(
            "not UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> Result<String, FormatError> {
    if bytes.len() % 2 != 0 {
        return Err(FormatError(
            "UTF-16 document has an odd number of bytes".into(),
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| FormatError("invalid UTF-16".into()))
}

/// The `encoding` of a leading `<?xml ... ?>` declaration, lowercased.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = head[start..].strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    Some(value.trim().to_ascii_lowercase())
}

/// One Windows-1252 byte as a char (0x80–0x9F holds €, quotes, dashes…;
/// its five unassigned bytes map to the C1 controls, which the sanitizer
/// removes).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_decoded_and_prefixes_are_local_names() {
        let doc = b"<?xml version='1.0' encoding = 'ISO-8859-1'?><cap:a xmlns:cap='x'><cap:b>Usulut\xe1n &amp; \x93q\x94</cap:b></cap:a>";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.prefix, "cap");
        assert_eq!(root.text_of("b"), Some("Usulután & “q”"));
    }

    #[test]
    fn bom_cdata_and_entities() {
        let doc = "\u{feff}<a x=\"1 &amp; 2\"><![CDATA[<b>]]>&#233;&nbsp;&foo;</a>";
        let root = parse(doc.as_bytes()).unwrap();
        assert_eq!(root.attr("x"), Some("1 & 2"));
        assert_eq!(root.text, "<b>é\u{a0}&foo;");
    }

    #[test]
    fn broken_documents_are_named() {
        let e = |d: &[u8]| parse(d).unwrap_err().0;
        assert!(
            e(b"<a><b>text</b>").contains("truncated: <a>"),
            "{}",
            e(b"<a><b>")
        );
        assert!(e(b"<a>\xff</a>").contains("not UTF-8 at byte 3"));
        assert!(
            e(b"<?xml version='1.0' encoding='KOI8-R'?><a/>").contains("unsupported XML encoding")
        );
        assert!(e(b"").contains("no root element"));
        assert!(e(b"<a></b>").contains("not well-formed"));
        let deep = "<a>".repeat(100);
        assert!(e(deep.as_bytes()).contains("nested deeper"));
        assert!(e(b"<a/><b/>").contains("more than one root"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut doc = vec![0xFF, 0xFE];
        for u in "<a>ß</a>".encode_utf16() {
            doc.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(parse(&doc).unwrap().text, "ß");
    }
}
