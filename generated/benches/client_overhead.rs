//! Client overhead: the generated client against hand-written reqwest code doing the same
//! requests, to a minimal hyper server on loopback. Prints a markdown table: time per call
//! (median over interleaved runs), the ratio generated / hand-written measured side by side
//! in each run, and heap allocations per call.
//!
//! ```text
//! cargo bench -p apis --bench client_overhead             # N = 2000 calls, 11 runs
//! cargo bench -p apis --bench client_overhead -- --quick  # a smoke run of a few seconds
//! ```
//!
//! Options: `--quick`, `--calls N` (per variant and run), `--runs R`, `--concurrency C` (tasks
//! in flight in the concurrent mode), `--only VARIANT` (one of `get-send`, `get-await`,
//! `get-response`, `get-hand`, `get-hand-again`, `post-send`, `post-hand`: that one alone, on one thread, for a
//! profiler; sequentially unless `--concurrent`).
//!
//! The last row is a control: the hand-written code against a second copy of itself. Its ratio
//! is 1 but for noise, so its spread shows what differences this machine can resolve.
//!
//! The server runs in a child process (this same executable, started with `--serve`), so the
//! counting allocator of this process sees the client side only: the generated client or the
//! hand-written code, reqwest and hyper's client, and the tokio runtime driving them. Both
//! clients pay the loopback round trip to another process alike; the child ends when this
//! process closes its stdin (or exits).

use std::alloc::System;
use std::convert::Infallible;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apis::genesys::Client;
use apis::genesys::models::{
    OAuthClient, OAuthClientAuthorizedGrantType, OAuthClientRequest, OAuthClientState, RoleDivision,
};
use apis::reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, Stats, StatsAlloc};

/// Counts every allocation of this process (the client side: the server is a child process).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const CLIENT_ID: &str = "3a8f2c1e-9b7d-4e6a-8c5f-1d2e3f4a5b6c";
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.bench-token.c2lnbmF0dXJl";
/// The timeout the generated client gives every request unless told otherwise.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The user agent the generated client's own `reqwest::Client` sends.
const USER_AGENT: &str = concat!("apis/", env!("CARGO_PKG_VERSION"));

/// A Genesys `OAuthClient` as the API returns it, every documented field set: the same bytes
/// for both clients.
const OAUTH_CLIENT_JSON: &str = r#"{"id":"3a8f2c1e-9b7d-4e6a-8c5f-1d2e3f4a5b6c","name":"Reporting integration","accessTokenValiditySeconds":86400,"description":"Nightly export of queue statistics","registeredRedirectUri":["https://reports.example.com/oauth/callback"],"secret":"xO3c9hQ_vIYxRk3pD1mZs0bq7c5uJ9wUeT4nLgA2fHk","roleIds":["a1b2c3d4-0000-4000-8000-000000000001"],"dateCreated":"2024-03-14T09:26:53.589Z","dateModified":"2024-04-02T17:05:11Z","createdBy":{"id":"7f3c9d2a-1b4e-4c8d-9e6f-5a2b3c4d5e6f","selfUri":"/api/v2/users/7f3c9d2a-1b4e-4c8d-9e6f-5a2b3c4d5e6f"},"modifiedBy":{"id":"7f3c9d2a-1b4e-4c8d-9e6f-5a2b3c4d5e6f","name":"Jane Admin","selfUri":"/api/v2/users/7f3c9d2a-1b4e-4c8d-9e6f-5a2b3c4d5e6f"},"authorizedGrantType":"CLIENT-CREDENTIALS","scope":["analytics:readonly","users:readonly"],"roleDivisions":[{"roleId":"a1b2c3d4-0000-4000-8000-000000000001","divisionId":"d0d0d0d0-1111-4222-8333-444455556666"}],"state":"active","dateToDelete":"2024-12-31T23:59:59.999Z","selfUri":"/api/v2/oauth/clients/3a8f2c1e-9b7d-4e6a-8c5f-1d2e3f4a5b6c"}"#;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--serve") {
        serve();
        return;
    }
    let options = Options::parse(&args);
    let server = Server::start();
    match options.only {
        Some(variant) => {
            // One thread: what a profiler counts then does not depend on how threads interleave.
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
            runtime.block_on(profile(&server.base_url, &options, variant));
        }
        None => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
            let rows = runtime.block_on(measure(&server.base_url, &options));
            print_table(&options, &rows);
        }
    }
    drop(server);
}

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
    calls: usize,
    runs: usize,
    concurrency: usize,
    /// `--only VARIANT`: just that variant, sequentially, for a profiler.
    only: Option<Variant>,
    /// `--only VARIANT --concurrent`: its calls in `concurrency` tasks at once.
    concurrent_profile: bool,
}

