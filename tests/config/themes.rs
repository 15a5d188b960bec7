//! Themes: the four built-ins at every depth, 16-colour legibility, user
//! themes (shadowing, errors with file+line+slot), colour depth detection.

use std::collections::HashSet;
use std::path::Path;

use ratatui::style::{Color, Modifier};
use watchkeeper::domain::severity::Severity;
use watchkeeper::theme::{self, ColorDepth, Palette};

const DEPTHS: [ColorDepth; 4] = [
    ColorDepth::TrueColor,
    ColorDepth::Ansi256,
    ColorDepth::Ansi16,
    ColorDepth::None,
];

fn user_dir_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(format!("{name}.toml")), text).unwrap();
    dir
}

#[test]
fn every_builtin_loads_at_every_depth() {
    assert_eq!(
        theme::builtin_names(),
        [
            "watch-dark",
            "watch-light",
            "high-contrast",
            "colorblind-safe"
        ]
    );
    for name in theme::builtin_names() {
        for depth in DEPTHS {
            let t = theme::load_from(name, depth, None)
                .unwrap_or_else(|e| panic!("{name} {depth:?}: {e}"));
            assert_eq!((t.name.as_str(), t.depth), (*name, depth));
            assert!(t.level_count() >= 6, "{name}: levels 1-6");
            let all = [
                t.base,
                t.selected,
                t.title,
                t.severity(Severity::Critical),
                t.level(6),
                t.state_new,
            ];
            for s in all {
                match depth {
                    ColorDepth::None => assert!(
                        s.fg.is_none() && s.bg.is_none(),
                        "{name}: colour at depth none"
                    ),
                    ColorDepth::Ansi256 => assert!(!matches!(s.fg, Some(Color::Rgb(..)))),
                    ColorDepth::Ansi16 => {
                        assert!(!matches!(s.fg, Some(Color::Rgb(..) | Color::Indexed(_))))
                    }
                    ColorDepth::TrueColor => {}
                }
            }
        }
    }
}

#[test]
fn builtins_fill_every_slot_themselves() {
    for name in theme::builtin_names() {
        let text = theme::builtin_text(name).unwrap();
        let p = Palette::parse(text, name).unwrap();
        assert!(
            p.base
                .iter()
                .chain(&p.severity)
                .chain(&p.state)
                .chain(&p.feed)
                .all(Option::is_some),
            "{name}"
        );
        assert_eq!(
            p.levels.keys().copied().collect::<Vec<u8>>(),
            [1, 2, 3, 4, 5, 6],
            "{name}"
        );
        assert!(text.contains(&format!("name = \"{name}\"")));
    }
}

#[test]
fn every_builtin_still_reads_in_16_colours() {
    for name in theme::builtin_names() {
        let t = theme::load_from(name, ColorDepth::Ansi16, None).unwrap();
        let sev: Vec<Option<Color>> = Severity::ALL_DESC
            .iter()
            .map(|s| t.severity(*s).fg)
            .collect();
        let distinct: HashSet<_> = sev.iter().collect();
        assert!(
            distinct.len() >= 4,
            "{name}: severities in 16 colours: {sev:?}"
        );
        assert_ne!(
            sev[0], sev[1],
            "{name}: critical and high look alike in 16 colours"
        );
        for (hi, lo) in [(5, 1), (5, 2), (6, 1), (6, 2)] {
            assert_ne!(
                t.level(hi).fg,
                t.level(lo).fg,
                "{name}: level {hi} vs {lo} in 16 colours"
            );
        }
    }
}

