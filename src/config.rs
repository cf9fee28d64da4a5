//! `.tighten.yaml`: what a project tunes, found in the working directory or above it.
//!
//! The file is read strictly: an unknown key or a value of the wrong shape is an error that
//! names the line and column, with the closest known key when one is near. Rule selection
//! takes codes (`NET001`), names (`public-ingress`) and family prefixes (`NET`), and a list
//! of overrides applies other selections and severities to the files that match their globs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::report::Severity;
use crate::rules::network::ports::{PortClass, PortKind, Transport};
use crate::rules::{self, LambdaSettings, NamePatterns, Rule, Settings, ValuePatterns};

/// The file name looked for.
pub const FILE_NAME: &str = ".tighten.yaml";

/// The configuration as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The rules to run; all when absent.
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity by rule code or name.
    #[serde(default)]
    pub severity: HashMap<String, Severity>,
    pub fail_on: Option<Severity>,
    #[serde(default)]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub options: OptionsConfig,
}

/// Selection and severities for the files that match `paths`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    pub paths: Vec<String>,
    pub select: Option<Vec<String>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: HashMap<String, Severity>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OptionsConfig {
    #[serde(default)]
    pub network: NetworkConfig,
    #[serde(default)]
    pub lambda: LambdaConfig,
}

/// The Lambda rules' options (LAM001).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LambdaConfig {
    /// Words that make a variable name secret besides the built-in ones.
    #[serde(default)]
    pub secret_words: Vec<String>,
    /// Variable names never reported, as globs matched ignoring case.
    #[serde(default)]
    pub allowed_names: Vec<String>,
    /// Values never reported, as regular expressions.
    #[serde(default)]
    pub allowed_values: Vec<String>,
}

/// The network rules' options; absent keys keep their defaults.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NetworkConfig {
    /// More well-known ports, ahead of the built-in ones (a port listed here wins).
    #[serde(default)]
    pub port_classes: Vec<PortClassConfig>,
    pub broad_prefix_v4: Option<u8>,
    pub broad_prefix_v6: Option<u8>,
    pub max_port_range: Option<u32>,
    pub public_egress: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PortClassConfig {
    pub port: u16,
    pub name: String,
    pub kind: PortKindConfig,
    #[serde(default)]
    pub transport: TransportConfig,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortKindConfig {
    RemoteAdmin,
    Database,
    ClusterControl,
    Web,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TransportConfig {
    #[default]
    Tcp,
    Udp,
    Both,
}

/// A configuration that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Config {
    /// Reads `text`, the contents of the file at `path` (for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let error = |line, column, message| ConfigError {
            path: path.display().to_string(),
            line,
            column,
            message,
        };
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let config: Self = serde_saphyr::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            error(line, column, message_of(&e.to_string()))
        })?;

        // Names are checked here, where the key's position is lost; the message quotes them.
        for name in config.rule_names() {
            if rules::resolve(name).is_empty() {
                let at = text.find(name.as_str()).map_or((1, 1), |offset| line_col(text, offset));
                let mut message = format!("unknown rule `{name}`");
                if let Some(near) = closest(name, rules::builtin().iter().map(|r| r.meta().code)) {
                    message = format!("{message}; did you mean `{near}`?");
                }
                return Err(error(at.0, at.1, message));
            }
        }
        // The patterns are compiled here so that a bad one stops the run with its place; the
        // message names it by position, since an allowed value may spell a secret.
        let lambda = &config.options.lambda;
        let names = NamePatterns::new(&lambda.allowed_names).err().map(|e| ("allowed-names", e));
        let values =
            ValuePatterns::new(&lambda.allowed_values).err().map(|e| ("allowed-values", e));
        if let Some((key, e)) = names.or(values) {
            let at = text.find(key).map_or((1, 1), |offset| line_col(text, offset));
            return Err(error(at.0, at.1, e.to_string()));
        }
        for glob in config.globs() {
            if let Err(e) = Glob::new(glob) {
                let at = text.find(glob.as_str()).map_or((1, 1), |offset| line_col(text, offset));
                return Err(error(at.0, at.1, format!("invalid glob `{glob}`: {}", e.kind())));
            }
        }
        Ok(config)
    }

    /// Finds `.tighten.yaml` in `dir` or the nearest directory above it.
    #[must_use]
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().map(|d| d.join(FILE_NAME)).find(|candidate| candidate.is_file())
    }

    fn rule_names(&self) -> impl Iterator<Item = &String> {
        let lists = [self.select.as_deref().unwrap_or_default(), &self.ignore];
        let overrides = self
            .overrides
            .iter()
            .flat_map(|o| o.select.iter().flatten().chain(&o.ignore).chain(o.severity.keys()));
        lists.into_iter().flatten().chain(self.severity.keys()).chain(overrides)
    }

    fn globs(&self) -> impl Iterator<Item = &String> {
        let overrides = self.overrides.iter().flat_map(|o| &o.paths);
        self.include.iter().chain(&self.exclude).chain(overrides)
    }

    /// The rules selected for every file, before overrides.
    #[must_use]
    pub fn rules(&self) -> Vec<&'static dyn Rule> {
        select(rules::builtin(), self.select.as_deref(), &self.ignore)
    }

    /// The settings of the rule families, defaults overlaid with what the file sets.
    #[must_use]
    pub fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        let network = &self.options.network;
        let target = &mut settings.network;
        let extra = network.port_classes.iter().map(|class| PortClass {
            port: class.port,
            name: Cow::Owned(class.name.clone()),
            kind: match class.kind {
                PortKindConfig::RemoteAdmin => PortKind::RemoteAdmin,
                PortKindConfig::Database => PortKind::Database,
                PortKindConfig::ClusterControl => PortKind::ClusterControl,
                PortKindConfig::Web => PortKind::Web,
            },
            transport: match class.transport {
                TransportConfig::Tcp => Transport::Tcp,
                TransportConfig::Udp => Transport::Udp,
                TransportConfig::Both => Transport::Both,
            },
        });
        target.port_classes = extra.chain(target.port_classes.iter().cloned()).collect();
        target.broad_prefix_v4 = network.broad_prefix_v4.unwrap_or(target.broad_prefix_v4);
        target.broad_prefix_v6 = network.broad_prefix_v6.unwrap_or(target.broad_prefix_v6);
        target.max_port_range = network.max_port_range.unwrap_or(target.max_port_range);
        target.public_egress = network.public_egress.unwrap_or(target.public_egress);

        // `parse` compiled these patterns already; a failure here cannot happen.
        let lambda = &self.options.lambda;
        settings.lambda = LambdaSettings {
            allowed_names: NamePatterns::new(&lambda.allowed_names).unwrap_or_default(),
            allowed_values: ValuePatterns::new(&lambda.allowed_values).unwrap_or_default(),
            ..LambdaSettings::default()
        }
        .with_secret_words(&lambda.secret_words);
        settings
    }

    /// Severity overrides, by rule code, for every file.
    #[must_use]
    pub fn severities(&self) -> HashMap<&'static str, Severity> {
        codes(&self.severity)
    }

    /// The overrides, with their globs compiled.
    #[must_use]
    pub fn path_overrides(&self) -> Vec<PathOverride> {
        self.overrides
            .iter()
            .map(|o| {
                let mut globs = GlobSetBuilder::new();
                for glob in o.paths.iter().filter_map(|g| Glob::new(g).ok()) {
                    globs.add(glob);
                }
                PathOverride {
                    paths: globs.build().unwrap_or_else(|_| GlobSet::empty()),
                    select: o.select.clone(),
                    ignore: o.ignore.clone(),
                    severity: codes(&o.severity),
                }
            })
            .collect()
    }
}

