//! `--field-selector`: the API server's field selectors (`status.phase=Running`,
//! `spec.nodeName!=minikube`), with the fields each kind supports and the
//! server's words when one is not (apimachinery `fields` and the kinds'
//! field-label conversion functions).

use serde_json::Value;

use crate::cluster::{Kind, Object};

/// A parsed selector: every term must hold.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSelector {
    text: String,
    terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq)]
struct Term {
    field: String,
    value: String,
    negated: bool,
}

impl FieldSelector {
    /// Parses `a=b,c!=d` (`==` too; `\,` `\=` `\\` escape), as `fields.ParseSelector`.
    pub fn parse(text: &str) -> Result<FieldSelector, String> {
        let mut terms = Vec::new();
        for part in split_unescaped(text, ',') {
            if part.is_empty() {
                continue;
            }
            // The first operator from the left; at one place, `!=` before `==` before `=`.
            let found = part.char_indices().find_map(|(i, _)| {
                let rest = &part[i..];
                ["!=", "==", "="].into_iter().find(|op| rest.starts_with(op)).map(|op| (i, op))
            });
            let Some((at, op)) = found else {
                return Err(format!("invalid selector: '{text}'; can't understand '{part}'"));
            };
            terms.push(Term {
                field: part[..at].to_string(),
                value: unescape(&part[at + op.len()..]),
                negated: op == "!=",
            });
        }
        Ok(FieldSelector { text: text.to_string(), terms })
    }

    /// The server's refusal of a field `kind` cannot be selected on.
    pub fn check(&self, kind: Kind) -> Result<(), String> {
        let fields = supported(kind);
        // Kinds with their own conversion function say it their way.
        let own =
            matches!(kind, Kind::Pod | Kind::Event | Kind::Secret | Kind::ReplicaSet | Kind::Namespace | Kind::Node);
        match self.terms.iter().find(|t| !fields.contains(&t.field.as_str())) {
            None => Ok(()),
            Some(t) if own => Err(format!("field label not supported: {}", t.field)),
            Some(t) => Err(format!(
                "\"{}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                t.field
            )),
        }
    }

    pub fn matches(&self, obj: &Object) -> bool {
        if self.terms.is_empty() {
            return true;
        }
        let value = obj.to_value();
        self.terms.iter().all(|t| (field_value(&value, &t.field) == t.value) != t.negated)
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// `--field-selector` for a list of `kinds`: parsed and checked as the server
/// does, refused in kubectl's words (cli-runtime's `Selector.Visit` names the
/// resource and both selectors).
pub fn for_kinds(text: Option<&str>, kinds: &[Kind], labels: Option<&str>) -> Result<Option<FieldSelector>, String> {
    let Some(text) = text else { return Ok(None) };
    let refusal = |k: &Kind, why: String| {
        format!(
            "Error from server (BadRequest): Unable to find \"{}/{}, Resource={}\" that match label selector \"{}\", field selector \"{text}\": {why}\n",
            k.group(),
            k.api_version().rsplit('/').next().unwrap_or("v1"),
            k.plural(),
            labels.unwrap_or_default(),
        )
    };
    let selector =
        FieldSelector::parse(text).map_err(|why| kinds.first().map_or_else(String::new, |k| refusal(k, why)))?;
    match kinds.iter().find_map(|k| selector.check(*k).err().map(|why| (k, why))) {
        Some((k, why)) => Err(refusal(k, why)),
        None => Ok(Some(selector)),
    }
}

/// The fields each kind's field-label conversion accepts (Kubernetes 1.32).
fn supported(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &[
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Kind::Event => &[
            "metadata.name",
            "metadata.namespace",
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        Kind::Secret => &["metadata.name", "metadata.namespace", "type"],
        Kind::ReplicaSet => &["metadata.name", "metadata.namespace", "status.replicas"],
        Kind::Namespace => &["metadata.name", "status.phase"],
        Kind::Node => &["metadata.name", "spec.unschedulable"],
        Kind::Job => &["metadata.name", "metadata.namespace", "status.successful"],
        _ => &["metadata.name", "metadata.namespace"],
    }
}

/// A field as the server's selectable-fields functions render it: booleans and
/// counts in Go's formatting, an absent field as its zero value.
fn field_value(obj: &Value, field: &str) -> String {
    let path = match field {
        // An event's `source` is its source component.
        "source" => "source.component",
        // A Job's `status.successful` is its succeeded count.
        "status.successful" => "status.succeeded",
        f => f,
    };
    let found = path.split('.').try_fold(obj, |v, key| v.get(key));
    match (found, field) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(Value::Bool(b)), _) => b.to_string(),
        (Some(Value::Number(n)), _) => n.to_string(),
        (_, "spec.hostNetwork" | "spec.unschedulable") => "false".into(),
        (_, "status.replicas" | "status.successful") => "0".into(),
        _ => String::new(),
    }
}

/// Splits on `sep` where it is not escaped by a backslash.
fn split_unescaped(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == sep => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(n @ ('\\' | ',' | '='))) => {
                out.push(n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_as_apimachinery_does() {
        let s = FieldSelector::parse("status.phase=Running,spec.nodeName!=minikube").unwrap();
        assert_eq!(s.terms.len(), 2);
        assert!(s.terms[1].negated);
        assert_eq!(FieldSelector::parse("a==b").unwrap().terms[0].value, "b");
        assert_eq!(FieldSelector::parse("a=x\\,y").unwrap().terms[0].value, "x,y");
        assert_eq!(FieldSelector::parse("").unwrap().terms, vec![]);
        assert_eq!(
            FieldSelector::parse("status.phase").unwrap_err(),
            "invalid selector: 'status.phase'; can't understand 'status.phase'"
        );
    }

    #[test]
    fn each_kind_has_its_fields_and_its_words() {
        let s = FieldSelector::parse("status.hostIP=1.2.3.4").unwrap();
        assert_eq!(s.check(Kind::Pod).unwrap_err(), "field label not supported: status.hostIP");
        let s = FieldSelector::parse("spec.replicas=2").unwrap();
        assert_eq!(
            s.check(Kind::Deployment).unwrap_err(),
            "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        );
        assert!(FieldSelector::parse("metadata.name=web").unwrap().check(Kind::Service).is_ok());
        assert!(FieldSelector::parse("status.replicas=0").unwrap().check(Kind::ReplicaSet).is_ok());
    }

    #[test]
    fn absent_fields_read_as_go_zero_values() {
        let pod = serde_json::json!({"metadata": {"name": "p"}, "spec": {}, "status": {"phase": "Pending"}});
        assert_eq!(field_value(&pod, "spec.hostNetwork"), "false");
        assert_eq!(field_value(&pod, "status.phase"), "Pending");
        assert_eq!(field_value(&pod, "spec.nodeName"), "");
        let rs = serde_json::json!({"status": {"replicas": 3}});
        assert_eq!(field_value(&rs, "status.replicas"), "3");
    }
}
