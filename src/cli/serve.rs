//! The live preview server of `mlsd watch`: its page, its Server-Sent Events and the current
//! diagram, on loopback unless `--host` says otherwise.
//!
//! - `GET /` is the preview page (HTML, CSS and script from `assets/`, all inline; nothing is
//!   loaded from anywhere else).
//! - `GET /__events` is a Server-Sent Events stream. Each build sends one `build` event whose data
//!   is `{"report": {...}, "svg": "<svg ...>" | null}`: the report of the build (see
//!   `watch::Report`) and the diagram, sent only when the client does not have it yet. A new
//!   client gets the current state at once. A comment line every 15 s finds closed connections.
//! - `GET /svg` is the last good diagram (503 before the first one).
//!
//! Every other path is a 404. With a loopback address, requests whose `Host` header names another
//! machine are refused, so a web page cannot read the diagram through DNS rebinding.
//!
//! tiny_http answers with `Transfer-Encoding: chunked` when the length is unknown, which browsers
//! dislike for `text/event-stream`, so the event stream writes its response head by hand (as
//! typst's preview server does).

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Result, anyhow};

/// The port tried when `--port` is not given (a free one is used if it is taken).
pub(crate) const DEFAULT_PORT: u16 = 3737;
/// How often an idle event stream sends a comment, to notice clients that went away.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// Event streams served at once; more are answered with 503 (each holds a thread).
const MAX_STREAMS: usize = 32;

/// The state the page shows: the latest build report and the last good diagram.
pub(crate) struct Preview {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Number of the latest published build (0: none yet).
    build: u64,
    /// The latest build's report, as JSON.
    report: Arc<String>,
    /// The last good diagram.
    diagram: Option<Arc<Diagram>>,
    /// Event streams open now.
    streams: usize,
    stopping: bool,
}

/// A diagram and the build that drew it.
struct Diagram {
    build: u64,
    svg: String,
    /// `svg` as a JSON string, ready to go into events.
    json: String,
}

/// What an event stream does next.
enum Next {
    Send { build: u64, report: Arc<String>, diagram: Option<Arc<Diagram>> },
    KeepAlive,
    Stop,
}