/// An override ready to be matched against file paths.
#[derive(Debug, Clone)]
pub struct PathOverride {
    pub paths: GlobSet,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: HashMap<&'static str, Severity>,
}

impl PathOverride {
    /// Narrows `rules` as this override says.
    #[must_use]
    pub fn apply(&self, rules: &[&'static dyn Rule]) -> Vec<&'static dyn Rule> {
        select(rules, self.select.as_deref(), &self.ignore)
    }
}

/// `rules` narrowed to `selected` (all when `None`) less `ignored`, by code, name or prefix.
fn select(
    rules: &[&'static dyn Rule],
    selected: Option<&[String]>,
    ignored: &[String],
) -> Vec<&'static dyn Rule> {
    let codes = |ids: &[String]| -> Vec<&'static str> {
        ids.iter().flat_map(|id| rules::resolve(id)).collect()
    };
    let chosen = selected.map(codes);
    let dropped = codes(ignored);
    rules
        .iter()
        .copied()
        .filter(|rule| chosen.as_ref().is_none_or(|c| c.contains(&rule.meta().code)))
        .filter(|rule| !dropped.contains(&rule.meta().code))
        .collect()
}

fn codes(severities: &HashMap<String, Severity>) -> HashMap<&'static str, Severity> {
    severities
        .iter()
        .flat_map(|(id, severity)| {
            rules::resolve(id).into_iter().map(move |code| (code, *severity))
        })
        .collect()
}

