"""Material packs: a 20-page personal pack against WeasyPrint laying out the same
final HTML directly, and a group's file of 20 pairs against its packs laid out alone.

A throw-away SQLite file (or BENCH_DATABASE_URL) gets a tenant with a logo, a group
with its three meetings and 20 pairs with signed agreements; the pack has ten diary
pages, so a pair's pack is 20 pages. The store of PDFs is emptied before each run, so
every run lays the pack out: our time is the whole path (`services.pack_pdf`: loading
the data, the texts and Markdown, the template, the hash, the layout and storing the
file), WeasyPrint's is `HTML(string=...).write_pdf()` on the HTML that path produced.
Medians of nine, taken in turns (of three for the group file and its pairs alone).

The group file (`group_packs.build_group_pack`, what the job runs) is timed against
the sum of its 20 pairs' packs made one by one (`services.pack_pdf`): target <= 1.2x.
Its memory is measured in a fresh process (`bench/pdf.py --group-memory`, started by
the bench) that builds the same data, lays out one personal pack (a worker that has
made a PDF before: fonts and libraries loaded) and then makes the group file: the
growth of its resident size over that run, from where it stood to the kernel's peak
(VmHWM, reset just before through `/proc/self/clear_refs`), C libraries included
(the layout engine's memory is mostly outside Python): target <= 50 MiB. In the bench
process itself the heap kept from earlier runs would hide part of it.

    .venv/bin/python bench/pdf.py

The last line is `pdf overhead ratio: X` (our personal pack / WeasyPrint alone).
Target: X <= 1.2. The line before it times our own work without the layout (data,
texts, Markdown, template, hash, store) on its own: on this machine kind it is about
3% of the layout, while the ratio of the two whole runs has moved between 1.0 and 1.3
from one process to the next (single layouts of the same HTML vary from 0.44 to 0.61 s
here), so read the ratio together with that line.
"""

from __future__ import annotations

import gc
import io
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask_babel import force_locale
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import delete, select
from support import bench_app  # bench/support.py (scripts run from bench/)
from weasyprint import HTML

from kaari.core import db, storage
from kaari.core.pdf import STATIC
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.materials import group_packs, services
from kaari.materials.models import GroupPack, StoredPdf
from kaari.participants.models import Person
from kaari.programme.groups.models import Agreement, AgreementSignature, Group, GroupPair, Meeting
from kaari.tenancy.logo import store_logo
from kaari.tenancy.services import create_tenant

PAIRS = 20
REPETITIONS = 9
GROUP_REPETITIONS = 3
LANGUAGE = "fi"


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 200), (31, 95, 139)).save(buffer, "PNG")
    return buffer.getvalue()


def _world() -> tuple[int, int, list[int]]:
    """(tenant id, group id, pair ids)."""
    tenant = create_tenant("bench", "Bench-verkosto Åbo-Jyväskylä", "fi", ["fi", "sv", "en"])
    tenant.contact_name, tenant.contact_email = "Kaisa Koordinaattori", "kaisa@example.org"
    tenant.settings = {"pack_diary_pages": 10}
    db.session.flush()
    with tenant_scope(tenant.id):
        store_logo(tenant, _logo(), "image/png")
        group = Group(name="HKI1", venue="Kirjasto Oodi")
        db.session.add(group)
        db.session.flush()
        for number, kind in enumerate(("kickoff", "midpoint", "final")):
            starts = datetime(2027, 2, 2, 15, tzinfo=UTC) + timedelta(days=140 * number)
            db.session.add(Meeting(group_id=group.id, kind=kind, starts_at=starts,
                                   ends_at=starts + timedelta(hours=2)))  # fmt: skip
        pair_ids = []
        for number in range(PAIRS):
            actor = Person(name=f"Äijä Öhman {number}", email=f"a{number}@example.org",
                           role="actor", status="matched")  # fmt: skip
            mentor = Person(name=f"Åsa Mentor {number}", email=f"m{number}@example.org",
                            role="mentor", status="matched")  # fmt: skip
            db.session.add_all([actor, mentor])
            db.session.flush()
            pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed")
            db.session.add(pair)
            db.session.flush()
            db.session.add(GroupPair(group_id=group.id, pair_id=pair.id))
            agreement = Agreement(pair_id=pair.id, goals="Työ omalta alalta ja verkostoja",
                                  themes="CV, haastattelut", frequency="kahdesti kuussa",
                                  first_meeting_on=date(2027, 2, 16), version=1)  # fmt: skip
            db.session.add(agreement)
            db.session.flush()
            for person in (actor, mentor):
                db.session.add(AgreementSignature(agreement_id=agreement.id, version=1,
                                                  person_id=person.id, typed_name=person.name))  # fmt: skip
            pair_ids.append(pair.id)
    db.session.commit()
    return tenant.id, group.id, pair_ids


def _empty_store() -> None:
    storage.current().delete(db.session.scalars(select(StoredPdf.file_key)))
    db.session.execute(delete(StoredPdf))
    db.session.commit()


