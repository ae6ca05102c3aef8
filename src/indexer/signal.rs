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

/// Tests only: with `VAR=FILE` in the environment (`DAFU_TEST_PAUSE_IN_MERGE`:
/// once the final merge of a fresh build has started), create FILE and
/// wait until the run is interrupted.
pub fn test_pause(var: &str) {
    let Some(marker) = std::env::var_os(var) else {
        return;
    };
    let _ = std::fs::write(&marker, b"");
    while !interrupted() {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Tests only: with `DAFU_TEST_PAUSE_AFTER_WALK=FILE`, once the walk has
/// listed the files and before any is read, create FILE and wait until
/// the test deletes it (to change a file between the two, at a known point).
pub fn test_pause_after_walk() {
    let Some(marker) = std::env::var_os("DAFU_TEST_PAUSE_AFTER_WALK") else {
        return;
    };
    let _ = std::fs::write(&marker, b"");
    while std::path::Path::new(&marker).exists() {
        std::thread::sleep(Duration::from_millis(5));
    }
}
