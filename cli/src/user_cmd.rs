//! `tapir user`, `tapir grant` and `tapir token`: administration of the case server's
//! accounts, roles and API tokens, on its data directory (`tapir serve --data DIR`). Passwords
//! come from a terminal prompt (without echo) or, when standard input is not a terminal, from
//! its first line: never from an argument, which other users of the machine could read.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use tapir_server::password::MAX_PASSWORD_BYTES;
use tapir_server::{Role, Store, StoreError};
use zeroize::Zeroizing;

use crate::exit::{self, Outcome, UsageError};

/// Manage the case server's user accounts.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  tapir user add --data srv j.dupont\n  \
    printf '%s\\n' \"$PW\" | tapir user passwd --data srv j.dupont\n  tapir user list --data srv --json")]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(clap::Subcommand)]
pub enum UserCommand {
    /// Create an account (asks for its password).
    #[command(after_help = "Examples:\n  tapir user add --data srv j.dupont\n  \
        printf '%s\\n' \"$PW\" | tapir user add --data srv j.dupont   # password from a pipe")]
    Add(UserName),
    /// Set a new password (asks for it); the user's sessions end.
    #[command(after_help = "Example:\n  tapir user passwd --data srv j.dupont")]
    Passwd(UserName),
    /// Disable an account: its sessions end and its tokens stop working.
    #[command(after_help = "Example:\n  tapir user disable --data srv j.dupont")]
    Disable(UserName),
    /// Enable a disabled account again.
    #[command(after_help = "Example:\n  tapir user enable --data srv j.dupont")]
    Enable(UserName),
    /// List the accounts with their grants and live tokens and sessions.
    #[command(after_help = "Examples:\n  tapir user list --data srv\n  tapir user list --data srv --json")]
    List {
        #[command(flatten)]
        data: DataArg,
        /// One JSON object per account and line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct DataArg {
    /// The server's data directory (its database and audit trail).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
}

#[derive(clap::Args)]
pub struct UserName {
    #[command(flatten)]
    data: DataArg,
    /// Lower-case letters, digits, '.', '_' or '-' (at most 64).
    user: String,
}

/// Give a user a role on a case (viewer, investigator or lead), or take it back.
#[derive(clap::Args)]
#[command(after_help = "Roles: viewer reads; investigator also annotates and reviews findings; lead also reads \
    the audit trail, exports and manages the case's annotations.\n\nExamples:\n  \
    tapir grant --data srv j.dupont op-tiger investigator\n  tapir grant --data srv --revoke j.dupont op-tiger")]
pub struct GrantArgs {
    #[command(flatten)]
    data: DataArg,
    /// Remove the user's grant on the case instead.
    #[arg(long)]
    revoke: bool,
    /// The user's account name.
    user: String,
    /// The case's name, as given to `tapir serve --case NAME=DIR`.
    case: String,
    /// The role to give: viewer, investigator or lead.
    #[arg(required_unless_present = "revoke", value_parser = ["viewer", "investigator", "lead"])]
    role: Option<String>,
}

/// Create, revoke or list API tokens (Bearer tokens for scripts on /api/v1).
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  TOKEN=$(tapir token create --data srv j.dupont --name nightly)\n  \
    curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/cases\n  \
    tapir token revoke --data srv j.dupont --name nightly")]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(clap::Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it (once: only its hash is kept).
    #[command(after_help = "Example:\n  TOKEN=$(tapir token create --data srv j.dupont --name nightly)")]
    Create {
        #[command(flatten)]
        data: DataArg,
        /// The account the token acts for.
        user: String,
        /// A name for the token, unique per user (to revoke it by).
        #[arg(long, default_value = "default")]
        name: String,
    },
    /// Revoke a user's token by name: requests bearing it are refused from now on.
    #[command(after_help = "Example:\n  tapir token revoke --data srv j.dupont --name nightly")]
    Revoke {
        #[command(flatten)]
        data: DataArg,
        /// The account the token belongs to.
        user: String,
        /// The token's name, as given at creation.
        #[arg(long)]
        name: String,
    },
    /// List tokens (never their secrets), of one user or of all.
    #[command(after_help = "Examples:\n  tapir token list --data srv\n  tapir token list --data srv j.dupont --json")]
    List {
        #[command(flatten)]
        data: DataArg,
        /// Only this account's tokens.
        user: Option<String>,
        /// One JSON object per token and line.
        #[arg(long)]
        json: bool,
    },
}

/// A store error: the user's to fix (exit 2) or not (exit 1).
fn store_error(err: StoreError) -> anyhow::Error {
    if err.is_usage() { UsageError(err.to_string()).into() } else { err.into() }
}

fn open(data: &Path) -> anyhow::Result<Store> {
    Store::open(data).map_err(store_error)
}

