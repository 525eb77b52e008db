//! What every end-to-end test needs: the built `dist/` served on 127.0.0.1
//! under a sub-path (as GitHub Pages would), a chromedriver, and a headless
//! Chromium session whose console messages can be read back.

#![allow(dead_code)] // each test file uses its part of the harness

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// The sub-path the site is served under: proves asset paths are relative.
pub const SUB_PATH: &str = "/atelier/";

/// The built site, produced by `trunk build --release` (scripts/test.sh does it).
pub fn dist_dir() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the site first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

/// Serves `root` under [`SUB_PATH`] on an ephemeral 127.0.0.1 port, on a
/// background thread, until the process ends. Paths for which `broken`
/// returns true answer 404, to simulate a failed download.
pub fn serve(root: PathBuf, broken: fn(&str) -> bool) -> SocketAddr {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
    let addr = server.server_addr().to_ip().expect("an IP address");
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().split('?').next().unwrap_or("").to_owned();
            let response = match path.strip_prefix(SUB_PATH) {
                Some(rest) if !rest.contains("..") && !broken(rest) => {
                    let file = if rest.is_empty() { "index.html" } else { rest };
                    match std::fs::read(root.join(file)) {
                        Ok(bytes) => tiny_http::Response::from_data(bytes).with_header(
                            tiny_http::Header::from_bytes("Content-Type", mime_type(file)).expect("valid header"),
                        ),
                        Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
                    }
                }
                _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    addr
}

fn mime_type(file: &str) -> &'static str {
    match file.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A chromedriver process, killed when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chromedriver that answers: started on a free port, and ready (its
/// `/status` says so) before a session is asked for. The port is found free
/// then handed over, so another process may take it first: chromedriver then
/// exits, and another port is tried (at most five).
pub fn start_chromedriver() -> Driver {
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let mut child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e} (scripts/setup.sh installs it)"));
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if driver_ready(port) {
                return Driver { child, url: format!("http://127.0.0.1:{port}") };
            }
            if child.try_wait().ok().flatten().is_some() || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("chromedriver never became ready (five ports tried)");
}

/// Whether the WebDriver on `port` answers `GET /status` with `"ready": true`.
fn driver_ready(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.replace(' ', "").contains("\"ready\":true")
}

/// A headless Chromium session that records the browser console.
pub async fn open_browser(driver: &Driver) -> Client {
    let profile = std::env::temp_dir().join(format!(
        "atelier-e2e-{}-{}",
        std::process::id(),
        driver.url.rsplit(':').next().unwrap_or("0")
    ));
    let caps = json!({
        "goog:chromeOptions": {
            "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--no-first-run",
                "--window-size=1400,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        },
        "goog:loggingPrefs": { "browser": "ALL" }
    });
    let Value::Object(caps) = caps else { unreachable!("a JSON object") };
    // A loaded machine may reset the first connection: retry with a bounded back-off.
    let mut wait = Duration::from_millis(200);
    for attempt in 1..=5 {
        let session = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&driver.url)
            .await;
        match session {
            Ok(client) => return client,
            Err(e) if attempt == 5 => panic!("a WebDriver session in headless Chromium: {e}"),
            Err(_) => {
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
        }
    }
    unreachable!("the last attempt returns or panics")
}

/// chromedriver's log endpoint (not in the W3C protocol, so not in fantoccini).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// The browser console entries (level and message) logged since the last call.
pub async fn console_entries(client: &Client) -> Vec<(String, String)> {
    let log = client.issue_cmd(BrowserLog).await.expect("the browser log");
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    let field = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
                    (field("level"), field("message"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until `css` matches an element (the wasm app has mounted), or fails.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css} after 20 s: {e}"))
}

// ---- the console, as a learner drives it ----

pub const INPUT: &str = "[data-testid=console-saisie]";
pub const ENTER: &str = "\u{E007}";

pub async fn open(client: &Client, site: std::net::SocketAddr) {
    client.goto(&format!("http://{site}{SUB_PATH}")).await.expect("the page loads");
    wait_for(client, INPUT).await;
}

/// The site with nothing saved: a new learner.
pub async fn fresh_page(client: &Client, site: std::net::SocketAddr) {
    open(client, site).await;
    client.execute("localStorage.clear()", vec![]).await.unwrap();
    client.refresh().await.unwrap();
    wait_for(client, INPUT).await;
}

pub async fn type_line(client: &Client, line: &str) {
    let input = client.find(Locator::Css(INPUT)).await.unwrap();
    input.send_keys(&format!("{line}{ENTER}")).await.unwrap();
}

/// The lines on screen, without the line being typed.
pub async fn screen(client: &Client) -> Vec<String> {
    let js = "return Array.from(document.querySelectorAll('[data-testid=console-sortie] .ligne:not(.ligne-saisie)')).map(e => e.textContent)";
    let value = client.execute(js, vec![]).await.unwrap();
    // A block holds a command's whole output.
    value
        .as_array()
        .map(|a| {
            a.iter()
                .flat_map(|b| {
                    let text = b.as_str().unwrap_or_default().trim_end_matches('\u{200b}').to_string();
                    text.split('\n').map(String::from).collect::<Vec<_>>()
                })
                .collect()
        })
        .unwrap_or_default()
}

pub async fn prompt(client: &Client) -> String {
    let js = "return document.querySelector('[data-testid=console-invite]').textContent";
    client.execute(js, vec![]).await.unwrap().as_str().unwrap_or_default().to_string()
}

/// Waits (at most 15 s) until the screen satisfies `ok`; returns it.
pub async fn eventually(client: &Client, what: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        // A reload may be in progress: wait for the console first.
        if client.find(Locator::Css(INPUT)).await.is_ok() {
            let lines = screen(client).await;
            if ok(&lines) {
                return lines;
            }
            assert!(Instant::now() < deadline, "{what}: {lines:#?}");
        } else {
            assert!(Instant::now() < deadline, "{what}: no console");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (at most 30 s) until the prompt is back.
pub async fn wait_prompt(client: &Client) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while prompt(client).await != "$ " {
        assert!(Instant::now() < deadline, "the prompt never came back: {:#?}", screen(client).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn last_is(lines: &[String], text: &str) -> bool {
    lines.last().is_some_and(|l| l == text)
}

/// Waits until a screen line satisfies `ok`, typing `line` again every half second.
pub async fn until(client: &Client, line: &str, ok: impl Fn(&str) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        type_line(client, line).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let lines = screen(client).await;
        if lines.iter().any(|l| ok(l)) {
            return lines;
        }
        assert!(Instant::now() < deadline, "never seen after {line:?}: {lines:#?}");
    }
}

// ---- the course ----

/// Each step's solution lines, read from the lesson file as the page has it.
pub fn solutions(lesson: &str) -> Vec<Vec<String>> {
    let mut steps = Vec::new();
    let mut in_solution = false;
    let mut in_code = false;
    for line in lesson.lines() {
        if line.starts_with("### ") {
            in_solution = line.trim() == "### Solution";
            if in_solution {
                steps.push(Vec::new());
            }
            continue;
        }
        if in_solution && line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_solution && in_code && !line.trim().is_empty() {
            steps.last_mut().expect("a step").push(line.to_string());
        }
    }
    steps
}
