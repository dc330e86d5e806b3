//! The reference page of QEMU 10.0.2's schema in a real browser: Debian's headless
//! `chromium`, driven through the DevTools protocol over a websocket. Keys typed into
//! the filter box (real input events, not a value set from script) narrow the entries
//! and the contents to exactly the names holding the text, ignoring case; clearing it
//! shows everything again; a parts heading goes when its part empties; a link to an
//! entry, typed as an address or clicked in the contents, lands with the entry at the
//! top of the window, even when the filter hid it; the script throws nothing; and with
//! script disabled every entry shows and the box does not.
//!
//! Without `chromium` on `PATH` the test says `SKIPPED` and passes, unless
//! `QMP_REQUIRE_CHROMIUM=1` (as CI sets) makes that a failure. `QMP_CHROMIUM_BINARY`
//! names another browser binary.

mod support;

use qmp_schema::doc_page;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::html::{parse, schema_of, selector};
use tungstenite::{Message, WebSocket};

/// Set to `1` to make a missing browser a test failure (CI sets it).
const REQUIRE_ENV: &str = "QMP_REQUIRE_CHROMIUM";
/// Names a browser binary to use instead of the `chromium` on `PATH`.
const BINARY_ENV: &str = "QMP_CHROMIUM_BINARY";
/// How long the browser may take to start, or to answer one request.
const PATIENCE: Duration = Duration::from_secs(60);

/// The browser binary, or `None` after saying why the test is skipped.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(BINARY_ENV) {
        return Some(PathBuf::from(path));
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if on_path.is_some() {
        return on_path;
    }
    let required = std::env::var(REQUIRE_ENV).is_ok_and(|value| value == "1");
    assert!(
        !required,
        "{test}: chromium is not on PATH but {REQUIRE_ENV}=1 requires it \
         (Debian: apt-get install chromium, or .ci/install-chromium)"
    );
    // The harness captures `eprintln!` of passing tests; stderr itself is always seen.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "SKIPPED {test}: chromium is not on PATH \
             (apt-get install chromium; set {REQUIRE_ENV}=1 to fail instead of skipping)\n"
        )
        .as_bytes(),
    );
    None
}

/// A headless browser, killed when dropped, so that a failing test leaves none behind.
struct Browser {
    child: Child,
    // Removed after the browser is killed (fields drop after `drop` runs).
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A page dropped before has asked the browser to close, with its helper
        // processes (renderer, GPU): give it a moment, then kill it, by its id.
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts the browser on a blank page; gives it and its DevTools websocket address.
    fn start(binary: &Path) -> (Browser, String) {
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let child = Command::new(binary)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-extensions",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--window-size=1200,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("{} starts: {error}", binary.display()));
        let mut browser = Browser {
            child,
            _profile: profile,
        };
        let stderr = browser.child.stderr.take().expect("stderr is piped");
        let (sender, receiver) = mpsc::channel();
        // Reads stderr to its end, so that the browser never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = sender.send(line[at..].trim().to_owned());
                }
            }
        });
        let address = receiver
            .recv_timeout(PATIENCE)
            .expect("the browser says where DevTools listens");
        (browser, address)
    }
}

/// A DevTools session with the browser's one page.
struct Page {
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// Exceptions the page's scripts threw, as the protocol reported them.
    exceptions: Vec<Value>,
}

impl Page {
    /// Connects to the browser and attaches to its page.
    fn attach(address: &str) -> Page {
        let authority = address
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .expect("a ws:// address");
        let stream = TcpStream::connect(authority).expect("DevTools accepts a connection");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("a read timeout");
        let (socket, _) = tungstenite::client(address, stream).expect("a websocket handshake");
        let mut page = Page {
            socket,
            session: String::new(),
            next_id: 0,
            exceptions: Vec::new(),
        };
        let targets = page.call("Target.getTargets", json!({}));
        let target = targets["targetInfos"]
            .as_array()
            .and_then(|targets| targets.iter().find(|t| t["type"] == "page"))
            .map(|target| target["targetId"].clone())
            .expect("the browser has a page");
        let attached = page.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        page.session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_owned();
        page.call("Runtime.enable", json!({}));
        page.call("Page.enable", json!({}));
        page
    }

