//! Progress of long commands (ingest, hunt, entities, exports, gen) on standard error: on a
//! terminal a bar per phase (indicatif); otherwise, for logs, a line every few seconds with
//! the phase, work done of the total and the rate, and one when a phase so logged ends. A
//! phase shorter than the interval prints nothing. `TAPIR_PROGRESS_SECS` sets the interval
//! (default 5; 0 logs every step).

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use tapir::index::Progress;

/// Seconds between two log lines, when standard error is not a terminal.
const LOG_EVERY_SECS: f64 = 5.0;

/// Draws or logs the phases reported to it, and keeps how long each took.
pub struct Reporter {
    /// `None` on a terminal: bars instead of lines.
    log_every: Option<Duration>,
    current: Mutex<Option<Phase>>,
    timings: Mutex<Vec<(&'static str, f64)>>,
}

struct Phase {
    name: &'static str,
    total: u64,
    done: u64,
    started: Instant,
    /// When the last line was logged (the start, before the first).
    logged_at: Instant,
    logged: bool,
    bar: Option<ProgressBar>,
}

impl Default for Reporter {
    fn default() -> Self {
        let log_every = if std::io::stderr().is_terminal() {
            None
        } else {
            let secs = std::env::var("TAPIR_PROGRESS_SECS").ok().and_then(|s| s.trim().parse::<f64>().ok());
            let secs = secs.filter(|s| s.is_finite() && *s >= 0.0).unwrap_or(LOG_EVERY_SECS);
            Some(Duration::from_secs_f64(secs.min(1e9)))
        };
        Reporter { log_every, current: Mutex::new(None), timings: Mutex::new(Vec::new()) }
    }
}

impl Reporter {
    /// Each phase and its duration, for a closing summary (`hashing 0.1 s, decoding 2.0 s`).
    pub fn timings(&self) -> String {
        let t = self.timings.lock().unwrap_or_else(|p| p.into_inner());
        t.iter().map(|(name, s)| format!("{name} {s:.1} s")).collect::<Vec<_>>().join(", ")
    }

    fn close(&self, slot: &mut Option<Phase>) {
        let Some(phase) = slot.take() else { return };
        let seconds = phase.started.elapsed().as_secs_f64();
        match &phase.bar {
            Some(bar) => bar.finish_and_clear(),
            None if phase.logged => log(format_args!("{}: done, {} in {seconds:.1} s", phase.name, phase.done)),
            None => {}
        }
        self.timings.lock().unwrap_or_else(|p| p.into_inner()).push((phase.name, seconds));
    }
}

impl Progress for Reporter {
    fn phase(&self, name: &'static str, total: u64) {
        let mut slot = self.current.lock().unwrap_or_else(|p| p.into_inner());
        self.close(&mut slot);
        let bar = self.log_every.is_none().then(|| bar(total, name));
        let now = Instant::now();
        *slot = Some(Phase { name, total, done: 0, started: now, logged_at: now, logged: false, bar });
    }

    fn advance(&self, n: u64) {
        let mut slot = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let Some(phase) = slot.as_mut() else { return };
        phase.done += n;
        match (&phase.bar, self.log_every) {
            (Some(bar), _) => bar.inc(n),
            (None, Some(every)) if phase.logged_at.elapsed() >= every => {
                phase.logged_at = Instant::now();
                phase.logged = true;
                let seconds = phase.started.elapsed().as_secs_f64();
                let percent = if phase.total == 0 { 100.0 } else { phase.done as f64 * 100.0 / phase.total as f64 };
                let rate = if seconds > 0.0 { phase.done as f64 / seconds } else { 0.0 };
                log(format_args!(
                    "{}: {}/{} ({percent:.0}%), {rate:.0}/s, {seconds:.0} s",
                    phase.name, phase.done, phase.total
                ));
            }
            _ => {}
        }
    }

    fn finish(&self) {
        let mut slot = self.current.lock().unwrap_or_else(|p| p.into_inner());
        self.close(&mut slot);
    }
}

/// One progress line on stderr. Unlike `eprintln!`, a closed stderr (`2>&1 | head`) does not
/// panic: progress must never stop the work it reports on.
fn log(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "tapir: {line}");
}

/// A terminal bar for one phase.
fn bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg:>18} [{bar:40}] {human_pos}/{human_len} ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(what.to_owned());
    bar
}
