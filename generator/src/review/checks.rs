//! The review's checks: every kind of change it reports, each with a
//! stable id that reports carry and ignore files name.

/// A kind of change. Its id ([`Check::id`]) is stable across releases:
/// ignore files and scripts match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    OperationAdded,
    OperationRemoved,
    OperationIdChanged,
    RustNameChanged,
    RouteChanged,
    SecurityTightened,
    SecurityAlternativeAdded,
    ErrorBodyChanged,
    ApiVersionAdded,
    ApiVersionRemoved,
    ScopesReordered,
    ExamplesChanged,
    DocsChanged,
    Deprecated,
    PathParameterRenamed,
    ParameterAdded,
    ParameterRemoved,
    ParameterRequiredChanged,
    ParameterTypeChanged,
    ParameterSerializationChanged,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRequiredChanged,
    RequestMediaTypeChanged,
    /// The one media type of a request body changed: the `Content-Type`
    /// requests carry, not their Rust type.
    RequestContentTypeChanged,
    RequestBodyTypeChanged,
    RequestBodyLimitChanged,
    ResponseAdded,
    ResponseRemoved,
    ResponseBodyChanged,
    ResponseHeaderAdded,
    ResponseHeaderRemoved,
    WebhookAdded,
    WebhookRemoved,
    WebhookChanged,
    SchemaAdded,
    SchemaRemoved,
    SchemaRenamed,
    SchemaShapeChanged,
    EnumValueAdded,
    EnumValueRemoved,
    EnumVariantRenamed,
    PropertyAdded,
    PropertyRemoved,
    PropertyRequiredChanged,
    PropertyNullableChanged,
    PropertyTypeChanged,
    PropertyAccessChanged,
    /// A property of a schema requests send became read-only: requests
    /// stop sending it.
    RequestPropertyReadOnly,
    ConstraintTightened,
    ConstraintLoosened,
    DefaultChanged,
}

impl Check {
    /// Every check, in the order generator/README.md lists them.
    pub const ALL: [Check; 52] = [
        Self::OperationAdded,
        Self::OperationRemoved,
        Self::OperationIdChanged,
        Self::RustNameChanged,
        Self::RouteChanged,
        Self::SecurityTightened,
        Self::SecurityAlternativeAdded,
        Self::ErrorBodyChanged,
        Self::ApiVersionAdded,
        Self::ApiVersionRemoved,
        Self::ScopesReordered,
        Self::ExamplesChanged,
        Self::DocsChanged,
        Self::Deprecated,
        Self::PathParameterRenamed,
        Self::ParameterAdded,
        Self::ParameterRemoved,
        Self::ParameterRequiredChanged,
        Self::ParameterTypeChanged,
        Self::ParameterSerializationChanged,
        Self::RequestBodyAdded,
        Self::RequestBodyRemoved,
        Self::RequestBodyRequiredChanged,
        Self::RequestMediaTypeChanged,
        Self::RequestContentTypeChanged,
        Self::RequestBodyTypeChanged,
        Self::RequestBodyLimitChanged,
        Self::ResponseAdded,
        Self::ResponseRemoved,
        Self::ResponseBodyChanged,
        Self::ResponseHeaderAdded,
        Self::ResponseHeaderRemoved,
        Self::WebhookAdded,
        Self::WebhookRemoved,
        Self::WebhookChanged,
        Self::SchemaAdded,
        Self::SchemaRemoved,
        Self::SchemaRenamed,
        Self::SchemaShapeChanged,
        Self::EnumValueAdded,
        Self::EnumValueRemoved,
        Self::EnumVariantRenamed,
        Self::PropertyAdded,
        Self::PropertyRemoved,
        Self::PropertyRequiredChanged,
        Self::PropertyNullableChanged,
        Self::PropertyTypeChanged,
        Self::PropertyAccessChanged,
        Self::RequestPropertyReadOnly,
        Self::ConstraintTightened,
        Self::ConstraintLoosened,
        Self::DefaultChanged,
    ];

