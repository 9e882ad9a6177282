//! Property-based fuzzing of the pure core: random and mutated inputs to validation, request
//! building, answer mapping, config parsing, tool-call parsing, and the call machine fed
//! random events (what a hostile fetch or a broken driver could report). Any panic fails the
//! test (in wasm a panic would trap and poison the module for every later call).
//!
//! `FUZZ_ITERATIONS` (default 20,000 per target) and `FUZZ_SEED` tune a run.

use asana_agent_connector::backends::{airbyte, oauth};
use asana_agent_connector::call::{Engine, Event, Step};
use asana_agent_connector::catalog::{Kind, Operation, Param, OPERATIONS};
use asana_agent_connector::http::{Answer, Body, Facts, Kind as Member};
use asana_agent_connector::{params, request, response, tools, Config};
use serde_json::{json, Map, Value};

/// xorshift64*: small, deterministic, good enough to explore inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn string(&mut self) -> String {
        const PIECES: &[&str] = &[
            "",
            " ",
            ".",
            "..",
            "/",
            "%",
            "%2F",
            "?",
            "#",
            "&",
            "=",
            "1200000000000001",
            "me",
            "é",
            "😀",
            "\u{0}",
            "\"",
            "\\",
            "2026-01-31",
            "2026-13-45",
            "2026-01-31T10:00:00Z",
            "2026-01-3é",
            "2026-01-31T1😀",
            "T",
            ",",
            "null",
            "{",
            "[",
            "a,b",
            "custom_fields.1.value",
            "bytes=0-9",
            "\u{202e}",
        ];
        (0..self.below(4)).map(|_| *self.pick(PIECES)).collect()
    }
    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 2 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => json!(self.next() as i64 % 300 - 100),
            3 => json!((self.next() % 10_000) as f64 / 7.0),
            4 | 5 => Value::String(self.string()),
            6 => Value::Array((0..self.below(4)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object((0..self.below(4)).map(|_| (self.string(), self.value(depth + 1))).collect()),
        }
    }
}

fn iterations() -> usize {
    std::env::var("FUZZ_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
}

fn rng() -> Rng {
    Rng(std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5EED_CAFE_F00D))
}

/// A value of the param's kind (often tricky), or now and then anything at all.
fn value_for(rng: &mut Rng, param: &Param, op: &Operation) -> Value {
    if rng.below(8) == 0 {
        return rng.value(0);
    }
    match param.kind {
        Kind::Limit => json!(rng.below(103) as i64 - 1),
        Kind::Boolean => json!(rng.below(2) == 0),
        Kind::Date => json!(rng.pick(&["2026-01-31", "2026-02-30", "2026-1-1"])),
        Kind::DateTime | Kind::Since => match rng.below(4) {
            0 => json!(rng.string()),
            _ => json!(rng.pick(&["2026-01-31T10:00:00Z", "2026-01-31T25:00:00Z", "2026-01-31", "now", "2026-01-3éT10:00:00Z"])),
        },
        Kind::GidList | Kind::FieldList | Kind::FieldPaths => {
            json!([rng.string(), "1200000000000001"])
        }
        Kind::Object if param.name() == "data" => {
            let mut data = Map::new();
            for field in op.body {
                if field.required || rng.below(3) == 0 {
                    data.insert(field.name().to_string(), value_for(rng, field, op));
                }
            }
            Value::Object(data)
        }
        Kind::Object | Kind::Count => rng.value(1),
        _ if !param.choices().is_empty() => json!(rng.pick(param.choices())),
        _ => json!(if rng.below(2) == 0 { "1200000000000001".to_string() } else { rng.string() }),
    }
}

/// Params for `op`: its own params with values of their kinds (so validation goes deep),
/// plus now and then a stranger.
fn params_for(rng: &mut Rng, op: &Operation) -> Map<String, Value> {
    let mut params = Map::new();
    for param in op.params {
        if param.required || rng.below(3) == 0 {
            params.insert(param.name().to_string(), value_for(rng, param, op));
        }
    }
    if rng.below(6) == 0 {
        params.insert(rng.string(), rng.value(0));
    }
    params
}

