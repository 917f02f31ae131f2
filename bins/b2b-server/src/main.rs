//! `b2b-server`: the HTTP JSON API over the b2b crates.
//!
//! Glue only: read the configuration, open the store, make sure an
//! administrator's token exists, serve `b2b_http::app::app` until SIGTERM
//! or SIGINT, then let in-flight requests finish and the store commit what
//! is queued. Standard output carries two kinds of line, for people and
//! scripts: the administrator's token (once, on first start) and
//! `listening on ADDR`; logs go to standard error.
//!
//! Exit codes: 0 after a clean shutdown, 2 for bad arguments or
//! configuration, 1 for any other failure (the database cannot be opened,
//! the address is taken).

mod cli;

use b2b_http::{AppState, Config};
use b2b_store::SharedSqlite;
use clap::Parser;
use cli::{Cli, Database, LogFormat};
use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::LevelFilter;

// The server allocates much (JSON in and out, one small object per field):
// glibc's allocator spent a third of the CPU time under load, mimalloc a
// fraction of that (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The variable holding an administrator's token of one's own.
const ADMIN_TOKEN_VARIABLE: &str = "B2B_ADMIN_TOKEN";

/// How long shutdown waits for requests still running beyond the request
/// timeout (a streamed answer, a slow client) before it stops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Why the server stopped or did not start, which decides the exit code.
#[derive(Debug)]
enum Failure {
    /// Bad arguments or configuration: exit code 2.
    Config(String),
    /// Anything else: exit code 1.
    Runtime(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(message) = init_logs(cli.log_format) {
        note(&format!("error: {message}"));
        return ExitCode::from(2);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let (message, code) = match failure {
                Failure::Config(message) => (message, 2),
                Failure::Runtime(message) => (message, 1),
            };
            tracing::error!("{message}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let Database::Sqlite(path) = Database::parse(&cli.database).map_err(Failure::Config)?;
    let admin_token = admin_token_from_env()?;
    if let Some(token) = &admin_token {
        b2b_http::auth::check_form(token).map_err(|e| match e {
            b2b_http::ApiError::BadRequest(message) => {
                Failure::Config(format!("{ADMIN_TOKEN_VARIABLE}: {message}"))
            }
            other => Failure::Config(other.to_string()),
        })?;
    }
    let body_limit = usize::try_from(cli.body_limit)
        .map_err(|_| Failure::Config(format!("--body-limit: {} is too large", cli.body_limit)))?;
    let request_timeout = Duration::from_secs(cli.request_timeout);

    // Bound before anything is written, so a taken port changes nothing.
    let listener = TcpListener::bind(cli.listen)
        .map_err(|e| Failure::Runtime(format!("cannot listen on {}: {e}", cli.listen)))?;
    let address = listener
        .local_addr()
        .map_err(|e| Failure::Runtime(format!("cannot read the address listened on: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure::Runtime(format!("cannot listen on {address}: {e}")))?;

    // Store work runs here, before the runtime exists, and later only on
    // its blocking threads.
    let readers = usize::from(cli.readers);
    let db = SharedSqlite::open(&path, readers).map_err(|e| {
        Failure::Runtime(format!("cannot open the database {}: {e}", path.display()))
    })?;
    tracing::info!(database = %path.display(), readers, "store open");
    let made = b2b_http::auth::bootstrap_admin(&db, admin_token.as_deref()).map_err(|e| {
        db.shutdown();
        match e {
            b2b_http::ApiError::BadRequest(message) => {
                Failure::Config(format!("{ADMIN_TOKEN_VARIABLE}: {message}"))
            }
            other => Failure::Runtime(format!("cannot make the administrator's token: {other}")),
        }
    })?;
    if let Some(token) = made {
        say(&format!("admin token (shown once, keep it): {token}")).map_err(|e| {
            db.shutdown();
            Failure::Runtime(format!(
                "cannot print the new administrator's token ({e}); it is stored but lost: \
                 restart with {ADMIN_TOKEN_VARIABLE} set to a token of your own"
            ))
        })?;
        tracing::info!("made the administrator's token (printed once on standard output)");
    }

    let app = b2b_http::app::app(AppState::new(
        db.clone(),
        Config::new(body_limit, request_timeout),
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("cannot start the async runtime: {e}")))?;
    let served = runtime.block_on(serve(listener, address, app, db.clone(), request_timeout));
    // Whatever happened, commit what is queued before leaving (serve has
    // done so after a clean stop; then this does nothing).
    db.shutdown();
    // Requests cut off after the grace period are dropped with the runtime.
    runtime.shutdown_timeout(Duration::from_secs(1));
    tracing::info!("stopped; the store is closed");
    served
}

/// Serves until SIGTERM or SIGINT, then until in-flight requests finish
/// (at most the request timeout and a grace period), then closes the
/// store off the runtime's threads.
async fn serve(
    listener: TcpListener,
    address: std::net::SocketAddr,
    app: axum::Router,
    db: SharedSqlite,
    request_timeout: Duration,
) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|e| Failure::Runtime(format!("cannot listen on {address}: {e}")))?;
    let signal = shutdown_signal()?;
    let (stopping, stop) = tokio::sync::watch::channel(false);
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let signal = signal.await;
        tracing::info!(
            signal,
            "shutting down: no new connections, finishing requests"
        );
        let _ = stopping.send(true);
    });
    tracing::info!("listening on {address}");
    say(&format!("listening on {address}")).unwrap_or_else(|e| {
        tracing::warn!("cannot print the address listened on to standard output: {e}");
    });

    let mut server = std::pin::pin!(server.into_future());
    let mut stop = stop;
    let served = tokio::select! {
        served = &mut server => served,
        // Once asked to stop, in-flight requests get their timeout and a
        // grace period; then they are dropped (a dropped write is either
        // committed or not, never half).
        () = async {
            let _ = stop.wait_for(|stopping| *stopping).await;
            tokio::time::sleep(request_timeout + SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still running after the grace period were stopped");
            Ok(())
        }
    };
    served.map_err(|e| Failure::Runtime(format!("the server failed: {e}")))?;
    tokio::task::spawn_blocking(move || db.shutdown())
        .await
        .map_err(|e| Failure::Runtime(format!("closing the store failed: {e}")))
}

/// Listens for SIGTERM and SIGINT (Ctrl-C) at once, so that a signal
/// sent as soon as the address is printed is not lost; the future ends
/// with the first and names it.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl Future<Output = &'static str>, Failure> {
    use tokio::signal::unix::{SignalKind, signal};
    let listen = |kind: SignalKind, name: &str| {
        signal(kind).map_err(|e| Failure::Runtime(format!("cannot listen for {name}: {e}")))
    };
    let mut terminate = listen(SignalKind::terminate(), "SIGTERM")?;
    let mut interrupt = listen(SignalKind::interrupt(), "SIGINT")?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        }
    })
}

