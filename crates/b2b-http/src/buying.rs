//! The buying routes.

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The buying routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
