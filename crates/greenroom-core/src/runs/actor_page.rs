//! What an Actor's page shows: its title and description, its README as safe HTML, and the input
//! schema of its default build, which the form is built from.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::{Error, Session};

/// Memory sizes the platform allows: powers of two from 128 MB to 32 GB.
const MEMORY_SIZES: [u64; 9] = [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActorPage {
    pub id: String,
    pub title: String,
    /// `username/name`.
    pub name: String,
    pub description: Option<String>,
    /// The README as HTML with no raw HTML, no images (their alt text stays) and only the
    /// links the app opens in the system browser (`web_link`: http and https).
    pub readme_html: Option<String>,
    /// The default build's input schema; `None` with `schema_problem` when it is missing or
    /// broken, so the page offers a JSON editor instead of a form.
    pub input_schema: Option<Value>,
    pub schema_problem: Option<String>,
    pub build_number: Option<String>,
    /// The memory sizes a run may ask for, within the Actor's own minimum and maximum.
    pub memory_sizes: Vec<u64>,
    pub default_memory_mbytes: Option<u64>,
    pub default_timeout_secs: Option<u64>,
}

pub async fn load(session: &Session, actor_id: &str) -> Result<ActorPage, Error> {
    let client = session.client().actor(actor_id);
    let actor = client
        .get()
        .await
        .map_err(|e| session.error(e))?
        .ok_or_else(|| Error::not_found(&format!("/v2/acts/{actor_id}")))?;
    let build = client
        .default_build(None)
        .await
        .map_err(|e| session.error(e))?
        .get()
        .await
        .map_err(|e| session.error(e))?;
    let definition = build
        .as_ref()
        .and_then(|b| b.extra.get("actorDefinition"))
        .cloned()
        .unwrap_or(Value::Null);
    let (input_schema, schema_problem) = input_schema(&definition, build.as_ref());
    let readme = definition["readme"]
        .as_str()
        .or_else(|| build.as_ref().and_then(|b| b.extra.get("readme")?.as_str()))
        .filter(|r| !r.trim().is_empty());
    let options = actor.extra.get("defaultRunOptions");
    let number = |name: &str| options.and_then(|o| o.get(name)).and_then(Value::as_u64);
    let min = definition["minMemoryMbytes"].as_u64().unwrap_or(128);
    let max = definition["maxMemoryMbytes"].as_u64().unwrap_or(32768);
    let name = crate::runs::catalog::full_name(
        actor.username.as_deref(),
        actor.name.as_deref(),
        &actor.id,
    );
    Ok(ActorPage {
        title: actor.title.clone().unwrap_or_else(|| name.clone()),
        name,
        id: actor.id,
        description: actor.description,
        readme_html: readme.map(readme_html),
        input_schema,
        schema_problem,
        build_number: build.and_then(|b| b.build_number),
        memory_sizes: MEMORY_SIZES
            .into_iter()
            .filter(|size| (min..=max).contains(size))
            .collect(),
        default_memory_mbytes: number("memoryMbytes"),
        default_timeout_secs: number("timeoutSecs"),
    })
}

/// The input schema from the build's `actorDefinition.input`, or the older `inputSchema`
/// string; a missing or unreadable one is said in plain words.
fn input_schema(
    definition: &Value,
    build: Option<&apify_client::models::Build>,
) -> (Option<Value>, Option<String>) {
    let schema = match &definition["input"] {
        Value::Object(_) => Some(definition["input"].clone()),
        _ => build
            .and_then(|b| b.extra.get("inputSchema"))
            .and_then(|s| match s {
                Value::String(text) => serde_json::from_str(text).ok(),
                Value::Object(_) => Some(s.clone()),
                _ => None,
            }),
    };
    match schema {
        None => (
            None,
            Some("This Actor has no input schema, so its input is edited as JSON.".into()),
        ),
        Some(schema) if !schema["properties"].is_object() => (
            None,
            Some(
                "This Actor's input schema has no fields Greenroom can read, so its input is edited as JSON."
                    .into(),
            ),
        ),
        Some(schema) => (Some(schema), None),
    }
}

/// Markdown to HTML that is safe to show: raw HTML becomes text, images become their alt text,
/// and only the links the app would open (`web_link`) stay links.
pub fn readme_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let mut link_open: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        // The alt text inside stays, as text; the image itself is never loaded.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let safe = crate::web_link::check(&dest_url).is_ok();
            link_open.push(safe);
            safe.then_some(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                id: CowStr::Borrowed(""),
            }))
        }
        Event::End(TagEnd::Link) => link_open
            .pop()
            .unwrap_or(false)
            .then_some(Event::End(TagEnd::Link)),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Starts a run of `actor_id` after checking `input` against the default build's input schema
/// here: a schema-invalid input is never sent.
pub async fn start_checked(
    session: &Session,
    actor_id: &str,
    input: &Value,
    options: &crate::runs::StartOptions,
) -> Result<crate::runs::RunSummary, Error> {
    let page = load(session, actor_id).await?;
    if let Some(schema) = &page.input_schema {
        let problems = crate::runs::input_check::check(schema, input)?;
        if let Some(first) = problems.first() {
            let field = first.path.trim_start_matches('/');
            let problem = match problems.len() {
                1 => format!("{field}: {}", first.message),
                n => format!("{field}: {} ({} more problems)", first.message, n - 1),
            };
            return Err(Error::validation(
                problem,
                format!("{} problems with the input of {actor_id}", problems.len()),
            ));
        }
    }
    crate::runs::start(
        session,
        crate::runs::Target::Actor(actor_id),
        input,
        options,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_keeps_text_and_safe_links_and_drops_html_images_and_other_links() {
        let html = readme_html(
            "# Title\n\nSee [docs](https://docs.apify.com) and [bad](javascript:alert(1)).\n\n\
             <script>alert(1)</script>\n\n![a chart](https://tracker.example/pixel.png)\n\n\
             <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://docs.apify.com">docs</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("bad"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("a chart"), "{html}");
    }
}
