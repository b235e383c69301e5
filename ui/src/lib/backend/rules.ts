// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.
/** Personal API tokens are this prefix and as many letters and digits as the length says. */
export const PERSONAL_TOKEN_PREFIX = 'apify_api_';
export const PERSONAL_TOKEN_SECRET_LEN = 36;
