"""Schemathesis over /openapi.json, in-process: no operation answers 5xx (issue 19, item 10).

Every operation the OpenAPI declares gets up to EXAMPLES generated requests (valid and invalid
parameters and bodies, hostile strings in path segments), anonymously over the curated catalogue
and, for the operations that write, with a curator's token over a throw-away store. Any 5xx fails,
as does an error that is not in the one JSON error shape. The last tests check that requests were
made at all, so the run can never pass by testing nothing.
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
from catalogue.loading import load_catalogue
from catalogue.settings import Settings
from catalogue.store import Store

from .backends import new_store, store_settings
from .conftest import FIXTURES

#: Generated requests per operation: enough to reach the edges of each parameter, the whole file in
#: about two minutes on two cores.
EXAMPLES = 10
#: Tags of the operations a curator's token can write with.
CURATOR_TAGS = ["Curation", "Graph Store Protocol"]
CALLS: Counter = Counter()
RUN = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
               suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])


@pytest.fixture(scope="module")
def public_app(real_settings, real_store):
    app = create_app(real_settings, store=real_store)  # anonymous requests cannot write to the shared store
    yield app
    app.state.public_queries.close()


@pytest.fixture(scope="module")
def curator(tmp_path_factory):
    """An app over its own store and curation database, and a curator's Authorization header."""
    folder = tmp_path_factory.mktemp("schemathesis")
    config = Settings(**store_settings(), data_dir=FIXTURES / "catalogue", curation_db=str(folder / "curation.sqlite"))
    store = new_store()
    load_catalogue(store, config)
    app = create_app(config, store=store)
    token = Accounts(Database(config.curation_location)).create("schemathesis-curator", "curator")
    yield app, {"Authorization": f"Bearer {token}"}
    app.state.public_queries.close()


def _schema():
    """The OpenAPI of an app over an empty in-memory store (the schema does not depend on the data);
    the tests call the apps of their fixtures with it."""
    app = create_app(Settings(store=":memory:", data_dir=FIXTURES / "catalogue"), store=Store.open(None))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


SCHEMA = _schema()


def _body(response) -> str:
    try:
        return response.text[:300]
    except UnicodeDecodeError:  # a binary answer (an XLSX download)
        return "<binary body>"


def _check(case, response) -> None:
    status = response.status_code
    what = f"{case.method} {case.formatted_path} {case.query or ''} -> {status}: {_body(response)}"
    assert status < 500, what
    media_type = (response.headers.get("content-type") or [""])[0]  # schemathesis keeps each header's values in a list
    if status >= 400 and case.method != "HEAD" and media_type.startswith("application/json"):
        body = response.json()
        assert body.get("ok") is False and body.get("status") == status and body.get("error"), what


@SCHEMA.parametrize()
@RUN
def test_no_operation_answers_5xx_to_anyone(case, public_app):
    CALLS["anonymous"] += 1
    _check(case, case.call(app=public_app))


@SCHEMA.include(tag=CURATOR_TAGS).parametrize()
@RUN
def test_no_write_operation_answers_5xx_to_a_curator(case, curator):
    CALLS["curator"] += 1
    _check(case, case.call(app=curator[0], headers=curator[1]))


def test_the_schema_declares_the_public_and_the_curator_operations():
    assert len(list(SCHEMA.get_all_operations())) >= 40
    assert len(list(SCHEMA.include(tag=CURATOR_TAGS).get_all_operations())) >= 20


def test_the_runs_above_made_requests():
    # Never green while testing nothing: the generated tests above ran in this session.
    assert CALLS["anonymous"] >= 40 and CALLS["curator"] >= 20, CALLS
