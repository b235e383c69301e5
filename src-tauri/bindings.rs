//! The TypeScript the UI imports, generated from Rust and committed: every type that crosses
//! IPC (ts-rs, into `bindings/`), the typed map of every command (`commands.ts`, from the
//! command list) and the token rule's constants (`rules.ts`). `cargo test` fails when a
//! committed file is stale or a stale one is left over; `UPDATE_BINDINGS=1 cargo test -p
//! greenroom bindings` rewrites them.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use greenroom_core::accounts::api_server::APIFY_API_BASE_URL;
use greenroom_core::accounts::profiles::Profiles;
use greenroom_core::accounts::profiles::TOKEN_REPLACE_AFTER_DAYS;
use greenroom_core::accounts::secret::{PERSONAL_TOKEN_PREFIX, PERSONAL_TOKEN_SECRET_LEN};
use greenroom_core::accounts::TokenCheck;
use greenroom_core::auto_export::{
    AutoExportChoice, AutoExportView, DEFAULT_PATTERN, PLACEHOLDERS,
};
use greenroom_core::compare::CompareJob;
use greenroom_core::compare::{CompareSpec, CompareSuggestion, Part};
use greenroom_core::datasets::export::ExportJob;
use greenroom_core::datasets::export::{ExportFormat, ExportOptions};
use greenroom_core::datasets::pages::{ItemQuery, Window};
use greenroom_core::datasets::DatasetInfo;
use greenroom_core::files::chosen::Chosen;
use greenroom_core::jobs::{JobView, Kind};
use greenroom_core::kv::download::DownloadJob;
use greenroom_core::kv::download::RecordDownload;
use greenroom_core::kv::edit::SavedRecord;
use greenroom_core::kv::trash::DeletedRecord;
use greenroom_core::kv::upload::UploadJob;
use greenroom_core::kv::upload::{DroppedFile, UploadSource};
use greenroom_core::kv::view::RecordView;
use greenroom_core::kv::{KeysPage, KvStoreInfo};
use greenroom_core::queues::requests::{RequestExportJob, RequestsJob};
use greenroom_core::queues::{QueueCounts, QueueInfo, RequestFilter, RequestFormat};
use greenroom_core::runs::actor_page::ActorPage;
use greenroom_core::runs::catalog::{Catalog, CatalogPage};
use greenroom_core::runs::history::{RunDetails, RunNow, RunRow, RunsPage};
use greenroom_core::runs::input_check::FieldProblem;
use greenroom_core::runs::tasks::{SavedTask, TaskDetails};
use greenroom_core::runs::{LogFollow, RunSummary, RunWatch, StartOptions};
use greenroom_core::schedules::zones::TimeZones;
use greenroom_core::schedules::{CronReading, ScheduleDetails, ScheduleDraft, ScheduleRow, When};
use greenroom_core::storages::{StorageKind, StoragePage};
use greenroom_core::usage::Usage;
use greenroom_core::{Account, ErrorKind, IpcError, KeychainStatus};
use serde_json::Value as JsonValue;
use ts_rs::{Config, TypeVisitor, TS};

use crate::commands::app::Diagnostics;
use crate::commands::dialogs::SaveFilter;
use crate::AppInfo;

const BACKEND_DIR: &str = "ui/src/lib/backend";
const GENERATED_NOTE: &str =
    "// Generated from Rust by `cargo test` (src-tauri/bindings.rs); do not edit.\n";

/// Every named type reached from the commands, with its file.
struct Types {
    cfg: Config,
    seen: HashSet<TypeId>,
    /// Path below `bindings/` → (TypeScript name, file text).
    files: BTreeMap<PathBuf, (String, String)>,
}

impl Default for Types {
    fn default() -> Self {
        Self {
            // serde writes u64 and i64 as JSON numbers, which JavaScript reads as `number`; counts
            // and byte sizes stay far below 2^53.
            cfg: Config::default().with_large_int("number"),
            seen: HashSet::new(),
            files: BTreeMap::new(),
        }
    }
}

impl Types {
    /// The TypeScript for `T` where it is used, after collecting `T` and all it refers to.
    fn name<T: TS + 'static + ?Sized>(&mut self) -> String {
        self.visit::<T>();
        T::name(&self.cfg)
    }
}

impl TypeVisitor for Types {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        if let Some(path) = T::output_path() {
            let text = T::export_to_string(&self.cfg).expect("a derived type renders");
            self.files.insert(path, (T::ident(&self.cfg), text));
        }
        T::visit_dependencies(self);
        T::visit_generics(self);
    }
}

macro_rules! arg_type {
    ($types:ident, $ty:ty) => {
        $types.name::<$ty>()
    };
    ($types:ident, $ty:ty, $ts:literal) => {
        $ts.to_string()
    };
}

