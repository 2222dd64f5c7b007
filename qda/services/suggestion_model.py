"""The suggestions service's model: training it (in the background too),
its per-code metrics, and its suggestions for a document, a text, or the
passages it is least sure of. Mixed into ``SuggestionsService``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from qda.errors import InvalidInput
from qda.services.base import Progress, tell
from qda.storage import documents as docs_q
from qda.storage import suggestions as sug_q
from qda.storage.changelog import now

# Trained models, per project location: the model is rebuilt on demand, never
# stored (a pickle in the project file would be code run on opening it).
_MODELS: dict[str, dict] = {}
_JOBS: dict[str, TrainingJob] = {}
_LOCK = threading.Lock()


@dataclass
class TrainingJob:
    """A model being trained in a background thread: poll ``fraction``,
    ``message`` and ``done``; ``metrics`` or ``error`` when it is over."""

    unit: str
    fraction: float = 0.0
    message: str = "starting"
    done: bool = False
    error: str | None = None
    metrics: list[dict] = field(default_factory=list)
    thread: threading.Thread | None = field(default=None, repr=False)

    def report(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message


class SuggestionModel:
    """The model part of :class:`qda.services.suggestions.SuggestionsService`."""

    # -- the model ---------------------------------------------------------------------------
    def _training_data(self, unit: str):
        """Units of documents someone has coded, the codes on each, the codable
        codes and their paths."""
        with self._read() as conn:
            paths = self._paths(conn)
            codable = [r["guid"] for r in sug_q.code_rows(conn) if r["codable"]]
            units = self._units(conn, unit)
            codings = sug_q.human_codings(conn)
        coded = self._coded_codes(units, codings)
        seen = {c["document_id"] for c in codings}
        keep = [i for i, u in enumerate(units) if u["document_id"] in seen]
        return [units[i]["text"] for i in keep], [coded[i] for i in keep], codable, paths

    @staticmethod
    def _metric_rows(model, paths: dict[str, str]) -> list[dict]:
        return [
            {
                "code": m.code,
                "path": paths.get(m.code, m.code),
                "examples": m.examples,
                "trained": m.trained,
                "precision": m.precision,
                "recall": m.recall,
                "f1": m.f1,
                "note": m.note,
            }
            for m in model.metrics
        ]

    def train(self, unit: str | None = None, progress: Progress = None) -> list[dict]:
        """Learn the model from the project's codings at ``unit``; returns per
        code its examples and cross-validated precision, recall and F1 (or
        the reason it is not modelled)."""
        from coding.classifier import train

        unit = self._unit(unit)
        revision = self._project.revision
        tell(progress, 0.0, "reading the codings")
        texts, labels, codable, paths = self._training_data(unit)
        model = train(texts, labels, codes=codable, progress=progress)
        with _LOCK:
            _MODELS[self._project.url] = {
                "unit": unit,
                "model": model,
                "revision": revision,
                "trained_at": now(),
            }
        return self._metric_rows(model, paths)

    def model_info(self) -> dict | None:
        """The trained model's unit, the revision it was trained at and its metrics."""
        held = _MODELS.get(self._project.url)
        if held is None:
            return None
        with self._read() as conn:
            paths = self._paths(conn)
        return {
            "unit": held["unit"],
            "revision": held["revision"],
            "trained_at": held["trained_at"],
            "examples": held["model"].examples,
            "metrics": self._metric_rows(held["model"], paths),
        }

    def _model(self, unit: str):
        held = _MODELS.get(self._project.url)
        if held is None or held["unit"] != unit:
            self.train(unit)
            held = _MODELS[self._project.url]
        return held["model"]

    def start_training(self, unit: str | None = None) -> TrainingJob:
        """Train in a background thread (one at a time per project); poll the job."""
        unit = self._unit(unit)
        with _LOCK:
            job = _JOBS.get(self._project.url)
            if job is not None and not job.done:
                return job
            job = TrainingJob(unit)
            _JOBS[self._project.url] = job

        def run() -> None:
            try:
                job.metrics = self.train(unit, progress=job.report)
            except Exception as err:  # shown on the page, never lost in a thread
                job.error = str(err) or type(err).__name__
            finally:
                job.done = True
                job.fraction = 1.0

        job.thread = threading.Thread(target=run, name="qda-train", daemon=True)
        job.thread.start()
        return job

    def training_job(self) -> TrainingJob | None:
        return _JOBS.get(self._project.url)

    def _text_units(self, text: str, unit: str) -> list[dict]:
        from corpus.segment import get_nlp, segment_text
        from corpus.speakers import detect_turns

        segments = segment_text(text, detect_turns(text), get_nlp(self.settings.get("spacy_model")))
        for kind in (unit, "paragraph"):
            chosen = [s for s in segments if s.kind == kind]
            if chosen:
                break
        else:
            chosen = []
        spans = [(s.start, s.end, s.speaker) for s in chosen] or [(0, len(text), None)]
        return [
            {
                "guid": None,
                "document_id": None,
                "document": None,
                "document_name": None,
                "start": a,
                "end": b,
                "speaker": who,
                "participant": None,
                "organisation": None,
                "text": text[a:b],
            }
            for a, b, who in spans
        ]

    def suggest(
        self,
        document: str | None = None,
        text: str | None = None,
        unit: str | None = None,
        top: int | None = None,
        threshold: float = 0.5,
    ) -> list[dict]:
        """Model suggestions for a document's units (not those already coded
        with the code, nor rejected ones) or for a ``text``, best first."""
        if (document is None) == (text is None):
            raise InvalidInput("give a document or a text")
        unit = self._unit(unit)
        model = self._model(unit)
        with self._read() as conn:
            paths = self._paths(conn)
            if document is not None:
                doc_id = docs_q.require_document(conn, document)["id"]
                units = sug_q.units(conn, unit, [doc_id])
                codings = sug_q.human_codings(conn, [doc_id])
                skip = self._skip(conn)
        if document is None:
            units, exclude = self._text_units(text, unit), set()
        else:
            exclude = self._excluded(units, codings, skip, model.codes)
        found = model.predict([u["text"] for u in units], threshold, top, exclude)
        return [
            self._suggestion("model", units[p.index], p.code, paths, p.score, p.reason)
            for p in found
        ]

    def teach(self, unit: str | None = None, top: int = 20, documents=None) -> list[dict]:
        """Model suggestions the model is least sure of (closest to 0.5) first,
        for the researcher to accept or reject, among units not coded with the
        code and not rejected."""
        unit = self._unit(unit)
        model = self._model(unit)
        with self._read() as conn:
            paths = self._paths(conn)
            units = self._units(conn, unit, documents)
            codings = sug_q.human_codings(conn)
            skip = self._skip(conn)
        exclude = self._excluded(units, codings, skip, model.codes)
        found = model.uncertain([u["text"] for u in units], top, exclude)
        return [
            self._suggestion("model", units[p.index], p.code, paths, p.score, p.reason)
            for p in found
        ]
