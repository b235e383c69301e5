// As Greenroom's page does once its first screen is mounted: one call to Rust, which logs it.
window.__TAURI_INTERNALS__.invoke('first_screen');
