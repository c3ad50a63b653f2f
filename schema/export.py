"""Provenance as linked data: W3C PROV-O with Web Annotation anchors, and schema.org ClaimReview, as JSON-LD.

Both the GraphQL fields (`Document.provenance`, `Query.provenance`, `Query.claimReviews`) and the HTTP routes
under /export (api/export.py) are built here, from rows read by `db.queries` in a fixed number of queries
whatever the number of claims (`read_bundle`).

Identifiers: every node of the API is `urn:factgraph:<its global id>`, so an IRI in an export is the `id`
to pass to `node(id:)`; sources are `urn:factgraph:source:<n>`, publishers `urn:factgraph:publisher:<name>`.

PROV-O (http://www.w3.org/ns/prov#): the document is a `prov:Entity` (and `schema:NewsArticle`) attributed
to its publisher (`prov:Organization`); its ingestion is a `prov:Activity` that used it, associated with the
extractor (`prov:SoftwareAgent` with its version), and generated the claims. Each claim is a `prov:Entity`
that `prov:wasDerivedFrom` the document and `prov:wasAttributedTo` its source (for UNATTRIBUTED claims, or
a claim without a source, the publisher), and an `oa:Annotation` whose `oa:hasTarget` selects its words by
position and by quote (schema/anchors.py). The factgraph vocabulary, `fg:` = https://factgraph.dev/ns#:

- fg:Claim (class): a claim factgraph extracted; fg:AnonymousSource (class): an unnamed source; fg:DocumentSource (class): a report, poll, ruling or filing whose maker the text does not name.
- fg:attributionStatus: the API's AttributionStatus name ("CONFIRMED", "ANONYMOUS_SOURCE", ...).
- fg:confidence (xsd:double, 0..1), fg:hedged (xsd:boolean): as Claim.confidence and Claim.hedged.
- fg:rule (xsd:string): as Attribution.rule, the named extraction rules that decided the status and source.
- fg:cue: an oa:SpecificResource selecting the words that attribute the claim ("Zhu said").
- fg:sourceKind: PERSON, ORGANIZATION, DOCUMENT or ANONYMOUS; fg:entity: the Company or Person node a source is.
- fg:responses, fg:concerns, fg:corroboratedBy, fg:contradictedBy: between claims, as the API's fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlmodel import Session

from ..db import models as m
from ..db import queries
from ..db.reviews import BEST_RATING, WORST_RATING, ReviewRating
from ..extract.model import AttributionStatus, SourceKind
from .anchors import selectors
from .relay import global_id

JsonLd = dict[str, Any]

VOCABULARY = "https://factgraph.dev/ns#"
SCHEMA_ORG = "http://schema.org/"  # the namespace schema.org's own JSON-LD context maps its terms to
# More claims than this in one export is an error asking for a narrower filter, not a response of hundreds
# of megabytes.
MAX_EXPORT_CLAIMS = 10_000

PROV_CONTEXT: JsonLd = {
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": SCHEMA_ORG,
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "fg": VOCABULARY,
    "prov:generatedAtTime": {"@type": "xsd:dateTime"},
    "prov:endedAtTime": {"@type": "xsd:dateTime"},
    "schema:datePublished": {"@type": "xsd:date"},
    "oa:start": {"@type": "xsd:nonNegativeInteger"},
    "oa:end": {"@type": "xsd:nonNegativeInteger"},
    "fg:confidence": {"@type": "xsd:double"},
}

CLAIM_REVIEW_CONTEXT: JsonLd = {
    "@vocab": SCHEMA_ORG,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "datePublished": {"@type": "xsd:dateTime"},
}

_AGENT_TYPES = {
    SourceKind.PERSON: ["prov:Agent", "prov:Person", "schema:Person"],
    SourceKind.ORGANIZATION: ["prov:Agent", "prov:Organization", "schema:Organization"],
    SourceKind.ANONYMOUS: ["prov:Agent", "fg:AnonymousSource"],
    SourceKind.DOCUMENT: ["prov:Agent", "fg:DocumentSource"],  # PROV attributes to agents: the document stands for its maker
}
_ENTITY_TYPES = {"COMPANY": "Company", "PERSON": "Person", "VEHICLE": "Vehicle"}
_LINKS = ("responses", "concerns", "corroborated_by", "contradicted_by")


class ExportTooLarge(ValueError):
    """More claims match than one export holds; the message says how to narrow the filter."""


@dataclass(frozen=True, slots=True)
class Bundle:
    """Everything an export of some claims says, read in a fixed number of queries."""

    claims: list[m.Claim]
    documents: dict[int, m.Document]
    sources: dict[int, m.Source]
    entities: dict[int, m.Entity]
    links: dict[str, dict[int, list[int]]]  # "responses", "concerns", ... -> claim id -> linked claim ids
    reviews: dict[int, list[m.Review]]  # newest first


def node_iri(type_name: str, pk: int) -> str:
    return f"urn:factgraph:{global_id(type_name, pk)}"


def matching_claims(session: Session, criteria: queries.ClaimCriteria, *, reviewed_only: bool = False) -> list[m.Claim]:
    claims = queries.claims_matching(session, criteria=criteria, limit=MAX_EXPORT_CLAIMS, reviewed_only=reviewed_only)
    if len(claims) > MAX_EXPORT_CLAIMS:
        raise ExportTooLarge(f"More than {MAX_EXPORT_CLAIMS:,} claims match the filter, the most one export holds: "
                             "narrow it, e.g. with `documentId`, `status` or `minConfidence`.")
    return claims


def read_bundle(session: Session, claims: list[m.Claim], *, document_ids: Sequence[int] = ()) -> Bundle:
    """The documents, sources, entities, links and reviews of `claims` (and the documents named, even
    without claims)."""
    claim_ids = [c.id for c in claims if c.id is not None]
    documents = queries.by_ids(session, m.Document, sorted({c.document_id for c in claims} | set(document_ids)))
    sources = queries.by_ids(session, m.Source, sorted({c.source_id for c in claims if c.source_id is not None}))
    entity_ids = sorted({s.entity_id for s in sources.values() if s.entity_id is not None})
    return Bundle(
        claims=claims,
        documents=documents,
        sources=sources,
        entities=queries.by_ids(session, m.Entity, entity_ids) if entity_ids else {},
        links={kind: queries.links(session, claim_ids=claim_ids, direction=kind) for kind in _LINKS},
        reviews=queries.reviews(session, claim_ids=claim_ids),
    )


def document_provenance(session: Session, document_ids: Sequence[int]) -> dict[int, JsonLd]:
    """The PROV-O export of each document and all its claims, for many documents at once."""
    by_document = queries.claims_of_documents(session, document_ids=document_ids)
    bundle = read_bundle(session, [c for i in document_ids for c in by_document[i]], document_ids=document_ids)
    return {i: prov_graph(bundle, [i]) for i in document_ids if i in bundle.documents}


def provenance(session: Session, criteria: queries.ClaimCriteria) -> JsonLd:
    """The PROV-O export of the claims matching `criteria`, with their documents."""
    bundle = read_bundle(session, matching_claims(session, criteria))
    return prov_graph(bundle, sorted(bundle.documents))


def claim_reviews(session: Session, criteria: queries.ClaimCriteria) -> JsonLd:
    """schema.org ClaimReviews of the reviewed claims matching `criteria`."""
    return claim_review_graph(read_bundle(session, matching_claims(session, criteria, reviewed_only=True)))


# PROV-O


def prov_graph(bundle: Bundle, document_ids: Sequence[int]) -> JsonLd:
    """The PROV-O graph of `document_ids` and of those of the bundle's claims that stand in them."""
    nodes: dict[str, JsonLd] = {}

    def add(node: JsonLd | None) -> dict[str, Any] | None:
        if node is None:
            return None
        nodes.setdefault(node["@id"], node)
        return {"@id": node["@id"]}

    wanted = set(document_ids)
    for document_id in document_ids:
        document = bundle.documents[document_id]
        publisher = add(_publisher(document))
        extractor = add(_extractor(document))
        node: JsonLd = {"@id": node_iri("Document", document_id), "@type": ["prov:Entity", "schema:NewsArticle"]}
        _put(node, "dcterms:title", document.title)
        _put(node, "schema:url", {"@id": document.url} if document.url else None)
        _put(node, "schema:datePublished", document.published_at.isoformat() if document.published_at else None)
        _put(node, "schema:publisher", publisher)
        _put(node, "prov:wasAttributedTo", publisher)
        add(node)
        activity: JsonLd = {"@id": _ingestion_iri(document), "@type": "prov:Activity", "prov:used": {"@id": node["@id"]},
                            "prov:endedAtTime": _instant(document.ingested_at)}
        _put(activity, "prov:wasAssociatedWith", extractor)
        add(activity)
    for claim in bundle.claims:
        if claim.document_id in wanted:
            add(_prov_claim(bundle, claim, add))
    return {"@context": PROV_CONTEXT, "@graph": list(nodes.values())}


