"""A fuzzer for the whole HTTP surface, over a database with every seed article stored.

Thousands of requests: GraphQL documents generated from the server's own introspected schema
(hypothesis-graphql), valid ones and ones with a schema violation; real ids and cursors, mangled ones and ids
of rows that cannot exist; strings with NULs, huge and negative numbers, floats JSON should not carry;
garbage text, mangled documents, deep nesting, fragment bombs, hundreds of aliases; malformed JSON, bodies
of the wrong shape, wrong content types and methods, batches too big; the export routes with garbage ids
and filters; paths under /static that climb out. Every answer must be below 500, carry no trace of the
code (a traceback, an exception class, SQL), and at /graphql be a well-formed GraphQL response whose errors
are the client's, never an internal error (that is a crash the server masked). Afterwards the server still
answers /healthz and a real query.

Mutations run with the token too, so that the write paths see garbage as well; the database takes in what
they store, and the checks do not depend on it.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import anyio
import anyio.from_thread
import anyio.to_thread
import graphql
import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from factgraph.api import Settings, create_app
from factgraph.api.seeds import load_seeds
from factgraph.extract import Extractor

from .conftest import SEEDS, TOKEN

# Requests per run. About 30 a second on SQLite here (each is one hypothesis example: generating it, sending
# it, checking the answer), so SQLite takes under a minute; PostgreSQL, where most of the same code runs
# again, gets a shorter run. Raise them locally to fuzz for longer: FACTGRAPH_FUZZ_EXAMPLES overrides both.
EXAMPLES = {"sqlite": 1500, "postgresql": 600}
# In CI the same examples every run (a red build is then the code's doing, and reproducible); elsewhere
# new ones each run, so that fuzzing locally keeps looking where it has not been.
DETERMINISTIC = bool(os.environ.get("CI"))

# What must never reach a client: the words of a traceback, exception classes, the database's own words.
LEAKS = ("Traceback (most recent call last)", 'File "/', ".py\", line", "sqlalchemy", "psycopg", "sqlite3",
         "[SQL:", "OperationalError", "ProgrammingError", "IntegrityError", "DataError", "InterfaceError",
         "RuntimeError", "AttributeError", "TypeError", "KeyError", "IndexError", "OverflowError",
         "RecursionError", "AssertionError", "UnboundLocalError", "NameError", "ZeroDivisionError")

INTROSPECTION = graphql.get_introspection_query()


@dataclass
class Server:
    """The app in a background event loop, so that Hypothesis (which is synchronous) can call it."""

    portal: anyio.from_thread.BlockingPortal
    client: httpx.AsyncClient
    ids: list[str] = field(default_factory=list)
    cursors: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    schema: graphql.GraphQLSchema | None = None
    tally: Counter[str] = field(default_factory=Counter)  # answers by kind of request and status, printed at the end

    def send(self, method: str, path: str, **options: Any) -> httpx.Response:
        if "json" in options:  # encoded here, as ASCII: httpx's UTF-8 cannot carry a lone surrogate, JSON's \\u escapes can
            options = {**options, "content": json.dumps(options["json"]).encode(),
                       "headers": {**options.get("headers", {}), "Content-Type": "application/json"}}
            del options["json"]
        if "params" in options:  # percent-encoded here: a lone surrogate goes out as the bytes of invalid UTF-8
            path += "?" + urlencode(options["params"], encoding="utf-8", errors="surrogatepass")
            options = {key: value for key, value in options.items() if key != "params"}
        return self.portal.call(lambda: self.client.request(method, path, **options))

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.send("POST", "/graphql", json={"query": query, "variables": variables or {}},
                             headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert not body.get("errors"), body
        return body["data"]


@asynccontextmanager
async def _serving(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        await anyio.to_thread.run_sync(load_seeds, app.state.ingestor, SEEDS)
        # raise_app_exceptions=False: a crash must show as the 500 a client would get, not end the run.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://factgraph.test") as client:
            yield client


@pytest.fixture
def server(database_url: str, extractor: Extractor) -> Iterator[Server]:
    # No rate limits: the fuzzer's requests without the token would soon all be 429s and reach no code past the
    # limiter (tests/test_rate_limit.py tests it).
    settings = Settings(database_url=database_url, api_token=TOKEN, rate_limit_points_per_hour=0,
                        rate_limit_points_per_minute=0, rate_limit_concurrent=0)
    with anyio.from_thread.start_blocking_portal() as portal:
        with portal.wrap_async_context_manager(_serving(settings, extractor)) as client:
            server = Server(portal, client)
            _collect_real_values(server)
            yield server


def _collect_real_values(server: Server) -> None:
    lists = "documents claims companies people vehicles deals sources".split()
    data = server.graphql("{ " + " ".join(f"{name}(first: 100) {{ pageInfo {{ endCursor }} edges {{ cursor node {{ id }} }} }}"
                                          for name in lists) + " publishers { name } }")
    for name in lists:
        server.ids += [edge["node"]["id"] for edge in data[name]["edges"]]
        server.cursors += [edge["cursor"] for edge in data[name]["edges"]][:20]
    server.names += [publisher["name"] for publisher in data["publishers"]]
    claim = data["claims"]["edges"][0]["node"]["id"]
    review = server.graphql('mutation($c: ID!) { reviewClaim(input: {claimId: $c, rating: MIXED, reviewer: "fuzz"}) '
                            "{ review { id } } }", {"c": claim})
    server.ids.append(review["reviewClaim"]["review"]["id"])
    introspection = server.send("POST", "/graphql", json={"query": INTROSPECTION}).json()
    server.schema = graphql.build_client_schema(introspection["data"])


# ---- values ----------------------------------------------------------------------------------------------

def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


# Primary keys no row has or a database cannot hold, and numbers Python's int() takes but SQL does not expect.
ODD_KEYS = ["-1", "0", str(2**31), str(2**63), str(2**64), str(10**30), "", "abc", " 1", "1_0", "١", "1.5", "0x10", "+3"]
TYPE_NAMES = ["Claim", "Document", "Company", "Person", "Vehicle", "Deal", "Source", "Review", "Nope", "", "cursor"]


def ids_and_cursors(server: Server) -> st.SearchStrategy[str]:
    real = st.sampled_from(server.ids + server.cursors)
    real_ids = st.sampled_from(server.ids)
    odd = st.builds(lambda kind, key: _b64(f"{kind}:{key}"), st.sampled_from(TYPE_NAMES), st.sampled_from(ODD_KEYS))
    mangled = st.builds(lambda value, cut, extra: value[:cut] + extra, real, st.integers(0, 16), st.text(max_size=3))
    return st.one_of(real_ids, real_ids, real, odd, mangled, st.text(max_size=40))


# Characters that text columns, LIKE patterns and search queries treat specially, or cannot hold at all
# (PostgreSQL stores no NUL; UTF-8 has no lone surrogates).
AWKWARD = st.text(st.sampled_from(["\x00", "\ud800", "\udfff", "a", "%", "_", "'", '"', "\\", " ", "*", "-", ":", "&", "!", "(", "\u200b"]),
                  min_size=1, max_size=8)


def strings(server: Server) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=60), AWKWARD, st.text(st.characters(codec="utf-8"), min_size=200, max_size=3000),
                     ids_and_cursors(server), st.sampled_from(server.names + ["", " ", "\x00", "%", "_", "'", '"', "\\"]))


INTS = st.one_of(st.integers(-(2**31), 2**31 - 1), st.sampled_from([0, -1, 1, 20, 99, 100, 101, 2**31 - 1, -(2**31)]))
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.0, -0.0, 1.0, 1e308, -1e308, 5e-324]))


def dates() -> st.SearchStrategy[str]:
    return st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=12),
                     st.sampled_from(["2025-02-30", "0000-01-01", "9999-12-31", "2025-13-01", "20250101"]))


def json_values(server: Server) -> st.SearchStrategy[Any]:
    leaves = st.one_of(st.none(), st.booleans(), INTS, st.integers(), FLOATS, strings(server))
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                        max_leaves=12)


def scalars(server: Server) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Values for the generated documents: real and broken ids, odd strings and numbers, dates that are not."""
    return {
        "ID": ids_and_cursors(server).map(nodes.String),
        "String": strings(server).map(nodes.String),
        "Int": INTS.map(nodes.Int),
        "Float": FLOATS.map(nodes.Float),
        "Date": dates().map(nodes.String),
        "DateTime": dates().map(nodes.String),
        "JSON": st.just(nodes.String("{}")),
    }


