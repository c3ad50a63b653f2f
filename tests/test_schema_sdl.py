"""The published schema: `schema.graphql` at the repository root is the SDL printed from the code, and every
type, field, input field and argument says what it is (GraphiQL shows these descriptions)."""

from __future__ import annotations

from graphql import GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from factgraph.api.settings import Settings
from factgraph.schema import build_schema
from factgraph.schema.sdl import sdl

from .conftest import ROOT

BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


def test_the_committed_sdl_is_the_schema_printed_from_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl(), ("schema.graphql differs from the schema in the code: run "
                                "`.venv/bin/python -m factgraph.schema.sdl > schema.graphql` and commit it")


def test_every_type_field_and_argument_has_a_description() -> None:
    schema = build_schema(Settings().query_limits())._schema
    missing: list[str] = []
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in BUILT_IN:
            continue
        if not kind.description:
            missing.append(name)
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for argument_name, argument in getattr(field, "args", {}).items():
                    if not argument.description:
                        missing.append(f"{name}.{field_name}({argument_name}:)")
    assert not missing, f"no description: {', '.join(missing)}"


def test_the_contracts_arguments_are_in_the_schema() -> None:
    schema = build_schema(Settings().query_limits())._schema
    query = schema.query_type
    assert query is not None
    filters = {"companies": "EntityFilter", "people": "EntityFilter", "vehicles": "EntityFilter", "deals": "DealFilter",
               "documents": "DocumentFilter", "claims": "ClaimFilter"}
    for root, filter_type in filters.items():
        arguments = {name: str(argument.type) for name, argument in query.fields[root].args.items()}
        assert {"first": "Int", "after": "String", "last": "Int", "before": "String", "filter": filter_type}.items() <= arguments.items()
    connections = [(kind.name, name) for kind in schema.type_map.values() if isinstance(kind, GraphQLObjectType)
                   for name, field in kind.fields.items() if str(field.type).endswith("Connection!")]
    assert len(connections) >= 14
    for owner, name in connections:
        assert {"first", "after", "last", "before"} <= set(schema.type_map[owner].fields[name].args), (owner, name)  # type: ignore[union-attr]
    assert "rule: String!" in sdl()
