//! The real `b2b-server` binary, started on a free loopback port with a
//! database in a temporary directory, and an HTTP client to call it.
//!
//! A [`Server`] kills its process when dropped, so a failing test leaves
//! nothing running; a [`TempDir`] removes itself.

#![allow(dead_code)] // each test file uses a part

use reqwest::Method;
use reqwest::blocking::Client;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long a server may take to start or to stop.
const PATIENCE: Duration = Duration::from_secs(30);

/// The variables the server reads: cleared for every start, so the
/// caller's environment never changes a test.
const SERVER_VARIABLES: [&str; 8] = [
    "B2B_LISTEN",
    "B2B_DATABASE_URL",
    "B2B_READERS",
    "B2B_BODY_LIMIT",
    "B2B_REQUEST_TIMEOUT",
    "B2B_LOG_FORMAT",
    "B2B_ADMIN_TOKEN",
    "RUST_LOG",
];

/// A directory of its own under the system's temporary directory.
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new empty directory named after the test.
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("b2b-server-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        TempDir(dir)
    }

    /// A path inside it.
    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary under test, with the given arguments and variables and
/// nothing else of the caller's configuration.
pub fn command(args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_b2b-server"));
    for name in SERVER_VARIABLES {
        command.env_remove(name);
    }
    command.args(args).envs(vars.iter().copied());
    command
}

/// Runs the binary to its end: its exit status and standard error. For
/// configurations that must not start.
pub fn run_to_exit(args: &[&str], vars: &[(&str, &str)]) -> (ExitStatus, String) {
    let mut child = command(args, vars)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the server's status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server was expected to exit but kept running");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        std::io::Read::read_to_string(&mut pipe, &mut stderr).expect("the server's stderr");
    }
    (status, stderr)
}

/// A running server.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The administrator's token the server printed, if it printed one.
    pub printed_token: Option<String>,
    /// Every line the server wrote to standard output up to `listening on`.
    pub stdout: Vec<String>,
    log: PathBuf,
    client: Client,
}

impl Server {
    /// Starts the server on a free loopback port over the database `db`,
    /// its logs in `log`; returns once it listens.
    pub fn start(db: &Path, log: &Path) -> Server {
        Server::start_with(db, log, &[], &[])
    }

    /// Starts the server over `dir`'s database `db.sqlite`, logging to
    /// its `server.log`.
    pub fn start_in(dir: &TempDir) -> Server {
        Server::start(&dir.join("db.sqlite"), &dir.join("server.log"))
    }

    /// The administrator's token printed by a first start.
    pub fn admin(&self) -> String {
        self.printed_token
            .clone()
            .expect("a first start prints the administrator's token")
    }

    /// The administrator creates organisation `org` and a token for it
    /// with `scopes`, which puts up the bundled center `rhein-plant`.
    pub fn organisation_with_center(&self, org: &str, scopes: &[&str]) -> String {
        let admin = self.admin();
        self.create_organisation(&admin, org, &["buyer"]);
        let token = self.issue_token(&admin, org, scopes);
        let put = self.send(
            Method::PUT,
            "/v1/buying/centers/rhein-plant",
            Some(&token),
            Some(&rhein_plant()),
            &[],
        );
        assert_eq!(put.status, 201, "{}", put.text);
        token
    }

    /// As [`Server::start`], with more arguments and variables.
    pub fn start_with(db: &Path, log: &Path, args: &[&str], vars: &[(&str, &str)]) -> Server {
        let db = db.to_str().expect("a UTF-8 temporary path");
        let mut all = vec!["--listen", "127.0.0.1:0", "--database", db];
        all.extend_from_slice(args);
        let log_file = File::options()
            .create(true)
            .append(true)
            .open(log)
            .expect("the log file");
        let mut child = command(&all, vars)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let client = Client::builder()
            .timeout(PATIENCE)
            .no_proxy()
            .build()
            .expect("an HTTP client");
        let mut server = Server {
            child,
            address: String::new(),
            printed_token: None,
            stdout: Vec::new(),
            log: log.to_owned(),
            client,
        };
        server.wait_listening(&received);
        server
    }

