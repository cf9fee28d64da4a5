//! Random valid JSON for the comparison with the old loader: every escape, surrogate pairs,
//! characters of one to four bytes, numbers at the edges (`-0`, `1e400`, 20 digits), duplicate
//! keys, and all four kinds of whitespace between tokens.

/// A small deterministic generator (xorshift), so that a failure replays.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, choices: &[&'a str]) -> &'a str {
        choices[self.below(choices.len())]
    }
}

const STRING_PIECES: &[&str] = &[
    "s3:GetObject",
    "arn:aws:s3:::bucket/*",
    "Allow",
    " ",
    r#"\""#,
    r"\\",
    r"\/",
    r"\b",
    r"\f",
    r"\n",
    r"\r",
    r"\t",
    r"\u00e9",
    r"\u0000",
    r"\u001F",
    r"\uD83D\uDE00",
    r"\udbff\udfff",
    r"\uFFFF",
    r"\u002f",
    "é",
    "日本",
    "😀",
    "\u{7f}",
    "\u{2028}",
    "{[:,]}",
    "'",
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-12",
    "3.25",
    "0.5e-3",
    "1E+5",
    "-2.5E-07",
    "1e400",
    "12345678901234567890",
    "-98765432109876543210.5",
    "100",
];

/// Indentation of eight spaces and more is skipped eight bytes at a time, so runs of every
/// length around that appear.
const WHITESPACE: &[&str] = &[
    "",
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\n    ",
    "\n        ",
    "\n           ",
    "\n                 \t ",
    "\r\n\n        \n",
];

const KEYS: &[&str] = &["Effect", "Action", "a", "a", "", r"Key\u0041", "é"];

/// A valid JSON document.
pub fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    space(rng, &mut out);
    value(rng, &mut out, 0);
    space(rng, &mut out);
    out
}

fn value(rng: &mut Rng, out: &mut String, depth: usize) {
    let kinds = if depth >= 6 { 4 } else { 7 };
    match rng.below(kinds) {
        0 | 1 => string(rng, out),
        2 => out.push_str(rng.pick(NUMBERS)),
        3 => out.push_str(rng.pick(&["true", "false", "null"])),
        4 | 5 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                space(rng, out);
                value(rng, out, depth + 1);
                space(rng, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                space(rng, out);
                out.push('"');
                out.push_str(rng.pick(KEYS));
                out.push('"');
                space(rng, out);
                out.push(':');
                space(rng, out);
                value(rng, out, depth + 1);
                space(rng, out);
            }
            space(rng, out);
            out.push('}');
        }
    }
}

fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(6) {
        out.push_str(rng.pick(STRING_PIECES));
    }
    out.push('"');
}

fn space(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(WHITESPACE));
}