impl Options {
    fn parse(args: &[String]) -> Self {
        let quick = args.iter().any(|a| a == "--quick");
        let mut options = if quick {
            Options { calls: 400, runs: 7, concurrency: 16, only: None, concurrent_profile: false }
        } else {
            Options { calls: 2000, runs: 11, concurrency: 32, only: None, concurrent_profile: false }
        };
        let value = |name: &str| -> Option<usize> {
            let at = args.iter().position(|a| a == name)?;
            let raw = args.get(at + 1).unwrap_or_else(|| panic!("{name} needs a value"));
            Some(raw.parse().unwrap_or_else(|_| panic!("{name} takes a number, not `{raw}`")))
        };
        // Anything else (cargo's `--bench`, a filter) is ignored.
        options.calls = value("--calls").unwrap_or(options.calls).max(1);
        options.runs = value("--runs").unwrap_or(options.runs).max(1);
        options.concurrency = value("--concurrency").unwrap_or(options.concurrency).clamp(1, options.calls);
        options.concurrent_profile = args.iter().any(|a| a == "--concurrent");
        if let Some(at) = args.iter().position(|a| a == "--only") {
            let name = args.get(at + 1).map_or("", String::as_str);
            let variant = Variant::ALL.into_iter().find(|v| v.name() == name);
            let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
            options.only = Some(variant.unwrap_or_else(|| panic!("--only takes one of {names:?}")));
        }
        options
    }
}

// ---------------------------------------------------------------------------------------------
// The server: a child process answering fixed bytes

/// The child process serving on loopback; killed when dropped.
struct Server {
    child: Child,
    base_url: String,
}