    fn wait_listening(&mut self, lines: &Receiver<String>) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(token) = line.strip_prefix("admin token (shown once, keep it): ") {
                        self.printed_token = Some(token.to_owned());
                    }
                    let listening = line.strip_prefix("listening on ").map(str::to_owned);
                    self.stdout.push(line);
                    if let Some(address) = listening {
                        self.address = address;
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "the server did not listen in time; its log:\n{}",
                        self.logs()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().expect("the server's status");
                    panic!(
                        "the server stopped before it listened ({status}); its log:\n{}",
                        self.logs()
                    )
                }
            }
        }
    }

    /// What the server has logged so far.
    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The client every call uses (it may be cloned into threads).
    pub fn client(&self) -> Client {
        self.client.clone()
    }

    /// `http://127.0.0.1:PORT/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends SIGTERM and waits for the exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -TERM failed");
        self.wait_exit()
    }

    /// Kills the process at once (SIGKILL: no shutdown at all).
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("the server's status") {
                return status;
            }
            if Instant::now() > deadline {
                self.kill9();
                panic!("the server did not stop in time; its log:\n{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `GET path` with an optional bearer token.
    pub fn get(&self, path: &str, token: Option<&str>) -> Answer {
        call(&self.client, &self.url(path), Method::GET, token, None, &[])
            .expect("the server answers")
    }

    /// `method path` with a JSON body and extra headers.
    pub fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        call(&self.client, &self.url(path), method, token, body, headers)
            .expect("the server answers")
    }

    /// `POST path` with a JSON body.
    pub fn post(&self, path: &str, token: &str, body: &Value) -> Answer {
        self.send(Method::POST, path, Some(token), Some(body), &[])
    }

    /// The administrator creates organisation `id` with `roles`.
    pub fn create_organisation(&self, admin: &str, id: &str, roles: &[&str]) {
        let answer = self.post(
            "/v1/organisations",
            admin,
            &json!({"id": id, "name": format!("Organisation {id}"), "roles": roles}),
        );
        assert_eq!(answer.status, 201, "create {id}: {}", answer.text);
    }

    /// The administrator issues a token for `org` with `scopes`.
    pub fn issue_token(&self, admin: &str, org: &str, scopes: &[&str]) -> String {
        let answer = self.post(
            &format!("/v1/organisations/{org}/tokens"),
            admin,
            &json!({"label": "tests", "scopes": scopes}),
        );
        assert_eq!(answer.status, 201, "token for {org}: {}", answer.text);
        answer.json()["token"]
            .as_str()
            .expect("the issued token")
            .to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// One answer, read whole.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub text: String,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// A header as text ("" if absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    }

    /// Whether this is an RFC 9457 problem with `status`.
    pub fn is_problem(&self, status: u16) -> bool {
        self.status == status
            && self
                .header("content-type")
                .starts_with("application/problem+json")
            && self.json()["status"] == status
    }
}

/// One call; `Err` when no answer came (connection refused or cut).
pub fn call(
    client: &Client,
    url: &str,
    method: Method,
    token: Option<&str>,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Result<Answer, reqwest::Error> {
    let mut request = client.request(method, url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send()?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text()?;
    Ok(Answer {
        status,
        headers,
        text,
    })
}

/// A small seeded generator (xorshift64*), so a failing run can be
/// repeated with the same moments and choices.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound
    }
}

/// A file of the repository as text.
pub fn repo_file(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The bundled buying center and policy, as `PUT /v1/buying/centers/rhein-plant` takes them.
pub fn rhein_plant() -> Value {
    json!({
        "center": repo_file("examples/buying/center.toml"),
        "policy": repo_file("examples/buying/policy.toml"),
    })
}

/// A request for the bundled center, opened by anna.
pub fn new_request(title: &str, amount: &str, buy_class: &str) -> Value {
    json!({
        "center": "rhein-plant", "actor": "anna", "at": "2026-11-02T09:00:00Z",
        "title": title, "amount": {"amount": amount, "currency": "EUR"},
        "category": "spare-parts", "buy_class": buy_class, "supplier": "Hebetech GmbH",
    })
}
