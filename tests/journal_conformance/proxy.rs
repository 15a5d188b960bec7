//! A TCP relay on 127.0.0.1 between watchkeeper and the test database,
//! standing in for the network: it can be absent (nothing listens on its
//! port yet), and it can freeze (stop forwarding while keeping every
//! connection open, as a database stopped with SIGSTOP or a firewall that
//! silently drops).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub struct Proxy {
    pub port: u16,
    frozen: Arc<AtomicBool>,
}

/// A port nothing listens on (bound, then let go).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// The test server's host and port, from its URL.
pub fn upstream(url: &str) -> String {
    let rest = url.split_once('@').map_or(url, |(_, r)| r);
    let host_port = rest.split('/').next().unwrap_or(rest);
    host_port.to_string()
}

/// `url` with its host and port replaced by the relay's.
pub fn via(url: &str, port: u16) -> String {
    let (head, rest) = url.split_once('@').unwrap();
    let (_, tail) = rest.split_once('/').unwrap();
    format!("{head}@127.0.0.1:{port}/{tail}")
}

impl Proxy {
    /// Relays `port` (on 127.0.0.1) to `upstream` (`host:port`).
    pub fn start(port: u16, upstream: &str) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        let target = upstream
            .to_socket_addrs()
            .unwrap()
            .next()
            .expect("the test server's address");
        let frozen = Arc::new(AtomicBool::new(false));
        let f = Arc::clone(&frozen);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let f = Arc::clone(&f);
                    std::thread::spawn(move || pump(from, to, &f));
                }
            }
        });
        Proxy { port, frozen }
    }

    /// Stops forwarding (connections stay open, nothing gets through).
    pub fn freeze(&self) {
        self.frozen.store(true, Ordering::SeqCst);
    }

    pub fn thaw(&self) {
        self.frozen.store(false, Ordering::SeqCst);
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, frozen: &AtomicBool) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Frozen: what arrived is held, and the connection stays open.
        while frozen.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(20));
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Both);
}
