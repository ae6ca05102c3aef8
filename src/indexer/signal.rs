//! Stopping cleanly: the first Ctrl-C (SIGINT) or SIGTERM (from `kill`,
//! `timeout`, systemd, a container runtime) asks the indexer to commit what
//! it has and stop, exiting 130 or 143; a second signal exits at once (what
//! is committed is safe either way).

use std::sync::Once;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

use crate::exit_codes::ExitCode;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The first signal received.
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// Install the SIGINT and SIGTERM handlers (once per process; later calls
/// do nothing).
pub fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for (signal, code) in [
            (SIGINT, ExitCode::Interrupted),
            (SIGTERM, ExitCode::Terminated),
        ] {
            // In this order: a second signal finds the flag set and exits.
            let _ = flag::register_conditional_shutdown(signal, code.code(), &INTERRUPTED);
            let _ = flag::register_usize(signal, &SIGNAL, signal as usize);
            let _ = flag::register(signal, &INTERRUPTED);
        }
    });
}

/// True once SIGINT or SIGTERM was received.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// How a run stopped by a signal exits: 143 after SIGTERM, else 130.
pub fn exit_code() -> ExitCode {
    if SIGNAL.load(Ordering::SeqCst) == SIGTERM as usize {
        ExitCode::Terminated
    } else {
        ExitCode::Interrupted
    }
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
/// once a merge at the end of a run has started), create FILE and
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
