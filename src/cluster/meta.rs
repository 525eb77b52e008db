//! Object metadata, owner references and label selectors: what every API
//! object carries and what controllers use to find their objects.

use std::collections::BTreeMap;

use crate::cluster::codec::{Decode, DecodeError, Encode, Json};
use serde_json::Value;

use super::time::Time;

/// Fields of the Kubernetes schema that we accept and keep but do not model
/// (`securityContext`, `tolerations`, `affinity`…). They were checked against
/// the schema when the manifest was decoded, and come back in `-o yaml`.
/// Shared between the versions of an object (see [`Shared`]): a pod's spec is
/// copied when it is bound to a node, and its JSON trees need not be.
pub type Extra = Shared<BTreeMap<String, Value>>;

pub type Labels = BTreeMap<String, String>;

/// A part of an object shared between its versions and copied on write
/// (through `DerefMut`): writing a pod's status or resourceVersion copies
/// neither its labels nor its owner references. Empty, it holds nothing at
/// all (most objects have no annotations, and events no labels).
pub struct Shared<T: Empty>(Option<std::sync::Arc<T>>);

/// A collection with a shared empty value to lend when a [`Shared`] is empty.
pub trait Empty: Clone + Default + 'static {
    fn empty() -> &'static Self;
    fn is_empty(&self) -> bool;
}

macro_rules! empty {
    ($($t:ty => $new:expr),* $(,)?) => {$(
        impl Empty for $t {
            fn empty() -> &'static Self {
                static EMPTY: $t = $new;
                &EMPTY
            }
            fn is_empty(&self) -> bool {
                <$t>::is_empty(self)
            }
        }
    )*};
}

empty! {
    BTreeMap<String, String> => BTreeMap::new(),
    BTreeMap<String, Value> => BTreeMap::new(),
    Vec<OwnerReference> => Vec::new(),
    Vec<crate::cluster::objects::pod::PodCondition> => Vec::new(),
}

impl<T: Empty> Shared<T> {
    pub fn is_empty(&self) -> bool {
        Empty::is_empty(&**self)
    }
}

impl<T: Empty> Default for Shared<T> {
    fn default() -> Self {
        Shared(None)
    }
}

impl<T: Empty> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T: Empty + PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) if std::sync::Arc::ptr_eq(a, b) => true,
            _ => **self == **other,
        }
    }
}

impl<T: Empty + Eq> Eq for Shared<T> {}

impl<T: Empty + std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Empty> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match &self.0 {
            Some(value) => value,
            None => T::empty(),
        }
    }
}

impl<T: Empty> std::ops::DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        std::sync::Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }
}

impl crate::cluster::codec::Rest for Extra {
    fn entries(&self) -> &BTreeMap<String, Value> {
        self
    }
}

impl<T: Empty + Encode> Encode for Shared<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

impl<T: Empty + Decode> Decode for Shared<T> {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        T::decode(value).map(Shared::from)
    }
}

impl<T: Empty> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(if value.is_empty() { None } else { Some(std::sync::Arc::new(value)) })
    }
}

impl<'a, T: Empty> IntoIterator for &'a Shared<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (**self).into_iter()
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for Shared<BTreeMap<K, V>>
where
    BTreeMap<K, V>: Empty,
{
    fn from(entries: [(K, V); N]) -> Self {
        Shared::from_iter(entries)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for Shared<BTreeMap<K, V>>
where
    BTreeMap<K, V>: Empty,
{
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        // Inserted one by one: `collect` would sort first, a copy of the
        // standard sort for each map type (see `crate::sort`).
        let mut map = BTreeMap::new();
        map.extend(iter);
        Shared::from(map)
    }
}

impl<K: Ord, V> Extend<(K, V)> for Shared<BTreeMap<K, V>>
where
    BTreeMap<K, V>: Empty + Clone,
{
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let mut iter = iter.into_iter().peekable();
        // Nothing to add leaves an empty map unallocated.
        if iter.peek().is_some() {
            (**self).extend(iter);
        }
    }
}

