//! What the desktop notification says when a watched run ends while the window is in the
//! background.

use crate::runs::RunSummary;

/// The notification's title and body for a run that ended; `None` while it still works.
pub fn for_run_end(run: &RunSummary) -> Option<(String, String)> {
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
    Some((title.to_owned(), format!("Run {}: {what}", run.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(status: &str, message: Option<&str>) -> RunSummary {
        RunSummary::with_status(status, message)
    }

    #[test]
    fn a_finished_run_is_told_in_plain_words_and_a_working_one_not_at_all() {
        assert_eq!(for_run_end(&run("RUNNING", None)), None);
        assert_eq!(
            for_run_end(&run("SUCCEEDED", Some("Finished!"))),
            Some(("Run finished".into(), "Run r1: Finished!".into()))
        );
        assert_eq!(
            for_run_end(&run("FAILED", Some(" "))).unwrap(),
            ("Run failed".into(), "Run r1: FAILED".into())
        );
        assert_eq!(for_run_end(&run("ABORTED", None)).unwrap().0, "Run aborted");
    }
}
