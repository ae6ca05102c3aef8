//! Test hooks: a deterministic fault at a named point of a run, chosen by
//! `DAFU_TEST_FAULT=POINT` (the process aborts there, as if killed with
//! `kill -9`: nothing is cleaned up) or `DAFU_TEST_FAULT=fail@POINT` (the
//! step fails with an error, as a full disk would make it). Without the
//! variable nothing happens. Tests use it to crash or fail at an exact step
//! instead of racing the clock.
//!
//! Points: `publish:N`, the Nth step of swapping a rebuilt index in
//! ([`crate::index::commit::publish`]); `commit-prepared`, after a batch's
//! segments are written and before the commit naming them.

use anyhow::{Result, bail};

/// Abort or fail here if `DAFU_TEST_FAULT` names `point`.
pub fn at(point: &str) -> Result<()> {
    let Some(spec) = std::env::var_os("DAFU_TEST_FAULT") else {
        return Ok(());
    };
    let spec = spec.to_string_lossy();
    match spec.strip_prefix("fail@") {
        Some(name) if name == point => {
            bail!("injected failure at {point} (DAFU_TEST_FAULT)")
        }
        None if spec == point => std::process::abort(),
        _ => Ok(()),
    }
}
