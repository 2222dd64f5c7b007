"""A model of how the researcher codes, learnt from their codings. Pure.

Every training example is a unit (turn, paragraph or sentence) with the set
of codes a person applied to it. Texts become TF-IDF vectors of words, word
pairs and letter runs (:class:`Features`); each code with enough examples gets its own linear classifier
(a linear support vector machine, one code against the rest). Its scores are
calibrated into probabilities by Platt scaling fitted on cross-validated
scores, and the same cross-validated scores give the code's precision,
recall and F1 (at probability 0.5), so the numbers shown are those of
passages the model did not see while learning.

A code with fewer than :data:`MIN_EXAMPLES` coded units (or too few uncoded
ones) is not modelled; its :class:`CodeMetrics` say why. Every prediction
carries the words that pushed its score up most: the model is a weighted
word list, and the researcher can read it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

# Above this many passages the SVM is fitted by stochastic gradient descent:
# the same kind of model, fitted in a second where the exact solver takes
# tens (100,000 passages).
LARGE = 5_000
# Letter runs help most when there are few examples and cost most when there
# are many (about ten times the feature values of words): small projects only.
LETTERS = 2_000
MIN_EXAMPLES = 6  # coded units a code needs before it is modelled
MIN_NEGATIVES = 6  # units without the code it needs too
FOLDS = 3
REASON_WORDS = 5
WORD_PATTERN = r"(?u)\b[^\W\d_][\w'-]*\w\b"

Progress = Callable[[float, str], None] | None


@dataclass(frozen=True)
class CodeMetrics:
    code: str
    examples: int  # units coded with it
    trained: bool
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Prediction:
    index: int  # position in the texts given
    code: str
    score: float  # calibrated probability, 0..1
    reason: tuple[str, ...]  # the words that drove the score, strongest first

    @property
    def uncertainty(self) -> float:
        """1 at probability 0.5, 0 at 0 or 1: how unsure the model is."""
        return 1 - abs(self.score - 0.5) * 2


@dataclass
class Model:
    vectoriser: object
    codes: list[str]  # the modelled codes, in the order of the rows below
    weights: object  # (features x codes) array
    bias: object  # (codes,) array
    platt: object  # (codes, 2): probability = 1 / (1 + exp(-(a * score + b)))
    metrics: list[CodeMetrics] = field(default_factory=list)
    examples: int = 0
    _names: object = field(default=None, repr=False)

    @property
    def names(self):
        """The vocabulary, by feature index (read once)."""
        if self._names is None:
            self._names = self.vectoriser.get_feature_names_out()
        return self._names

    def scores(self, texts: Sequence[str]):
        """(texts x codes) calibrated probabilities, and the TF-IDF matrix."""
        import numpy as np

        x = self.vectoriser.transform(texts)
        raw = x @ self.weights + self.bias
        z = raw * self.platt[:, 0] + self.platt[:, 1]
        return 1 / (1 + np.exp(-np.asarray(z))), x

    def predict(
        self,
        texts: Sequence[str],
        threshold: float = 0.5,
        top: int | None = None,
        exclude: Collection[tuple[int, str]] = (),
    ) -> list[Prediction]:
        """Predictions scoring at least ``threshold``, best first (ties by text
        then code order), at most ``top``; ``exclude`` holds ``(index, code)``
        pairs not to offer (already coded, or rejected)."""
        import numpy as np

        if not self.codes or not texts:
            return []
        probs, x = self.scores(texts)
        rows, cols = np.nonzero(probs >= threshold)
        skip = set(exclude)
        found = [
            (float(probs[r, c]), int(r), int(c))
            for r, c in zip(rows, cols, strict=True)
            if (int(r), self.codes[c]) not in skip
        ]
        found.sort(key=lambda t: (-t[0], t[1], t[2]))
        if top is not None:
            found = found[:top]
        return [
            Prediction(r, self.codes[c], round(p, 4), self.reason(x, r, c)) for p, r, c in found
        ]

    def ranked(self, texts: Sequence[str], exclude: Collection[tuple[int, str]] = ()):
        """Every (text, code) pair with its probability, no threshold: for
        :func:`most_uncertain`."""
        return self.predict(texts, threshold=0.0, exclude=exclude)

    def uncertain(
        self, texts: Sequence[str], top: int = 20, exclude: Collection[tuple[int, str]] = ()
    ) -> list[Prediction]:
        """The ``top`` (text, code) pairs the model is least sure of (closest
        to 0.5) first, ties by text then code: what teaches it most."""
        import numpy as np

        if not self.codes or not texts:
            return []
        probs, x = self.scores(texts)
        doubt = -np.abs(probs - 0.5)
        skip = set(exclude)
        for r, c in skip:
            if 0 <= r < len(texts) and c in self.codes:
                doubt[r, self.codes.index(c)] = -np.inf
        flat = np.argsort(-doubt, axis=None, kind="stable")[: top + len(skip)]
        out = []
        for f in flat:
            r, c = divmod(int(f), len(self.codes))
            if np.isinf(doubt[r, c]) or len(out) >= top:
                continue
            out.append(
                Prediction(r, self.codes[c], round(float(probs[r, c]), 4), self.reason(x, r, c))
            )
        return out

    def reason(self, x, row: int, col: int) -> tuple[str, ...]:
        import numpy as np

        vec = x[row]
        words = vec.indices < len(self.names)  # the reasons are words, not letter runs
        indices, data = vec.indices[words], vec.data[words]
        if len(indices) == 0:
            return ()
        contrib = data * np.asarray(self.weights[indices, col]).ravel()
        order = np.argsort(-contrib, kind="stable")
        names = self.names
        return tuple(str(names[indices[j]]) for j in order[:REASON_WORDS] if contrib[j] > 0)

    def metrics_for(self, code: str) -> CodeMetrics | None:
        return next((m for m in self.metrics if m.code == code), None)


def most_uncertain(predictions: Sequence[Prediction], top: int | None = None) -> list[Prediction]:
    """The predictions the model is least sure of first (closest to 0.5), for
    a researcher who wants to teach it; ties keep the order given."""
    ordered = sorted(predictions, key=lambda p: -p.uncertainty)
    return ordered if top is None else ordered[:top]


class Features:
    """TF-IDF of words and (up to :data:`LARGE` passages) word pairs, which the
    reasons name, joined for up to :data:`LETTERS` passages with TF-IDF of character 3- to 5-grams inside
    words (which let "isolated" learn from "isolation"); each part
    L2-normalised, weighted equally."""

    def __init__(self, letters: bool = True, pairs: bool = True):
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.words = TfidfVectorizer(
            lowercase=True,
            token_pattern=WORD_PATTERN,
            stop_words="english",
            ngram_range=(1, 2 if pairs else 1),
            max_df=0.5,
            max_features=100_000,
            sublinear_tf=True,
            dtype=np.float32,
        )
        self.chars = None
        if letters:
            self.chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                min_df=2,
                max_df=0.5,
                max_features=100_000,
                sublinear_tf=True,
                dtype=np.float32,
            )
        self.n_words = 0

    def _join(self, w, c):
        from scipy.sparse import hstack

        return (hstack([w, c], format="csr") * 0.7071).astype("float32")

    def fit_transform(self, texts):
        w = self.words.fit_transform(texts)
        self.n_words = w.shape[1]
        if self.chars is None:
            return w.tocsr()
        try:
            c = self.chars.fit_transform(texts)
        except ValueError:  # too few texts for min_df: words alone
            self.chars = None
            return w.tocsr()
        return self._join(w, c)

    def transform(self, texts):
        w = self.words.transform(texts)
        if self.chars is None:
            return w.tocsr()
        return self._join(w, self.chars.transform(texts))

    def get_feature_names_out(self):
        return self.words.get_feature_names_out()


def _svm(n: int, seed: int = 0):
    """A linear SVM weighting both classes equally; above :data:`LARGE`
    passages fitted by stochastic gradient descent."""
    if n > LARGE:
        from sklearn.linear_model import SGDClassifier

        return SGDClassifier(
            loss="hinge", alpha=1e-5, class_weight="balanced", max_iter=5, tol=None,
            random_state=seed,
        )  # fmt: skip
    from sklearn.svm import LinearSVC

    return LinearSVC(C=0.5, class_weight="balanced", max_iter=2000)


def _fit(model, x, y):
    """Fit, without the warning that a fixed number of passes ended before
    full convergence (5 passes over 5,000+ passages are plenty here)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(x, y)


