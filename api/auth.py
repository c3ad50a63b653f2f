"""Who may write: mutations over HTTP need `Authorization: Bearer <FACTGRAPH_API_TOKEN>`."""

from __future__ import annotations

import hmac


def write_refusal(authorization: str | None, token: str | None) -> str | None:
    """None when the request may run mutations, else the reason, worded for the client."""
    if not token:
        return ("Mutations are disabled on this server: no FACTGRAPH_API_TOKEN is configured. "
                "Set it when starting the server and send 'Authorization: Bearer <token>'.")
    if not authorization:
        return "This mutation needs the API token: send the header 'Authorization: Bearer <token>'."
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        return "The Authorization header must read 'Bearer <token>'."
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        return "The API token is not valid: check FACTGRAPH_API_TOKEN on the server and the token you send."
    return None