#[test]
fn meaning_survives_without_colour() {
    let t = theme::load_from("watch-dark", ColorDepth::None, None).unwrap();
    let crit = t.severity(Severity::Critical);
    assert!(
        crit.add_modifier
            .contains(Modifier::BOLD | Modifier::REVERSED)
    );
    assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
    assert!(t.state_cleared.add_modifier.contains(Modifier::DIM));
    assert!(t.state_resolved.add_modifier.contains(Modifier::DIM));
    assert!(t.title.add_modifier.contains(Modifier::BOLD));
    assert_ne!(crit, t.severity(Severity::High));
    let colour = theme::load_from("watch-dark", ColorDepth::TrueColor, None).unwrap();
    assert!(
        colour
            .severity(Severity::Critical)
            .add_modifier
            .contains(Modifier::BOLD)
    );
    assert_eq!(
        colour.base.bg,
        Some(Color::Reset),
        "watch-dark keeps the terminal's background"
    );
    assert_eq!(
        colour.severity(Severity::Critical).fg,
        Some(Color::Rgb(0xff, 0x3b, 0x3b))
    );
}

#[test]
fn colour_depth_maps_rgb_down() {
    assert_eq!(theme::nearest_256((255, 0, 0)), 196);
    assert_eq!(theme::nearest_256((128, 128, 128)), 244);
    assert_eq!(theme::nearest_16((250, 10, 10)), Color::LightRed);
    assert_eq!(theme::nearest_16((0, 0, 0)), Color::Black);
    assert_eq!(
        theme::adapt(Color::Rgb(1, 2, 3), ColorDepth::TrueColor),
        Some(Color::Rgb(1, 2, 3))
    );
    assert_eq!(
        theme::adapt(Color::Indexed(9), ColorDepth::Ansi16),
        Some(Color::LightRed)
    );
    assert_eq!(
        theme::adapt(Color::Indexed(196), ColorDepth::Ansi16),
        Some(Color::LightRed)
    );
    assert_eq!(
        theme::adapt(Color::Cyan, ColorDepth::Ansi256),
        Some(Color::Cyan)
    );
    assert_eq!(theme::adapt(Color::Cyan, ColorDepth::None), None);
}

#[test]
fn colour_values_accepted_and_refused() {
    let ok = |v: toml::Value| theme::parse_colour(&v).unwrap();
    assert_eq!(ok("#0072B2".into()), Color::Rgb(0, 0x72, 0xb2));
    assert_eq!(ok("bright-cyan".into()), Color::LightCyan);
    assert_eq!(ok("dark-gray".into()), Color::DarkGray);
    assert_eq!(ok("default".into()), Color::Reset);
    assert_eq!(ok("reset".into()), Color::Reset);
    assert_eq!(ok(toml::Value::Integer(202)), Color::Indexed(202));
    for bad in [
        toml::Value::from("#12345"),
        "mauve".into(),
        toml::Value::Integer(256),
        toml::Value::Boolean(true),
    ] {
        assert!(theme::parse_colour(&bad).is_err(), "{bad:?}");
    }
}

#[test]
fn unknown_slot_names_file_line_and_slot() {
    let dir = user_dir_with(
        "dusk",
        "name = \"dusk\"\n\n[severity]\ncritical = \"#ff0000\"\nsevere = \"#ff8800\"\n",
    );
    let e = theme::load_from("dusk", ColorDepth::TrueColor, Some(dir.path())).unwrap_err();
    assert_eq!(e.file, dir.path().join("dusk.toml").display().to_string());
    assert_eq!((e.line, e.key.as_str()), (Some(5), "severity.severe"));
    assert!(
        e.message
            .contains("unknown slot (the severity slots are critical, high, medium, low, info)")
    );
}

#[test]
fn bad_colour_names_file_line_and_slot() {
    let dir = user_dir_with(
        "dusk",
        "[base]\nfg = \"white\"\n\n[severity]\ncritical = \"#12345\"\n",
    );
    let e = theme::load_from("dusk", ColorDepth::Ansi256, Some(dir.path())).unwrap_err();
    let path = dir.path().join("dusk.toml");
    assert!(
        e.to_string().starts_with(&format!(
            "{}:5: severity.critical: bad colour \"#12345\"",
            path.display()
        )),
        "{e}"
    );
    let e = theme::parse(
        "x",
        "[level]\nhigh = \"red\"\n",
        "<t>",
        ColorDepth::TrueColor,
    )
    .unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (Some(2), "level.high"));
    let e = theme::parse("x", "[colours]\n", "<t>", ColorDepth::TrueColor).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("<t>:1: colours: unknown key \"colours\""),
        "{e}"
    );
}