impl Server {
    fn start() -> Self {
        let exe = std::env::current_exe().expect("the bench's own path");
        let mut child = Command::new(exe)
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server process starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout).read_line(&mut line).expect("the server prints its address");
        let addr = line.trim();
        assert!(addr.starts_with("127.0.0.1:"), "unexpected server address `{addr}`");
        Server { base_url: format!("http://{addr}"), child }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin asks the server to exit; killing it covers a server that would not.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `--serve`: a minimal hyper HTTP/1.1 server on one thread, until stdin closes.
fn serve() {
    // The parent closes our stdin when it is done (or dies): then exit, whatever is in flight.
    std::thread::spawn(|| {
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("the bound address");
        let mut stdout = std::io::stdout();
        writeln!(stdout, "{addr}").and_then(|()| stdout.flush()).expect("print the address");
        let body = Bytes::from_static(OAUTH_CLIENT_JSON.as_bytes());
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| answer(request, body.clone()));
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
}

/// The fixed `OAuthClient` for `GET /api/v2/oauth/clients/{id}` and `POST /api/v2/oauth/clients`
/// (after reading the request body) with the expected token; 401 or 404 otherwise.
async fn answer(request: Request<Incoming>, body: Bytes) -> Result<Response<Full<Bytes>>, Infallible> {
    let authorized = request
        .headers()
        .get(AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().strip_prefix(b"Bearer ") == Some(TOKEN.as_bytes()));
    let status = match (request.method(), request.uri().path()) {
        _ if !authorized => StatusCode::UNAUTHORIZED,
        (&Method::GET, path) if path.strip_prefix("/api/v2/oauth/clients/").is_some_and(|id| !id.contains('/')) => {
            StatusCode::OK
        }
        (&Method::POST, "/api/v2/oauth/clients") => {
            let _ = request.into_body().collect().await;
            StatusCode::OK
        }
        _ => StatusCode::NOT_FOUND,
    };
    let body = if status == StatusCode::OK { body } else { Bytes::new() };
    let response = Response::builder()
        .status(status)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(body))
        .expect("a valid response");
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// The two clients

/// What a careful person writes with reqwest alone: a `reqwest::Client` set up as the
/// generated client sets up its own (its user agent, and its 30 s timeout on the client, which
/// reqwest applies to each request), the `Authorization` value built once, the same `Accept`
/// header, a status check, and the body decoded into the same model.
struct HandWritten {
    http: apis::reqwest::Client,
    base_url: String,
    authorization: HeaderValue,
}

type HandError = Box<dyn std::error::Error + Send + Sync>;

impl HandWritten {
    fn new(base_url: &str) -> Self {
        let http =
            apis::reqwest::Client::builder().user_agent(USER_AGENT).timeout(TIMEOUT).build().expect("a reqwest client");
        let mut authorization = HeaderValue::try_from(format!("Bearer {TOKEN}")).expect("a valid header value");
        authorization.set_sensitive(true);
        HandWritten { http, base_url: base_url.to_owned(), authorization }
    }

    async fn get_oauth_client(&self, id: &str) -> Result<OAuthClient, HandError> {
        let url = format!("{}/api/v2/oauth/clients/{id}", self.base_url);
        let request = self.http.get(url);
        self.send(request).await
    }

    async fn post_oauth_clients(&self, body: &OAuthClientRequest) -> Result<OAuthClient, HandError> {
        let url = format!("{}/api/v2/oauth/clients", self.base_url);
        let body = apis::serde_json::to_vec(body)?;
        let request = self.http.post(url).header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(body);
        self.send(request).await
    }

    async fn send(&self, request: apis::reqwest::RequestBuilder) -> Result<OAuthClient, HandError> {
        let response = request
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(AUTHORIZATION, self.authorization.clone())
            .send()
            .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("status {status}").into());
        }
        let body = response.bytes().await?;
        Ok(apis::serde_json::from_slice(&body)?)
    }
}

/// A request body as an application builds one for each call (both clients build it per call).
fn new_client_request() -> OAuthClientRequest {
    let mut request =
        OAuthClientRequest::new("Reporting integration", OAuthClientAuthorizedGrantType::ClientCredentials);
    request.description = Some("Nightly export of queue statistics".into());
    request.access_token_validity_seconds = Some(86400);
    request.scope = Some(vec!["analytics:readonly".into(), "users:readonly".into()]);
    request.role_divisions =
        Some(vec![RoleDivision::new("a1b2c3d4-0000-4000-8000-000000000001", "d0d0d0d0-1111-4222-8333-444455556666")]);
    request.state = Some(OAuthClientState::Active);
    request
}

/// One way of making one call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    /// `client.get_oauth_client(id).send().await`
    GetSend,
    /// `client.get_oauth_client(id).await` (`IntoFuture`, boxed)
    GetAwait,
    /// `client.get_oauth_client(id).send_with_response().await`, the model taken out
    GetResponse,
    /// Hand-written reqwest `GET`.
    GetHand,
    /// The same through a second, identical `HandWritten`: a control, whose ratio to `GetHand`
    /// shows how far apart two equal things measure on this machine.
    GetHandAgain,
    /// `client.post_oauth_clients(body).send().await`
    PostSend,
    /// Hand-written reqwest `POST` with a JSON body.
    PostHand,
}

impl Variant {
    const ALL: [Variant; 7] = [
        Variant::GetSend,
        Variant::GetAwait,
        Variant::GetResponse,
        Variant::GetHand,
        Variant::GetHandAgain,
        Variant::PostSend,
        Variant::PostHand,
    ];

