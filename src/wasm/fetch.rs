//! `Transport` over the global `fetch` (or the caller's `fetch` option), and the caller's JS
//! callbacks: works in Node, Deno, workerd, browsers and Web Workers alike, because it never
//! touches `window`.

use crate::transport::{Callbacks, HttpRequest, HttpResponse, RenewedTokens, StreamResponse, Transport, TransportError};
use crate::AsanaError;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStream, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Promise;

    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout)]
    fn abort_after(ms: u32) -> AbortSignal;

    #[wasm_bindgen(js_namespace = AbortSignal, js_name = any)]
    fn abort_on_any(signals: &Array) -> AbortSignal;

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
    async fn fetch(&self, request: &HttpRequest, timeout_ms: u32) -> Result<Response, TransportError> {
        if self.signal.is_some_and(AbortSignal::aborted) {
            return Err(TransportError::Aborted);
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        let headers = Headers::new().map_err(network)?;
        for (name, value) in &request.headers {
            headers.set(name, value).map_err(network)?;
        }
        init.set_headers(&headers);
        if let Some(body) = &request.body {
            init.set_body(&JsValue::from_str(body));
        }
        let timeout = abort_after(timeout_ms);
        let signal = match self.signal {
            Some(caller) => abort_on_any(&Array::of2(caller, &timeout)),
            None => timeout,
        };
        init.set_signal(Some(&signal));
        let promise = match &self.hooks.fetch {
            Some(fetch) => fetch.call2(&JsValue::UNDEFINED, &JsValue::from_str(&request.url), &init).map_err(|e| classify(&e, &signal))?.unchecked_into::<Promise>(),
            None => global_fetch(&request.url, &init),
        };
        let answer = JsFuture::from(promise).await.map_err(|e| classify(&e, &signal))?;
        answer.dyn_into::<Response>().map_err(|_| TransportError::Network("fetch did not resolve to a Response".into()))
    }
}

impl Transport for FetchTransport<'_> {
    type Stream = Option<ReadableStream>;

    async fn send(&self, request: &HttpRequest, timeout_ms: u32) -> Result<HttpResponse, TransportError> {
        let response = self.fetch(request, timeout_ms).await?;
        let headers = response.headers();
        let text = response.text().map_err(network)?;
        // The body read is cancelled by the same signal as the request.
        let body = JsFuture::from(text).await.map_err(|e| classify_read(&e, self.signal))?;
        Ok(HttpResponse {
            status: response.status(),
            content_type: headers.get("content-type").ok().flatten(),
            retry_after: headers.get("retry-after").ok().flatten(),
            body: body.as_string().unwrap_or_default(),
        })
    }

    async fn open(&self, request: &HttpRequest, timeout_ms: u32) -> Result<StreamResponse<Self::Stream>, TransportError> {
        let response = self.fetch(request, timeout_ms).await?;
        let headers = response.headers();
        Ok(StreamResponse {
            status: response.status(),
            content_type: headers.get("content-type").ok().flatten(),
            content_length: headers.get("content-length").ok().flatten().and_then(|v| v.parse().ok()),
            body: response.body(),
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

fn network(error: JsValue) -> TransportError {
    TransportError::Network(describe(&error))
}

/// fetch rejects with the signal's reason: a `TimeoutError` from our timer, or the caller's.
fn classify(error: &JsValue, signal: &AbortSignal) -> TransportError {
    match error_name(error).as_deref() {
        Some("TimeoutError") => TransportError::Timeout,
        Some("AbortError") if signal.aborted() => match error_name(&signal.reason()).as_deref() {
            Some("TimeoutError") => TransportError::Timeout,
            _ => TransportError::Aborted,
        },
        _ if signal.aborted() => TransportError::Aborted,
        _ => TransportError::Network(describe(error)),
    }
}

fn classify_read(error: &JsValue, caller: Option<&AbortSignal>) -> TransportError {
    match error_name(error).as_deref() {
        Some("TimeoutError") => TransportError::Timeout,
        Some("AbortError") if caller.is_some_and(AbortSignal::aborted) => TransportError::Aborted,
        Some("AbortError") => TransportError::Timeout,
        _ => TransportError::Network(format!("the answer broke off: {}", describe(error))),
    }
}

fn error_name(error: &JsValue) -> Option<String> {
    js_sys::Reflect::get(error, &JsValue::from_str("name")).ok()?.as_string()
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
