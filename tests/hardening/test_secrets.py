"""Optional API keys: from the environment through Dagster's EnvVar, sent only to their host
over https, and never written to logs, run metadata, the event log or the archive."""

from __future__ import annotations

import logging
from pathlib import Path

import dagster as dg
import pytest
import yaml

from assets.definitions import ALL_ASSETS
from assets.resources import LakeResource, SettingsResource, api_keys_from_env
from pipelines.archive import Archive
from pipelines.config import HttpSettings
from pipelines.errors import ConfigError
from pipelines.http import Fetcher, FetchRequest
from pipelines.lake import Lake
from pipelines.sources.registry import load_sources
from support import REPO, Reply

SECRET = "hs-test-7f3a9c2e51d04b8e"  # a value that occurs nowhere else
GH = REPO / "tests" / "fixtures" / "recorded" / "greenhouse" / "dt=2026-11-24"


def _settings(**extra) -> HttpSettings:
    base = {
        "timeout_s": 5,
        "max_retries": 0,
        "backoff_base_s": 0.01,
        "requests_per_second_per_host": 500,
        "respect_robots_txt": False,
    }
    return HttpSettings(**{**base, **extra})


def _cred(host="127.0.0.1", env="HS_TEST_KEY", **kw):
    return {"credentials": [{"host": host, "env": env, "prefix": "Bearer ", **kw}]}


def _every_byte(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


# --- configuration ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"host": "api.example.com", "env": "lower_case"}, "NAME of an environment variable"),
        ({"host": "https://api.example.com/", "env": "K"}, "bare host name"),
        ({"host": "api.example.com", "env": "K", "header": "X-Key\r\nEvil: 1"}, "not a valid HTTP header name"),
        ({"host": "api.example.com", "env": "K", "value": SECRET}, "value"),  # keys never live in the file
        ({"host": "api.example.com", "env": "K", "prefix": "Bearer abc def"}, "scheme word"),
    ],
)
def test_credential_config_is_validated(tmp_path, entry, message):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"contact": "t@example.org", "http": {"credentials": [entry]}}))
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert message in str(err.value) and "credentials" in str(err.value)


def test_one_credential_per_host():
    with pytest.raises(ValueError, match="more than one credential for host"):
        HttpSettings(credentials=[{"host": "a.example", "env": "A"}, {"host": "a.example", "env": "B"}])


# --- the fetcher --------------------------------------------------------------------------------
def test_key_is_sent_only_to_its_host(tmp_path, local_server):
    local_server.route("/a", Reply(body=b"{}"))
    local_server.route("/b", Reply(body=b"{}"))
    port = local_server.httpd.server_address[1]
    archive = Archive(Lake(str(tmp_path / "lake")))
    fetcher = Fetcher(
        settings=_settings(**_cred()), contact="t@example.org", archive=archive, secrets={"HS_TEST_KEY": SECRET}
    )
    out = fetcher.fetch_many(
        "greenhouse",
        "2026-11-24",
        [
            FetchRequest("a", f"http://127.0.0.1:{port}/a"),
            FetchRequest("b", f"http://localhost:{port}/b"),  # same server, another host name
        ],
    )
    assert [r.error for r in out] == [None, None]
    (a,) = local_server.hits("/a")
    (b,) = local_server.hits("/b")
    assert a[1].get("Authorization") == f"Bearer {SECRET}"
    assert "Authorization" not in b[1] and SECRET not in str(b[1])
    # the manifest records the response, not the request headers; no file of the lake holds the key
    manifest = archive.manifest("greenhouse", "2026-11-24")
    assert manifest.height == 2 and SECRET not in str(manifest.rows())
    assert SECRET.encode() not in _every_byte(tmp_path / "lake")


def test_custom_header_without_prefix(tmp_path, local_server):
    local_server.route("/a", Reply(body=b"{}"))
    settings = _settings(credentials=[{"host": "127.0.0.1", "env": "SR_TOKEN", "header": "X-SmartToken"}])
    fetcher = Fetcher(settings=settings, contact="t@example.org", archive=None, secrets={"SR_TOKEN": SECRET})
    (resp,) = fetcher.fetch_many("smartrecruiters", "2026-11-24", [FetchRequest("a", local_server.base_url + "/a")])
    assert resp.ok
    assert local_server.hits("/a")[0][1]["X-SmartToken"] == SECRET


def test_unset_key_fetches_anonymously_and_says_so(local_server):
    local_server.route("/a", Reply(body=b"{}"))
    messages: list[str] = []
    fetcher = Fetcher(
        settings=_settings(**_cred()), contact="t@example.org", archive=None, secrets={}, progress=messages.append
    )
    (resp,) = fetcher.fetch_many("greenhouse", "2026-11-24", [FetchRequest("a", local_server.base_url + "/a")])
    assert resp.ok and "Authorization" not in local_server.hits("/a")[0][1]
    assert "credential for 127.0.0.1: $HS_TEST_KEY is not set, fetching 127.0.0.1 anonymously" in messages


def test_key_with_control_characters_is_refused_without_showing_it():
    with pytest.raises(ConfigError) as err:
        Fetcher(
            settings=_settings(**_cred()),
            contact="t@example.org",
            archive=None,
            secrets={"HS_TEST_KEY": SECRET + "\r\nX-Injected: 1"},
        )
    assert "$HS_TEST_KEY" in str(err.value) and SECRET not in str(err.value)


