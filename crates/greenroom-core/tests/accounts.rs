//! The profiles' rules against the real Secret Service (run through `scripts/with-keyring.sh`,
//! as the test command does) and real sandboxes over HTTP.

mod common;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_sandbox::{Sandbox, SandboxOptions, SeedFile, SeedToken, SeedUser, SANDBOX_TOKEN};
use greenroom_core::accounts::keychain::Keychain;
use greenroom_core::accounts::local_sandbox::LocalSandbox;
use greenroom_core::accounts::profile_store::{ProfileFile, ProfileStore};
use greenroom_core::accounts::profiles::Profiles;
use greenroom_core::accounts::vault::Vault;
use greenroom_core::accounts::Accounts;
use greenroom_core::{ApiServers, ApiToken, Error, ErrorKind, RetryPolicy, Session};

const OTHER_TOKEN: &str = "apify_api_OTHER0000000000000000000000000000000";

/// A profile store that takes its time, as a slow disk does: without serialized changes, two
/// quick actions would both load before either saved, and one write would be lost.
#[derive(Default)]
struct SlowStore {
    profiles: Mutex<Profiles>,
}

impl ProfileStore for SlowStore {
    fn load(&self) -> Result<Profiles, Error> {
        let profiles = self.profiles.lock().unwrap().clone();
        std::thread::sleep(Duration::from_millis(20));
        Ok(profiles)
    }

    fn save(&self, profiles: &Profiles) -> Result<(), Error> {
        *self.profiles.lock().unwrap() = profiles.clone();
        Ok(())
    }
}

struct Setup {
    accounts: Arc<Accounts>,
    vault: Vault,
    _dir: tempfile::TempDir,
}

/// Accounts whose default server is `server` (as `GREENROOM_API_BASE_URL` makes it in the
/// end-to-end tests), with a keychain service of its own.
fn setup(store: Option<Box<dyn ProfileStore>>, server: &str, lifetime: Option<Duration>) -> Setup {
    common::require_keychain();
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let service = format!(
        "greenroom-accounts-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store.unwrap_or_else(|| Box::new(ProfileFile::new(dir.path().join("p.json"))));
    let mut accounts = Accounts::new(
        store,
        Vault::new(Keychain::new(&service)),
        ApiServers::with_default(server).unwrap(),
        LocalSandbox::new(dir.path().join("sandbox")),
    );
    if let Some(lifetime) = lifetime {
        accounts = accounts.with_pending_lifetime(lifetime);
    }
    Setup {
        accounts: Arc::new(accounts),
        vault: Vault::new(Keychain::new(&service)),
        _dir: dir,
    }
}

async fn check(accounts: &Arc<Accounts>, token: &str) {
    accounts
        .check_token(ApiToken::new(token), None)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn quick_changes_one_after_another_never_lose_a_write() {
    let sandbox = Sandbox::start().await.unwrap();
    let Setup { accounts, .. } = setup(
        Some(Box::new(SlowStore::default())),
        sandbox.base_url(),
        None,
    );
    let mut ids = Vec::new();
    for n in 0..8 {
        check(&accounts, SANDBOX_TOKEN).await;
        let profiles = accounts.save_pending(&format!("p{n}")).await.unwrap();
        ids.push(profiles.active.unwrap());
    }

    let renames: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let (accounts, id) = (accounts.clone(), id.clone());
            tokio::spawn(async move { accounts.rename(&id, &format!("renamed {n}")).await })
        })
        .collect();
    for rename in renames {
        rename.await.unwrap().unwrap();
    }
    let profiles = accounts.profiles().await.unwrap();
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(profiles.require(id).unwrap().name, format!("renamed {n}"));
    }

    let sign_outs: Vec<_> = ids
        .iter()
        .map(|id| {
            let (accounts, id) = (accounts.clone(), id.clone());
            tokio::spawn(async move { accounts.sign_out(&id).await })
        })
        .collect();
    for sign_out in sign_outs {
        sign_out.await.unwrap().unwrap();
    }
    assert_eq!(accounts.profiles().await.unwrap().profiles, vec![]);
}

#[tokio::test]
async fn a_checked_token_is_wiped_on_cancel_and_after_its_lifetime() {
    let sandbox = Sandbox::start().await.unwrap();
    let Setup { accounts, .. } = setup(None, sandbox.base_url(), Some(Duration::from_millis(300)));
    check(&accounts, SANDBOX_TOKEN).await;
    assert!(accounts.has_pending());
    accounts.forget_pending();
    assert_eq!(
        accounts.save_pending("x").await.unwrap_err().kind(),
        ErrorKind::MissingToken
    );

    check(&accounts, SANDBOX_TOKEN).await;
    assert!(accounts.has_pending());
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!accounts.has_pending(), "the timer did not wipe the token");
}

