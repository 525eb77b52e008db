//! YAML in and out, as kubectl does it.
//!
//! Out: kubectl prints `-o yaml` through `sigs.k8s.io/yaml`, that is go-yaml
//! v2: keys sorted, sequences not indented under their key, strings that would
//! read back as another type (`"80"`, `"true"`, timestamps, `""`) in double
//! quotes, strings a plain scalar cannot hold in single quotes, strings with
//! line breaks as literal blocks, and long lines folded past column 80. The
//! emitter below follows libyaml's rules (go-yaml is a port of it), so the
//! output is byte-identical for the values the cluster holds.
//!
//! In: manifests are parsed with `serde_norway` (libyaml underneath), and its
//! errors are reworded as kubectl prints go-yaml's.

use serde_json::Value;

/// `-o yaml` of a JSON value (an object or a `List`).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0, false),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        other => {
            write_scalar_or_empty(&mut out, other, 0);
            out.push('\n');
        }
    }
    out
}

const BEST_WIDTH: usize = 80;

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize, first_inline: bool) {
    let mut keys: Vec<&String> = map.keys().collect();
    crate::sort::sort(&mut keys);
    for (i, key) in keys.into_iter().enumerate() {
        if !(i == 0 && first_inline) {
            push_indent(out, indent);
        }
        write_string(out, key, indent, true);
        out.push(':');
        write_value(out, &map[key], indent);
    }
}

/// Writes what follows `key:` (or `-`): a nested block on the next lines, or
/// ` scalar` on the same line.
fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, m, indent + 2, false);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            // go-yaml writes a mapping's sequences "indentless".
            write_seq(out, items, indent);
        }
        other => {
            out.push(' ');
            write_scalar_or_empty(out, other, indent + 2);
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        push_indent(out, indent);
        out.push('-');
        match item {
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                write_map(out, m, indent + 2, true);
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push(' ');
                // A sequence in a sequence starts on the dash's line.
                let mut nested = String::new();
                write_seq(&mut nested, inner, indent + 2);
                out.push_str(nested.trim_start());
            }
            other => {
                out.push(' ');
                write_scalar_or_empty(out, other, indent + 2);
                out.push('\n');
            }
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn write_scalar_or_empty(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s, indent, false),
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
    }
}

fn column(out: &str) -> usize {
    out.rsplit('\n').next().map_or(0, |line| line.chars().count())
}

/// A string scalar, in the style go-yaml picks.
fn write_string(out: &mut String, s: &str, indent: usize, simple_key: bool) {
    let a = analyze(s);
    if s.contains('\n') && !simple_key && a.block_allowed {
        write_literal(out, s, indent);
    } else if s.contains('\n') || resolves_to_other_type(s) || a.special {
        write_double_quoted(out, s);
    } else if a.plain_allowed {
        write_folded(out, s, indent, simple_key, None);
    } else {
        write_folded(out, s, indent, simple_key, Some('\''));
    }
}

struct Analysis {
    plain_allowed: bool,
    block_allowed: bool,
    special: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, for block context.
fn analyze(s: &str) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Analysis { plain_allowed: false, block_allowed: false, special: false };
    }
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let mut special = false;
    let mut space_break = false;
    let mut break_space = false;
    let blank_or_end = |i: usize| chars.get(i).is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    block_indicators = true
                }
                '?' | ':' | '-' if blank_or_end(1) => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if blank_or_end(i + 1) => block_indicators = true,
                '#' if matches!(chars[i - 1], ' ' | '\t') => block_indicators = true,
                _ => {}
            }
        }
        let printable = matches!(c, '\t' | '\n' | '\u{20}'..='\u{7e}' | '\u{85}')
            || (c >= '\u{a0}' && c != '\u{feff}' && c != '\u{fffe}');
        if !printable {
            special = true;
        }
        if c == ' ' && chars.get(i + 1) == Some(&'\n') {
            space_break = true;
        }
        if c == '\n' && chars.get(i + 1) == Some(&' ') {
            break_space = true;
        }
    }
    let leading_space = matches!(chars[0], ' ' | '\n');
    let trailing_space = matches!(chars[chars.len() - 1], ' ');
    let plain_allowed = !block_indicators && !leading_space && !trailing_space && !special && !break_space;
    let block_allowed = !trailing_space && !space_break && !special;
    Analysis { plain_allowed, block_allowed, special }
}

