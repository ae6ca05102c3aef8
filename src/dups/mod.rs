//! Duplicate replies: the same reply republished by several portals, with
//! their own page chrome, digit width and line wrapping.
//!
//! - [`crate::reply::signature`]: a MinHash of a reply's body, computed
//!   when it is indexed and stored in a fast field (with the reply's other
//!   facts, so the index needs nothing from here);
//! - [`cluster`]: LSH banding, verification and union-find over signatures;
//! - [`store`]: the clusters of an open index, cached beside it;
//! - [`collapse`]: `--collapse`, one reply per cluster in search results,
//!   counts, stats and terms.

pub mod cluster;
pub mod collapse;
pub mod report;
pub mod store;

pub use crate::reply::signature::{Signature, signature};
pub use store::{DupClusters, load};
