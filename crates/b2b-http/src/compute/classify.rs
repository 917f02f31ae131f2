//! `POST /v1/compute/classify`: sales classified under the shipped rule
//! sets, as `b2b classify --format json`. One sale gives one object, a
//! JSON array an array, JSON lines (`application/x-ndjson`) one line per
//! sale, streamed: each sale is read, classified and written before the
//! next is read, so memory stays bounded whatever the body's length. An
//! array is answered whole (its input is bounded by the body limit), so a
//! sale refused late still makes the answer a 400, never a broken array.

use std::cell::RefCell;
use std::io::{self, BufReader, Read};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use super::body::{JSON, NDJSON, QueryParams, body_error, media_type, unsupported};
use super::schemas::{ClassifyAnswer, NumberedClassification};
use super::{Failures, bad};
use crate::problem::ApiError;
use axum::body::HttpBody;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use b2b_classify::input::{Hint, Layout, ReadError, read_sales};
use b2b_classify::output::JsonWriter;
use b2b_classify::rules::RuleSet;
use b2b_classify::{classify as classify_sale, select, shipped};
use http_body_util::BodyExt;
use http_body_util::channel::{Channel, Sender};
use serde::Deserialize;
use tokio::runtime::Handle;
use tokio::sync::oneshot;
use utoipa::IntoParams;

/// Output is sent once this much is pending, even when more input is at
/// hand: the bound on memory per request.
const FLUSH_BYTES: usize = 64 << 10;

/// Which rule sets to apply.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClassifyParams {
    /// Rule sets by name, comma-separated: seed, broad, eu-vat,
    /// consumer-law, or all (the default).
    #[param(example = "seed,eu-vat")]
    pub rules: Option<String>,
}

/// The shipped rule sets, parsed once.
fn rule_sets() -> Result<&'static [RuleSet], ApiError> {
    static SETS: OnceLock<Result<Vec<RuleSet>, String>> = OnceLock::new();
    SETS.get_or_init(|| shipped().map_err(|error| error.to_string()))
        .as_deref()
        .map_err(|error| ApiError::Internal(format!("a shipped rule set is invalid: {error}")))
}

/// Classify sales: B2B, B2C, corporate supply or resale, under each rule
/// set, with reasons.
///
/// The body is one sale object or a JSON array of sales
/// (`application/json`), or one sale per line (`application/x-ndjson`);
/// the answer is the same JSON as `b2b classify --format json`: one
/// classification, an array of `{id|index, views}`, or one such object
/// per line (`application/x-ndjson`, streamed). A sale that cannot be
/// read is a 400 naming its line; in JSON lines, once results have been
/// sent, the answer ends with a problem object on its last line instead.
/// An array is answered whole, so it is either complete or a 400.
#[utoipa::path(
    post,
    path = "/v1/compute/classify",
    tag = "compute",
    params(ClassifyParams),
    request_body(
        description = "A sale (docs/formats.md#sale-files), a JSON array of sales, or JSON lines",
        content(
            (serde_json::Value = "application/json"),
            (String = "application/x-ndjson"),
        ),
    ),
    responses(
        (status = 200, description = "The classification of each sale (docs/classification.md)",
            content(
                (ClassifyAnswer = "application/json"),
                (NumberedClassification = "application/x-ndjson"),
            )
        ),
        Failures,
    ),
    security(("bearer" = []))
)]
pub(crate) async fn classify(
    QueryParams(params): QueryParams<ClassifyParams>,
    request: Request,
) -> Result<Response, ApiError> {
    let hint = match media_type(request.headers()).as_deref() {
        Some(JSON) => Hint::Json,
        Some(NDJSON | "application/jsonl" | "application/json-lines") => Hint::JsonLines,
        _ => {
            return Err(unsupported(
                request.headers(),
                "application/json or application/x-ndjson",
            ));
        }
    };
    let names: Vec<String> = match &params.rules {
        Some(list) => list.split(',').map(|name| name.trim().to_owned()).collect(),
        None => vec!["all".to_owned()],
    };
    let chosen = select(&names, rule_sets()?).map_err(|error| bad(format!("rules: {error}")))?;
    let (head_tx, head_rx) = oneshot::channel();
    let (body_tx, channel) = Channel::<Bytes, io::Error>::new(2);
    let handle = Handle::current();
    let body = request.into_body();
    tokio::task::spawn_blocking(move || {
        let out = Rc::new(RefCell::new(Out {
            handle: handle.clone(),
            head: Some(head_tx),
            body: Some(body_tx),
            layout: None,
            pending: Vec::new(),
        }));
        let reader = BodyReader {
            handle,
            body,
            chunk: Bytes::new(),
            out: Rc::clone(&out),
        };
        let mut writer = JsonWriter::new();
        let result = read_sales(BufReader::new(reader), hint, |layout, index, sale| {
            let result = classify_sale(&sale, chosen.iter().copied());
            let mut out = out.borrow_mut();
            out.layout = Some(layout);
            writer.write(&mut out.pending, layout, index, &result)?;
            if out.pending.len() >= FLUSH_BYTES && layout == Layout::Lines {
                out.flush()?;
            }
            Ok::<(), io::Error>(())
        });
        let mut out = out.borrow_mut();
        match result {
            Ok((layout, _)) => {
                out.layout = Some(layout);
                let finished = writer.finish(&mut out.pending, layout);
                // A client that went away is no one's failure.
                let _ = finished.and_then(|()| out.flush());
            }
            Err(ReadError::Sale(error)) => out.fail(bad(error)),
            Err(ReadError::Io(error)) => out.fail(read_error(&error)),
            Err(ReadError::Sink(_)) => {}
        }
    });
    let layout = head_rx
        .await
        .map_err(|_| ApiError::Internal("the classifying task ended early".into()))??;
    let media = if layout == Layout::Lines {
        NDJSON
    } else {
        JSON
    };
    let mut response = (StatusCode::OK, Body::new(Fused(Some(channel)))).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    Ok(response)
}

