//! The API types' JSON codec: typed objects to and from `serde_json::Value`.
//!
//! Why not serde's derive: every manifest is already a `Value` (YAML and JSON
//! are parsed to one, then checked against the 1.32 field tree by `schema`),
//! so the typed layer only moves values between a `Value` and a struct.
//! Serde's derive did that through its visitor machinery, instantiated once per
//! type and per (de)serializer, plus `flatten` buffering every unknown key:
//! 270 KB of the page's wasm. `#[derive(Json)]` (the `derive/` crate) writes a
//! plain loop over the keys instead, with serde's attribute names and
//! semantics (`rename_all`, `rename`, `default`, `skip_serializing_if`,
//! `flatten`), so the JSON is the same, key order included.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

pub use kube_atelier_derive::Json;

/// Why a value could not become a typed object, in serde_json's words (the
/// API server's own messages come first, from `schema::check`).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError(String);

impl DecodeError {
    pub fn missing(field: &str) -> DecodeError {
        DecodeError(format!("missing field `{field}`"))
    }

    pub fn invalid_type(found: &Value, expected: &str) -> DecodeError {
        let found = match found {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
            Value::Number(n) => format!("integer `{n}`"),
            // Quoted by hand: the page's build formats no `Debug`.
            Value::String(s) => format!("string {}", Value::from(s.as_str())),
            Value::Array(_) => "sequence".to_string(),
            Value::Object(_) => "map".to_string(),
        };
        DecodeError(format!("invalid type: {found}, expected {expected}"))
    }

    pub fn custom(message: impl Into<String>) -> DecodeError {
        DecodeError(message.into())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A typed value read from JSON (taking the value: strings move, not copy).
pub trait Decode: Sized {
    fn decode(value: Value) -> Result<Self, DecodeError>;
}

/// A typed value written as JSON.
pub trait Encode {
    fn encode(&self) -> Value;
}

/// Reads `T` from a borrowed value (a copy of it is taken apart).
pub fn from_value<T: Decode>(value: &Value) -> Result<T, DecodeError> {
    T::decode(value.clone())
}

/// The map of a JSON object, for the derived `decode`.
pub fn object(value: Value, expected: &str) -> Result<Map<String, Value>, DecodeError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(DecodeError::invalid_type(&other, expected)),
    }
}

/// What a `flatten` field can be: the keys no other field took.
pub trait Rest: From<BTreeMap<String, Value>> {
    fn entries(&self) -> &BTreeMap<String, Value>;
}

impl Rest for BTreeMap<String, Value> {
    fn entries(&self) -> &BTreeMap<String, Value> {
        self
    }
}

/// Adds one key to an object being encoded (one call per field in the
/// derived code, rather than the map's insertion inlined at every field).
#[inline(never)]
pub fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.insert(key.to_string(), value);
}

/// The keys no field took, for a `flatten` field.
pub fn from_rest<T: Rest>(rest: BTreeMap<String, Value>) -> T {
    T::from(rest)
}

/// Writes a `flatten` field's keys after the others.
pub fn write_rest(map: &mut Map<String, Value>, rest: &impl Rest) {
    for (key, value) in rest.entries() {
        map.insert(key.clone(), value.clone());
    }
}

impl Decode for String {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(DecodeError::invalid_type(&other, "a string")),
        }
    }
}

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

