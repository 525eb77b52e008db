//! kubectl's JSONPath templates (`client-go/util/jsonpath`): `{.a.b}`,
//! `[0]`, `[*]`, `[-1]`, `[1:3]`, `..name`, `['key.with.dots']`,
//! filters `[?(@.type=="Ready")]`, `{range …}{end}` and string literals
//! (`{"\n"}`). Missing keys print nothing, as `get` allows them by default.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Segment {
    Field(String),
    Recursive(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Wildcard,
    Filter(Vec<Segment>, Option<(String, Literal)>),
}

#[derive(Clone, Debug, PartialEq)]
enum Literal {
    Text(String),
    Number(f64),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    Path(Vec<Segment>),
    Range(Vec<Segment>, Vec<Node>),
}

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template(Vec<Node>);

impl Template {
    /// Parses a template; the error is client-go's wording after `error: `.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut nodes = Vec::new();
        let mut stack: Vec<(Vec<Segment>, Vec<Node>)> = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let Some(open) = rest.find('{') else {
                push(&mut stack, &mut nodes, Node::Text(rest.to_string()));
                break;
            };
            if open > 0 {
                push(&mut stack, &mut nodes, Node::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let close = find_close(after).ok_or_else(|| format!("unclosed action"))?;
            let action = after[..close].trim();
            rest = &after[close + 1..];
            if let Some(path) = action.strip_prefix("range ") {
                stack.push((parse_path(path.trim())?, Vec::new()));
            } else if action == "end" {
                let (path, body) = stack.pop().ok_or_else(|| "not in range, nothing to end".to_string())?;
                push(&mut stack, &mut nodes, Node::Range(path, body));
            } else if let Some(lit) = string_literal(action) {
                push(&mut stack, &mut nodes, Node::Text(lit));
            } else {
                push(&mut stack, &mut nodes, Node::Path(parse_path(action)?));
            }
        }
        if !stack.is_empty() {
            return Err("unclosed range".into());
        }
        Ok(Template(nodes))
    }

    /// Renders the template on a value.
    pub fn render(&self, root: &Value) -> String {
        let mut out = String::new();
        render_nodes(&self.0, root, root, &mut out);
        out
    }

    /// The values each path of the template selects (custom columns, sort-by).
    pub fn values(&self, root: &Value) -> Vec<Value> {
        let mut found = Vec::new();
        for node in &self.0 {
            if let Node::Path(path) = node {
                found.extend(eval(path, root, root).into_iter().cloned());
            }
        }
        found
    }
}

fn push(stack: &mut [(Vec<Segment>, Vec<Node>)], nodes: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some((_, body)) => body.push(node),
        None => nodes.push(node),
    }
}

/// The index of the `}` closing an action, skipping quoted text.
fn find_close(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '}' => return Some(i),
                _ => {}
            },
        }
    }
    None
}

fn string_literal(action: &str) -> Option<String> {
    let inner = action.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn parse_path(text: &str) -> Result<Vec<Segment>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut segs = Vec::new();
    if chars.first() == Some(&'$') {
        i = 1;
    } else if chars.first() == Some(&'@') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                i += 2;
                segs.push(Segment::Recursive(field_name(&chars, &mut i)));
            }
            '.' => {
                i += 1;
                let name = field_name(&chars, &mut i);
                if name == "*" {
                    segs.push(Segment::Wildcard);
                } else if !name.is_empty() {
                    segs.push(Segment::Field(name));
                }
            }
            '[' => {
                let close = find_bracket(&chars, i).ok_or_else(|| format!("unterminated array"))?;
                let inner: String = chars[i + 1..close].iter().collect();
                segs.push(parse_bracket(inner.trim())?);
                i = close + 1;
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], '.' | '[') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                return Err(format!("unrecognized identifier {word}"));
            }
        }
    }
    Ok(segs)
}

/// A field name up to the next `.` or `[`; `\.` is a dot inside the name
/// (`{.metadata.annotations.kubernetes\.io/change-cause}`), as client-go reads it.
fn field_name(chars: &[char], i: &mut usize) -> String {
    let mut name = String::new();
    while *i < chars.len() && !matches!(chars[*i], '.' | '[') {
        if chars[*i] == '\\' && chars.get(*i + 1) == Some(&'.') {
            name.push('.');
            *i += 2;
        } else {
            name.push(chars[*i]);
            *i += 1;
        }
    }
    name
}

fn find_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, &c) in chars.iter().enumerate().skip(open) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

