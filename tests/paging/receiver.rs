//! Real receivers on 127.0.0.1:0, each on its own thread and runtime so
//! that any test runtime (or several threads racing) can reach them: an
//! HTTP server (hyper) that accepts, refuses with 500 or hangs, switchable
//! while it runs; and a small SMTP server that keeps each message.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

pub const ACCEPT: u8 = 0;
pub const REFUSE: u8 = 1;
pub const HANG: u8 = 2;

pub struct Http {
    pub addr: SocketAddr,
    pub mode: Arc<AtomicU8>,
    /// Bodies of the requests it accepted (200), as JSON.
    pub accepted: Arc<Mutex<Vec<serde_json::Value>>>,
    /// Every request that reached it, accepted or not.
    pub hits: Arc<Mutex<u32>>,
}

impl Http {
    pub fn start(mode: u8) -> Http {
        let mode = Arc::new(AtomicU8::new(mode));
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(Mutex::new(0));
        let (m, a, h) = (mode.clone(), accepted.clone(), hits.clone());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let (m, a, h) = (m.clone(), a.clone(), h.clone());
                    tokio::spawn(async move {
                        let svc = service_fn(move |req: Request<Incoming>| {
                            let (m, a, h) = (m.clone(), a.clone(), h.clone());
                            async move {
                                let body = match req.into_body().collect().await {
                                    Ok(b) => b.to_bytes(),
                                    Err(_) => Bytes::new(),
                                };
                                *h.lock().unwrap() += 1;
                                let status = match m.load(Ordering::SeqCst) {
                                    ACCEPT => {
                                        let v = serde_json::from_slice(&body)
                                            .unwrap_or(serde_json::Value::Null);
                                        a.lock().unwrap().push(v);
                                        202
                                    }
                                    REFUSE => 500,
                                    _ => {
                                        tokio::time::sleep(Duration::from_secs(30)).await;
                                        200
                                    }
                                };
                                Response::builder()
                                    .status(status)
                                    .body(Full::new(Bytes::from_static(b"{}")))
                                    .map_err(|e| e.to_string())
                            }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), svc)
                            .await;
                    });
                }
            });
        });
        let addr = rx.recv().unwrap();
        Http {
            addr,
            mode,
            accepted,
            hits,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    pub fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }

    pub fn accepted(&self) -> Vec<serde_json::Value> {
        self.accepted.lock().unwrap().clone()
    }
}

/// An SMTP server speaking just enough of RFC 5321 for a submission
/// without TLS or auth; keeps (envelope recipients, DATA) of each message.
/// (envelope recipients, DATA) of each message received.
pub type Mailbag = Arc<Mutex<Vec<(Vec<String>, String)>>>;

pub struct Smtp {
    pub addr: SocketAddr,
    pub messages: Mailbag,
}

impl Smtp {
    pub fn start() -> Smtp {
        let messages = Arc::new(Mutex::new(Vec::new()));
        let kept = messages.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        continue;
                    };
                    let kept = kept.clone();
                    tokio::spawn(async move {
                        let _ = session(stream, kept).await;
                    });
                }
            });
        });
        Smtp {
            addr: rx.recv().unwrap(),
            messages,
        }
    }
}

async fn session(stream: tokio::net::TcpStream, kept: Mailbag) -> std::io::Result<()> {
    let (r, mut w) = stream.into_split();
    let mut lines = BufReader::new(r).lines();
    w.write_all(b"220 test.local ESMTP\r\n").await?;
    let mut rcpt = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            w.write_all(b"250-test.local\r\n250 8BITMIME\r\n").await?;
        } else if upper.starts_with("MAIL FROM") {
            rcpt.clear();
            w.write_all(b"250 ok\r\n").await?;
        } else if upper.starts_with("RCPT TO") {
            rcpt.push(line[8..].trim().to_string());
            w.write_all(b"250 ok\r\n").await?;
        } else if upper == "DATA" {
            w.write_all(b"354 go ahead\r\n").await?;
            let mut data = String::new();
            while let Some(l) = lines.next_line().await? {
                if l == "." {
                    break;
                }
                data.push_str(&l);
                data.push('\n');
            }
            kept.lock().unwrap().push((rcpt.clone(), data));
            w.write_all(b"250 queued\r\n").await?;
        } else if upper == "QUIT" {
            w.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            w.write_all(b"250 ok\r\n").await?;
        }
    }
    Ok(())
}
