"""perfscore serve's JSON API, through Starlette's test client: every endpoint answers what the
command line prints in its json format, and the OpenAPI document names every route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the extra perfscore[serve] is not installed")

from starlette.testclient import TestClient

import perfscore
from perfscore.cli import main
from perfscore.serve import create_app

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

ROOT = Path(__file__).resolve().parent.parent
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"
FW = "department-common"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(list(argv))
    return capsys.readouterr().out


def post(client: TestClient, tail: str, body: bytes, media: str = "application/yaml") -> object:
    return client.post(f"/frameworks/{FW}/{tail}", content=body, headers={"content-type": media})


def test_the_list_names_every_bundled_framework(client: TestClient) -> None:
    listed = client.get("/frameworks").json()
    assert sorted(listed) == perfscore.bundled.bundled_names()
    assert listed[FW]["id"] == FW and listed[FW]["source"] == "bundled"
    assert listed[FW]["href"] == f"/frameworks/{FW}"


def test_one_framework_has_its_tree_and_inputs(client: TestClient) -> None:
    got = client.get(f"/frameworks/{FW}").json()
    fw = perfscore.load_framework(FW)
    assert [node["code"] for node in got["indicators"]] == [n.code for n in fw.indicators]
    assert sum(node["weight"] for node in got["indicators"]) == fw.total
    fields = {row["key"] for row in got["inputs"] if row["category"] == "基础数据"}
    assert fields == set(fw.fields)
    assert "A11" in {row["key"] for row in got["inputs"]}  # a checklist input, by its code
    assert got["links"]["score"] == f"/frameworks/{FW}/score"


def test_score_answers_what_score_json_prints(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    response = post(client, "score", HECHENG.read_bytes())
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.text == cli_json(capsys, "score", FW, str(HECHENG), "-f", "json").replace(
        str(HECHENG), "<body>"
    )


def test_a_json_record_scores_as_its_yaml_twin(client: TestClient) -> None:
    record = perfscore.load_record(HECHENG)
    body = {"id": record.id, "values": record.values, "external_scores": record.external_scores}
    as_json = post(client, "score", json.dumps(body).encode(), "application/json").json()
    as_yaml = post(client, "score", HECHENG.read_bytes()).json()
    assert as_json["total"] == as_yaml["total"] and as_json["grade"] == as_yaml["grade"]


def test_score_in_other_formats(client: TestClient) -> None:
    xlsx = client.post(f"/frameworks/{FW}/score?format=xlsx", content=HECHENG.read_bytes())
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    html = client.post(f"/frameworks/{FW}/score?format=html", content=HECHENG.read_bytes())
    assert "<table>" in html.text and html.headers["content-type"].startswith("text/html")


def test_explain_and_one_code(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    whole = post(client, "explain", HECHENG.read_bytes()).json()
    expected = json.loads(cli_json(capsys, "explain", FW, str(HECHENG), "-f", "json"))
    assert whole == expected
    one = client.post(f"/frameworks/{FW}/explain?code=A11", content=HECHENG.read_bytes()).json()
    assert [s["code"] for s in one] == ["A11"]


def test_reconcile_answers_what_reconcile_json_prints(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    got = post(client, "reconcile", HECHENG.read_bytes()).json()
    main(["reconcile", FW, str(HECHENG), "-f", "json"])
    expected = json.loads(capsys.readouterr().out)
    expected["record"]["file"] = "<body>"
    assert got == expected


def test_batch_streams_a_line_per_record_in_order(client: TestClient) -> None:
    record = perfscore.load_record(HECHENG)
    good = {"id": "u1", "values": record.values, "external_scores": record.external_scores}
    lines = [json.dumps({**good, "id": f"u{i}"}, ensure_ascii=False) for i in range(450)]
    lines[7] = "{not json"
    lines.insert(3, "")  # a blank line is not a record
    body = "\n".join(lines).encode("utf-8")
    response = client.post(f"/frameworks/{FW}/batch", content=body)
    assert response.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert len(rows) == 450  # rows out = rows in
    assert [r["id"] for r in rows[:3]] == ["u0", "u1", "u2"]
    assert rows[7]["error"].startswith("<body>:9:")  # the line's number in the body
    assert rows[7]["total"] is None and rows[8]["id"] == "u8"
    assert rows[-1]["id"] == "u449" and rows[-1]["total"] == rows[0]["total"]


def _cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_template_is_the_form_perfscore_template_writes(client: TestClient) -> None:
    from perfscore.forms.writer import write_form

    response = client.get(f"/frameworks/{FW}/template")
    assert response.status_code == 200
    assert _cells(response.content) == _cells(write_form(perfscore.load_framework(FW)))


def test_a_configured_folder_adds_its_frameworks(tmp_path: Path) -> None:
    source = (ROOT / "perfscore" / "frameworks" / f"{FW}.yaml").read_text("utf-8")
    (tmp_path / "province.yaml").write_text(source.replace(f"id: {FW}", "id: province"), "utf-8")
    (tmp_path / "broken.yaml").write_text("id: [", "utf-8")
    (tmp_path / "notes.txt").write_text("not a framework", "utf-8")
    client = TestClient(create_app(tmp_path), raise_server_exceptions=False)
    listed = client.get("/frameworks").json()
    assert listed["province"]["source"] == "configured" and listed["province"]["id"] == "province"
    assert "error" in listed["broken"] and "notes" not in listed
    response = client.post("/frameworks/province/score", content=HECHENG.read_bytes())
    assert response.status_code == 200 and response.json()["framework"]["id"] == "province"
    broken = client.post("/frameworks/broken/score", content=HECHENG.read_bytes())
    assert broken.status_code == 422 and broken.json()["error"]["file"].endswith("broken.yaml")


def test_the_spec_documents_every_api_route(client: TestClient) -> None:
    spec = client.get("/spec").json()
    assert spec["openapi"].startswith("3.")
    app = create_app()
    api_paths = {
        route.path  # type: ignore[attr-defined]
        for route in app.routes
        if route.path.startswith("/frameworks")  # type: ignore[attr-defined]
    }
    assert api_paths == set(spec["paths"])
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method == "post":
                assert "422" in operation["responses"], path


def test_the_command_names_the_extra_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    assert main(["serve"]) == 2
    assert "pip install 'perfscore[serve]'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "code", "said"),
    [
        (["--timeout", "0"], 2, "--timeout must be positive"),
        (["--workers", "-1"], 2, "--workers must be positive"),
        (["--frameworks", "/nonexistent/folder"], 1, "not a directory"),
    ],
)
def test_the_command_refuses_bad_options_before_it_listens(
    argv: list[str], code: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *argv]) == code
    assert said in capsys.readouterr().err