#[test]
fn validation_and_request_building_never_panic() {
    let mut rng = rng();
    let mut built = 0;
    for _ in 0..iterations() {
        let op = rng.pick(OPERATIONS);
        let (entity, action) = if rng.below(10) == 0 { (rng.string(), rng.string()) } else { (op.entity.to_string(), op.action.to_string()) };
        let params = params_for(&mut rng, op);
        let Ok(op) = params::resolve(&entity, &action, rng.below(2) == 0) else {
            continue;
        };
        if let Ok(args) = params::validate(op, &params) {
            let request = request::build("https://app.asana.com/api/1.0", op, &args);
            // A path value is always one segment: no raw slash, dot segment, query or fragment.
            let path = request.url.trim_start_matches("https://app.asana.com/api/1.0").split('?').next().unwrap().to_string();
            assert_eq!(path.matches('/').count(), op.path.matches('/').count(), "{path}");
            assert!(!path.split('/').any(|s| s == "." || s == ".."), "{path}");
            if args.data.is_some() {
                assert!(serde_json::from_str::<Value>(request.body.as_deref().unwrap()).unwrap()["data"].is_object());
            }
            built += 1;
        }
    }
    println!("validation: {} executions, {built} requests built, no panic", iterations());
    assert!(built > iterations() / 10, "the fuzzer should reach request building often ({built})");
}

