//! Hostile input through the real binary. Each case writes its file beside a valid one and
//! asserts the diagnostic (code, line and column, checked against the generated text), the
//! exit code, that the valid file is still reported, and that the run stays within a wall
//! clock and an address-space limit (`ulimit -v`, so a blow-up aborts the run instead of the
//! machine). The inputs are generated here, never committed.

mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// Address space the binary may map, in KiB: far above a normal run (under 100 MiB even for
/// the large cases in a debug build), far below an expanded alias bomb.
const MEMORY_KIB: u64 = 1024 * 1024;

/// Generous for a debug build on a loaded machine; a hang never ends.
const WALL_CLOCK: Duration = Duration::from_secs(90);

/// The valid file that every run also checks, and the finding it must yield.
const VALID: &str = "valid.json";
const VALID_FINDING: &str = "valid.json:10:31: low NET001 ";

struct Run {
    code: i32,
    stdout: String,
}

impl Run {
    /// `(line, column, rest)` of each output line about `file`.
    fn about(&self, file: &str) -> Vec<(usize, usize, &str)> {
        let prefix = format!("{file}:");
        self.stdout
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix))
            .map(|rest| {
                let mut parts = rest.splitn(3, ':');
                let line = parts.next().unwrap().parse().unwrap();
                let column = parts.next().unwrap().parse().unwrap();
                (line, column, parts.next().unwrap().trim_start())
            })
            .collect()
    }

    /// The one diagnostic about `file`, asserted to contain `what` (`error syntax-error `).
    fn only(&self, file: &str, what: &str) -> (usize, usize) {
        let found = self.about(file);
        assert_eq!(found.len(), 1, "{file}: {}", self.stdout);
        assert!(found[0].2.contains(what), "{file}: {}", self.stdout);
        (found[0].0, found[0].1)
    }
}

/// Writes `files` and the valid file into a fresh directory and checks all of them.
fn check(files: &[(&str, &[u8])]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let mut args: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    args.push(VALID);
    check_in(dir.path(), &args)
}

/// Checks `args` in `dir`, with the valid file copied there, under the time and memory limits.
fn check_in(dir: &Path, args: &[&str]) -> Run {
    std::fs::copy(common::root().join("fixtures/examples/authorize-ingress.json"), dir.join(VALID))
        .unwrap();
    let output = bounded(&mut Command::new("sh"))
        .args(["check", "--format", "concise"])
        .args(args)
        .current_dir(dir)
        .timeout(WALL_CLOCK)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let Some(code) = output.status.code() else {
        panic!("killed (time or memory limit): {:?}\n{stderr}", output.status);
    };
    assert!(!stderr.contains("panicked"), "{stderr}");
    let run = Run { code, stdout: String::from_utf8(output.stdout).unwrap() };
    assert!(run.stdout.contains(VALID_FINDING), "valid file not reported:\n{}", run.stdout);
    run
}

/// Adds to a `sh` command the script that sets the memory limit, then runs the binary with
/// the arguments that follow.
fn bounded(sh: &mut Command) -> &mut Command {
    sh.arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("tighten"))
}

/// The byte offset of a 1-based line and column (in characters, a leading byte order mark not
/// counted), so a test can say what the reported position points at.
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let start: usize = text.split(|&b| b == b'\n').take(line - 1).map(|l| l.len() + 1).sum();
    let mut at = start;
    if start == 0 && text.starts_with("\u{feff}".as_bytes()) {
        at += 3;
    }
    for _ in 1..column {
        let width = match text[at] {
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        at += width;
    }
    at
}

fn points_at(text: &[u8], (line, column): (usize, usize), expected: &str) {
    let at = offset(text, line, column);
    assert!(
        text[at..].starts_with(expected.as_bytes()),
        "{line}:{column} is at {:?}, not {expected:?}",
        String::from_utf8_lossy(&text[at..(at + 20).min(text.len())]),
    );
}

#[test]
fn an_alias_bomb_stops_at_the_alias_over_the_budget() {
    let mut yaml = String::from("Statement:\n  - &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..=9 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        let _ = writeln!(yaml, "  - &a{level} [{refs}]");
    }
    let run = check(&[("bomb.yaml", yaml.as_bytes())]);
    assert_eq!(run.code, 2);
    let at = run.only("bomb.yaml", "error alias-expansion ");
    points_at(yaml.as_bytes(), at, "*a");
}

