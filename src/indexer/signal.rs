//! Stopping cleanly: the first Ctrl-C asks the indexer to commit what it
//! has and stop; the second exits at once (what is committed is safe
//! either way).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::exit_codes::ExitCode;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Install the Ctrl-C handler (once per process; later calls do nothing).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(ExitCode::Interrupted.code());
        }
    });
}

/// True once Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Tests only: with `DAFU_TEST_PAUSE_AFTER_COMMIT=FILE`, the first batch
/// commit of a run creates FILE and then waits, holding the write lock,
/// until the run is interrupted. Tests then act at a known point instead of
/// racing the clock.
pub fn test_pause_after_commit() {
    static PAUSED: AtomicBool = AtomicBool::new(false);
    let Some(marker) = std::env::var_os("DAFU_TEST_PAUSE_AFTER_COMMIT") else {
        return;
    };
    if PAUSED.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = std::fs::write(&marker, b"");
    while !interrupted() {
        std::thread::sleep(Duration::from_millis(5));
    }
}
