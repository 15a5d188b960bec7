//! Command line: commands and common flags (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "watchkeeper",
    version,
    about = "A terminal console for the 24-hour watch of a security operations centre"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Configuration file (else $WATCHKEEPER_CONFIG, ~/.config/watchkeeper/watchkeeper.toml, else the built-in demo)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Journal file or postgres:// URL (else [journal] url or path, else
    /// ~/.local/share/watchkeeper/journal.db)
    #[arg(long, global = true, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// Show one region's (desk's) stations and alerts
    #[arg(long, global = true, value_name = "REGION")]
    pub desk: Option<String>,
    /// Colour theme: watch-dark, watch-light, high-contrast, colorblind-safe, or your own
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Draw borders, arrows and symbols with ASCII only
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Colour depth: truecolor, 256, 16 or none (default: from COLORTERM, TERM and NO_COLOR)
    #[arg(long, global = true, value_name = "DEPTH")]
    pub colors: Option<String>,
    /// Refuse every action (for a wall display or a trainee)
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Seed of the demo world (demo: feeds)
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The console on the embedded demo world (no network)
    Demo,
    /// Poll every feed once, merge with the journal and print the state
    Snapshot {
        /// One JSON object (the SPEC shape)
        #[arg(long)]
        json: bool,
    },
    /// Acknowledge alerts from a script (each id on its own; exit 1 if any was not)
    Ack(ActArgs),
    /// Escalate alerts to their next step
    Escalate(ActArgs),
    /// Resolve alerts
    Resolve(ActArgs),
    /// Take ownership of alerts (as your login)
    Own(OwnArgs),
    /// Add a watch-log entry
    Log {
        /// The entry
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Headless: poll, escalate and log with no console open
    Daemon,
    /// Serve the demo world's feeds over HTTP (watchkeeper-json, and the hazards as CAP)
    ServeDemo {
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1:8787", value_name = "HOST:PORT")]
        addr: String,
    },
    /// Validate the config and theme, try each feed once, report per feed
    Check,
    /// Markdown handover report of the current (or previous) shift
    Handover(crate::commands::handover::HandoverArgs),
    /// The journal
    Journal {
        #[command(subcommand)]
        command: JournalCommand,
    },
}

#[derive(Debug, Args)]
pub struct ActArgs {
    /// Alert ids, `<feed id>:<source id>` (as the console and snapshot show them)
    #[arg(required = true, num_args = 1.., value_name = "ID")]
    pub ids: Vec<String>,
    /// Why (recorded with the action on each alert)
    #[arg(long)]
    pub note: Option<String>,
    /// How long to wait for a journal another writer holds before giving up
    /// (e.g. 5s, 2m)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = crate::domain::duration::parse_duration)]
    pub wait: std::time::Duration,
}

#[derive(Debug, Args)]
pub struct OwnArgs {
    #[command(flatten)]
    pub act: ActArgs,
    /// Take alerts another officer owns too (else they are refused, naming the owner)
    #[arg(long)]
    pub take_over: bool,
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Print every event as JSON Lines
    Export {
        /// Only events at or after this time (RFC 3339, or a duration ago such as 8h)
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
    },
    /// Copy this journal (e.g. a SQLite file) into an empty one, such as a
    /// new PostgreSQL database: same events, ids and order
    Copy {
        /// The target journal: a postgres:// URL (its password from
        /// [journal] password or the URL) or a file path
        #[arg(long, value_name = "URL")]
        to: String,
    },
}