fn parse_bracket(inner: &str) -> Result<Segment, String> {
    if inner == "*" {
        return Ok(Segment::Wildcard);
    }
    if let Some(q) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Ok(Segment::Field(q.to_string()));
    }
    if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Ok(Segment::Field(q.to_string()));
    }
    if let Some(filter) = inner.strip_prefix("?(").and_then(|s| s.strip_suffix(')')) {
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if let Some((left, right)) = filter.split_once(op) {
                let path = parse_path(left.trim())?;
                let right = right.trim();
                let lit = if let Some(s) = right
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .or_else(|| right.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                {
                    Literal::Text(s.to_string())
                } else if let Ok(n) = right.parse::<f64>() {
                    Literal::Number(n)
                } else {
                    Literal::Text(right.to_string())
                };
                return Ok(Segment::Filter(path, Some((op.to_string(), lit))));
            }
        }
        return Ok(Segment::Filter(parse_path(filter.trim())?, None));
    }
    if let Some((a, b)) = inner.split_once(':') {
        let num = |s: &str| -> Result<Option<i64>, String> {
            let s = s.trim();
            if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| format!("invalid array index {s}")) }
        };
        let b = b.split(':').next().unwrap_or("");
        return Ok(Segment::Slice(num(a)?, num(b)?));
    }
    inner.parse::<i64>().map(Segment::Index).map_err(|_| format!("invalid array index {inner}"))
}

fn eval<'a>(path: &[Segment], value: &'a Value, root: &'a Value) -> Vec<&'a Value> {
    let mut current = vec![value];
    for seg in path {
        let mut next = Vec::new();
        for v in current {
            match seg {
                Segment::Field(name) => {
                    if let Some(x) = v.get(name) {
                        next.push(x);
                    }
                }
                Segment::Recursive(name) => collect_recursive(v, name, &mut next),
                Segment::Index(i) => {
                    if let Value::Array(items) = v {
                        let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                        if let Some(x) = usize::try_from(idx).ok().and_then(|k| items.get(k)) {
                            next.push(x);
                        }
                    }
                }
                Segment::Slice(a, b) => {
                    if let Value::Array(items) = v {
                        let len = items.len() as i64;
                        let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let start = a.map_or(0, norm);
                        let end = b.map_or(len, norm);
                        if start < end {
                            next.extend(items[start as usize..end as usize].iter());
                        }
                    }
                }
                Segment::Wildcard => match v {
                    Value::Array(items) => next.extend(items.iter()),
                    Value::Object(map) => next.extend(map.values()),
                    _ => {}
                },
                Segment::Filter(inner, cond) => {
                    if let Value::Array(items) = v {
                        for item in items {
                            let found = eval(inner, item, root);
                            let keep = match cond {
                                None => !found.is_empty(),
                                Some((op, lit)) => found.iter().any(|f| compare(f, op, lit)),
                            };
                            if keep {
                                next.push(item);
                            }
                        }
                    }
                }
            }
        }
        current = next;
    }
    current
}

fn collect_recursive<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if let Some(x) = map.get(name) {
                out.push(x);
            }
            for child in map.values() {
                collect_recursive(child, name, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| collect_recursive(c, name, out)),
        _ => {}
    }
}

fn compare(v: &Value, op: &str, lit: &Literal) -> bool {
    use std::cmp::Ordering;
    let ord = match (v, lit) {
        (Value::Number(n), Literal::Number(l)) => n.as_f64().and_then(|x| x.partial_cmp(l)),
        (Value::String(s), Literal::Text(l)) => Some(s.as_str().cmp(l.as_str())),
        (Value::Bool(b), Literal::Text(l)) => Some(b.to_string().as_str().cmp(l.as_str())),
        _ => None,
    };
    match (op, ord) {
        ("==", Some(o)) => o == Ordering::Equal,
        ("!=", Some(o)) => o != Ordering::Equal,
        ("!=", None) => true,
        ("<", Some(o)) => o == Ordering::Less,
        (">", Some(o)) => o == Ordering::Greater,
        ("<=", Some(o)) => o != Ordering::Greater,
        (">=", Some(o)) => o != Ordering::Less,
        _ => false,
    }
}

fn render_nodes(nodes: &[Node], value: &Value, root: &Value, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Path(path) => {
                let found = eval(path, value, root);
                let texts: Vec<String> = found.iter().map(|v| print_value(v)).collect();
                out.push_str(&texts.join(" "));
            }
            Node::Range(path, body) => {
                for item in eval(path, value, root) {
                    match item {
                        Value::Array(items) if path.last().is_some_and(|s| !matches!(s, Segment::Wildcard)) => {
                            for x in items {
                                render_nodes(body, x, root, out);
                            }
                        }
                        _ => render_nodes(body, item, root, out),
                    }
                }
            }
        }
    }
}

