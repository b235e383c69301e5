//! Everything Greenroom does, with no Tauri in it: the app's commands are thin calls into this
//! crate, so it can be tested and benchmarked on its own.

mod backoff;
mod byte_masks;
pub mod error;
pub mod export;
mod item_boundaries;
pub mod keychain;
pub mod pages;
mod partial_file;
pub mod profiles;
pub mod records;
pub mod runs;
pub mod secret;
pub mod session;
pub mod vault;

pub use error::{Error, ErrorKind, IpcError};
pub use keychain::{Keychain, KeychainStatus};
pub use secret::ApiToken;
pub use session::{Account, RetryPolicy, Session};

/// The API server a new profile talks to unless the user picks another (e.g. the local sandbox).
pub const APIFY_API_BASE_URL: &str = "https://api.apify.com";
