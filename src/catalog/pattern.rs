//! Action patterns as IAM matches them: `*` any run of characters, `?` one character, ASCII
//! case-insensitive, service prefix included (`S3:get*` is `s3:GetObject` and more).

use super::{Action, Catalog, Service};

/// An `Action` or `NotAction` item, split the way IAM reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionPattern<'p> {
    /// `*`: every action of every service.
    Every,
    /// `service:name`, either part possibly a pattern.
    Scoped { service: &'p str, name: &'p str },
    /// Neither `*` nor `service:name` (an empty string, `s3`, `:GetObject`).
    Malformed,
}

impl<'p> ActionPattern<'p> {
    #[must_use]
    pub fn parse(text: &'p str) -> Self {
        if text == "*" {
            return Self::Every;
        }
        match text.split_once(':') {
            Some((service, name)) if !service.is_empty() && !name.is_empty() => {
                Self::Scoped { service, name }
            }
            _ => Self::Malformed,
        }
    }
}

/// Whether `pattern` has a wildcard.
fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// What a pattern stands for in a catalog.
#[derive(Debug, Default)]
pub struct Expansion<'a> {
    /// Every matching action, in catalog order.
    pub actions: Vec<Action<'a>>,
    /// The services with at least one matching action, and how many of theirs match.
    pub services: Vec<ServiceMatch<'a>>,
}

/// A service some of whose actions a pattern matches.
#[derive(Clone, Copy)]
pub struct ServiceMatch<'a> {
    pub service: Service<'a>,
    pub matched: usize,
}

impl std::fmt::Debug for ServiceMatch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}/{})", self.service.prefix(), self.matched, self.service.len())
    }
}

impl ServiceMatch<'_> {
    /// Whether the pattern matches every action of the service.
    #[must_use]
    pub fn is_whole(&self) -> bool {
        self.matched == self.service.len()
    }
}

impl Expansion<'_> {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Whether the pattern matches every action of each service it touches: a service
    /// wildcard (`s3:*`, `S3:**`, `s*:*`) rather than a family of actions (`s3:Get*`).
    #[must_use]
    pub fn is_service_wildcard(&self) -> bool {
        !self.services.is_empty() && self.services.iter().all(ServiceMatch::is_whole)
    }
}

impl Catalog {
    /// The actions `text` (an `Action` item) matches. `*` matches every action; a malformed
    /// item matches none.
    #[must_use]
    pub fn expand(&self, text: &str) -> Expansion<'_> {
        let mut expansion = Expansion::default();
        let (service_glob, name_glob) = match ActionPattern::parse(text) {
            ActionPattern::Every => ("*", "*"),
            ActionPattern::Scoped { service, name } => (service, name),
            ActionPattern::Malformed => return expansion,
        };

        let services: Vec<Service<'_>> = if is_pattern(service_glob) {
            self.services().filter(|s| glob_matches(service_glob, s.prefix())).collect()
        } else {
            self.service(service_glob).into_iter().collect()
        };

        for service in services {
            let before = expansion.actions.len();
            if is_pattern(name_glob) {
                expansion
                    .actions
                    .extend(service.actions().filter(|a| glob_matches(name_glob, a.name())));
            } else {
                expansion.actions.extend(service.action(name_glob));
            }
            let matched = expansion.actions.len() - before;
            if matched > 0 {
                expansion.services.push(ServiceMatch { service, matched });
            }
        }
        expansion
    }

    /// Whether `text` matches every action of every service (`*`, `*:*`, `*:**`).
    #[must_use]
    pub fn is_every_action(&self, text: &str) -> bool {
        match ActionPattern::parse(text) {
            ActionPattern::Every => true,
            ActionPattern::Malformed => false,
            ActionPattern::Scoped { service, name } => {
                // Only a pattern made of wildcards can match everything; checking that first
                // keeps plain actions from expanding at all.
                let wild =
                    |part: &str| part.contains('*') && part.bytes().all(|c| c == b'*' || c == b'?');
                if !wild(service) || !wild(name) {
                    return false;
                }
                let expansion = self.expand(text);
                expansion.services.len() == self.services.len() && expansion.is_service_wildcard()
            }
        }
    }
}

/// IAM's wildcard match of `text` against `pattern`: `*` any run (empty included), `?` exactly
/// one character, everything else ASCII case-insensitive.
#[must_use]
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and the text position it has swallowed up to.
    let mut star: Option<(usize, usize)> = None;

    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&t[ti]) => {
                // `?` is one character: step over a whole UTF-8 sequence, not one byte.
                let width = if c == b'?' { utf8_width(t[ti]) } else { 1 };
                pi += 1;
                ti += width;
            }
            _ => match star {
                Some((resume_p, resume_t)) => {
                    pi = resume_p + 1;
                    ti = resume_t + utf8_width(t[resume_t]);
                    star = Some((resume_p, ti));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

fn utf8_width(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}
