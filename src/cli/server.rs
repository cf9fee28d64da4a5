//! `tighten server`: a language server over standard input and output.
//!
//! Documents are checked when they are opened, changed and saved, from the text the editor
//! holds, and their findings published as diagnostics; a document that is not an AWS artifact
//! gets none. Positions are in the encoding the client prefers among UTF-8, UTF-16 (the
//! protocol's default) and UTF-32. Each diagnostic's code links to the rule's documentation;
//! messages are the same as in every other format, so a secret is never in them. The
//! `.tighten.yaml` nearest to each document applies, read again at every check.

use std::collections::HashMap;

use anyhow::Context as _;
use lsp_server::{Connection, Message, Notification, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
    InitializeParams, Location, NumberOrString, Position, PositionEncodingKind,
    PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use super::Outcome;
use crate::config::Config;
use crate::lint::{self, Options};
use crate::report::{FileResult, RuleDescriptor, Severity};
use crate::rules;
use crate::syntax::{LineIndex, Span};

/// Serves one client; as the protocol asks, the exit code is 0 only when the client shut the
/// server down before it exited.
pub(super) fn run() -> anyhow::Result<Outcome> {
    let (connection, io_threads) = Connection::stdio();
    let shut_down = serve(&connection)?;
    drop(connection);
    io_threads.join().context("the language client connection failed")?;
    Ok(if shut_down { Outcome::Clean } else { Outcome::Error })
}

/// Serves one client until it exits; says whether it asked for a shutdown first.
fn serve(connection: &Connection) -> anyhow::Result<bool> {
    let (id, params) = connection.initialize_start().context("no initialize request")?;
    let params: InitializeParams =
        serde_json::from_value(params).context("invalid initialize parameters")?;
    let encoding = negotiate(&params);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(true),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "tighten".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    connection.initialize_finish(id, result).context("initialization failed")?;

    let mut server = Server {
        connection,
        encoding,
        rules: rules::descriptors(rules::builtin()),
        texts: HashMap::new(),
    };
    // Shutdown is handled here rather than by `lsp-server`, which takes any message between
    // `shutdown` and `exit` as an error: some clients send `shutdown` twice.
    let mut shut_down = false;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                let response = if request.method == "shutdown" {
                    shut_down = true;
                    Response::new_ok(request.id, serde_json::Value::Null)
                } else {
                    let (code, text) = if shut_down {
                        (lsp_server::ErrorCode::InvalidRequest, "the server is shutting down")
                    } else {
                        (lsp_server::ErrorCode::MethodNotFound, "tighten does not serve this")
                    };
                    Response::new_err(
                        request.id,
                        code as i32,
                        format!("{}: {text}", request.method),
                    )
                };
                connection.sender.send(response.into())?;
            }
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(shut_down);
            }
            Message::Notification(notification) => server.notified(notification)?,
            Message::Response(_) => {}
        }
    }
    // The client went away without `exit`.
    Ok(shut_down)
}

/// How positions count characters within a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf8 => PositionEncodingKind::UTF8,
            Self::Utf16 => PositionEncodingKind::UTF16,
            Self::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// The client's first preference that tighten speaks; UTF-16 when it states none.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    offered
        .into_iter()
        .flatten()
        .find_map(|kind| match kind.as_str() {
            "utf-8" => Some(Encoding::Utf8),
            "utf-16" => Some(Encoding::Utf16),
            "utf-32" => Some(Encoding::Utf32),
            _ => None,
        })
        .unwrap_or(Encoding::Utf16)
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    rules: Vec<RuleDescriptor>,
    /// The text of each open document, for saves that do not carry it.
    texts: HashMap<Uri, String>,
}