#[test]
fn deep_flow_nesting_stops_at_the_first_level_over_the_budget() {
    let json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let yaml = format!("a: {}1{}", "{a: ".repeat(100_000), "}".repeat(100_000));
    let run = check(&[("flow.json", json.as_bytes()), ("flow.yaml", yaml.as_bytes())]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("flow.json", "error nesting-too-deep "), (1, 257));
    let at = run.only("flow.yaml", "error nesting-too-deep ");
    points_at(yaml.as_bytes(), at, "{a: ");
}

#[test]
fn deep_block_nesting_stops_at_the_first_level_over_the_budget() {
    let one_line = format!("{}x\n", "- ".repeat(100_000));
    // One more space per level: 100,000 levels would take 5 GB, far over the size budget, so
    // the indented form goes 3,000 deep (4.5 MB), well past the depth budget of 256.
    let mut indented = String::new();
    for depth in 0..3_000 {
        let _ = writeln!(indented, "{}-", " ".repeat(depth));
    }
    let run =
        check(&[("one-line.yaml", one_line.as_bytes()), ("indented.yaml", indented.as_bytes())]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("one-line.yaml", "error nesting-too-deep "), (1, 513));
    assert_eq!(run.only("indented.yaml", "error nesting-too-deep "), (257, 257));
}

#[test]
fn a_file_over_the_size_budget_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    let file = std::fs::File::create(dir.path().join("big.json")).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    let run = check_in(dir.path(), &["big.json", VALID]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("big.json", "error file-too-large "), (1, 1));
}

/// A device has no size to check first: the read itself stops at the budget.
#[test]
fn a_device_without_end_is_read_up_to_the_budget() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = check_in(dir.path(), &["--max-file-bytes", "1000000", "/dev/zero", VALID]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("/dev/zero", "error file-too-large "), (1, 1));
}

/// A named pipe that nothing opens for writing would block a plain `open` for ever; it is an
/// input error instead.
#[cfg(unix)]
#[test]
fn a_named_pipe_without_a_writer_is_an_error_not_a_wait() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["idle.json", "idle.yaml"] {
        let made = std::process::Command::new("mkfifo").arg(dir.path().join(name)).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo does not work here");
            return;
        }
    }

    let run = check_in(dir.path(), &["idle.json", "idle.yaml", VALID]);
    assert_eq!(run.code, 2);
    for idle in ["idle.json", "idle.yaml"] {
        assert_eq!(run.only(idle, "error io-error cannot read file: a named pipe with "), (1, 1));
    }
}

/// A pipe being written, as `<(command)` gives, is read to its end like a file.
#[cfg(unix)]
#[test]
fn a_pipe_being_written_is_read_to_its_end() {
    // Column 45 is the `"*"` of `Action`.
    let policy = r#"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#;
    let script = r#"exec "$0" check --format concise <(sleep 0.2; printf %s "$1")"#;
    let Ok(output) = Command::new("bash")
        .args(["-c", script])
        .arg(assert_cmd::cargo::cargo_bin("tighten"))
        .arg(policy)
        .timeout(WALL_CLOCK)
        .output()
    else {
        eprintln!("skipped: no bash here");
        return;
    };
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.starts_with("/dev/fd/") && l.contains(":1:45: critical IAM003 ")),
        "{stdout}"
    );
}

/// The files a run reads besides its inputs are bounded too, and a bad one stops the run with
/// a usage error that names it.
#[test]
fn side_files_without_end_are_refused() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero here");
        return;
    }
    let valid = common::root().join("fixtures/examples/authorize-ingress.json");
    for (flag, what) in [("--config", "configuration"), ("--baseline", "baseline")] {
        let output = bounded(&mut Command::new("sh"))
            .args(["check", flag, "/dev/zero"])
            .arg(&valid)
            .timeout(WALL_CLOCK)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains(&format!("cannot read the {what} /dev/zero: over the ")),
            "{flag}: {stderr}"
        );
    }
}

