-- jobs: the demo's training template for serving (issue 15 item 7, docs/adr/0033-stand-in-serving.md):
-- trains a scikit-learn classifier and uploads model.joblib, the artifact a model version is registered from
insert into run_templates (id, name, description, script, params) values (
'sklearn-training',
'Train a scikit-learn model',
'Trains a small scikit-learn classifier on the iris data set (shipped with scikit-learn) on one node, reports cross-validation and test metrics and its parameters, and uploads the fitted model as the artifact model.joblib (format sklearn) through the portal''s helper (federa.py), ready to be registered as a model version. Needs python3 with scikit-learn and joblib on the nodes (Debian: python3-sklearn python3-joblib) and curl.',
$script$#!/bin/bash
#SBATCH --job-name=sklearn-training
#SBATCH --cpus-per-task={{cpus}}
#SBATCH --time={{time_minutes}}
# Reports back to the portal with its stdlib-only helper: $FEDERA_URL/api/runs/helper/federa.py
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
curl -fsS "$FEDERA_URL/api/runs/helper/federa.py" -o federa.py
python3 - <<'PY'
import time

import joblib
import sklearn
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import cross_val_score, train_test_split

import federa

estimator = "{{estimator}}"
test_fraction = {{test_fraction}}
regularization = {{regularization}}
trees = {{trees}}
seed = {{seed}}
run = federa.Run()
run.log_params({"estimator": estimator, "test_fraction": test_fraction, "regularization": regularization,
                "trees": trees, "seed": seed, "dataset": "iris", "sklearn_version": sklearn.__version__})
run.set_tags({"framework": "sklearn", "model_format": "sklearn"})

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_fraction, random_state=seed, stratify=y)
if estimator == "random_forest":
    model = RandomForestClassifier(n_estimators=trees, random_state=seed)
else:
    model = LogisticRegression(C=1.0 / regularization, max_iter=1000)

for fold, score in enumerate(cross_val_score(model, X_train, y_train, cv=5), start=1):
    run.log_metric("cv_accuracy", float(score), fold)
    run.log("fold %d/5 accuracy=%.4f" % (fold, score))
started = time.time()
model.fit(X_train, y_train)
predicted = model.predict(X_test)
accuracy = accuracy_score(y_test, predicted)
f1 = f1_score(y_test, predicted, average="macro")
run.log_metric("accuracy", float(accuracy), 1)
run.log_metric("f1_macro", float(f1), 1)
run.log_metric("fit_seconds", time.time() - started, 1)
run.log("test accuracy=%.4f f1_macro=%.4f on %d held-out samples" % (accuracy, f1, len(y_test)))

joblib.dump(model, "model.joblib")
run.upload("model.joblib")
run.log("uploaded model.joblib (%s, %d features, classes %s)"
        % (type(model).__name__, model.n_features_in_, list(model.classes_)))
run.close()
PY
$script$,
$json$[
 {"name":"estimator","label":"Estimator","type":"CHOICE","defaultValue":"logistic_regression","min":null,"max":null,"required":true,"choices":["logistic_regression","random_forest"],"help":"Logistic regression or a random forest."},
 {"name":"regularization","label":"Regularization (logistic regression)","type":"FLOAT","defaultValue":"1.0","min":0.001,"max":1000.0,"required":true,"choices":[],"help":"Inverse of scikit-learn's C: larger is simpler."},
 {"name":"trees","label":"Trees (random forest)","type":"INT","defaultValue":"50","min":1.0,"max":2000.0,"required":true,"choices":[],"help":"Number of trees in the forest."},
 {"name":"test_fraction","label":"Held-out fraction","type":"FLOAT","defaultValue":"0.3","min":0.1,"max":0.5,"required":true,"choices":[],"help":"Share of the data kept back for the test metrics."},
 {"name":"seed","label":"Random seed","type":"INT","defaultValue":"42","min":0.0,"max":2147483647.0,"required":true,"choices":[],"help":"Same seed, same split and same model."},
 {"name":"cpus","label":"CPUs","type":"INT","defaultValue":"1","min":1.0,"max":256.0,"required":true,"choices":[],"help":"CPUs for the one task (the form's CPUs per task replace it)."},
 {"name":"time_minutes","label":"Time limit (minutes)","type":"INT","defaultValue":"10","min":1.0,"max":10080.0,"required":true,"choices":[],"help":"The job is stopped after this long."}
]$json$);