# ---- requests --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    method: str
    path: str
    options: dict[str, Any]
    kind: str

    def __repr__(self) -> str:  # what Hypothesis prints for a failing example
        return f"Call({self.kind}: {self.method} {self.path} {json.dumps(self.options, default=str)[:3000]})"


def _headers(with_token: bool) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"} if with_token else {}


FILTER_FIELDS = ["status", "minConfidence", "documentId", "mentions", "minSourceReliability", "sourceKind", "sourceName",
                 "publisher", "publishedAfter", "publishedBefore", "corroborated", "contradicted", "text", "nope"]
# Hand-written operations whose variables are garbage of every JSON type: Hypothesis-GraphQL writes its
# values into the document, and variables go through different code (coercion from JSON).
WITH_VARIABLES = [
    """query($id: ID!, $first: Int, $after: String, $filter: ClaimFilter) { node(id: $id) { id ... on Document {
      claims(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id text } } } } } }""",
    """query($first: Int, $after: String, $filter: ClaimFilter, $order: ClaimOrder) { claims(first: $first, after: $after,
      filter: $filter, orderBy: $order) { totalCount pageInfo { hasNextPage endCursor } edges { node { id confidence
      corroboratedBy { id } contradictedBy { id } deals { id stakes { amount } } } } } }""",
    "query($filter: ClaimFilter) { provenance(filter: $filter) claimReviews(filter: $filter) }",
    "mutation($input: IngestDocumentInput!) { ingestDocument(input: $input) { created document { id title } } }",
    "mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { review { id rating } claim { id } } }",
    "mutation($input: SetReliabilityInput!) { setReliability(input: $input) { rescoredClaims reliability { value } } }",
    "query($first: Int, $after: String) { companies(first: $first, after: $after) { edges { node { id claims(first: $first) { totalCount } } } } }",
]


