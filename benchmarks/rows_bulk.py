"""Issue 11 rows: CLI start-up, bulk attribute and survey imports, and the SQL
statements each import issues (the QDPX rows in ``rows_project`` count theirs
with the same tools).

* ``bulk.cli.*``: wall time of ``python -m qda info|docs|codings`` on the demo
  project, each a fresh subprocess, over ``python -c pass`` (``floor.python``);
* ``bulk.attributes.*``: a table of ``bulk_cases`` organisations x 10 attributes
  (text, number, date and yes/no columns) through ``import_attributes`` into a
  project without those cases, with the cases but no values, and with both (the
  same table imported again: every value updated);
* ``bulk.survey``: a survey of ``bulk_respondents`` respondents (an id, four
  attribute and four open-question columns) through ``import_survey``.

Every import runs into a fresh copy of a prepared project. The first run is an
untimed warm-up that also counts the SQL statements (see
:class:`StatementCounter`); the timed runs count nothing, so the listener costs
them nothing.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.config import ROOT
from benchmarks.corpus import PLACES, make_organisations
from benchmarks.harness import Row, Timing, measure

# -- adapters: the only place this module (and the QDPX rows) call the Project --------------
# The facade's methods are moving to sub-objects (project.cases.import_attributes(...),
# project.corpus.import_survey(...), project.exchange.import_qdpx(...)): port these and
# nothing else.


def create_project(location: Path, name: str) -> Any:
    from qda.project import Project

    return Project.create(location, name=name)


def open_project(location: Path) -> Any:
    from qda.project import Project

    return Project.open(location)


def close_project(project: Any) -> None:
    project.close()


def project_engine(project: Any) -> Any:
    """The SQLAlchemy engine every statement of the project goes through."""
    return project.engine


def project_counts(project: Any) -> dict[str, int]:
    return project.counts()


def list_attributes(project: Any) -> list[dict]:
    return project.cases.attributes()


def add_organisation(project: Any, name: str) -> str:
    return project.cases.add_organisation(name)


def import_attributes(project: Any, filename: str, data: bytes) -> int:
    return project.cases.import_attributes(filename, data, kind="organisation")


def import_survey(project: Any, filename: str, data: bytes) -> list[dict]:
    return project.corpus.import_survey(filename, data)


def import_qdpx(project: Any, filename: str, data: bytes) -> dict:
    return project.exchange.import_qdpx(filename, data)


def export_qdpx(project: Any, out: io.BytesIO) -> None:
    project.exchange.export_qdpx(out)


# -- counting SQL statements -------------------------------------------------------------------


class StatementCounter:
    """Counts the statements sent through an engine while the ``with`` block runs.

    A SQLAlchemy ``before_cursor_execute`` listener: one call per statement handed
    to the driver, so an ``executemany`` counts once (and each batch of an
    "insertmanyvalues" INSERT once); the ``BEGIN`` the project's engine sends
    counts, the driver's own ``COMMIT`` does not. Pragmas run on connect are not
    seen (the pool is warm by then)."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.statements = 0

    def _count(self, *_args: Any) -> None:
        self.statements += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def count_statements(project: Any, call: Callable[[], object]) -> tuple[int, object]:
    """(statements issued, result) of ``call()`` on ``project``."""
    with StatementCounter(project_engine(project)) as counter:
        result = call()
    return counter.statements, result


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a closed SQLite project (its WAL file too, if one was left)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}-wal")
    return target


def remove_project(location: Path) -> None:
    for path in (location, Path(f"{location}-wal"), Path(f"{location}-shm")):
        path.unlink(missing_ok=True)


def counted_runs(
    ws,
    label: str,
    template: Path,
    call: Callable[[Any], object],
    check: Callable[[Any, Any], None],
) -> tuple[Timing, int]:
    """Run ``call(project)`` on fresh copies of ``template``: one untimed warm-up
    that counts the SQL statements, then ``runs`` timed runs; ``check(project,
    result)`` (untimed) after each. Returns the timing and the statement count."""
    statements = -1
    samples: list[float] = []
    for r in range(ws.cfg.runs + 1):
        location = copy_project(template, ws.tmp / f"{label}-run.sqlite")
        project = open_project(location)
        try:
            if r == 0:
                statements, result = count_statements(project, lambda p=project: call(p))
            else:
                began = time.perf_counter()
                result = call(project)
                samples.append(time.perf_counter() - began)
            check(project, result)
        finally:
            close_project(project)
            remove_project(location)
    return Timing(samples), statements


