"""The Subscription root: claims streamed as their documents are stored (graphql-transport-ws at /graphql)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Annotated

import strawberry
from graphql import GraphQLError

from ..db import queries
from .claims import Claim, ClaimFilter, Info, claim_criteria, claim_nodes
from .context import LiveFeedError

# Claims of one new document are read from the database this many at a time.
READ_BATCH = 100


@strawberry.type(description="What can be followed live, over websockets (graphql-transport-ws) at /graphql.")
class Subscription:
    @strawberry.subscription(description="Each claim of each newly stored document that matches `filter` (the same "
                                         "filter as `claims`), in reading order. Needs no token.")
    async def claim_added(self, info: Info, filter: Annotated[ClaimFilter | None, strawberry.argument(
            description="Only the claims matching it.")] = None) -> AsyncIterator[Claim]:
        # Checked here, before any event is streamed, so that the client gets a graphql-transport-ws `error`
        # message rather than a subscription that never delivers.
        try:
            claim_criteria(filter)
            info.context.live.check_capacity()
        except ValueError as error:
            raise GraphQLError(str(error), extensions={"code": "BAD_FILTER"}) from None
        except LiveFeedError as error:
            raise GraphQLError(str(error), extensions={"code": error.code}) from None
        return _new_claims(info, filter)


async def _new_claims(info: Info, filter: ClaimFilter | None) -> AsyncIterator[Claim]:
    # The feed registers the subscriber here, when the stream starts, so that a stream that never starts
    # leaves nothing behind; the rare subscription that loses a race for the last place gets its error in a
    # `next` message instead of an `error` one. Leaving the block (complete, disconnect) unregisters it.
    try:
        async with info.context.live.subscribe() as document_ids:
            async for document_id in document_ids:
                info.context.renew_loaders()
                # The query's own filter, restricted to the new document: every ClaimFilter field applies.
                criteria = claim_criteria(filter, document_id=document_id)
                after: int | None = None
                while True:
                    page = await info.context.read(partial(queries.claims, criteria=criteria, window=queries.Window(READ_BATCH, after)))
                    for claim in await claim_nodes(info, page.rows):
                        yield claim
                    if not page.has_next:
                        break
                    after = page.rows[-1].id
    except LiveFeedError as error:
        raise GraphQLError(str(error), extensions={"code": error.code}) from None