def variables(server: Server) -> st.SearchStrategy[dict[str, Any]]:
    any_json = json_values(server)
    filters = st.dictionaries(st.sampled_from(FILTER_FIELDS), st.one_of(any_json, ids_and_cursors(server), dates(),
                                                                       st.lists(st.sampled_from(["DENIED", "CONFIRMED", "PUBLISHER", "x"]))),
                              max_size=5)
    inputs = st.fixed_dictionaries({}, optional={
        "text": st.one_of(strings(server), st.just("Acme Corp said on Monday it agreed to buy Beta Inc.\n")),
        "title": strings(server), "publisher": strings(server), "url": strings(server), "publishedAt": dates(),
        "claimId": ids_and_cursors(server), "rating": st.sampled_from(["TRUE", "MIXED", "nope", 3]),
        "reviewer": strings(server), "note": strings(server), "sourceId": ids_and_cursors(server),
        "reliability": st.one_of(FLOATS, st.none()), "setBy": strings(server)})
    return st.fixed_dictionaries({}, optional={
        "id": ids_and_cursors(server), "first": st.one_of(INTS, st.integers(), any_json), "after": ids_and_cursors(server),
        "filter": st.one_of(filters, any_json), "order": st.one_of(any_json, st.fixed_dictionaries(
            {"field": st.sampled_from(["CONFIDENCE", "PUBLISHED_AT", "x"])}, optional={"direction": st.sampled_from(["ASC", "DESC", "x"])})),
        "input": st.one_of(inputs, any_json)})


def _nested(depth: int, branch: str) -> str:
    return "{ claims { edges { node { " + f"{branch} {{ " * depth + "id" + " }" * depth + " } } } }"


def _fragment_bomb(levels: int) -> str:
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return "{ ...F0 } " + fragments + f" fragment F{levels} on Query {{ __typename }}"


