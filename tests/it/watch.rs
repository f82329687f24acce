//! `mlsd watch` end to end: a real process on a temporary design, its event stream read over TCP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::Value;

/// How long any one step may take (generous: CI machines are slow and busy).
const STEP: Duration = Duration::from_secs(20);

pub(crate) const V1: &str = "title: \"Watch test\"\nmodel alpha \"Alpha\" { task: ranking }\n";

pub(crate) fn design_with(ids: &[&str]) -> String {
    let mut s = String::from("title: \"Watch test\"\n");
    for id in ids {
        s.push_str(&format!("model {id} \"{id}\" {{ task: ranking }}\n"));
    }
    for pair in ids.windows(2) {
        s.push_str(&format!("{} -> {}\n", pair[0], pair[1]));
    }
    s
}

/// A running `mlsd watch`; killed when dropped.
pub(crate) struct Watch {
    child: Child,
    lines: Receiver<String>,
    /// Everything printed so far.
    pub(crate) stdout: String,
    /// The preview's address, `127.0.0.1:PORT`.
    pub(crate) addr: String,
}

impl Watch {
    /// Starts `mlsd watch FILE --port 0 ARGS...` and waits for the preview URL.
    pub(crate) fn start(design: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mlsd"))
            .arg("watch")
            .arg(design)
            .args(["--port", "0", "--color", "never"])
            .args(args)
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("mlsd watch starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut watch = Watch { child, lines, stdout: String::new(), addr: String::new() };
        let line = watch.wait_line(|l| l.starts_with("preview: http://"));
        watch.addr = line.trim_start_matches("preview: http://").split('/').next().unwrap().to_string();
        watch
    }

    /// Waits for a line of output matching `pred`.
    pub(crate) fn wait_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.stdout.push_str(&line);
                    self.stdout.push('\n');
                    if pred(&line) {
                        return line;
                    }
                }
                Err(_) => panic!("no such line from mlsd watch; output so far:\n{}", self.stdout),
            }
        }
    }

    /// The preview's base URL.
    pub(crate) fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Opens the event stream.
    pub(crate) fn events(&self) -> Events {
        Events::connect(&self.addr)
    }

    /// Sends SIGINT and waits for the process; returns its exit code and the rest of its output.
    #[cfg(unix)]
    pub(crate) fn interrupt(mut self) -> (Option<i32>, String) {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + STEP;
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code();
            }
            assert!(Instant::now() < deadline, "mlsd watch did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        };
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            self.stdout.push_str(&line);
            self.stdout.push('\n');
        }
        (code, std::mem::take(&mut self.stdout))
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Server-Sent Events client: each `build` event's data, parsed.
pub(crate) struct Events {
    rx: Receiver<Value>,
    _stream: TcpStream,
}

impl Events {
    fn connect(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect to the preview");
        write!(stream, "GET /__events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut lines = reader.lines();
            // Response head.
            for line in lines.by_ref() {
                let Ok(line) = line else { return };
                if line.is_empty() {
                    break;
                }
            }
            let (mut event, mut data) = (String::new(), String::new());
            for line in lines {
                let Ok(line) = line else { return };
                if line.is_empty() {
                    if event == "build" {
                        let value: Value = serde_json::from_str(&data).expect("event data is JSON");
                        if tx.send(value).is_err() {
                            return;
                        }
                    }
                    event.clear();
                    data.clear();
                } else if let Some(rest) = line.strip_prefix("event: ") {
                    event = rest.to_string();
                } else if let Some(rest) = line.strip_prefix("data: ") {
                    data.push_str(rest);
                }
            }
        });
        Events { rx, _stream: stream }
    }

    /// The next build event matching `pred` (earlier ones are skipped).
    pub(crate) fn until(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + STEP;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(event) if pred(&event) => return event,
                Ok(_) => {}
                Err(_) => panic!("no build event with {what}"),
            }
        }
    }

    /// Asserts that no build event arrives within `quiet`.
    pub(crate) fn none_within(&self, quiet: Duration) {
        if let Ok(event) = self.rx.recv_timeout(quiet) {
            panic!("unexpected build: {}", event["report"]);
        }
    }
}

