//! `Transport` over the global `fetch` (or the caller's `fetch` option), and the caller's JS
//! callbacks: works in Node, Deno, workerd, browsers and Web Workers alike, because it never
//! touches `window`.

use crate::transport::{Callbacks, HttpRequest, HttpResponse, RenewedTokens, StreamResponse, Transport, TransportError};
use crate::AsanaError;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStream};

#[wasm_bindgen(module = "/src/wasm/fetch.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn send(fetch: Option<&Function>, method: &str, url: &str, headers: &str, body: Option<String>, timeout_ms: u32, signal: Option<&AbortSignal>, stream: bool) -> Result<JsValue, JsValue>;

    /// What `send` resolves to (plain property reads, no `Reflect` lookups).
    type Answer;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Answer) -> u16;
    #[wasm_bindgen(method, getter, js_name = contentType)]
    fn content_type(this: &Answer) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = retryAfter)]
    fn retry_after(this: &Answer) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = contentLength)]
    fn content_length(this: &Answer) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn bytes(this: &Answer) -> Option<Vec<u8>>;
    #[wasm_bindgen(method, getter)]
    fn stream(this: &Answer) -> Option<ReadableStream>;

    /// What `send` rejects with.
    type SendError;
    #[wasm_bindgen(method, getter)]
    fn kind(this: &SendError) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn message(this: &SendError) -> Option<String>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32) -> JsValue;
}

/// The caller's functions, read once from the options object JS hands over.
#[derive(Default)]
pub struct Hooks {
    fetch: Option<Function>,
    on_token_refresh: Option<Function>,
    on_warning: Option<Function>,
    get_token: Option<Function>,
}

impl Hooks {
    pub fn from_js(object: &JsValue) -> Hooks {
        let get = |key: &str| Reflect::get(object, &JsValue::from_str(key)).ok().and_then(|f| f.dyn_into::<Function>().ok());
        Hooks { fetch: get("fetch"), on_token_refresh: get("onTokenRefresh"), on_warning: get("onWarning"), get_token: get("getToken") }
    }
}

/// One call's environment: the caller's hooks and cancellation signal.
pub struct FetchTransport<'a> {
    pub hooks: &'a Hooks,
    pub signal: Option<&'a AbortSignal>,
}

/// Calls a JS function and awaits its result when it returns a promise.
async fn call_js(function: &Function, argument: &JsValue) -> Result<JsValue, String> {
    let returned = function.call1(&JsValue::UNDEFINED, argument).map_err(|e| describe(&e))?;
    JsFuture::from(Promise::resolve(&returned)).await.map_err(|e| describe(&e))
}

impl FetchTransport<'_> {
    async fn fetch(&self, request: &HttpRequest, timeout_ms: u32, stream: bool) -> Result<Answer, TransportError> {
        let mut headers = String::with_capacity(128);
        for (name, value) in &request.headers {
            headers.push_str(name);
            headers.push('\n');
            headers.push_str(value);
            headers.push('\n');
        }
        let fetch = self.hooks.fetch.as_ref();
        match send(fetch, request.method.as_str(), &request.url, &headers, request.body.clone(), timeout_ms, self.signal, stream).await {
            Ok(answer) => Ok(answer.unchecked_into()),
            Err(error) => {
                let error: SendError = error.unchecked_into();
                Err(match error.kind().as_deref() {
                    Some("timeout") => TransportError::Timeout,
                    Some("aborted") => TransportError::Aborted,
                    _ => TransportError::Network(error.message().unwrap_or_else(|| "fetch failed".into())),
                })
            }
        }
    }
}

impl Transport for FetchTransport<'_> {
    type Stream = Option<ReadableStream>;

    async fn send(&self, request: &HttpRequest, timeout_ms: u32) -> Result<HttpResponse, TransportError> {
        let answer = self.fetch(request, timeout_ms, false).await?;
        let bytes = answer.bytes().unwrap_or_default();
        Ok(HttpResponse {
            status: answer.status(),
            content_type: answer.content_type(),
            retry_after: answer.retry_after(),
            body: String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        })
    }

    async fn open(&self, request: &HttpRequest, timeout_ms: u32) -> Result<StreamResponse<Self::Stream>, TransportError> {
        let answer = self.fetch(request, timeout_ms, true).await?;
        Ok(StreamResponse {
            status: answer.status(),
            content_type: answer.content_type(),
            content_length: answer.content_length().and_then(|v| v.parse().ok()),
            body: answer.stream(),
        })
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    async fn sleep(&self, ms: u32) {
        let timer = Promise::new(&mut |resolve, _| {
            set_timeout(&resolve, ms);
        });
        // A timer promise never rejects.
        let _ = JsFuture::from(timer).await;
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn is_aborted(&self) -> bool {
        self.signal.is_some_and(AbortSignal::aborted)
    }
}

impl Callbacks for FetchTransport<'_> {
    async fn tokens_renewed(&self, tokens: RenewedTokens<'_>) -> Result<(), String> {
        let Some(callback) = &self.hooks.on_token_refresh else { return Ok(()) };
        let payload = Object::new();
        let _ = Reflect::set(&payload, &"accessToken".into(), &tokens.access_token.into());
        let _ = Reflect::set(&payload, &"refreshToken".into(), &tokens.refresh_token.into());
        if let Some(at) = tokens.expires_at {
            let _ = Reflect::set(&payload, &"expiresAt".into(), &JsValue::from_f64(at as f64));
        }
        call_js(callback, &payload).await.map(|_| ())
    }

    fn warn(&self, warning: &AsanaError) {
        if let Some(callback) = &self.hooks.on_warning {
            let _ = callback.call1(&JsValue::UNDEFINED, &JsValue::from_str(&warning.to_json().to_string()));
        }
    }

    async fn hosted_token(&self) -> Option<Result<String, String>> {
        let callback = self.hooks.get_token.as_ref()?;
        Some(call_js(callback, &JsValue::UNDEFINED).await.and_then(|t| t.as_string().ok_or_else(|| "it did not resolve to a string".to_string())))
    }
}





/// The JS error's own text, with its cause (Node puts the real reason there: ECONNREFUSED...).
fn describe(error: &JsValue) -> String {
    let field = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).ok().filter(|x| !x.is_undefined());
    let message = field(error, "message").and_then(|m| m.as_string()).unwrap_or_else(|| "unknown error".into());
    match field(error, "cause").and_then(|c| field(&c, "code").or_else(|| field(&c, "message"))).and_then(|c| c.as_string()) {
        Some(cause) => format!("{message} ({cause})"),
        None => message,
    }
}