def _prov_claim(bundle: Bundle, claim: m.Claim, add: Any) -> JsonLd:
    assert claim.id is not None
    document = bundle.documents[claim.document_id]
    document_iri = node_iri("Document", claim.document_id)
    text = document.text[claim.span_start:claim.span_end]
    source = bundle.sources.get(claim.source_id) if claim.source_id is not None else None
    if source is not None and claim.status != AttributionStatus.UNATTRIBUTED:
        agent = add(_source_agent(bundle, source))
    else:
        agent = add(_publisher(document))
    node: JsonLd = {
        "@id": node_iri("Claim", claim.id),
        "@type": ["prov:Entity", "fg:Claim", "oa:Annotation"],
        "prov:value": text,
        "prov:wasDerivedFrom": {"@id": document_iri},
        "prov:wasGeneratedBy": {"@id": _ingestion_iri(document)},
        "prov:generatedAtTime": _instant(document.ingested_at),
        "fg:attributionStatus": claim.status,
        "fg:confidence": claim.confidence,
        "fg:hedged": claim.hedged,
        "fg:rule": claim.rule,
        "oa:hasTarget": _anchor(document, claim.span_start, claim.span_end),
    }
    _put(node, "prov:wasAttributedTo", agent)
    if claim.cue_start is not None and claim.cue_end is not None:
        node["fg:cue"] = _anchor(document, claim.cue_start, claim.cue_end)
    for kind, name in [("responses", "fg:responses"), ("concerns", "fg:concerns"),
                       ("corroborated_by", "fg:corroboratedBy"), ("contradicted_by", "fg:contradictedBy")]:
        linked = bundle.links[kind].get(claim.id, [])
        _put(node, name, [{"@id": node_iri("Claim", i)} for i in linked] or None)
    return node