impl Server<'_> {
    fn notified(&mut self, notification: Notification) -> anyhow::Result<()> {
        let (uri, text) = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                (params.text_document.uri, Some(params.text_document.text))
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                // Full sync: the last change holds the whole text.
                let text = params.content_changes.into_iter().last().map(|change| change.text);
                (params.text_document.uri, text)
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                (params.text_document.uri, params.text)
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.texts.remove(&params.text_document.uri);
                return self.publish(params.text_document.uri, Vec::new());
            }
            _ => return Ok(()),
        };

        if let Some(text) = text {
            self.texts.insert(uri.clone(), text);
        }
        let Some(text) = self.texts.get(&uri) else { return Ok(()) };
        let path = path_of(&uri);
        // The configuration is read again for every check, so an edit to it applies at once.
        let options = options_for(&path).unwrap_or_default();
        let result = lint::lint_bytes(&path, text.as_bytes(), &options);
        let diagnostics = self.diagnostics(&uri, &result);
        self.publish(uri, diagnostics)
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>) -> anyhow::Result<()> {
        let params = PublishDiagnosticsParams { uri, diagnostics, version: None };
        let notification = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
        self.connection.sender.send(notification.into())?;
        Ok(())
    }

    fn diagnostics(&self, uri: &Uri, result: &FileResult) -> Vec<Diagnostic> {
        let index = LineIndex::new(&result.source);
        let range = |span: Span| range(span, &result.source, &index, self.encoding);

        let errors = result.errors.iter().map(|error| Diagnostic {
            range: range(error.span),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String(error.kind.code().to_owned())),
            source: Some("tighten".to_owned()),
            message: error
                .help
                .as_ref()
                .map_or_else(|| error.message.clone(), |help| format!("{}\n{help}", error.message)),
            ..Diagnostic::default()
        });
        let findings = result.findings.iter().map(|finding| {
            let href = self
                .rules
                .iter()
                .find(|rule| rule.code == finding.code)
                .and_then(|rule| rule.help_uri()?.parse::<Uri>().ok());
            let related = finding
                .labels
                .iter()
                .map(|label| DiagnosticRelatedInformation {
                    location: Location { uri: uri.clone(), range: range(label.span) },
                    message: label.message.clone(),
                })
                .collect::<Vec<_>>();
            let mut message = format!("{} {}: {}", finding.code, finding.name, finding.message);
            if let Some(help) = &finding.help {
                message = format!("{message}\nhelp: {help}");
            }
            Diagnostic {
                range: range(finding.span),
                severity: Some(severity(finding.severity)),
                code: Some(NumberOrString::String(finding.code.to_owned())),
                code_description: href.map(|href| CodeDescription { href }),
                source: Some("tighten".to_owned()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Diagnostic::default()
            }
        });
        errors.chain(findings).collect()
    }
}

const fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
    }
}

/// A span as an LSP range: zero-based lines, characters counted in `encoding`.
fn range(span: Span, source: &str, index: &LineIndex, encoding: Encoding) -> Range {
    let len = u32::try_from(source.len()).unwrap_or(u32::MAX);
    let start = span.start.min(len);
    let end = span.end.clamp(start, len);
    Range {
        start: position(start, source, index, encoding),
        end: position(end, source, index, encoding),
    }
}

fn position(offset: u32, source: &str, index: &LineIndex, encoding: Encoding) -> Position {
    let line = index.line_of(offset);
    let line_start = index.line_start(line);
    let character = match encoding {
        Encoding::Utf8 => offset - line_start,
        Encoding::Utf16 => index.line_col_utf16(offset, source).column - 1,
        Encoding::Utf32 => index.line_col(offset, source).column - 1,
    };
    Position { line: line as u32, character }
}

/// The options the `.tighten.yaml` nearest to a file sets; `None` when there is none, or when
/// it does not parse (the command line reports that; here the defaults apply).
fn options_for(path: &str) -> Option<Options> {
    let file = Config::find(std::path::Path::new(path).parent()?)?;
    let config = Config::parse(&crate::lint::read_side_file(&file).ok()?, &file).ok()?;
    Some(Options::from_config(&config, crate::syntax::Limits::default()))
}

/// The path a document stands for: a `file:` URI's decoded path, or the URI itself for
/// documents that are not files (its extension still picks the syntax).
fn path_of(uri: &Uri) -> String {
    let text = uri.as_str();
    let Some(rest) = text.strip_prefix("file://") else { return text.to_owned() };
    let path = rest.find('/').map_or(rest, |slash| &rest[slash..]);
    percent_decode(path)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(path_of(&uri("file:///home/me/my%20stack.yaml")), "/home/me/my stack.yaml");
        assert_eq!(path_of(&uri("file://host/share/a.json")), "/share/a.json");
        assert_eq!(path_of(&uri("untitled:Untitled-1")), "untitled:Untitled-1");
        assert_eq!(percent_decode("%C3%A9%2"), "é%2");
    }

    #[test]
    fn positions_count_in_the_negotiated_encoding() {
        // `😀` is 4 bytes, 2 UTF-16 units and 1 code point.
        let source = "a\n😀x\n";
        let index = LineIndex::new(source);
        let x = source.find('x').unwrap() as u32;
        let at = |encoding| position(x, source, &index, encoding);
        assert_eq!(at(Encoding::Utf8), Position { line: 1, character: 4 });
        assert_eq!(at(Encoding::Utf16), Position { line: 1, character: 2 });
        assert_eq!(at(Encoding::Utf32), Position { line: 1, character: 1 });
    }
}