/// A GET request: status code, headers and body.
pub(crate) fn get(addr: &str, path: &str, host: Option<&str>) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(STEP)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", host.unwrap_or(addr)).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn svg_has(event: &Value, id: &str) -> bool {
    event["svg"].as_str().is_some_and(|svg| svg.contains(&format!("id=\"node-{id}\"")))
}

/// Writes `text` to `path` as editors that save atomically do: a temporary file beside it, then
/// a rename over it.
fn save_by_rename(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.tmp~", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

#[test]
fn watch_follows_saves_and_keeps_the_last_good_diagram() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("design.mlsd");
    let out = dir.path().join("out.svg");
    // Lint findings are covered below; here only the language diagnostics matter.
    std::fs::write(dir.path().join("mlsd.toml"), "[lint]\nignore = [\"all\"]\n").unwrap();
    std::fs::write(&design, V1).unwrap();
    let mut watch = Watch::start(&design, &["-o", out.to_str().unwrap()]);
    let events = watch.events();

    // A new client gets the current diagram at once.
    let first = events.until("the first diagram", |e| svg_has(e, "alpha"));
    assert_eq!(first["report"]["ok"], true);
    assert_eq!(first["report"]["build"], 1);

    // A plain write.
    std::fs::write(&design, design_with(&["alpha", "beta"])).unwrap();
    let e = events.until("beta after a plain write", |e| svg_has(e, "beta"));
    assert_eq!(e["report"]["ok"], true, "{}", e["report"]);

    // A rename-over save (vim, helix, JetBrains).
    save_by_rename(&design, &design_with(&["alpha", "beta", "gamma"]));
    events.until("gamma after a rename-over save", |e| svg_has(e, "gamma"));

    // A broken file: an error event with positions, no new diagram; the last good one is served.
    std::fs::write(&design, "model alpha {\n  task: ranking\n").unwrap();
    let broken = events.until("the error report", |e| e["report"]["ok"] == false);
    assert!(broken["svg"].is_null(), "no diagram comes with a failed build");
    let first_error = &broken["report"]["diagnostics"][0];
    assert_eq!(first_error["severity"], "error", "{first_error}");
    assert_eq!((first_error["line"].as_u64(), first_error["column"].as_u64()), (Some(1), Some(13)), "{first_error}");
    assert_eq!(broken["report"]["summary"]["errors"], 1);
    let (status, _, svg) = get(&watch.addr, "/svg", None);
    assert_eq!(status, 200);
    assert!(svg.contains("id=\"node-gamma\""), "the last good diagram is still served");
    assert!(watch.wait_line(|l| l.contains("error[")).contains("unclosed-delimiter"));

    // Fixed again: the overlay's errors are gone.
    std::fs::write(&design, design_with(&["alpha", "delta"])).unwrap();
    let fixed = events.until("delta after the fix", |e| svg_has(e, "delta"));
    assert_eq!(fixed["report"]["ok"], true);
    assert_eq!(fixed["report"]["diagnostics"].as_array().map(Vec::len), Some(0));

    // Deleted, then created again.
    std::fs::remove_file(&design).unwrap();
    let gone = events.until("the missing-file report", |e| e["report"]["error"].is_string());
    assert_eq!(gone["report"]["ok"], false);
    assert!(gone["report"]["error"].as_str().unwrap().contains("cannot read"), "{}", gone["report"]);
    std::fs::write(&design, design_with(&["alpha", "epsilon"])).unwrap();
    events.until("epsilon after the file came back", |e| svg_has(e, "epsilon"));

    // An empty file is a valid, empty design.
    std::fs::write(&design, "").unwrap();
    let empty = events.until("the empty design", |e| e["report"]["ok"] == true && !svg_has(e, "epsilon"));
    assert!(empty["svg"].as_str().is_some_and(|s| s.starts_with("<svg")));
    std::fs::write(&design, design_with(&["alpha", "zeta"])).unwrap();
    events.until("zeta", |e| svg_has(e, "zeta"));

    // Its own output does not trigger builds, and saving the same bytes does nothing.
    std::fs::write(&design, design_with(&["alpha", "zeta"])).unwrap();
    events.none_within(Duration::from_millis(700));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("id=\"node-zeta\""), "OUT holds the latest good diagram");
    assert_eq!(
        files_in(dir.path()),
        vec![design.clone(), dir.path().join("mlsd.toml"), out.clone()],
        "no temporary files are left"
    );

    // Only the page, the events and the diagram are served.
    let (status, head, page) = get(&watch.addr, "/", None);
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(page.contains("new EventSource('/__events')"));
    assert!(!page.contains("http://") && !page.contains("https://"), "the page loads nothing from elsewhere");
    assert_eq!(get(&watch.addr, "/etc/passwd", None).0, 404);
    assert_eq!(get(&watch.addr, "/../design.mlsd", None).0, 404);
    assert_eq!(get(&watch.addr, "/svg", Some("attacker.example:80")).0, 403, "DNS rebinding is refused");
    let port = watch.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(get(&watch.addr, "/svg", Some(&format!("localhost:{port}"))).0, 200);

    #[cfg(unix)]
    {
        let (code, output) = watch.interrupt();
        assert_eq!(code, Some(0), "{output}");
        assert!(output.contains("mlsd watch: stopped"), "{output}");
    }
}