def _timed(run) -> float:
    _empty_store()
    gc.collect()  # each run starts without the previous run's garbage
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _medians(*runs, repetitions: int = REPETITIONS) -> list[float]:
    """The median time of each run, taken in turns so that the machine's drift hits all
    alike (on this machine kind single runs of the same layout vary by a factor of
    two; the median, unlike the best, also counts what a busy machine costs)."""
    times: list[list[float]] = [[] for _ in runs]
    for turn in range(repetitions):
        order = list(zip(runs, times, strict=True))
        for run, taken in order if turn % 2 else reversed(order):
            taken.append(_timed(run))
    return [statistics.median(taken) for taken in times]


def _status_mib(field: str) -> float:
    """A size from /proc/self/status (VmRSS now, VmHWM the peak), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _resident_growth(run) -> float:
    """How far the resident size rose above where it stood while `run` ran, in MiB."""
    _empty_store()
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
    before = _status_mib("VmRSS")
    run()
    return _status_mib("VmHWM") - before


def _group_memory() -> float:
    """The group file's resident growth in a fresh process (see the docstring)."""
    result = subprocess.run(
        [sys.executable, __file__, "--group-memory"], capture_output=True, text=True, check=True
    )
    return float(result.stdout.split()[-1])


def _measure_group_memory() -> None:
    app = bench_app()
    with app.test_request_context():
        tenant_id, group_id, pair_ids = _world()
        with tenant_scope(tenant_id):
            from kaari.tenancy.models import Tenant

            tenant = db.session.get(Tenant, tenant_id)
            group = db.session.get(Group, group_id)
            services.pack_pdf(tenant, LANGUAGE, pair=db.session.get(Pair, pair_ids[0]), group=group)
            db.session.commit()

            def group_file() -> None:
                pack = GroupPack(group_id=group_id, language=LANGUAGE, total=PAIRS)
                db.session.add(pack)
                db.session.commit()
                group_packs.build_group_pack(pack)
                assert pack.status == "done", pack.status

            print(f"{_resident_growth(group_file):.1f}")


def main() -> None:
    growth = _group_memory()  # first, while the machine has nothing else of ours
    app = bench_app()
    with app.test_request_context():
        tenant_id, group_id, pair_ids = _world()
        with tenant_scope(tenant_id):
            from kaari.tenancy.models import Tenant

            tenant = db.session.get(Tenant, tenant_id)
            group = db.session.get(Group, group_id)
            pairs = [db.session.get(Pair, pair_id) for pair_id in pair_ids]
            pair = pairs[0]

            def ours() -> bytes:
                return services.pack_pdf(tenant, LANGUAGE, pair=pair, group=group)

            pages = len(PdfReader(io.BytesIO(ours())).pages)
            with force_locale(LANGUAGE):
                html = services.pack_html(services.pack_input(tenant, LANGUAGE, pair=pair,
                                                              group=group))  # fmt: skip

            def weasyprint_alone() -> bytes:
                return HTML(string=html, base_url=STATIC.as_uri() + "/").write_pdf(pdf_tags=True)

            laid_out = weasyprint_alone()  # also warms the fonts for both

            def ours_without_layout() -> None:
                """Everything of ours around the layout: data, texts, template, hash, store."""
                with force_locale(LANGUAGE):
                    pack = services.pack_input(tenant, LANGUAGE, pair=pair, group=group)
                    services.pack_html(pack)
                    services.cached_pdf(pack.kind, pack.digest(), lambda: laid_out)

            pack_time, direct_time, own_time = _medians(ours, weasyprint_alone, ours_without_layout)

            def group_file() -> None:
                pack = GroupPack(group_id=group_id, language=LANGUAGE, total=PAIRS)
                db.session.add(pack)
                db.session.commit()
                group_packs.build_group_pack(pack)
                assert pack.status == "done", pack.status

            def pairs_alone() -> None:
                for each in pairs:
                    services.pack_pdf(tenant, LANGUAGE, pair=each, group=group)
                db.session.commit()

            group_time, alone_time = _medians(
                group_file, pairs_alone, repetitions=GROUP_REPETITIONS
            )
    print(f"personal pack: {pages} pages, {pack_time:.2f} s (median of {REPETITIONS})")
    print(f"weasyprint alone on the same HTML: {direct_time:.2f} s")
    print(f"group file of {PAIRS} pairs ({PAIRS * pages} pages): {group_time:.2f} s; "
          f"its {PAIRS} packs made one by one: {alone_time:.2f} s "
          f"(medians of {GROUP_REPETITIONS})")  # fmt: skip
    print(f"group file time ratio: {group_time / alone_time:.2f} (target <= 1.2)")
    print(f"group file resident memory growth: {growth:.0f} MiB (target <= 50)")
    print(f"our own work around the layout: {own_time * 1000:.0f} ms "
          f"({own_time / direct_time:.1%} of the layout)")  # fmt: skip
    print(f"pdf overhead ratio: {pack_time / direct_time:.2f}")


if __name__ == "__main__":
    _measure_group_memory() if "--group-memory" in sys.argv else main()
