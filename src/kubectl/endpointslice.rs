//! EndpointSlices: their `get` row (printers.go's printEndpointSlice: ports
//! and addresses, three at most then ` + N more...`, `<unset>` when none; no
//! wide columns) and `describe` (describe.go's describeEndpointSliceV1). In
//! the page's lazy part: reached only with a slice in hand.

use std::fmt::Write;

use crate::cluster::objects::discovery::EndpointSlice;
use crate::cluster::time::Time;

use super::age::human;

pub const SLICE_HEADER: [&str; 5] = ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"];

/// listWithMoreString: the first three joined by commas, then ` + N more...`.
fn list_with_more(items: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = items.collect();
    let shown = all.iter().take(3).cloned().collect::<Vec<_>>().join(",");
    if all.len() > 3 {
        format!("{shown} + {} more...", all.len() - 3)
    } else if shown.is_empty() {
        "<unset>".into()
    } else {
        shown
    }
}

#[inline(never)]
pub fn slice_row(s: &EndpointSlice, now: Time) -> Vec<String> {
    // formatDiscoveryPorts: the number, else the name, else `*`.
    let ports = list_with_more(s.port_list().iter().map(|p| match (p.port, &p.name) {
        (Some(n), _) => n.to_string(),
        (None, Some(name)) => name.clone(),
        (None, None) => "*".into(),
    }));
    let endpoints = list_with_more(s.endpoint_list().iter().flat_map(|e| e.addresses.iter().cloned()));
    vec![
        s.metadata.name.clone(),
        s.address_type.clone(),
        ports,
        endpoints,
        s.metadata.creation_timestamp.map_or("<unknown>".to_string(), |t| human(now.since(t))),
    ]
}

#[inline(never)]
pub fn describe_slice(w: &mut String, s: &EndpointSlice) {
    let m = &s.metadata;
    let _ = writeln!(w, "Name:\t{}", m.name);
    let _ = writeln!(w, "Namespace:\t{}", m.namespace);
    super::describe::labels(w, "", "Labels", &m.labels);
    super::describe::annotations(w, "", &m.annotations);
    let _ = writeln!(w, "AddressType:\t{}", s.address_type);
    if s.port_list().is_empty() {
        w.push_str("Ports: <unset>\n");
    } else {
        w.push_str("Ports:\n  Name\tPort\tProtocol\n  ----\t----\t--------\n");
        for p in s.port_list() {
            let name = p.name.as_deref().filter(|n| !n.is_empty()).unwrap_or("<unset>");
            let port = p.port.map_or("<unset>".to_string(), |n| n.to_string());
            let _ = writeln!(w, "  {name}\t{port}\t{}", p.protocol.as_deref().unwrap_or(""));
        }
    }
    if s.endpoint_list().is_empty() {
        w.push_str("Endpoints: <none>\n");
        return;
    }
    w.push_str("Endpoints:\n");
    let unset = |v: &Option<String>| v.clone().unwrap_or_else(|| "<unset>".into());
    for e in s.endpoint_list() {
        let addresses = if e.addresses.is_empty() { "<none>".to_string() } else { e.addresses.join(", ") };
        let _ = writeln!(w, "  - Addresses:\t{addresses}");
        w.push_str("    Conditions:\n");
        let ready = e.conditions.ready.map_or("<unset>", |r| if r { "true" } else { "false" });
        let _ = writeln!(w, "      Ready:\t{ready}");
        let _ = writeln!(w, "    Hostname:\t{}", unset(&e.hostname));
        if let Some(t) = &e.target_ref {
            let _ = writeln!(w, "    TargetRef:\t{}/{}", t.kind, t.name);
        }
        let _ = writeln!(w, "    NodeName:\t{}", unset(&e.node_name));
        let _ = writeln!(w, "    Zone:\t{}", unset(&e.zone));
    }
}
