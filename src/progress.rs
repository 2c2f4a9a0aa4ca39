//! A progress line on standard error for long scans.
//!
//! The scan only bumps atomic counters ([`Counters`]); a separate thread
//! draws. Nothing is drawn for the first second, so short scans (almost
//! all of them) never show it, and nothing at all unless standard error is
//! a terminal and `--quiet` is off.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a scan runs before the progress line appears.
pub const DELAY: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(100);

/// What the scan reports while it runs.
#[derive(Debug, Default)]
pub struct Counters {
    /// Files seen by the walk (with a name kafkalint reads).
    pub files: AtomicU64,
    /// Files a front-end parsed.
    pub parsed: AtomicU64,
    /// Producers found so far.
    pub producers: AtomicU64,
}

impl Counters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// A running progress display; stops and clears itself when dropped.
pub struct Progress {
    pub counters: Arc<Counters>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the display if `enabled` (the caller checks for a terminal
    /// and `--quiet`); otherwise only the counters exist.
    pub fn start(enabled: bool) -> Progress {
        let counters = Arc::new(Counters::default());
        let done = Arc::new(AtomicBool::new(false));
        let thread = enabled.then(|| {
            let (counters, done) = (Arc::clone(&counters), Arc::clone(&done));
            std::thread::spawn(move || draw(&counters, &done))
        });
        Progress {
            counters,
            done,
            thread,
        }
    }

    /// Whether a terminal is there to draw on.
    pub fn wanted(quiet: bool) -> bool {
        use std::io::IsTerminal;
        !quiet && std::io::stderr().is_terminal()
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn draw(counters: &Counters, done: &AtomicBool) {
    let start = Instant::now();
    while start.elapsed() < DELAY {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::park_timeout(TICK);
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr())
            .with_elapsed(start.elapsed());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} scanning: {msg} [{elapsed}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    while !done.load(Ordering::Relaxed) {
        // Setting the message redraws (indicatif limits the rate).
        bar.set_message(message(counters));
        std::thread::park_timeout(TICK);
    }
    bar.finish_and_clear();
}

/// `12,345 files, 321 parsed, 17 producers`.
pub fn message(c: &Counters) -> String {
    format!(
        "{} files, {} parsed, {} producers",
        thousands(c.files.load(Ordering::Relaxed)),
        thousands(c.parsed.load(Ordering::Relaxed)),
        thousands(c.producers.load(Ordering::Relaxed)),
    )
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_well() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        let c = Counters::default();
        Counters::add(&c.files, 12_345);
        Counters::add(&c.producers, 3);
        assert_eq!(message(&c), "12,345 files, 0 parsed, 3 producers");
    }

    #[test]
    fn a_short_scan_draws_nothing_and_stops_at_once() {
        let t = Instant::now();
        drop(Progress::start(true));
        assert!(t.elapsed() < DELAY);
    }
}
