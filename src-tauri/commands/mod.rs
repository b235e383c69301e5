pub mod app;
pub mod keychain;