def _decisions(y, folds, n: int):
    """Out-of-fold decision values of the code's classifier, and the fold
    models' (weights, bias) pairs; ``folds`` holds ``(train rows, test rows,
    x[train], x[test])``, cut once for every code."""
    import numpy as np

    out = np.zeros(len(y))
    fitted = []
    for train, test, x_train, x_test in folds:
        yt = y[train]
        if yt.min() == yt.max():  # a fold without both kinds: no opinion
            out[test] = 1.0 if yt[0] else -1.0
            continue
        model = _fit(_svm(n), x_train, yt)
        out[test] = model.decision_function(x_test)
        fitted.append((model.coef_[0], float(model.intercept_[0])))
    return out, fitted


def _platt(decision, y) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=100.0).fit(decision.reshape(-1, 1), y)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def _prf(predicted, y) -> tuple[float, float, float]:
    tp = int((predicted & y).sum())
    fp = int((predicted & ~y).sum())
    fn = int((~predicted & y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def train(
    texts: Sequence[str],
    labels: Sequence[Collection[str]],
    codes: Sequence[str] | None = None,
    progress: Progress = None,
    seed: int = 0,
) -> Model:
    """Learn one classifier per code in ``codes`` (default: every code in
    ``labels``, sorted) that has enough examples. ``labels[i]`` is the set of
    codes applied to ``texts[i]``."""
    import numpy as np
    from sklearn.model_selection import KFold

    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    wanted = sorted({c for ls in labels for c in ls}) if codes is None else list(codes)
    tell = progress or (lambda fraction, message: None)
    tell(0.0, f"reading {len(texts)} passages")
    vectoriser = Features(letters=len(texts) <= LETTERS, pairs=len(texts) <= LARGE)
    try:
        x = vectoriser.fit_transform(texts).tocsr()
    except ValueError:  # no words at all
        x = None
    folds = []
    if x is not None and len(texts) >= FOLDS:
        splits = KFold(FOLDS, shuffle=True, random_state=seed).split(np.zeros(len(texts)))
        folds = [(a, b, x[a], x[b]) for a, b in splits]
    metrics: list[CodeMetrics] = []
    modelled: list[str] = []
    weights: list = []
    bias: list[float] = []
    platt: list[tuple[float, float]] = []
    for n, code in enumerate(wanted):
        y = np.fromiter((code in ls for ls in labels), dtype=bool, count=len(labels))
        positives = int(y.sum())
        negatives = len(y) - positives
        if positives < MIN_EXAMPLES:
            note = f"needs at least {MIN_EXAMPLES} coded passages (has {positives})"
        elif negatives < MIN_NEGATIVES:
            note = f"needs at least {MIN_NEGATIVES} passages without it (has {negatives})"
        elif x is None or x.shape[1] == 0:
            note = "the passages have no words to learn from"
        else:
            note = ""
        if note:
            metrics.append(CodeMetrics(code, positives, False, note=note))
            continue
        tell(n / max(1, len(wanted)), f"learning {code}")
        decision, fitted = _decisions(y, folds, len(texts))
        a, b = _platt(decision, y)
        predicted = 1 / (1 + np.exp(-(a * decision + b))) >= 0.5
        precision, recall, f1 = _prf(predicted, y)
        if len(texts) > LARGE and len(fitted) == len(folds):
            # many passages: the fold models, averaged, are the model (each saw
            # two thirds of them), which saves fitting a fourth time
            coef = np.mean([w for w, _ in fitted], axis=0)
            intercept = float(np.mean([c for _, c in fitted]))
        else:
            final = _fit(_svm(len(texts)), x, y)
            coef, intercept = final.coef_[0], float(final.intercept_[0])
        modelled.append(code)
        weights.append(np.asarray(coef, dtype=np.float32))
        bias.append(intercept)
        platt.append((a, b))
        metrics.append(CodeMetrics(code, positives, True, precision, recall, f1))
    tell(1.0, f"learnt {len(modelled)} of {len(wanted)} codes")
    n_features = 0 if x is None else x.shape[1]
    return Model(
        vectoriser=vectoriser,
        codes=modelled,
        weights=np.column_stack(weights) if weights else np.zeros((n_features, 0), np.float32),
        bias=np.array(bias, dtype=np.float32),
        platt=np.array(platt, dtype=np.float64).reshape(-1, 2),
        metrics=metrics,
        examples=len(texts),
    )
