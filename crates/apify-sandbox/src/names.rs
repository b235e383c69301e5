//! The platform's rule for the names of storages, Actors and tasks: letters, digits and
//! hyphens, at most 63 characters, no hyphen at either end.

pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}
