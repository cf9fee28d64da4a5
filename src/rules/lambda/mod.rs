//! Lambda rules: function configuration.

mod credentials;
mod plaintext_secret;
pub mod secrets;

pub use plaintext_secret::PlaintextSecret;
