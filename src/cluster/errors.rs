//! API errors, carrying what kubectl needs to print them word for word.

use std::fmt;

use super::objects::Kind;

/// The `reason` of a `metav1.Status` failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    BadRequest,
    NotFound,
    AlreadyExists,
    Conflict,
    Invalid,
    Forbidden,
    MethodNotAllowed,
    /// An error with no reason (`StatusReasonUnknown`), as a full etcd's
    /// `etcdserver: mvcc: database space exceeded`: kubectl prints no reason.
    Unknown,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::BadRequest => "BadRequest",
            Reason::NotFound => "NotFound",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Invalid => "Invalid",
            Reason::Forbidden => "Forbidden",
            Reason::MethodNotAllowed => "MethodNotAllowed",
            Reason::Unknown => "",
        }
    }
    /// The HTTP status code the API server answers with.
    pub fn code(self) -> u16 {
        match self {
            Reason::BadRequest => 400,
            Reason::NotFound => 404,
            Reason::AlreadyExists | Reason::Conflict => 409,
            Reason::Invalid => 422,
            Reason::Forbidden => 403,
            Reason::MethodNotAllowed => 405,
            Reason::Unknown => 500,
        }
    }
}

/// One field error of an `Invalid` answer (`field.Error` upstream).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// `spec.containers[0].image`
    pub path: String,
    pub kind: FieldErrorKind,
    /// The offending value, already formatted as Go prints it (`"X"`, `70000`).
    pub value: String,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required,
    Invalid,
    Unsupported,
    Duplicate,
    Forbidden,
    TooLong,
    NotFound,
}

impl FieldError {
    pub fn required(path: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), kind: FieldErrorKind::Required, value: String::new(), detail: detail.into() }
    }
    pub fn invalid(path: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), kind: FieldErrorKind::Invalid, value: value.into(), detail: detail.into() }
    }
    /// An invalid string value (quoted as Go's `%q`).
    pub fn invalid_str(path: impl Into<String>, value: &str, detail: impl Into<String>) -> FieldError {
        FieldError::invalid(path, quote(value), detail)
    }
    pub fn unsupported(path: impl Into<String>, value: &str, supported: &[&str]) -> FieldError {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::Unsupported,
            value: quote(value),
            detail: format!("supported values: {}", list.join(", ")),
        }
    }
    pub fn duplicate(path: impl Into<String>, value: &str) -> FieldError {
        FieldError { path: path.into(), kind: FieldErrorKind::Duplicate, value: quote(value), detail: String::new() }
    }
    /// `field.TooLong`: the value is not shown.
    pub fn too_long(path: impl Into<String>, max: usize) -> FieldError {
        FieldError {
            path: path.into(),
            kind: FieldErrorKind::TooLong,
            value: String::new(),
            detail: format!("must have at most {max} bytes"),
        }
    }
    /// `field.NotFound`: a name that refers to nothing.
    pub fn not_found(path: impl Into<String>, value: &str) -> FieldError {
        FieldError { path: path.into(), kind: FieldErrorKind::NotFound, value: quote(value), detail: String::new() }
    }
    pub fn forbidden(path: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), kind: FieldErrorKind::Forbidden, value: String::new(), detail: detail.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (label, shows_value) = match self.kind {
            FieldErrorKind::Required => ("Required value", false),
            FieldErrorKind::Invalid => ("Invalid value", true),
            FieldErrorKind::Unsupported => ("Unsupported value", true),
            FieldErrorKind::Duplicate => ("Duplicate value", true),
            FieldErrorKind::Forbidden => ("Forbidden", false),
            FieldErrorKind::TooLong => ("Too long", false),
            FieldErrorKind::NotFound => ("Not found", true),
        };
        write!(f, "{}: {label}", self.path)?;
        if shows_value {
            write!(f, ": {}", self.value)?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

/// Go's `%q` for the strings we meet (escapes quotes and backslashes).
pub fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An error answered by the simulated API server.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub reason: Reason,
    /// The Status message, e.g. `pods "foo" not found`.
    pub message: String,
    /// For `Invalid`: the kind (`Deployment`), name and field errors, so that
    /// kubectl can print `The Deployment "x" is invalid: …`.
    pub invalid: Option<InvalidDetails>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvalidDetails {
    pub kind: Kind,
    pub name: String,
    pub causes: Vec<FieldError>,
}

impl ApiError {
    pub fn new(reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError { reason, message: message.into(), invalid: None }
    }
    pub fn not_found(kind: Kind, name: &str) -> ApiError {
        ApiError::new(Reason::NotFound, format!("{} {} not found", kind.group_resource(), quote(name)))
    }
    pub fn already_exists(kind: Kind, name: &str) -> ApiError {
        ApiError::new(Reason::AlreadyExists, format!("{} {} already exists", kind.group_resource(), quote(name)))
    }
    pub fn conflict(kind: Kind, name: &str) -> ApiError {
        ApiError::new(
            Reason::Conflict,
            format!(
                "Operation cannot be fulfilled on {} {}: the object has been modified; please apply your changes to the latest version and try again",
                kind.group_resource(),
                quote(name)
            ),
        )
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(Reason::BadRequest, message)
    }
    /// `Deployment.apps "x" is invalid: <one error>` or `…: [<e1>, <e2>]`.
    pub fn invalid(kind: Kind, name: &str, causes: Vec<FieldError>) -> ApiError {
        let list = match causes.as_slice() {
            [one] => one.to_string(),
            many => format!("[{}]", many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        };
        ApiError {
            reason: Reason::Invalid,
            message: format!("{} {} is invalid: {list}", kind.group_kind(), quote(name)),
            invalid: Some(InvalidDetails { kind, name: name.to_string(), causes }),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_the_api_server() {
        assert_eq!(ApiError::not_found(Kind::Pod, "foo").message, "pods \"foo\" not found");
        assert_eq!(ApiError::not_found(Kind::Deployment, "myapp").message, "deployments.apps \"myapp\" not found");
        assert_eq!(ApiError::already_exists(Kind::Service, "redis").message, "services \"redis\" already exists");
        let e = ApiError::invalid(
            Kind::Deployment,
            "web",
            vec![
                FieldError::required("spec.selector", ""),
                FieldError::unsupported("spec.template.spec.restartPolicy", "Never", &["Always"]),
            ],
        );
        assert_eq!(
            e.message,
            "Deployment.apps \"web\" is invalid: [spec.selector: Required value, \
             spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"]"
        );
    }
}