/// Ctrl-C, where there are no Unix signals.
#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl Future<Output = &'static str>, Failure> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            Err(e) => {
                tracing::error!("cannot wait for Ctrl-C: {e}");
                std::future::pending().await
            }
        }
    })
}

/// `B2B_ADMIN_TOKEN`, if set and not empty.
fn admin_token_from_env() -> Result<Option<String>, Failure> {
    match std::env::var(ADMIN_TOKEN_VARIABLE) {
        Ok(token) if token.trim().is_empty() => Ok(None),
        Ok(token) => Ok(Some(token.trim().to_owned())),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Config(format!(
            "{ADMIN_TOKEN_VARIABLE} is not text"
        ))),
    }
}

/// Logs to standard error, at the level `RUST_LOG` names (default `info`).
fn init_logs(format: LogFormat) -> Result<(), String> {
    let filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .from_env()
        .map_err(|e| format!("RUST_LOG: {e}"))?;
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let installed = match format {
        LogFormat::Text => logs.try_init(),
        LogFormat::Json => logs.json().try_init(),
    };
    installed.map_err(|e| format!("cannot start logging: {e}"))
}

/// Writes a line to standard output and flushes it.
fn say(line: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()
}

/// Writes a line to standard error; a closed standard error is ignored
/// (there is nowhere left to say so, and the exit code still tells).
fn note(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}").and_then(|()| err.flush());
}