# -- generated tables ---------------------------------------------------------------------------

#: the attribute table's columns after the name, with the type import_attributes should infer
ATTRIBUTE_COLUMNS = {
    "region": "text",
    "stakeholder": "text",
    "legal form": "text",
    "staff": "number",
    "annual income": "number",
    "volunteers": "number",
    "founded": "date",
    "last review": "date",
    "registered charity": "boolean",
    "has premises": "boolean",
}


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def attribute_table(n: int, seed: int = 0) -> tuple[list[str], bytes]:
    """(case names, CSV) of ``n`` organisations x the 10 :data:`ATTRIBUTE_COLUMNS`.
    About one ``volunteers`` cell in twenty and one ``last review`` in ten are
    blank, as in a real spreadsheet; incomes are written with thousands commas."""
    rng = random.Random(f"attributes-{seed}-{n}")
    orgs = make_organisations(n, seed)
    rows = []
    for org in orgs:
        founded = f"{org.founded}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        review = "" if rng.random() < 0.1 else f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}"
        volunteers = "" if rng.random() < 0.05 else str(rng.randint(0, 400))
        rows.append(
            [
                org.name,
                rng.choice(PLACES),
                org.stakeholder,
                org.legal_form,
                str(org.staff),
                f"{rng.randint(2, 2_000) * 500:,}",
                volunteers,
                founded,
                review,
                rng.choice(["yes", "no"]),
                rng.choice(["yes", "no", "no"]),
            ]
        )
    return [o.name for o in orgs], _csv(["name", *ATTRIBUTE_COLUMNS], rows)


SURVEY_ATTRIBUTES = ["Age group", "Region", "Role", "Years involved"]
SURVEY_QUESTIONS = [
    "What does your group do well?",
    "What has been the hardest part of the last year?",
    "How could the council better support groups like yours?",
    "Is there anything else you would like to tell us?",
]
_ANSWERS = [
    "We know the people who come to us by name, and they trust us.",
    "Our volunteers keep turning up even when the heating has failed.",
    "Funding has been short term, so we spend half the year bidding for the next grant.",
    "Finding a venue we can afford has taken more of our time than the work itself.",
    "The council could pay on time and stop asking for a new form every quarter.",
    "We would like a named officer who answers the phone and knows our area.",
    "Partnership with the food bank means families get more than one kind of help.",
    "Referrals dropped after the health centre changed its system.",
    "Young people run the Friday session themselves now, which we are proud of.",
    "Keeping trustees is hard when everyone is already stretched.",
    "It would help to share premises and insurance with other small groups.",
    "Costs went up faster than anything we could raise locally.",
]
_AGE_GROUPS = ["18-24", "25-34", "35-49", "50-64", "65 and over"]
_ROLES = ["Volunteer", "Trustee", "Staff", "Service user", "Member"]


def survey_table(n: int, seed: int = 0) -> bytes:
    """A survey CSV of ``n`` respondents: ``Respondent ID``, the four
    :data:`SURVEY_ATTRIBUTES` and the four :data:`SURVEY_QUESTIONS`, each answer
    one or two sentences. The first question is always answered; a few later
    answers are left blank (the last question most often)."""
    rng = random.Random(f"survey-{seed}-{n}")
    rows = []
    for i in range(n):
        answers = []
        for q in range(len(SURVEY_QUESTIONS)):
            blank = q > 0 and rng.random() < (0.3 if q == len(SURVEY_QUESTIONS) - 1 else 0.05)
            answers.append("" if blank else " ".join(rng.sample(_ANSWERS, rng.randint(1, 2))))
        rows.append(
            [
                f"R{i + 1:04d}",
                rng.choice(_AGE_GROUPS),
                rng.choice(PLACES),
                rng.choice(_ROLES),
                str(rng.randint(0, 30)),
                *answers,
            ]
        )
    return _csv(["Respondent ID", *SURVEY_ATTRIBUTES, *SURVEY_QUESTIONS], rows)


# -- CLI start-up -----------------------------------------------------------------------------------

CLI_COMMANDS = [
    ("info", ["info"]),
    ("docs", ["docs", "--json"]),
    ("codings", ["codings", "--json"]),
]


