//! Reading the SQLite journal's rows: decoding events fast (a million of
//! them at start-up) and the rules' lookups inside an append.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Params, params};

use super::rules::Lookup;
use super::sqlite::sql_err;
use super::{Event, EventKind, JournalError, Location};

const SELECT_EVENTS: &str = "SELECT seq, at, officer, host, payload, note FROM events";

/// The rules' reads, inside the append's transaction.
pub(super) struct SqlLookup<'a> {
    pub conn: &'a Connection,
    pub path: &'a Path,
}

impl Lookup for SqlLookup<'_> {
    fn lifecycle(&mut self, alert: &str) -> Result<Vec<Event>, JournalError> {
        query_events(
            self.conn,
            self.path,
            "WHERE alert = ?1 \
             AND kind IN ('raised', 'acknowledged', 'resolved', 'reopened', 'unacknowledged', 'ack_expired') \
             ORDER BY seq",
            params![alert],
        )
    }

    fn by_key(&mut self, key: &str) -> Result<Option<Event>, JournalError> {
        let mut found = query_events(self.conn, self.path, "WHERE unique_key = ?1", params![key])?;
        Ok(found.pop())
    }
}

/// Runs `SELECT <event columns> FROM events <tail>` and decodes the rows.
///
/// Reading the whole history at start-up goes through here (a million rows
/// is an ordinary journal after months of watches), so the text columns are
/// borrowed from SQLite rather than copied, and the journal's own time
/// format is parsed without the general RFC 3339 parser.
pub(super) fn query_events<P: Params>(
    conn: &Connection,
    path: &Path,
    tail: &str,
    params: P,
) -> Result<Vec<Event>, JournalError> {
    let sql = format!("{SELECT_EVENTS} {tail}");
    decode_rows(conn, path, &sql, params, |event, _| Ok(event))
}

/// Runs `sql`, whose first six columns are the event's, and hands each
/// decoded event with its row to `f`.
pub(super) fn decode_rows<P: Params, T>(
    conn: &Connection,
    path: &Path,
    sql: &str,
    params: P,
    mut f: impl FnMut(Event, &rusqlite::Row<'_>) -> Result<T, JournalError>,
) -> Result<Vec<T>, JournalError> {
    let mut stmt = conn.prepare_cached(sql).map_err(|e| sql_err(path, e))?;
    let mut rows = stmt.query(params).map_err(|e| sql_err(path, e))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| sql_err(path, e))? {
        let text = |i: usize| -> Result<&str, JournalError> {
            row.get_ref(i)
                .and_then(|v| v.as_str().map_err(Into::into))
                .map_err(|e| sql_err(path, e))
        };
        let seq: i64 = row.get(0).map_err(|e| sql_err(path, e))?;
        let corrupt = |reason: String| JournalError::Corrupt {
            location: Location::file(path),
            seq,
            reason,
        };
        let at = text(1)?;
        let at = parse_stored_at(at)
            .or_else(|| {
                DateTime::parse_from_rfc3339(at)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            })
            .ok_or_else(|| corrupt(format!("bad time {at:?}")))?;
        let kind: EventKind =
            serde_json::from_str(text(4)?).map_err(|e| corrupt(format!("bad payload: {e}")))?;
        let note: Option<String> = row.get(5).map_err(|e| sql_err(path, e))?;
        let event = Event {
            seq,
            at,
            officer: text(2)?.to_owned(),
            host: text(3)?.to_owned(),
            kind,
            note,
        };
        out.push(f(event, row)?);
    }
    Ok(out)
}

/// The stored form `format_at` writes, `2026-11-22T21:00:00.000Z`, parsed
/// directly; `None` for anything else (the caller falls back to RFC 3339).
fn parse_stored_at(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 24
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[23] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date =
        chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_milli_opt(
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
        num(20, 23)?,
    )?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
#[test]
fn stored_times_parse_like_rfc3339() {
    for s in [
        "2026-11-22T21:00:00.000Z",
        "1999-12-31T23:59:59.999Z",
        "2024-02-29T00:00:00.001Z",
    ] {
        let want = DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        assert_eq!(parse_stored_at(s), Some(want), "{s}");
        assert_eq!(super::event::format_at(want), s);
    }
    for s in [
        "2026-11-22T21:00:00Z",
        "2026-11-22T21:00:00.000+01:00",
        "2026-02-30T21:00:00.000Z",
        "2026-11-22T25:00:00.000Z",
        "2026-11-22T21:00:0x.000Z",
        "",
    ] {
        assert_eq!(parse_stored_at(s), None, "{s}");
    }
}
