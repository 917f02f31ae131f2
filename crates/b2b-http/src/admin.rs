//! The administrator's routes: organisations and their API tokens.

use crate::auth::{self, Principal, Scope};
use crate::compute::body::{QueryParams, from_json};
use crate::idempotency::{self, Answer, Idempotency, Outcome};
use crate::page::{List, PageQuery};
use crate::state::{AppState, store_error};
use crate::{ApiError, Problem};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use b2b_store::{Organisation, PlatformStore, StoreError, TokenRecord};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The administrator's routes (the `admin` scope is checked by the app).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_organisation, list_organisations))
        .routes(routes!(get_organisation))
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(revoke_token))
}

/// What an organisation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Buys: runs buying centers and tenders.
    Buyer,
    /// Sells: answers tenders.
    Supplier,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Supplier => "supplier",
        }
    }
}

/// A new organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrganisation {
    /// Its id: 1 to 63 lower-case letters, digits and `-`, starting with a
    /// letter or digit (`acme`, `globex-se`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Buyer, supplier or both.
    pub roles: BTreeSet<Role>,
}

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its roles.
    pub roles: Vec<String>,
    /// When it was created (RFC 3339, UTC).
    #[serde(serialize_with = "b2b_core::wire::timestamp::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl OrganisationView {
    fn of(organisation: &Organisation) -> OrganisationView {
        OrganisationView {
            id: organisation.id.clone(),
            name: organisation.name.clone(),
            roles: organisation
                .roles
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            created_at: organisation.created_at,
        }
    }
}

/// Checks an organisation id: the scope every one of its records is kept in.
fn check_id(id: &str) -> Result<(), ApiError> {
    let valid = !id.is_empty()
        && id.len() <= 63
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if valid {
        Ok(())
    } else {
        Err(ApiError::BadRequest(format!(
            "id: {:?} is not an organisation id (1 to 63 of a-z, 0-9 and -, not starting with -)",
            b2b_core::excerpt(id).to_string()
        )))
    }
}

/// Creates an organisation.
#[utoipa::path(post, path = "/v1/organisations", tag = "admin",
    request_body = NewOrganisation,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and body give the first answer")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = OrganisationView),
        (status = 400, description = "A field is wrong", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 409, description = "The id is taken, or the key was used for another request", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Outcome, ApiError> {
    let key = Idempotency::of(&headers, "POST", "/v1/organisations", &body)?;
    let new: NewOrganisation = from_json(&body)?;
    check_id(&new.id)?;
    if new.name.trim().is_empty() {
        return Err(ApiError::BadRequest("name: empty".to_owned()));
    }
    if new.roles.is_empty() {
        return Err(ApiError::BadRequest(
            "roles: name at least one of buyer, supplier".to_owned(),
        ));
    }
    let organisation = Organisation {
        id: new.id,
        name: new.name.trim().to_owned(),
        roles: new
            .roles
            .iter()
            .map(|r| r.name())
            .collect::<Vec<_>>()
            .join(" "),
        created_at: OffsetDateTime::now_utc(),
    };
    state
        .write(move |db| {
            idempotency::run(db, "", key.as_ref(), |db| {
                db.insert_organisation(&organisation)
                    .map_err(|error| match error {
                        StoreError::Exists { id, .. } => {
                            ApiError::Conflict(format!("organisation {id:?} exists already"))
                        }
                        other => store_error(other),
                    })?;
                Ok(
                    Answer::json(StatusCode::CREATED, &OrganisationView::of(&organisation))?
                        .location(format!("/v1/organisations/{}", organisation.id)),
                )
            })
        })
        .await
}

/// Lists the organisations, in id order.
#[utoipa::path(get, path = "/v1/organisations", tag = "admin",
    params(PageQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of organisations", body = List<OrganisationView>),
        (status = 400, description = "A bad limit or cursor", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
    ))]
async fn list_organisations(
    State(state): State<AppState>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<axum::Json<List<OrganisationView>>, ApiError> {
    let page = query.page()?;
    let found = {
        let page = page.clone();
        state
            .read(move |db| {
                db.organisations(page.after.as_deref(), page.limit + 1)
                    .map_err(store_error)
            })
            .await?
    };
    let views = found.iter().map(OrganisationView::of).collect();
    Ok(axum::Json(List::of(views, &page, |o| &o.id)))
}

/// One organisation.
#[utoipa::path(get, path = "/v1/organisations/{org}", tag = "admin",
    params(("org" = String, Path, description = "The organisation's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The organisation", body = OrganisationView),
        crate::problem::AuthFailures,
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    ))]
async fn get_organisation(
    State(state): State<AppState>,
    Path(org): Path<String>,
) -> Result<axum::Json<OrganisationView>, ApiError> {
    let organisation = find_organisation(&state, org).await?;
    Ok(axum::Json(OrganisationView::of(&organisation)))
}

async fn find_organisation(state: &AppState, org: String) -> Result<Organisation, ApiError> {
    state
        .read(move |db| {
            db.organisation(&org).map_err(store_error)?.ok_or_else(|| {
                ApiError::NotFound(format!(
                    "no organisation {:?}",
                    b2b_core::excerpt(&org).to_string()
                ))
            })
        })
        .await
}

/// A token to issue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// A name for the token (who or what uses it).
    pub label: String,
    /// Its scopes: `compute`, `buying:read`, `buying:write`,
    /// `tenders:read`, `tenders:write`, `feed:read` (`admin` is never
    /// given to an organisation's token).
    pub scopes: Vec<String>,
}