def _run(argv: list[str]) -> str:
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def cli_rows(ws) -> None:
    """``python -m qda COMMAND`` on the demo project, each run a fresh process."""
    cfg = ws.cfg
    demo = ws.tmp / "cli-demo.sqlite"
    remove_project(demo)
    _run([sys.executable, "-m", "qda", "demo", str(demo)])
    counts = json.loads(_run([sys.executable, "-m", "qda", "info", str(demo), "--json"]))["counts"]
    size = f"demo project ({counts['documents']} docs, {counts['codings']} codings); fresh process"
    floor = measure(lambda: _run([sys.executable, "-c", "pass"]), cfg.runs)
    for label, args in CLI_COMMANDS:
        argv = [sys.executable, "-m", "qda", args[0], str(demo), *args[1:]]
        out = _run(argv)
        if "--json" in args and not json.loads(out):
            raise RuntimeError(f"python -m qda {' '.join(args)}: empty output")
        ws.report.add(
            Row(
                f"bulk.cli.{label}",
                f"CLI start: `python -m qda {' '.join([args[0], 'PROJECT', *args[1:]])}`",
                size,
                timing=measure(lambda argv=argv: _run(argv), cfg.runs),
                floor=floor,
                floor_name="python -c pass",
            )
        )
    ws.report.add(
        Row("floor.python", "Floor: `python -c pass` (interpreter start)", "a fresh process per run",
            timing=floor)
    )  # fmt: skip


# -- attribute and survey imports ---------------------------------------------------------------------


def _template(ws, name: str, build: Callable[[Any], None] | None = None) -> Path:
    """A closed project at ``ws.tmp/name``, built once, for the runs to copy."""
    location = ws.tmp / name
    remove_project(location)
    project = create_project(location, name="Bulk benchmark")
    try:
        if build is not None:
            build(project)
    finally:
        close_project(project)
    return location


def attribute_rows(ws) -> None:
    cfg = ws.cfg
    names, table = attribute_table(cfg.bulk_cases, cfg.seed)
    filename = "organisations.csv"
    ws.log(f"attribute table: {len(names):,} cases x {len(ATTRIBUTE_COLUMNS)} attributes")

    def with_cases(project: Any) -> None:
        for name in names:
            add_organisation(project, name)

    def with_values(project: Any) -> None:
        import_attributes(project, filename, table)

    def call(project: Any) -> int:
        return import_attributes(project, filename, table)

    def check(project: Any, result: Any) -> None:
        organisations = project_counts(project)["organisations"]
        types = {a["name"]: a["type"] for a in list_attributes(project)}
        if result != len(names) or organisations != len(names) or types != ATTRIBUTE_COLUMNS:
            raise RuntimeError(
                f"import_attributes: {result} rows, {organisations} organisations, types {types}"
            )

    size = f"{len(names):,} cases x {len(ATTRIBUTE_COLUMNS)} attributes; {len(table) / 1000:.0f} KB CSV"
    for label, title, build in (
        ("new", "into a project without the cases (created)", None),
        ("cases", "into a project that has the cases, no values", with_cases),
        ("again", "the same table again (every value updated)", with_values),
    ):
        template = _template(ws, f"attributes-{label}.sqlite", build)
        timing, statements = counted_runs(ws, f"attributes-{label}", template, call, check)
        ws.report.add(
            Row(f"bulk.attributes.{label}", f"Attribute import {title} (import_attributes)",
                size, timing=timing, statements=statements)
        )  # fmt: skip


def survey_rows(ws) -> None:
    cfg = ws.cfg
    n = cfg.bulk_respondents
    table = survey_table(n, cfg.seed)
    ws.log(f"survey table: {n:,} respondents")

    def call(project: Any) -> list[dict]:
        return import_survey(project, "survey.csv", table)

    def check(project: Any, result: Any) -> None:
        counts = project_counts(project)
        attrs = sorted(a["name"] for a in list_attributes(project))
        if (
            len(result) != n
            or counts["documents"] != n
            or counts["participants"] != n
            or attrs != sorted(SURVEY_ATTRIBUTES)
        ):
            raise RuntimeError(
                f"import_survey: {len(result)} documents returned, counts {counts}, "
                f"attributes {attrs}"
            )

    template = _template(ws, "survey-empty.sqlite")
    timing, statements = counted_runs(ws, "survey", template, call, check)
    size = (
        f"{n:,} respondents x ({len(SURVEY_ATTRIBUTES)} attributes + "
        f"{len(SURVEY_QUESTIONS)} questions); {len(table) / 1000:.0f} KB CSV"
    )
    ws.report.add(
        Row("bulk.survey", "Survey import into an empty project (import_survey)", size,
            timing=timing, statements=statements)
    )  # fmt: skip