def documents(server: Server) -> st.SearchStrategy[tuple[str, str]]:
    """(what kind of document, the document)."""
    schema = server.schema
    assert schema is not None
    valid = from_schema(schema, custom_scalars=scalars(server), mode=Mode.POSITIVE)
    violating = from_schema(schema, custom_scalars=scalars(server), mode=Mode.NEGATIVE)
    mangled = st.builds(lambda doc, at, cut, extra: doc[:at] + extra + doc[at + cut:], valid,
                        st.integers(0, 200), st.integers(0, 5), st.text(max_size=4))
    shapes = st.one_of(
        st.builds(_nested, st.integers(1, 40), st.sampled_from(["responses", "corroboratedBy", "deals { evidence", "concerns"])),
        st.builds(lambda n: "{ " + "... on Query { " * n + "__typename" + " }" * n + " }", st.integers(1, 250)),
        st.builds(_fragment_bomb, st.integers(1, 40)),
        st.builds(lambda n: "{ " + " ".join(f"a{i}: __typename" for i in range(n)) + " }", st.integers(1, 400)),
        st.builds(lambda n: "{ claims(first: %d) { totalCount } }" % n, st.integers()),
        st.builds(lambda a, b: "{ documents(first: %d) { edges { node { claims(first: %d) { edges { node { responses { "
                               "corroboratedBy { deals { evidence { id } } } } } } } } } } }" % (a, b),
                  st.integers(0, 100), st.integers(0, 100)),
        st.builds(lambda n: "{ " + "__typename " * n + "}", st.integers(1, 6000)),
    )
    return _weighted([(valid.map(lambda d: ("valid", d)), 4), (violating.map(lambda d: ("violating", d)), 1),
                      (mangled.map(lambda d: ("mangled", d)), 1), (shapes.map(lambda d: ("shaped", d)), 1),
                      (st.text(max_size=200).map(lambda d: ("garbage", d)), 1)])


def _weighted(choices: list[tuple[st.SearchStrategy[Any], int]]) -> st.SearchStrategy[Any]:
    """One of the strategies, each as often as its weight (st.one_of takes each equally often)."""
    return st.sampled_from([strategy for strategy, weight in choices for _ in range(weight)]).flatmap(lambda s: s)


def calls(server: Server) -> st.SearchStrategy[Call]:
    labelled = documents(server)
    query = labelled.map(lambda pair: pair[1])
    token = st.booleans()
    any_json = json_values(server)
    graphql_posts = st.builds(lambda q, t: Call("POST", "/graphql", {"json": {"query": q[1]}, "headers": _headers(t)}, q[0]),
                              labelled, token)
    with_variables = st.builds(lambda q, v, t: Call("POST", "/graphql", {"json": {"query": q, "variables": v},
                                                                          "headers": _headers(t)}, "variables"),
                               st.sampled_from(WITH_VARIABLES), variables(server), token)
    request_objects = st.fixed_dictionaries({}, optional={"query": st.one_of(query, any_json), "variables": any_json,
                                                          "operationName": st.one_of(st.text(max_size=10), any_json),
                                                          "extensions": any_json})
    shapes = st.builds(lambda body, t: Call("POST", "/graphql", {"json": body, "headers": _headers(t)}, "shape"),
                       st.one_of(request_objects, any_json, st.lists(request_objects, max_size=12)), token)
    raw = st.builds(lambda body, kind: Call("POST", "/graphql", {"content": body, "headers": {"Content-Type": kind}}, "raw"),
                    st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                              st.builds(lambda q: json.dumps({"query": q})[:-1].encode(), query),
                              st.sampled_from([b'{"query": "{ claims(first: 1) { totalCount } }", "variables": {"a": NaN}}',
                                               b'{"query": "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }", '
                                               b'"variables": {"f": {"minConfidence": Infinity}}}',
                                               b'{"query": "{ __typename }", "query": "{ x }"}', b"[]", b"null",
                                               b'\xef\xbb\xbf{"query": "{ __typename }"}'])),
                    st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain",
                                     "application/graphql", "multipart/form-data; boundary=x",
                                     "application/x-www-form-urlencoded", "application/graphql-response+json", ""]))
    gets = st.builds(lambda params: Call("GET", "/graphql", {"params": params, "headers": {"Accept": "application/json"}}, "get"),
                     st.fixed_dictionaries({}, optional={"query": query, "variables": st.one_of(st.text(max_size=30),
                                                                                                 any_json.map(json.dumps)),
                                                         "operationName": st.text(max_size=10)}))
    methods = st.builds(lambda m: Call(m, "/graphql", {}, "method"), st.sampled_from(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]))
    exports = st.one_of(
        st.builds(lambda i: Call("GET", f"/export/documents/{quote(i, safe='')}.jsonld", {}, "export"), ids_and_cursors(server)),
        st.builds(lambda route, f: Call("GET", f"/export/{route}", {"params": {"filter": f}}, "export"),
                  st.sampled_from(["claims.jsonld", "claim-reviews.jsonld"]),
                  st.one_of(st.text(max_size=40), any_json.map(json.dumps), variables(server).map(lambda v: json.dumps(v.get("filter"))))))
    others = st.builds(lambda m, p: Call(m, p, {}, "route"), st.sampled_from(["GET", "POST", "HEAD", "DELETE"]),
                       st.one_of(st.sampled_from(["/", "/healthz", "/static/page.js", "/static/../api/app.py",
                                                  "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/", "/export/",
                                                  "/static/page.js%00.css", "/nope"]),
                                 st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="#?"), max_size=30)
                                 .map(lambda p: "/static/" + p)))
    # Weighted towards documents that run: most of the server's code is behind validation.
    return _weighted([(graphql_posts, 6), (with_variables, 3), (shapes, 1), (raw, 1), (gets, 1), (methods, 1),
                      (exports, 1), (others, 1)])


