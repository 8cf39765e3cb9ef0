"""Classifiers whose predict() is the class with the highest predict_proba score, so one call gives both the label and the scores."""

from __future__ import annotations

from typing import Any

import numpy as np

# predict() is the argmax of predict_proba, or of a score predict_proba is an increasing function of
# (the decision function through expit or softmax, a joint log-likelihood through exp): read from
# scikit-learn 1.9's sources. Exact classes only: a subclass may predict its own way. Not here: SVC
# (Platt scaling can disagree with its predict), the threshold classifiers, anything not read.
ARGMAX_CLASSIFIERS = frozenset(
    {
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.ensemble._forest.ExtraTreesClassifier",
        "sklearn.ensemble._forest.RandomForestClassifier",
        "sklearn.ensemble._gb.GradientBoostingClassifier",
        "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.linear_model._logistic.LogisticRegressionCV",
        "sklearn.naive_bayes.BernoulliNB",
        "sklearn.naive_bayes.CategoricalNB",
        "sklearn.naive_bayes.ComplementNB",
        "sklearn.naive_bayes.GaussianNB",
        "sklearn.naive_bayes.MultinomialNB",
        "sklearn.neighbors._classification.KNeighborsClassifier",
        "sklearn.neural_network._multilayer_perceptron.MLPClassifier",
        "sklearn.tree._classes.DecisionTreeClassifier",
        "sklearn.tree._classes.ExtraTreeClassifier",
    }
)


def final_estimator(model: Any) -> Any:
    """The estimator that answers for a Pipeline (its last step, through nested pipelines), else the model itself."""
    steps = getattr(model, "steps", None)
    while isinstance(steps, list) and steps:
        model = steps[-1][1]
        steps = getattr(model, "steps", None)
    return model


def label_is_best_score(model: Any) -> bool:
    """
    True when the model's predict() is the class of its highest predict_proba score.

    Example: label_is_best_score(make_pipeline(StandardScaler(), LogisticRegression())) is True; an SVC's is False.
    """
    kind = type(final_estimator(model))
    return f"{kind.__module__}.{kind.__qualname__}" in ARGMAX_CLASSIFIERS


def unique_best(scores: np.ndarray) -> bool:
    """
    Every row has one highest score. On a tie (or NaN) the argmax may not be predict()'s class: rounding
    can tie two scores whose decision values differ, never reorder them.
    """
    best = scores.max(axis=1, keepdims=True)
    return bool(((scores == best).sum(axis=1) == 1).all())
