//! `tapir user|grant|token|serve` end to end: passwords from standard input, usage errors with
//! exit 2, and a real server on an ephemeral loopback port answering a login and the API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::tapir;

const PASSWORD: &str = "correct horse battery staple";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs tapir with `stdin` as its standard input (not a terminal: the password is its first line).
fn tapir_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tapir");
    // tapir may stop reading (and exit) before all of an over-long input is written: a broken pipe
    // then is expected, and the exit status says what tapir made of it.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn accounts_grants_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("srv");
    let d = s(&data);
    let out = tapir_with_stdin(&["user", "add", "--data", d, "j.dupont"], &format!("{PASSWORD}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for (args, stdin, why) in [
        (vec!["user", "add", "--data", d, "j.dupont"], format!("{PASSWORD}\n"), "exists"),
        (vec!["user", "add", "--data", d, "Bob"], format!("{PASSWORD}\n"), "upper case"),
        (vec!["user", "add", "--data", d, "bob"], "short\n".to_owned(), "too short"),
        (vec!["user", "add", "--data", d, "bob"], "x".repeat(5000), "too long"),
        (vec!["user", "passwd", "--data", d, "nobody"], format!("{PASSWORD}\n"), "no such user"),
        (vec!["grant", "--data", d, "j.dupont", "op-tiger", "admin"], String::new(), "no such role"),
        (vec!["grant", "--data", d, "j.dupont", "op-tiger"], String::new(), "no role"),
        (vec!["token", "revoke", "--data", d, "j.dupont", "--name", "none"], String::new(), "no such token"),
    ] {
        let out = tapir_with_stdin(&args, &stdin);
        assert_eq!(out.status.code(), Some(2), "{why}: {}", text(&out.stderr));
    }
    assert!(tapir(&["grant", "--data", d, "j.dupont", "op-tiger", "investigator"]).status.success());
    let out = tapir(&["token", "create", "--data", d, "j.dupont", "--name", "nightly"]);
    assert!(out.status.success());
    let token = text(&out.stdout);
    assert!(token.starts_with("tapir_") && token.trim_end().len() == 70 && token.ends_with('\n'), "{token:?}");
    assert!(text(&out.stderr).contains("shown once"));

    let out = tapir(&["user", "list", "--data", d, "--json"]);
    let users: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["grants"], serde_json::json!([{ "case": "op-tiger", "role": "investigator" }]));
    assert_eq!(users[0]["tokens"], 1);
    let listed = text(&tapir(&["token", "list", "--data", d]).stdout);
    assert!(listed.contains("nightly") && !listed.contains(&token.trim()[6..]), "{listed}");
    // The password is read from standard input, never an argument: none was on the command line.
    let audit = text(&tapir(&["audit", "show", "--index", d, "--json"]).stdout);
    assert_eq!(audit.lines().count(), 3, "user_add, grant, token_create: {audit}");
    assert!(!audit.contains(PASSWORD) && !audit.contains(token.trim()));
    assert!(tapir(&["audit", "verify", "--index", d]).status.success());
    assert!(tapir(&["token", "revoke", "--data", d, "j.dupont", "--name", "nightly"]).status.success());
    assert!(tapir(&["grant", "--data", d, "--revoke", "j.dupont", "op-tiger"]).status.success());
    assert!(tapir(&["user", "disable", "--data", d, "j.dupont"]).status.success());
    assert!(text(&tapir(&["user", "list", "--data", d]).stdout).contains("disabled"));
}

/// One HTTP/1.1 exchange on a new connection; the raw response.
fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_answers_a_login_and_the_api_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("srv");
    let index = dir.path().join("case.idx");
    drop(tapir::TapirIndex::create_or_open(&index).unwrap());
    let out = tapir_with_stdin(&["user", "add", "--data", s(&data), "ana"], &format!("{PASSWORD}\n"));
    assert!(out.status.success());
    assert!(tapir(&["grant", "--data", s(&data), "ana", "op-tiger", "viewer"]).status.success());

    // Not an index, or a malformed --case: refused before listening.
    let out =
        tapir(&["serve", "--data", s(&data), "--case", &format!("op-x={}", s(dir.path())), "--bind", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("op-x"), "{}", text(&out.stderr));
    let out = tapir(&["serve", "--data", s(&data), "--case", "no-equals-sign", "--bind", "127.0.0.1:0"]);
    assert_eq!(out.status.code(), Some(2));

    let case = format!("op-tiger={}", s(&index));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(["serve", "--data", s(&data), "--case", &case, "--bind", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    // "tapir: serving op-tiger on http://127.0.0.1:PORT (Ctrl-C to stop)"
    let addr = line.split("http://").nth(1).and_then(|rest| rest.split(' ').next()).unwrap_or_else(|| {
        let _ = child.kill();
        panic!("no address in {line:?}")
    });
    let addr = addr.to_owned();

    let body = format!(r#"{{"user":"ana","password":"{PASSWORD}"}}"#);
    let login = http(
        &addr,
        &format!(
            "POST /login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let cookie =
        login.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_owned();
    let cases = http(
        &addr,
        &format!(
            "GET /api/v1/cases?q=secret HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(cases.starts_with("HTTP/1.1 200"), "{cases}");
    assert!(cases.ends_with(r#"{"cases":[{"name":"op-tiger","role":"viewer"}]}"#), "{cases}");

    // SIGTERM stops it cleanly; its log named the route and the user, not the query.
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert!(log.contains("route=/api/v1/cases") && log.contains("user=\"ana\""), "{log}");
    assert!(!log.contains("secret") && !log.contains(PASSWORD), "{log}");
    let audit = text(&tapir(&["audit", "show", "--index", s(&data), "--json"]).stdout);
    assert!(audit.contains(r#""command":"login""#) && audit.contains(r#""client":"127.0.0.1""#), "{audit}");
}
