//! Names that belong to the notification kinds: Secret keys read by Providers
//! and Receivers, the webhook path and defaults. Event names shared with the
//! other controllers live in [`crate::constants`].

/// The group of the notification kinds.
pub const GROUP: &str = "notification.toolkit.fluxcd.io";
/// The storage version of Provider and Alert.
pub const PROVIDER_ALERT_VERSION: &str = "v1beta3";
/// The storage version of Receiver.
pub const RECEIVER_VERSION: &str = "v1";
/// The Provider kind's name.
pub const PROVIDER_KIND: &str = "Provider";
/// The Alert kind's name.
pub const ALERT_KIND: &str = "Alert";
/// The Receiver kind's name.
pub const RECEIVER_KIND: &str = "Receiver";

// Receivers.

/// Prefix of every Receiver's webhook path.
pub const RECEIVER_WEBHOOK_PATH_PREFIX: &str = "/hook/";
/// Receiver Secret key: the token that salts the path and verifies calls.
pub const TOKEN_KEY: &str = "token";
/// Receiver Secret key (GCR): the service account email the push subscription uses.
pub const EMAIL_KEY: &str = "email";
/// Receiver Secret key (GCR): the audience of the push subscription's token.
pub const AUDIENCE_KEY: &str = "audience";
/// The `aud` claim a `generic-oidc` Receiver expects when `audience` is unset.
pub const DEFAULT_OIDC_AUDIENCE: &str = "notification-controller";

// Reasons.

/// Reason: the object was set up and is ready to use.
pub const INITIALIZED_REASON: &str = "Initialized";
/// Reason: part of the spec failed validation.
pub const VALIDATION_FAILED_REASON: &str = "ValidationFailed";
/// Reason: a Receiver's Secret has no token.
pub const TOKEN_NOT_FOUND_REASON: &str = "TokenNotFound";
/// Reason: the object is being migrated to a newer form.
pub const MIGRATION_REASON: &str = "Migration";
/// Reason: part of the configuration cannot be used (e.g. an invalid regular expression).
pub const INVALID_CONFIG_REASON: &str = "InvalidConfig";
/// Reason: sending a notification to a Provider failed.
pub const NOTIFICATION_DISPATCH_FAILED_REASON: &str = "NotificationDispatchFailed";
/// Reason: an event's involved object could not be read to match an Alert's labels.
pub const SOURCE_FETCH_FAILED_REASON: &str = "SourceFetchFailed";
/// Reason: event metadata from different sources had conflicting keys.
pub const METADATA_APPEND_FAILED_REASON: &str = "MetadataAppendFailed";

// Providers.

/// Provider Secret key: overrides `spec.address`.
pub const ADDRESS_KEY: &str = "address";
/// Provider Secret key (deprecated): overrides `spec.proxy`.
pub const PROXY_KEY: &str = "proxy";
/// Provider Secret key: overrides `spec.username`.
pub const USERNAME_KEY: &str = "username";
/// Provider Secret key: a password, usually with the username.
pub const PASSWORD_KEY: &str = "password";
/// Provider Secret key: extra HTTP headers, one `Name: value` per line (YAML map).
pub const HEADERS_KEY: &str = "headers";
/// Certificate Secret key: the CA bundle to trust.
pub const CA_CERT_KEY: &str = "ca.crt";
/// Certificate Secret key: the client certificate for mutual TLS.
pub const TLS_CERT_KEY: &str = "tls.crt";
/// Certificate Secret key: the client private key for mutual TLS.
pub const TLS_KEY_KEY: &str = "tls.key";
/// Deprecated certificate Secret key for the CA bundle; use [`CA_CERT_KEY`].
pub const LEGACY_CA_FILE_KEY: &str = "caFile";
/// Deprecated certificate Secret key for the client certificate; use [`TLS_CERT_KEY`].
pub const LEGACY_CERT_FILE_KEY: &str = "certFile";
/// Deprecated certificate Secret key for the client key; use [`TLS_KEY_KEY`].
pub const LEGACY_KEY_FILE_KEY: &str = "keyFile";
/// Time limit of a request to a Provider when `timeout` is unset.
pub const DEFAULT_PROVIDER_TIMEOUT: &str = "15s";

// Event metadata keys set by the user.

/// Event metadata key (or `event.toolkit.fluxcd.io/summary` annotation): a
/// short description of the impact.
pub const SUMMARY_METADATA_KEY: &str = "summary";
