"""scikit-learn reference for bench/train.ts: the same pipeline fitted on partisan/train.jsonl.

TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
  + LogisticRegression(class_weight='balanced', max_iter=1000)
Usage: python3 bench/train_sklearn.py [DATA_DIR]   (default: MODEL_MANAGER_DATA_DIR or ../shared/data)
Prints one JSON object: fit seconds (median of 3, and its split) and holdout metrics.
"""
import json
import os
import statistics
import sys
import time

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

RUNS = 3
POSITIVE = "red"


def load(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["text"] for r in rows], [r["label"] for r in rows]


def fit(texts, labels):
    """Fit vectorizer and classifier, timing each part."""
    t0 = time.perf_counter()
    vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
    x = vectorizer.fit_transform(texts)
    t1 = time.perf_counter()
    clf = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, labels)
    t2 = time.perf_counter()
    return vectorizer, clf, t1 - t0, t2 - t1


def main():
    default_dir = os.environ.get("MODEL_MANAGER_DATA_DIR", os.path.join(os.getcwd(), "..", "shared", "data"))
    data_dir = sys.argv[1] if len(sys.argv) > 1 else default_dir
    train_x, train_y = load(os.path.join(data_dir, "partisan", "train.jsonl"))
    test_x, test_y = load(os.path.join(data_dir, "partisan", "holdout.jsonl"))

    runs = [fit(train_x, train_y) for _ in range(RUNS)]
    totals = [v + l for _, _, v, l in runs]
    vectorizer, clf, _, _ = runs[0]
    proba = clf.predict_proba(vectorizer.transform(test_x))
    predicted = clf.classes_[proba.argmax(axis=1)]
    positive = list(clf.classes_).index(POSITIVE)
    print(json.dumps({
        "version": sklearn.__version__,
        "fit_s": statistics.median(totals),
        "fit_runs_s": totals,
        "vectorize_s": statistics.median(v for _, _, v, _ in runs),
        "lr_s": statistics.median(l for _, _, _, l in runs),
        "vocabulary": len(vectorizer.vocabulary_),
        "iterations": int(clf.n_iter_[0]),
        "accuracy": accuracy_score(test_y, predicted),
        "macro_f1": f1_score(test_y, predicted, average="macro"),
        "auc": roc_auc_score([y == POSITIVE for y in test_y], proba[:, positive]),
    }))


if __name__ == "__main__":
    main()
