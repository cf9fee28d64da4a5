//! Lambda rules: function configuration.

mod credentials;
mod deprecated_runtime;
mod names;
mod plaintext_secret;
pub mod secrets;

pub use deprecated_runtime::DeprecatedRuntime;
pub use plaintext_secret::PlaintextSecret;

/// Splits a user's secret word (`card_pin`, `webhookSig`) into the lowercase words variable
/// names are matched by.
#[must_use]
pub fn secret_words(term: &str) -> Vec<String> {
    names::words(term)
}
