//! Against the real Secret Service: run through `scripts/with-keyring.sh` (the test command does).

use greenroom_core::{Keychain, KeychainStatus};
use keyring_core::api::CredentialStoreApi;

mod common;

#[test]
fn an_unlocked_keychain_passes_the_check_and_keeps_nothing_behind() {
    common::require_keychain();
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

#[test]
fn the_vault_keeps_each_profiles_token_until_it_is_forgotten() {
    use greenroom_core::accounts::vault::Vault;
    use greenroom_core::ApiToken;
    common::require_keychain();
    let vault = Vault::new(Keychain::new(format!(
        "greenroom-vault-test-{}",
        std::process::id()
    )));
    let work = ApiToken::new("apify_api_WORK0000000000000000000000000000000");
    let home = ApiToken::new("apify_api_HOME0000000000000000000000000000000");
    vault.store("work", &work).unwrap();
    vault.store("home", &home).unwrap();

    let loaded = vault.load("work").unwrap().expect("stored");
    assert_eq!(loaded.hint(), work.hint());
    assert_eq!(format!("{loaded:?}"), "***");
    assert_eq!(vault.load("home").unwrap().unwrap().hint(), home.hint());

    // Rotating replaces the token; forgetting removes it and is idempotent.
    let rotated = ApiToken::new("apify_api_ROTATED00000000000000000000000000000");
    vault.store("work", &rotated).unwrap();
    assert_eq!(vault.load("work").unwrap().unwrap().hint(), rotated.hint());
    vault.forget("work").unwrap();
    vault.forget("work").unwrap();
    assert!(vault.load("work").unwrap().is_none());
    assert!(
        vault.load("home").unwrap().is_some(),
        "forgetting one profile keeps the others"
    );
    vault.forget("home").unwrap();
}