    fn name(self) -> &'static str {
        match self {
            Variant::GetSend => "get-send",
            Variant::GetAwait => "get-await",
            Variant::GetResponse => "get-response",
            Variant::GetHand => "get-hand",
            Variant::GetHandAgain => "get-hand-again",
            Variant::PostSend => "post-send",
            Variant::PostHand => "post-hand",
        }
    }
}

struct Clients {
    generated: Client,
    hand: HandWritten,
    hand_again: HandWritten,
}

impl Clients {
    async fn call(&self, variant: Variant) -> OAuthClient {
        let result = match variant {
            Variant::GetSend => self.generated.get_oauth_client(CLIENT_ID).send().await.map_err(HandError::from),
            Variant::GetAwait => self.generated.get_oauth_client(CLIENT_ID).await.map_err(HandError::from),
            Variant::GetResponse => self
                .generated
                .get_oauth_client(CLIENT_ID)
                .send_with_response()
                .await
                .map(apis::Response::into_inner)
                .map_err(HandError::from),
            Variant::GetHand => self.hand.get_oauth_client(CLIENT_ID).await,
            Variant::GetHandAgain => self.hand_again.get_oauth_client(CLIENT_ID).await,
            Variant::PostSend => {
                self.generated.post_oauth_clients(new_client_request()).send().await.map_err(HandError::from)
            }
            Variant::PostHand => self.hand.post_oauth_clients(&new_client_request()).await,
        };
        result.unwrap_or_else(|e| panic!("{variant:?} failed: {e}"))
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Sequential,
    Concurrent,
}

/// Calls made, their wall time and what was allocated: in all, or per call.
#[derive(Clone, Copy)]
struct Sample {
    calls: usize,
    nanos: f64,
    /// CPU time of this process's threads: what the client costs, without the waits.
    cpu_nanos: Option<f64>,
    allocs: f64,
    reallocs: f64,
    bytes: f64,
}

impl Sample {
    const ZERO: Sample = Sample { calls: 0, nanos: 0.0, cpu_nanos: Some(0.0), allocs: 0.0, reallocs: 0.0, bytes: 0.0 };

    fn add(&mut self, other: Sample) {
        self.calls += other.calls;
        self.nanos += other.nanos;
        self.cpu_nanos = self.cpu_nanos.zip(other.cpu_nanos).map(|(a, b)| a + b);
        self.allocs += other.allocs;
        self.reallocs += other.reallocs;
        self.bytes += other.bytes;
    }

