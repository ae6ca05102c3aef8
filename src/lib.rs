//! dafu: index and search folders of Chinese replies to proposals.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod corpus;
pub mod dict;
pub mod exit_codes;
pub mod export;
pub mod index;
pub mod indexer;
pub mod moves;
pub mod output;
pub mod query;
pub mod related;
pub mod reply;
pub mod search;
pub mod snippet;
pub mod stat_cache;
