pub mod app;
pub mod auth;
pub mod keychain;
pub mod sandbox;