/// The message of a `serde-saphyr` error, without its location prefix and source excerpt,
/// with a did-you-mean for an unknown key.
fn message_of(display: &str) -> String {
    let first = display.lines().next().unwrap_or(display);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = first
        .split_once(": ")
        .filter(|(head, _)| head.starts_with("line ") && head.contains(" column "))
        .map_or(first, |(_, rest)| rest)
        .to_owned();

    // `unknown field `selct`, expected one of `select`, ...`
    let unknown = message.strip_prefix("unknown field `").and_then(|rest| rest.split_once('`'));
    let Some((field, rest)) = unknown else { return message };
    let expected = rest.split_once("expected ").map_or("", |(_, list)| list);
    let known = expected
        .trim_start_matches("one of ")
        .split(", ")
        .map(|name| name.trim_matches('`'))
        .filter(|name| !name.is_empty());
    match closest(field, known) {
        Some(near) => format!("{message}; did you mean `{near}`?"),
        None => message,
    }
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .map(|c| (distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u64, column as u64)
}

/// The starter file `tighten init` writes.
pub const STARTER: &str = r"# tighten configuration. Every key is optional; remove what you do not need.

# Globs narrowing which walked files are checked (files named on the command line always are).
include: []
exclude:
  - '**/node_modules/**'
  - '**/cdk.out/**'

# Rules to run, by code (NET001), name (public-ingress) or family prefix (IAM, NET, LAM).
# select: [IAM, NET, LAM]
ignore: []

# Severity overrides by rule code or name.
severity: {}
#   wide-port-range: medium

# Lowest severity that fails the run (exit code 1).
fail-on: low

# Other selections and severities for some files.
overrides: []
#  - paths: ['legacy/**']
#    ignore: [IAM001]
#    severity: {IAM002: low}

options:
  network:
    # Ports of your own services that must never face the internet.
    port-classes: []
    #  - {port: 8080, name: Jenkins, kind: remote-admin, transport: tcp}
    broad-prefix-v4: 8
    broad-prefix-v6: 32
    max-port-range: 1000
    public-egress: false
  lambda:
    # Words that make an environment variable's name secret, besides the built-in ones.
    secret-words: []
    # Names (globs) and values (regular expressions) never reported as secrets.
    allowed-names: []
    allowed-values: []
";

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new(".tighten.yaml"))
    }

    #[test]
    fn the_starter_file_parses_to_the_defaults() {
        let config = parse(STARTER).unwrap();
        assert_eq!(config.rules().len(), rules::builtin().len());
        assert_eq!(config.settings().network, Settings::default().network);
        assert_eq!(config.fail_on, Some(Severity::Low));
    }

    #[test]
    fn unknown_keys_name_their_place_and_the_nearest_key() {
        let error = parse("select: [NET]\nfail_on: high\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
        assert!(error.message.contains("did you mean `fail-on`?"), "{}", error.message);

        let error = parse("options:\n  network:\n    max-port-rnage: 10\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 5));
        assert!(error.message.ends_with("did you mean `max-port-range`?"), "{}", error.message);

        let error = parse("severity:\n  NET001: urgent\n").unwrap_err();
        assert_eq!(error.line, 2);
    }

    #[test]
    fn unknown_rules_and_bad_globs_are_errors() {
        let error = parse("ignore: [NET01]\n").unwrap_err();
        assert_eq!((error.line, error.column), (1, 10));
        assert_eq!(error.message, "unknown rule `NET01`; did you mean `NET001`?");

        let error = parse("exclude: ['a/[b']\n").unwrap_err();
        assert!(error.message.starts_with("invalid glob `a/[b`"), "{}", error.message);
    }

    #[test]
    fn selection_takes_codes_names_and_prefixes() {
        let config = parse("select: [NET, plaintext-secret]\nignore: [NET002]\n").unwrap();
        let codes: Vec<&str> = config.rules().iter().map(|r| r.meta().code).collect();
        assert!(codes.contains(&"NET001") && codes.contains(&"LAM001"), "{codes:?}");
        assert!(!codes.contains(&"NET002") && !codes.iter().any(|c| c.starts_with("IAM")));
    }

    #[test]
    fn lambda_options_reach_the_settings_and_bad_patterns_are_refused_unquoted() {
        let config = parse(
            "options:\n  lambda:\n    secret-words: [pin]\n    allowed-names: ['*_PUBLIC_KEY']\n",
        )
        .unwrap();
        let lambda = config.settings().lambda;
        assert_eq!(lambda.secret_terms, [vec!["pin".to_owned()]]);

        let error = parse("options:\n  lambda:\n    allowed-values: ['hunter2(']\n").unwrap_err();
        assert_eq!((error.line, error.column), (3, 5));
        assert!(!error.message.contains("hunter2"), "{}", error.message);
    }

    #[test]
    fn network_options_overlay_the_defaults() {
        let config = parse(
            "options:\n  network:\n    max-port-range: 100\n    port-classes:\n      \
             - {port: 8080, name: Jenkins, kind: remote-admin}\n",
        )
        .unwrap();
        let network = config.settings().network;
        assert_eq!(network.max_port_range, 100);
        assert_eq!(network.port_classes[0].port, 8080);
        assert_eq!(network.port_classes[0].transport, Transport::Tcp);
        assert_eq!(network.port_classes.len(), Settings::default().network.port_classes.len() + 1);
    }
}
