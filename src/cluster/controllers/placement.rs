//! Where a pod may go beyond resources (issue 14): taints and tolerations
//! (`v1.Toleration.ToleratesTaint`), `nodeSelector`'s big brother
//! `nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` (its
//! `matchExpressions`: In, NotIn, Exists, DoesNotExist, Gt, Lt). The
//! scheduler calls it only for a tainted node or a pod with an affinity (the
//! page's lazy part).

use serde_json::Value;

use crate::cluster::objects::core::Node;
use crate::cluster::objects::pod::Pod;

pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Whether a toleration tolerates a taint.
pub fn tolerates(toleration: &Value, taint: &Value) -> bool {
    let effect = text(toleration, "effect");
    if !effect.is_empty() && effect != text(taint, "effect") {
        return false;
    }
    let key = text(toleration, "key");
    if !key.is_empty() && key != text(taint, "key") {
        return false;
    }
    match text(toleration, "operator") {
        "Exists" => true,
        "" | "Equal" => text(toleration, "value") == text(taint, "value"),
        _ => false,
    }
}

/// The scheduler's TaintToleration filter: the first NoSchedule or NoExecute
/// taint the pod does not tolerate, as the scheduler words it.
#[inline(never)] // the page's lazy part (scripts/lazy.txt)
pub(crate) fn taint_misfit(pod: &Pod, node: &Node) -> Option<String> {
    let none = Vec::new();
    let tolerations = pod.spec.extra.get("tolerations").and_then(Value::as_array).unwrap_or(&none);
    node.spec
        .taints
        .iter()
        .filter(|t| matches!(text(t, "effect"), "NoSchedule" | "NoExecute"))
        .find(|t| !tolerations.iter().any(|tol| tolerates(tol, t)))
        .map(|t| format!("node(s) had untolerated taint {{{}: {}}}", text(t, "key"), text(t, "value")))
}

/// The NodeAffinity filter's required part: some term whose expressions all
/// match the node's labels (terms are ORed, expressions ANDed).
#[inline(never)]
pub(crate) fn affinity_fits(pod: &Pod, node: &Node) -> bool {
    let required = pod
        .spec
        .extra
        .get("affinity")
        .and_then(|a| a.get("nodeAffinity"))
        .and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .and_then(|r| r.get("nodeSelectorTerms"))
        .and_then(Value::as_array);
    let Some(terms) = required else { return true };
    let labels = &node.metadata.labels;
    terms.iter().any(|term| {
        let exprs = term.get("matchExpressions").and_then(Value::as_array);
        let fields = term.get("matchFields").and_then(Value::as_array);
        if exprs.is_none_or(|e| e.is_empty()) && fields.is_none_or(|f| f.is_empty()) {
            return false;
        }
        let matches = |e: &Value, value: Option<&str>| {
            let values: Vec<&str> =
                e.get("values").and_then(Value::as_array).map(|v| v.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            let number = |s: &str| s.parse::<i64>().ok();
            match text(e, "operator") {
                "In" => value.is_some_and(|v| values.contains(&v)),
                "NotIn" => value.is_none_or(|v| !values.contains(&v)),
                "Exists" => value.is_some(),
                "DoesNotExist" => value.is_none(),
                "Gt" => matches!((value.and_then(number), values.first().and_then(|v| number(v))), (Some(a), Some(b)) if a > b),
                "Lt" => matches!((value.and_then(number), values.first().and_then(|v| number(v))), (Some(a), Some(b)) if a < b),
                _ => false,
            }
        };
        exprs.into_iter().flatten().all(|e| matches(e, labels.get(text(e, "key")).map(String::as_str)))
            && fields.into_iter().flatten().all(|e| {
                matches(e, (text(e, "key") == "metadata.name").then_some(node.metadata.name.as_str()))
            })
    })
}