/// go-yaml v2 quotes a string that would read back as a bool, a number, null,
/// a timestamp or a sexagesimal float (YAML 1.1 rules).
fn resolves_to_other_type(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True",
        "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf",
        "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let Some(first) = s.chars().next() else { return true };
    if !matches!(first, '+' | '-' | '.' | '0'..='9') {
        return false;
    }
    is_int(s) || is_float(s) || is_timestamp(s) || is_base60(s)
}

fn is_int(s: &str) -> bool {
    let plain = s.replace('_', "");
    let body = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
    if body.is_empty() {
        return false;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(bin) = body.strip_prefix("0b") {
        return !bin.is_empty() && bin.chars().all(|c| c == '0' || c == '1');
    }
    if let Some(oct) = body.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    body.chars().all(|c| c.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    let plain = s.replace('_', "");
    let body = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mantissa_ok = {
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        (!int.is_empty() || !frac.is_empty())
            && int.chars().all(|c| c.is_ascii_digit())
            && frac.chars().all(|c| c.is_ascii_digit())
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// `2006-01-02`, `2006-01-02T15:04:05Z`, `2006-01-02 15:04:05.999 -07:00`…
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 10 || !digits(0..4) || b[4] != b'-' {
        return false;
    }
    // Month and day may have one or two digits in YAML 1.1; kubectl's values use two.
    if !(digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    matches!(b[10], b'T' | b't' | b' ' | b'\t') && b.len() > 11 && b[11..].iter().take(1).all(u8::is_ascii_digit)
}

fn is_base60(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut parts = main.split(':');
    let Some(head) = parts.next() else { return false };
    let mut rest = parts.peekable();
    if rest.peek().is_none() || head.is_empty() || !head.chars().next().unwrap().is_ascii_digit() {
        return false;
    }
    head.chars().all(|c| c.is_ascii_digit() || c == '_')
        && rest.all(|p| {
            (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()) && {
                let v: u32 = p.parse().unwrap_or(99);
                v < 60 && (p.len() == 1 || p.as_bytes()[0] <= b'5')
            }
        })
        && frac.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// A plain (`quote` = None) or single-quoted scalar, folded at spaces past
/// column 80 as libyaml does (never inside a mapping key).
fn write_folded(out: &mut String, s: &str, indent: usize, simple_key: bool, quote: Option<char>) {
    let chars: Vec<char> = s.chars().collect();
    let mut col = column(out);
    if let Some(q) = quote {
        out.push(q);
        col += 1;
    }
    let mut spaces = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_is_space = chars.get(i + 1) == Some(&' ');
            let inner = quote.is_none() || (i != 0 && i != chars.len() - 1);
            if !simple_key && !spaces && col > BEST_WIDTH && !next_is_space && inner {
                out.push('\n');
                push_indent(out, indent);
                col = indent;
            } else {
                out.push(' ');
                col += 1;
            }
            spaces = true;
        } else {
            if c == '\'' && quote.is_some() {
                out.push('\'');
                col += 1;
            }
            out.push(c);
            col += 1;
            spaces = false;
        }
    }
    if let Some(q) = quote {
        out.push(q);
    }
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_literal(out: &mut String, s: &str, indent: usize) {
    out.push('|');
    if s.starts_with([' ', '\n']) {
        out.push('2');
    }
    let trailing = s.len() - s.trim_end_matches('\n').len();
    match trailing {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    let body = if trailing == 1 { &s[..s.len() - 1] } else { s.trim_end_matches('\n') };
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            push_indent(out, indent);
            out.push_str(line);
        }
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

/// A manifest that could not be read, worded as kubectl words go-yaml's errors
/// (`yaml: line 4: did not find expected key`).
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError(pub String);

/// Parses a (multi-document) YAML or JSON text into JSON values, skipping
/// empty documents.
pub fn parse_documents(text: &str) -> Result<Vec<Value>, ParseError> {
    match parse_stream(text) {
        (docs, None) => Ok(docs),
        (_, Some(e)) => Err(e),
    }
}

/// How deep flow collections may nest: go-yaml's `max_flow_level` (its
/// scanner refuses more; ours would take minutes to find out).
const MAX_FLOW_LEVEL: usize = 10_000;

/// Reads documents as kubectl's stream decoder does: split at `---` lines
/// (`YAMLReader`: only spaces or a comment may follow), each converted on its
/// own (so an error's line counts from its document's start), up to the
/// first error; the documents before it are kept, as kubectl applies them.
/// A UTF-8 byte-order mark is dropped (the file visitor's `BOMOverride`).
pub fn parse_stream(text: &str) -> (Vec<Value>, Option<ParseError>) {
    use serde::Deserialize;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut docs = Vec::new();
    let mut chunk_start = 0;
    let mut offset = 0;
    let mut chunks = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if !rest.is_empty() && !rest.starts_with('#') {
                chunks.push(Err(ParseError(format!("invalid Yaml document separator: {rest}"))));
                break;
            }
            chunks.push(Ok(&text[chunk_start..offset]));
            chunk_start = offset + line.len();
        }
        offset += line.len();
    }
    if chunks.last().is_none_or(Result::is_ok) {
        chunks.push(Ok(&text[chunk_start.min(text.len())..]));
    }
    for chunk in chunks {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => return (docs, Some(e)),
        };
        if chunk.trim().is_empty() {
            continue;
        }
        if flow_depth_exceeds(chunk, MAX_FLOW_LEVEL) {
            return (docs, Some(ParseError(format!("yaml: exceeded max depth of {MAX_FLOW_LEVEL}"))));
        }
        for doc in serde_yaml::Deserializer::from_str(chunk) {
            match Json::deserialize(doc) {
                Ok(Json(Value::Null)) => {}
                Ok(Json(v)) => docs.push(v),
                Err(e) => return (docs, Some(ParseError(go_yaml_message(&e)))),
            }
        }
    }
    (docs, None)
}

/// Whether `[`/`{` nest deeper than `max` outside quotes and comments.
fn flow_depth_exceeds(text: &str, max: usize) -> bool {
    let (mut depth, mut quote, mut comment, mut prev) = (0usize, None, false, ' ');
    for c in text.chars() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if depth > 0 => quote = Some(c),
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    false
}

/// A YAML value read straight into JSON as `sigs.k8s.io/yaml` converts it:
/// keys become strings (`true`, `1`, `null`), a key given twice keeps its
/// last value (go-yaml v2 does not complain), a whole float is an integer
/// (Go's JSON writes 1e9 as 1000000000), a tag is dropped for its value.
struct Json(Value);

impl<'de> serde::Deserialize<'de> for Json {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> serde::de::Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json(Value::Bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json(Value::from(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json(Value::from(n)))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Json, E> {
        if f.fract() == 0.0 && f.abs() < 9.2e18 {
            return Ok(Json(Value::from(f as i64)));
        }
        Ok(Json(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json(Value::String(s.into())))
    }
    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json(Value::String(s)))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json(Value::Null))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        serde::Deserialize::deserialize(d)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(Json(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Json(Value::Array(items)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(Json(key)) = map.next_key()? {
            let key = match key {
                Value::String(s) => s,
                // A sequence or mapping as a key (go-yaml refuses it): kept as its JSON text.
                other => other.to_string(),
            };
            let Json(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Json(Value::Object(out)))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Json, A::Error> {
        use serde::de::VariantAccess;
        let (_, variant): (serde::de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant()
    }
}

fn go_yaml_message(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    let problem = text.split(" at line ").next().unwrap_or(&text).to_string();
    let problem = problem.split(", while ").next().unwrap_or(&problem).to_string();
    // Newer libyaml names tabs; go-yaml's older port says what it always said.
    let problem = problem
        .replace("found a tab character that violates indentation", "found character that cannot start any token");
    let Some(loc) = e.location() else { return format!("yaml: {problem}") };
    // go-yaml reports a scanner error on its own line, a parser error on the
    // line before (it does not step past the line it was reading).
    const SCANNER: &[&str] = &[
        "found character that cannot start any token",
        "mapping values are not allowed in this context",
        "could not find expected ':'",
        "found unexpected end of stream",
        "found a tab character that violates indentation",
        "found unknown escape character",
        "found undefined tag handle",
        "did not find expected comment or line break",
        "found unexpected document indicator",
        "did not find expected alphabetic or numeric character",
    ];
    let line = if SCANNER.iter().any(|s| problem.starts_with(s)) { loc.line() } else { loc.line().saturating_sub(1) };
    if line == 0 { format!("yaml: {problem}") } else { format!("yaml: line {line}: {problem}") }
}

/// `-o json`: Go's `json.MarshalIndent` with 4 spaces, keys sorted (kubectl
/// prints server objects as unstructured maps), HTML characters escaped.
pub fn to_json_text(value: &Value) -> String {
    let sorted = sort_keys(value);
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(&sorted, &mut ser).expect("a JSON value always serializes");
    let text = String::from_utf8(buf).expect("serde_json writes UTF-8");
    escape_html(&text) + "\n"
}

/// The same, keeping the value's own key order (objects kubectl builds itself:
/// `--dry-run=client -o json` prints Go struct order).
pub fn to_json_text_ordered(value: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(value, &mut ser).expect("a JSON value always serializes");
    escape_html(&String::from_utf8(buf).expect("serde_json writes UTF-8")) + "\n"
}

fn escape_html(s: &str) -> String {
    s.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

pub fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            Value::Object(keys.into_iter().map(|k| (k.clone(), sort_keys(&map[k]))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_are_quoted_as_go_yaml_quotes_them() {
        let v = json!({"a": "80", "b": "2026-03-02T09:00:00Z", "c": "yes", "d": "", "e": "hello world: x",
            "f": "*", "g": "nginx", "h": "1:20", "i": "nginx:1.27", "j": "a\nb", "k": "{\"x\":1}\n", "l": [], "m": {}});
        assert_eq!(
            to_yaml(&v),
            "a: \"80\"\nb: \"2026-03-02T09:00:00Z\"\nc: \"yes\"\nd: \"\"\ne: 'hello world: x'\nf: '*'\ng: nginx\n\
             h: \"1:20\"\ni: nginx:1.27\nj: |-\n  a\n  b\nk: |\n  {\"x\":1}\nl: []\nm: {}\n"
        );
    }

    #[test]
    fn sequences_are_indentless_and_long_lines_fold() {
        let v = json!({"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 80}]}]},
            "status": {"message": "Back-off pulling image \"nginx:1.999\": ErrImagePull: rpc error: code = NotFound desc = failed to pull"}});
        assert_eq!(
            to_yaml(&v),
            "spec:\n  containers:\n  - name: web\n    ports:\n    - containerPort: 80\nstatus:\n  message: 'Back-off pulling image \"nginx:1.999\": ErrImagePull: rpc error: code =\n    NotFound desc = failed to pull'\n"
        );
    }

    #[test]
    fn parse_errors_read_like_go_yaml() {
        let e = parse_documents("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n bad: y\n").unwrap_err();
        assert!(e.0.starts_with("yaml: line "), "{e:?}");
        let e = parse_documents("a: b\n\tc: d\n").unwrap_err();
        assert_eq!(e.0, "yaml: line 2: found character that cannot start any token");
        assert_eq!(parse_documents("---\na: 1\n---\n---\nb: 2\n").unwrap().len(), 2);
    }
}
