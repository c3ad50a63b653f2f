"""A token in a URL is refused, and kept out of the access log.

The API token goes in the `Authorization` header. Sent in a URL's query string instead (`?token=...`,
`?access_token=...`, or any parameter whose value is the configured token), it would be refused anyway, but
uvicorn's access log writes the URL whole, and browsers keep it in their history. This middleware, outermost,
answers such a request 400 (`TOKEN_IN_URL`) and first replaces those values in the request's scope, the
dict uvicorn's access log reads the URL from, so the log shows `token=REDACTED`.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, urlencode

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

# Query parameters that only ever carry a credential.
CREDENTIAL_PARAMETERS = frozenset({"token", "access_token", "api_token", "apikey", "api_key", "auth", "authorization", "bearer"})
REDACTED = "REDACTED"
MESSAGE = ("Send the API token in the 'Authorization: Bearer <token>' header, never in the URL: URLs are written to "
           "access logs and browser history. This request was refused and the token left out of the log; if it "
           "was the real token, change it (FACTGRAPH_API_TOKEN).")


class CredentialsInUrl:
    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        self.app = app
        self.token = token

    def _is_credential(self, name: str, value: str) -> bool:
        if name.lower() in CREDENTIAL_PARAMETERS:
            return True
        return bool(self.token) and hmac.compare_digest(value.encode(), (self.token or "").encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("query_string", b"") if scope["type"] in {"http", "websocket"} else b""
        if not raw:
            await self.app(scope, receive, send)
            return
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        if not any(self._is_credential(name, value) for name, value in pairs):
            await self.app(scope, receive, send)
            return
        scope["query_string"] = urlencode(
            [(name, REDACTED if self._is_credential(name, value) else value) for name, value in pairs]).encode("latin-1")
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 4400, "reason": "TOKEN_IN_URL: send the token in a header"})
            return
        if scope["path"].rstrip("/") == "/graphql":
            body: dict[str, object] = {"errors": [{"message": MESSAGE, "extensions": {"code": "TOKEN_IN_URL"}}]}
        else:
            body = {"error": MESSAGE, "code": "TOKEN_IN_URL"}
        await JSONResponse(body, status_code=400)(scope, receive, send)