#[test]
fn watch_survives_huge_pastes_and_clients_that_leave() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("big.mlsd");
    std::fs::write(&design, V1).unwrap();
    let watch = Watch::start(&design, &[]);
    let events = watch.events();
    events.until("the first diagram", |e| svg_has(e, "alpha"));

    // Clients that connect and go away, one of them mid-stream.
    for _ in 0..5 {
        let mut s = TcpStream::connect(&watch.addr).unwrap();
        write!(s, "GET /__events HTTP/1.1\r\nHost: {}\r\n\r\n", watch.addr).unwrap();
        let mut buf = [0u8; 64];
        let _ = s.read(&mut buf);
    }

    // A huge paste of text that is not a design (about 2 MB on one long line and many short ones).
    let mut junk = "}{ -> [[ \"unterminated ".repeat(20_000);
    junk.push('\n');
    junk.push_str(&"modle x { y: }\n".repeat(100_000));
    std::fs::write(&design, &junk).unwrap();
    let broken = events.until("the report of the paste", |e| e["report"]["ok"] == false);
    let report = &broken["report"];
    let shown = report["diagnostics"].as_array().unwrap().len() as u64;
    assert!(shown <= 200, "the page gets a bounded list");
    assert!(report["summary"]["errors"].as_u64().unwrap() >= shown);

    // Still watching.
    std::fs::write(&design, design_with(&["alpha", "omega"])).unwrap();
    let omega = events.until("omega after the paste", |e| svg_has(e, "omega"));
    let (status, _, svg) = get(&watch.addr, "/svg", None);
    assert_eq!(status, 200);
    assert!(svg.contains("node-omega"));

    // Without a configuration the design is linted with the defaults: findings, still a diagram.
    let codes = |e: &Value| -> Vec<String> {
        e["report"]["diagnostics"].as_array().map_or(Vec::new(), |d| d.iter().map(|x| x["code"].to_string()).collect())
    };
    assert!(codes(&omega).iter().any(|c| c.contains("missing-business-objective")), "{:?}", codes(&omega));
    // A change to `mlsd.toml` beside the design builds again, with that configuration.
    let before = omega["report"]["build"].as_u64().unwrap();
    std::fs::write(dir.path().join("mlsd.toml"), "[lint]\nignore = [\"all\"]\n").unwrap();
    let after = events.until("a build after mlsd.toml changed", |e| e["report"]["build"].as_u64().unwrap() > before);
    assert!(codes(&after).is_empty(), "{:?}", codes(&after));
}
