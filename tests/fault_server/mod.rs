//! A tiny HTTP/1.1 server on 127.0.0.1:0 for fault tests: every answer is
//! scripted, including the broken ones no real server library would send.
//! It lives as long as the test's runtime; every loop in it is bounded.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the client asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Lower-case header names.
    pub headers: HashMap<String, String>,
    /// The request head as received (so an echo can send it all back).
    pub raw: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// How to answer.
pub enum Reply {
    /// A complete response with `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Accept, read the request, then say nothing for this long.
    Silent(Duration),
    /// The whole response (head and body) one byte every `every`.
    DripAll { every: Duration },
    /// A good head (`Content-Length: 1000`), then the body one byte every `every`.
    DripBody { every: Duration },
    /// A head claiming `Content-Length: len`, then no body at all (the
    /// connection stays open for a while).
    ClaimLength { len: u64 },
    /// Chunked zero bytes, up to `limit` in all, until the client goes away.
    Endless { limit: u64 },
}

impl Reply {
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn with(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    pub requests: Arc<Mutex<Vec<Request>>>,
    /// Body bytes written by `Endless` replies.
    pub written: Arc<AtomicU64>,
}

impl Server {
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (reqs, wr) = (requests.clone(), written.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (h, reqs, wr) = (handler.clone(), reqs.clone(), wr.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, h, reqs, wr).await;
                });
            }
        });
        Server {
            addr,
            requests,
            written,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }
}

async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > 64 * 1024 {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let raw = String::from_utf8_lossy(&buf).to_string();
    let mut lines = raw.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Some(Request { path, headers, raw }))
}

async fn serve(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    requests: Arc<Mutex<Vec<Request>>>,
    written: Arc<AtomicU64>,
) -> std::io::Result<()> {
    // One request per connection keeps the script simple.
    let Some(req) = read_head(&mut stream).await? else {
        return Ok(());
    };
    let reply = handler(&req);
    requests.lock().expect("lock").push(req);
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("Connection: close\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            stream.shutdown().await?;
        }
        Reply::Silent(d) => tokio::time::sleep(d).await,
        Reply::DripAll { every } => {
            let all = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
            for b in all {
                stream.write_all(&[*b]).await?;
                tokio::time::sleep(every).await;
            }
        }
        Reply::DripBody { every } => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
                .await?;
            for _ in 0..1000 {
                stream.write_all(b" ").await?;
                tokio::time::sleep(every).await;
            }
        }
        Reply::ClaimLength { len } => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {len}\r\n\r\n");
            stream.write_all(head.as_bytes()).await?;
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
        Reply::Endless { limit } => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await?;
            let chunk = vec![b' '; 64 * 1024];
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            while written.load(Ordering::SeqCst) < limit {
                stream.write_all(&frame).await?;
                written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
            }
        }
    }
    Ok(())
}