    fn per_call(self) -> Sample {
        let n = self.calls.max(1) as f64;
        Sample {
            calls: 1,
            nanos: self.nanos / n,
            cpu_nanos: self.cpu_nanos.map(|ns| ns / n),
            allocs: self.allocs / n,
            reallocs: self.reallocs / n,
            bytes: self.bytes / n,
        }
    }
}

/// `calls` calls of `variant`: one after another in one task, or spread over `concurrency`
/// tasks running at once.
async fn batch(clients: &Arc<Clients>, variant: Variant, mode: Mode, calls: usize, concurrency: usize) -> Sample {
    let cpu_before = process_cpu_nanos();
    let region = Region::new(GLOBAL);
    let started = Instant::now();
    let tasks = if mode == Mode::Sequential { 1 } else { concurrency };
    let handles: Vec<_> = (0..tasks)
        .map(|task| {
            let clients = Arc::clone(clients);
            // Spread the calls evenly: the first `calls % tasks` tasks make one more.
            let share = calls / tasks + usize::from(task < calls % tasks);
            tokio::spawn(async move {
                for _ in 0..share {
                    std::hint::black_box(clients.call(variant).await);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.await.expect("a benchmark task panicked");
    }
    let elapsed = started.elapsed();
    let Stats { allocations, reallocations, bytes_allocated, bytes_reallocated, .. } = region.change();
    let cpu = process_cpu_nanos().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    Sample {
        calls,
        nanos: elapsed.as_nanos() as f64,
        cpu_nanos: cpu.map(|ns| ns as f64),
        allocs: allocations as f64,
        reallocs: reallocations as f64,
        bytes: bytes_allocated as f64 + bytes_reallocated as f64,
    }
}

/// The CPU time all threads of this process have run, in nanoseconds (Linux: the first field of
/// each `/proc/self/task/*/schedstat`); `None` elsewhere.
fn process_cpu_nanos() -> Option<u64> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let mut total = 0;
    for task in tasks.flatten() {
        // A thread that ended meanwhile has no file any more: its time is lost to both sides.
        let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) else { continue };
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// One line of the table: a generated-client variant against its hand-written baseline.
struct Row {
    label: &'static str,
    mode: Mode,
    generated: Vec<Sample>,
    hand: Vec<Sample>,
}

const COMPARISONS: [(&str, Variant, Variant); 5] = [
    ("GET `.send().await`", Variant::GetSend, Variant::GetHand),
    ("GET `.await` (IntoFuture)", Variant::GetAwait, Variant::GetHand),
    ("GET `.send_with_response().await`", Variant::GetResponse, Variant::GetHand),
    ("POST JSON `.send().await`", Variant::PostSend, Variant::PostHand),
    ("control: GET hand-written vs itself", Variant::GetHandAgain, Variant::GetHand),
];

/// Both clients, checked to get the same answer, decoded the same way.
async fn clients(base_url: &str) -> Arc<Clients> {
    let generated = Client::builder()
        .base_url(base_url)
        .expect("a valid base URL")
        .bearer_token(TOKEN)
        .build()
        .expect("the client builds");
    let clients =
        Arc::new(Clients { generated, hand: HandWritten::new(base_url), hand_again: HandWritten::new(base_url) });
    let expected: OAuthClient = apis::serde_json::from_str(OAUTH_CLIENT_JSON).expect("the fixture is an OAuthClient");
    for variant in Variant::ALL {
        assert_eq!(clients.call(variant).await, expected, "{variant:?}");
    }
    clients
}

/// `--only VARIANT`: a fixed warm-up, then `runs` batches (sequential, or `--concurrent`), on a
/// single-threaded runtime, so that a profiler's counts at two `--calls` differ by exactly the
/// calls (`valgrind --tool=callgrind` gives instructions per call that way, whatever the
/// machine's load).
async fn profile(base_url: &str, options: &Options, variant: Variant) {
    let clients = clients(base_url).await;
    let mode = if options.concurrent_profile { Mode::Concurrent } else { Mode::Sequential };
    batch(&clients, variant, mode, options.concurrency * 4, options.concurrency).await;
    for _ in 0..options.runs {
        let sample = batch(&clients, variant, mode, options.calls, options.concurrency).await.per_call();
        println!(
            "{}: {:.1} µs/call, {:.1} allocs/call, {:.1} reallocs/call, {:.0} bytes/call",
            variant.name(),
            sample.nanos / 1000.0,
            sample.allocs,
            sample.reallocs,
            sample.bytes
        );
    }
}

async fn measure(base_url: &str, options: &Options) -> Vec<Row> {
    let clients = clients(base_url).await;

    let mut rows: Vec<Row> = [Mode::Sequential, Mode::Concurrent]
        .into_iter()
        .flat_map(|mode| COMPARISONS.map(|(label, ..)| Row { label, mode, generated: Vec::new(), hand: Vec::new() }))
        .collect();
    let variants = Variant::ALL;
    for mode in [Mode::Sequential, Mode::Concurrent] {
        // Warm up: connections pooled (as many as the concurrent mode keeps busy), code paged in.
        for variant in variants {
            batch(&clients, variant, Mode::Concurrent, options.concurrency * 4, options.concurrency).await;
            batch(&clients, variant, mode, options.calls / 4 + 1, options.concurrency).await;
        }
        // Each run makes its calls in slices, the variants taking turns slice by slice, in an
        // order shuffled every turn: a change in the machine's load meets them all alike, and
        // none always follows the same other one.
        let target = match mode {
            Mode::Sequential => 200,
            Mode::Concurrent => (options.concurrency * 8).max(200),
        };
        let slices = options.calls.div_ceil(target);
        let slice = options.calls / slices;
        let mut order: Vec<usize> = (0..variants.len()).collect();
        let mut random = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..options.runs {
            let mut totals = [Sample::ZERO; Variant::ALL.len()];
            for _ in 0..slices {
                // Fisher-Yates with xorshift64: a fixed seed, so runs are reproducible.
                for i in (1..order.len()).rev() {
                    random ^= random << 13;
                    random ^= random >> 7;
                    random ^= random << 17;
                    order.swap(i, (random % (i as u64 + 1)) as usize);
                }
                for &at in &order {
                    totals[at].add(batch(&clients, variants[at], mode, slice, options.concurrency).await);
                }
            }
            let sample_of = |v: Variant| totals[variants.iter().position(|&w| w == v).expect("a variant")].per_call();
            for (row, (_, generated, hand)) in rows.iter_mut().filter(|r| r.mode == mode).zip(COMPARISONS) {
                row.generated.push(sample_of(generated));
                row.hand.push(sample_of(hand));
            }
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Reporting

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}

/// The 25th and 75th percentiles (nearest rank).
fn quartiles(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.25), at(0.75))
}

fn print_table(options: &Options, rows: &[Row]) {
    println!(
        "\nClient overhead: about {} calls per variant and run, {} runs, the variants taking turns in slices; \
         concurrent mode = {} tasks. Medians over runs; a ratio is generated / hand-written time within \
         each run (median [p25, p75]).\n",
        options.calls, options.runs, options.concurrency
    );
    println!(
        "| call | mode | wall µs/call gen / hand | wall ratio | client CPU µs/call gen / hand | CPU ratio | allocs/call gen / hand | reallocs/call gen / hand | bytes/call gen / hand |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let of = |samples: &[Sample], f: fn(&Sample) -> f64| median(samples.iter().map(f).collect());
        let ratio = |f: fn(&Sample) -> Option<f64>| -> String {
            let ratios: Option<Vec<f64>> =
                row.generated.iter().zip(&row.hand).map(|(g, h)| Some(f(g)? / f(h)?)).collect();
            let Some(ratios) = ratios else { return "n/a".into() };
            let (p25, p75) = quartiles(ratios.clone());
            format!("{:.3} [{p25:.3}, {p75:.3}]", median(ratios))
        };
        let cpu = |samples: &[Sample]| -> String {
            let cpu: Option<Vec<f64>> = samples.iter().map(|s| s.cpu_nanos).collect();
            cpu.map_or_else(|| "n/a".into(), |cpu| format!("{:.1}", median(cpu) / 1000.0))
        };
        println!(
            "| {} | {} | {:.1} / {:.1} | {} | {} / {} | {} | {:.1} / {:.1} | {:.1} / {:.1} | {:.0} / {:.0} |",
            row.label,
            match row.mode {
                Mode::Sequential => "sequential",
                Mode::Concurrent => "concurrent",
            },
            of(&row.generated, |s| s.nanos) / 1000.0,
            of(&row.hand, |s| s.nanos) / 1000.0,
            ratio(|s| Some(s.nanos)),
            cpu(&row.generated),
            cpu(&row.hand),
            ratio(|s| s.cpu_nanos),
            of(&row.generated, |s| s.allocs),
            of(&row.hand, |s| s.allocs),
            of(&row.generated, |s| s.reallocs),
            of(&row.hand, |s| s.reallocs),
            of(&row.generated, |s| s.bytes),
            of(&row.hand, |s| s.bytes),
        );
    }
    println!(
        "\nAllocations and reallocations are counted in this process only: the client side (the server is a \
         child process). Bytes: requested by allocations, plus the net growth of reallocations."
    );
}
