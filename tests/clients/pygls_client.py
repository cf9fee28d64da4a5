#!/usr/bin/env python3
"""Drives `tighten server` with pygls's language client, as a Python-based editor would.

    tests/clients/pygls_client.py TIGHTEN FILE

Opens FILE, waits for the published diagnostics and prints one line per diagnostic:
`line:character-line:character severity code` (zero-based, UTF-16 as negotiated by
default). Exits 3 when pygls is not installed.
"""

import asyncio
import pathlib
import sys

try:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient
except ImportError:
    print("pygls is not installed", file=sys.stderr)
    sys.exit(3)


async def main(server, path):
    client = LanguageClient("tighten-test-client", "1.0")
    published = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params):
        published.put_nowait(params)

    await client.start_io(server, "server")
    result = await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities())
    )
    encoding = result.capabilities.position_encoding
    client.initialized(types.InitializedParams())

    uri = pathlib.Path(path).resolve().as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="yaml", version=1, text=pathlib.Path(path).read_text()
            )
        )
    )
    params = await asyncio.wait_for(published.get(), timeout=20)
    print(f"encoding {encoding}")
    for d in params.diagnostics:
        r = d.range
        print(
            f"{r.start.line}:{r.start.character}-{r.end.line}:{r.end.character} "
            f"{d.severity.name.lower()} {d.code}"
        )

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
