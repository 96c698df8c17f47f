"""perfscore serve against hostile requests: every refusal is a 4xx JSON error naming the
field — never a 500 or a traceback —, bodies and time are bounded, and no request reads a file
the server was not configured with."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the extra perfscore[serve] is not installed")

from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

import perfscore
from perfscore.serve import Limits, create_app

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

ROOT = Path(__file__).resolve().parent.parent
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"
FW = "department-common"
SOURCE = (ROOT / "perfscore" / "frameworks" / f"{FW}.yaml").read_text("utf-8")
_RECORD = perfscore.load_record(HECHENG)
HECHENG_LINE = json.dumps(
    {"id": "h", "values": _RECORD.values, "external_scores": _RECORD.external_scores},
    ensure_ascii=False,
)
LIMITS = Limits(max_body_bytes=1 << 20)
CLIENT = TestClient(create_app(limits=LIMITS), raise_server_exceptions=False)


def refused(response: Any, status: int, field: str | None = None) -> dict[str, Any]:
    """The response is the one error shape, with `status`, naming `field`, without a trace."""
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    if field is not None:
        assert error["field"] == field, error
    return dict(error)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A configured folder with one framework, beside files it must never serve."""
    inside = tmp_path / "frameworks"
    inside.mkdir()
    (inside / "province.yaml").write_text(SOURCE.replace(f"id: {FW}", "id: province"), "utf-8")
    (tmp_path / "secret.yaml").write_text(SOURCE.replace(f"id: {FW}", "id: secret"), "utf-8")
    os.symlink(tmp_path / "secret.yaml", inside / "linked.yaml")
    (inside / "escape.yaml").write_text("extends: ../secret.yaml\nid: escape\n", "utf-8")
    return inside


NAMES = [
    "..",
    "../secret",
    "..%2Fsecret",
    "%2e%2e%2fsecret",
    "..%5csecret",
    "linked",  # a symbolic link out of the folder is not offered
    "secret",
    "province.yaml",
    "%2Fetc%2Fpasswd",
    "bad%00name",
    "x" * 300,
]


