//! The keychain failures a user can meet on Linux, each made real: the test runs itself again
//! inside a private D-Bus session set up to fail in that way, with its own XDG folders so the
//! user's keyrings are never touched.

use std::process::Command;

use greenroom_core::{ErrorKind, Keychain};

/// A session bus that activates no services: no Secret Service exists on it.
const BUS_WITHOUT_SERVICES: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Runs `test` of this binary inside `dbus-run-session` (with `extra` arguments), in mode `mode`.
fn rerun_inside_bus(test: &str, mode: &str, extra: &[&str]) -> bool {
    if Command::new("dbus-run-session")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have dbus-run-session"
        );
        eprintln!("skipped: no dbus-run-session");
        return false;
    }
    let scratch = tempfile::tempdir().unwrap();
    let config = scratch.path().join("bus.conf");
    std::fs::write(&config, BUS_WITHOUT_SERVICES).unwrap();
    for folder in ["data", "run", "config"] {
        std::fs::create_dir(scratch.path().join(folder)).unwrap();
    }
    let mut command = Command::new("dbus-run-session");
    for argument in extra {
        command.arg(argument.replace("{config}", config.to_str().unwrap()));
    }
    let status = command
        .arg("--")
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("GREENROOM_KEYCHAIN_FAILURE", mode)
        .env("XDG_DATA_HOME", scratch.path().join("data"))
        .env("XDG_RUNTIME_DIR", scratch.path().join("run"))
        .env("XDG_CONFIG_HOME", scratch.path().join("config"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("GNOME_KEYRING_CONTROL")
        .status()
        .unwrap();
    assert!(status.success(), "the test inside the private bus failed");
    true
}

#[test]
fn without_a_secret_service_the_user_is_told_to_install_gnome_keyring() {
    if std::env::var("GREENROOM_KEYCHAIN_FAILURE").as_deref() != Ok("no-service") {
        rerun_inside_bus(
            "without_a_secret_service_the_user_is_told_to_install_gnome_keyring",
            "no-service",
            &["--config-file={config}"],
        );
        return;
    }
    let error = Keychain::new("greenroom-test-no-service")
        .check()
        .unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::KeychainUnavailable,
        "{error}: {:?}",
        error.detail()
    );
    assert!(error.to_string().contains("gnome-keyring"));
    assert!(
        error.detail().unwrap().contains("org.freedesktop.secrets"),
        "{:?}",
        error.detail()
    );
}

#[test]
fn a_keyring_never_unlocked_asks_the_user_to_unlock_it() {
    if std::env::var("GREENROOM_KEYCHAIN_FAILURE").as_deref() != Ok("locked") {
        // A plain private bus: asking for the Secret Service starts gnome-keyring, whose
        // keyring was never unlocked and which has no display to ask for a password.
        rerun_inside_bus(
            "a_keyring_never_unlocked_asks_the_user_to_unlock_it",
            "locked",
            &[],
        );
        return;
    }
    let error = Keychain::new("greenroom-test-locked").check().unwrap_err();
    assert_eq!(
        error.kind(),
        ErrorKind::KeychainLocked,
        "{error}: {:?}",
        error.detail()
    );
    assert!(error.to_string().contains("unlock"));
}
