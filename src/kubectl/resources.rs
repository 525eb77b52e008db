//! Resource names as kubectl's REST mapper resolves them: plural, singular,
//! short names and kinds (`pods`, `pod`, `po`, `Pod`, `deployments.apps`).

use crate::cluster::Kind;

/// Short names as `kubectl api-resources` lists them.
pub fn short_names(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Namespace => &["ns"],
        Kind::Node => &["no"],
        Kind::Pod => &["po"],
        Kind::Service => &["svc"],
        Kind::Endpoints => &["ep"],
        Kind::Deployment => &["deploy"],
        Kind::ReplicaSet => &["rs"],
        Kind::Event => &["ev"],
        Kind::ConfigMap => &["cm"],
        Kind::Secret | Kind::Job | Kind::IngressClass => &[],
        Kind::Ingress => &["ing"],
        Kind::CronJob => &["cj"],
        Kind::StorageClass => &["sc"],
        Kind::PersistentVolume => &["pv"],
        Kind::PersistentVolumeClaim => &["pvc"],
        Kind::StatefulSet => &["sts"],
        Kind::DaemonSet => &["ds"],
        Kind::HorizontalPodAutoscaler => &["hpa"],
        Kind::EndpointSlice => &[],
    }
}

/// The singular resource name (`pod`, `deployment`).
pub fn singular(kind: Kind) -> String {
    kind.name().to_ascii_lowercase()
}

/// The kind a resource word names, or `None` (kubectl then says
/// `the server doesn't have a resource type "…"`).
pub fn resolve(word: &str) -> Option<Kind> {
    let lower = word.to_ascii_lowercase();
    let (name, group) = match lower.split_once('.') {
        Some((n, g)) => (n.to_string(), Some(g.to_string())),
        None => (lower, None),
    };
    let kind = Kind::ALL
        .into_iter()
        .find(|&k| name == k.plural() || name == singular(k) || short_names(k).contains(&name.as_str()))?;
    match group.as_deref() {
        None => Some(kind),
        Some(g) if g == kind.group() || (kind.group().is_empty() && g == "v1") => Some(kind),
        Some("apps/v1" | "v1.apps") if kind.group() == "apps" => Some(kind),
        Some("batch/v1" | "v1.batch") if kind.group() == "batch" => Some(kind),
        Some("v1.networking.k8s.io") if kind.group() == "networking.k8s.io" => Some(kind),
        Some("v1.storage.k8s.io") if kind.group() == "storage.k8s.io" => Some(kind),
        Some("v2.autoscaling" | "v1.autoscaling") if kind.group() == "autoscaling" => Some(kind),
        Some("v1.discovery.k8s.io") if kind.group() == "discovery.k8s.io" => Some(kind),
        Some(_) => None,
    }
}

/// `pod`, `deployment.apps`: the prefix of `-o name` and of success lines.
pub fn qualified(kind: Kind) -> String {
    match kind.group() {
        "" => singular(kind),
        g => format!("{}.{g}", singular(kind)),
    }
}

/// What `kubectl get all` lists, among the kinds we serve.
pub const ALL: [Kind; 9] = [
    Kind::Pod,
    Kind::Service,
    Kind::DaemonSet,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
    Kind::HorizontalPodAutoscaler,
    Kind::CronJob,
    Kind::Job,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_the_rest_mapper() {
        for (word, kind) in [
            ("po", Kind::Pod),
            ("Pods", Kind::Pod),
            ("deploy", Kind::Deployment),
            ("deployments.apps", Kind::Deployment),
            ("svc", Kind::Service),
            ("rs", Kind::ReplicaSet),
            ("ev", Kind::Event),
            ("cm", Kind::ConfigMap),
            ("secret", Kind::Secret),
            ("ep", Kind::Endpoints),
        ] {
            assert_eq!(resolve(word), Some(kind), "{word}");
        }
        assert_eq!(resolve("podz"), None);
        assert_eq!(resolve("pods.apps"), None);
        assert_eq!(qualified(Kind::Deployment), "deployment.apps");
        assert_eq!(qualified(Kind::Service), "service");
    }
}
