//! Turning Asana's answers into results: envelopes, error bodies, `Retry-After`.

use crate::catalog::{Operation, Shape};
use crate::error::{AsanaError, ErrorCode};
use crate::transport::HttpResponse;
use serde_json::{json, Value};

/// Shapes a 2xx answer as JSON text: the list envelope, the bare record, or `{}`.
///
/// Finds `data` and `next_page` by skipping over the body's top-level members without building
/// them: records are never rebuilt, only cut out. The scan checks structure (a complete object,
/// balanced brackets, closed strings); JS's `JSON.parse` of the result checks the rest.
pub fn shape(op: &Operation, response: &HttpResponse) -> Result<String, AsanaError> {
    let body = response.body.trim();
    if op.shape == Shape::Empty && body.is_empty() {
        return Ok("{}".into());
    }
    if let Some(kind) = response.content_type.as_deref().filter(|t| !is_json(t)) {
        return Err(bad_response(op, response, &format!("it is {kind}, not JSON")));
    }
    if body.is_empty() {
        return Err(bad_response(op, response, "it is empty"));
    }
    let members = scan::members(body).ok_or_else(|| bad_response(op, response, "it is not valid JSON (truncated or corrupt)"))?;
    let data = members.data.ok_or_else(|| bad_response(op, response, "it has no \"data\""))?;
    match op.shape {
        Shape::List if data.starts_with('[') => {
            let next_page = members.next_page.unwrap_or("null");
            if next_page != "null" && !next_page.starts_with('{') {
                return Err(bad_response(op, response, "its \"next_page\" is not an object"));
            }
            Ok(format!("{{\"data\":{data},\"meta\":{{\"next_page\":{next_page}}}}}"))
        }
        Shape::Record | Shape::Download if data.starts_with('{') => Ok(data.to_string()),
        Shape::Empty if data.starts_with('{') => Ok("{}".into()),
        _ => Err(bad_response(op, response, "its \"data\" has the wrong type")),
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn bad_response(op: &Operation, response: &HttpResponse, why: &str) -> AsanaError {
    AsanaError::new(
        ErrorCode::BadResponse,
        format!("Asana's answer to {}/{} (HTTP {}) could not be read: {why}.", op.entity, op.action, response.status),
    )
    .with_status(response.status)
}

/// The attachment record's `download_url`, or why there is none.
pub fn download_url(record: &str) -> Result<String, AsanaError> {
    let record: Value = serde_json::from_str(record).map_err(|_| AsanaError::new(ErrorCode::BadResponse, "The attachment record is not valid JSON."))?;
    match record.get("download_url") {
        Some(Value::String(url)) if !url.is_empty() => Ok(url.clone()),
        _ => {
            let host = record.get("host").and_then(Value::as_str).unwrap_or("an external service");
            Err(AsanaError::new(
                ErrorCode::NotSupported,
                format!("This attachment is hosted on {host} and has no download_url; Asana cannot download it. Open its view_url or permanent_url instead."),
            ))
        }
    }
}

/// Maps an HTTP error answer to an `AsanaError`, keeping Asana's `errors[]` as details.
pub fn error(op: &Operation, response: &HttpResponse, now_ms: u64) -> AsanaError {
    let status = response.status;
    let errors = serde_json::from_str::<Value>(&response.body).ok().and_then(|v| v.get("errors").filter(|e| e.is_array()).cloned());
    let asana_says = errors
        .as_ref()
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|e| e.get("message").and_then(Value::as_str)).collect::<Vec<_>>().join("; "))
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
        ErrorCode::Server => format!("Asana had a server-side problem.{}", if op.method.is_read() { " Retrying later may help." } else { " The write may or may not have happened: check before repeating it." }),
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

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, content_type: Some("application/json; charset=UTF-8".into()), retry_after: None, body: body.into() }
    }

    #[test]
    fn lists_keep_the_envelope_with_next_page_in_meta() {
        let op = operation("workspaces", "list").unwrap();
        let out = shape(op, &answer(200, r#"{"data":[{"gid":"1","name":"A"}],"next_page":{"offset":"x","path":"/w?offset=x","uri":"u"}}"#)).unwrap();
        assert_eq!(out, r#"{"data":[{"gid":"1","name":"A"}],"meta":{"next_page":{"offset":"x","path":"/w?offset=x","uri":"u"}}}"#);
        let last = shape(op, &answer(200, r#"{"data":[]}"#)).unwrap();
        assert_eq!(last, r#"{"data":[],"meta":{"next_page":null}}"#);
    }

    #[test]
    fn records_are_bare_and_empty_answers_are_empty_objects() {
        let get = operation("tasks", "get").unwrap();
        assert_eq!(shape(get, &answer(200, r#"{"data":{"gid":"1","name":"é \"q\""}}"#)).unwrap(), r#"{"gid":"1","name":"é \"q\""}"#);
        let delete = operation("tasks", "delete").unwrap();
        assert_eq!(shape(delete, &answer(200, r#"{"data":{}}"#)).unwrap(), "{}");
        assert_eq!(shape(delete, &answer(204, "")).unwrap(), "{}");
    }

    #[test]
    fn the_scan_finds_the_same_members_as_a_full_parse() {
        let bodies = [
            r#"{"data":[{"gid":"1","name":"a \"quoted\" }{ ][ name","tags":[]}],"next_page":{"offset":"o\\","path":"/x","uri":"u"}}"#,
            r#" { "next_page" : null , "data" : { "n" : -1.5e3 , "t" : true , "z" : [ null , { } ] } , "x" : "é" } "#,
            r#"{"data":{},"extra":[[[]]]}"#,
        ];
        for body in bodies {
            let members = scan::members(body).unwrap();
            let full: Value = serde_json::from_str(body).unwrap();
            assert_eq!(serde_json::from_str::<Value>(members.data.unwrap()).unwrap(), full["data"], "{body}");
            assert_eq!(members.next_page.map(|n| serde_json::from_str::<Value>(n).unwrap()).unwrap_or(Value::Null), full["next_page"], "{body}");
        }
        for broken in [r#"{"data":[1,2"#, r#"{"data":"abc}"#, r#"{"data" [1]}"#, r#"{"data":[1]} x"#, r#"["data"]"#, r#"{"data":}"#, "{", ""] {
            assert!(scan::members(broken).is_none(), "{broken}");
        }
    }

    #[test]
    fn unreadable_answers_are_bad_response() {
        let get = operation("tasks", "get").unwrap();
        let cases = [
            answer(200, r#"{"data":{"gid":"1""#),
            answer(200, ""),
            answer(200, r#"{"data":[1]}"#),
            answer(200, r#"{"errors":[]}"#),
            HttpResponse { content_type: Some("text/html".into()), ..answer(200, "<html>") },
        ];
        for case in cases {
            assert_eq!(shape(get, &case).unwrap_err().code(), ErrorCode::BadResponse, "{}", case.body);
        }
    }

    #[test]
    fn errors_carry_asana_messages_status_and_retry_after() {
        let op = operation("tasks", "create").unwrap();
        let e = error(op, &answer(400, r#"{"errors":[{"message":"workspace: Missing input","help":"see docs"}]}"#), 0);
        assert_eq!((e.code(), e.status()), (ErrorCode::InvalidParams, Some(400)));
        assert!(e.message().contains("workspace: Missing input"));
        assert_eq!(e.details().unwrap()[0]["help"], "see docs");
        let limited = HttpResponse { retry_after: Some("7".into()), ..answer(429, r#"{"errors":[{"message":"Rate limit"}]}"#) };
        let e = error(op, &limited, 0);
        assert_eq!((e.code(), e.retry_after_ms(), e.is_retryable()), (ErrorCode::RateLimited, Some(7000), true));
        let e = error(op, &HttpResponse { content_type: Some("text/html".into()), ..answer(502, "<html>bad gateway</html>") }, 0);
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
        assert_eq!(download_url(r#"{"download_url":"https://files/x"}"#).unwrap(), "https://files/x");
        let e = download_url(r#"{"download_url":null,"host":"box"}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::NotSupported);
        assert!(e.message().contains("box"));
    }
}

/// A structural scan of a JSON object's top-level members.
mod scan {
    pub struct Members<'a> {
        pub data: Option<&'a str>,
        pub next_page: Option<&'a str>,
    }

    /// `None` unless `body` is one complete JSON object (structurally).
    pub fn members(body: &str) -> Option<Members<'_>> {
        let b = body.as_bytes();
        let mut found = Members { data: None, next_page: None };
        let mut i = skip_ws(b, 0);
        if b.get(i) != Some(&b'{') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if b.get(i) == Some(&b'}') {
            i += 1;
        } else {
            loop {
                if b.get(i) != Some(&b'"') {
                    return None;
                }
                let key_end = skip_string(b, i)?;
                let key = &b[i + 1..key_end - 1];
                i = skip_ws(b, key_end);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                let start = skip_ws(b, i + 1);
                i = skip_value(b, start)?;
                // Positions are next to ASCII bytes, so these are char boundaries.
                match key {
                    b"data" => found.data = Some(&body[start..i]),
                    b"next_page" => found.next_page = Some(&body[start..i]),
                    _ => {}
                }
                i = skip_ws(b, i);
                match b.get(i)? {
                    b',' => i = skip_ws(b, i + 1),
                    b'}' => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        (skip_ws(b, i) == b.len()).then_some(found)
    }

    fn skip_ws(b: &[u8], mut i: usize) -> usize {
        while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    }

    /// From an opening quote to just past its closing quote; string bodies are skipped with
    /// memchr, which is where most of a body's bytes are.
    fn skip_string(b: &[u8], open: usize) -> Option<usize> {
        let mut i = open + 1;
        loop {
            i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
            if b[i] == b'\\' {
                i += 2;
            } else {
                return Some(i + 1);
            }
        }
    }

    fn skip_value(b: &[u8], start: usize) -> Option<usize> {
        match *b.get(start)? {
            b'"' => skip_string(b, start),
            b'{' | b'[' => {
                let (mut depth, mut i) = (0usize, start);
                loop {
                    match *b.get(i)? {
                        b'"' => {
                            i = skip_string(b, i)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {
                let end = b[start..].iter().position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')).map_or(b.len(), |p| start + p);
                (end > start).then_some(end)
            }
        }
    }
}
