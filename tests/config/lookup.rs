//! Lookup order, default paths, `~` expansion, and the one test that
//! touches the process environment.

use std::path::{Path, PathBuf};

use watchkeeper::config::{self, ConfigSource, LookupEnv};

use super::env;

#[test]
fn lookup_order_explicit_then_env_then_xdg_then_builtin() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("watchkeeper")).unwrap();
    let xdg_file = xdg.join("watchkeeper/watchkeeper.toml");
    let explicit = dir.path().join("explicit.toml");
    let from_env = dir.path().join("env.toml");
    std::fs::write(&explicit, "[console]\nascii = true\n").unwrap();
    std::fs::write(&from_env, "[console]\ndesk = \"europe\"\n").unwrap();
    let mut env = LookupEnv {
        xdg_config_home: Some(xdg.clone()),
        ..env()
    };

    // Nothing found: the built-in default.
    assert_eq!(config::find_config(None, &env).unwrap(), None);
    assert_eq!(
        config::load_with(None, &env).unwrap().source,
        ConfigSource::Builtin
    );
    // The XDG file is optional, found when present.
    std::fs::write(&xdg_file, "[console]\nlanguage = \"fr\"\n").unwrap();
    let c = config::load_with(None, &env).unwrap();
    assert_eq!(
        (c.source, c.console.language.as_str()),
        (ConfigSource::File(xdg_file.clone()), "fr")
    );
    // $WATCHKEEPER_CONFIG beats XDG; --config beats both.
    env.watchkeeper_config = Some(from_env.clone());
    assert_eq!(config::find_config(None, &env).unwrap(), Some(from_env));
    assert_eq!(
        config::find_config(Some(&explicit), &env).unwrap(),
        Some(explicit.clone())
    );
    assert!(
        config::load_with(Some(&explicit), &env)
            .unwrap()
            .console
            .ascii
    );

    // Named files that do not exist are errors, naming who named them.
    let missing = dir.path().join("missing.toml");
    let e = config::find_config(Some(&missing), &env).unwrap_err();
    assert!(
        e.to_string()
            .contains("missing.toml: --config: no such file (named by --config)"),
        "{e}"
    );
    env.watchkeeper_config = Some(missing);
    let e = config::load_with(None, &env).unwrap_err();
    assert!(
        e.to_string()
            .contains("WATCHKEEPER_CONFIG: no such file (named by $WATCHKEEPER_CONFIG)"),
        "{e}"
    );
    // A directory is not a config file.
    let e = config::find_config(Some(dir.path()), &LookupEnv::default()).unwrap_err();
    assert!(e.message.contains("is a directory, not a file"));
}

#[test]
fn config_file_errors_name_the_real_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watch.toml");
    std::fs::write(&path, "\n[watch]\ntimezone = \"Mars/Olympus\"\n").unwrap();
    let e = config::load_with(Some(&path), &env()).unwrap_err();
    assert_eq!(e.file, path.display().to_string());
    assert_eq!((e.line, e.key.as_str()), (Some(3), "watch.timezone"));
}

#[test]
fn default_paths_follow_xdg_then_home() {
    let home = LookupEnv {
        home: Some("/home/o".into()),
        ..LookupEnv::default()
    };
    assert_eq!(
        home.config_dir(),
        Some(PathBuf::from("/home/o/.config/watchkeeper"))
    );
    assert_eq!(
        home.data_dir(),
        Some(PathBuf::from("/home/o/.local/share/watchkeeper"))
    );
    let xdg = LookupEnv {
        xdg_config_home: Some("/cfg".into()),
        xdg_data_home: Some("/data".into()),
        ..home.clone()
    };
    assert_eq!(xdg.config_dir(), Some(PathBuf::from("/cfg/watchkeeper")));
    assert_eq!(xdg.data_dir(), Some(PathBuf::from("/data/watchkeeper")));
    assert_eq!(LookupEnv::default().config_dir(), None);
    assert!(config::default_journal_path().ends_with("watchkeeper/journal.db"));
    assert!(config::default_reports_dir().ends_with("watchkeeper/reports"));
}

#[test]
fn home_expansion() {
    let home = Path::new("/home/o");
    assert_eq!(
        config::expand_home("~/x/j.db", Some(home)),
        Ok(PathBuf::from("/home/o/x/j.db"))
    );
    assert_eq!(
        config::expand_home("~", Some(home)),
        Ok(PathBuf::from("/home/o"))
    );
    assert_eq!(
        config::expand_home("/srv/j.db", None),
        Ok(PathBuf::from("/srv/j.db"))
    );
    assert!(
        config::expand_home("~/j.db", None)
            .unwrap_err()
            .contains("$HOME is not set")
    );
    assert!(
        config::expand_home("~bob/j.db", Some(home))
            .unwrap_err()
            .contains("only ~/")
    );
}

#[test]
fn a_user_theme_satisfies_console_theme() {
    let dir = tempfile::tempdir().unwrap();
    let themes = dir.path().join("watchkeeper/themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::fs::write(
        themes.join("dusk.toml"),
        "[severity]\ncritical = \"#ff0000\"\n",
    )
    .unwrap();
    let env = LookupEnv {
        xdg_config_home: Some(dir.path().to_path_buf()),
        ..env()
    };
    let c =
        config::parse_with("[console]\ntheme = \"dusk\"\n", ConfigSource::Builtin, &env).unwrap();
    assert_eq!(c.console.theme, "dusk");
    let e = config::parse_with(
        "[console]\ntheme = \"../dusk\"\n",
        ConfigSource::Builtin,
        &env,
    )
    .unwrap_err();
    assert_eq!(e.key, "console.theme");
}

/// The one test that touches the process environment: `load(None)`,
/// `theme::exists` and `theme::load` read $XDG_CONFIG_HOME.
#[test]
fn process_environment_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let wk = dir.path().join("watchkeeper");
    std::fs::create_dir_all(wk.join("themes")).unwrap();
    std::fs::write(
        wk.join("watchkeeper.toml"),
        "[console]\ntheme = \"night-desk\"\n",
    )
    .unwrap();
    std::fs::write(
        wk.join("themes/night-desk.toml"),
        "[base]\nfg = \"bright-white\"\n",
    )
    .unwrap();
    // SAFETY: no other test in this binary reads or writes these variables.
    unsafe {
        std::env::set_var("XDG_CONFIG_HOME", dir.path());
        std::env::remove_var("WATCHKEEPER_CONFIG");
    }
    let c = config::load(None).unwrap();
    assert_eq!(c.source, ConfigSource::File(wk.join("watchkeeper.toml")));
    assert_eq!(config::config_dir(), Some(wk.clone()));
    assert!(watchkeeper::theme::exists("night-desk"));
    let t = watchkeeper::theme::load(&c.console.theme, watchkeeper::theme::ColorDepth::TrueColor)
        .unwrap();
    assert_eq!(t.base.fg, Some(ratatui::style::Color::White));
}
