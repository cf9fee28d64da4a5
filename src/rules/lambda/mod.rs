//! Lambda rules: function configuration.

pub(crate) mod access;
mod credentials;
mod deprecated_runtime;
pub mod execution_role;
mod exposed_overprivileged_function;
mod names;
mod overprivileged_function;
mod plaintext_secret;
pub(crate) mod public_function_url;
mod public_invoke_permission;
pub mod secrets;

pub use deprecated_runtime::DeprecatedRuntime;
pub use exposed_overprivileged_function::{
    ExposedOverprivilegedFunction, finding as exposed_finding,
};
pub use overprivileged_function::{OverprivilegedFunction, finding as overprivileged_finding};
pub use plaintext_secret::PlaintextSecret;
pub use public_function_url::PublicFunctionUrl;
pub use public_invoke_permission::PublicInvokePermission;

/// Splits a user's secret word (`card_pin`, `webhookSig`) into the lowercase words variable
/// names are matched by.
#[must_use]
pub fn secret_words(term: &str) -> Vec<String> {
    names::words(term)
}
