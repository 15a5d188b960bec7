//! `watchkeeper serve-demo [--addr 127.0.0.1:8787]`: serve the demo world's
//! feeds over HTTP until Ctrl-C or SIGTERM.

use std::io::Write;

use crate::setup::Failure;
use crate::sim::World;
use crate::sim::serve::{config_snippet, serve};

pub fn run(seed: u64, addr: &str) -> Result<(), Failure> {
    let rt = super::runtime()?;
    rt.block_on(async {
        let stop = stop_signal();
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::InvalidInput {
                Failure::new(
                    2,
                    format!("--addr {addr:?}: expected HOST:PORT, e.g. 127.0.0.1:8787"),
                )
            } else {
                Failure::new(1, format!("cannot listen on {addr}: {e}"))
            }
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| Failure::new(1, format!("cannot listen on {addr}: {e}")))?;
        // Written, not println!: a closed stdout (`| head`) must not stop the server.
        let _ = writeln!(
            std::io::stdout(),
            "# watchkeeper serve-demo: the demo world (seed {seed}) on http://{local}/\n\
             # Point a console at it with these feeds (config/serve-demo.toml has them\n\
             # for 127.0.0.1:8787):\n\n{}",
            config_snippet(local)
        );
        let _ = std::io::stdout().flush();
        let _ = writeln!(
            std::io::stderr(),
            "serve-demo: listening on http://{local}/ (Ctrl-C to stop)"
        );
        serve(listener, World::new(seed), stop)
            .await
            .map_err(|e| Failure::new(1, format!("serve-demo: {e}")))?;
        let _ = writeln!(std::io::stderr(), "serve-demo: stopped");
        Ok(())
    })
}

/// Ctrl-C, or SIGTERM on Unix. The handlers are installed when this is
/// called (before the address is printed), so a signal sent as soon as the
/// server says it is listening already stops it cleanly.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let int = signal(SignalKind::interrupt());
        let term = signal(SignalKind::terminate());
        async move {
            let wait = |s: std::io::Result<tokio::signal::unix::Signal>| async move {
                match s {
                    Ok(mut s) => {
                        s.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                _ = wait(int) => {}
                _ = wait(term) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
