"""Commands for REFI-QDA project exchange: import-qdpx and validate-qdpx.

(``export qdpx`` belongs to the ``export`` command group.)"""

from __future__ import annotations

from pathlib import Path

from qda.errors import InvalidInput
from qda.project import Project
from qda.services.exchange import ExchangeService


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise InvalidInput(f"{path}: cannot read ({err.strerror or err})") from None


def cmd_import_qdpx(args) -> int:
    project = Project.open(args.project)
    report = project.exchange.import_qdpx(Path(args.file).name, _read(args.file), coder=args.coder)
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
    problems = ExchangeService.validate_qdpx(_read(args.file), args.schema)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print("valid" if args.schema else "valid (structural checks only: no --schema given)")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "import-qdpx", help="import a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA ..."
    )
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("file", metavar="FILE.qdpx")
    p.add_argument("--coder", help="coder for codings whose creator the file does not name")
    p.set_defaults(func=cmd_import_qdpx)

    p = sub.add_parser("validate-qdpx", help="check a .qdpx file and list every problem")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--schema", metavar="Project.xsd", help="the REFI-QDA schema to validate against"
    )
    p.set_defaults(func=cmd_validate_qdpx)
