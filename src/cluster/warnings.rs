//! The warnings the API server sends back with a create or an update
//! (`pkg/api/pod/warnings.go`), which kubectl prints as `Warning: …` on
//! stderr: deprecated node labels in a nodeSelector, deprecated volume
//! plugins, a container port defined twice, an environment variable that
//! hides an earlier one. (Its alpha annotations of 2017 are left out.)

use super::Object;
use super::objects::pod::{Container, PodSpec};

/// The warnings for a new object.
pub fn on_create(obj: &Object) -> Vec<String> {
    match pod_spec(obj) {
        Some((spec, path)) => pod_spec_warnings(spec, path),
        None => Vec::new(),
    }
}

/// The warnings for an update: only when the pod spec (or template) changed.
pub fn on_update(old: &Object, new: &Object) -> Vec<String> {
    match (pod_spec(old), pod_spec(new)) {
        (Some((before, _)), Some((after, path))) if before != after => pod_spec_warnings(after, path),
        _ => Vec::new(),
    }
}

/// The pod spec an object carries and its field path.
fn pod_spec(obj: &Object) -> Option<(&PodSpec, &'static str)> {
    match obj {
        Object::Pod(p) => Some((&p.spec, "spec")),
        Object::Deployment(d) => Some((&d.spec.template.spec, "spec.template.spec")),
        Object::ReplicaSet(rs) => Some((&rs.spec.template.spec, "spec.template.spec")),
        _ => None,
    }
}

/// Node labels replaced by others (`nodeapi.deprecatedNodeLabels`).
const DEPRECATED_NODE_LABELS: [(&str, &str); 5] = [
    ("beta.kubernetes.io/arch", "deprecated since v1.14; use \"kubernetes.io/arch\" instead"),
    ("beta.kubernetes.io/os", "deprecated since v1.14; use \"kubernetes.io/os\" instead"),
    (
        "failure-domain.beta.kubernetes.io/region",
        "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead",
    ),
    ("failure-domain.beta.kubernetes.io/zone", "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead"),
    ("beta.kubernetes.io/instance-type", "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead"),
];

/// Volume plugins deprecated or removed, in the order the API server checks them.
const DEPRECATED_VOLUMES: [(&str, &str); 9] = [
    ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+"),
    ("gitRepo", "deprecated in v1.11"),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+"),
    ("flocker", "deprecated in v1.22, non-functional in v1.25+"),
    ("storageOS", "deprecated in v1.22, non-functional in v1.25+"),
    ("quobyte", "deprecated in v1.22, non-functional in v1.25+"),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+"),
    ("cephfs", "deprecated in v1.28, non-functional in v1.31+"),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+"),
];

fn pod_spec_warnings(spec: &PodSpec, path: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    // (Go's map order is random; ours is the table's.)
    for (label, why) in DEPRECATED_NODE_LABELS {
        if spec.node_selector.contains_key(label) {
            warnings.push(format!("{path}.nodeSelector[{label}]: {why}"));
        }
    }
    for (i, volume) in spec.volumes.iter().enumerate() {
        for (plugin, why) in DEPRECATED_VOLUMES {
            if volume.source.get(plugin).is_some() {
                warnings.push(format!("{path}.volumes[{i}].{plugin}: {why}"));
            }
        }
    }
    let containers: Vec<(usize, &Container, &str)> = (spec.init_containers.iter().enumerate())
        .map(|(i, c)| (i, c, "initContainers"))
        .chain(spec.containers.iter().enumerate().map(|(i, c)| (i, c, "containers")))
        .collect();
    // Environment variables defined twice (the later one wins; apply may drop it).
    for &(index, c, list) in &containers {
        let mut seen: Vec<&str> = Vec::new();
        for (i, env) in c.env.iter().enumerate() {
            if !seen.contains(&env.name.as_str()) {
                seen.push(&env.name);
                continue;
            }
            let reference = format!("$({})", env.name);
            let value = env.value.as_deref().unwrap_or("");
            if env.value_from.is_some() || value == reference || !value.contains(&reference) {
                warnings.push(format!(
                    "{path}.{list}[{index}].env[{i}]: hides previous definition of \"{}\", which may be dropped when using apply",
                    env.name
                ));
            }
        }
    }
    // The same port and protocol twice, across all containers.
    let mut ports: Vec<(String, i32, String)> = Vec::new();
    for &(index, c, list) in &containers {
        for (i, port) in c.ports.iter().enumerate() {
            let protocol = if port.protocol.is_empty() { "TCP" } else { &port.protocol };
            let key = format!("{}/{protocol}", port.container_port);
            let field = format!("{path}.{list}[{index}].ports[{i}]");
            let host_port = port.host_port.unwrap_or(0);
            for (_, other_host_port, other) in ports.iter().filter(|(k, _, _)| *k == key) {
                if host_port == *other_host_port {
                    warnings.push(format!("{field}: duplicate port definition with {other}"));
                } else if host_port == 0 || *other_host_port == 0 {
                    warnings.push(format!("{field}: overlapping port definition with {other}"));
                }
            }
            ports.push((key, host_port, field));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(yaml: &str) -> Object {
        let value: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
        Object::Pod(std::sync::Arc::new(crate::cluster::codec::from_value(&value).unwrap()))
    }

    #[test]
    fn a_port_or_a_variable_defined_twice_is_warned_about_as_the_api_server_does() {
        let p = pod(
            "metadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx\n    ports: [{containerPort: 80}, {containerPort: 80, name: http}]\n    env: [{name: X, value: '1'}, {name: X, value: '2'}, {name: X, value: '$(X)-3'}]\n",
        );
        assert_eq!(
            on_create(&p),
            [
                "spec.containers[0].env[1]: hides previous definition of \"X\", which may be dropped when using apply",
                "spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]",
            ]
        );
        assert!(on_update(&p, &p).is_empty(), "an update that keeps the spec says nothing");
    }

    #[test]
    fn deprecated_node_labels_and_volumes_are_warned_about() {
        let p = pod(
            "metadata:\n  name: p\nspec:\n  nodeSelector: {beta.kubernetes.io/os: linux}\n  containers: [{name: a, image: nginx}]\n  volumes: [{name: v, gitRepo: {repository: x}}]\n",
        );
        assert_eq!(
            on_create(&p),
            [
                "spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \"kubernetes.io/os\" instead",
                "spec.volumes[0].gitRepo: deprecated in v1.11",
            ]
        );
    }
}
