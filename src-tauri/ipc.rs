//! The `#[tauri::command]`s and the invoke handler, generated from the command list: each
//! command unpacks its arguments and calls its adapter in `commands`, so a name, an argument
//! or a result type is written once, in `command_list.rs`.

use std::collections::BTreeMap;

use greenroom_core::accounts::profiles::Profiles;
use greenroom_core::accounts::TokenCheck;
use greenroom_core::auto_export::{AutoExportChoice, AutoExportView};
use greenroom_core::compare::{CompareSpec, CompareSuggestion, Part};
use greenroom_core::datasets::export::{ExportFormat, ExportOptions};
use greenroom_core::datasets::pages::{ItemQuery, Window};
use greenroom_core::datasets::DatasetInfo;
use greenroom_core::files::chosen::Chosen;
use greenroom_core::jobs::JobView;
use greenroom_core::kv::edit::SavedRecord;
use greenroom_core::kv::trash::DeletedRecord;
use greenroom_core::kv::upload::{DroppedFile, UploadSource};
use greenroom_core::kv::view::RecordView;
use greenroom_core::kv::{KeysPage, KvStoreInfo};
use greenroom_core::queues::{QueueCounts, QueueInfo, RequestFilter, RequestFormat};
use greenroom_core::runs::actor_page::ActorPage;
use greenroom_core::runs::catalog::{Catalog, CatalogPage};
use greenroom_core::runs::history::{RunDetails, RunNow, RunRow, RunsPage};
use greenroom_core::runs::input_check::FieldProblem;
use greenroom_core::runs::tasks::{SavedTask, TaskDetails};
use greenroom_core::runs::{RunSummary, StartOptions};
use greenroom_core::schedules::zones::TimeZones;
use greenroom_core::schedules::{CronReading, ScheduleDetails, ScheduleDraft, ScheduleRow, When};
use greenroom_core::storages::{StorageKind, StoragePage};
use greenroom_core::usage::Usage;
use greenroom_core::{Account, Error, KeychainStatus};
use serde_json::Value as JsonValue;
use tauri::ipc::{Channel, Invoke};
use tauri::{AppHandle, Runtime};

use crate::commands::app::{AppInfo, Diagnostics};
use crate::commands::dialogs::SaveFilter;

macro_rules! define_commands {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty $(as $ts:literal)?),* ) -> $ret:ty;)*) => {
        $(
            #[tauri::command]
            async fn $name<R: Runtime>(app: AppHandle<R>, $($arg: $ty),*) -> Result<$ret, Error> {
                crate::commands::$module::$name(&app, $($arg),*).await
            }
        )*

        /// Routes each IPC call to its command.
        pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

crate::with_commands!(define_commands);
