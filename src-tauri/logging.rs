//! Where the app's log lines go: a file in the app's log folder, kept for a week, and stderr.
//! Both are written from threads of their own: the file keeps every line, while stderr drops
//! lines nobody reads (a suspended terminal, a launcher that stopped reading its pipe) instead
//! of stopping the app's own threads on a full pipe.

use std::path::PathBuf;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

/// Log files kept, one a day.
const KEEP_DAYS: usize = 7;

/// Keeps the writers' threads; dropping it writes out the lines still queued.
pub struct LogGuards {
    _guards: Vec<WorkerGuard>,
}

/// The app's log folder, as Tauri's `app_log_dir` names it on Linux (`$XDG_DATA_HOME` or
/// `~/.local/share`, then the app's identifier); it is needed before Tauri starts.
pub fn log_dir() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share"))
        })?;
    Some(data.join("app.greenroom.desktop").join("logs"))
}

pub fn init_logging() -> LogGuards {
    use std::io::IsTerminal;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("warn,greenroom=info,greenroom_app=info,greenroom_core=info")
    });
    let (stderr, stderr_guard) = NonBlockingBuilder::default()
        .lossy(true)
        .finish(std::io::stderr());
    let mut guards = vec![stderr_guard];
    let file = log_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .max_log_files(KEEP_DAYS)
            .filename_prefix("greenroom")
            .filename_suffix("log")
            .build(dir)
            .ok()
    });
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal());
    match file {
        Some(file) => {
            let (file, file_guard) = NonBlockingBuilder::default().lossy(false).finish(file);
            guards.push(file_guard);
            // Colour codes belong on a terminal only; the file shares the plain format.
            subscriber
                .with_ansi(false)
                .with_writer(file.and(stderr))
                .init();
        }
        None => subscriber.with_writer(stderr).init(),
    }
    LogGuards { _guards: guards }
}
