"""`perfscore serve [--frameworks DIR]`: the JSON API and the upload page over HTTP (uvicorn),
on 127.0.0.1:8000 unless told otherwise; needs the extra `perfscore[serve]`."""

from __future__ import annotations

import argparse
import importlib.util

from ..cli import register_command
from ..errors import UsageError
from ..i18n import say, words

#: what the extra brings; the command names the extra when one is missing
NEEDS = ("starlette", "uvicorn", "multipart")


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help=words("help.serve.host"))
    p.add_argument("--port", type=int, default=8000, help=words("help.serve.port"))
    p.add_argument(
        "--frameworks",
        metavar="DIR",
        help=words("help.serve.frameworks"),
    )
    p.add_argument(
        "--max-body-bytes", type=int, default=8 << 20, help=words("help.serve.max-body-bytes")
    )
    p.add_argument("--timeout", type=float, default=30.0, help=words("help.serve.timeout"))
    p.add_argument(
        "--batch-timeout", type=float, default=300.0, help=words("help.serve.batch-timeout")
    )
    p.add_argument("--workers", type=int, default=4, help=words("help.serve.workers"))
    p.add_argument(
        "--max-connections",
        type=int,
        default=64,
        help=words("help.serve.max-connections"),
    )


def _require_extra() -> None:
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(say("error.serve.needs-extra", names=", ".join(missing)))


def run_serve(args: argparse.Namespace) -> int:
    _require_extra()
    for name in ("max_body_bytes", "timeout", "batch_timeout", "workers", "max_connections"):
        if getattr(args, name) <= 0:
            raise UsageError(say("error.serve.not-positive", option="--" + name.replace("_", "-")))
    import uvicorn

    from ..serve import Limits, create_app

    limits = Limits(args.max_body_bytes, args.timeout, args.batch_timeout, args.workers)
    app = create_app(args.frameworks, limits)
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", timeout_keep_alive=5,
                limit_concurrency=args.max_connections)  # fmt: skip
    return 0


register_command("serve", say("help.serve"), _serve_args, run_serve)