/// How a JSONPath result prints: strings raw, everything else as compact JSON.
pub fn print_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(&super::yaml::sort_keys(other)).unwrap_or_default(),
    }
}

/// Go's `%v` of a decoded JSON value (custom columns): `map[ip:10.244.0.5]`, `[a b]`.
pub fn go_format(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        // Decoded as kubectl decodes JSON: int64 when it fits, else float64.
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(f)) => go_float(f),
            _ => n.to_string(),
        },
        Value::Array(items) => format!("[{}]", items.iter().map(go_format).collect::<Vec<_>>().join(" ")),
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            crate::sort::sort(&mut keys);
            format!(
                "map[{}]",
                keys.iter().map(|k| format!("{k}:{}", go_format(&map[*k]))).collect::<Vec<_>>().join(" ")
            )
        }
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(x, 'g', -1, 64)`): the
/// shortest digits, with an exponent below 1e-4 and from 1e6
/// (`1e+06`, `1.5e-07`, `0.5`, `100000`).
pub fn go_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let (digits, exp) = shortest(x.abs());
    if (-4..6).contains(&exp) {
        let dp = exp + 1;
        let nd = digits.len() as i32;
        return if dp <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-dp) as usize))
        } else if dp >= nd {
            format!("{sign}{digits}{}", "0".repeat((dp - nd) as usize))
        } else {
            format!("{sign}{}.{}", &digits[..dp as usize], &digits[dp as usize..])
        };
    }
    let mant = if digits.len() > 1 { format!("{}.{}", &digits[..1], &digits[1..]) } else { digits };
    format!("{sign}{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

/// The shortest decimal digits that read back as `x` (finite, positive),
/// and the exponent of the first one: 1500.0 is ("15", 3). From `Display`,
/// which prints those digits in full: `{:e}` would add its own code.
pub fn shortest(x: f64) -> (String, i32) {
    decimal_digits(&x.to_string())
}

/// The significant digits of a plain decimal (`0.0012`, `1500`) and the
/// exponent of the first; zero is ("0", 0).
pub fn decimal_digits(s: &str) -> (String, i32) {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all[lead..].trim_end_matches('0');
    if digits.is_empty() {
        return ("0".into(), 0);
    }
    (digits.to_string(), int.len() as i32 - 1 - lead as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_kubectl_templates() {
        let list = json!({"items": [
            {"metadata": {"name": "a"}, "status": {"podIP": "10.244.0.5", "conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "b"}, "status": {"podIP": "10.244.0.6", "conditions": [{"type": "Ready", "status": "False"}]}}
        ]});
        let t = |s: &str| Template::parse(s).unwrap().render(&list);
        assert_eq!(t("{.items[*].metadata.name}"), "a b");
        assert_eq!(t("{.items[0].metadata.name}"), "a");
        assert_eq!(t("{.items[-1].metadata.name}"), "b");
        assert_eq!(
            t("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}"),
            "a\t10.244.0.5\nb\t10.244.0.6\n"
        );
        assert_eq!(t("{.items[?(@.status.conditions[0].status==\"True\")].metadata.name}"), "a");
        assert_eq!(t("{..podIP}"), "10.244.0.5 10.244.0.6");
        assert_eq!(t("{.items[0].status.conditions}"), "[{\"status\":\"True\",\"type\":\"Ready\"}]");
        assert_eq!(t("{.nothing}"), "");
        assert_eq!(t("names: {.items[*].metadata.name}"), "names: a b");
        assert_eq!(go_format(&json!([{"ip": "10.244.3.4"}])), "[map[ip:10.244.3.4]]");
    }

    #[test]
    fn numbers_print_as_go_prints_decoded_json() {
        for (x, go) in [
            (0.5, "0.5"),
            (1e6, "1e+06"),
            (100000.0, "100000"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (123456789.0, "1.23456789e+08"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(go_float(x), go, "{x}");
        }
        assert_eq!(go_format(&json!({"b": 2.5, "a": 3, "c": [1e21, null]})), "map[a:3 b:2.5 c:[1e+21 <nil>]]");
    }

    #[test]
    fn an_escaped_dot_stays_in_the_field_name() {
        let d = json!({"metadata": {"annotations": {"kubernetes.io/change-cause": "image movies"}, "labels": {"a.b": "x"}}});
        let t = |s: &str| Template::parse(s).unwrap().render(&d);
        assert_eq!(t("{.metadata.annotations.kubernetes\\.io/change-cause}"), "image movies");
        assert_eq!(t("{.metadata.labels.a\\.b}"), "x");
        assert_eq!(t("{..a\\.b}"), "x");
    }
}
