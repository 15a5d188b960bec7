//! Thin: parse the command line, dispatch, map failures to exit codes.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use watchkeeper::cli::{Cli, Command, JournalCommand};
use watchkeeper::commands::{act, check, export, handover, serve_demo, snapshot};
use watchkeeper::runtime;
use watchkeeper::setup::{Failure, Setup};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // Not eprintln!: a closed stderr must not turn a failure into a panic.
            let _ = writeln!(std::io::stderr(), "watchkeeper: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    let g = &cli.global;
    match cli.command {
        None => runtime::run_console(Setup::load(g, false)?),
        Some(Command::Demo) => runtime::run_console(Setup::load(g, true)?),
        Some(Command::Snapshot { json }) => snapshot::run(&Setup::load(g, false)?, json),
        Some(Command::Ack(a)) => act::run(&Setup::load(g, false)?, act::Act::Ack, &a),
        Some(Command::Escalate(a)) => act::run(&Setup::load(g, false)?, act::Act::Escalate, &a),
        Some(Command::Resolve(a)) => act::run(&Setup::load(g, false)?, act::Act::Resolve, &a),
        Some(Command::Own(o)) => {
            let act = act::Act::Own {
                take_over: o.take_over,
            };
            act::run(&Setup::load(g, false)?, act, &o.act)
        }
        Some(Command::Log { text }) => act::log(&Setup::load(g, false)?, &text.join(" ")),
        Some(Command::Daemon) => watchkeeper::daemon::run(Setup::load(g, false)?),
        Some(Command::ServeDemo { addr }) => {
            serve_demo::run(g.seed.unwrap_or(watchkeeper::sim::DEFAULT_SEED), &addr)
        }
        Some(Command::Check) => check::run(&Setup::load(g, false)?),
        Some(Command::Handover(a)) => handover::run(&Setup::load(g, false)?, &a),
        Some(Command::Journal {
            command: JournalCommand::Export { since },
        }) => export::run(&Setup::load(g, false)?, since.as_deref()),
        Some(Command::Journal {
            command: JournalCommand::Copy { to },
        }) => export::copy(&Setup::load(g, false)?, &to),
    }
}
