"""`perfscore serve`: the library over HTTP — a JSON API and one page for people (the extra
`perfscore[serve]`: Starlette and uvicorn).

The API, in the spirit of OpenFisca's web API: `GET /frameworks` (the frameworks offered:
bundled and those of one configured folder), `GET /frameworks/{name}` (its tree and the inputs
a record gives), `POST /frameworks/{name}/score|explain|reconcile|batch` (what the command
line's json output prints; batch streamed as jsonl) and `GET /spec` (the OpenAPI document).
`GET /` is the page: upload a filled-in form or type the data, see the 评分表, download it.

One job a module: `catalogue` (the frameworks by name; a request's name is only ever looked up
among them), `limits` (the body's size, a request's time, the scoring threads), `problems`
(every refusal as a 4xx JSON error naming the field), `bodies` (a request's DATA, read by the
command line's readers), `describe` (a framework as the API shows it), `api` (the JSON
endpoints), `openapi` (the document), `page` (the html page) and `app` (`create_app`).
Importing this package imports Starlette: the command imports it only when it runs.
"""

from __future__ import annotations

from .app import create_app
from .limits import Limits

__all__ = ["Limits", "create_app"]
