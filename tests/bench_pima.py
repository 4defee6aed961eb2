"""`make bench`: the course's numpy MLP against scikit-learn's MLPClassifier on the Pima data.

Both train the same network (8 inputs, 8 sigmoid hidden units, 1 sigmoid output) with full-batch
Adam at the same learning rate and early stopping on a fifth of the training rows (the same rows
for the course's MLP; scikit-learn draws its own fifth), on the same repeated stratified 75/25
splits, preprocessed alike (zeros imputed with training means, z-scores
fitted on the training rows). It prints test accuracy (mean ± std) and the median fit time of
each, and their ratio. A report, not a test: times are noisy, so nothing here passes or fails.
"""

import statistics
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from course.data import load_pima
from grading_tools.assignments.pima_diabetes.reference import (
    accuracy,
    impute_zeros,
    stratified_split,
    train_classifier,
)
from grading_tools.assignments.sigmoid_networks.reference import forward, zscore

SPLITS = 10
LEARNING_RATE = 0.01
PATIENCE = 50
MAX_EPOCHS = 2000
MISSING = [1, 2, 3, 4, 5]  # Glucose, BloodPressure, SkinThickness, Insulin, BMI: 0 means missing


def prepared_split(X, y, seed):
    """Train / validation / test arrays of one stratified split, preprocessed on training rows."""
    rng = np.random.default_rng(seed)
    train, test = stratified_split(y, 0.25, rng)
    fit, val = stratified_split(y[train], 0.2, rng)
    fit, val = train[fit], train[val]
    X_fit, X_rest = impute_zeros(X[fit], X[np.concatenate([val, test])], MISSING)
    X_fit, mean, std = zscore(X_fit)
    X_rest = zscore(X_rest, mean, std)[0]
    return (X_fit, y[fit]), (X_rest[: len(val)], y[val]), (X_rest[len(val) :], y[test])


def ours(fit, val, seed):
    (X, y), (X_val, y_val) = fit, val
    params, _ = train_classifier(
        X,
        y[:, None].astype(float),
        [8, 8, 1],
        np.random.default_rng(seed),
        lr=LEARNING_RATE,
        max_epochs=MAX_EPOCHS,
        X_val=X_val,
        Y_val=y_val[:, None].astype(float),
        patience=PATIENCE,
    )
    return lambda X_test: (forward(X_test, params)[0][:, 0] >= 0.5).astype(int)


def scikit_learn(fit, val, seed):
    (X, y), (X_val, y_val) = fit, val
    model = MLPClassifier(
        hidden_layer_sizes=(8,),
        activation="logistic",
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=len(X),
        max_iter=MAX_EPOCHS,
        early_stopping=True,
        n_iter_no_change=PATIENCE,
        validation_fraction=len(X_val) / (len(X) + len(X_val)),
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # "converged" is part of the comparison
        model.fit(np.vstack([X, X_val]), np.concatenate([y, y_val]))
    return model.predict


def measure(train, splits):
    accuracies, seconds = [], []
    for seed, (fit, val, (X_test, y_test)) in enumerate(splits):
        start = time.perf_counter()
        predict = train(fit, val, seed)
        seconds.append(time.perf_counter() - start)
        accuracies.append(accuracy(y_test, predict(X_test)))
    return np.array(accuracies), statistics.median(seconds)


def main():
    X, y, _ = load_pima()
    splits = [prepared_split(X, y, seed) for seed in range(SPLITS)]
    rows = {
        "numpy MLP (course)": measure(ours, splits),
        "scikit-learn MLPClassifier": measure(scikit_learn, splits),
    }
    print(
        f"Pima Indians diabetes, 8-8-1 sigmoid MLP, Adam lr={LEARNING_RATE}, early stopping "
        f"(patience {PATIENCE}), {SPLITS} stratified 75/25 splits\n"
    )
    print(f"{'model':<30}{'test accuracy':>20}{'median fit time':>18}")
    for name, (acc, median) in rows.items():
        print(
            f"{name:<30}{f'{100 * acc.mean():.1f} ± {100 * acc.std():.1f} %':>20}"
            f"{f'{1000 * median:.0f} ms':>18}"
        )
    (ours_acc, ours_time), (sk_acc, sk_time) = rows.values()
    print(
        f"\ntime ratio (course / scikit-learn): {ours_time / sk_time:.2f}"
        f"   accuracy difference: {100 * (ours_acc.mean() - sk_acc.mean()):+.1f} points"
    )


if __name__ == "__main__":
    main()
