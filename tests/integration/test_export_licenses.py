"""Every export format carries the curated data's license and, for each source its facts
cite, that source's license and attribution, read back with a real reader per format."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graphsvc.app import create_app
from graphsvc.graph.export import DATA_LICENSE, DATA_LICENSE_URL, cited_sources
from graphsvc.models import ExportGraph
from graphsvc.settings import Settings
from tests.integration.cooperation_support import asked

ROOT = Path(__file__).resolve().parents[2]
BAZARBAYEV = "src:bazarbayev-2025-soft-power"  # CC BY 2.0, "© 2025 Bazarbayev et al.; ..."
CULTURE = {"sectors": "culture"}


@pytest.fixture(scope="module")
def client(settings: Settings, loaded_graph: str) -> Iterator[TestClient]:
    """The service with long time limits: these tests are about what an export holds, not its speed, and
    a cold server on a loaded machine can plan the export's statements longer than a request may take."""
    patient = settings.model_copy(update={"query_timeout": 120.0, "request_timeout": 300.0})
    with TestClient(create_app(patient), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def exported(client) -> dict[str, Any]:
    # asked again while the export's network analysis is computed (503 analysis-in-progress)
    response = asked(client, "/export", CULTURE)
    assert response.status_code == 200
    return response.json()


def test_the_data_license_is_the_one_seed_license_states() -> None:
    text = (ROOT / "seed" / "LICENSE").read_text(encoding="utf-8")
    assert f"({DATA_LICENSE})" in text and DATA_LICENSE_URL in text


def test_json_export_lists_exactly_the_cited_sources_with_their_licenses(client, exported) -> None:
    licenses = exported["licenses"]
    assert licenses["data"]["license"] == DATA_LICENSE and licenses["data"]["url"] == DATA_LICENSE_URL
    version = client.get("/health").json()["graph"]["version"]
    assert licenses["data"]["attribution"].endswith(f"graph version {version}")
    cited = {item["source"] for element in exported["nodes"] + exported["edges"] for item in element["evidence"]}
    assert [s["id"] for s in licenses["sources"]] == sorted(cited) == cited_sources(exported)
    for source in licenses["sources"]:
        record = client.get(f"/sources/{source['id']}").json()
        assert source["license"] == record["license"] and source["citation"] == record["citation"]
        assert source["attribution"] == (record["attribution"] or "not stated")
    bazarbayev = next(s for s in licenses["sources"] if s["id"] == BAZARBAYEV)
    assert bazarbayev["license"] == "CC BY 2.0" and "Bazarbayev" in bazarbayev["attribution"]


def test_a_filtered_export_names_only_the_sources_it_cites(client, exported) -> None:
    observers = asked(client, "/export", {"rel_types": "OBSERVER_OF"}).json()
    ids = [s["id"] for s in observers["licenses"]["sources"]]
    assert ids == cited_sources(observers)
    assert "src:ref-ots-member-and-observer-states" in ids  # the source of the observer facts themselves
    assert "src:ismayilov-karabakh-cultural-cooperation" not in ids
    assert len(ids) < len(exported["licenses"]["sources"])
    stated = next(s for s in observers["licenses"]["sources"] if s["id"] == "src:ref-ots-member-and-observer-states")
    assert stated["license"] == "not stated" and stated["attribution"] == "not stated"


def _get(client, fmt: str) -> bytes:
    response = asked(client, "/export", {**CULTURE, "format": fmt})
    assert response.status_code == 200
    return response.content


def test_cytoscape_and_d3_carry_them_as_graph_data(client, exported) -> None:
    assert json.loads(_get(client, "cytoscape"))["data"]["licenses"] == exported["licenses"]
    d3 = json.loads(_get(client, "d3"))
    assert d3["graph"]["licenses"] == exported["licenses"]
    # networkx reads the node-link document back with the licenses as the graph's attributes
    g = nx.node_link_graph(d3, edges="links")
    assert g.graph["licenses"]["data"]["license"] == DATA_LICENSE


def test_graphml_carries_them_as_graph_attributes(client, exported) -> None:
    g = nx.read_graphml(io.BytesIO(_get(client, "graphml")))
    assert g.graph["license"] == DATA_LICENSE and g.graph["license_url"] == DATA_LICENSE_URL
    assert g.graph["attribution"] == exported["licenses"]["data"]["attribution"]
    assert json.loads(g.graph["source_licenses"]) == exported["licenses"]["sources"]


def test_gexf_carries_them_in_its_meta_description(client, exported) -> None:
    document = _get(client, "gexf")
    description = ElementTree.fromstring(document).find("{http://www.gexf.net/1.2draft}meta/"
                                                        "{http://www.gexf.net/1.2draft}description")
    assert description is not None and description.text
    assert DATA_LICENSE in description.text and DATA_LICENSE_URL in description.text
    for source in exported["licenses"]["sources"]:
        assert f"{source['id']}: {source['citation']}" in description.text
        assert f"license: {source['license']}" in description.text
    # still a graph Gephi's reader (networkx) takes whole
    g = nx.read_gexf(io.BytesIO(document))
    assert g.number_of_nodes() == len(exported["nodes"]) and g.number_of_edges() == len(exported["edges"])


def test_csv_zip_has_a_sources_table_and_the_licenses_in_its_readme(client, exported) -> None:
    with zipfile.ZipFile(io.BytesIO(_get(client, "csv"))) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("sources.csv").decode("utf-8"))))
        readme = archive.read("README.txt").decode("utf-8")
    assert [row["id"] for row in rows] == [s["id"] for s in exported["licenses"]["sources"]]
    for row, source in zip(rows, exported["licenses"]["sources"], strict=True):
        assert row["license"] == source["license"] and row["attribution"] == source["attribution"]
    assert f"Data license: {DATA_LICENSE} ({DATA_LICENSE_URL})" in readme
    assert exported["licenses"]["data"]["attribution"] in readme


def test_json_export_is_what_its_declared_model_gives(exported) -> None:
    """The route declares ExportGraph (OpenAPI documents `licenses` from it): the answer is exactly that model's."""
    assert exported == ExportGraph.model_validate(exported).model_dump(mode="json", by_alias=True)
