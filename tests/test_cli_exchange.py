"""The exchange commands: import-qdpx and validate-qdpx, end to end."""

from __future__ import annotations

import io
import zipfile

from qda.cli import main
from tests.conftest import ROOT, shared_file

CODE = "11111111-1111-4111-8111-111111111111"
NOWHERE = "77777777-7777-4777-8777-777777777777"
BROKEN = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="broken">
<CodeBook><Codes><Code guid="{CODE}" name="A" isCodable="true"/>
<Code guid="{CODE}" name="B" isCodable="maybe"/></Codes></CodeBook>
<Sources><TextSource guid="{NOWHERE}" name="t" plainTextPath="internal://gone.txt">
<Coding guid="22222222-2222-4222-8222-222222222222"><CodeRef targetGUID="{NOWHERE}"/></Coding>
</TextSource></Sources></Project>
"""


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_qdpx_prints_counts_and_warnings(tmp_path, capsys):
    project = tmp_path / "p.sqlite"
    assert run(capsys, "init", project)[0] == 0
    qc = shared_file("refi-qda", "qc-demo-project.qdpx")
    code, out, err = run(capsys, "import-qdpx", project, qc)
    assert (code, err) == (0, "")
    assert out == (
        "imported qc-demo-project.qdpx (qc 1.3.2): 262 codes, 2 sources, 158 selections, "
        "205 codings, 0 cases, 0 notes\n"
    )
    nvivo = shared_file("refi-qda", "nvivo-mac15-project.qdpx")
    code, out, err = run(capsys, "import-qdpx", tmp_path / "p.sqlite", nvivo)
    assert code == 1 and out == ""
    assert err == (
        "error: nvivo-mac15-project.qdpx: 262 code GUID(s) are already in this project "
        "(e.g. 'rq1_definition'); import it into a new project\n"
    )
    fresh = tmp_path / "n.sqlite"
    run(capsys, "init", fresh)
    code, out, _ = run(capsys, "import-qdpx", fresh, nvivo)
    assert code == 0
    assert out.splitlines()[1:] == [
        "warning: source '66653866-6334-3535-3435-366637306566': skipped, its plain text is empty",
        "warning: source '33663939-3636-3632-3038-613431643463': skipped, its plain text is empty",
    ]


def test_validate_qdpx_lists_every_problem(tmp_path, capsys):
    path = tmp_path / "broken.qdpx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("project.qde", BROKEN)
    path.write_bytes(buf.getvalue())
    code, out, _ = run(capsys, "validate-qdpx", path)
    assert code == 1
    assert out.splitlines() == [
        f"project.qde line 4: duplicate GUID {CODE} (Code; first used by Code on line 3)",
        f"project.qde line 6: CodeRef points to no Code (GUID {NOWHERE})",
        "project.qde line 5: TextSource plainTextPath: sources/gone.txt is missing "
        "from the .qdpx file",
    ]
    schema = shared_file("refi-qda", "Project.xsd")
    code, out, _ = run(capsys, "validate-qdpx", path, "--schema", schema)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 4
    assert lines[0].startswith("project.qde line 4: schema: ") and "isCodable" in lines[0]


def test_validate_qdpx_valid_files_and_bad_arguments(tmp_path, capsys):
    qc = shared_file("refi-qda", "qc-demo-project.qdpx")
    schema = shared_file("refi-qda", "Project.xsd")
    assert run(capsys, "validate-qdpx", qc, "--schema", schema) == (0, "valid\n", "")
    assert run(capsys, "validate-qdpx", qc) == (
        0,
        "valid (structural checks only: no --schema given)\n",
        "",
    )
    missing = tmp_path / "none.xsd"
    assert run(capsys, "validate-qdpx", qc, "--schema", missing) == (
        1,
        "",
        f"error: {missing}: no such schema file\n",
    )
    code, out, err = run(capsys, "validate-qdpx", tmp_path / "nothing.qdpx")
    assert code == 1 and err.startswith(f"error: {tmp_path / 'nothing.qdpx'}: cannot read")


def test_readme_lists_the_exchange_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = readme
    assert "`python -m qda import-qdpx PROJECT FILE.qdpx" in rows
    assert "`python -m qda validate-qdpx FILE [--schema Project.xsd]`" in rows
