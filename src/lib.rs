//! Dossier: import news articles into a dossier (one SQLite file), find the actors, quotes and
//! topics in them, browse, correct and export.
//!
//! # Map of the crate
//! Data flows one way: file -> [`import`] -> [`extract`] -> [`store`] -> views and [`export`].
//!
//! | module | layer | may do |
//! |---|---|---|
//! | [`model`] | plain data | nothing but hold data |
//! | [`import`] | pure | bytes in, [`model::Article`] out; no IO |
//! | [`extract`] | pure, cannot fail | article in, [`model::Analysis`] out |
//! | [`query`] | pure | a search box query -> a safe full-text query |
//! | [`export`] | pure | summary rows in, Markdown / HTML / JSON / CSV out to `impl Write` |
//! | [`store`] | IO | the only module with SQL; migrations, transactions, queries |
//! | [`pipeline`] | IO | paths -> import -> extract -> store, with progress and cancel |
//! | [`export_file`] | IO | summary -> chosen format -> file, written atomically |
//! | [`cli`] | front end | the command line |
//! | [`terminal`] | front end | command-line output that never panics and shows control characters |
//! | `app` | front end | the only module that uses egui, eframe or rfd |

pub mod cli;
pub mod export;
pub mod export_file;
pub mod extract;
pub mod import;
pub mod model;
pub mod pipeline;
pub mod query;
pub mod store;
pub mod terminal;

#[cfg(feature = "gui")]
pub mod app;
