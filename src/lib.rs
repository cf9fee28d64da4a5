//! tighten: an offline linter for the security configuration of AWS serverless applications.
//!
//! The pipeline: [`syntax`] loads bytes into a span-preserving tree, [`formats`] recognizes the
//! AWS shape and extracts the typed [`model`], [`rules`] visit the model and yield findings,
//! [`report`] renders them.

pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod discover;
pub mod formats;
pub mod lint;
pub mod model;
pub mod report;
pub mod rules;
pub mod suppress;
pub mod syntax;