def raw_request(app: Any, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
    """`path` sent to the ASGI app exactly as written (an HTTP client would normalise its `..`)."""
    import asyncio
    from urllib.parse import unquote

    sent: list[dict[str, Any]] = []
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": unquote(path),
             "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}  # fmt: skip
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_only_looked_up_among_the_offered(folder: Path, name: str) -> None:
    app = create_app(folder)
    for method, path in (("POST", f"/frameworks/{name}/score"), ("GET", f"/frameworks/{name}")):
        status, body = raw_request(app, method, path, HECHENG.read_bytes())
        assert status == 404, (name, body)
        assert b'"id": "secret"' not in body and b'"id":"secret"' not in body
    client = TestClient(app, raise_server_exceptions=False)
    assert set(client.get("/frameworks").json()) - {"escape", "province"} == set(
        CLIENT.get("/frameworks").json()
    )


def test_an_extends_out_of_the_folder_is_refused(folder: Path) -> None:
    client = TestClient(create_app(folder), raise_server_exceptions=False)
    error = refused(client.post("/frameworks/escape/score", content=HECHENG.read_bytes()), 422)
    assert error["field"] == "extends" and "leaves" in error["message"]


BODIES = [
    (b"", "application/json", 400, "body"),
    (b"   \n", "application/yaml", 400, "body"),
    (b"{not json", "application/json", 422, None),
    (b"[1, 2]", "application/json", 422, None),
    (b'{"values": {"a": NaN}}', "application/json", 422, None),
    (b"[" * 100_000, "application/json", 422, None),
    (b'{"values": {}, "values": {}}', "application/json", 422, None),
    (b'{"values": 3}', "application/json", 422, "values"),
    (b'{"values": {}, "extra": 1}', "application/json", 422, "extra"),
    (b'{"values": {"\xe7\xbc\x96\xe5\x88\xb6\xe6\x95\xb0": "1e999999"}}', "application/json", 422,
     None),
    (b"PK\x03\x04 not a workbook", "application/octet-stream", 422, None),
    (b"\xff\xfe\x00garbage\x00\x01", "text/csv", 422, None),
    (b"values: !!python/object:os.system [ls]", "application/yaml", 422, None),
    (b"a: &a [*a, *a]\n" * 3, "application/yaml", 422, None),
]  # fmt: skip


@pytest.mark.parametrize(("body", "media", "status", "field"), BODIES)
def test_a_hostile_body_gets_a_4xx_naming_the_part(
    body: bytes, media: str, status: int, field: str | None
) -> None:
    for tail in ("score", "explain", "reconcile"):
        response = CLIENT.post(
            f"/frameworks/{FW}/{tail}", content=body, headers={"content-type": media}
        )
        refused(response, status, field)


@given(body=st.binary(max_size=2000), media=st.sampled_from(["application/json", "text/csv",
       "application/yaml", "application/octet-stream", "multipart/form-data", ""]))  # fmt: skip
def test_random_bytes_never_reach_a_500(body: bytes, media: str) -> None:
    response = CLIENT.post(f"/frameworks/{FW}/score", content=body, headers={"content-type": media})
    assert response.status_code in (200, 400, 413, 422), response.text
    assert "Traceback" not in response.text
    if response.status_code != 200:
        assert response.json()["error"]["message"]


@given(line=st.text(max_size=300))
def test_a_random_batch_line_is_one_error_row_or_one_result(line: str) -> None:
    body = (line.replace("\n", " ").replace("\r", " ") + "\n" + HECHENG_LINE).encode("utf-8")
    response = CLIENT.post(f"/frameworks/{FW}/batch", content=body)
    assert response.status_code == 200
    rows = [json.loads(text) for text in response.text.splitlines()]
    assert len(rows) == (2 if line.strip() else 1)
    assert rows[-1]["error"] is None and rows[-1]["total"] is not None




def test_a_body_over_the_limit_is_refused_before_and_while_it_is_read() -> None:
    big = b" " * ((1 << 20) + 1)
    refused(CLIENT.post(f"/frameworks/{FW}/score", content=big), 413, "body")

    def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b" " * 65536

    refused(CLIENT.post(f"/frameworks/{FW}/score", content=chunks()), 413, "body")
    refused(CLIENT.post(f"/frameworks/{FW}/batch", content=chunks()), 413, "body")
    files = {"data": ("big.yaml", big)}
    assert CLIENT.post("/page", files=files, data={"framework": FW}).status_code == 413


def test_query_parameters_are_checked_by_name() -> None:
    body = HECHENG.read_bytes()
    refused(CLIENT.post(f"/frameworks/{FW}/score?format=../../etc", content=body), 400, "format")
    refused(CLIENT.post(f"/frameworks/{FW}/score?path=/etc/passwd", content=body), 400, "path")
    refused(CLIENT.post(f"/frameworks/{FW}/reconcile?require_all=maybe", content=body), 400,
            "require_all")  # fmt: skip
    refused(CLIENT.post(f"/frameworks/{FW}/explain?code=ZZ9", content=body), 400, "code")


def test_a_form_without_data_or_with_too_many_parts() -> None:
    refused(CLIENT.post(f"/frameworks/{FW}/score", data={"x": "1"}), 400, "data")
    many = {f"f{i}": "x" for i in range(50)}
    refused(CLIENT.post(f"/frameworks/{FW}/score", data=many), 400, "body")
    broken = CLIENT.post(f"/frameworks/{FW}/score", content=b"--x\r\nno",
                         headers={"content-type": "multipart/form-data; boundary=x"})  # fmt: skip
    assert broken.status_code == 400 and "Traceback" not in broken.text


def test_wrong_routes_and_methods_are_json_errors() -> None:
    refused(CLIENT.get("/nowhere"), 404)
    refused(CLIENT.get(f"/frameworks/{FW}/score"), 405)
    refused(CLIENT.post(f"/frameworks/{FW}/batch", content=b"\xff\xfe{}"), 400, "body")


def test_a_request_over_the_time_limit_gets_503(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfscore.serve import api

    def slow(*args: Any) -> str:
        time.sleep(0.5)
        return "{}"

    monkeypatch.setattr(api, "render_score", slow)
    client = TestClient(create_app(limits=Limits(timeout=0.05)), raise_server_exceptions=False)
    refused(client.post(f"/frameworks/{FW}/score", content=HECHENG.read_bytes()), 503, "body")


def test_a_batch_over_its_time_limit_ends_with_a_line_saying_so() -> None:
    client = TestClient(create_app(limits=Limits(batch_timeout=1e-9)))
    response = client.post(f"/frameworks/{FW}/batch", content=(HECHENG_LINE + "\n").encode() * 3)
    last = json.loads(response.text.splitlines()[-1])
    assert last["error"]["status"] == 503 and "line 1" in last["error"]["message"]


def test_a_bug_is_a_500_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from perfscore.serve import api

    def broken(*args: Any) -> str:
        raise RuntimeError("a bug, with a secret /etc/shadow")

    monkeypatch.setattr(api, "render_score", broken)
    response = CLIENT.post(f"/frameworks/{FW}/score", content=HECHENG.read_bytes())
    assert response.status_code == 500
    assert "/etc/shadow" not in response.text and "Traceback" not in response.text