#[test]
fn a_user_theme_shadows_a_builtin_and_falls_back_per_slot() {
    let dir = user_dir_with(
        "watch-dark",
        "[severity]\ncritical = \"#00ff00\"\n[level]\n\"1\" = \"blue\"\n\"3\" = \"red\"\n",
    );
    let t = theme::load_from("watch-dark", ColorDepth::TrueColor, Some(dir.path())).unwrap();
    assert_eq!(
        t.severity(Severity::Critical).fg,
        Some(Color::Rgb(0, 255, 0))
    );
    let builtin = theme::load_from("watch-dark", ColorDepth::TrueColor, None).unwrap();
    assert_eq!(
        t.severity(Severity::High),
        builtin.severity(Severity::High),
        "missing slots: default theme"
    );
    // Levels: a missing level takes the nearest lower one; above the top, the top.
    assert_eq!(
        [t.level(1).fg, t.level(2).fg, t.level(3).fg],
        [Some(Color::Blue), Some(Color::Blue), Some(Color::Red)]
    );
    assert_eq!(t.level(9).fg, Some(Color::Red));
    assert_eq!(t.level(0).fg, Some(Color::Blue));
}

#[test]
fn theme_lookup_by_name() {
    let dir = user_dir_with("night", "[base]\nfg = 250\n");
    assert!(theme::exists_in("night", Some(dir.path())));
    assert!(theme::exists_in("high-contrast", None));
    assert!(!theme::exists_in("dusk", Some(dir.path())));
    assert!(!theme::exists_in(
        "../night",
        Some(dir.path().join("sub").as_path())
    ));
    let e =
        theme::load_from("dusk", ColorDepth::TrueColor, Some(Path::new("/u/themes"))).unwrap_err();
    assert!(
        e.message
            .contains("no theme named \"dusk\" (built-in: watch-dark, watch-light"),
        "{e}"
    );
    assert!(e.message.contains("or put dusk.toml in /u/themes/"), "{e}");
}

#[test]
fn colour_depth_detection() {
    use ColorDepth::*;
    assert_eq!(
        ColorDepth::detect(Some("1"), Some("truecolor"), Some("xterm-256color")),
        None
    );
    assert_eq!(
        ColorDepth::detect(Some(""), Some("truecolor"), Some("xterm")),
        TrueColor,
        "empty NO_COLOR is unset"
    );
    assert_eq!(
        ColorDepth::detect(Option::None, Some("24bit"), Some("xterm")),
        TrueColor
    );
    assert_eq!(
        ColorDepth::detect(Option::None, Option::None, Some("tmux-256color")),
        Ansi256
    );
    assert_eq!(
        ColorDepth::detect(Option::None, Option::None, Some("xterm")),
        Ansi16
    );
    assert_eq!(
        ColorDepth::detect(Option::None, Option::None, Some("dumb")),
        None
    );
    assert_eq!(
        ColorDepth::detect(Option::None, Option::None, Option::None),
        Ansi16
    );
    assert_eq!(ColorDepth::parse("truecolor"), Some(TrueColor));
    assert_eq!(ColorDepth::parse("24bit"), Some(TrueColor));
    assert_eq!(ColorDepth::parse("256"), Some(Ansi256));
    assert_eq!(ColorDepth::parse("16"), Some(Ansi16));
    assert_eq!(ColorDepth::parse("none"), Some(None));
    assert_eq!(ColorDepth::parse("lots"), Option::None);
}
