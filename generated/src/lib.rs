//! Typed, sans-IO requests and responses for the Microsoft Graph
//! profile-photo API, generated from the hand-curated OpenAPI spec in this
//! repository (`spec/graph-photos.yaml`).
//!
//! Each operation is a type in [`operations`]: build it, turn it into a
//! standard [`http::Request`] with [`Operation::to_http_request`], send it
//! with any HTTP client, and read the [`http::Response`] back with
//! [`Operation::parse_response`] into a typed success or a typed Graph error.
//!
//! ```
//! use graph_photos::operations::{SetUserPhotoContent, SetUserPhotoContentResponse};
//! use graph_photos::{base_url, ApiVersion, NationalCloud, Operation};
//!
//! let jpeg = bytes::Bytes::from_static(b"\xFF\xD8\xFF\xE0 ... JPEG bytes ...");
//! let upload = SetUserPhotoContent::new("alice@contoso.com", jpeg);
//! let request = upload.to_http_request(&base_url(NationalCloud::Global, ApiVersion::V1))?;
//! assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/users/alice%40contoso.com/photo/$value");
//! assert_eq!(request.headers()["content-type"], "image/jpeg");
//!
//! // ... send `request` with your HTTP client, then:
//! let response = http::Response::builder().status(204).body(bytes::Bytes::new())?;
//! let parsed = SetUserPhotoContent::parse_response(response)?;
//! assert_eq!(parsed, SetUserPhotoContentResponse::NoContent);
//!
//! // Errors come back typed, with what Microsoft support asks for.
//! let throttled = http::Response::builder()
//!     .status(429)
//!     .header("retry-after", "41")
//!     .header("request-id", "0b4f7e2c")
//!     .body(bytes::Bytes::from_static(br#"{"error":{"code":"TooManyRequests","message":"Slow down."}}"#))?;
//! let error = SetUserPhotoContent::parse_response(throttled).unwrap_err();
//! let service = error.service_error().expect("the service answered with an error");
//! assert_eq!(service.code(), Some("TooManyRequests"));
//! assert_eq!(service.request_id(), Some("0b4f7e2c"));
//! assert_eq!(service.retry_after_seconds(), Some(41));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With the `client` feature, [`client::Client`] sends operations for you
//! over `reqwest`, with authentication, retries and time-outs.
//!
//! Every operation carries what the spec says about it as constants:
//! [`Operation::SCOPES`] (least privileged first), [`Operation::API_VERSIONS`],
//! [`Operation::PATH_TEMPLATE`], and its rustdoc names the documentation
//! page it comes from.

#![deny(warnings, missing_docs)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[path = "gen/mod.rs"]
mod generated;

pub use generated::{models, operations, runtime, servers};
pub use runtime::{Operation, RequestError, ResponseError, ServiceError};

#[cfg(feature = "client")]
pub mod client;

/// A Microsoft Graph API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersion {
    /// `v1.0`, the generally available API.
    V1,
    /// `beta`, the preview API (not supported in production).
    Beta,
}

impl ApiVersion {
    /// The version as it appears in URLs and in [`Operation::API_VERSIONS`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1.0",
            Self::Beta => "beta",
        }
    }
}

/// A Microsoft Graph deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NationalCloud {
    /// The global service, `graph.microsoft.com`.
    Global,
    /// US Government L4, `graph.microsoft.us`.
    UsGovL4,
    /// US Government L5 (DOD), `dod-graph.microsoft.us`.
    UsGovL5,
    /// China, operated by 21Vianet, `microsoftgraph.chinacloudapi.cn`.
    China,
}

impl NationalCloud {
    /// The Graph host of this deployment.
    pub fn host(self) -> &'static str {
        match self {
            Self::Global => "graph.microsoft.com",
            Self::UsGovL4 => "graph.microsoft.us",
            Self::UsGovL5 => "dod-graph.microsoft.us",
            Self::China => "microsoftgraph.chinacloudapi.cn",
        }
    }
}

/// The base URL of a deployment and version, for example
/// `https://graph.microsoft.com/v1.0`.
pub fn base_url(cloud: NationalCloud, version: ApiVersion) -> String {
    format!("https://{}/{}", cloud.host(), version.as_str())
}

impl ServiceError<models::ODataError> {
    /// The service's `request-id` (from the header, else from the error
    /// body's `innerError`): quote it to Microsoft support.
    pub fn request_id(&self) -> Option<&str> {
        self.header("request-id").or_else(|| {
            let error = &self.body.as_ref()?.error;
            let inner = error.inner_error.as_ref().or(error.innererror.as_ref())?;
            inner.request_id.as_deref()
        })
    }

    /// The Graph error code, such as `ErrorItemNotFound`.
    pub fn code(&self) -> Option<&str> {
        Some(self.body.as_ref()?.error.code.as_str())
    }

    /// The Graph error message.
    pub fn message(&self) -> Option<&str> {
        Some(self.body.as_ref()?.error.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cloud_and_version_is_a_server_of_the_spec() {
        for cloud in [NationalCloud::Global, NationalCloud::UsGovL4, NationalCloud::UsGovL5, NationalCloud::China] {
            for version in [ApiVersion::V1, ApiVersion::Beta] {
                let url = base_url(cloud, version);
                let found = servers::SERVERS
                    .iter()
                    .filter_map(|server| server.url_with(&[("host", cloud.host())]).ok())
                    .any(|candidate| candidate == url);
                assert!(found, "{url} is not one of the spec's servers");
            }
        }
        assert_eq!(servers::SERVERS[0].default_url(), base_url(NationalCloud::Global, ApiVersion::V1));
    }
}
