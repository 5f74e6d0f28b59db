"""API keys (hashed configuration, constant-time check), the write rate limit, `apikey new`."""

from __future__ import annotations

import hashlib

import pytest

from graphsvc.cli import main
from graphsvc.curation.access import KEY_PREFIX, ApiKeys, hash_key, new_key
from graphsvc.curation.audit_trail import normalise_since
from graphsvc.curation.writes import next_version, parse_relationship_id


def test_new_key_is_random_and_configured_by_its_digest() -> None:
    key, entry = new_key("alice")
    other, _ = new_key("alice")
    assert key.startswith(KEY_PREFIX) and len(key) > 40 and key != other
    name, digest = entry.split(":")
    assert name == "alice"
    assert digest == hashlib.sha256(key.encode()).hexdigest() == hash_key(key)
    assert key not in entry


def test_verify_names_the_key_holder() -> None:
    alice, alice_entry = new_key("alice")
    bob, bob_entry = new_key("bob")
    keys = ApiKeys.from_config(f" {alice_entry} , {bob_entry},")
    assert keys.names == ["alice", "bob"]
    assert keys.verify(alice) == "alice"
    assert keys.verify(bob) == "bob"
    assert keys.verify(alice + "x") is None
    assert keys.verify("") is None and keys.verify(None) is None
    assert keys.verify(hash_key(alice)) is None  # the digest is not the key
    assert ApiKeys.from_config("").verify(alice) is None


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("alice", "expected 'name:sha256hex'"),
        ("Alice:" + "a" * 64, "lowercase name"),
        ("alice:gsk_ThisIsAClearTextKeyByMistake", "never the key itself"),
        ("alice:" + "a" * 63, "64-hex"),
        (f"alice:{'a' * 64},alice:{'b' * 64}", "configured twice"),
    ],
)
def test_bad_configuration_is_refused_without_echoing_it(config: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as raised:
        ApiKeys.from_config(config)
    secret_part = config.split(":", 1)[-1].split(",")[0]
    assert secret_part not in str(raised.value)


def test_apikey_new_prints_the_key_once_and_its_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apikey", "new", "curator-1"]) == 0
    out = capsys.readouterr().out
    [key] = [word for word in out.split() if word.startswith(KEY_PREFIX)]
    [entry] = [word for word in out.split() if word.startswith("curator-1:")]
    assert ApiKeys.from_config(entry).verify(key) == "curator-1"
    assert out.count(key) == 1
    assert main(["apikey", "new", "Not A Name"]) == 1


def test_the_rate_limit_names_a_key_by_its_name_and_a_hash_of_its_digest() -> None:
    first, first_entry = new_key("alice")
    again, again_entry = new_key("alice")
    keys, reissued = ApiKeys.from_config(first_entry), ApiKeys.from_config(again_entry)
    name = keys.limiter_key("alice")
    assert name.startswith("alice:") and name == keys.limiter_key("alice")
    assert reissued.limiter_key("alice") != name  # a key issued again starts a fresh count
    assert hash_key(first) not in name and dict(keys.digests)["alice"] not in name


def test_helpers_of_the_write_path() -> None:
    assert normalise_since("2025") == "2025-01-01T00:00:00.000000Z"
    assert normalise_since("2025-06-01T14:00:00+02:00") == "2025-06-01T12:00:00.000000Z"
    with pytest.raises(ValueError):
        normalise_since("last week")
    assert parse_relationship_id("member_of:state:kazakhstan->org:turksoy#1993") == {
        "type": "member_of", "from": "state:kazakhstan", "to": "org:turksoy"}
    assert parse_relationship_id("nonsense") is None
    assert next_version("abc", "audit:1") != next_version("abc", "audit:2")
    assert len(next_version(None, "audit:1")) == 16
