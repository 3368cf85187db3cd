"""scikit-learn, tuned like the trainer, for bench/quality.ts.

Reads a JSON job on stdin: {"data_dir", "folds": [fold of each train.jsonl row], "grid": {...}}.
The same search as DEFAULT_TRAIN_PARAMS' (bench/train.ts --tune): TfidfVectorizer(sublinear_tf)
with each ngram range and min_df, then LogisticRegression(class_weight=balanced) for each C and
MultinomialNB for each alpha (class prior from balanced sample weights, as the trainer does),
scored by pooled out-of-fold macro-F1 over the given grouped folds of train.jsonl only. The
winner is refitted on all of train.jsonl; prints its holdout P(red) as JSON.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.naive_bayes import MultinomialNB
from sklearn.utils.class_weight import compute_sample_weight


def load(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [r["text"] for r in rows], np.array([r["label"] for r in rows])


def classifiers(grid):
    for c in grid["C"]:
        yield {"algorithm": "logistic-regression", "C": c}, lambda c=c: LogisticRegression(C=c, class_weight="balanced", max_iter=1000)
    for alpha in grid["alpha"]:
        yield {"algorithm": "naive-bayes", "alpha": alpha}, lambda alpha=alpha: MultinomialNB(alpha=alpha)


def fit(make, x, y):
    clf = make()
    if isinstance(clf, MultinomialNB):
        return clf.fit(x, y, sample_weight=compute_sample_weight("balanced", y))
    return clf.fit(x, y)


def main():
    job = json.load(sys.stdin)
    train_x, train_y = load(os.path.join(job["data_dir"], "partisan", "train.jsonl"))
    test_x, _ = load(os.path.join(job["data_dir"], "partisan", "holdout.jsonl"))
    folds = np.array(job["folds"])
    grid = job["grid"]
    started = time.perf_counter()
    results = []
    for ngram in grid["ngramRange"]:
        for min_df in grid["minDf"]:
            vec_params = {"sublinear_tf": True, "ngram_range": tuple(ngram), "min_df": min_df}
            matrices = []
            for f in sorted(set(folds)):
                vec = TfidfVectorizer(**vec_params)
                matrices.append((f, vec.fit_transform([t for t, k in zip(train_x, folds) if k != f]), vec.transform([t for t, k in zip(train_x, folds) if k == f])))
            for params, make in classifiers(grid):
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
    print(json.dumps({
        "version": sklearn.__version__,
        "settings": len(results),
        "search_s": search_s,
        "cv_macro_f1": score,
        "best": best,
        "top": [{"cv_macro_f1": s, **p} for s, p, _, _ in results[:5]],
        "proba_red": proba[:, red].tolist(),
    }))


if __name__ == "__main__":
    main()
