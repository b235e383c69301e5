//! The Store: the public Actors of every user, searchable and paged. Like the platform's, it
//! answers without a token.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

use super::answer::page;
use super::request::Params;
use crate::error::{ApiError, ApiResult};
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/v2/store", get(list))
}

const SORTS: [&str; 4] = ["relevance", "popularity", "newest", "lastUpdate"];

async fn list(State(state): State<AppState>, params: Params) -> ApiResult<Json<Value>> {
    if let Some(sort) = params.get("sortBy").filter(|s| !SORTS.contains(s)) {
        return Err(ApiError::invalid_parameter(format!(
            "Parameter 'sortBy' must be one of {SORTS:?}, not '{sort}'"
        )));
    }
    params.flag("allowsAgenticUsers")?;
    params.flag("includeUnrunnableActors")?;
    let words: Vec<String> = params
        .get("search")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let username = params.get("username").filter(|u| !u.is_empty());
    let pricing = params.get("pricingModel").filter(|p| !p.is_empty());
    let items = {
        let db = state.db();
        let mut actors: Vec<_> = db
            .actors
            .values()
            .filter(|a| a.is_public)
            .filter(|a| {
                let owner = db.user(&a.user_id).map(|u| u.username.as_str());
                let text = format!(
                    "{} {} {} {}",
                    a.name,
                    a.title,
                    a.description,
                    owner.unwrap_or_default()
                )
                .to_lowercase();
                words.iter().all(|word| text.contains(word))
                    && username.is_none_or(|u| owner == Some(u))
                    && pricing.is_none_or(|p| p == "FREE")
            })
            .collect();
        actors.sort_by(|a, b| a.title.cmp(&b.title));
        actors
            .into_iter()
            .map(|a| render::store_actor(&db, a))
            .collect()
    };
    page(items, &params)
}
