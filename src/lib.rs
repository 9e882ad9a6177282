//! asana-agent-connector: Asana for AI agents and apps in every JavaScript runtime.
//!
//! The core (everything but `wasm`) is synchronous and pure: `call::Engine` takes a call and
//! the events of its exchanges and answers what to do next (send, wait, call a hook, finish).
//! The JS driver in `pkg/driver.js` performs those effects; native tests drive the same
//! engine step by step with no executor and no real time.

pub mod backends;
pub mod call;
pub mod catalog;
pub mod config;
pub mod error;
pub mod http;
pub mod mcp;
pub mod params;
pub mod redact;
pub mod request;
pub mod response;
pub mod tools;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use call::{CallId, Engine, Event, Hook, JobWait, Outcome, Pick, Step, Task, ToolTask};
pub use config::Config;
pub use error::{AsanaError, ErrorCode};
pub use http::{Answer, Body, Facts, HttpRequest, Kind, Read};
