//! Panics, as users see them: never the default message and backtrace.
//!
//! The library turns a panic inside the search engine (damaged index files) into an "index
//! damaged" error; any other panic is a bug. Either way the default hook's message, pointing
//! into a dependency's source, says nothing to an investigator and must not interleave with
//! the error tapir prints. The hook keeps the message instead; a panic that reaches `main`
//! becomes an internal error (exit 1) quoting it. With `RUST_BACKTRACE` set the default
//! hook stays, for developers.

use std::sync::Mutex;

static LAST: Mutex<Option<String>> = Mutex::new(None);

/// Installs the quiet hook (unless `RUST_BACKTRACE` is set).
pub fn install_quiet_hook() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        *LAST.lock().unwrap_or_else(|p| p.into_inner()) = Some(format!("{message}{location}"));
    }));
}

/// Runs the command; a panic that escapes it is an internal error quoting the panic.
pub fn catch(run: impl FnOnce() -> crate::exit::Outcome) -> crate::exit::Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
        let last = LAST.lock().unwrap_or_else(|p| p.into_inner()).take();
        Err(anyhow::anyhow!(
            "internal error (a bug in tapir, please report it): {}",
            last.as_deref().unwrap_or("panic")
        ))
    })
}
