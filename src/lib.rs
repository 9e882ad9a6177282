//! asana-agent-connector: Asana for AI agents and apps in every JavaScript runtime.
//!
//! The pure-Rust core (everything but `wasm`) validates, builds requests, shapes results and
//! maps errors; it reaches the network only through the `Transport` trait, so native tests
//! drive it without JS. The `wasm` module binds it to the global `fetch` for JS.

pub mod auth;
pub mod catalog;
pub mod config;
pub mod connector;
pub mod describe;
pub mod error;
pub mod hosted;
pub mod mcp;
pub mod params;
pub mod policy;
pub mod request;
pub mod response;
pub mod tools;
pub mod transport;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::Config;
pub use connector::{Connector, Outcome};
pub use error::{AsanaError, ErrorCode};
pub use transport::{Callbacks, HttpRequest, HttpResponse, RenewedTokens, StreamResponse, Transport, TransportError};