    /// The id reports and ignore files use (`parameter-removed`).
    pub fn id(self) -> &'static str {
        match self {
            Self::OperationAdded => "operation-added",
            Self::OperationRemoved => "operation-removed",
            Self::OperationIdChanged => "operation-id-changed",
            Self::RustNameChanged => "rust-name-changed",
            Self::RouteChanged => "route-changed",
            Self::SecurityTightened => "security-tightened",
            Self::SecurityAlternativeAdded => "security-alternative-added",
            Self::ErrorBodyChanged => "error-body-changed",
            Self::ApiVersionAdded => "api-version-added",
            Self::ApiVersionRemoved => "api-version-removed",
            Self::ScopesReordered => "scopes-reordered",
            Self::ExamplesChanged => "examples-changed",
            Self::DocsChanged => "docs-changed",
            Self::Deprecated => "deprecated",
            Self::PathParameterRenamed => "path-parameter-renamed",
            Self::ParameterAdded => "parameter-added",
            Self::ParameterRemoved => "parameter-removed",
            Self::ParameterRequiredChanged => "parameter-required-changed",
            Self::ParameterTypeChanged => "parameter-type-changed",
            Self::ParameterSerializationChanged => "parameter-serialization-changed",
            Self::RequestBodyAdded => "request-body-added",
            Self::RequestBodyRemoved => "request-body-removed",
            Self::RequestBodyRequiredChanged => "request-body-required-changed",
            Self::RequestMediaTypeChanged => "request-media-type-changed",
            Self::RequestContentTypeChanged => "request-content-type-changed",
            Self::RequestBodyTypeChanged => "request-body-type-changed",
            Self::RequestBodyLimitChanged => "request-body-limit-changed",
            Self::ResponseAdded => "response-added",
            Self::ResponseRemoved => "response-removed",
            Self::ResponseBodyChanged => "response-body-changed",
            Self::ResponseHeaderAdded => "response-header-added",
            Self::ResponseHeaderRemoved => "response-header-removed",
            Self::WebhookAdded => "webhook-added",
            Self::WebhookRemoved => "webhook-removed",
            Self::WebhookChanged => "webhook-changed",
            Self::SchemaAdded => "schema-added",
            Self::SchemaRemoved => "schema-removed",
            Self::SchemaRenamed => "schema-renamed",
            Self::SchemaShapeChanged => "schema-shape-changed",
            Self::EnumValueAdded => "enum-value-added",
            Self::EnumValueRemoved => "enum-value-removed",
            Self::EnumVariantRenamed => "enum-variant-renamed",
            Self::PropertyAdded => "property-added",
            Self::PropertyRemoved => "property-removed",
            Self::PropertyRequiredChanged => "property-required-changed",
            Self::PropertyNullableChanged => "property-nullable-changed",
            Self::PropertyTypeChanged => "property-type-changed",
            Self::PropertyAccessChanged => "property-access-changed",
            Self::RequestPropertyReadOnly => "request-property-read-only",
            Self::ConstraintTightened => "constraint-tightened",
            Self::ConstraintLoosened => "constraint-loosened",
            Self::DefaultChanged => "default-changed",
        }
    }

    /// Whether a change of this kind leaves the crate's Rust API as it was,
    /// whatever it does to requests: what code written against the older
    /// crate uses compiles against the newer one (`cargo semver-checks`
    /// sees nothing), though the service may answer it differently.
    pub fn wire_only(self) -> bool {
        matches!(
            self,
            Self::OperationIdChanged
                | Self::RouteChanged
                | Self::SecurityTightened
                | Self::SecurityAlternativeAdded
                | Self::ApiVersionAdded
                | Self::ApiVersionRemoved
                | Self::ScopesReordered
                | Self::ExamplesChanged
                | Self::DocsChanged
                | Self::Deprecated
                | Self::ParameterSerializationChanged
                | Self::RequestBodyLimitChanged
                | Self::RequestContentTypeChanged
                | Self::RequestPropertyReadOnly
                | Self::ConstraintTightened
                | Self::ConstraintLoosened
                | Self::DefaultChanged
        )
    }

    /// The check with id `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|check| check.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_kebab_case_and_read_back() {
        let mut ids: Vec<&str> = Check::ALL.iter().map(|check| check.id()).collect();
        for (check, id) in Check::ALL.iter().zip(&ids) {
            assert_eq!(Check::from_id(id), Some(*check));
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Check::ALL.len(), "two checks share an id");
    }

    /// generator/README.md lists every check, so reviewers and ignore
    /// files can look them up.
    #[test]
    fn the_readme_lists_every_check() {
        let readme = include_str!("../../README.md");
        for check in Check::ALL {
            assert!(
                readme.contains(&format!("`{}`", check.id())),
                "{} is not in the README",
                check.id()
            );
        }
    }
}
