"""Burt's constraint and the actor graph's weights, against networkx, without a database."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from graphsvc.graph.analysis import analyse, burt_constraint
from graphsvc.graph.analysis_projection import ActorGraph, build_actor_graph


def actor_graph(ids: list[str], edges: dict[tuple[int, int], float]) -> ActorGraph:
    pairs = sorted(edges)
    return ActorGraph(
        ids=ids, names=ids, types=["State"] * len(ids), sources=np.array([i for i, _ in pairs], dtype=np.int64),
        targets=np.array([j for _, j in pairs], dtype=np.int64), weights=np.array([edges[p] for p in pairs]),
        left_out=0,
    )


def weights(graph: ActorGraph) -> dict[tuple[int, int], float]:
    return dict(zip(zip(graph.sources.tolist(), graph.targets.tolist()), graph.weights.tolist(), strict=True))


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
    return actor_graph(ids, edges), nx.relabel_nodes(g, {node: ids[position[node]] for node in g.nodes})


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
    assert weights(graph) == {(0, 1): 3.0}
    assert graph.left_out == 2 and graph.ids == ["s:a", "s:b"]
    graph = build_actor_graph(ties, shared, actors)
    assert weights(graph) == {(0, 1): 3.0 + 0.5 + 0.5, (0, 2): 1.0, (1, 2): 1.0}


def test_an_empty_graph_has_no_measures() -> None:
    result = analyse(actor_graph([], {}))
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


def test_constraint_past_its_budget_is_not_computed_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from graphsvc.graph import analysis

    graph, _ = random_actor_graph(2)
    assert 0 < analysis.constraint_work(graph)
    monkeypatch.setattr(analysis, "CONSTRAINT_BUDGET", analysis.constraint_work(graph) - 1)
    result = analyse(graph)
    assert result.constraint is None and result.constraint_method["method"] == "not computed"
    assert result.metrics(graph.ids[0])["constraint"] is None  # type: ignore[index]
    with pytest.raises(analysis.Problem) as refused:
        analysis.centrality_answer(result, "constraint", 5)
    assert refused.value.status == 422


def test_the_kept_form_answers_as_the_computed_analysis() -> None:
    import json

    from graphsvc.graph.analysis import NetworkAnalysis, centrality_answer, communities_answer

    graph, _ = random_actor_graph(4)
    computed = analyse(graph)
    kept = NetworkAnalysis.from_kept(json.loads(json.dumps(computed.kept())))
    for measure in ("degree", "pagerank", "betweenness", "constraint"):
        assert centrality_answer(kept, measure, 10) == centrality_answer(computed, measure, 10)
    assert communities_answer(kept) == communities_answer(computed)
    assert kept.metrics(graph.ids[5]) == computed.metrics(graph.ids[5])
