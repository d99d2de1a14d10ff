//! Which field a JSON type error is in, and what it says in words.
//!
//! serde_json reports a wrong type as "invalid type: null, expected f64 at
//! line 1 column 89": the position, not the field. The request's body is
//! kept for JSON requests ([`keep_json_body`]), so the error handler finds
//! the field at that position (`hours_worked`, `contacts[1].phone`) and
//! says "must be a number, not null" against it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{Error, HttpMessage};
use futures_util::StreamExt;

/// The body of a JSON request, as it came.
#[derive(Clone)]
pub struct JsonBody(pub Bytes);

/// Keeps a copy of a JSON body no larger than the JSON limit in the
/// request's extensions, and hands the same bytes on to the handler.
pub async fn keep_json_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if is_json && length.is_some_and(|n| n <= crate::api::JSON_LIMIT) {
        let mut payload = req.take_payload();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            body.extend_from_slice(&chunk?);
        }
        let body = body.freeze();
        req.extensions_mut().insert(JsonBody(body.clone()));
        req.set_payload(body.into());
    }
    next.call(req).await
}

enum Frame {
    Object(Option<String>),
    Array(usize),
}

/// The path (`a.b[2].c`) of the value being read at `line`/`column` (as
/// serde_json counts them: lines from 1, columns in bytes from 1).
pub fn path_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let mut offset = 0;
    for _ in 1..line {
        offset += body[offset..].iter().position(|b| *b == b'\n')? + 1;
    }
    let end = (offset + column).min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            // A value that ends before the position is not the one at fault.
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(n)) => *n += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                if expect_key {
                    let key = serde_json::from_slice::<String>(body.get(start..=i)?).ok()?;
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expect_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(k)) if path.is_empty() => path.push_str(k),
            Frame::Object(Some(k)) => {
                path.push('.');
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    (!path.is_empty()).then_some(path)
}

/// serde's "invalid type: null, expected f64" as people say it: "must be a
/// number, not null". Other messages lose only their position.
pub fn in_words(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let Some(rest) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
    else {
        return message.to_owned();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_owned();
    };
    let expected = match expected.trim_matches('`') {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "usize" => "a whole number",
        "a string" | "a borrowed string" | "a character" => "text",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        e if e.starts_with("struct ") || e == "a map" => "an object",
        e => e,
    };
    let found = match found.split_whitespace().next().unwrap_or(found) {
        "null" => "null (nothing)",
        "string" => "text",
        "integer" | "floating" => "a number",
        "boolean" => "true or false",
        "sequence" => "a list",
        "map" => "an object",
        f => f,
    };
    format!("expected {expected}, not {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        body: &str,
    ) -> (Option<String>, String) {
        let e = serde_json::from_str::<T>(body).unwrap_err();
        (
            path_at(body.as_bytes(), e.line(), e.column()),
            in_words(&e.to_string()),
        )
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Report {
        findings: String,
        hours_worked: f64,
        contacts: Vec<Contact>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Contact {
        name: String,
        phone: String,
    }

    #[test]
    fn a_type_error_names_its_field_in_words() {
        let (path, words) = error_of::<Report>(
            r#"{"findings": "a, \"b\" {[", "hours_worked": null, "contacts": []}"#,
        );
        assert_eq!(path.as_deref(), Some("hours_worked"));
        assert_eq!(words, "expected a number, not null (nothing)");

        let (path, words) = error_of::<Report>(
            "{\n \"findings\": \"x\",\n \"hours_worked\": 1.5,\n \"contacts\": [{\"name\": \"a\", \"phone\": \"1\"}, {\"name\": \"b\", \"phone\": 5}]\n}",
        );
        assert_eq!(path.as_deref(), Some("contacts[1].phone"));
        assert_eq!(words, "expected text, not a number");
    }

    #[test]
    fn a_body_of_the_wrong_shape_has_no_field() {
        let (path, _) = error_of::<Report>(r#""just text""#);
        assert_eq!(path, None);
    }
}
