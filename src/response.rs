//! Turning Asana's answers into results: envelopes, error bodies, `Retry-After`.

use crate::call::Pick;
use crate::catalog::{Operation, Shape};
use crate::error::{AsanaError, ErrorCode};
use crate::http::{Answer, Body, Kind};
use serde_json::{json, Value};

/// What a 2xx answer becomes, from the facts of the body JS parsed: the list envelope, the
/// bare record, or `{}`. The body itself never comes here.
pub fn pick(op: &Operation, answer: &Answer) -> Result<Pick, AsanaError> {
    if let Some(kind) = answer.content_type.as_deref().filter(|t| !is_json(t)) {
        return Err(bad_response(op, answer, &format!("it is {}, not JSON", crate::backends::bounded(kind))));
    }
    let facts = match &answer.body {
        Body::Parsed(facts) => facts,
        Body::Text(text) if text.trim().is_empty() && op.shape == Shape::Empty => return Ok(Pick::Empty),
        Body::Text(text) if text.trim().is_empty() => return Err(bad_response(op, answer, "it is empty")),
        _ => return Err(bad_response(op, answer, "it is not valid JSON (truncated or corrupt)")),
    };
    if !facts.object {
        return Err(bad_response(op, answer, "it is not a JSON object"));
    }
    match (op.shape, facts.data) {
        (_, Kind::Missing) => Err(bad_response(op, answer, "it has no \"data\"")),
        (Shape::List | Shape::Typeahead, Kind::Array) if matches!(facts.next_page, Kind::Missing | Kind::Null | Kind::Object) => Ok(Pick::List),
        (Shape::List | Shape::Typeahead, Kind::Array) => Err(bad_response(op, answer, "its \"next_page\" is not an object")),
        (Shape::Events, Kind::Array) => Ok(Pick::Events),
        (Shape::Record | Shape::Download, Kind::Object) => Ok(Pick::Data),
        (Shape::Webhook, Kind::Object) => Ok(Pick::Webhook),
        (Shape::Empty, Kind::Object) => Ok(Pick::Empty),
        _ => Err(bad_response(op, answer, "its \"data\" has the wrong type")),
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn bad_response(op: &Operation, answer: &Answer, why: &str) -> AsanaError {
    AsanaError::new(ErrorCode::BadResponse, format!("Asana's answer to {}/{} (HTTP {}) could not be read: {why}.", op.entity, op.action, answer.status))
        .with_status(answer.status)
}

/// The `download_url` of the attachment record Asana answered (`{"data": {...}}` as text),
/// or why there is none.
pub fn download_url(body: &str) -> Result<String, AsanaError> {
    let answer: Value = serde_json::from_str(body).map_err(|_| AsanaError::new(ErrorCode::BadResponse, "The attachment record is not valid JSON."))?;
    let record = answer.get("data").unwrap_or(&Value::Null);
    match record.get("download_url") {
        Some(Value::String(url)) if !url.is_empty() => Ok(url.clone()),
        _ => {
            let host = record.get("host").and_then(Value::as_str).map(crate::backends::bounded).unwrap_or_else(|| "an external service".into());
            Err(AsanaError::new(
                ErrorCode::NotSupported,
                format!("This attachment is hosted on {host} and has no download_url; Asana cannot download it. Open its view_url or permanent_url instead."),
            ))
        }
    }
}

/// An event stream's 412: the sync token was missing or too old. Not an error: the caller gets
/// the fresh token Asana sent and starts over from now.
pub fn sync_reset(op: &Operation, answer: &Answer) -> Result<Value, AsanaError> {
    let body: Value = serde_json::from_str(answer.body.text()).unwrap_or(Value::Null);
    match body.get("sync").and_then(Value::as_str) {
        Some(sync) if !sync.is_empty() => Ok(json!({ "data": [], "meta": { "sync": sync, "has_more": false, "sync_reset": true } })),
        _ => Err(bad_response(op, answer, "Asana's 412 carries no fresh \"sync\" token")),
    }
}

/// The job record of an answer `{"data": {gid, status, ...}}` (as text), and its gid.
pub fn job(op: &Operation, answer: &Answer) -> Result<(Value, String), AsanaError> {
    let mut body: Value = serde_json::from_str(answer.body.text()).map_err(|_| bad_response(op, answer, "it is not valid JSON"))?;
    let job = body.get_mut("data").map(Value::take).unwrap_or_default();
    match job.get("gid").and_then(Value::as_str) {
        Some(gid) if !gid.is_empty() => {
            let gid = gid.to_string();
            Ok((job, gid))
        }
        _ => Err(bad_response(op, answer, "it names no job gid")),
    }
}

/// Whether a job record is finished (`succeeded` or `failed`).
pub fn job_finished(job: &Value) -> bool {
    matches!(job.get("status").and_then(Value::as_str), Some("succeeded" | "failed"))
}

/// A batch's answer `{"data": [{status_code, body}]}` (as text), one result per action in
/// order: `{ok: true, status, data}` as `execute` would resolve, or `{ok: false, status, error}`.
pub fn batch(op: &Operation, actions: &[&'static Operation], answer: &Answer, now_ms: u64) -> Result<Value, AsanaError> {
    let body: Value = serde_json::from_str(answer.body.text()).map_err(|_| bad_response(op, answer, "it is not valid JSON"))?;
    let results = body.get("data").and_then(Value::as_array).filter(|r| r.len() == actions.len());
    let Some(results) = results else {
        return Err(bad_response(op, answer, "its \"data\" is not one result per action"));
    };
    let out = actions.iter().zip(results).map(|(action, result)| {
        let status = result.get("status_code").and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()).unwrap_or(0);
        let body = result.get("body").cloned().unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            let data = body.get("data").cloned().unwrap_or(Value::Null);
            let data = match action.shape {
                Shape::List | Shape::Typeahead => json!({ "data": data, "meta": { "next_page": body.get("next_page").cloned().unwrap_or(Value::Null) } }),
                Shape::Events => {
                    json!({ "data": data, "meta": { "sync": body.get("sync"), "has_more": body.get("has_more").and_then(Value::as_bool).unwrap_or(false) } })
                }
                Shape::Empty => json!({}),
                _ => data,
            };
            json!({ "ok": true, "status": status, "data": data })
        } else {
            let e = error(action, &Answer::text(status, body.to_string()), now_ms);
            let e = if action.is_write() { e.outcome_unknown() } else { e };
            json!({ "ok": false, "status": status, "error": { "code": e.code().as_str(), "message": e.message(), "retryable": e.is_retryable() } })
        }
    });
    Ok(json!({ "data": out.collect::<Vec<_>>() }))
}

/// Maps an HTTP error answer to an `AsanaError`, keeping Asana's `errors[]` as details.
pub fn error(op: &Operation, response: &Answer, now_ms: u64) -> AsanaError {
    let status = response.status;
    let errors = serde_json::from_str::<Value>(response.body.text()).ok().and_then(|v| v.get("errors").filter(|e| e.is_array()).cloned());
    let asana_says = errors
        .as_ref()
        .and_then(Value::as_array)
        .map(|items| {
            items.iter().take(10).filter_map(|e| e.get("message").and_then(Value::as_str)).map(crate::backends::bounded).collect::<Vec<_>>().join("; ")
        })
        .filter(|m| !m.is_empty());
    let code = ErrorCode::from_status(status);
    let retry_after_ms = response.retry_after.as_deref().and_then(|v| parse_retry_after(v, now_ms));
    let advice = match code {
        ErrorCode::InvalidParams => "Fix the params Asana names and try again.".to_string(),
        ErrorCode::Authentication => "The token is missing, wrong, expired or revoked: check the credentials; retrying will not help.".to_string(),
        ErrorCode::PremiumRequired => "This feature needs a premium (paid) Asana workspace or team.".to_string(),
        ErrorCode::Permission => "The token's user cannot access this object or field.".to_string(),
        ErrorCode::NotFound => "Check the gid: list the parent object first to find valid gids.".to_string(),
        ErrorCode::RateLimited => match retry_after_ms {
            Some(ms) => format!("Asana's rate limit was hit; retry after {} s.", ms.div_ceil(1000)),
            None => "Asana's rate limit was hit; wait before retrying.".to_string(),
        },
        ErrorCode::Server => format!(
            "Asana had a server-side problem.{}",
            if op.method.is_read() {
                " Retrying later may help."
            } else {
                " The write may or may not have happened: read first, and repeat it only if it did not."
            }
        ),
        _ => String::new(),
    };
    let what = asana_says.map(|m| format!(": {m}")).unwrap_or_default();
    let message = format!("Asana answered HTTP {status} to {}/{}{what}. {advice}", op.entity, op.action);
    let error = AsanaError::new(code, message.trim_end()).with_status(status).with_retry_after_ms(retry_after_ms);
    match errors {
        Some(errors) => error.with_details(errors),
        None => error.with_details(json!([])),
    }
}

/// `Retry-After` in milliseconds: whole seconds, or an HTTP date relative to `now_ms`.
/// `None` for anything else, so the caller falls back to backoff.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return seconds.checked_mul(1000);
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110 requires senders to use.
fn http_date_ms(value: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = value.split_ascii_whitespace();
    let (_weekday, day, month, year, time, zone) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let day: u64 = day.parse().ok()?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year: u64 = year.parse().ok()?;
    let mut hms = time.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(((days_from_civil(year, month, day) * 24 + h) * 60 + m) * 60_000 + s * 1000)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm, for years from 1970 on).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::operation;
    use crate::http::Facts;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { content_type: Some("application/json; charset=UTF-8".into()), ..Answer::text(status, body) }
    }

    fn parsed(data: Kind, next_page: Kind) -> Answer {
        Answer { body: Body::Parsed(Facts { data, next_page, ..Facts::default() }), ..answer(200, "") }
    }

    #[test]
    fn lists_records_and_empty_answers_pick_their_members() {
        let list = operation("workspaces", "list").unwrap();
        assert_eq!(pick(list, &parsed(Kind::Array, Kind::Object)).unwrap(), Pick::List);
        assert_eq!(pick(list, &parsed(Kind::Array, Kind::Missing)).unwrap(), Pick::List);
        let get = operation("tasks", "get").unwrap();
        assert_eq!(pick(get, &parsed(Kind::Object, Kind::Missing)).unwrap(), Pick::Data);
        let delete = operation("tasks", "delete").unwrap();
        assert_eq!(pick(delete, &parsed(Kind::Object, Kind::Missing)).unwrap(), Pick::Empty);
        assert_eq!(pick(delete, &answer(204, "")).unwrap(), Pick::Empty);
    }

    #[test]
    fn unreadable_answers_are_bad_response() {
        let get = operation("tasks", "get").unwrap();
        let list = operation("workspaces", "list").unwrap();
        let cases = [
            (get, Answer { body: Body::Unparseable, ..answer(200, "") }),
            (get, answer(200, "")),
            (get, parsed(Kind::Array, Kind::Missing)),
            (get, parsed(Kind::Missing, Kind::Missing)),
            (get, Answer { body: Body::Parsed(Facts { object: false, ..Facts::default() }), ..answer(200, "") }),
            (get, Answer { body: Body::TooLarge, ..answer(200, "") }),
            (list, parsed(Kind::Array, Kind::Other)),
            (get, Answer { content_type: Some("text/html".into()), ..parsed(Kind::Object, Kind::Missing) }),
        ];
        for (op, case) in cases {
            assert_eq!(pick(op, &case).unwrap_err().code(), ErrorCode::BadResponse, "{case:?}");
        }
    }

    #[test]
    fn errors_carry_asana_messages_status_and_retry_after() {
        let op = operation("tasks", "create").unwrap();
        let e = error(op, &answer(400, r#"{"errors":[{"message":"workspace: Missing input","help":"see docs"}]}"#), 0);
        assert_eq!((e.code(), e.status()), (ErrorCode::InvalidParams, Some(400)));
        assert!(e.message().contains("workspace: Missing input"));
        assert_eq!(e.details().unwrap()[0]["help"], "see docs");
        let limited = Answer { retry_after: Some("7".into()), ..answer(429, r#"{"errors":[{"message":"Rate limit"}]}"#) };
        let e = error(op, &limited, 0);
        assert_eq!((e.code(), e.retry_after_ms(), e.is_retryable()), (ErrorCode::RateLimited, Some(7000), true));
        let e = error(op, &Answer { content_type: Some("text/html".into()), ..answer(502, "<html>bad gateway</html>") }, 0);
        assert_eq!(e.code(), ErrorCode::Server);
        assert!(e.message().contains("may or may not have happened"), "{}", e.message());
    }

    #[test]
    fn retry_after_takes_seconds_and_http_dates() {
        assert_eq!(parse_retry_after("30", 0), Some(30_000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        let now = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), Some(10_000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), Some(0));
        for junk in ["", "NaN", "-5", "soon", "Sun, 06 Nov 1994 08:49:37 PST", "1.5"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk}");
        }
    }

    #[test]
    fn download_url_or_not_supported() {
        assert_eq!(download_url(r#"{"data":{"download_url":"https://files/x"}}"#).unwrap(), "https://files/x");
        let e = download_url(r#"{"data":{"download_url":null,"host":"box"}}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotSupported);
        assert!(e.message().contains("box"));
    }
}
