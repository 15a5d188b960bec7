//! The bottom two lines: what is selected (or a prompt, or a message) and
//! the key hints, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{DetailTarget, FlashKind, Mode, Pane, PromptKind, PromptTarget};
use crate::keymap::Action;
use crate::ui::Screen;
use crate::ui::symbols::{Symbols, fit};

mod selection;
use selection::selection_line;

pub fn render_detail_line(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let t = &app.theme;
    let width = area.width as usize;
    let line = if let Mode::Prompt(p) = &app.mode {
        let target = match &p.target {
            PromptTarget::Marked(alerts) if app.marked_count() == 0 => {
                format!(" · {} related alerts", alerts.len())
            }
            PromptTarget::Marked(alerts) => format!(" · {} marked alerts", alerts.len()),
            other => other.id().map(|s| format!(" {s}")).unwrap_or_default(),
        };
        let cursor = if sym.ascii { "_" } else { "▏" };
        let at = p.cursor();
        let before: String = p.input.chars().take(at).collect();
        let after: String = p.input.chars().skip(at).collect();
        Line::from(vec![
            Span::styled(
                format!("{}{target} › ", p.kind.label()),
                t.accent.add_modifier(Modifier::BOLD),
            ),
            Span::raw(before),
            Span::styled(cursor, t.accent),
            Span::raw(after),
        ])
    } else if let Mode::Confirm(c) = &app.mode {
        Line::from(vec![
            Span::styled(
                fit(&c.question, width.saturating_sub(20), sym.ellipsis()),
                t.warning.add_modifier(Modifier::BOLD),
            ),
            Span::styled(" y/Enter", t.accent.add_modifier(Modifier::BOLD)),
            Span::styled(" · ", t.dim),
            Span::styled("n/Esc", t.accent.add_modifier(Modifier::BOLD)),
        ])
    } else if let Mode::Refused(r) = &app.mode {
        Line::from(Span::styled(
            fit(
                &format!("{} refused: {}", sym.refused(), r.reason),
                width,
                sym.ellipsis(),
            ),
            t.error.add_modifier(Modifier::BOLD),
        ))
    } else if let Some(f) = &app.flash {
        let style = match f.kind {
            FlashKind::Ok => t.ok,
            FlashKind::Error => t.error.add_modifier(Modifier::BOLD),
            FlashKind::Info => t.accent,
        };
        Line::from(Span::styled(fit(&f.text, width, sym.ellipsis()), style))
    } else {
        selection_line(app, sym, width)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Short words for the hint line.
fn short(action: Action) -> &'static str {
    match action {
        Action::Acknowledge => "ack",
        Action::AcknowledgeWithNote => "ack+note",
        Action::Escalate => "escalate",
        Action::Resolve => "resolve",
        Action::Snooze => "snooze",
        Action::Note => "note",
        Action::Open => "detail",
        Action::Back => "back",
        Action::MoveDown => "down",
        Action::MoveUp => "up",
        Action::NextPane => "pane",
        Action::Filter => "filter",
        Action::Help => "help",
        Action::Quit => "quit",
        Action::Mute => "mute",
        Action::Task => "task",
        Action::StandDown => "stand down",
        Action::WatchLog => "log",
        Action::Mark => "mark",
        Action::Own => "own",
        Action::Undo => "undo",
        Action::Unfold => "open group",
        Action::Fold => "fold group",
        _ => action.name(),
    }
}

pub fn render_hints(frame: &mut Frame, area: Rect, app: &Screen<'_>, sym: &Symbols) {
    let t = &app.theme;
    let actions: &[Action] = match (&app.mode, app.focus, app.detail.is_some()) {
        (Mode::Prompt(p), _, _) => {
            let line = if let Some(error) = &p.error {
                Line::from(Span::styled(
                    fit(
                        &format!("{} {error}", sym.refused()),
                        area.width as usize,
                        sym.ellipsis(),
                    ),
                    t.error.add_modifier(Modifier::BOLD),
                ))
            } else if p.kind == PromptKind::Command {
                command_hints(app, sym, area.width as usize)
            } else {
                Line::from(vec![
                    Span::styled("Enter", t.accent),
                    Span::styled(" confirm  ", t.dim),
                    Span::styled("Esc", t.accent),
                    Span::styled(" cancel", t.dim),
                ])
            };
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
        (Mode::Refused(r), _, _) => {
            let mut spans = vec![
                Span::styled("Esc", t.accent.add_modifier(Modifier::BOLD)),
                Span::styled(" to go on; nothing was recorded", t.dim),
            ];
            if !r.ignored.is_empty() {
                let text = format!("; keys typed since, ignored: {}", r.ignored);
                let room = (area.width as usize).saturating_sub(40);
                spans.push(Span::styled(fit(&text, room, sym.ellipsis()), t.warning));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
        (Mode::Confirm(c), _, _) => {
            let line = Line::from(vec![
                Span::styled("y", t.accent.add_modifier(Modifier::BOLD)),
                Span::styled(" or ", t.dim),
                Span::styled("Enter", t.accent.add_modifier(Modifier::BOLD)),
                Span::styled(format!(" {} ", c.verb.ask().to_lowercase()), t.dim),
                Span::styled(" n", t.accent.add_modifier(Modifier::BOLD)),
                Span::styled(" or ", t.dim),
                Span::styled("Esc", t.accent.add_modifier(Modifier::BOLD)),
                Span::styled(" cancel; any other key cancels too", t.dim),
            ]);
            frame.render_widget(Paragraph::new(line), area);
            return;
        }
        (Mode::Help, _, _) => &[Action::MoveDown, Action::MoveUp, Action::Back],
        // A detail offers only what acts on what it shows.
        (_, _, true) => match &app.detail {
            Some(DetailTarget::Alert(_)) => &[
                Action::Back,
                Action::Acknowledge,
                Action::Escalate,
                Action::Resolve,
                Action::Snooze,
                Action::Note,
                Action::Mute,
                Action::Help,
            ],
            Some(DetailTarget::Station(_)) => {
                &[Action::Back, Action::Mute, Action::WatchLog, Action::Help]
            }
            Some(DetailTarget::Officer(_)) => {
                &[Action::Back, Action::Task, Action::StandDown, Action::Help]
            }
            _ => &[Action::Back, Action::WatchLog, Action::Help],
        },
        // With marks, what acts on all of them, and how to clear them.
        (_, Pane::Alerts, _) if app.marked_count() > 0 => &[
            Action::Acknowledge,
            Action::Escalate,
            Action::Resolve,
            Action::Snooze,
            Action::Own,
            Action::Mark,
            Action::Back,
            Action::Help,
            Action::Quit,
        ],
        (_, Pane::Alerts, _) => &[
            Action::Acknowledge,
            Action::AcknowledgeWithNote,
            Action::Escalate,
            Action::Resolve,
            Action::Snooze,
            Action::Note,
            Action::Mark,
            Action::Open,
            Action::NextPane,
            Action::Filter,
            Action::Help,
            Action::Quit,
        ],
        (_, Pane::Stations, _) => &[
            Action::Open,
            Action::Mute,
            Action::NextPane,
            Action::WatchLog,
            Action::Help,
            Action::Quit,
        ],
        (_, Pane::Roster, _) => &[
            Action::Open,
            Action::Task,
            Action::StandDown,
            Action::NextPane,
            Action::Help,
            Action::Quit,
        ],
        (_, Pane::Feeds | Pane::Hazards, _) => &[
            Action::Back,
            Action::NextPane,
            Action::WatchLog,
            Action::Help,
            Action::Quit,
        ],
        _ => &[Action::Back, Action::WatchLog, Action::Help, Action::Quit],
    };
    // For 30 s after an action of the officer's own that can be undone
    // (an escalation cannot): how to undo it.
    let mut actions = actions.to_vec();
    if app.mode == Mode::Normal && app.can_undo() {
        actions.insert(0, Action::Undo);
    }
    // On a group of related alerts: how to open or fold it.
    if app.focus == Pane::Alerts && app.detail.is_none() && app.mode == Mode::Normal {
        if let Some((_, g)) = app.selected_group() {
            let at = actions.len().min(1);
            actions.insert(
                at,
                if g.expanded {
                    Action::Fold
                } else {
                    Action::Unfold
                },
            );
        }
    }
    // With marks, Esc clears them.
    let marks = app.marked_count() > 0 && app.focus == Pane::Alerts && app.detail.is_none();
    let short = |a: Action| match a {
        Action::Back if marks => "clear marks",
        a => short(a),
    };
    let hint = |a: Action| -> Option<(String, usize)> {
        let k = app.settings.keymap.keys_for(a).first()?;
        let key = if sym.ascii {
            k.label_ascii()
        } else {
            k.label()
        };
        let w = key.chars().count() + short(a).len() + 3;
        Some((key, w))
    };
    // The help key is always offered, however narrow: the others give way
    // to it, so an officer can always find every binding.
    let help = actions
        .contains(&Action::Help)
        .then(|| hint(Action::Help))
        .flatten();
    let mut spans = Vec::new();
    let mut used = help.as_ref().map_or(0, |(_, w)| *w);
    let push = |spans: &mut Vec<Span<'static>>, key: String, a: Action| {
        spans.push(Span::styled(
            format!(" {key}"),
            t.accent.add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(format!(" {} ", short(a)), t.dim));
    };
    for &a in actions.iter().filter(|&&a| a != Action::Help) {
        let Some((key, w)) = hint(a) else { continue };
        if used + w > area.width as usize {
            break;
        }
        used += w;
        push(&mut spans, key, a);
    }
    if let Some((key, _)) = help {
        // In its usual place when everything fitted, else last.
        let at = actions.iter().position(|&a| a == Action::Help).unwrap_or(0);
        let shown_before = actions[..at].iter().filter(|&&a| hint(a).is_some()).count();
        let mut help_spans = Vec::new();
        push(&mut help_spans, key, Action::Help);
        let index = (shown_before * 2).min(spans.len());
        spans.splice(index..index, help_spans);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Under the `:` line: the completion candidates (the one in the input
/// marked), or how to complete.
fn command_hints(app: &Screen<'_>, sym: &Symbols, width: usize) -> Line<'static> {
    let t = &app.theme;
    let Some(c) = &app.completion else {
        return Line::from(vec![
            Span::styled("Tab", t.accent),
            Span::styled(" complete  ", t.dim),
            Span::styled("Enter", t.accent),
            Span::styled(" run  ", t.dim),
            Span::styled("Esc", t.accent),
            Span::styled(" cancel  ", t.dim),
            Span::styled(":ack ID  :desk REGION  :theme NAME  :q", t.dim),
        ]);
    };
    if c.candidates.is_empty() {
        return Line::from(Span::styled("Tab: nothing to complete", t.dim));
    }
    let mut spans = vec![Span::styled(
        format!("Tab {}/{}:", c.index + 1, c.candidates.len()),
        t.accent,
    )];
    let mut used = spans[0].content.chars().count();
    // Candidates from the current one on, as many as fit.
    let n = c.candidates.len();
    for k in 0..n {
        let i = (c.index + k) % n;
        let text = format!(" {}", c.candidates[i]);
        let w = text.chars().count();
        if used + w > width {
            spans.push(Span::styled(format!(" {}", sym.ellipsis()), t.dim));
            break;
        }
        used += w;
        let style = if i == c.index {
            t.accent.add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            t.dim
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(c.candidates[i].clone(), style));
    }
    Line::from(spans)
}
