//! Configuration: the shipped config, `tests/valid_configs/`,
//! `tests/invalid_configs/` (each with a `# expect: FRAGMENT` first line),
//! lookup order and default paths. Themes and the keymap are in the
//! submodules. No test here reads or sets process environment variables
//! except `process_environment_lookup`.

#[path = "config/keymap.rs"]
mod keymap;
#[path = "config/lookup.rs"]
mod lookup;
#[path = "config/themes.rs"]
mod themes;

use std::path::{Path, PathBuf};
use std::time::Duration;

use watchkeeper::config::{
    self, BUILTIN, ConfigError, ConfigSource, Desk, FeedFormat, FeedKind, HeaderValue, LookupEnv,
    Notifications,
};
use watchkeeper::domain::severity::Severity;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An environment with a home that has no config and no user themes.
fn env() -> LookupEnv {
    LookupEnv {
        home: Some(PathBuf::from("/nonexistent/home/officer")),
        ..LookupEnv::default()
    }
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn parse_file(path: &Path, env: &LookupEnv) -> Result<config::Config, ConfigError> {
    let text = std::fs::read_to_string(path).expect("test file is readable");
    config::parse_with(&text, ConfigSource::File(path.to_path_buf()), env)
}

#[test]
fn shipped_config_is_the_builtin_and_runs_the_demo() {
    let on_disk = std::fs::read_to_string(manifest().join("config/watchkeeper.toml")).unwrap();
    assert_eq!(on_disk, BUILTIN);
    let c = config::parse_with(BUILTIN, ConfigSource::Builtin, &env()).unwrap();
    assert_eq!(c.source, ConfigSource::Builtin);
    let feeds: Vec<(&str, FeedKind, &str)> = c
        .feeds
        .iter()
        .map(|f| (f.id.as_str(), f.kind, f.url.as_str()))
        .collect();
    assert_eq!(
        feeds,
        [
            ("stations", FeedKind::Stations, "demo:stations"),
            ("incidents", FeedKind::Incidents, "demo:incidents"),
            ("roster", FeedKind::Roster, "demo:roster"),
            ("hazards", FeedKind::Hazards, "demo:hazards"),
        ]
    );
    for f in &c.feeds {
        assert_eq!(f.format, FeedFormat::WatchkeeperJson);
        assert_eq!(f.interval, Duration::from_secs(5));
        assert!(f.headers.is_empty() && f.ca_file.is_none());
    }
    assert_eq!(c.feeds[3].match_radius_km, 300.0);
    let shifts: Vec<(&str, String)> = c
        .watch
        .shifts
        .iter()
        .map(|s| (s.name.as_str(), s.start.format("%H:%M").to_string()))
        .collect();
    assert_eq!(
        shifts,
        [
            ("Alpha", "06:00".into()),
            ("Bravo", "14:00".into()),
            ("Charlie", "22:00".into())
        ]
    );
    assert_eq!(c.escalation.len(), 2);
    assert_eq!(c.escalation[0].severity, Severity::Critical);
    assert_eq!(c.escalation[0].steps.len(), 3);
    assert_eq!(
        c.escalation[0].ack_timeout,
        Some(Duration::from_secs(2 * 3600))
    );
    assert_eq!(c.escalation[1].steps[0].after, Duration::from_secs(15 * 60));
    assert_eq!(c.risk.levels.len(), 6);
    assert_eq!(c.risk.get(6).map(|l| l.short.as_str()), Some("Extr"));
    assert_eq!(c.console.theme, "watch-dark");
    assert_eq!(c.console.notifications, Notifications::Auto);
    assert_eq!(c.console.clear_after, Duration::from_secs(3600));
    assert_eq!(c.console.max_snooze, Duration::from_secs(7 * 24 * 3600));
    // Nothing outside the user's own directories; [keys] all commented out.
    assert!(c.journal.path.is_none() && c.journal.mode.is_none() && c.watch.reports_dir.is_none());
    assert!(c.keys.is_empty());
}

#[test]
fn an_empty_file_takes_the_shipped_defaults_but_no_feeds() {
    let c = config::parse_with("", ConfigSource::Builtin, &env()).unwrap();
    let shipped = config::parse_with(BUILTIN, ConfigSource::Builtin, &env()).unwrap();
    assert_eq!(
        (&c.console, &c.risk, &c.watch),
        (&shipped.console, &shipped.risk, &shipped.watch)
    );
    assert_eq!(c.escalation, shipped.escalation);
    // Related alerts as one row: on, 30 minutes, 100 km.
    assert_eq!(c.related, shipped.related);
    let rule = c.related.expect("related alerts are grouped by default");
    assert_eq!(rule.window, chrono::Duration::minutes(30));
    assert_eq!(rule.distance_km, 100.0);
    assert!(
        c.feeds.is_empty(),
        "a real config never gets demo feeds by default"
    );
}

#[test]
fn every_valid_config_parses() {
    let files = toml_files(&manifest().join("tests/valid_configs"));
    assert!(files.len() >= 5);
    for path in files {
        if let Err(e) = parse_file(&path, &env()) {
            panic!("{} should parse, got: {e}", path.display());
        }
    }
}

#[test]
fn every_invalid_config_fails_with_its_expected_message() {
    let files = toml_files(&manifest().join("tests/invalid_configs"));
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{}: line 1 must be `# expect: FRAGMENT`", path.display()))
            .trim();
        let expect = expect.replacen("line ", &format!("{}:", path.display()), 1);
        match parse_file(path, &env()) {
            Ok(_) => failures.push(format!(
                "{}: parsed, expected error {expect:?}",
                path.display()
            )),
            Err(e) if !e.to_string().contains(&expect) => failures.push(format!(
                "{}:\n   got: {e}\n  want: {expect}",
                path.display()
            )),
            Err(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn invalid_configs_cover_each_kind_of_error() {
    let names: Vec<String> = toml_files(&manifest().join("tests/invalid_configs"))
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for want in [
        "syntax_error",
        "unknown_top_level_key",
        "unknown_feed_key",
        "bad_duration",
        "bad_theme_name",
        "bad_feed_id",
        "duplicate_feed_id",
        "stations_feed_cap",
        "unknown_severity",
        "shifts_duplicate_start",
        "escalation_not_increasing",
        "bad_url_scheme",
        "bad_max_bytes",
        "unknown_action",
        "duplicate_binding",
        "bad_key_spec",
        "bad_journal_mode",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "missing tests/invalid_configs/{want}.toml"
        );
    }
}

#[test]
fn full_config_values_are_validated_into_runtime_types() {
    let path = manifest().join("tests/valid_configs/full.toml");
    let home = PathBuf::from("/home/officer");
    let c = parse_file(
        &path,
        &LookupEnv {
            home: Some(home.clone()),
            ..LookupEnv::default()
        },
    )
    .unwrap();
    assert_eq!(c.console.theme, "colorblind-safe");
    assert_eq!(c.console.desk, Desk::Region("africa".into()));
    assert_eq!(c.related, None, "[related] enabled = false");
    assert_eq!(c.console.clear_after, Duration::from_secs(9000));
    assert!(c.console.ascii);
    assert_eq!(c.risk.levels[4].name, "Very high");
    assert_eq!(c.risk.levels[4].short, "VHI");
    assert_eq!(c.watch.timezone, chrono_tz::Europe::Zurich);
    // Ordered from day_starts (07:00), whatever order the file lists them in.
    assert_eq!(
        c.watch
            .shifts
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["Day", "Night"]
    );
    assert_eq!(c.watch.reports_dir, Some(home.join("watch/reports")));
    assert_eq!(c.journal.path, Some(home.join("watch/journal.db")));
    assert_eq!(c.journal.mode, Some(0o660));
    assert_eq!(c.escalation[1].severity, Severity::Medium);
    assert_eq!(
        c.escalation[0].ack_timeout,
        Some(Duration::from_secs(90 * 60))
    );
    assert_eq!(c.escalation[1].ack_timeout, None, "left out: acks hold");
    let f = &c.feeds[0];
    assert_eq!(
        f.headers[0],
        (
            "Authorization".to_string(),
            HeaderValue::Env("INCIDENT_TOKEN".into())
        )
    );
    assert_eq!(
        f.headers[1],
        (
            "X-Console".to_string(),
            HeaderValue::Literal("watchkeeper".into())
        )
    );
    assert_eq!(f.max_bytes, 32 << 20);
    assert_eq!(f.min_severity, Severity::Low);
    assert_eq!(
        f.ca_file,
        Some(manifest().join("tests/valid_configs/certs/internal-ca.pem"))
    );
    assert_eq!(
        (f.interval, f.timeout),
        (Duration::from_secs(45), Duration::from_secs(5))
    );
    assert_eq!(c.feeds[1].max_bytes, 4_194_304);
    assert_eq!(c.feeds[1].match_radius_km, 250.5);
    assert_eq!(c.feeds[2].interval, Duration::from_secs(300));
    assert_eq!(c.feeds[3].timeout, Duration::from_secs(10));
    assert!(c.feeds[3].include_exercises);
    assert_eq!(c.feeds[4].format.to_string(), "cap");
    assert_eq!(c.feeds[5].format, FeedFormat::GdacsGeojson);
    assert_eq!(c.feeds[5].kind, FeedKind::Hazards);
    let snooze = c.keys.iter().find(|(a, _, _)| a == "snooze").unwrap();
    assert_eq!(snooze.1, ["f5"]);
    assert_eq!(snooze.2, 36, "keys carry the line of their entry");
}

#[test]
fn no_escalation_when_the_list_is_empty() {
    let c = parse_file(
        &manifest().join("tests/valid_configs/no_escalation.toml"),
        &env(),
    )
    .unwrap();
    assert!(c.escalation.is_empty());
}

#[test]
fn error_display_names_file_line_and_key() {
    let e = ConfigError::new("/etc/wk.toml", Some(7), "feeds[0].interval", "bad duration");
    assert_eq!(
        e.to_string(),
        "/etc/wk.toml:7: feeds[0].interval: bad duration"
    );
    let e = ConfigError::new("<built-in config>", None, "console.theme", "no theme");
    assert_eq!(e.to_string(), "<built-in config>: console.theme: no theme");
    let e = ConfigError::new("/x.toml", None, "", "cannot read");
    assert_eq!(e.to_string(), "/x.toml: cannot read");
}

#[test]
fn builtin_source_is_named_in_errors() {
    let e =
        config::parse_with("[console]\nascii = 1\n", ConfigSource::Builtin, &env()).unwrap_err();
    assert_eq!(e.file, "<built-in config>");
    assert_eq!(e.line, Some(2));
    assert_eq!(e.key, "console.ascii");
}

#[test]
fn enums_spell_as_the_config_does() {
    for k in FeedKind::ALL {
        assert_eq!(FeedKind::from_name(k.as_str()), Some(*k));
    }
    for f in FeedFormat::ALL {
        assert_eq!(FeedFormat::from_name(&f.to_string()), Some(*f));
    }
    assert_eq!(Notifications::Terminal.as_str(), "terminal");
    assert_eq!(FeedFormat::UsgsGeojson.as_str(), "usgs-geojson");
}

#[test]
fn a_postgres_journal_takes_its_password_from_the_environment() {
    // SAFETY: this test binary reads no other variable of this name.
    unsafe { std::env::set_var("WK_TEST_JOURNAL_PASSWORD", "s3cret") };
    let text = "[journal]\nurl = \"postgres://wk@db1,db2/watch?target_session_attrs=read-write\"\n\
                password = \"env:WK_TEST_JOURNAL_PASSWORD\"\nca_file = \"~/pki/ca.pem\"\n";
    let env = LookupEnv {
        home: Some(PathBuf::from("/home/officer")),
        ..LookupEnv::default()
    };
    let c = config::parse_with(text, ConfigSource::Builtin, &env).unwrap();
    assert_eq!(
        c.journal.url.as_deref(),
        Some("postgres://wk@db1,db2/watch?target_session_attrs=read-write")
    );
    assert_eq!(
        c.journal.password.as_ref().map(|p| p.0.as_str()),
        Some("s3cret")
    );
    assert!(!format!("{:?}", c.journal).contains("s3cret"));
    assert_eq!(
        c.journal.ca_file,
        Some(PathBuf::from("/home/officer/pki/ca.pem"))
    );
}

#[test]
fn the_journal_settings_never_print_a_password() {
    // The password from a variable every process has (its value must not show).
    let secret = std::env::var("PATH").unwrap();
    let text = "[journal]\nurl = \"postgres://wk:hunter2-url@db1,db2/watch\"\n\
                password = \"env:PATH\"\n";
    let c = config::parse_with(text, ConfigSource::Builtin, &env()).unwrap();
    let shown = format!("{:?}", c.journal);
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains(&secret), "{shown}");
    assert!(shown.contains("postgres://wk:***@db1,db2/watch"), "{shown}");
}
