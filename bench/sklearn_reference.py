"""scikit-learn beside the trainer, for bench/train.ts. Reads a JSON job on stdin:

{"data_dir", "mode": "time"}: the pipeline of train.ts's "scikit-learn's settings" row,
  TfidfVectorizer(sublinear_tf, ngram_range=(1, 2), min_df=2) + LogisticRegression(balanced),
  fitted on partisan/train.jsonl 3 times: fit seconds (median, and its split), holdout metrics.
{"data_dir", "mode": "tune", "folds", "grid"}: tuned like the trainer (train.ts --tune): TfidfVectorizer
  (sublinear_tf) with each ngram range and min_df, then LogisticRegression(balanced) for each C and
  MultinomialNB for each alpha (class prior from balanced sample weights, as the trainer does), scored
  by pooled out-of-fold macro-F1 over the given grouped folds of train.jsonl only; the winner refitted
  on all of train.jsonl, its holdout P(red).
Prints one JSON object.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.naive_bayes import MultinomialNB
from sklearn.utils.class_weight import compute_sample_weight


def load(data_dir, name):
    with open(os.path.join(data_dir, "partisan", name), encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["text"] for r in rows], np.array([r["label"] for r in rows])


def fit(make, x, y):
    clf = make()
    if isinstance(clf, MultinomialNB):
        return clf.fit(x, y, sample_weight=compute_sample_weight("balanced", y))
    return clf.fit(x, y)


def timed(train_x, train_y, test_x, test_y):
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        vectorizer = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2)
        x = vectorizer.fit_transform(train_x)
        t1 = time.perf_counter()
        clf = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, train_y)
        runs.append((vectorizer, clf, t1 - t0, time.perf_counter() - t1))
    vectorizer, clf, _, _ = runs[0]
    proba = clf.predict_proba(vectorizer.transform(test_x))[:, list(clf.classes_).index("red")]
    predicted = np.where(proba > 0.5, "red", "blue")
    return {
        "fit_s": statistics.median(v + l for _, _, v, l in runs),
        "vectorize_s": statistics.median(v for _, _, v, _ in runs),
        "lr_s": statistics.median(l for _, _, _, l in runs),
        "vocabulary": len(vectorizer.vocabulary_),
        "accuracy": accuracy_score(test_y, predicted),
        "macro_f1": f1_score(test_y, predicted, average="macro"),
        "auc": roc_auc_score(test_y == "red", proba),
    }


def tuned(train_x, train_y, test_x, folds, grid):
    started = time.perf_counter()
    classifiers = [({"algorithm": "logistic-regression", "C": c}, lambda c=c: LogisticRegression(C=c, class_weight="balanced", max_iter=1000)) for c in grid["C"]]
    classifiers += [({"algorithm": "naive-bayes", "alpha": a}, lambda a=a: MultinomialNB(alpha=a)) for a in grid["alpha"]]
    results = []
    for ngram in grid["ngramRange"]:
        for min_df in grid["minDf"]:
            vec_params = {"sublinear_tf": True, "ngram_range": tuple(ngram), "min_df": min_df}
            matrices = []
            for f in sorted(set(folds)):
                vec = TfidfVectorizer(**vec_params)
                matrices.append((f, vec.fit_transform([t for t, k in zip(train_x, folds) if k != f]), vec.transform([t for t, k in zip(train_x, folds) if k == f])))
            for params, make in classifiers:
                predicted = np.empty(len(train_y), dtype=object)
                for f, x_fit, x_out in matrices:
                    predicted[folds == f] = fit(make, x_fit, train_y[folds != f]).predict(x_out)
                score = f1_score(train_y, predicted.astype(str), average="macro")
                results.append((score, {"ngramRange": list(ngram), "minDf": min_df, **params}, vec_params, make))
    results.sort(key=lambda r: -r[0])
    score, best, vec_params, make = results[0]
    search_s = time.perf_counter() - started
    vec = TfidfVectorizer(**vec_params)
    clf = fit(make, vec.fit_transform(train_x), train_y)
    proba = clf.predict_proba(vec.transform(test_x))
    red = list(clf.classes_).index("red")
    return {"settings": len(results), "search_s": search_s, "cv_macro_f1": score, "best": best, "proba_red": proba[:, red].tolist()}


def main():
    job = json.load(sys.stdin)
    train_x, train_y = load(job["data_dir"], "train.jsonl")
    test_x, test_y = load(job["data_dir"], "holdout.jsonl")
    if job["mode"] == "time":
        out = timed(train_x, train_y, test_x, test_y)
    else:
        out = tuned(train_x, train_y, test_x, np.array(job["folds"]), job["grid"])
    print(json.dumps({"version": sklearn.__version__, **out}))


if __name__ == "__main__":
    main()
