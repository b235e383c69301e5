//! Its own test binary, because it points the process at a bus that does not exist.

use greenroom_core::{ErrorKind, Keychain};

#[test]
fn without_a_session_bus_the_user_is_told_to_install_a_keychain_and_retry() {
    // SAFETY: the only test in this binary, and it sets the variable before any thread reads it.
    unsafe {
        std::env::set_var(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/greenroom-bus",
        )
    };

    let error = Keychain::new("greenroom-test-no-bus").check().unwrap_err();

    assert_eq!(error.kind(), ErrorKind::KeychainUnavailable);
    let message = error.to_string();
    assert!(message.contains("gnome-keyring"), "{message}");
    assert!(message.contains("Retry"), "{message}");
    assert!(error
        .detail()
        .unwrap()
        .contains("/nonexistent/greenroom-bus"));
}
