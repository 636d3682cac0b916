//! In a real browser (headless Chromium through chromedriver, see `webdriver`), against the
//! server on a loopback port: logging in and out, the case list's grants, the keyboard, the
//! error pages, and the hostile corpus rendered as text. Screenshots of every page at 1280
//! and 1920 pixels go to `target/screenshots/` (and `docs/screenshots/` with
//! `TAPIR_UPDATE_SCREENSHOTS=1`).

use std::net::TcpListener;
use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use tapir_server::Role;
use tapir_server::http::pages::text::Shown;

use crate::hostile_corpus::{HOSTILE, LONG_LINE_CHARS};
use crate::support::{CASE, Harness, OTHER_CASE, PASSWORD};
use crate::webdriver::{Browser, ONE_BROWSER, Screenshots};

async fn log_in(browser: &Browser, user: &str, password: &str) {
    browser.wait_for("#user").await.send_keys(user).await.unwrap();
    browser.wait_for("#password").await.send_keys(password).await.unwrap();
    browser.wait_for("form[action='/login'] button[type=submit]").await.click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_login_case_list_keyboard_errors_and_logout() {
    let _one = ONE_BROWSER.lock().await;
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    let served = h.serve();
    let shots = Screenshots::new();
    let browser = Browser::start().await;

    // Not logged in: sent to the login page.
    browser.goto(&served.url("/")).await;
    browser.wait_for("#user").await;
    assert_eq!(browser.path().await, "/login");
    assert_eq!(browser.focused_id().await, "user", "the user box has the focus");
    browser.check_and_shoot(&shots, "login").await;

    // A wrong password: the login page again, with the error.
    log_in(&browser, "ana", "not the password at all").await;
    let error = browser.text_of("#login-error").await;
    assert_eq!(error, "Wrong user name or password.");
    assert_eq!(browser.path().await, "/login");
    browser.check_and_shoot(&shots, "login-error").await;

    // The right one: the case list, with the granted case and not the other.
    browser.wait_for("#user").await.clear().await.unwrap();
    log_in(&browser, "ana", PASSWORD).await;
    browser.wait_for("#cases").await;
    assert_eq!(browser.path().await, "/");
    let listed = browser.text_of("#cases tbody").await;
    assert!(listed.contains(CASE) && listed.contains("investigator"), "{listed}");
    assert!(!listed.contains(OTHER_CASE), "an ungranted case is listed: {listed}");
    assert!(browser.exists(&format!("a[href='/cases/{CASE}']")).await);
    assert!(!browser.exists(&format!("a[href='/cases/{OTHER_CASE}']")).await);
    browser.check_and_shoot(&shots, "cases").await;

    // The keyboard: `/` focuses the filter, Escape leaves it, `j` goes to the first case and
    // Enter opens it.
    browser.press('/').await;
    assert_eq!(browser.focused_id().await, "filter");
    browser.press(Key::Escape.into()).await;
    browser.press('j').await;
    let focused = browser.eval("return document.activeElement.getAttribute('href')").await;
    assert_eq!(focused.as_str(), Some(format!("/cases/{CASE}").as_str()));
    // The focus is visible: an outline drawn around the focused link.
    let outline = browser
        .eval("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]")
        .await;
    assert!(outline[0] != "none" && outline[1].as_f64().is_some_and(|w| w >= 2.0), "no visible focus: {outline}");
    browser.press(Key::Enter.into()).await;
    browser.wait_for("#role").await;
    assert_eq!(browser.path().await, format!("/cases/{CASE}"));
    assert_eq!(browser.text_of("#role").await, "investigator");
    browser.check_and_shoot(&shots, "case").await;

    // Another case's URL: the 404 page, as for a case that does not exist.
    browser.goto(&served.url(&format!("/cases/{OTHER_CASE}"))).await;
    assert_eq!(browser.text_of("#error-title").await, "Not found");
    let ungranted = browser.text_of("#error-message").await;
    browser.check_and_shoot(&shots, "not-found").await;
    browser.goto(&served.url("/cases/op-nowhere")).await;
    assert_eq!(browser.text_of("#error-message").await, ungranted);

    // A role that does not allow the page: 403; a failing page: the error page.
    browser.goto(&served.url(&format!("/probe/cases/{CASE}/audit"))).await;
    assert_eq!(browser.text_of("#error-title").await, "Not allowed");
    browser.check_and_shoot(&shots, "forbidden").await;
    browser.goto(&served.url("/probe/panic")).await;
    assert_eq!(browser.text_of("#error-title").await, "Something went wrong on the server");
    browser.check_and_shoot(&shots, "server-error").await;

    // Log out: back to the login page, and the pages are closed again.
    browser.goto(&served.url("/")).await;
    browser.wait_for("form.logout button").await.click().await.unwrap();
    browser.wait_for("#user").await;
    assert_eq!(browser.path().await, "/login");
    browser.goto(&served.url(&format!("/cases/{CASE}"))).await;
    browser.wait_for("#user").await;
    assert_eq!(browser.path().await, "/login");
    assert!(browser.dialog().await.is_none());
    browser.close().await;
}

/// Elements of the sample list that the page itself did not write.
const FOREIGN_ELEMENTS: &str = r#"
    const own = (e) =>
        (e.tagName === 'LI' && e.hasAttribute('data-item')) ||
        (e.tagName === 'A' && e.classList.contains('name') && e.getAttribute('href') === '#' + e.parentElement.id) ||
        (e.tagName === 'BDI' && e.className === 'text') ||
        (e.tagName === 'SPAN' && (e.className === 'ctl' || e.className === 'bad') && e.parentElement.tagName === 'BDI') ||
        (e.tagName === 'LABEL' && e.attributes.length === 1) ||
        (e.tagName === 'INPUT' && e.hasAttribute('data-shortcut'));
    return Array.from(document.querySelectorAll('#samples *')).filter((e) => !own(e)).map((e) => e.outerHTML.slice(0, 120));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_hostile_text_renders_as_text() {
    let _one = ONE_BROWSER.lock().await;
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer)]);
    let served = h.serve();
    // Another origin: the samples point at it; nothing may be fetched from it.
    let other = TcpListener::bind("127.0.0.1:0").unwrap();
    other.set_nonblocking(true).unwrap();
    let other_addr = other.local_addr().unwrap();
    let shots = Screenshots::new();
    let browser = Browser::start().await;

    browser.goto(&served.url("/login")).await;
    log_in(&browser, "ana", PASSWORD).await;
    browser.wait_for("#cases").await;
    browser.goto(&served.url(&format!("/probe/hostile?other={other_addr}"))).await;
    browser.wait_for("#samples").await;
    // Give an injected script, image or refresh the time to act.
    tokio::time::sleep(Duration::from_millis(500)).await;

    assert_eq!(browser.dialog().await, None, "a sample opened a dialog");
    assert_eq!(browser.path().await, "/probe/hostile", "a sample navigated away");
    let foreign = browser.eval(FOREIGN_ELEMENTS).await;
    assert_eq!(foreign, serde_json::json!([]), "elements injected by the samples");
    let scripts = browser.eval("return Array.from(document.scripts).map((s) => s.src)").await;
    let scripts = scripts.as_array().unwrap();
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(scripts[0].as_str().unwrap().starts_with(&served.url("/static/tapir.")), "{scripts:?}");

    // Every sample's text is exactly its visible form: markup as text, badges for the
    // invisible and direction-changing characters, lossy UTF-8.
    let items = crate::hostile::items(Some(&other_addr.to_string()));
    assert_eq!(items.len(), HOSTILE.len() + 6);
    for item in &items {
        let script = format!("return document.querySelector('#sample-{} bdi.text').textContent", item.name);
        let shown = browser.eval(&script).await;
        // The HTML parser makes every CR LF a LF.
        let expected = item.shown.visible().replace("\r\n", "\n");
        assert_eq!(shown.as_str(), Some(expected.as_str()), "sample {}", item.name);
    }
    let long = HOSTILE.iter().find(|s| s.name == "long-line").unwrap();
    assert_eq!(Shown::from_bytes(long.bytes).visible().chars().count(), LONG_LINE_CHARS);
    let badges = browser.eval("return document.querySelectorAll('#sample-rtl-override .ctl').length").await;
    assert_eq!(badges.as_u64(), Some(4), "RLO, PDF, RLI and PDI shown as badges");
    let invalid = browser.eval("return document.querySelectorAll('#sample-invalid-utf8 .bad').length").await;
    assert_eq!(invalid.as_u64(), Some(2), "one badge per run of invalid bytes");

    // The keyboard on a list with tag boxes: `j` to the first item, `t` to its tag box.
    browser.press('j').await;
    browser.press('t').await;
    assert_eq!(browser.focused_id().await, format!("tag-{}", HOSTILE[0].name));
    browser.press(Key::Escape.into()).await;
    browser.press('j').await;
    browser.press('k').await;
    browser.press('j').await;
    browser.press('t').await;
    assert_eq!(browser.focused_id().await, format!("tag-{}", HOSTILE[1].name));

    // The page (and its 20,000-character line) fits 1280 and 1920 pixels without scrolling
    // sideways.
    browser.check_and_shoot_at(&shots, "hostile-text", Some("#sample-entities")).await;

    // No request left for another origin: the browser's own record, and the other origin's
    // listener.
    let origin = browser.eval("return location.origin").await;
    let origin = origin.as_str().unwrap();
    let resources = browser.eval("return performance.getEntriesByType('resource').map((r) => r.name)").await;
    for resource in resources.as_array().unwrap() {
        assert!(resource.as_str().unwrap().starts_with(origin), "a request to another origin: {resource}");
    }
    match other.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("the browser connected to the other origin (from {peer})"),
        Err(e) => panic!("other origin: {e}"),
    }
    assert!(!browser.exists("#samples script").await && !browser.exists("#samples img").await);
    let _ = browser.client.find(Locator::Css("body")).await.unwrap();
    browser.close().await;
}