/// One line of the `Commands` interface per command, one function of the facade per command,
/// and every type they reach.
macro_rules! typescript_map {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty $(as $ts:literal)?),* ) -> $ret:ty;)*) => {{
        let mut types = Types::default();
        let mut lines = Vec::<String>::new();
        let mut facade = Vec::<String>::new();
        $(
            #[allow(unused_mut)]
            let mut args = Vec::<String>::new();
            let names: Vec<String> = vec![$(camel_case(stringify!($arg))),*];
            $(
                args.push(format!(
                    "{}: {}",
                    camel_case(stringify!($arg)),
                    arg_type!(types, $ty $(, $ts)?)
                ));
            )*
            facade.push(format!(
                "  {}: ({}) => call('{}', {{{}}}),",
                camel_case(stringify!($name)),
                args.join(", "),
                stringify!($name),
                if names.is_empty() { String::new() } else { format!(" {} ", names.join(", ")) },
            ));
            let args = if args.is_empty() {
                "Record<string, never>".to_owned()
            } else {
                format!("{{ {} }}", args.join("; "))
            };
            let result = types.name::<$ret>();
            lines.push(format!("  {}: {{ args: {args}; result: {result} }};", stringify!($name)));
        )*
        (types, lines, facade)
    }};
}

/// Tauri takes a command's snake_case arguments in camelCase.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The unions the core's jobs leave to the app, which knows every kind: `JobKind`, `JobProgress`
/// and `JobOutcome`, each member with its import.
macro_rules! job_unions {
    ($types:ident; $($kind:ty),* $(,)?) => {{
        let mut unions = BTreeMap::<PathBuf, String>::new();
        let names = [$(format!("\"{}\"", <$kind as Kind>::NAME)),*];
        unions.insert("JobKind.ts".into(), union_file("JobKind", &[], &names));
        let progress = [$($types.name::<<$kind as Kind>::Progress>()),*];
        unions.insert("JobProgress.ts".into(), union_file("JobProgress", &progress, &progress));
        let outcomes = [$($types.name::<<$kind as Kind>::Outcome>()),*];
        unions.insert("JobOutcome.ts".into(), union_file("JobOutcome", &outcomes, &outcomes));
        unions
    }};
}

/// `export type NAME = A | B;` importing each of `imports` once.
fn union_file(name: &str, imports: &[String], members: &[String]) -> String {
    let mut text = String::from(GENERATED_NOTE);
    let mut seen = Vec::new();
    for import in imports {
        if !seen.contains(import) {
            text.push_str(&format!(
                "import type {{ {import} }} from \"./{import}\";\n"
            ));
            seen.push(import.clone());
        }
    }
    let mut unique = Vec::new();
    for member in members {
        if !unique.contains(member) {
            unique.push(member.clone());
        }
    }
    text.push_str(&format!("\nexport type {name} = {};\n", unique.join(" | ")));
    text
}

/// An `import type` line for each generated type that `body` mentions.
fn type_imports(files: &BTreeMap<PathBuf, (String, String)>, body: &str) -> String {
    let mut imports = String::new();
    for (path, (name, _)) in files {
        if mentions(body, name) {
            let module = path.with_extension("");
            imports.push_str(&format!(
                "import type {{ {name} }} from './bindings/{}';\n",
                module.display()
            ));
        }
    }
    imports
}