/// A random answer as a hostile server or fetch could give it.
fn answer(rng: &mut Rng) -> Answer {
    let bodies = [
        r#"{"data":[{"gid":"1"}],"next_page":{"offset":"a","path":"/x","uri":"u"}}"#,
        r#"{"data":{"gid":"1","download_url":"https://f"}}"#,
        r#"{"data":{}}"#,
        r#"{"errors":[{"message":"m","help":"h","phrase":"p"}]}"#,
        r#"{"access_token":"a\nb","refresh_token":"r","expires_in":18446744073709551615}"#,
        r#"{"data":[{"id":"c1"},{"id":"c2"}]}"#,
        "<html>502</html>",
        "",
    ];
    let mut text = rng.pick(&bodies).to_string();
    match rng.below(4) {
        0 => text.truncate(rng.below(text.len() + 1)),
        1 => text = rng.value(0).to_string(),
        2 => text.insert_str(rng.below(text.len() + 1), &rng.string()),
        _ => {}
    }
    if !text.is_char_boundary(text.len()) {
        text.clear();
    }
    let kinds = [Member::Missing, Member::Null, Member::Object, Member::Array, Member::Other];
    let body = match rng.below(6) {
        0 => Body::Parsed(Facts {
            object: rng.below(5) > 0,
            data: *rng.pick(&kinds),
            next_page: *rng.pick(&kinds),
            result: *rng.pick(&kinds),
            status: rng.pick(&[None, Some("success"), Some("error")]).map(String::from),
            message: Some(rng.string()),
            metadata: rng.pick(&[None, Some(r#"{"has_next_page":true,"end_cursor":"c"}"#), Some("[1"), Some("null")]).map(String::from),
        }),
        1 => Body::Unparseable,
        2 => Body::TooLarge,
        3 => Body::Stream,
        _ => Body::Text(text),
    };
    Answer {
        status: *rng.pick(&[0, 101, 200, 201, 204, 302, 307, 400, 401, 402, 403, 404, 412, 429, 451, 500, 503, 599]),
        content_type: rng
            .pick(&[None, Some("application/json"), Some("text/html"), Some("application/vnd.api+json; charset=utf-8"), Some("")])
            .map(String::from),
        retry_after: rng
            .pick(&[None, Some("5"), Some("-1"), Some("NaN"), Some("Sun, 06 Nov 1994 08:49:37 GMT"), Some("99999999999999999999")])
            .map(String::from),
        content_length: *rng.pick(&[None, Some(0), Some(5), Some(u64::MAX)]),
        body,
    }
}

#[test]
fn answer_mapping_never_panics() {
    let mut rng = rng();
    for _ in 0..iterations() {
        let op = rng.pick(OPERATIONS);
        let answer = answer(&mut rng);
        let now = rng.next() % 2_000_000_000_000;
        let _ = response::pick(op, &answer);
        let _ = response::error(op, &answer, now);
        let _ = response::download_url(answer.body.text());
        if let Body::Parsed(facts) = &answer.body {
            let _ = airbyte::read_execute(op, facts);
        }
        let _ = airbyte::error("x", &answer, now);
        let _ = airbyte::read_token(&answer, now);
        let _ = airbyte::read_lookup(&answer, &rng.string());
        let _ = oauth::read(&answer);
        let _ = response::parse_retry_after(&rng.string(), rng.next());
    }
    println!("answers: {} executions, no panic", iterations());
}

/// A random event, as a hostile driver could report it.
fn event(rng: &mut Rng) -> Event {
    match rng.below(8) {
        0 => Event::Network(rng.string()),
        1 => Event::Timeout,
        2 => Event::Aborted,
        3 => Event::Timer,
        4 => Event::Hook(if rng.below(2) == 0 { Ok(Some(rng.string())) } else { Err(rng.string()) }),
        5 => Event::Unreadable(rng.string()),
        _ => Event::Answer(answer(rng)),
    }
}

#[test]
fn the_call_machine_survives_any_sequence_of_events_and_frees_everything() {
    let mut rng = rng();
    let configs = [
        json!({"auth": {"token": "pat-secret-1"}, "maxConcurrency": 2}),
        json!({"auth": {"refreshToken": "refresh-secret-2", "accessToken": "access-secret-3", "clientSecret": "client-secret-4"}}),
        json!({"externalUserId": "acme", "airbyteClientId": "id", "airbyteClientSecret": "airbyte-secret-5", "maxConcurrency": 1}),
        json!({"connectorId": "c1", "getToken": true}),
    ];
    let secrets = ["pat-secret-1", "refresh-secret-2", "access-secret-3", "client-secret-4", "airbyte-secret-5"];
    let runs = iterations() / 20;
    let mut finished = 0;
    for _ in 0..runs {
        let mut engine = Engine::new(Config::parse(rng.pick(&configs)).unwrap(), rng.below(2) == 0);
        let mut now = rng.next() % 2_000_000_000_000;
        let mut live = Vec::new();
        for _ in 0..1 + rng.below(4) {
            let op = rng.pick(OPERATIONS);
            let params = params_for(&mut rng, op);
            if let Ok(task) = engine.execute_task(op.entity, op.action, params) {
                let (id, step) = engine.start(task, None, now);
                live.push((id, step));
            }
        }
        for _ in 0..40 {
            if live.is_empty() {
                break;
            }
            let at = rng.below(live.len());
            let (id, step) = &live[at];
            if let Step::Done(_) | Step::Fail(_) = step {
                if let Step::Fail(error) = step {
                    let shown = error.to_json().to_string();
                    assert!(!secrets.iter().any(|s| shown.contains(s)), "a secret in {shown}");
                }
                engine.release(*id);
                live.remove(at);
                finished += 1;
                continue;
            }
            now += rng.below(5_000) as u64;
            let id = *id;
            live[at] = (id, engine.resume(id, event(&mut rng), now, (rng.below(1000) as f64) / 1000.0));
        }
        for (id, _) in live {
            engine.release(id);
        }
        assert_eq!((engine.open_calls(), engine.in_flight()), (0, (0, 0)), "released calls hold nothing");
    }
    println!("call machine: {runs} runs of up to 40 random events, {finished} calls finished, no panic, nothing held");
    assert!(finished > runs / 2, "random events should often finish calls ({finished})");
}

#[test]
fn config_and_tool_input_parsing_never_panic() {
    let mut rng = rng();
    let keys = [
        "auth",
        "auth_config",
        "token",
        "refreshToken",
        "baseUrl",
        "timeoutMs",
        "retry",
        "externalUserId",
        "airbyteClientId",
        "airbyteClientSecret",
        "connectorId",
        "fetch",
        "readOnly",
        "maxConcurrency",
        "asanaEnable",
    ];
    for _ in 0..iterations() {
        let mut config = Map::new();
        for _ in 0..rng.below(5) {
            let value = if rng.below(3) == 0 { json!({ *rng.pick(&keys): rng.value(1) }) } else { rng.value(0) };
            config.insert(rng.pick(&keys).to_string(), value);
        }
        let _ = Config::parse(&Value::Object(config.clone())).map(|c| Engine::new(c, false));
        let _ = asana_agent_connector::config::parse_admin(&Value::Object(config), rng.below(2) == 0);
        let call = match rng.below(3) {
            0 => Value::String(rng.value(1).to_string()),
            1 => json!({"entity": rng.value(1), "action": rng.value(1), "params": rng.value(0)}),
            _ => rng.value(0),
        };
        let _ = tools::parse_call(&call);
        let _ = tools::guard_output(&rng.string(), rng.below(8));
    }
    println!("config and tool input: {} executions, no panic", iterations());
}