/// A body that answers "no more" once it has ended or failed, however
/// often it is polled after. `http_body_util`'s channel panics when polled
/// after its end ("called after complete"), and the compression layer does
/// poll again: the panic ended the connection without an answer (found by
/// schemathesis, which asks for gzip).
struct Fused<B>(Option<B>);

impl<B: HttpBody + Unpin> HttpBody for Fused<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        let Some(inner) = self.0.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            self.0 = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.0.as_ref().is_none_or(HttpBody::is_end_stream)
    }
}

/// The failure to read the body: too large (413), cut off, or not UTF-8.
fn read_error(error: &io::Error) -> ApiError {
    match error.get_ref() {
        Some(inner) if error.kind() == io::ErrorKind::Other => body_error(inner),
        _ => bad(format!("the sales cannot be read: {error}")),
    }
}

/// The answer as it is written: the status is decided by the first
/// flush (200) or by an error before it (4xx).
struct Out {
    handle: Handle,
    head: Option<oneshot::Sender<Result<Layout, ApiError>>>,
    body: Option<Sender<Bytes, io::Error>>,
    layout: Option<Layout>,
    pending: Vec<u8>,
}

impl Out {
    /// Sends what is pending, answering 200 first if not yet done.
    fn flush(&mut self) -> io::Result<()> {
        let gone = || io::Error::new(io::ErrorKind::BrokenPipe, "the client went away");
        if let Some(head) = self.head.take() {
            head.send(Ok(self.layout.unwrap_or(Layout::Single)))
                .map_err(|_| gone())?;
        }
        if self.pending.is_empty() {
            return Ok(());
        }
        let bytes = Bytes::from(std::mem::take(&mut self.pending));
        let body = self.body.as_mut().ok_or_else(gone)?;
        self.handle
            .block_on(body.send_data(bytes))
            .map_err(|_| gone())
    }

    /// Ends the answer with `error`: a 4xx if nothing was sent yet (always
    /// so for an array or a single object, which are sent whole); a
    /// problem line after the results of JSON lines.
    fn fail(&mut self, error: ApiError) {
        if let Some(head) = self.head.take() {
            let _ = head.send(Err(error));
            return;
        }
        if self.layout == Some(Layout::Lines) {
            let mut line = serde_json::to_vec(&error.problem()).unwrap_or_default();
            line.push(b'\n');
            self.pending.extend_from_slice(&line);
            let _ = self.flush();
        } else if let Some(body) = self.body.take() {
            body.abort(io::Error::other(error.to_string()));
        }
    }
}

/// The request body as a blocking reader. Before it waits for more of
/// the body it sends the results written so far, so a client streaming
/// its sales gets each answer as soon as it can.
struct BodyReader {
    handle: Handle,
    body: Body,
    chunk: Bytes,
    out: Rc<RefCell<Out>>,
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            if self.body.is_end_stream() {
                return Ok(0);
            }
            // More of the body is at hand: read on. Otherwise send what is
            // written before waiting.
            let body = &mut self.body;
            let ready = self.handle.block_on(async {
                tokio::select! {
                    biased;
                    frame = body.frame() => Some(frame),
                    () = std::future::ready(()) => None,
                }
            });
            let next = match ready {
                Some(frame) => frame,
                None => {
                    self.out.borrow_mut().flush_if_streaming()?;
                    self.handle.block_on(self.body.frame())
                }
            };
            match next {
                None => return Ok(0),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.chunk = data;
                    }
                }
                Some(Err(error)) => return Err(io::Error::other(error)),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk = self.chunk.slice(n..);
        Ok(n)
    }
}

impl Out {
    /// Sends pending results of JSON lines once at least one is written:
    /// the answer has begun when the reader must wait for more of the
    /// body. An array or a single object is answered whole, at the end: a
    /// sale refused after part of an array was sent could only break the
    /// answer off (and with it the connection), never make it a 400.
    fn flush_if_streaming(&mut self) -> io::Result<()> {
        if self.pending.is_empty() || self.layout != Some(Layout::Lines) {
            Ok(())
        } else {
            self.flush()
        }
    }
}
