//! Served for real on an ephemeral loopback port: plain HTTP, and HTTPS with a self-signed
//! certificate made here (rcgen), spoken to by a rustls client that trusts only it.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use tapir_server::http::{AppState, HttpConfig, app};
use tapir_server::serve::{TlsFiles, serve};
use tapir_server::store::{Store, StoreConfig};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_rustls::rustls;

use crate::support::{Harness, PASSWORD};

/// Writes a request, reads until the server closes: the raw response.
async fn exchange(mut stream: impl AsyncRead + AsyncWrite + Unpin, request: &str) -> String {
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    // A peer closing without TLS close_notify is an error after the bytes have arrived.
    let _ = stream.read_to_end(&mut response).await;
    String::from_utf8_lossy(&response).into_owned()
}

fn login_request() -> String {
    let body = format!(r#"{{"user":"ana","password":"{PASSWORD}"}}"#);
    format!(
        "POST /login HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Serves a fresh harness's store and cases on 127.0.0.1:0; returns the address and a stopper.
fn start(
    h: &Harness,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let store = Store::open_with(&h.data_dir(), Arc::new(h.clock.clone()), StoreConfig::default()).unwrap();
    let state = AppState::new(
        store,
        tapir_server::cases::CaseRegistry::new(),
        HttpConfig { tls: tls.is_some(), ..HttpConfig::default() },
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve(listener, app(state), tls, async {
        let _ = stopped.await;
    }));
    (addr, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_serves_and_sees_the_peer_address() {
    let h = Harness::new();
    h.user("ana", &[]);
    let (addr, stop) = start(&h, None);
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let response = exchange(tcp, &login_request()).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("set-cookie: tapir_session="), "{response}");
    assert!(!response.to_ascii_lowercase().contains("secure"), "no Secure cookie without TLS: {response}");
    let login = h.store().audit().log().records().unwrap().into_iter().find(|r| r.command == "login").unwrap();
    assert_eq!(login.arguments.text("client"), Some("127.0.0.1"), "the real peer, from the connection");
    stop.send(()).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_serves_with_a_secure_host_cookie_and_hsts() {
    let h = Harness::new();
    h.user("ana", &[]);
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let cert = h.dir.path().join("cert.pem");
    let key = h.dir.path().join("key.pem");
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    let config = TlsFiles { cert: cert.clone(), key: key.clone() }.load().await.unwrap();
    let (addr, stop) = start(&h, Some(config));

    let mut roots = rustls::RootCertStore::empty();
    roots.add(certified.cert.der().clone()).unwrap();
    let client = Arc::new(rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth());
    let connect = || async {
        let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
        tokio_rustls::TlsConnector::from(client.clone()).connect(name, tcp).await
    };
    let page =
        exchange(connect().await.unwrap(), "GET /login HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("strict-transport-security: max-age=31536000"), "{page}");
    assert!(page.contains("content-security-policy: default-src 'self'"), "{page}");
    let login = exchange(connect().await.unwrap(), &login_request()).await;
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    let cookie = login.lines().find(|l| l.starts_with("set-cookie:")).unwrap();
    assert!(cookie.starts_with("set-cookie: __Host-tapir_session=") && cookie.contains("; Secure"), "{cookie}");

    // Plain HTTP on the TLS port gets no answer a browser would take.
    let plain =
        exchange(tokio::net::TcpStream::connect(addr).await.unwrap(), "GET /login HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(!plain.starts_with("HTTP/1.1 200"), "{plain}");
    stop.send(()).unwrap();

    // A key that is not the certificate's, or a missing file, is an error naming them.
    let other = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    std::fs::write(&key, other.signing_key.serialize_pem()).unwrap();
    let err = TlsFiles { cert: cert.clone(), key: key.clone() }.load().await.err().map(|e| e.to_string());
    // rustls checks the pair when configured; either way no server starts on a wrong pair.
    if let Some(err) = err {
        assert!(err.contains("cert.pem") && err.contains("key.pem"), "{err}");
    }
    let missing = TlsFiles { cert: h.dir.path().join("none.pem"), key }.load().await.unwrap_err().to_string();
    assert!(missing.contains("none.pem"), "{missing}");
}
