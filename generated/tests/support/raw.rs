//! A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose: it answers each request with
//! whatever bytes a test scripts (redirect chains, lying framing, endless bodies, echoed
//! secrets, silence), and records what it was sent. wiremock cannot misbehave this much.
//!
//! It runs on plain threads with blocking sockets, so it is independent of the test's tokio
//! runtime (and of a paused clock).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target (`/path?query`).
    pub target: String,
    /// Names in lowercase, values as sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The whole request as text, to look for a secret in.
    pub fn text(&self) -> String {
        let headers: Vec<String> = self.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        format!("{} {}\n{}\n\n{}", self.method, self.target, headers.join("\n"), self.body)
    }
}

/// What the server does with one request.
pub enum Reply {
    /// These bytes, then the connection is closed.
    Raw(Vec<u8>),
    /// `head` (status line and headers, ending in the blank line), then filler bytes until
    /// `total` have gone or the client hangs up; `chunked` frames them as chunks.
    Stream { head: String, total: u64, chunked: bool },
    /// Nothing, for this long, then the connection is closed.
    Silent(Duration),
}

impl Reply {
    /// A complete response with a `Content-Length`.
    pub fn full(status: &str, headers: &[(&str, &str)], body: &str) -> Reply {
        let mut text = format!("HTTP/1.1 {status}\r\n");
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
        Reply::Raw(text.into_bytes())
    }

    /// A JSON response.
    pub fn json(status: &str, body: &str) -> Reply {
        Reply::full(status, &[("Content-Type", "application/json")], body)
    }

    /// A redirect to `location`.
    pub fn redirect(status: &str, location: &str) -> Reply {
        Reply::full(status, &[("Location", location)], "")
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running server; it stops accepting when dropped (connections in flight finish).
pub struct RawServer {
    port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    sent: Arc<AtomicU64>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

impl RawServer {
    /// Serves `handler`'s replies, one connection per request.
    pub fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let sent = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (recorded, written, stopping) = (requests.clone(), sent.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, recorded, written) = (handler.clone(), recorded.clone(), written.clone());
                std::thread::spawn(move || serve(stream, &*handler, &recorded, &written));
            }
        });
        RawServer { port, requests, sent, stop }
    }

    /// A server that answers every request with `reply()`.
    pub fn always(reply: impl Fn() -> Reply + Send + Sync + 'static) -> RawServer {
        RawServer::start(move |_| reply())
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("not poisoned").clone()
    }

    /// Body bytes written by `Reply::Stream`s so far.
    pub fn streamed(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

fn serve(stream: TcpStream, handler: &Handler, recorded: &Mutex<Vec<Recorded>>, written: &AtomicU64) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Some(request) = read_request(&stream) else { return };
    let reply = handler(&request);
    recorded.lock().expect("not poisoned").push(request);
    let mut stream = stream;
    match reply {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Silent(time) => std::thread::sleep(time),
        Reply::Stream { head, total, chunked } => {
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let filler = vec![b'x'; 64 * 1024];
            let mut left = total;
            while left > 0 {
                let n = left.min(filler.len() as u64) as usize;
                let ok = if chunked {
                    stream.write_all(format!("{n:x}\r\n").as_bytes()).is_ok()
                        && stream.write_all(&filler[..n]).is_ok()
                        && stream.write_all(b"\r\n").is_ok()
                } else {
                    stream.write_all(&filler[..n]).is_ok()
                };
                if !ok {
                    break;
                }
                written.fetch_add(n as u64, Ordering::SeqCst);
                left -= n as u64;
            }
            if chunked && left == 0 {
                let _ = stream.write_all(b"0\r\n\r\n");
            }
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Both);
}

fn read_request(stream: &TcpStream) -> Option<Recorded> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() })
}
