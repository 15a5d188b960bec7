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
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

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

/// How the SMTP server offers TLS.
#[derive(Clone)]
pub enum SmtpTls {
    Plain,
    /// Plain first; `STARTTLS` upgrades with this acceptor.
    Starttls(TlsAcceptor),
    /// TLS from the first byte (port 465 style).
    Wrapper(TlsAcceptor),
}

/// (envelope recipients, DATA) of each message received.
pub type Mailbag = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// An SMTP server speaking just enough of RFC 5321 (and 3207 STARTTLS)
/// for a submission without auth; keeps each message it queued.
pub struct Smtp {
    pub addr: SocketAddr,
    pub messages: Mailbag,
}

impl Smtp {
    pub fn start() -> Smtp {
        Smtp::start_with(SmtpTls::Plain)
    }

    pub fn start_with(tls: SmtpTls) -> Smtp {
        let messages = Mailbag::default();
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
                    let Ok((tcp, _)) = listener.accept().await else {
                        continue;
                    };
                    let (kept, tls) = (kept.clone(), tls.clone());
                    tokio::spawn(async move {
                        let _ = handle(tcp, tls, kept).await;
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

async fn handle(tcp: TcpStream, tls: SmtpTls, kept: Mailbag) -> std::io::Result<()> {
    match tls {
        SmtpTls::Plain => {
            session(tcp, &kept, true, false).await?;
        }
        SmtpTls::Wrapper(acceptor) => {
            let stream = acceptor.accept(tcp).await?;
            session(stream, &kept, true, false).await?;
        }
        SmtpTls::Starttls(acceptor) => {
            if let Some(tcp) = session(tcp, &kept, true, true).await? {
                let stream = acceptor.accept(tcp).await?;
                session(stream, &kept, false, false).await?;
            }
        }
    }
    Ok(())
}

/// One SMTP conversation; returns the stream when the client asked for
/// STARTTLS (and `offer_starttls`), to be continued over TLS.
async fn session<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    kept: &Mailbag,
    greet: bool,
    offer_starttls: bool,
) -> std::io::Result<Option<S>> {
    let mut io = BufReader::new(stream);
    if greet {
        io.write_all(b"220 test.local ESMTP\r\n").await?;
    }
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if io.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let cmd = line.trim_end().to_string();
        let upper = cmd.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            let ext = if offer_starttls {
                "250-STARTTLS\r\n"
            } else {
                ""
            };
            io.write_all(format!("250-test.local\r\n{ext}250 8BITMIME\r\n").as_bytes())
                .await?;
        } else if upper == "STARTTLS" && offer_starttls {
            io.write_all(b"220 ready for TLS\r\n").await?;
            io.flush().await?;
            return Ok(Some(io.into_inner()));
        } else if upper.starts_with("MAIL FROM") {
            rcpt.clear();
            io.write_all(b"250 ok\r\n").await?;
        } else if upper.starts_with("RCPT TO") {
            rcpt.push(cmd[8..].trim().to_string());
            io.write_all(b"250 ok\r\n").await?;
        } else if upper == "DATA" {
            io.write_all(b"354 go ahead\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if io.read_line(&mut line).await? == 0 {
                    return Ok(None);
                }
                if line.trim_end() == "." {
                    break;
                }
                data.push_str(line.trim_end_matches(['\r', '\n']));
                data.push('\n');
            }
            kept.lock().unwrap().push((rcpt.clone(), data));
            io.write_all(b"250 queued\r\n").await?;
        } else if upper == "QUIT" {
            io.write_all(b"221 bye\r\n").await?;
            return Ok(None);
        } else {
            io.write_all(b"250 ok\r\n").await?;
        }
        io.flush().await?;
    }
}