def _anchor(document: m.Document, start: int, end: int) -> JsonLd:
    """A Web Annotation target: the document, selected by position and by quote."""
    assert document.id is not None
    position, quote_ = selectors(document.text, start, end)
    return {
        "@type": "oa:SpecificResource",
        "oa:hasSource": {"@id": node_iri("Document", document.id)},
        "oa:hasSelector": [
            {"@type": "oa:TextPositionSelector", "oa:start": position.start, "oa:end": position.end},
            {"@type": "oa:TextQuoteSelector", "oa:exact": quote_.exact, "oa:prefix": quote_.prefix, "oa:suffix": quote_.suffix},
        ],
    }


def _source_agent(bundle: Bundle, source: m.Source) -> JsonLd:
    kind = SourceKind(source.kind)
    node: JsonLd = {"@id": f"urn:factgraph:source:{source.id}", "@type": _AGENT_TYPES[kind], "schema:name": source.name,
                    "fg:sourceKind": kind.value}
    entity = bundle.entities.get(source.entity_id) if source.entity_id is not None else None
    if entity is not None and entity.id is not None and entity.kind in _ENTITY_TYPES:
        node["fg:entity"] = {"@id": node_iri(_ENTITY_TYPES[entity.kind], entity.id)}
    return node


def _publisher(document: m.Document) -> JsonLd | None:
    if not document.publisher:
        return None
    return {"@id": _publisher_iri(document.publisher), "@type": ["prov:Agent", "prov:Organization", "schema:Organization"],
            "schema:name": document.publisher}


