//! Against the real Secret Service: run through `scripts/with-keyring.sh` (the test command does).

use greenroom_core::{Keychain, KeychainStatus};
use keyring_core::api::CredentialStoreApi;

fn keychain_expected() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run these tests inside scripts/with-keyring.sh"
    );
    eprintln!("skipped: no session bus; run through scripts/with-keyring.sh");
    false
}

#[test]
fn an_unlocked_keychain_passes_the_check_and_keeps_nothing_behind() {
    if !keychain_expected() {
        return;
    }
    let service = format!("greenroom-test-{}", std::process::id());
    let keychain = Keychain::new(&service);

    let status = keychain
        .check()
        .expect("the unlocked test keychain should pass the check");
    assert_eq!(
        status,
        KeychainStatus {
            store_name: "Secret Service (GNOME Keyring or KWallet)".into()
        }
    );

    let store = zbus_secret_service_keyring_store::Store::new().unwrap();
    let leftover = store
        .build(&service, "greenroom-keychain-check", None)
        .unwrap();
    assert!(matches!(
        leftover.get_password(),
        Err(keyring_core::Error::NoEntry)
    ));
}