#[test]
fn invalid_utf8_is_reported_where_it_starts() {
    let yaml = b"Version: '2012-10-17'\nStatement:\n  - Sid: caf\xc3\xa9 and \xff\xfe\n";
    let run = check(&[("latin.yaml", yaml)]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("latin.yaml", "error invalid-utf8 "), (3, 19));
}

#[test]
fn a_byte_order_mark_is_accepted_and_columns_ignore_it() {
    let policy = "\u{feff}{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \
                  \"Action\": \"*\", \"Resource\": \"*\"}]}\n";
    let template = "\u{feff}Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    \
                    Properties:\n      GroupDescription: web\n      SecurityGroupIngress:\n        \
                    - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n";
    let run = check(&[("bom.json", policy.as_bytes()), ("bom.yaml", template.as_bytes())]);
    assert_eq!(run.code, 1, "{}", run.stdout);

    let found = run.about("bom.json");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(found[0].2.starts_with("critical IAM003 "), "{}", run.stdout);
    let column = policy.find("\"*\", \"Resource\"").unwrap() - 3 + 1;
    assert_eq!((found[0].0, found[0].1), (1, column));
    points_at(policy.as_bytes(), (1, column), "\"*\", \"Resource\"");

    let found = run.about("bom.yaml");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(found[0].2.starts_with("critical NET001 "), "{}", run.stdout);
    points_at(template.as_bytes(), (found[0].0, found[0].1), "0.0.0.0/0");
}

#[test]
fn utf16_is_refused_with_a_clear_error() {
    let text = "{\"Statement\": []}";
    let little: Vec<u8> =
        "\u{feff}".encode_utf16().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect();
    let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let run = check(&[("le-bom.json", &little), ("be.json", &big)]);
    assert_eq!(run.code, 2);
    for file in ["le-bom.json", "be.json"] {
        assert_eq!(run.only(file, "error unsupported-encoding file is UTF-16 encoded"), (1, 1));
    }
}

#[test]
fn nul_bytes_are_syntax_errors_where_they_are() {
    let json = b"{\"Version\": \"2012-10-17\",\n \"Statement\": [\"a\0b\"]}";
    let yaml = b"Version: '2012-10-17'\nStatement:\n  - Effect: Al\0low\n";
    let run = check(&[("nul.json", json), ("nul.yaml", yaml)]);
    assert_eq!(run.code, 2);
    points_at(json, run.only("nul.json", "error syntax-error "), "\0");
    points_at(yaml, run.only("nul.yaml", "error syntax-error "), "\0");
}