def test_key_is_never_sent_over_plain_http_to_a_public_host(tmp_path):
    async def resolve(host, port):
        return ["93.184.216.34"]

    fetcher = Fetcher(
        settings=_settings(**_cred(host="api.example.org")),
        contact="t@example.org",
        archive=Archive(Lake(str(tmp_path / "lake"))),
        secrets={"HS_TEST_KEY": SECRET},
        allow_private_hosts=False,
        resolve=resolve,
    )
    (resp,) = fetcher.fetch_many("greenhouse", "2026-11-24", [FetchRequest("x", "http://api.example.org/jobs")])
    assert resp.error == "the credential for api.example.org is only sent over https, not to http://"


def test_key_reflected_by_a_server_is_redacted_from_errors_and_logs(tmp_path, local_server, caplog):
    # a misbehaving server echoes the key into a redirect to another host: the refusal message
    # (manifest error, log line) must not carry it
    local_server.route("/a", Reply(status=302, headers={"Location": f"https://evil.example/?token={SECRET}"}))
    archive = Archive(Lake(str(tmp_path / "lake")))
    fetcher = Fetcher(
        settings=_settings(**_cred()), contact="t@example.org", archive=archive, secrets={"HS_TEST_KEY": SECRET}
    )
    with caplog.at_level(logging.DEBUG):
        (resp,) = fetcher.fetch_many("greenhouse", "2026-11-24", [FetchRequest("a", local_server.base_url + "/a")])
    assert resp.error == "redirect to another host refused: https://evil.example/?token=[redacted]"
    assert SECRET not in caplog.text and "[redacted]" in caplog.text
    manifest = archive.manifest("greenhouse", "2026-11-24")
    assert manifest["error"].to_list() == [resp.error]
    assert SECRET.encode() not in _every_byte(tmp_path / "lake")


# --- through Dagster ----------------------------------------------------------------------------
def test_api_keys_from_env_are_envvars(tmp_path, monkeypatch):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: t@example.org\nhttp:\n  credentials:\n"
        "    - {host: a.example.org, env: HS_A}\n    - {host: b.example.org, env: HS_B}\n"
    )
    monkeypatch.setenv("HS_A", SECRET)
    monkeypatch.delenv("HS_B", raising=False)
    keys = api_keys_from_env(str(path))
    assert list(keys) == ["HS_A"] and isinstance(keys["HS_A"], dg.EnvVar) and keys["HS_A"].env_var_name == "HS_A"
    assert api_keys_from_env(str(tmp_path / "missing.yaml")) == {}


@pytest.mark.slow
def test_a_run_with_a_key_leaves_no_trace_of_it(tmp_path, instance, local_server, monkeypatch, caplog):
    boards = sorted(p.stem for p in GH.glob("*.json"))[:3]
    for b in boards:
        # the board answers only with the key: a 401 would show it was not sent
        local_server.route(f"/v1/boards/{b}/jobs?content=true", Reply(body=(GH / f"{b}.json").read_bytes()))
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "\n".join(
            [
                "contact: tests@example.org",
                "http: {timeout_s: 5, max_retries: 0, requests_per_second_per_host: 500,",
                "       credentials: [{host: 127.0.0.1, env: HS_GREENHOUSE_KEY, prefix: 'Token '}]}",
                "job_boards:",
                *[f"  - {{ats: greenhouse, token: {b}, base_url: '{local_server.base_url}'}}" for b in boards],
            ]
        )
        + "\n"
    )
    monkeypatch.setenv("HS_GREENHOUSE_KEY", SECRET)
    monkeypatch.setenv("HIRING_SIGNALS_TODAY", "2026-11-24")  # live runs build only "today"
    lake_root = tmp_path / "lake"
    with caplog.at_level(logging.DEBUG):
        result = dg.materialize(
            ALL_ASSETS,
            partition_key="2026-11-24",
            instance=instance,
            raise_on_error=False,
            resources={
                "lake": LakeResource(root=str(lake_root)),
                "settings": SettingsResource(
                    sources_path=str(sources), mode="live", api_keys=api_keys_from_env(str(sources))
                ),
            },
        )
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    # the key was used...
    sent = {local_server.hits(f"/v1/boards/{b}/jobs?content=true")[0][1].get("Authorization") for b in boards}
    assert sent == {f"Token {SECRET}"}
    postings = Lake(str(lake_root)).read_partition("clean", "job_postings", "2026-11-24")
    assert postings.height > 0 and set(postings["board"]) == set(boards)
    # ...and is nowhere: not in the lake (archive bodies, manifests, tables, report), not in the
    # Dagster instance (run config, event log, compute logs), not in any log record or event
    assert SECRET.encode() not in _every_byte(lake_root)
    home = Path(instance.root_directory)
    assert any(home.rglob("*.db")) and SECRET.encode() not in _every_byte(home)
    assert SECRET not in caplog.text
    for event in instance.all_logs(result.run_id):
        assert SECRET not in str(event)
    # the run config names the variable, never its value
    run = instance.get_run_by_id(result.run_id)
    assert SECRET not in str(run.run_config)
