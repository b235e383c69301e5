//! The HTTP API. Paths, envelopes, errors and headers follow the official spec.

mod actors;
mod admin;
mod answer;
mod datasets;
mod host;
mod kv;
mod queues;
mod request;
mod resolve;
mod runs;
mod schedules;
mod store;
mod users;

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

pub fn router(state: AppState, address: SocketAddr, control_token: Option<String>) -> Router {
    // The legacy `/v2/acts` prefix routes to the same handlers as `/v2/actors`.
    let mut api = Router::new()
        .merge(users::routes())
        .nest("/v2/actors", actors::actor_routes())
        .nest("/v2/acts", actors::actor_routes())
        .merge(actors::task_routes())
        .merge(actors::build_routes())
        .merge(store::routes())
        .merge(runs::routes())
        .merge(datasets::routes())
        .merge(kv::routes())
        .merge(queues::routes())
        .merge(schedules::routes());
    if let Some(token) = control_token {
        api = api.merge(admin::routes(token));
    }
    let api = api
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::page_not_found() });
    let hosts = host::Allowed::for_address(address);
    api.layer(axum::middleware::from_fn_with_state(
        state.faults.clone(),
        crate::faults::inject,
    ))
    .layer(DefaultBodyLimit::max(request::MAX_BODY_BYTES))
    // Outermost: a request for another host name (DNS rebinding) is refused before anything.
    .layer(axum::middleware::from_fn(move |request, next| {
        host::check(hosts.clone(), request, next)
    }))
    .with_state(state)
}