impl Preview {
    /// An empty preview (no build yet).
    pub(crate) fn new() -> Preview {
        Preview { state: Mutex::new(State::default()), changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes build number `build`: its report (JSON) and, when it drew one, its diagram. A
    /// build without a diagram keeps the last good one.
    pub(crate) fn publish(&self, build: u64, report: String, svg: Option<String>) {
        let diagram = svg.map(|svg| {
            let json = serde_json::to_string(&svg).unwrap_or_else(|_| "null".into());
            Arc::new(Diagram { build, svg, json })
        });
        let mut state = self.lock();
        state.build = build;
        state.report = Arc::new(report);
        if diagram.is_some() {
            state.diagram = diagram;
        }
        drop(state);
        self.changed.notify_all();
    }

    /// Ends every event stream.
    pub(crate) fn stop(&self) {
        self.lock().stopping = true;
        self.changed.notify_all();
    }

    /// The last good diagram.
    fn svg(&self) -> Option<Arc<Diagram>> {
        self.lock().diagram.clone()
    }

    /// Waits until a build newer than `seen` is published, the keep-alive time passes, or the
    /// server stops.
    fn next(&self, seen: u64) -> Next {
        let mut state = self.lock();
        let mut waited = false;
        loop {
            if state.stopping {
                return Next::Stop;
            }
            if state.build != seen {
                return Next::Send { build: state.build, report: state.report.clone(), diagram: state.diagram.clone() };
            }
            if waited {
                return Next::KeepAlive;
            }
            let (guard, timeout) = self.changed.wait_timeout(state, KEEPALIVE).unwrap_or_else(PoisonError::into_inner);
            state = guard;
            waited = timeout.timed_out();
        }
    }
}

/// The running server.
pub(crate) struct Server {
    http: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    preview: Arc<Preview>,
    addr: SocketAddr,
}

impl Server {
    /// Starts serving `preview` on `host:port`. Without a port, [`DEFAULT_PORT`] is tried first and
    /// any free port is used when it is taken; port 0 always picks a free one.
    pub(crate) fn start(host: IpAddr, port: Option<u16>, preview: Arc<Preview>) -> Result<Server> {
        let http = match port {
            Some(port) => bind(host, port)?,
            None => bind(host, DEFAULT_PORT).or_else(|_| bind(host, 0))?,
        };
        let addr = http.server_addr().to_ip().ok_or_else(|| anyhow!("the preview server has no IP address"))?;
        let http = Arc::new(http);
        let loopback_only = host.is_loopback();
        let thread = {
            let (http, preview) = (http.clone(), preview.clone());
            std::thread::Builder::new()
                .name("mlsd-preview".into())
                .spawn(move || {
                    for request in http.incoming_requests() {
                        handle(request, &preview, loopback_only);
                    }
                })
                .map_err(|e| anyhow!("cannot start the preview server: {e}"))?
        };
        Ok(Server { http, thread: Some(thread), preview, addr })
    }

    /// The page's URL (unspecified addresses are shown as loopback, which reaches them).
    pub(crate) fn url(&self) -> String {
        let ip = match self.addr.ip() {
            ip if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Stops accepting requests, ends the event streams and waits for the server thread.
    pub(crate) fn shutdown(mut self) {
        self.preview.stop();
        self.http.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn bind(host: IpAddr, port: u16) -> Result<tiny_http::Server> {
    let addr = SocketAddr::new(host, port);
    tiny_http::Server::http(addr).map_err(|e| anyhow!("cannot serve the preview on {addr}: {e}"))
}

/// The preview page: the HTML with its stylesheet and script inlined.
fn page() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        include_str!("assets/preview.html")
            .replace("/*PREVIEW_CSS*/", include_str!("assets/preview.css"))
            .replace("/*PREVIEW_JS*/", include_str!("assets/preview.js"))
    })
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// Headers every response carries.
fn common(content_type: &str, csp: &str) -> Vec<tiny_http::Header> {
    vec![
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
        header("Content-Security-Policy", csp),
    ]
}

/// The page's policy: its own script only (by nonce, so no inline handler or injected script
/// runs), inline styles (the diagram carries its stylesheet), events from this server.
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data:; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// A fresh script nonce: 128 bits from the standard library's randomly seeded hasher keys.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let word = || {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
        h.finish()
    };
    format!("{:016x}{:016x}", word(), word())
}
const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
const TEXT: &str = "text/plain; charset=utf-8";

fn text(status: u16, body: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_string(body).with_status_code(status);
    for h in common(TEXT, SVG_CSP) {
        response.add_header(h);
    }
    response
}

fn handle(request: tiny_http::Request, preview: &Arc<Preview>, loopback_only: bool) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if loopback_only && !host_is_loopback(host.as_deref()) {
        let _ = request.respond(text(403, "forbidden: the preview only answers requests for 127.0.0.1 or localhost\n"));
        return;
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("").to_string();
    let known = matches!(path.as_str(), "/" | "/index.html" | "/svg" | "/__events");
    if !known {
        let _ = request.respond(text(404, "not found\n"));
        return;
    }
    if !matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head) {
        let mut response = text(405, "method not allowed\n");
        response.add_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    match path.as_str() {
        "/svg" => match preview.svg() {
            Some(diagram) => {
                let mut response = tiny_http::Response::from_string(diagram.svg.as_str());
                for h in common("image/svg+xml; charset=utf-8", SVG_CSP) {
                    response.add_header(h);
                }
                response.add_header(header("X-Mlsd-Build", &diagram.build.to_string()));
                let _ = request.respond(response);
            }
            None => {
                let _ = request.respond(text(503, "no diagram yet: the design has not built without errors\n"));
            }
        },
        "/__events" => {
            let admitted = {
                let mut state = preview.lock();
                let ok = state.streams < MAX_STREAMS && !state.stopping;
                if ok {
                    state.streams += 1;
                }
                ok
            };
            if !admitted {
                let _ = request.respond(text(503, "too many open previews\n"));
                return;
            }
            let stream_preview = preview.clone();
            let spawned = std::thread::Builder::new().name("mlsd-events".into()).spawn(move || {
                stream_events(request, &stream_preview);
                stream_preview.lock().streams -= 1;
            });
            if spawned.is_err() {
                preview.lock().streams -= 1;
            }
        }
        _ => {
            let nonce = nonce();
            let mut response = tiny_http::Response::from_string(page().replace("PREVIEW_NONCE", &nonce));
            for h in common("text/html; charset=utf-8", &page_csp(&nonce)) {
                response.add_header(h);
            }
            let _ = request.respond(response);
        }
    }
}

/// Whether a request's `Host` header (if it has one) names this machine's loopback interface.
fn host_is_loopback(host: Option<&str>) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim().to_ascii_lowercase();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host.as_str(), |(name, _)| name)
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip.is_unspecified())
}

