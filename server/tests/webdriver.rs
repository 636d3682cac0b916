//! A real browser for the browser tests: Debian's Chromium, headless, driven through its
//! chromedriver (WebDriver) by fantoccini. Nothing is downloaded: both come from
//! `apt-get install chromium chromium-driver` (`.ci/run` installs them). A missing browser
//! or driver fails the test; it is never skipped.
//!
//! `TAPIR_CHROMIUM` and `TAPIR_CHROMEDRIVER` override the paths (`/usr/bin/chromium`,
//! `/usr/bin/chromedriver`).

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The browser tests run one at a time: each starts its own Chromium, and the machine's
/// cores are shared.
pub static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long a page may take to appear.
pub const WAIT: Duration = Duration::from_secs(20);

/// The widths every page is checked (and photographed) at.
pub const WIDTHS: [u32; 2] = [1280, 1920];
const HEIGHT: u32 = 900;

fn tool(variable: &str, default: &str, package: &str) -> PathBuf {
    let path = std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from);
    assert!(
        path.is_file(),
        "{} not found: the browser tests need Debian's `{package}` (apt-get install -y chromium chromium-driver), \
         or {variable} set to it",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// chromedriver and the Chromium it drives; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

impl Browser {
    pub async fn start() -> Browser {
        let chromium = tool("TAPIR_CHROMIUM", "/usr/bin/chromium", "chromium");
        let chromedriver = tool("TAPIR_CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
        let profile = tempfile::tempdir().expect("a profile directory");
        let port = free_port();
        let mut driver = Command::new(&chromedriver)
            // Its own process group, with the Chromium it starts: ended together (`Drop`).
            .process_group(0)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!("{} exited at start: {status}", chromedriver.display());
            }
            if started.elapsed() > WAIT {
                end(&mut driver);
                panic!("{} did not listen on {addr}", chromedriver.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let args = [
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--hide-scrollbars".to_owned(),
            format!("--window-size={},{HEIGHT}", WIDTHS[0]),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!("an object") };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://{addr}"))
            .await
            .unwrap_or_else(|e| {
                end(&mut driver);
                panic!("chromedriver could not start {}: {e}", chromium.display())
            });
        Browser { client, driver, _profile: profile }
    }

    /// Ends the session (Chromium exits), then the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // `Drop` ends the driver's process group.
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("goto {url}: {e}"));
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.expect("the current URL").path().to_owned()
    }

    /// Waits for an element to appear (after a navigation).
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on {url}: {e}"))
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.wait_for(css).await.text().await.unwrap_or_else(|e| panic!("text of {css}: {e}"))
    }

    pub async fn exists(&self, css: &str) -> bool {
        match self.client.find(Locator::Css(css)).await {
            Ok(_) => true,
            Err(e) if e.is_no_such_element() => false,
            Err(e) => panic!("find {css}: {e}"),
        }
    }

    /// Runs a script in the page and returns its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script {script}: {e}"))
    }

    /// Presses one key on whatever has the focus, as a user would.
    pub async fn press(&self, key: char) {
        let keys = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(keys).await.unwrap_or_else(|e| panic!("press {key:?}: {e}"));
    }

    /// The id of the focused element ("" when it has none).
    pub async fn focused_id(&self) -> String {
        self.eval("return document.activeElement ? document.activeElement.id : ''")
            .await
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    /// Whether a dialog (alert, confirm, prompt) is open.
    pub async fn dialog(&self) -> Option<String> {
        match self.client.get_alert_text().await {
            Ok(text) => Some(text),
            Err(e) if e.is_no_such_alert() => None,
            Err(e) => panic!("alert check: {e}"),
        }
    }

    pub async fn set_width(&self, width: u32) {
        self.client.set_window_size(width, HEIGHT).await.unwrap_or_else(|e| panic!("window width {width}: {e}"));
    }

    /// At each of [`WIDTHS`]: the page does not scroll sideways (readable without it), and
    /// a screenshot `NAME-WIDTH.png` of it. Back at the first width afterwards.
    pub async fn check_and_shoot(&self, shots: &Screenshots, name: &str) {
        self.check_and_shoot_at(shots, name, None).await;
    }

    /// The same, the element `top` (a CSS selector) scrolled to the top of the window first.
    pub async fn check_and_shoot_at(&self, shots: &Screenshots, name: &str, top: Option<&str>) {
        for width in WIDTHS {
            self.set_width(width).await;
            if let Some(top) = top {
                let script = format!("document.querySelector('{top}').scrollIntoView({{block: 'start'}})");
                self.eval(&script).await;
            }
            let overflow = self
                .eval("const e = document.documentElement; return [e.scrollWidth, e.clientWidth, window.innerWidth];")
                .await;
            let [scroll, client, inner] = [0, 1, 2].map(|i| overflow[i].as_u64().unwrap_or(u64::MAX));
            assert!(scroll <= client, "{name} at {width}px scrolls sideways: {scroll} > {client} (inner {inner})");
            let png = self.client.screenshot().await.unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
            shots.save(&format!("{name}-{width}.png"), &png);
        }
        self.set_width(WIDTHS[0]).await;
    }
}

impl Drop for Browser {
    /// Ends chromedriver and whatever it started (its process group), also when a test fails
    /// half-way.
    fn drop(&mut self) {
        end(&mut self.driver);
    }
}

/// Kills chromedriver's process group (the driver and the Chromium it started), then reaps it.
fn end(driver: &mut Child) {
    let group = format!("-{}", driver.id());
    let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Where screenshots go: `target/screenshots/` always; also `docs/screenshots/` (the ones
/// committed and shown in the README) when `TAPIR_UPDATE_SCREENSHOTS=1`.
pub struct Screenshots {
    dirs: Vec<PathBuf>,
}

impl Screenshots {
    pub fn new() -> Screenshots {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_owned();
        let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace.join("target"), PathBuf::from);
        let mut dirs = vec![target.join("screenshots")];
        if std::env::var("TAPIR_UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
            dirs.push(workspace.join("docs").join("screenshots"));
        }
        for dir in &dirs {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        Screenshots { dirs }
    }

    pub fn save(&self, file: &str, png: &[u8]) {
        assert!(png.starts_with(b"\x89PNG"), "{file} is not a PNG");
        for dir in &self.dirs {
            let path = dir.join(file);
            std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