def _extractor(document: m.Document) -> JsonLd:
    version = document.extractor_version or "unknown"
    return {"@id": f"urn:factgraph:extractor:{quote(version, safe='')}", "@type": ["prov:Agent", "prov:SoftwareAgent"],
            "schema:name": "factgraph extractor", "schema:softwareVersion": version}


def _ingestion_iri(document: m.Document) -> str:
    assert document.id is not None
    return f"{node_iri('Document', document.id)}#ingestion"


def _publisher_iri(name: str) -> str:
    return f"urn:factgraph:publisher:{quote(name, safe='')}"


# schema.org ClaimReview


def claim_review_graph(bundle: Bundle) -> JsonLd:
    """One ClaimReview per reviewed claim of the bundle: its newest review, the current verdict (the whole
    history is `Claim.reviews`)."""
    graph = []
    for claim in bundle.claims:
        assert claim.id is not None
        history = bundle.reviews.get(claim.id, [])
        if history:
            graph.append(_claim_review(bundle, claim, history[0]))
    return {"@context": CLAIM_REVIEW_CONTEXT, "@graph": graph}


def _claim_review(bundle: Bundle, claim: m.Claim, review: m.Review) -> JsonLd:
    assert claim.id is not None and review.id is not None
    document = bundle.documents[claim.document_id]
    text = document.text[claim.span_start:claim.span_end]
    rating = ReviewRating(review.rating)
    appearance: JsonLd = {"@id": node_iri("Document", claim.document_id), "@type": "NewsArticle"}
    _put(appearance, "url", document.url)
    _put(appearance, "headline", document.title)
    _put(appearance, "datePublished", document.published_at.isoformat() if document.published_at else None)
    if document.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": document.publisher}
    item: JsonLd = {"@id": node_iri("Claim", claim.id), "@type": "Claim", "text": text, "appearance": appearance}
    _put(item, "author", _claim_author(bundle, claim, document))
    node: JsonLd = {
        "@id": node_iri("Review", review.id),
        "@type": "ClaimReview",
        "claimReviewed": text,
        "itemReviewed": item,
        "author": {"@type": "Person", "name": review.reviewer},
        "datePublished": _instant(review.created_at),
        "reviewRating": {"@type": "Rating", "ratingValue": rating.value, "bestRating": BEST_RATING,
                         "worstRating": WORST_RATING, "alternateName": rating.name},
    }
    _put(node, "reviewBody", review.note or None)
    return node


def _claim_author(bundle: Bundle, claim: m.Claim, document: m.Document) -> JsonLd | None:
    source = bundle.sources.get(claim.source_id) if claim.source_id is not None else None
    if source is None or claim.status == AttributionStatus.UNATTRIBUTED:
        return {"@type": "Organization", "name": document.publisher} if document.publisher else None
    # schema.org authors are people or organisations; an anonymous source is an unnamed person, and a document
    # whose maker the text does not name is that unnamed organisation's.
    kind = "Organization" if source.kind in {SourceKind.ORGANIZATION, SourceKind.DOCUMENT} else "Person"
    return {"@type": kind, "name": source.name}


def _put(node: JsonLd, key: str, value: Any) -> None:
    if value is not None:
        node[key] = value


def _instant(value: dt.datetime) -> str:
    """ISO 8601 with the offset; a naive time from the database (SQLite keeps none) is UTC, as stored."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()
