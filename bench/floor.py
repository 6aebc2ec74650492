"""The floor: a bare Django view that runs exactly the SQL a portal page ran
(captured by the benchmark) and returns a few bytes. What a page costs beyond
its floor is the portal's own Python: views, forms, templates."""

import functools
import json
import os
from pathlib import Path

from django.db import connection
from django.http import Http404, HttpResponse


@functools.cache
def _queries():
    """Read once per worker; the benchmark writes the file before it starts one."""
    path = os.environ.get("BENCH_FLOOR_FILE")
    return json.loads(Path(path).read_text(encoding="utf-8")) if path else {}


def floor(request, name):
    if name not in _queries():
        raise Http404(name)
    rows = 0
    with connection.cursor() as cursor:
        for sql in _queries()[name]:
            cursor.execute(sql)
            if cursor.description:
                rows += len(cursor.fetchall())
    return HttpResponse(f"{rows}\n", content_type="text/plain")