pub fn run_user(args: UserArgs) -> Outcome {
    match args.command {
        UserCommand::Add(u) => {
            let store = open(&u.data.data)?;
            // Checked before asking for a password.
            tapir_server::names::check(tapir_server::names::NameKind::User, &u.user).map_err(store_error)?;
            let password = read_password(true)?;
            store.add_user(&u.user, &password).map_err(store_error)?;
            println!("added user {}", u.user);
        }
        UserCommand::Passwd(u) => {
            let store = open(&u.data.data)?;
            let password = read_password(true)?;
            store.set_password(&u.user, &password).map_err(store_error)?;
            println!("password of {} changed; its sessions ended", u.user);
        }
        UserCommand::Disable(u) => {
            open(&u.data.data)?.set_disabled(&u.user, true).map_err(store_error)?;
            println!("disabled user {}", u.user);
        }
        UserCommand::Enable(u) => {
            open(&u.data.data)?.set_disabled(&u.user, false).map_err(store_error)?;
            println!("enabled user {}", u.user);
        }
        UserCommand::List { data, json } => {
            let users = open(&data.data)?.users().map_err(store_error)?;
            print_listing(&users, json, "no users", |out, users| {
                writeln!(
                    out,
                    "{:<24} {:<8} {:<24} {:>6} {:>8}  grants",
                    "user", "state", "created", "tokens", "sessions"
                )?;
                for u in users {
                    let grants: Vec<String> = u.grants.iter().map(|g| format!("{}:{}", g.case, g.role)).collect();
                    let state = if u.disabled { "disabled" } else { "enabled" };
                    let (name, created, tokens, sessions) = (&u.name, &u.created, u.tokens, u.sessions);
                    writeln!(
                        out,
                        "{name:<24} {state:<8} {created:<24} {tokens:>6} {sessions:>8}  {}",
                        grants.join(" ")
                    )?;
                }
                Ok(())
            })?;
        }
    }
    Ok(exit::OK)
}

pub fn run_grant(args: GrantArgs) -> Outcome {
    let store = open(&args.data.data)?;
    match (args.revoke, args.role) {
        (true, _) => {
            store.revoke_grant(&args.user, &args.case).map_err(store_error)?;
            println!("revoked the grant of {} on {}", args.user, args.case);
        }
        (false, Some(role)) => {
            let role: Role = role.parse().map_err(|e: tapir_server::roles::UnknownRole| UsageError(e.to_string()))?;
            store.grant(&args.user, &args.case, role).map_err(store_error)?;
            println!("granted {role} on {} to {}", args.case, args.user);
        }
        (false, None) => return Err(UsageError("a role is needed: viewer, investigator or lead".into()).into()),
    }
    Ok(exit::OK)
}

pub fn run_token(args: TokenArgs) -> Outcome {
    match args.command {
        TokenCommand::Create { data, user, name } => {
            let token = open(&data.data)?.create_token(&user, &name).map_err(store_error)?;
            eprintln!("tapir: token {name:?} of {user}: shown once, only its hash is kept");
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", token.as_str())?;
            out.flush()?;
        }
        TokenCommand::Revoke { data, user, name } => {
            open(&data.data)?.revoke_token(&user, &name).map_err(store_error)?;
            println!("revoked token {name:?} of {user}");
        }
        TokenCommand::List { data, user, json } => {
            let tokens = open(&data.data)?.tokens(user.as_deref()).map_err(store_error)?;
            print_listing(&tokens, json, "no tokens", |out, tokens| {
                writeln!(out, "{:<24} {:<24} {:<24} {:<24} revoked", "user", "token", "created", "last used")?;
                for t in tokens {
                    let last = t.last_used.as_deref().unwrap_or("-");
                    let revoked = t.revoked.as_deref().unwrap_or("-");
                    writeln!(out, "{:<24} {:<24} {:<24} {:<24} {}", t.user, t.name, t.created, last, revoked)?;
                }
                Ok(())
            })?;
        }
    }
    Ok(exit::OK)
}

/// Prints a listing: one JSON object a line, or `none` when empty, or the table.
fn print_listing<T: serde::Serialize>(
    items: &[T],
    json: bool,
    none: &str,
    table: impl FnOnce(&mut dyn Write, &[T]) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        for item in items {
            serde_json::to_writer(&mut out, item)?;
            writeln!(out)?;
        }
    } else if items.is_empty() {
        writeln!(out, "{none}")?;
    } else {
        table(&mut out, items)?;
    }
    out.flush()?;
    Ok(())
}

/// The password: prompted (twice, to confirm, when `confirm`) on a terminal, else the first
/// line of standard input.
fn read_password(confirm: bool) -> anyhow::Result<Zeroizing<String>> {
    if std::io::stdin().is_terminal() {
        let password = Zeroizing::new(rpassword::prompt_password("Password: ")?);
        if confirm {
            let again = Zeroizing::new(rpassword::prompt_password("Password (again): ")?);
            if *again != *password {
                return Err(UsageError("the two passwords differ".into()).into());
            }
        }
        return Ok(password);
    }
    // One line, bounded: a password longer than the limit is refused, not read to the end.
    let mut line = Zeroizing::new(Vec::new());
    std::io::stdin().lock().take(MAX_PASSWORD_BYTES as u64 + 3).read_until(b'\n', &mut line)?;
    let text = line.strip_suffix(b"\n").map(|l| l.strip_suffix(b"\r").unwrap_or(l)).unwrap_or(&line);
    if text.len() > MAX_PASSWORD_BYTES {
        return Err(UsageError(format!("password refused: at most {MAX_PASSWORD_BYTES} bytes")).into());
    }
    let text = std::str::from_utf8(text).map_err(|_| UsageError("the password is not valid UTF-8".into()))?;
    Ok(Zeroizing::new(text.to_owned()))
}
