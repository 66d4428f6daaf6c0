"""``citeqa train``: collect labelled candidates from the tuning splits, fit the answer scorer,
choose its thresholds and write the model file.

Tuning data only: the COVID-QA questions with even ids (over the 98 articles, in the same store
``citeqa bench covid-qa`` builds) and the evaluation set's dev split (over its corpus, in a store
of its own). Never the report splits (COVID-QA odd ids, the evaluation set's test split).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rag.answering.extractive import ExtractiveAnswerer
from rag.answering.features import FEATURES
from rag.answering.scorer import ScorerModel
from rag.assemble import make_engine, open_corpus
from rag.bench.corpus import bench_settings, build_index
from rag.bench.covid_qa import cleaned_texts
from rag.bench.datasets import is_report_split, load_covid_qa
from rag.embeddings import Embedder
from rag.errors import InputError
from rag.evaluation.calibration import expected_calibration_error, reliability
from rag.evaluation.dataset import load_eval_set
from rag.settings import Settings
from rag.training import DEFAULT_TARGET
from rag.training.examples import Example, from_covid_qa, from_eval
from rag.training.fit import calibrate, choose_thresholds, fit, matrix, outcome, precision

COMMAND = "citeqa train"


@dataclass(frozen=True)
class TrainingResult:
    """The fitted model and what it was fitted on."""

    model: ScorerModel
    examples: list[Example]


def neutral_scorer() -> ScorerModel:
    """A scorer with no weights: collecting features needs a model, not a trained one."""
    zeros = tuple(0.0 for _ in FEATURES)
    return ScorerModel(FEATURES, zeros, tuple(1.0 for _ in FEATURES), zeros, 0.0, 0.5, 0.5, 0.5)


def collect(
    settings: Settings, embedder: Embedder, *, covid_questions: int | None, progress: bool
) -> list[Example]:
    """Labelled examples from the evaluation set's dev split and COVID-QA's tuning split
    (the first ``covid_questions`` of it, when given)."""
    eval_set = load_eval_set(settings.evaluation.set_path)
    questions = eval_set.select("dev")
    if eval_set.corpus is None:
        raise InputError(f"{eval_set.path}: training needs a set that names its corpus")
    eval_settings = bench_settings(settings, "train-eval")
    corpus = open_corpus(eval_settings, embedder)
    report = corpus.ingest([eval_set.corpus], progress=progress, what=COMMAND)
    if report.errors:
        raise InputError(f"{eval_set.corpus}: {report.errors[0].error}")
    documents = {
        doc: d.text for q in questions for doc in q.gold_docs if (d := corpus.document(doc))
    }
    engine = make_engine(eval_settings, corpus=corpus, scorer=neutral_scorer())
    examples = from_eval(engine, questions, documents, progress=progress)

    articles, covid = load_covid_qa(settings.bench.data_dir / "covid-qa")
    tuning = [q for q in covid if not is_report_split(q.id)][:covid_questions]
    documents_in = ((doc, "", text) for doc, text in articles.items())
    index = build_index(settings, "covid-qa", documents_in, embedder, progress=progress)
    engine = make_engine(index.settings, corpus=index.corpus, scorer=neutral_scorer())
    cleaned = cleaned_texts(index.corpus, articles)
    return examples + from_covid_qa(engine, tuning, articles, cleaned, progress=progress)


def train(
    settings: Settings,
    embedder: Embedder,
    *,
    target: float = DEFAULT_TARGET,
    covid_questions: int | None = None,
    progress: bool = True,
) -> TrainingResult:
    """Fit the scorer on the tuning data and choose its thresholds for ``target`` answered
    precision on the dev split."""
    examples = collect(settings, embedder, covid_questions=covid_questions, progress=progress)
    model = fit(examples)
    model = replace(model, calibration=calibrate(examples, model))
    answerer = ExtractiveAnswerer(embedder, settings.answer, model)
    model = choose_thresholds(answerer, model, examples, target)
    outcomes = [outcome(answerer, e) for e in examples]
    x, y = matrix(examples)
    table = reliability([model.probability(row) for row in x], [bool(v) for v in y])
    about: dict[str, object] = {
        "what": "citeqa answer scorer: logistic regression over candidate-sentence features",
        "command": COMMAND,
        "trained_on": {
            "eval_dev_questions": sum(1 for e in examples if e.source == "eval"),
            "covid_qa_tuning_questions": sum(1 for e in examples if e.source == "covid-qa"),
            "candidates": int(len(y)),
            "positives": int(y.sum()),
        },
        "target_answered_precision": target,
        "candidate_calibration_error": round(expected_calibration_error(table), 4),
    }
    for source in ("eval", "covid-qa"):
        mine = [o for e, o in zip(examples, outcomes, strict=True) if e.source == source]
        about[f"{source}_answered_precision"] = round(precision(mine), 4)
        about[f"{source}_coverage"] = round(sum(o.answered for o in mine) / max(len(mine), 1), 4)
        answers = [(o.confidence, o.correct) for o in mine if o.confidence is not None]
        answer_table = reliability([p for p, _ in answers], [c for _, c in answers])
        about[f"{source}_answer_calibration_error"] = round(
            expected_calibration_error(answer_table), 4
        )
    return TrainingResult(replace(model, about=about), examples)


def write_model(model: ScorerModel, path: Path) -> None:
    """Write the model file (the committed one lives at ``rag/answering/scorer.json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model.to_json(), encoding="utf-8")