#[test]
fn a_hundred_thousand_keys_are_read_in_bounded_time() {
    let mut config = String::from(
        "{\"FunctionName\": \"f\", \"Runtime\": \"python3.12\", \"Handler\": \"app.handler\", \
         \"Role\": \"arn:aws:iam::123456789012:role/f\", \"Environment\": {\"Variables\": {",
    );
    for i in 0..100_000 {
        let _ = writeln!(config, "\"VAR_{i}\": \"value {i}\",");
    }
    config.push_str("\"DB_PASSWORD\": \"hunter2-Orders-2026!\"}}}\n");

    let mut template = String::from("Resources:\n");
    for i in 0..100_000 {
        let _ = write!(template, "  Topic{i}:\n    Type: AWS::SNS::Topic\n");
    }
    template.push_str(
        "  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      \
         SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: \
         0.0.0.0/0}\n",
    );

    let run = check(&[("config.json", config.as_bytes()), ("template.yaml", template.as_bytes())]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let at = run.only("config.json", "high LAM001 ");
    points_at(config.as_bytes(), at, "\"hunter2-");
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    let at = run.only("template.yaml", "critical NET001 ");
    points_at(template.as_bytes(), at, "0.0.0.0/0}");
}

#[test]
fn a_one_megabyte_string_is_reported_masked_and_output_stays_small() {
    let secret = format!("Zq9{}", "x7Kp".repeat(250_000));
    let config = format!(
        "{{\"FunctionName\": \"f\", \"Runtime\": \"python3.12\", \"Handler\": \"app.handler\", \
         \"Environment\": {{\"Variables\": {{\"DB_PASSWORD\": \"{secret}\", \"NOTE\": \"{}\"}}}}}}",
        "a".repeat(1_000_000),
    );
    let run = check(&[("config.json", config.as_bytes())]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let at = run.only("config.json", " LAM001 environment variable DB_PASSWORD ");
    points_at(config.as_bytes(), at, "\"Zq9x7Kp");
    assert!(run.stdout.len() < 1000, "{} bytes of output", run.stdout.len());
    assert!(!run.stdout.contains("x7Kpx7Kp"), "{}", run.stdout);
}

/// A minified policy is one line: five thousand findings along it are reported in every
/// format without a panic (miette cannot place a label more than 65,535 columns into a line),
/// without printing the line once per finding, and with columns counted to the character.
#[test]
fn findings_deep_into_a_minified_line_are_reported_in_every_format() {
    let statement = r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#;
    let statements = vec![statement; 5_000].join(",");
    let policy = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("min.json"), &policy).unwrap();

    for format in ["pretty", "concise", "json", "sarif", "github", "junit"] {
        let output = bounded(&mut Command::new("sh"))
            .args(["check", "--format", format, "min.json"])
            .current_dir(dir.path())
            .timeout(WALL_CLOCK)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.len() < 5_000 * 2_000, "{format}: {} bytes", stdout.len());
        assert!(!stdout.contains(&[statement; 5].join(",")), "{format}: the policy's line");

        if format == "concise" {
            let lines: Vec<&str> = stdout.lines().collect();
            assert_eq!(lines.len(), 5_000);
            let last = policy.rfind(r#""Action":"*""#).unwrap() + r#""Action":"#.len();
            let expected = format!("min.json:1:{}: critical IAM003 ", last + 1);
            assert!(lines[4_999].starts_with(&expected), "{}", lines[4_999]);
        }
    }
}

#[test]
fn huge_numbers_do_not_disturb_the_rest_of_the_document() {
    // Numbers beyond f64 and u64 in a condition, a version and ports: read as text, the
    // statement's wildcard is still found, and the ports are reported as no ports.
    let policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \
                  \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"NumericLessThan\": \
                  {\"s3:max-keys\": 1e400, \"aws:EpochTime\": 123456789012345678901, \
                  \"x:neg\": -1e400}}}, {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \
                  \"Resource\": \"*\", \"Sid\": 99999999999999999999}]}";
    let group = "{\"GroupId\": \"sg-1\", \"IpPermissions\": [{\"IpProtocol\": \"tcp\", \
                 \"FromPort\": 1e400, \"ToPort\": 123456789012345678901, \"IpRanges\": \
                 [{\"CidrIp\": \"0.0.0.0/0\"}]}, {\"IpProtocol\": \"tcp\", \"FromPort\": \
                 -18446744073709551617, \"ToPort\": 18446744073709551616, \"IpRanges\": \
                 [{\"CidrIp\": \"0.0.0.0/0\"}]}]}";
    let run = check(&[("policy.json", policy.as_bytes()), ("group.json", group.as_bytes())]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = run.about("policy.json");
    assert!(found.iter().any(|f| f.2.starts_with("high IAM002 ")), "{}", run.stdout);
    for (line, column, _) in found {
        points_at(policy.as_bytes(), (line, column), "\"");
    }
    // Ports that are no port number are NET006's, each on its own token; NET001 cannot judge
    // what the rules open and stays silent.
    let found = run.about("group.json");
    let tokens =
        ["1e400", "123456789012345678901", "-18446744073709551617", "18446744073709551616"];
    assert_eq!(found.len(), tokens.len(), "{}", run.stdout);
    for ((line, column, text), token) in found.into_iter().zip(tokens) {
        assert!(text.starts_with("medium NET006 "), "{text}");
        points_at(group.as_bytes(), (line, column), token);
    }
}

#[test]
fn duplicate_keys_are_reported_on_the_later_key() {
    let policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \
                  \"Action\": \"*\", \"Resource\": \"*\", \"Effect\": \"Deny\"}]}";
    let template = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      \
                    Handler: a.b\n  Fn:\n    Type: AWS::SNS::Topic\n";
    let run = check(&[("dup.json", policy.as_bytes()), ("dup.yaml", template.as_bytes())]);
    assert_eq!(run.code, 2);
    let at = run.only("dup.json", "error duplicate-key key `Effect` is repeated");
    points_at(policy.as_bytes(), at, "\"Effect\": \"Deny\"");
    assert_eq!(run.only("dup.yaml", "error duplicate-key key `Fn` is repeated"), (6, 3));
}

#[test]
fn duplicate_keys_inside_a_policy_sent_as_a_string_are_reported_inside_it() {
    let template = "Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      \
                    PolicyDocument: '{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \
                    \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\", \
                    \"Effect\": \"Deny\"}]}'\n";
    let run = check(&[("string.yaml", template.as_bytes())]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let at = run.only("string.yaml", "error duplicate-key key `Effect` is repeated");
    points_at(template.as_bytes(), at, "\"Effect\": \"Deny\"");
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_end() {
    use std::os::unix::fs::symlink;

    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("sub")).unwrap();
    symlink("..", tree.join("sub/up")).unwrap();
    symlink("../tree", tree.join("sub/again.json")).unwrap();
    std::fs::write(tree.join("sub/policy.json"), "{\"Statement\": []}").unwrap();
    symlink("b.json", dir.path().join("a.json")).unwrap();
    symlink("a.json", dir.path().join("b.json")).unwrap();

    let run = check_in(dir.path(), &["tree", "a.json", VALID]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(run.stdout.matches(VALID_FINDING).count(), 1, "{}", run.stdout);
    assert_eq!(
        run.only("a.json", "error io-error cannot read file: too many levels of symbolic links"),
        (1, 1)
    );
    assert_eq!(run.about("tree/sub/policy.json"), []);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_input_error() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = dir.path().join("secret.json");
    std::fs::write(&secret, "{\"Statement\": []}").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();

    // The superuser reads any file whatever its mode: the binary then runs as `nobody`, and
    // where that is impossible the case is skipped with a note.
    if std::fs::read(&secret).is_ok() && !drops_to_nobody() {
        eprintln!("skipped: running as the superuser and `setpriv` cannot drop to nobody");
        return;
    }
    std::fs::copy(
        common::root().join("fixtures/examples/authorize-ingress.json"),
        dir.path().join(VALID),
    )
    .unwrap();
    std::fs::set_permissions(dir.path().join(VALID), std::fs::Permissions::from_mode(0o644))
        .unwrap();

    let mut cmd = if std::fs::read(&secret).is_ok() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sh"]);
        cmd
    } else {
        Command::new("sh")
    };
    let output = bounded(&mut cmd)
        .args(["check", "--format", "concise", "secret.json", VALID, "."])
        .current_dir(dir.path())
        .timeout(WALL_CLOCK)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
    };
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains(VALID_FINDING), "{}", run.stdout);
    let found = run.about("secret.json");
    assert_eq!(found.len(), 2, "named and walked: {}", run.stdout);
    for (line, column, rest) in found {
        assert_eq!((line, column), (1, 1));
        assert!(rest.starts_with("error io-error cannot read file: permission denied"), "{rest}");
    }
}

/// Whether `setpriv` can run a command as `nobody` here.
fn drops_to_nobody() -> bool {
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn empty_files() {
    let run = check(&[("empty.json", b""), ("empty.yaml", b""), ("blank.yaml", b"\n\n# note\n")]);
    assert_eq!(run.code, 2);
    assert_eq!(run.only("empty.json", "error syntax-error "), (1, 1));
    // An empty YAML stream is a valid document holding nothing: skipped like any non-AWS file.
    assert_eq!(run.about("empty.yaml"), []);
    assert_eq!(run.about("blank.yaml"), []);
}

#[test]
fn a_directory_named_like_a_file_is_walked() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("policy.json");
    std::fs::create_dir_all(named.join("inner.yaml")).unwrap();
    std::fs::write(
        named.join("inner.yaml/p.json"),
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
    )
    .unwrap();
    let run = check_in(dir.path(), &["policy.json", VALID]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = run.about("policy.json/inner.yaml/p.json");
    assert!(found.iter().any(|f| f.2.starts_with("critical IAM003 ")), "{}", run.stdout);
}
