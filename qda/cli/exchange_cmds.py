"""Commands for REFI-QDA project exchange: import-qdpx and validate-qdpx.

(``export qdpx`` belongs to the ``export`` command group.)"""

from __future__ import annotations

from pathlib import Path

from qda.cli.options import command
from qda.cli.progress import ProgressBar
from qda.errors import InvalidInput
from qda.project import Project


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise InvalidInput(f"{path}: cannot read ({err.strerror or err})") from None


def cmd_import_qdpx(args) -> int:
    project = Project.open(args.project)
    project.backup(f"before importing {Path(args.file).name}")
    with ProgressBar(quiet=args.quiet) as bar:
        bar(0.0, f"Reading {Path(args.file).name}")
        report = project.exchange.import_qdpx(
            Path(args.file).name, _read(args.file), coder=args.coder
        )
        bar(1.0, "Done")
    print(
        f"imported {report['file']} ({report['origin'] or 'unknown origin'}): "
        f"{report['codes']} codes, {report['sources']} sources, "
        f"{report['selections']} selections, {report['codings']} codings, "
        f"{report['cases']} cases, {report['notes']} notes"
    )
    for warning in report["warnings"]:
        print(f"warning: {warning}")
    return 0


def cmd_validate_qdpx(args) -> int:
    from qda.services.exchange import ExchangeService

    problems = ExchangeService.validate_qdpx(_read(args.file), args.schema)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("valid" if args.schema else "valid (structural checks only: no --schema given)")
    return 0


def register(sub) -> None:
    p = command(sub, "import-qdpx",
                "import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder",
                cmd_import_qdpx, coder="coder for codings whose creator the file does not name",
                progress=True)  # fmt: skip
    p.add_argument("file", metavar="FILE.qdpx")

    p = command(sub, "validate-qdpx", "check a .qdpx file and list every problem",
                cmd_validate_qdpx, project=False)  # fmt: skip
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--schema", metavar="Project.xsd", help="the REFI-QDA schema to validate against"
    )
