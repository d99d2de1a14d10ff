//! Command line: `servicebook [serve] [--data DIR] [--listen ADDR] …`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use servicebook_shared::users::Role;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "servicebook",
    version,
    about = "Servicebook: technical service management for small IT firms.",
    long_about = "Servicebook: technical service management for small IT firms.\n\n\
        One binary serves the browser app and its JSON API and keeps every record in one data \
        directory (back that directory up). With no command it runs `serve`.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API (the default).
    Serve(ServeArgs),
    /// Manage staff accounts with the server stopped (passwords are read from stdin).
    #[command(subcommand)]
    User(UserCommand),
    /// Write a backup archive of a data directory (with the server stopped;
    /// while it runs, use GET /api/admin/backup instead).
    Backup(BackupArgs),
    /// Restore a backup archive into a data directory.
    Restore(RestoreArgs),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is the first line of stdin.
    Add {
        #[arg(long)]
        username: String,
        /// A role: admin, manager, dispatcher, engineer or sales. Repeat for several.
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<Role>,
        #[arg(long, default_value = "")]
        display_name: String,
        /// A skill tag such as network, printer or ERP. Repeat for several.
        #[arg(long = "skill")]
        skills: Vec<String>,
        #[arg(
            long,
            env = "SERVICEBOOK_DATA",
            default_value = "./data",
            value_name = "DIR"
        )]
        data: PathBuf,
    },
    /// Set a user's password (the first line of stdin); ends their sessions.
    Passwd {
        #[arg(long)]
        username: String,
        #[arg(
            long,
            env = "SERVICEBOOK_DATA",
            default_value = "./data",
            value_name = "DIR"
        )]
        data: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    #[arg(
        long,
        env = "SERVICEBOOK_DATA",
        default_value = "./data",
        value_name = "DIR"
    )]
    pub data: PathBuf,
    /// The archive to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The archive to restore.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// The data directory to restore into; must be empty unless --force.
    #[arg(
        long,
        env = "SERVICEBOOK_DATA",
        default_value = "./data",
        value_name = "DIR"
    )]
    pub data: PathBuf,
    /// Replace the contents of a non-empty data directory.
    #[arg(long)]
    pub force: bool,
}

/// An http(s) origin, without a trailing slash.
fn parse_public_url(s: &str) -> Result<String, String> {
    let s = s.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("must start with http:// or https://")?;
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return Err("must name a host, e.g. https://service.example.cn".into());
    }
    Ok(s.to_owned())
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!("there is no role {s}; use admin, manager, dispatcher, engineer or sales")
    })
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Data directory: the database and attached files live here. Created if missing.
    #[arg(
        long,
        env = "SERVICEBOOK_DATA",
        default_value = "./data",
        value_name = "DIR"
    )]
    pub data: PathBuf,
    /// Address and port to listen on. Use 0.0.0.0:8080 to serve the local network.
    #[arg(
        long,
        env = "SERVICEBOOK_LISTEN",
        default_value = "127.0.0.1:8080",
        value_name = "ADDR"
    )]
    pub listen: String,
    /// How acknowledged writes reach the disk: `full` also survives a power cut; `flush` only a crash.
    #[arg(long, env = "SERVICEBOOK_DURABILITY", value_enum, default_value_t = DurabilityArg::Full)]
    pub durability: DurabilityArg,
    /// Memory for the database's page cache, in MiB.
    #[arg(long, env = "SERVICEBOOK_CACHE_MB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(8..=4096))]
    pub cache_mb: u64,
    /// The largest document upload accepted, in MiB.
    #[arg(long, env = "SERVICEBOOK_MAX_UPLOAD_MB", default_value_t = servicebook_shared::files::DEFAULT_MAX_UPLOAD_MB, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_upload_mb: u64,
    /// The address staff open the app at (e.g. `https://service.example.cn`):
    /// device labels' QR codes link there. Default: the address of the request.
    #[arg(long, env = "SERVICEBOOK_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// The reverse proxy in front of the server (e.g. `127.0.0.1`): only from
    /// it are `X-Forwarded-For` (the client's address, for sign-in limits)
    /// and `X-Forwarded-Proto` (https: Secure cookies) believed.
    #[arg(long, env = "SERVICEBOOK_TRUSTED_PROXY", value_name = "ADDR")]
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// On an empty data directory, add a small firm's demo archive (customers,
    /// devices, contracts, staff) to look around in.
    #[arg(long)]
    pub demo: bool,
    /// Also serve the metrics at `http://ADDR/metrics` without a session, for
    /// a Prometheus scraper (e.g. 127.0.0.1:9464). Without it, admins read
    /// them at /api/metrics with a session or an API token.
    #[arg(long, env = "SERVICEBOOK_METRICS_LISTEN", value_name = "ADDR")]
    pub metrics_listen: Option<String>,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "SERVICEBOOK_WORKERS", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub workers: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DurabilityArg {
    Full,
    Flush,
}

/// Parses the command line, runs the command, and turns its error into one
/// line on stderr and a non-zero exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(message) = init_logging() {
        eprintln!("servicebook: error: {message}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Some(Command::Serve(args)) => crate::serve::run(args),
        Some(Command::User(cmd)) => crate::users_cli::run(cmd),
        Some(Command::Backup(args)) => crate::backup::run_backup(args),
        Some(Command::Restore(args)) => crate::backup::run_restore(args),
        None => crate::serve::run(cli.serve),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("servicebook: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a use case of `service` (they are async: the server awaits its
/// writer thread) from the command line or from start-up code, outside the
/// server's runtime.
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    Ok(runtime.block_on(f))
}

/// Logs go to stderr: lines for people, or with `SERVICEBOOK_LOG_FORMAT=json`
/// one JSON object per line for a collector (journald forwarders, Loki,
/// Vector), the event's fields at the top level beside `timestamp`,
/// `level`, `target` and `message`.
fn init_logging() -> Result<(), String> {
    use std::io::IsTerminal;
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SERVICEBOOK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sled=warn"));
    let format = std::env::var("SERVICEBOOK_LOG_FORMAT").unwrap_or_default();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format.as_str() {
        "json" => {
            let _ = builder
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .try_init();
        }
        "" | "text" => {
            let _ = builder
                .with_target(false)
                .with_ansi(std::io::stderr().is_terminal())
                .try_init();
        }
        other => {
            return Err(format!(
                "SERVICEBOOK_LOG_FORMAT={other} is not a log format; use text or json"
            ))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_is_the_default_and_takes_the_same_flags() {
        let cli = Cli::try_parse_from([
            "servicebook",
            "--data",
            "/srv/sb",
            "--listen",
            "0.0.0.0:9000",
        ])
        .unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.serve.data, PathBuf::from("/srv/sb"));
        assert_eq!(cli.serve.listen, "0.0.0.0:9000");
        let cli = Cli::try_parse_from(["servicebook", "serve", "--durability", "flush"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Serve(ServeArgs {
                durability: DurabilityArg::Flush,
                ..
            }))
        ));
    }
}
