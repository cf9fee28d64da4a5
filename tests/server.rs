//! `tighten server` driven as an editor drives it: JSON-RPC messages with `Content-Length`
//! framing over the process's standard input and output.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start() -> Self {
        let mut child = Command::cargo_bin("tighten")
            .unwrap()
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());

        // A reader thread, so that a server that never answers fails the test instead of
        // hanging it.
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                let mut line = String::new();
                loop {
                    line.clear();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                stdout.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Self { child, stdin, messages }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn receive(&self) -> Value {
        self.messages.recv_timeout(Duration::from_secs(20)).expect("the server answered")
    }

    fn initialize(&mut self, capabilities: &Value) -> Value {
        self.send(&json!({
            "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": capabilities},
        }));
        let response = self.receive();
        self.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        response
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.send(&json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {
                "uri": uri, "languageId": "json", "version": 1, "text": text,
            }},
        }));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn shut_down(mut self) -> i32 {
        self.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        assert_eq!(self.receive()["id"], 99);
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        self.child.wait().unwrap().code().unwrap()
    }
}

/// A security group whose open source follows a description with a character outside the
/// basic plane, so that byte, UTF-16 and code point columns all differ.
const GROUP: &str = r#"{
  "GroupId": "sg-0a1b2c3d4e5f67890",
  "GroupName": "bastion",
  "IpPermissions": [
    {
      "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
      "IpRanges": [{"Description": "🔑 admins", "CidrIp": "0.0.0.0/0"}]
    }
  ],
  "IpPermissionsEgress": []
}
"#;

const URI: &str = "file:///work/infra/bastion%20sg.json";

fn cidr_range(diagnostics: &[Value]) -> (u64, u64, u64) {
    let [diagnostic] = diagnostics else { panic!("one diagnostic: {diagnostics:?}") };
    assert_eq!(diagnostic["code"], "NET001");
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["source"], "tighten");
    let range = &diagnostic["range"];
    let line = range["start"]["line"].as_u64().unwrap();
    assert_eq!(range["end"]["line"].as_u64(), Some(line));
    (
        line,
        range["start"]["character"].as_u64().unwrap(),
        range["end"]["character"].as_u64().unwrap(),
    )
}

#[test]
fn diagnostics_follow_open_change_and_close_in_utf16() {
    let mut client = Client::start();
    let response = client.initialize(&json!({}));
    assert_eq!(response["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(response["result"]["serverInfo"]["name"], "tighten");

    client.open(URI, GROUP);
    let diagnostics = client.diagnostics(URI);
    // `"0.0.0.0/0"` starts after 57 code points of line 7, of which one is two UTF-16 units.
    let line = GROUP.lines().nth(6).unwrap();
    let before = &line[..line.find("\"0.0.0.0/0\"").unwrap()];
    assert_eq!(before.chars().count(), 57);
    assert_eq!(cidr_range(&diagnostics), (6, 58, 69));
    let diagnostic = &diagnostics[0];
    assert!(diagnostic["message"].as_str().unwrap().starts_with("NET001 public-ingress: "));
    assert!(
        diagnostic["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/rules/NET001-public-ingress.yaml")
    );

    // A change that closes the group clears the diagnostic; one that breaks the JSON is an
    // error at the bad token.
    let fixed = GROUP.replace("0.0.0.0/0", "10.20.0.0/16");
    client.send(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]},
    }));
    assert_eq!(client.diagnostics(URI), Vec::<Value>::new());
    client.send(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": URI, "version": 3},
                   "contentChanges": [{"text": "{\n  \"Statement\": [,]\n}\n"}]},
    }));
    let errors = client.diagnostics(URI);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "syntax-error");
    assert_eq!(errors[0]["range"]["start"]["line"], 1);

    // Not an AWS artifact: nothing to say. Closing clears what was said.
    let package = "file:///work/app/package.json";
    client.open(package, r#"{"name": "app", "version": "1.0.0"}"#);
    assert_eq!(client.diagnostics(package), Vec::<Value>::new());
    client.send(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didClose",
        "params": {"textDocument": {"uri": URI}},
    }));
    assert_eq!(client.diagnostics(URI), Vec::<Value>::new());

    // A request the server does not serve gets an error, not silence.
    client.send(&json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}}));
    assert_eq!(client.receive()["error"]["code"], -32601);

    assert_eq!(client.shut_down(), 0);
}

#[test]
fn clients_that_prefer_utf8_or_utf32_get_it() {
    for (encoding, start) in [("utf-8", 60), ("utf-32", 57)] {
        let mut client = Client::start();
        let response = client.initialize(&json!({
            "general": {"positionEncodings": [encoding, "utf-16"]},
        }));
        assert_eq!(response["result"]["capabilities"]["positionEncoding"], encoding);
        client.open(URI, GROUP);
        assert_eq!(cidr_range(&client.diagnostics(URI)), (6, start, start + 11));
        assert_eq!(client.shut_down(), 0);
    }
}

#[test]
fn saving_without_text_rechecks_the_open_text() {
    let mut client = Client::start();
    client.initialize(&json!({}));
    client.open(URI, GROUP);
    assert_eq!(client.diagnostics(URI).len(), 1);
    client.send(&json!({
        "jsonrpc": "2.0", "method": "textDocument/didSave",
        "params": {"textDocument": {"uri": URI}},
    }));
    assert_eq!(cidr_range(&client.diagnostics(URI)), (6, 58, 69));
    assert_eq!(client.shut_down(), 0);
}

/// pygls, a language client library used by Python editors and test suites, opens the SAM
/// example and must read the same positions as the concise format, zero-based.
#[test]
fn a_real_client_library_reads_the_diagnostics() {
    let output = Command::new("python3")
        .arg(common::root().join("tests/clients/pygls_client.py"))
        .arg(assert_cmd::cargo::cargo_bin("tighten"))
        .arg(common::root().join("fixtures/examples/sam-orders-api.yaml"))
        .output();
    let missing = |tool: &str| {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        assert!(!ci, "{tool} is not installed, and CI must run this test");
        eprintln!("skipped: {tool} is not installed (.ci/run installs it)");
    };
    let Ok(output) = output else { return missing("python3") };
    if output.status.code() == Some(3) {
        return missing("pygls");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "encoding utf-16",
            "43:28-43:60 error LAM001",
            "53:10-53:19 information IAM010",
            "60:22-60:27 error IAM002",
            "61:24-61:27 error IAM001",
            "85:18-85:32 error NET001",
        ]
    );
}

#[test]
fn a_second_shutdown_is_answered_and_exit_without_shutdown_is_an_error() {
    let mut client = Client::start();
    client.initialize(&json!({}));
    client.send(&json!({"jsonrpc": "2.0", "id": 50, "method": "shutdown"}));
    assert_eq!(client.receive()["id"], 50);
    // Some clients, Neovim among them, send it again before `exit`.
    assert_eq!(client.shut_down(), 0);

    let mut client = Client::start();
    client.initialize(&json!({}));
    client.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(client.child.wait().unwrap().code(), Some(2));
}