#[tokio::test]
async fn the_page_cannot_send_a_token_to_a_server_of_its_choosing() {
    let sandbox = Sandbox::start().await.unwrap();
    let other = Sandbox::start().await.unwrap();
    let Setup { accounts, .. } = setup(None, sandbox.base_url(), None);
    for server in [
        other.base_url(),
        "http://evil.example.com",
        "http://127.0.0.1:9",
    ] {
        let error = accounts
            .check_token(ApiToken::new(SANDBOX_TOKEN), Some(server))
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ServerNotAllowed, "{server}");
    }
    assert!(!accounts.has_pending());
    // The default server, named by the page or not, is fine.
    accounts
        .check_token(ApiToken::new(SANDBOX_TOKEN), Some(sandbox.base_url()))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_replacement_must_open_the_same_account_on_the_profiles_own_server() {
    let seed = SeedFile {
        users: vec![SeedUser {
            username: "other-user".into(),
            plan: None,
        }],
        tokens: vec![SeedToken {
            token: OTHER_TOKEN.into(),
            username: "other-user".into(),
            scope: None,
        }],
        ..SeedFile::default()
    };
    let home = Sandbox::start_with(SandboxOptions {
        seed,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let Setup { accounts, .. } = setup(None, home.base_url(), None);
    check(&accounts, SANDBOX_TOKEN).await;
    let work = accounts.save_pending("Work").await.unwrap().active.unwrap();

    check(&accounts, OTHER_TOKEN).await;
    let error = accounts.replace_token(&work).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::WrongAccount);
    assert!(error.to_string().contains("other-user, not sandbox-user"));

    // The in-app sandbox is another server: a token checked on the default server may not
    // replace its profile's, even for an account of the same id.
    let sandbox = accounts.try_without_account().await.unwrap();
    let sandbox_id = sandbox.active.clone().unwrap();
    check(&accounts, SANDBOX_TOKEN).await;
    let error = accounts.replace_token(&sandbox_id).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    let sandbox_url = &sandbox.require(&sandbox_id).unwrap().api_base_url;
    assert!(error.to_string().contains(sandbox_url.as_str()), "{error}");

    accounts.replace_token(&work).await.unwrap();
    accounts.sign_out(&work).await.unwrap();
    accounts.sign_out(&sandbox_id).await.unwrap();
}

#[tokio::test]
async fn signing_out_of_the_sandbox_revokes_its_token_and_trying_again_works() {
    let Setup {
        accounts,
        vault,
        _dir: dir,
    } = setup(None, "https://api.apify.com", None);
    let profiles = accounts.try_without_account().await.unwrap();
    let first = profiles.active().unwrap().clone();
    assert_eq!(
        accounts.test(&first.id).await.unwrap().username,
        "sandbox-user"
    );
    let token = vault.load(&first.id).unwrap().unwrap();
    // Few retries: a refused connection is the expected answer once the token is revoked.
    let quick = RetryPolicy {
        max_retries: 1,
        first_delay: Duration::from_millis(10),
    };
    let session = Session::with_retries(&first.api_base_url, token.clone(), quick).unwrap();
    session.account().await.unwrap();

    // No file of the sandbox's data folder holds the token.
    let files = common::files_below(&dir.path().join("sandbox"));
    assert!(files.iter().any(|f| f.ends_with("state.json")), "{files:?}");
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert_eq!(
            token.redact(&text),
            text,
            "{} holds the token",
            file.display()
        );
    }

    accounts.sign_out(&first.id).await.unwrap();
    assert!(
        session.account().await.is_err(),
        "the signed-out token still works"
    );

    let again = accounts.try_without_account().await.unwrap();
    let second = again.active().unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(
        accounts.test(&second.id).await.unwrap().username,
        "sandbox-user"
    );
    accounts.sign_out(&second.id).await.unwrap();
}

/// Two installs' bundled sandboxes give their storages different ids (and so different
/// URL-signing keys): they grow from the OS's random source, not from a fixed seed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bundled_sandbox_has_ids_of_its_own() {
    use greenroom_core::storages::{self, StorageKind};
    let mut ids = Vec::new();
    for _ in 0..2 {
        let folder = tempfile::tempdir().unwrap();
        let sandbox = LocalSandbox::new(folder.path().join("sandbox"));
        let token = ApiToken::generate().unwrap();
        let base_url = sandbox.ensure_running(&token).await.unwrap();
        let session = Session::new(&base_url, token).unwrap();
        let page = storages::list(&session, StorageKind::KeyValueStore, "", 0, 10)
            .await
            .unwrap();
        let demo = page
            .rows
            .iter()
            .find(|row| row.name.as_deref() == Some("demo-files"));
        ids.push(demo.expect("the demo store").id.clone());
        sandbox.stop().await.unwrap();
    }
    assert_ne!(ids[0], ids[1], "two installs made the same ids");
}
