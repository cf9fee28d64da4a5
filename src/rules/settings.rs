//! What users may tune about the built-in rules. Each family keeps its own options here, with
//! defaults that match the rule documentation; configuration files fill them in.

use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::network::ports::{DEFAULT_PORT_CLASSES, PortClass};
use crate::catalog::{Catalog, Date};

/// The options of every rule family, as one run uses them.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub network: NetworkSettings,
    pub lambda: LambdaSettings,
    /// The IAM action catalog the user gave (`--iam-catalog`), instead of the compiled-in one.
    pub catalog: Option<Arc<Catalog>>,
    /// The date that rules about time (runtime deprecation) judge against. `None` reads the
    /// system clock; set it for reproducible runs.
    pub today: Option<Date>,
}

impl Settings {
    /// These settings with `catalog` as the IAM action catalog.
    #[must_use]
    pub fn with_catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = Some(Arc::new(catalog));
        self
    }

    /// The IAM action catalog of this run: the user's, or the compiled-in one, which is only
    /// parsed when a rule first asks for it.
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        match &self.catalog {
            Some(catalog) => catalog,
            None => Catalog::builtin(),
        }
    }

    /// [`Settings::today`], or the system clock's date.
    #[must_use]
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }
}

/// Options of the network rules (NET001-NET005).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    /// The well-known ports that decide severity and that messages name (NET001, NET002).
    pub port_classes: Vec<PortClass>,
    /// An IPv4 source with a prefix this short or shorter is a broad range (NET004, NET005).
    pub broad_prefix_v4: u8,
    /// The IPv6 counterpart of `broad_prefix_v4`: a /32 is a whole provider's allocation, as a
    /// /8 once was for IPv4.
    pub broad_prefix_v6: u8,
    /// A port range wider than this many ports is reported by NET005.
    pub max_port_range: u32,
    /// Whether NET001 also reports security groups that let all traffic out to the whole
    /// internet; that is the default egress rule of every group, so it is off by default.
    pub public_egress: bool,
}

impl Default for NetworkSettings {
    fn default() -> Self {
        Self {
            port_classes: DEFAULT_PORT_CLASSES.to_vec(),
            broad_prefix_v4: 8,
            broad_prefix_v6: 32,
            max_port_range: 1000,
            public_egress: false,
        }
    }
}

impl NetworkSettings {
    /// Whether `prefix` bits of `family` make a broad range.
    #[must_use]
    pub fn is_broad(&self, family: super::network::cidr::Family, prefix: u32) -> bool {
        match family {
            super::network::cidr::Family::V4 => prefix <= u32::from(self.broad_prefix_v4),
            super::network::cidr::Family::V6 => prefix <= u32::from(self.broad_prefix_v6),
        }
    }
}

/// Options of the Lambda rules. By default there are no extra secret words and nothing is
/// allowed.
#[derive(Debug, Clone, Default)]
pub struct LambdaSettings {
    /// LAM001: terms that make a variable secret besides the built-in ones, each already split
    /// into lowercase words (`card_pin` gives `card`, `pin`). Build with
    /// [`LambdaSettings::with_secret_words`].
    pub secret_terms: Vec<Vec<String>>,
    /// LAM001: variable names never reported, as globs matched case-insensitively.
    pub allowed_names: NamePatterns,
    /// LAM001: values never reported, as regular expressions searched in the value.
    pub allowed_values: ValuePatterns,
}

impl LambdaSettings {
    /// Adds secret terms written in any naming style (`pin`, `webhook_sig`, `signingSalt`).
    #[must_use]
    pub fn with_secret_words<S: AsRef<str>>(mut self, words: &[S]) -> Self {
        let terms = words.iter().map(|w| crate::rules::lambda::secret_words(w.as_ref()));
        self.secret_terms.extend(terms.filter(|t| !t.is_empty()));
        self
    }
}

/// A pattern of the settings that does not compile. The message names the pattern by its
/// position only: a value pattern may well spell the secret it allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {index} is not valid; {reason}")]
pub struct PatternError {
    pub what: &'static str,
    /// 1-based position in the list.
    pub index: usize,
    pub reason: &'static str,
}

/// Globs over names, matched ignoring ASCII case.
#[derive(Debug, Clone, Default)]
pub struct NamePatterns {
    set: Option<GlobSet>,
}

impl NamePatterns {
    pub fn new<S: AsRef<str>>(globs: &[S]) -> Result<Self, PatternError> {
        if globs.is_empty() {
            return Ok(Self::default());
        }
        let mut builder = GlobSetBuilder::new();
        for (i, glob) in globs.iter().enumerate() {
            let error = || PatternError {
                what: "allowed name pattern",
                index: i + 1,
                reason: "write a glob such as `*_PUBLIC_KEY`",
            };
            let glob = GlobBuilder::new(glob.as_ref())
                .case_insensitive(true)
                .build()
                .map_err(|_| error())?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|_| PatternError {
            what: "allowed name pattern",
            index: 1,
            reason: "the globs could not be combined",
        })?;
        Ok(Self { set: Some(set) })
    }

    #[must_use]
    pub fn matches(&self, name: &str) -> bool {
        self.set.as_ref().is_some_and(|set| set.is_match(name))
    }
}

/// Regular expressions over values; a value matches when any of them is found in it.
#[derive(Debug, Clone, Default)]
pub struct ValuePatterns {
    regexes: Vec<regex_lite::Regex>,
}

impl ValuePatterns {
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, PatternError> {
        let regexes = patterns
            .iter()
            .enumerate()
            .map(|(i, pattern)| {
                regex_lite::Regex::new(pattern.as_ref()).map_err(|_| PatternError {
                    what: "allowed value pattern",
                    index: i + 1,
                    reason: "write a regular expression such as `^test-`",
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { regexes })
    }

    #[must_use]
    pub fn matches(&self, value: &str) -> bool {
        self.regexes.iter().any(|regex| regex.is_match(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_allow_nothing() {
        let settings = LambdaSettings::default();
        assert!(settings.secret_terms.is_empty());
        assert!(!settings.allowed_names.matches("DB_PASSWORD"));
        assert!(!settings.allowed_values.matches("anything"));
    }

    #[test]
    fn name_globs_ignore_case() {
        let names = NamePatterns::new(&["*_public_key", "TEST_*"]).unwrap();
        assert!(names.matches("JWT_PUBLIC_KEY"));
        assert!(names.matches("test_password"));
        assert!(!names.matches("PRIVATE_KEY"));
    }

    #[test]
    fn value_patterns_search_the_value() {
        let values = ValuePatterns::new(&["^local-", "dev$"]).unwrap();
        assert!(values.matches("local-Pa55word"));
        assert!(values.matches("Pa55word-dev"));
        assert!(!values.matches("prod-Pa55word"));
    }

    #[test]
    fn bad_patterns_are_named_by_position_without_their_text() {
        let error = ValuePatterns::new(&["ok", "hunter2-CANARY("]).unwrap_err();
        assert_eq!(error.index, 2);
        assert!(!error.to_string().contains("CANARY"), "{error}");
        assert!(error.to_string().starts_with("allowed value pattern 2 is not valid; "));

        let error = NamePatterns::new(&["[unclosed"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "allowed name pattern 1 is not valid; write a glob such as `*_PUBLIC_KEY`"
        );
    }

    #[test]
    fn secret_words_in_any_style() {
        let settings = LambdaSettings::default().with_secret_words(&["pin", "webhookSig", "__"]);
        assert_eq!(settings.secret_terms, [vec!["pin"], vec!["webhook", "sig"]]);
    }
}
