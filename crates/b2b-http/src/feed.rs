//! The feed routes.

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The feed routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