/// Serves one event stream until the client goes away or the server stops.
fn stream_events(request: tiny_http::Request, preview: &Preview) {
    let head_only = *request.method() == tiny_http::Method::Head;
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\n";
    if out.write_all(head.as_bytes()).and_then(|()| out.flush()).is_err() || head_only {
        return;
    }
    // Reconnect quickly after a restart of `mlsd watch`.
    if out.write_all(b"retry: 500\n\n").and_then(|()| out.flush()).is_err() {
        return;
    }
    let (mut seen, mut sent_svg) = (0, 0);
    loop {
        let message = match preview.next(seen) {
            Next::Stop => return,
            Next::KeepAlive => ": keep-alive\n\n".to_string(),
            Next::Send { build, report, diagram } => {
                seen = build;
                let svg = match diagram {
                    Some(d) if d.build != sent_svg => {
                        sent_svg = d.build;
                        d.json.as_str().to_owned()
                    }
                    _ => "null".to_string(),
                };
                format!("event: build\nid: {build}\ndata: {{\"report\":{report},\"svg\":{svg}}}\n\n")
            }
        };
        if out.write_all(message.as_bytes()).and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_pass_the_host_check() {
        for ok in [
            None,
            Some("127.0.0.1:3737"),
            Some("localhost"),
            Some("LOCALHOST:1"),
            Some("[::1]:80"),
            Some("a.localhost"),
        ] {
            assert!(host_is_loopback(ok), "{ok:?}");
        }
        for bad in [Some("example.com"), Some("127.0.0.1.example.com:3737"), Some("10.0.0.1"), Some("[2001:db8::1]:80")]
        {
            assert!(!host_is_loopback(bad), "{bad:?}");
        }
    }

    #[test]
    fn the_page_is_whole_and_loads_nothing_from_elsewhere() {
        let page = page();
        assert!(!page.contains("/*PREVIEW_CSS*/") && !page.contains("/*PREVIEW_JS*/"));
        assert!(page.contains("<script nonce=\"PREVIEW_NONCE\">"));
        assert!(!page.contains("http://") && !page.contains("https://") && !page.contains("src="));
        assert_ne!(nonce(), nonce());
        assert!(page_csp("abc").contains("script-src 'nonce-abc'"));
    }

    #[test]
    fn a_taken_default_port_falls_back_to_a_free_one() {
        let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
        // Hold the default port (if something else already holds it, that does as well).
        let _blocker = bind(localhost, DEFAULT_PORT);
        let server = Server::start(localhost, None, Arc::new(Preview::new())).unwrap();
        assert_ne!(server.addr.port(), DEFAULT_PORT);
        assert!(bind(localhost, server.addr.port()).is_err(), "an explicit port that is taken is an error");
        let url = server.url();
        assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "{url}");
        server.shutdown();
    }
}
