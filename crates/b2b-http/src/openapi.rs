//! The OpenAPI 3.1 document of the API, generated from the code: the
//! routes' `#[utoipa::path]` annotations, the wire types' `ToSchema`, and
//! the base below (title, version, the `bearer` security scheme). Served
//! at `/openapi.json` and rendered at `/docs` ([`crate::docs_page`]).

use axum::Router;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

/// The document's base: every router's paths are merged into it.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "b2b API",
        description = "Decisions businesses make when they buy from each other, over HTTP: \
            the same reports as the b2b command-line tool (docs/http-api.md). Money, \
            percentages, dates and timestamps have one shape everywhere (docs/wire-format.md); \
            every error is an RFC 9457 problem (application/problem+json).",
        license(name = "MIT OR Apache-2.0"),
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "compute", description = "Stateless computations: every capability of the CLI; needs the `compute` scope"),
    ),
)]
pub struct ApiDoc;

/// Adds the `bearer` HTTP security scheme the routes name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token: `Authorization: Bearer <token>`"))
                    .build(),
            ),
        );
    }
}

/// The base document: title "b2b API", this crate's version, the
/// `bearer` scheme, no paths yet.
#[must_use]
pub fn base() -> Document {
    let mut document = ApiDoc::openapi();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document
}

/// Splits `routers`, merged, into the axum router and the whole document
/// (the base with every route's path): `document(vec![compute::router(),
/// ...])`.
pub fn document<S: Clone + Send + Sync + 'static>(
    routers: impl IntoIterator<Item = OpenApiRouter<S>>,
) -> (Router<S>, Document) {
    routers
        .into_iter()
        .fold(OpenApiRouter::with_openapi(base()), OpenApiRouter::merge)
        .split_for_parts()
}
