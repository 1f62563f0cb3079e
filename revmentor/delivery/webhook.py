"""Posting JSON to a chat webhook (Slack, Teams) with the standard library.

A webhook's address is a secret (whoever has it can post to the channel): it
is never printed, stored or put in an error, so a failure is told by its
status or its cause alone.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from revmentor.errors import RevmentorError, UsageProblem

TIMEOUT_SECONDS = 20
NOT_POSTED = "the digest was not posted; run the same command again to retry"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET elsewhere: it is a failure."""

    def redirect_request(self, *args, **kwargs) -> None:
        return None


def check_webhook(url: str) -> None:
    """An http(s) address with a host (refused without repeating it)."""
    with contextlib.suppress(ValueError):  # not even a URL
        parts = urlsplit(url.strip())
        if parts.scheme in ("https", "http") and parts.hostname:
            return
    raise UsageProblem(
        "The webhook address must start with https:// (it is not shown here: "
        "it is a secret)."
    )


def post_json(url: str, payload: dict) -> int:
    """POST ``payload`` as JSON to ``url`` (passed by ``check_webhook``);
    returns the HTTP status (2xx), or raises ``RevmentorError`` naming the
    status or why there was no answer."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8"}
    request = urllib.request.Request(url.strip(), body, headers, method="POST")
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        problem = f"answered HTTP {error.code} ({error.reason})"
    except (OSError, ValueError) as error:  # URLError is an OSError
        # Only the cause's kind: the error's own text may hold the address.
        cause = getattr(error, "reason", error)
        if isinstance(cause, TimeoutError):
            problem = f"did not answer within {TIMEOUT_SECONDS} seconds"
        else:
            why = getattr(cause, "strerror", None) or type(cause).__name__
            problem = f"did not answer ({why})"
    raise RevmentorError(f"The webhook {problem}; {NOT_POSTED}.")
