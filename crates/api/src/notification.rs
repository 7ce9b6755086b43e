//! The notification API: Provider and Alert (`notification.toolkit.fluxcd.io/v1beta3`)
//! route Flux events to external systems; Receiver (`…/v1`) turns incoming
//! webhooks into reconcile requests.

mod alert;
mod constants;
mod oidc;
mod provider;
mod receiver;
mod reference;

pub use alert::{Alert, AlertSpec, EventSeverity};
pub use constants::*;
pub use oidc::{OidcProvider, OidcValidation, OidcVariable};
pub use provider::{Provider, ProviderSpec, ProviderType};
pub use receiver::{Receiver, ReceiverResource, ReceiverSpec, ReceiverStatus, ReceiverType};
pub use reference::{CrossNamespaceObjectReference, FluxKind};
