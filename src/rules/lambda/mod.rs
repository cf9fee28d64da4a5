//! Lambda rules: function configuration.

mod access;
mod credentials;
mod deprecated_runtime;
mod names;
mod plaintext_secret;
mod public_function_url;
mod public_invoke_permission;
pub mod secrets;

pub use deprecated_runtime::DeprecatedRuntime;
pub use plaintext_secret::PlaintextSecret;
pub use public_function_url::PublicFunctionUrl;
pub use public_invoke_permission::PublicInvokePermission;

/// Splits a user's secret word (`card_pin`, `webhookSig`) into the lowercase words variable
/// names are matched by.
#[must_use]
pub fn secret_words(term: &str) -> Vec<String> {
    names::words(term)
}
