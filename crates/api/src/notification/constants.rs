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
/// Reason: a Receiver's Secret has no token.
pub const TOKEN_NOT_FOUND_REASON: &str = "TokenNotFound";

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

// Event metadata keys set by the user.

/// Event metadata key (or `event.toolkit.fluxcd.io/summary` annotation): a
/// short description of the impact.
pub const SUMMARY_METADATA_KEY: &str = "summary";