fn mentions(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Path below `ui/src/lib/backend` → text, for every generated file.
fn generated() -> BTreeMap<PathBuf, String> {
    let (mut types, lines, facade) = crate::with_commands!(typescript_map);
    // Types the UI reads that no command returns whole: errors, and what the next screen
    // (record downloads) will show.
    types.visit::<ErrorKind>();
    types.visit::<IpcError>();
    types.visit::<RecordDownload>();
    types.visit::<DroppedFile>();
    let unions = job_unions!(types; RunWatch, LogFollow, ExportJob, DownloadJob, UploadJob, CompareJob, RequestsJob, RequestExportJob);
    for (path, text) in unions {
        let (name, _) = types.files.remove(&path).expect("JobView names each union");
        types.files.insert(path, (name, text));
    }
    let body = lines.join("\n");
    let mut commands = String::from(GENERATED_NOTE);
    commands.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
    commands.push_str(&type_imports(&types.files, &body));
    commands.push_str(
        "\n/** Every command the UI may call: its arguments and what it answers. */\nexport interface Commands {\n",
    );
    commands.push_str(&body);
    commands.push_str("\n}\n");

    let retryable: Vec<String> = ErrorKind::ALL
        .iter()
        .filter(|kind| kind.retryable())
        .map(|kind| serde_json::to_string(kind).expect("a kind serializes"))
        .collect();
    let formats: String = ExportFormat::ALL
        .iter()
        .map(|format| {
            format!(
                "  {{ format: {}, label: {}, extension: '{}', table: {} }},\n",
                serde_json::to_string(format).expect("a format serializes"),
                serde_json::to_string(format.label()).expect("a label serializes"),
                format.extension(),
                format.is_table()
            )
        })
        .collect();
    let placeholders: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|p| serde_json::to_string(p).expect("a placeholder serializes"))
        .collect();
    let rules = format!(
        "{GENERATED_NOTE}import type {{ ErrorKind }} from './bindings/ErrorKind';\n\
         import type {{ ExportFormat }} from './bindings/ExportFormat';\n\n\
         /** Personal API tokens are this prefix and as many letters and digits as the length says. */\n\
         export const PERSONAL_TOKEN_PREFIX = '{PERSONAL_TOKEN_PREFIX}';\n\
         export const PERSONAL_TOKEN_SECRET_LEN = {PERSONAL_TOKEN_SECRET_LEN};\n\n\
         /** Apify advises replacing tokens regularly: Settings suggests it after this many days. */\n\
         export const TOKEN_REPLACE_AFTER_DAYS = {TOKEN_REPLACE_AFTER_DAYS};\n\n\
         /** Apify's own API server: a profile on it needs no mention of its server. */\n\
         export const APIFY_API_BASE_URL = '{APIFY_API_BASE_URL}';\n\n\
         /** The error kinds where pressing Retry can help (`ErrorKind::retryable`). */\n\
         export const RETRYABLE_KINDS: readonly ErrorKind[] = [{}];\n\n\
         /** Every export format, in the order the dialogs offer them; CSV, Excel and HTML are tables. */\n\
         export const EXPORT_FORMATS: readonly {{ format: ExportFormat; label: string; extension: string; table: boolean }}[] = [\n{}];\n\n\
         /** What an automatic export's file name may contain, and the name a new rule starts with. */\n\
         export const AUTO_EXPORT_PLACEHOLDERS = [{}] as const;\n\
         export const AUTO_EXPORT_DEFAULT_PATTERN = {};\n\n\
         /** The columns of a request queue's table and of its saved lists, in order. */\n\
         export const REQUEST_COLUMNS = {} as const;\n",
        retryable.join(", "),
        formats,
        placeholders.join(", "),
        serde_json::to_string(DEFAULT_PATTERN).expect("a string serializes"),
        serde_json::to_string(&greenroom_core::queues::requests::COLUMNS)
            .expect("column names serialize"),
    );

    let facade_body = facade.join("\n");
    let mut facade_file = String::from(GENERATED_NOTE);
    facade_file.push_str("import type { Channel } from '@tauri-apps/api/core';\n");
    facade_file.push_str(&type_imports(&types.files, &facade_body));
    facade_file.push_str(
        "import { call } from './call';\n\n/** Every command as a function of its arguments, in the command list's order. */\nexport const commands = {\n",
    );
    facade_file.push_str(&facade_body);
    facade_file.push_str("\n};\n");
    let mut files: BTreeMap<PathBuf, String> = types
        .files
        .into_iter()
        .map(|(path, (_, text))| (Path::new("bindings").join(path), text))
        .collect();
    files.insert("commands.ts".into(), commands);
    files.insert("facade.ts".into(), facade_file);
    files.insert("rules.ts".into(), rules);
    files
}

fn committed_bindings(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.join("bindings")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    found
}

#[test]
fn committed_typescript_is_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(BACKEND_DIR);
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let files = generated();
    let mut stale = Vec::new();
    for (relative, text) in &files {
        let path = dir.join(relative);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(relative.display().to_string());
        }
    }
    for leftover in committed_bindings(&dir) {
        if !files.contains_key(&leftover) {
            if update {
                std::fs::remove_file(dir.join(&leftover)).unwrap();
            } else {
                stale.push(format!("{} (no longer generated)", leftover.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale TypeScript {stale:?}: run `UPDATE_BINDINGS=1 cargo test -p greenroom bindings` and commit it"
    );
}

#[test]
fn the_map_names_every_command_with_its_arguments_and_result() {
    let files = generated();
    let commands = &files[Path::new("commands.ts")];
    for line in [
        "  token_check: { args: { token: string; apiBaseUrl: string | null }; result: TokenCheck };",
        "  app_info: { args: Record<string, never>; result: AppInfo };",
        "  jobs_watch: { args: { events: Channel<JobView> }; result: Array<JobView> };",
        "  job_cancel: { args: { id: number }; result: null };",
    ] {
        assert!(commands.contains(line), "{line}\n{commands}");
    }
    assert!(commands.contains("import type { Profiles } from './bindings/Profiles';"));
    for path in [
        "bindings/RunSummary.ts",
        "bindings/JobProgress.ts",
        "bindings/ErrorKind.ts",
    ] {
        assert!(
            files.contains_key(Path::new(path)),
            "{path} is not generated"
        );
    }
}

/// The TypeScript names the generated map uses for these types must stay what the UI imports.
#[test]
fn generated_names_are_the_ones_the_ui_imports() {
    let mut types = Types::default();
    assert_eq!(types.name::<Option<String>>(), "string | null");
    assert_eq!(types.name::<Vec<JobView>>(), "Array<JobView>");
    assert_eq!(types.name::<JsonValue>(), "JsonValue");
    assert_eq!(types.name::<u64>(), "number");
    for name in [
        types.name::<AppInfo>(),
        types.name::<TokenCheck>(),
        types.name::<Profiles>(),
        types.name::<Account>(),
        types.name::<KeychainStatus>(),
        types.name::<RunSummary>(),
        types.name::<StartOptions>(),
    ] {
        assert!(!name.contains('<'), "{name}");
    }
}
