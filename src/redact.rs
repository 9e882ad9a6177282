//! Removing secrets from text we did not write ourselves: what a server echoed back, what a
//! caller's callback threw. Every secret is looked for as is, URL-encoded (both forms),
//! JSON-escaped and base64-encoded at each of the three byte alignments.

use crate::request::encode_into;

/// Shorter values are not real credentials, and hiding them would shred ordinary words.
const MIN_SECRET_LEN: usize = 8;
const MARK: &str = "[redacted]";

#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Every form of every secret, longest first so a longer form wins over its substrings.
    forms: Vec<String>,
}

impl Redactor {
    pub fn add(&mut self, secret: &str) {
        if secret.len() < MIN_SECRET_LEN || self.forms.iter().any(|f| f == secret) {
            return;
        }
        let mut url = String::new();
        encode_into(&mut url, secret);
        let form = url.replace("%20", "+");
        let json = serde_json::to_string(secret).unwrap_or_default();
        let json = json.trim_matches('"').to_string();
        let mut forms = vec![secret.to_string(), url, form, json];
        forms.extend(base64_forms(secret.as_bytes()));
        for form in forms {
            if form.len() >= MIN_SECRET_LEN && !self.forms.contains(&form) {
                self.forms.push(form);
            }
        }
        self.forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    pub fn clean(&self, text: &str) -> String {
        let mut out = text.to_string();
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), MARK);
            }
        }
        out
    }
}

/// The base64 text that `bytes` produce wherever they sit in a longer encoded string: for each
/// of the three alignments, the characters that depend on these bytes only. Standard and
/// URL-safe alphabets.
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for shift in 0..3usize {
        let mut padded = vec![0u8; shift];
        padded.extend_from_slice(bytes);
        let encoded = base64(&padded);
        // Characters covering the leading zero bytes, and the last group (padding), are
        // shared with neighbouring text: keep only the middle.
        let skip = (shift * 8).div_ceil(6);
        let keep = (padded.len() / 3) * 4;
        if keep > skip + MIN_SECRET_LEN {
            let middle = &encoded[skip..keep];
            out.push(middle.to_string());
            out.push(middle.replace('+', "-").replace('/', "_"));
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// True when `text` holds one of the secrets in any form.
    fn finds(r: &Redactor, text: &str) -> bool {
        r.forms.iter().any(|f| text.contains(f.as_str()))
    }

    fn encoded(prefix: &str, secret: &str) -> String {
        base64(format!("{prefix}{secret}").as_bytes())
    }

    #[test]
    fn every_form_of_a_secret_is_removed() {
        let mut r = Redactor::default();
        r.add("s3cr3t/+ \"x\"&y=z");
        let secret = "s3cr3t/+ \"x\"&y=z";
        let mut url = String::new();
        encode_into(&mut url, secret);
        let texts = [
            format!("token {secret} echoed"),
            format!("refresh_token={url}&client_id=1"),
            format!("refresh_token={}", url.replace("%20", "+")),
            format!("{{\"t\":{}}}", serde_json::to_string(secret).unwrap()),
            format!("Basic {}", encoded("client:", secret)),
            encoded("ab", secret),
            encoded("a", secret),
            encoded("", secret).replace('+', "-").replace('/', "_"),
        ];
        for text in texts {
            assert!(finds(&r, &text), "{text}");
            assert!(!finds(&r, &r.clean(&text)), "{text} -> {}", r.clean(&text));
        }
        assert_eq!(r.clean("nothing here"), "nothing here");
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        let mut r = Redactor::default();
        r.add("wrong");
        assert_eq!(r.clean("the token is wrong"), "the token is wrong");
    }
}
