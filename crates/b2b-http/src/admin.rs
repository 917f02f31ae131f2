//! The admin routes.

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The admin routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
