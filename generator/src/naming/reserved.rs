//! Names the generated code itself uses, which a name from the spec must
//! not take, by where the name goes. The one table of reserved names: each
//! function of [`super`] that makes a name of that kind consults it.

/// Types used unqualified in generated modules: the prelude's, and
/// those every operations file imports from the runtime.
pub const TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Bytes",
    "Binary",
    "Operation",
    "RequestError",
    "ResponseError",
    "Value",
    "BTreeMap",
    // `models::Base64`, 3.1's base64 bytes.
    "Base64",
];
/// Cargo features every generated crate may declare itself: Cargo's
/// `default` and the runtime's (its client, tracing and TLS), which no
/// group of operations may take.
pub const FEATURES: &[&str] =
    &["default", "client", "tracing", "rustls", "rustls-no-provider", "native-tls"];
/// Module names the crate root and the operations index use, and the
/// crates generated code names by path.
pub const MODULES: &[&str] = &[
    "runtime",
    "models",
    "operations",
    "servers",
    "security",
    "permissions",
    "client",
    "webhooks",
    "example_tests",
    "http",
    "bytes",
    "serde",
    "serde_json",
    "percent_encoding",
    "chrono",
    "uuid",
    "base64",
    "std",
    "core",
    "alloc",
];
/// Fields of a request type that are not parameters: its body, and the
/// opt-out of the body signature check.
pub const REQUEST_FIELDS: &[&str] = &["body", "skip_signature_check"];
/// Fields of a response variant that are not headers.
pub const RESPONSE_FIELDS: &[&str] = &["status", "body"];
/// The field of a struct that keeps the properties it does not declare.
pub const CATCH_ALL: &str = "additional_properties";
/// The variant of a string enum that keeps a value the spec does not
/// document.
pub const ENUM_CATCH_ALL: &str = "Undocumented";
/// The error of the `webhooks` module, beside the webhooks' types.
pub const WEBHOOK_ERROR: &str = "WebhookError";
/// Methods of a generated client builder besides one per security scheme.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    "new",
    "build",
    "base_url",
    "retry",
    "timeout",
    "connect_timeout",
    "max_response_bytes",
    "max_request_bytes",
    "check_api_versions",
    "follow_redirects",
    "max_concurrent_requests",
    "on_retry",
    "http_client",
    "token_scopes",
    "request_id_header",
    "retry_attempt_header",
    "header",
    "user_agent",
];
/// Methods of a request type besides its setters.
pub const REQUEST_METHODS: &[&str] =
    &["new", "body", "path", "to_http_request", "parse_response", "skip_signature_check"];