impl<T> FromIterator<T> for Shared<Vec<T>>
where
    Vec<T>: Empty,
{
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Shared::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq<BTreeMap<K, V>> for Shared<BTreeMap<K, V>>
where
    BTreeMap<K, V>: Empty,
{
    fn eq(&self, other: &BTreeMap<K, V>) -> bool {
        **self == *other
    }
}

pub(crate) fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// `metav1.ObjectMeta`, fields in the API server's order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[json(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[json(default, skip_serializing_if = "is_zero")]
    pub generation: i64,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[json(default, skip_serializing_if = "Shared::is_empty")]
    pub labels: Shared<Labels>,
    #[json(default, skip_serializing_if = "Shared::is_empty")]
    pub annotations: Shared<BTreeMap<String, String>>,
    #[json(default, skip_serializing_if = "Shared::is_empty")]
    pub owner_references: Shared<Vec<OwnerReference>>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    #[json(flatten)]
    pub extra: Extra,
}

impl ObjectMeta {
    /// The owner that manages this object (`controller: true`), if any.
    pub fn controller(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.controller == Some(true))
    }
    pub fn is_controlled_by(&self, uid: &str) -> bool {
        self.controller().is_some_and(|r| r.uid == uid)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

/// `metav1.LabelSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct LabelSelector {
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<SelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Json)]
#[json(rename_all = "camelCase")]
pub struct SelectorRequirement {
    pub key: String,
    pub operator: String,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy the selector. An empty selector matches
    /// everything (as upstream `LabelSelectorAsSelector`); callers that must
    /// treat it as "nothing" (services) check [`LabelSelector::is_empty`] first.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|req| {
                let value = labels.get(&req.key);
                match req.operator.as_str() {
                    "In" => value.is_some_and(|v| req.values.contains(v)),
                    "NotIn" => !value.is_some_and(|v| req.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    /// The selector as kubectl prints it (`app=nginx,tier in (a,b)`).
    pub fn to_selector_string(&self) -> String {
        let mut parts: Vec<String> = self.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for req in &self.match_expressions {
            let mut values = req.values.clone();
            crate::sort::sort(&mut values);
            parts.push(match req.operator.as_str() {
                "In" => format!("{} in ({})", req.key, values.join(",")),
                "NotIn" => format!("{} notin ({})", req.key, values.join(",")),
                "Exists" => req.key.clone(),
                "DoesNotExist" => format!("!{}", req.key),
                other => format!("{} {other} ({})", req.key, values.join(",")),
            });
        }
        parts.join(",")
    }
}

/// A plain equality selector (a Service's `spec.selector`): empty matches nothing.
pub fn map_selects(selector: &Labels, labels: &Labels) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// Where an object keeps its metadata: inline, or shared between the
/// versions of an object (`Arc`, copied on write).
pub trait MetaSlot {
    fn get_mut(&mut self) -> &mut ObjectMeta;
}

impl MetaSlot for ObjectMeta {
    fn get_mut(&mut self) -> &mut ObjectMeta {
        self
    }
}

impl MetaSlot for std::sync::Arc<ObjectMeta> {
    fn get_mut(&mut self) -> &mut ObjectMeta {
        std::sync::Arc::make_mut(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn selectors_match_like_upstream() {
        let sel = LabelSelector {
            match_labels: labels(&[("app", "web")]),
            match_expressions: vec![SelectorRequirement {
                key: "tier".into(),
                operator: "In".into(),
                values: vec!["front".into(), "back".into()],
            }],
        };
        assert!(sel.matches(&labels(&[("app", "web"), ("tier", "front")])));
        assert!(!sel.matches(&labels(&[("app", "web")])));
        assert!(!sel.matches(&labels(&[("app", "db"), ("tier", "front")])));
        assert_eq!(sel.to_selector_string(), "app=web,tier in (back,front)");
        assert!(LabelSelector::default().matches(&labels(&[])));
        assert!(!map_selects(&Labels::new(), &labels(&[("a", "b")])));
    }
}