    /// Sends a request (to the page once attached) and waits for its answer; events that
    /// arrive meanwhile are dropped, but for the page's exceptions, which are kept.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut request = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            request["sessionId"] = json!(self.session);
        }
        self.socket
            .send(Message::text(request.to_string()))
            .unwrap_or_else(|error| panic!("{method}: {error}"));
        loop {
            let message = self
                .socket
                .read()
                .unwrap_or_else(|error| panic!("{method}: no answer: {error}"));
            let Message::Text(text) = message else {
                continue;
            };
            let answer: Value = serde_json::from_str(&text).expect("DevTools sends JSON");
            if answer["method"] == "Runtime.exceptionThrown" {
                self.exceptions.push(answer["params"].clone());
            }
            if answer["id"] == id {
                assert!(answer["error"].is_null(), "{method}: {}", answer["error"]);
                return answer["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        assert!(
            result["exceptionDetails"].is_null(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Waits until an expression is true in the page.
    fn wait_for(&mut self, expression: &str) {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(start.elapsed() < PATIENCE, "still not {expression}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Opens a URL and waits until the page has loaded.
    fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_for(&format!(
            "location.href === {} && document.readyState === 'complete'",
            json!(url)
        ));
    }

    /// Types text into the focused element: one key press per character.
    fn type_keys(&mut self, text: &str) {
        for character in text.chars() {
            let key = character.to_string();
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": "keyDown", "key": key, "text": key }),
            );
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": "keyUp", "key": key }),
            );
        }
    }

    /// Presses Backspace `times` times in the focused element.
    fn backspace(&mut self, times: usize) {
        for _ in 0..times {
            for kind in ["rawKeyDown", "keyUp"] {
                self.call(
                    "Input.dispatchKeyEvent",
                    json!({ "type": kind, "key": "Backspace", "code": "Backspace",
                            "windowsVirtualKeyCode": 8, "nativeVirtualKeyCode": 8 }),
                );
            }
        }
    }

    /// Clicks the middle of the first element matching a CSS selector, after scrolling
    /// it into view, with the mouse (pressed and released).
    fn click(&mut self, css: &str) {
        let point = self.eval(&format!(
            "(() => {{ const e = document.querySelector({}); e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }})()",
            json!(css)
        ));
        let (x, y) = (point[0].clone(), point[1].clone());
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// The headings of the entries shown (laid out: not hidden by the filter).
    fn shown_entries(&mut self) -> Vec<String> {
        strings(&self.eval(
            "Array.from(document.querySelectorAll('main section'))\
             .filter(e => e.getClientRects().length > 0)\
             .map(e => e.querySelector('h2').textContent)",
        ))
    }

    /// How many contents lines are shown.
    fn shown_contents(&mut self) -> usize {
        self.eval(
            "Array.from(document.querySelectorAll('nav.contents li'))\
             .filter(e => e.getClientRects().length > 0).length",
        )
        .as_u64()
        .unwrap_or_default() as usize
    }

    /// Where the element with this id is in the window: `[top, window height]`; NaN
    /// when it is missing or not laid out (a hidden element's box is all zeros, which
    /// would pass for the top).
    fn top_of(&mut self, id: &str) -> (f64, f64) {
        let place = self.eval(&format!(
            "(() => {{ const e = document.getElementById({}); \
             return e === null || e.getClientRects().length === 0 ? null \
             : [e.getBoundingClientRect().top, innerHeight]; }})()",
            json!(id)
        ));
        let number = |value: &Value| value.as_f64().unwrap_or(f64::NAN);
        (number(&place[0]), number(&place[1]))
    }

    /// Checks that the page shows the entry with this id at the top of the window.
    fn assert_landed_on(&mut self, id: &str) {
        assert_eq!(self.eval("location.hash"), json!(format!("#{id}")));
        // Scrolling to a fragment happens after the navigation; give it a moment.
        let start = Instant::now();
        loop {
            let (top, height) = self.top_of(id);
            if (0.0..=40.0).contains(&top) && height > 0.0 {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "#{id} is at {top} px of a {height} px window"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        // Asks the browser to close with all its processes, at the end of the test or on
        // a failure; a browser that cannot is killed when its `Browser` drops.
        let request = json!({ "id": 0, "method": "Browser.close" });
        let _ = self.socket.send(Message::text(request.to_string()));
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Every entry of the page: its heading and the names its attribute gives, lowered (read
/// with html5ever, not the browser).
fn entries_of(html: &str) -> Vec<(String, Vec<String>)> {
    let page = parse(html);
    page.select(&selector("main section"))
        .map(|entry| {
            let heading = entry
                .select(&selector("h2"))
                .next()
                .map(|heading| heading.text().collect())
                .unwrap_or_default();
            let names = entry.value().attr("data-names").unwrap_or_default();
            let names = names.to_lowercase().split(' ').map(str::to_owned).collect();
            (heading, names)
        })
        .collect()
}

/// The headings of the entries whose names hold `query`, ignoring case.
fn expected(entries: &[(String, Vec<String>)], query: &str) -> Vec<String> {
    let query = query.to_lowercase();
    entries
        .iter()
        .filter(|(_, names)| names.iter().any(|name| name.contains(&query)))
        .map(|(heading, _)| heading.clone())
        .collect()
}

#[test]
fn qemu_10_0_page_filters_and_links_in_headless_chromium() {
    let test = "qemu_10_0_page_filters_and_links_in_headless_chromium";
    let Some(binary) = chromium_or_skip(test) else {
        return;
    };
    let schema = schema_of(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../events-spec/qapi/qemu-10.0.2/qapi-schema.json"),
    );
    let html = doc_page::page(&schema, "qapi-schema.json");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = folder.path().join("qemu-10.0.html");
    std::fs::write(&file, &html).expect("the page is written");
    let url = format!("file://{}", file.display());
    let entries = entries_of(&html);
    let all = expected(&entries, "");
    assert_eq!(all.len(), 936);

    let (_browser, address) = Browser::start(&binary);
    let mut page = Page::attach(&address);
    page.open(&url);

    // Everything shows, with the box the script reveals and its count.
    assert_eq!(page.shown_entries(), all);
    assert_eq!(page.shown_contents(), all.len());
    assert_eq!(
        page.eval("document.querySelector('.filter').getClientRects().length > 0"),
        json!(true)
    );
    assert_eq!(
        page.eval("document.getElementById('filter-count').textContent"),
        json!("936 entries")
    );

    // Text inserted as one input (as a paste or an input method does).
    page.eval("document.getElementById('filter').focus()");
    page.call("Input.insertText", json!({ "text": "query-block" }));
    let shown = page.shown_entries();
    assert_eq!(shown, expected(&entries, "query-block"));
    assert!(shown.contains(&"query-block".to_owned()), "{shown:?}");
    assert!(shown.contains(&"query-block-jobs".to_owned()), "{shown:?}");
    assert!(!shown.contains(&"query-status".to_owned()), "{shown:?}");
    assert_eq!(page.shown_contents(), shown.len());
    assert_eq!(
        page.eval("document.getElementById('filter-count').textContent"),
        json!(format!("{} of 936 entries", shown.len()))
    );
    // No event or type answers to `query-block`: their parts lose their headings.
    for part in ["events", "types"] {
        assert_eq!(
            page.eval(&format!(
                "document.getElementById('{part}').getClientRects().length"
            )),
            json!(0),
            "{part}"
        );
    }
    assert_eq!(
        page.eval("document.getElementById('commands').getClientRects().length > 0"),
        json!(true)
    );

    // Emptied with Backspace: everything again.
    page.backspace("query-block".len());
    assert_eq!(
        page.eval("document.getElementById('filter').value"),
        json!("")
    );
    assert_eq!(page.shown_entries(), all);

    // Typed key by key, in another case than the names: wire and Rust names both match.
    page.type_keys("socketaddr");
    let shown = page.shown_entries();
    assert_eq!(shown, expected(&entries, "socketaddr"));
    assert!(shown.contains(&"SocketAddress".to_owned()), "{shown:?}");
    page.backspace("socketaddr".len());
    page.type_keys("Event::BlockJobC");
    let shown = page.shown_entries();
    assert_eq!(shown, expected(&entries, "Event::BlockJobC"));
    assert!(
        shown.contains(&"BLOCK_JOB_COMPLETED".to_owned()),
        "{shown:?}"
    );
    page.backspace("Event::BlockJobC".len());
    page.type_keys("COMMANDS::QUERYSTATUS");
    assert_eq!(page.shown_entries(), ["query-status"]);
    page.backspace("COMMANDS::QUERYSTATUS".len());
    page.type_keys("no such name");
    assert_eq!(page.shown_entries(), Vec::<String>::new());
    assert_eq!(
        page.eval("document.getElementById('filter-count').textContent"),
        json!("0 of 936 entries")
    );
    page.backspace("no such name".len());
    assert_eq!(page.shown_entries().len(), 936);

    // A link typed as an address lands on its entry.
    page.open(&format!("{url}#query-block"));
    page.assert_landed_on("query-block");
    page.open(&format!("{url}#type-BlockInfo"));
    page.assert_landed_on("type-BlockInfo");
    page.open(&format!("{url}#BLOCK_JOB_COMPLETED"));
    page.assert_landed_on("BLOCK_JOB_COMPLETED");

    // A contents line clicked, and a "used by" link from a type back to its command.
    page.click("nav.contents a[href=\"#query-status\"]");
    page.assert_landed_on("query-status");
    page.click("section.type a[href=\"#query-block\"]");
    page.assert_landed_on("query-block");

    // A link to an entry the filter hides clears the filter and lands.
    page.eval("document.getElementById('filter').focus()");
    page.type_keys("query-status");
    assert_eq!(page.shown_entries(), ["query-status"]);
    page.click("section.command a[href=\"#type-StatusInfo\"]");
    page.assert_landed_on("type-StatusInfo");
    assert_eq!(
        page.eval("document.getElementById('filter').value"),
        json!("")
    );
    assert_eq!(page.shown_entries().len(), 936);

    assert!(page.exceptions.is_empty(), "{:?}", page.exceptions);

    // Without script: every entry shows, and no box that would do nothing.
    page.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    page.open(&format!("{url}?no-script"));
    assert_eq!(page.shown_entries(), all);
    assert_eq!(
        page.eval("document.querySelector('.filter').getClientRects().length"),
        json!(0)
    );
}
