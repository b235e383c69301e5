//! `apify-sandbox --listen 127.0.0.1:0 [--data DIR] [--seed FILE] [--token T]… [--control-token T]
//! [fault flags]`
//! Prints its base URL on the first line of stdout and serves until interrupted.

use std::io::Write;
use std::process::ExitCode;

use apify_sandbox::{FaultConfig, Sandbox, SandboxOptions, SeedFile};

const USAGE: &str =
    "usage: apify-sandbox [--listen ADDR] [--data DIR] [--seed FILE] [--token TOKEN]...
       [--control-token TOKEN] [--rate-limit SHARE] [--server-error SHARE] [--unavailable SHARE] [--latency-ms MS]
       [--drop-rate SHARE] [--drop-after-bytes N] [--fault-seed N] [--random-seed N]

Serves the Apify API v2 on ADDR (default 127.0.0.1:0, a free port on loopback) and prints its
base URL on the first line. Without --data everything is kept in a temporary folder removed on
exit. --token adds a full-access token for the account sandbox-user (repeatable); tokens are kept
in memory only, never written to DIR. With --control-token, faults can also be changed while
running: GET/PUT /_sandbox/faults with 'Authorization: Bearer TOKEN'; without it there are no
control routes. Only requests whose Host is the listening address are answered.";

fn parse(args: Vec<String>) -> Result<SandboxOptions, String> {
    let mut options = SandboxOptions {
        tokens: Vec::new(),
        ..SandboxOptions::default()
    };
    let mut faults = FaultConfig::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |value: &str| {
            value
                .parse::<f64>()
                .map_err(|_| format!("{flag}: '{value}' is not a number"))
        };
        let whole = |value: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: '{value}' is not a whole number"))
        };
        match flag.as_str() {
            "--listen" => {
                options.listen = value.parse().map_err(|_| {
                    format!("--listen: '{value}' is not an address like 127.0.0.1:0")
                })?
            }
            "--data" => options.data = Some(value.into()),
            "--seed" => {
                let text =
                    std::fs::read_to_string(&value).map_err(|e| format!("--seed {value}: {e}"))?;
                options.seed = serde_json::from_str::<SeedFile>(&text)
                    .map_err(|e| format!("--seed {value}: {e}"))?;
            }
            "--token" => options.tokens.push(value),
            "--control-token" => options.control_token = Some(value),
            "--rate-limit" => faults.rate_limit = number(&value)?,
            "--server-error" => faults.server_error = number(&value)?,
            "--unavailable" => faults.unavailable = number(&value)?,
            "--latency-ms" => faults.latency_ms = whole(&value)?,
            "--drop-rate" => faults.drop_rate = number(&value)?,
            "--drop-after-bytes" => faults.drop_after_bytes = whole(&value)?,
            "--fault-seed" => faults.seed = whole(&value)?,
            "--random-seed" => options.random_seed = whole(&value)?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    options.faults = faults;
    Ok(options)
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("apify-sandbox: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start_with(options).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("apify-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.base_url());
    let _ = std::io::stdout().flush();
    stopped().await;
    match sandbox.stop() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("apify-sandbox: could not save the last state: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C, or SIGTERM from whoever started the sandbox (Greenroom, a test, a service manager).
async fn stopped() {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
