//! The layers the build keeps: reads every `crate::` path in every file
//! under src/ (its `use` lines and paths written in place) and fails naming
//! the file and line of each import that crosses a forbidden arrow. The
//! arrows are those of docs/architecture.md; this is where they are enforced.

use std::fs;
use std::path::{Path, PathBuf};

/// (from, to): a file of layer `from` must not name anything in `to`.
/// `domain` may name nothing but itself (see `domain_imports_only_itself`).
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("state", &["journal", "feeds", "ui"]),
    ("app", &["journal", "ui", "theme", "runtime", "tui"]),
    ("ui", &["journal", "feeds", "config"]),
    ("feeds", &["ui", "app", "sim"]),
    ("journal", &["app", "state"]),
    ("config", &["app"]),
];

/// The layer a file belongs to: its top-level module, except for files that
/// belong to another layer's side of a seam.
fn layer_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
    match module.as_str() {
        // Reading a journal's history into a state is the journal's side.
        "history" => "journal".to_string(),
        _ => module,
    }
}

/// One `crate::` reference: the top-level module it names, and its line.
#[derive(Debug, PartialEq)]
struct Reference {
    line: usize,
    module: String,
}

/// Every top-level module a source text names through `crate::`, with the
/// line it is named on: `crate::a::b`, and each branch of `crate::{a, b::c}`.
fn references(source: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before = &rest[..at];
            rest = &rest[at + "crate::".len()..];
            // `$crate::` in a macro, or `watchkeeper_crate::`: not ours.
            if before.ends_with(|c: char| c == '$' || c == '_' || c.is_alphanumeric()) {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // A group may span lines: take the text up to its brace.
                let start = source.lines().skip(i).collect::<Vec<_>>().join("\n");
                let from = start.find("crate::{").map_or(0, |p| p + "crate::{".len());
                let body = &start[from..];
                let body = &body[..matching_brace(body)];
                for branch in top_level_branches(body) {
                    out.push(Reference {
                        line: i + 1,
                        module: branch,
                    });
                }
                rest = group;
                continue;
            }
            let module: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !module.is_empty() {
                out.push(Reference {
                    line: i + 1,
                    module,
                });
            }
        }
    }
    out
}

/// The length of `body` up to the brace closing the group it starts in.
fn matching_brace(body: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    body.len()
}

/// The first path segment of each comma-separated branch at depth 0.
fn top_level_branches(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let push = |s: &str, out: &mut Vec<String>| {
        let first: String = s
            .trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !first.is_empty() && first != "self" {
            out.push(first);
        }
    };
    for (i, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                push(&body[start..i], &mut out);
                start = i + 1;
            }
            _ => {}
        }
    }
    push(&body[start..], &mut out);
    out
}

/// The forbidden crossings in one file's text, as `file:line: a → b`.
fn crossings(relative: &Path, source: &str) -> Vec<String> {
    let from = layer_of(relative);
    let forbidden: &[&str] = FORBIDDEN
        .iter()
        .find(|(layer, _)| *layer == from)
        .map_or(&[], |(_, to)| to);
    references(source)
        .into_iter()
        .filter(|r| {
            let to = if r.module == "history" {
                "journal"
            } else {
                r.module.as_str()
            };
            if from == "domain" {
                to != "domain"
            } else {
                forbidden.contains(&to)
            }
        })
        .map(|r| {
            format!(
                "src/{}:{}: {from} → {} is forbidden",
                relative.display(),
                r.line,
                r.module
            )
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_file_imports_across_a_forbidden_arrow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under src/",
        files.len()
    );
    let mut found = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let relative = file.strip_prefix(&src).unwrap_or(file);
        found.extend(crossings(relative, &text));
    }
    assert!(
        found.is_empty(),
        "{} imports cross a forbidden arrow:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_check_names_file_and_line_of_each_crossing() {
    let ui = "use ratatui::text::Line;\n\
              use crate::app::App;\n\
              use crate::{theme::Theme, journal::Event};\n\
              fn f(e: &crate::config::FeedConfig) {} // crate::feeds in a comment\n";
    assert_eq!(
        crossings(Path::new("ui/panes/log.rs"), ui),
        [
            "src/ui/panes/log.rs:3: ui → journal is forbidden",
            "src/ui/panes/log.rs:4: ui → config is forbidden",
        ]
    );
    let grouped = "use crate::{\n    domain::Severity,\n    state::{JournalState, Model},\n};\n";
    assert_eq!(
        crossings(Path::new("history.rs"), grouped),
        ["src/history.rs:1: journal → state is forbidden"]
    );
    let domain =
        "use super::Severity;\nuse crate::domain::ids::AlertId;\nuse crate::config::RiskScale;\n";
    assert_eq!(
        crossings(Path::new("domain/risk.rs"), domain),
        ["src/domain/risk.rs:3: domain → config is forbidden"]
    );
    assert!(crossings(Path::new("runtime.rs"), "use crate::journal::Journal;\n").is_empty());
}