/// Booleans and numbers: read through `Value`'s accessor (`as_i64` for
/// signed integers, `as_u64` for unsigned ones), then checked against the
/// target's range; written through `Value::from`. The expected text is serde's.
macro_rules! scalars {
    ($($t:ty => $read:ident, $expected:literal;)*) => {$(
        impl Decode for $t {
            fn decode(value: Value) -> Result<Self, DecodeError> {
                match value.$read() {
                    Some(n) => <$t>::try_from(n)
                        .map_err(|_| DecodeError(format!("invalid value: integer `{n}`, expected {}", $expected))),
                    None => Err(DecodeError::invalid_type(&value, $expected)),
                }
            }
        }
        impl Encode for $t {
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

scalars! {
    bool => as_bool, "a boolean";
    f64 => as_f64, "f64";
    i32 => as_i64, "i32";
    i64 => as_i64, "i64";
    u16 => as_u64, "u16";
    u32 => as_u64, "u32";
    u64 => as_u64, "u64";
}

impl Decode for Value {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Null => Ok(None),
            other => T::decode(other).map(Some),
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        match self {
            Some(v) => v.encode(),
            None => Value::Null,
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        match value {
            Value::Array(items) => items.into_iter().map(T::decode).collect(),
            other => Err(DecodeError::invalid_type(&other, "a sequence")),
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Encode::encode).collect())
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        let mut out = BTreeMap::new();
        for (key, v) in object(value, "a map")? {
            out.insert(key, T::decode(v)?);
        }
        Ok(out)
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        for (key, v) in self {
            map.insert(key.clone(), v.encode());
        }
        Value::Object(map)
    }
}

impl<T: Decode> Decode for Arc<T> {
    fn decode(value: Value) -> Result<Self, DecodeError> {
        T::decode(value).map(Arc::new)
    }
}

impl<T: Encode> Encode for Arc<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Json, Debug, Default, PartialEq)]
    #[json(rename_all = "camelCase")]
    struct Sample {
        name: String,
        #[json(default, skip_serializing_if = "Option::is_none")]
        host_port: Option<i32>,
        #[json(rename = "podIP", default, skip_serializing_if = "String::is_empty")]
        pod_ip: String,
        #[json(default)]
        container_port: i32,
        #[json(flatten)]
        extra: BTreeMap<String, Value>,
    }

    #[test]
    fn decodes_and_encodes_like_serde_did() {
        let manifest =
            json!({"name": "web", "podIP": "10.0.0.1", "containerPort": 80, "hostIP": "x", "hostPort": null});
        let sample: Sample = from_value(&manifest).unwrap();
        assert_eq!(sample.name, "web");
        assert_eq!(sample.pod_ip, "10.0.0.1");
        assert_eq!(sample.host_port, None);
        assert_eq!(sample.extra, BTreeMap::from([("hostIP".to_string(), json!("x"))]));
        // Declared order, skipped empties, the kept keys last.
        assert_eq!(
            serde_json::to_string(&sample.encode()).unwrap(),
            r#"{"name":"web","podIP":"10.0.0.1","containerPort":80,"hostIP":"x"}"#
        );
    }

    #[test]
    fn scalars_keep_their_range() {
        assert_eq!(u64::decode(json!(u64::MAX)), Ok(u64::MAX));
        assert_eq!(i64::decode(json!(-5)), Ok(-5));
        assert_eq!(bool::decode(json!(true)), Ok(true));
        assert_eq!(f64::decode(json!(1.5)), Ok(1.5));
        assert_eq!(u16::decode(json!(-1)).unwrap_err().to_string(), "invalid type: integer `-1`, expected u16");
        assert_eq!(
            bool::decode(json!("yes")).unwrap_err().to_string(),
            "invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(u64::decode(json!(u64::MAX)).map(|n| n.encode()), Ok(json!(u64::MAX)));
    }

    #[test]
    fn errors_in_serde_json_words() {
        assert_eq!(from_value::<Sample>(&json!({})).unwrap_err().to_string(), "missing field `name`");
        assert_eq!(
            from_value::<Sample>(&json!({"name": 3})).unwrap_err().to_string(),
            "invalid type: integer `3`, expected a string"
        );
        assert_eq!(
            from_value::<Sample>(&json!([])).unwrap_err().to_string(),
            "invalid type: sequence, expected struct Sample"
        );
        assert_eq!(
            from_value::<Sample>(&json!({"name": "a", "containerPort": 70000000000i64})).unwrap_err().to_string(),
            "invalid value: integer `70000000000`, expected i32"
        );
    }
}