# ---- checks ----------------------------------------------------------------------------------------------

def check(call: Call, response: httpx.Response, tally: Counter[str]) -> None:
    event(f"{call.kind}: HTTP {response.status_code}")
    tally[f"{call.kind} {response.status_code}"] += 1
    assert response.status_code < 500, f"{call!r} -> {response.status_code}: {response.text[:2000]}"
    for leak in LEAKS:
        assert leak not in response.text, f"{call!r} -> the answer shows {leak!r}: {response.text[:2000]}"
    if call.path == "/graphql" and call.method != "HEAD":
        if call.method == "GET" and response.headers.get("content-type", "").startswith("text/html"):
            return  # GraphiQL, for a GET without a query
        body = response.json()
        answers = body if isinstance(body, list) and response.status_code == 200 else [body]
        for answer in answers:
            _check_graphql_answer(call, answer, tally)


def _check_graphql_answer(call: Call, answer: object, tally: Counter[str]) -> None:
    assert isinstance(answer, dict) and ("data" in answer or "errors" in answer), f"{call!r} -> {answer!r}"
    errors = answer.get("errors")
    tally[f"{call.kind}: answers with {'data' if errors is None else 'errors'}"] += 1
    if errors is None:
        return
    assert isinstance(errors, list) and errors, f"{call!r} -> {answer!r}"
    for error in errors:
        tally[f"error ({call.kind}): " + re.sub(r"\d+|'[^']*'|\"[^\"]*\"", "_", str(error.get("message")))[:60]] += 1
        assert isinstance(error, dict) and isinstance(error.get("message"), str) and error["message"], f"{call!r} -> {error!r}"
        code = (error.get("extensions") or {}).get("code")
        assert code != "INTERNAL_SERVER_ERROR", f"{call!r} crashed the server (masked for the client): {error!r}"


def test_fuzzing_never_crashes_the_server(server: Server, database_url: str) -> None:
    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    examples = int(os.environ.get("FACTGRAPH_FUZZ_EXAMPLES") or EXAMPLES[backend])
    strategy = calls(server)

    @settings(max_examples=examples, deadline=None, database=None, print_blob=True, derandomize=DETERMINISTIC,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                     HealthCheck.large_base_example])
    @given(call=strategy)
    def send_one(call: Call) -> None:
        check(call, server.send(call.method, call.path, **call.options), server.tally)

    send_one()
    print(f"fuzzed {backend}:", {k: v for k, v in sorted(server.tally.items()) if not k.startswith("error")})
    print("most frequent errors:", server.tally.most_common(100))

    health = server.send("GET", "/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    data = server.graphql("{ documents { totalCount } claims(first: 3, filter: {status: [DENIED]}) { edges { node { text } } } }")
    assert data["documents"]["totalCount"] >= len(list(SEEDS.glob("*.txt")))
    assert data["claims"]["edges"], "the seed articles' denials are still there"
