#![allow(clippy::print_stdout, reason = "a benchmark prints its table")]
//! Save-to-preview latency of `mlsd watch` on a generated design of 100 components.
//!
//! Run with `cargo bench --bench watch` (optionally `-- RUNS`). It starts the release binary on
//! the design in a temporary folder and saves the design repeatedly (each save renames one
//! component's label, so every diagram differs), then prints the median and 90th percentile of:
//!
//! - `build`: read, check, lay out, render (the server's own measure, in the event);
//! - `save -> event`: from just before the write until a Server-Sent Events client has the new
//!   diagram (a plain TCP client in this process);
//! - `save -> page event` / `save -> page` / `save -> painted`: from just before the write until
//!   headless Chromium's preview page has the event / has the new SVG in its DOM / has reached
//!   the next frame after that
//!   (`tests/browser/latency.mjs`; skipped without Chromium and `tests/browser/node_modules`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

#[path = "support/generated_design.rs"]
mod generated_design;
use generated_design::generate;

/// Median and 90th percentile, in milliseconds.
fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9))
}

struct Watch(Child);

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `(build number, server build ms)` of each `build` event that carries a diagram.
fn events(addr: &str) -> Receiver<(u64, f64)> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(stream, "GET /__events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            let Some(data) = line.strip_prefix("data: ") else { continue };
            let v: serde_json::Value = serde_json::from_str(data).expect("JSON event");
            if v["svg"].is_string() {
                let build = v["report"]["build"].as_u64().unwrap_or(0);
                if tx.send((build, v["report"]["elapsed_ms"].as_f64().unwrap_or(0.0))).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// Where a build's time goes, measured in this process: parse + build, layout, render.
fn phases(text: &str, runs: usize) {
    let source = mlsd::source::Source::new("generated.mlsd", text);
    let (mut check, mut layout, mut render) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let parse = mlsd::syntax::parse(&source);
        let built = mlsd::model::build(&parse.file);
        check.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let l = mlsd::layout::layout(&built.value, &mlsd::layout::LayoutOptions::default());
        layout.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        std::hint::black_box(mlsd::render::render_svg(&l, &mlsd::render::Theme::light()));
        render.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for (name, ms) in [("  parse + build", check), ("  layout", layout), ("  render", render)] {
        let (median, p90) = stats(ms);
        println!("{name:<18} {median:>7.1}ms {p90:>7.1}ms");
    }
}

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("generated.mlsd");
    let original = generate(100);
    std::fs::write(&design, &original).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlsd"))
        .args(["watch", "--port", "0", "--no-clear", "--color", "never"])
        .arg(&design)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("mlsd watch starts");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let watch = Watch(child);
    let mut lines = stdout.lines();
    let addr = loop {
        let line = lines.next().expect("the preview URL").unwrap();
        if let Some(rest) = line.strip_prefix("preview: http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    println!("design: 100 generated components ({} bytes), {runs} saves each", original.len());

    let rx = events(&addr);
    let (mut last, _) = rx.recv_timeout(Duration::from_secs(30)).expect("the first diagram");
    let (mut build_ms, mut event_ms) = (Vec::new(), Vec::new());
    for i in 0..runs {
        let text = original.replace("\"Component 7\"", &format!("\"Component 7 (save {i})\""));
        let start = Instant::now();
        std::fs::write(&design, text).unwrap();
        loop {
            let (build, ms) = rx.recv_timeout(Duration::from_secs(30)).expect("a new diagram");
            if build > last {
                event_ms.push(start.elapsed().as_secs_f64() * 1e3);
                build_ms.push(ms);
                last = build;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    std::fs::write(&design, &original).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    println!("{:<18} {:>9} {:>9}", "", "median", "p90");
    let row = |name: &str, ms: Vec<f64>| {
        let (median, p90) = stats(ms);
        println!("{name:<18} {median:>7.1}ms {p90:>7.1}ms");
    };
    row("build", build_ms);
    phases(&original, runs.min(20));
    row("save -> event", event_ms);

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = Path::new(&std::env::var("MLSD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())).is_file()
        && root.join("tests/browser/node_modules/playwright-core").is_dir();
    if !browser {
        println!("save -> page: skipped (needs Chromium and `npm ci` in tests/browser)");
        return;
    }
    let out = Command::new("node")
        .arg(root.join("tests/browser/latency.mjs"))
        .arg(format!("http://{addr}/"))
        .arg(&design)
        .arg(runs.to_string())
        .current_dir(root.join("tests/browser"))
        .output()
        .expect("node runs");
    assert!(out.status.success(), "latency.mjs failed: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON from latency.mjs");
    let list = |key: &str| v[key].as_array().unwrap().iter().filter_map(serde_json::Value::as_f64).collect::<Vec<_>>();
    row("save -> page event", list("received"));
    row("save -> page", list("applied"));
    row("save -> painted", list("painted"));
    drop(watch);
}
