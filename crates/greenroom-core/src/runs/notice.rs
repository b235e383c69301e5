//! What the desktop notification says when a watched run ends while the window is in the
//! background.

use crate::runs::RunSummary;

/// An Actor's status message is anybody's text, and GNOME's and KDE's notification servers
/// render a little markup in a body: it is escaped, and cut to this many characters.
const MAX_MESSAGE_CHARS: usize = 200;

/// The notification's title and body for a run that ended, called `name` (its Actor's title,
/// see `runs::name_of`); `None` while it still works.
pub fn for_run_end(run: &RunSummary, name: &str) -> Option<(String, String)> {
    if !run.is_finished() {
        return None;
    }
    let title = match run.status.as_str() {
        "SUCCEEDED" => "Run finished",
        "FAILED" => "Run failed",
        "TIMED-OUT" => "Run timed out",
        _ => "Run aborted",
    };
    let what = run
        .status_message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .unwrap_or(run.status.as_str());
    Some((
        title.to_owned(),
        format!("{}: {}", plain(name), plain(what)),
    ))
}

/// `text` as text: markup escaped, at most [`MAX_MESSAGE_CHARS`] characters.
fn plain(text: &str) -> String {
    let mut short: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    if text.chars().nth(MAX_MESSAGE_CHARS).is_some() {
        short.push('…');
    }
    short
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(status: &str, message: Option<&str>) -> RunSummary {
        RunSummary::with_status(status, message)
    }

    #[test]
    fn a_finished_run_is_told_in_plain_words_and_a_working_one_not_at_all() {
        assert_eq!(for_run_end(&run("RUNNING", None), "Log slowly"), None);
        assert_eq!(
            for_run_end(&run("SUCCEEDED", Some("Finished!")), "Log slowly"),
            Some(("Run finished".into(), "Log slowly: Finished!".into()))
        );
        assert_eq!(
            for_run_end(&run("FAILED", Some(" ")), "Log slowly").unwrap(),
            ("Run failed".into(), "Log slowly: FAILED".into())
        );
        assert_eq!(
            for_run_end(&run("ABORTED", None), "Log slowly").unwrap().0,
            "Run aborted"
        );
    }

    #[test]
    fn a_status_message_is_shown_as_text_and_short() {
        let (_, body) = for_run_end(
            &run("FAILED", Some("<a href=\"https://evil\">Open</a> & more")),
            "<b>Lamps</b>",
        )
        .unwrap();
        assert_eq!(
            body,
            "&lt;b&gt;Lamps&lt;/b&gt;: &lt;a href=\"https://evil\"&gt;Open&lt;/a&gt; &amp; more"
        );
        let long = "x".repeat(5000);
        let (_, body) = for_run_end(&run("FAILED", Some(&long)), "Run r1").unwrap();
        assert_eq!(
            body.chars().count(),
            "Run r1: ".len() + MAX_MESSAGE_CHARS + 1
        );
        assert!(body.ends_with('…'));
    }
}
