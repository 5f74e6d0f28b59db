"""Burt's constraint and the actor graph's weights, against networkx, without a database."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graphsvc.graph.analysis import analyse, burt_constraint
from graphsvc.graph.analysis_projection import ActorGraph, build_actor_graph


def random_actor_graph(seed: int) -> tuple[ActorGraph, nx.Graph]:
    rng = random.Random(seed)
    g = nx.gnm_random_graph(40, 120, seed=seed)
    g.remove_nodes_from([node for node, degree in list(g.degree()) if degree == 0])
    for a, b in g.edges:
        g[a][b]["weight"] = rng.choice([1.0, 2.0, 0.5, 1.0 / 3])
    ids = [f"a:{node:03d}" for node in sorted(g.nodes)]
    position = {node: i for i, node in enumerate(sorted(g.nodes))}
    edges = {}
    for a, b, data in g.edges(data=True):
        i, j = sorted((position[a], position[b]))
        edges[(i, j)] = data["weight"]
    graph = ActorGraph(ids=ids, names=ids, types=["State"] * len(ids), edges=edges, left_out=0)
    return graph, nx.relabel_nodes(g, {node: ids[position[node]] for node in g.nodes})


@pytest.mark.parametrize("seed", range(5))
def test_constraint_is_networkx_constraint(seed: int) -> None:
    graph, g = random_actor_graph(seed)
    expected = nx.constraint(g, weight="weight")
    got = burt_constraint(graph)
    assert max(abs(got[i] - expected[actor]) for i, actor in enumerate(graph.ids)) < 1e-12


@pytest.mark.parametrize("seed", range(3))
def test_pagerank_and_betweenness_are_networkx_values(seed: int) -> None:
    graph, g = random_actor_graph(seed)
    result = analyse(graph)
    pagerank = nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000)
    betweenness = nx.betweenness_centrality(g, normalized=True)
    for i, actor in enumerate(graph.ids):
        assert abs(result.pagerank[i] - pagerank[actor]) < 1e-9
        assert abs(result.betweenness[i] - betweenness[actor]) < 1e-12
        assert result.degree[i] == g.degree(actor)


def test_weights_count_tie_types_once_and_share_things() -> None:
    ties = [["s:a", "s:b", "MEMBER_OF"], ["s:b", "s:a", "MEMBER_OF"], ["s:a", "s:b", "FUNDS"]]
    shared = [["agreement:x", ["s:a", "s:b"]], ["event:y", ["s:a", "s:b", "s:c"]], ["event:big", ["s:a", "s:b", "s:c"]]]
    actors = [["s:a", "A", "State"], ["s:b", "B", "State"], ["s:c", "C", "State"]]
    graph = build_actor_graph(ties, shared, actors, max_shared_parties=2)
    # two tie types + the bilateral agreement; the three-party events are over the cap of 2
    assert graph.edges == {(0, 1): 3.0}
    assert graph.left_out == 2 and graph.ids == ["s:a", "s:b"]
    graph = build_actor_graph(ties, shared, actors)
    assert graph.edges == {(0, 1): 3.0 + 0.5 + 0.5, (0, 2): 1.0, (1, 2): 1.0}


def test_an_empty_graph_has_no_measures() -> None:
    result = analyse(ActorGraph(ids=[], names=[], types=[], edges={}, left_out=0))
    assert result.communities == [] and result.modularity == 0.0


def test_the_same_graph_gives_the_same_answer_every_time() -> None:
    graph, _ = random_actor_graph(7)
    first, second = analyse(graph), analyse(graph)
    assert first.betweenness == second.betweenness and first.pagerank == second.pagerank
    assert first.communities == second.communities and first.modularity == second.modularity


def test_sampled_betweenness_states_its_error_and_keeps_within_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from graphsvc.graph import analysis

    monkeypatch.setattr(analysis, "EXACT_BETWEENNESS_BUDGET", 0)
    graph, g = random_actor_graph(3)
    result = analyse(graph)
    method = result.betweenness_method
    assert method["method"] == "sampled" and method["samples"] > 100
    assert method["epsilon"] == analysis.BETWEENNESS_EPSILON and method["delta"] == analysis.BETWEENNESS_DELTA
    exact = nx.betweenness_centrality(g, normalized=True)
    assert max(abs(result.betweenness[i] - exact[actor]) for i, actor in enumerate(graph.ids)) <= method["epsilon"]