/// A token as listed: never its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// The token's public id (the 12 hex digits after `b2b_`).
    pub id: String,
    /// The organisation it acts for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Its scopes.
    pub scopes: Vec<String>,
    /// Its label.
    pub label: String,
    /// When it was issued.
    #[serde(serialize_with = "b2b_core::wire::timestamp::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// When it was revoked, if it was.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "b2b_core::wire::timestamp::option::serialize"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
}

impl TokenView {
    fn of(record: &TokenRecord) -> TokenView {
        TokenView {
            id: record.id.clone(),
            organisation: record.organisation.clone(),
            scopes: record
                .scopes
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            label: record.label.clone(),
            created_at: record.created_at,
            revoked_at: record.revoked_at,
        }
    }
}

/// A token just issued: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedTokenView {
    /// The whole token, `b2b_<id>_<secret>`: keep it, it is never shown
    /// again (the server keeps only its hash).
    pub token: String,
    /// The token as listed.
    #[serde(flatten)]
    pub view: TokenView,
}

/// Issues a token for an organisation.
#[utoipa::path(post, path = "/v1/organisations/{org}/tokens", tag = "admin",
    request_body = NewToken,
    params(
        ("org" = String, Path, description = "The organisation's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry safely: the same key and body give the first answer (with the same token)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Issued; the token is in the answer, once", body = IssuedTokenView),
        (status = 400, description = "A field is wrong", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key was used for another request", body = Problem, content_type = "application/problem+json"),
    ))]
async fn create_token(
    State(state): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Outcome, ApiError> {
    let key = Idempotency::of(
        &headers,
        "POST",
        &format!("/v1/organisations/{org}/tokens"),
        &body,
    )?;
    let new: NewToken = from_json(&body)?;
    if new.label.trim().is_empty() {
        return Err(ApiError::BadRequest("label: empty".to_owned()));
    }
    let scopes = new
        .scopes
        .iter()
        .map(|name| {
            name.parse::<Scope>()
                .map_err(|e| ApiError::BadRequest(format!("scopes: {e}")))
        })
        .collect::<Result<BTreeSet<Scope>, _>>()?;
    if scopes.is_empty() {
        return Err(ApiError::BadRequest("scopes: name at least one".to_owned()));
    }
    if scopes.contains(&Scope::Admin) {
        return Err(ApiError::BadRequest(
            "scopes: admin is never given to an organisation's token".to_owned(),
        ));
    }
    let issued = auth::issue(Some(&org), &scopes, new.label.trim())?;
    state
        .write(move |db| {
            idempotency::run(db, "", key.as_ref(), |db| {
                if db.organisation(&org).map_err(store_error)?.is_none() {
                    return Err(ApiError::NotFound(format!(
                        "no organisation {:?}",
                        b2b_core::excerpt(&org).to_string()
                    )));
                }
                db.insert_token(&issued.record).map_err(store_error)?;
                let view = IssuedTokenView {
                    token: issued.token.clone(),
                    view: TokenView::of(&issued.record),
                };
                Answer::json(StatusCode::CREATED, &view)
            })
        })
        .await
}

/// Lists an organisation's tokens (without their secrets), in id order.
#[utoipa::path(get, path = "/v1/organisations/{org}/tokens", tag = "admin",
    params(("org" = String, Path, description = "The organisation's id"), PageQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of tokens", body = List<TokenView>),
        (status = 400, description = "A bad limit or cursor", body = Problem, content_type = "application/problem+json"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
    ))]
async fn list_tokens(
    State(state): State<AppState>,
    Path(org): Path<String>,
    QueryParams(query): QueryParams<PageQuery>,
) -> Result<axum::Json<List<TokenView>>, ApiError> {
    let page = query.page()?;
    find_organisation(&state, org.clone()).await?;
    let found = {
        let page = page.clone();
        state
            .read(move |db| {
                db.tokens(Some(&org), page.after.as_deref(), page.limit + 1)
                    .map_err(store_error)
            })
            .await?
    };
    let views = found.iter().map(TokenView::of).collect();
    Ok(axum::Json(List::of(views, &page, |t| &t.id)))
}

/// Revokes a token: from now on it is refused (401). Revoking a revoked
/// token is no error.
#[utoipa::path(delete, path = "/v1/tokens/{id}", tag = "admin",
    params(("id" = String, Path, description = "The token's public id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revoked"),
        crate::problem::AuthFailures,
        (status = 404, description = "No such token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token revoking itself", body = Problem, content_type = "application/problem+json"),
    ))]
async fn revoke_token(
    State(state): State<AppState>,
    Extension(caller): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    if caller.token == id {
        return Err(ApiError::Conflict(
            "a token cannot revoke itself: use another administrator's token".to_owned(),
        ));
    }
    let target = id.clone();
    state
        .write(move |db| {
            if db.token(&target).map_err(store_error)?.is_none() {
                return Err(ApiError::NotFound(format!(
                    "no token {:?}",
                    b2b_core::excerpt(&target).to_string()
                )));
            }
            db.revoke_token(&target, OffsetDateTime::now_utc())
                .map_err(store_error)
        })
        .await?;
    state.tokens().forget(&id);
    Ok(StatusCode::NO_CONTENT)
}
