//! dafu: index and search folders of Chinese replies to proposals.
//!
//! Data flows one way: files ([`corpus`]) → decoded text → reply fields
//! ([`reply`]) and tokens ([`analysis`]) → index ([`index`], written by
//! [`indexer`]) → hits ([`query`], [`search`]) → printer ([`output`]).
//! [`commands`] glues them together for each subcommand.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod dups;
pub mod exit_codes;
pub mod export;
pub mod faults;
pub mod fields;
pub mod index;
pub mod indexer;
pub mod messages;
pub mod output;
pub mod query;
pub mod reply;
pub mod sanitize;
pub mod search;
