//! The server's configuration: flags, each with its `B2B_*` variable.

use clap::{Parser, ValueEnum};
use std::net::SocketAddr;

/// The b2b HTTP JSON API server.
///
/// Every flag can also be set by the environment variable named in its
/// help. The log level comes from `RUST_LOG` (default `info`); an
/// administrator's token of one's own from `B2B_ADMIN_TOKEN`.
#[derive(Debug, Parser)]
#[command(name = "b2b-server", version, about, long_about)]
pub struct Cli {
    /// The address and port to listen on; port 0 takes a free port (the
    /// address listened on is printed).
    #[arg(long, env = "B2B_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The database: the path of a SQLite file (created if missing; a
    /// `sqlite://` prefix is allowed).
    #[arg(long, env = "B2B_DATABASE_URL", default_value = "./b2b-server.sqlite")]
    pub database: String,
    /// How many read connections the store keeps open.
    #[arg(long, env = "B2B_READERS", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub readers: u16,
    /// The largest request body read, in bytes.
    #[arg(long, env = "B2B_BODY_LIMIT", default_value_t = 16 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1..=(1 << 40)))]
    pub body_limit: u64,
    /// How long a request may take, in seconds, before it is answered 503.
    #[arg(long, env = "B2B_REQUEST_TIMEOUT", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub request_timeout: u64,
    /// How log lines are written to standard error.
    #[arg(long, env = "B2B_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file.
    Sqlite(std::path::PathBuf),
}

impl Database {
    /// The database `--database` names.
    ///
    /// # Errors
    ///
    /// A message for a PostgreSQL URL (not supported yet) or a URL of any
    /// other scheme.
    pub fn parse(given: &str) -> Result<Database, String> {
        let lower = given.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Err(
                "--database: PostgreSQL is not supported yet (issue 12); give the path of a SQLite file"
                    .to_owned(),
            );
        }
        let path = match given.get(..9) {
            Some(prefix) if prefix.eq_ignore_ascii_case("sqlite://") => &given[9..],
            _ => given,
        };
        if path.is_empty() {
            return Err("--database: give the path of a SQLite file".to_owned());
        }
        let url_scheme = path
            .split_once("://")
            .map(|(scheme, _)| scheme)
            .filter(|scheme| {
                !scheme.is_empty()
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            });
        if let Some(scheme) = url_scheme {
            return Err(format!(
                "--database: {scheme}:// databases are not supported; give the path of a SQLite file"
            ));
        }
        Ok(Database::Sqlite(path.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::Database;
    use clap::CommandFactory;

    #[test]
    fn the_flags_are_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn databases() {
        assert_eq!(
            Database::parse("./b2b-server.sqlite"),
            Ok(Database::Sqlite("./b2b-server.sqlite".into()))
        );
        assert_eq!(
            Database::parse("sqlite:///var/lib/b2b.sqlite"),
            Ok(Database::Sqlite("/var/lib/b2b.sqlite".into()))
        );
        let postgres = Database::parse("postgres://b2b@localhost/b2b").expect_err("not yet");
        assert!(
            postgres.contains("PostgreSQL is not supported yet (issue 12)"),
            "{postgres}"
        );
        assert!(Database::parse("PostgreSQL://x").is_err());
        assert!(Database::parse("mysql://x").is_err());
        assert!(Database::parse("").is_err());
        assert!(Database::parse("sqlite://").is_err());
    }
}
