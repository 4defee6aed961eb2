"""The mistakes students make in pima_diabetes, written once as patches of the reference
(grading_tools.judge.mistakes): the hidden checks name them, the mutant catalogue proves
them caught, and bugsy makes the one marked `demo`."""

from ...judge.mistakes import Mistake
from ..sigmoid_networks.reference import sigmoid_prime
from . import reference as ref

FILL = "fill = X_train[X_train[:, j] != 0, j].mean()"
FILL_OTHER = "        X_other[X_other[:, j] == 0, j] = fill\n"
AS_FLOATS = "np.array(X_train, dtype=float), np.array(X_other, dtype=float)"
TEST_SIZE = "round(test_fraction * len(members))"
STRATA = """    test = []
    for label in np.unique(y):                       # classes in increasing order
        members = rng.permutation(np.flatnonzero(y == label))
        test.append(members[:round(test_fraction * len(members))])
    test_idx = np.sort(np.concatenate(test))
"""
SPLIT_TAIL = """        test.append(members[:round(test_fraction * len(members))])
    test_idx = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test_idx), test_idx"""
TERMS = "Y * np.log(P) + (1 - Y) * np.log(1 - P)"
MATCHES = "np.asarray(y_true) == np.asarray(y_pred)"
COUNTS = "np.bincount(cells.ravel(), minlength=4)"
STEPS = ("adam_update(W, dW, m[0], v[0], t, lr)", "adam_update(b, db, m[1], v[1], t, lr)")
VAL_COST = "val_cost = binary_cross_entropy(forward(X_val, params)[0], Y_val)"
PAIR_SCORE = "above + 0.5 * tied"
AUC_BODY = """    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    positives, negatives = scores[y_true == 1], scores[y_true == 0]
    above = positives[:, None] > negatives[None, :]
    tied = positives[:, None] == negatives[None, :]
    return float(np.mean(above + 0.5 * tied))
"""
SORTED = """    y_true, scores = np.asarray(y_true, dtype=float), np.asarray(scores, dtype=float)
    order = np.argsort(-scores, kind="stable")
    y, s = y_true[order], scores[order]
"""
TRAPEZOID = "float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))"
MISTAKES = (
    Mistake(
        ref.impute_zeros,
        FILL,
        "fill = X_train[:, j].mean()",
        "the mean includes the zeros",
        says="the mean must leave the zeros out: average only the non-zero training values",
    ),
    Mistake(
        ref.impute_zeros,
        FILL_OTHER,
        "        own = X_other[:, j] != 0\n"
        "        X_other[~own, j] = X_other[own, j].mean() if own.any() else 0.0\n",
        "the other split is filled with its own mean",
        says="the other split must be filled with the TRAINING mean (fitted on training data "
        "only), not with its own",
    ),
    Mistake(
        ref.impute_zeros,
        f"    X_train, X_other = {AS_FLOATS}\n",
        "",
        "modifies its inputs in place",
    ),
    Mistake(
        ref.impute_zeros,
        "for j in columns:",
        "for j in range(X_train.shape[1]):",
        "imputes every column, not only the listed ones",
        says="only the listed columns are imputed: a zero elsewhere (e.g. Pregnancies) is a "
        "real value",
    ),
    Mistake(
        ref.impute_zeros,
        AS_FLOATS,
        "X_train.copy(), X_other.copy()",
        ".copy() keeps integer arrays integer: the mean is truncated",
        says="integer inputs: the mean was truncated when written into an integer array; "
        "convert to float first (np.array(X, dtype=float))",
    ),
    Mistake(ref.impute_zeros, FILL_OTHER, "", "fills the training split only"),
    Mistake(
        ref.impute_zeros,
        FILL,
        "fill = np.median(X_train[X_train[:, j] != 0, j])",
        "the median instead of the mean",
        says="the median is not the mean",
    ),
    Mistake(
        ref.stratified_split,
        STRATA,
        "    order = rng.permutation(len(y))\n"
        "    test_idx = np.sort(order[:round(test_fraction * len(y))])\n",
        "not stratified: one permutation of all samples",
        says="the split is not stratified: permute each class separately",
    ),
    Mistake(
        ref.stratified_split,
        ("test = []", SPLIT_TAIL),
        (
            "test, train = [], []",
            f"        k = {TEST_SIZE}\n        test.append(members[:k])\n"
            "        train.append(members[k:])\n"
            "    return np.concatenate(train), np.concatenate(test)",
        ),
        "unsorted index arrays",
        says="both index arrays must be sorted (np.sort)",
    ),
    Mistake(
        ref.stratified_split,
        TEST_SIZE,
        "int(np.floor(test_fraction * len(members)))",
        "np.floor instead of round",
        says="np.floor (or int) truncates: the contract rounds, round(test_fraction * n_class)",
    ),
    Mistake(
        ref.stratified_split,
        TEST_SIZE,
        "int(np.ceil(test_fraction * len(members)))",
        "np.ceil instead of round",
        says="np.ceil rounds up: the contract rounds, round(test_fraction * n_class)",
    ),
    Mistake(
        ref.stratified_split,
        "np.unique(y):",
        "np.unique(y)[::-1]:",
        "classes in decreasing order",
        says="the classes must be visited in increasing order (np.unique sorts them): the "
        "order decides which permutation each class gets from rng",
    ),
    Mistake(
        ref.stratified_split,
        "np.unique(y):",
        "y[np.sort(np.unique(y, return_index=True)[1])]:",
        "classes in order of first appearance",
        says="classes visited in order of first appearance; the contract visits them in "
        "increasing order (np.unique)",
    ),
    Mistake(
        ref.stratified_split,
        "return np.setdiff1d(np.arange(len(y)), test_idx), test_idx",
        "return test_idx, np.setdiff1d(np.arange(len(y)), test_idx)",
        "returns (test, train)",
    ),
    Mistake(
        ref.stratified_split,
        f"members[:{TEST_SIZE}]",
        f"members[len(members) - {TEST_SIZE}:]",
        "the last members of each permutation go to test",
    ),
    Mistake(
        ref.stratified_split,
        ("rng.permutation(np.flatnonzero(y == label))", f"members[:{TEST_SIZE}]"),
        ("np.flatnonzero(y == label)", f"rng.choice(members, size={TEST_SIZE}, replace=False)"),
        "rng.choice without replacement instead of a permutation",
    ),
    Mistake(
        ref.binary_cross_entropy,
        "    P = np.clip(P, 1e-12, 1 - 1e-12)\n",
        "",
        "no clipping: log(0)",
        says="P must be clipped to [1e-12, 1 - 1e-12] before the logs (np.clip): log(0) is "
        "-inf, and 0 * log(0) is NaN",
    ),
    Mistake(
        ref.binary_cross_entropy,
        "-np.mean(",
        "-np.sum(",
        "a sum instead of a mean",
        says="a sum instead of a mean over the samples",
    ),
    Mistake(
        ref.binary_cross_entropy,
        TERMS,
        "Y * np.log(1 - P) + (1 - Y) * np.log(P)",
        "log(P) and log(1 - P) swapped",
        says="log(P) and log(1 - P) are swapped: Y = 1 must be scored by log(P)",
    ),
    Mistake(
        ref.binary_cross_entropy,
        "-np.mean(",
        "np.mean(",
        "the minus sign is missing",
        says="the minus sign is missing: the cost is -mean(Y log P + (1 - Y) log(1 - P))",
    ),
    Mistake(ref.binary_cross_entropy, TERMS, "Y * np.log(P)", "only the Y = 1 term"),
    Mistake(
        ref.binary_cross_entropy,
        "np.clip(P, 1e-12, 1 - 1e-12)",
        "np.maximum(P, 1e-12)",
        "clips only from below",
        hint="must be clipped",
    ),
    Mistake(
        ref.binary_cross_entropy,
        f"float(-np.mean({TERMS}))",
        "np.mean((P - Y) ** 2)",
        "the mean squared error",
    ),
    Mistake(
        ref.binary_cross_entropy,
        TERMS,
        TERMS.replace("np.log(", "np.log10("),
        "log10",
        says="the natural logarithm (np.log), not log10",
    ),
    Mistake(
        ref.accuracy,
        "np.mean(",
        "np.sum(",
        "the number of right predictions",
        says="this is the number of right predictions: divide by the number of samples",
    ),
    Mistake(
        ref.accuracy,
        "float(np.mean(",
        "100 * float(np.mean(",
        "a percentage",
        says="this is a percentage: accuracy is a fraction in [0, 1]",
    ),
    Mistake(
        ref.accuracy,
        MATCHES,
        "np.asarray(y_true) != np.asarray(y_pred)",
        "the error rate",
        says="this is the error rate (1 - accuracy)",
    ),
    Mistake(
        ref.accuracy,
        MATCHES,
        "y_true == y_pred",
        "compares Python lists as wholes",
        says="on Python lists, `y_true == y_pred` compares the whole lists (one True or "
        "False): convert with np.asarray first",
    ),
    Mistake(
        ref.accuracy,
        f"return float(np.mean({MATCHES}))",
        "t, p = np.asarray(y_true), np.asarray(y_pred)\n"
        "    return float(np.sum((t == p) & (p == 1)) / max(1, np.sum(p == 1)))",
        "counts the predicted positives that are right (precision)",
    ),
    Mistake(
        ref.accuracy,
        f"return float(np.mean({MATCHES}))",
        "right = sum(int(a == b) for a, b in zip(y_true, y_pred))\n    return right // len(y_true)",
        "integer division in a loop",
    ),
    Mistake(
        ref.confusion_matrix,
        ".reshape(2, 2)",
        ".reshape(2, 2).T",
        "transposed: [[TN, FN], [FP, TP]]",
        demo=True,
        says="rows must be the truth and columns the prediction: FP (truth 0, predicted 1) "
        "goes in row 0, column 1",
    ),
    Mistake(
        ref.confusion_matrix,
        COUNTS,
        f"{COUNTS}[[3, 1, 2, 0]]",
        "[[TP, FP], [FN, TN]]",
        says="TP and TN are swapped: row and column 0 are class 0, so TN comes first",
    ),
    Mistake(
        ref.confusion_matrix,
        COUNTS,
        f"{COUNTS}[::-1]",
        "[[TP, FN], [FP, TN]]: classes 1 then 0",
        says="this is [[TP, FN], [FP, TN]] (classes in the order 1, 0): the course puts "
        "class 0 first, [[TN, FP], [FN, TP]]",
    ),
    Mistake(
        ref.confusion_matrix,
        ".reshape(2, 2)",
        ".reshape(2, 2).astype(float)",
        "float counts from np.zeros((2, 2))",
        hint="is float",
    ),
    Mistake(
        ref.confusion_matrix,
        f"return {COUNTS}.reshape(2, 2)",
        "counts = np.unique(cells, return_counts=True)[1]\n"
        "    return np.pad(counts, (0, 4 - len(counts))).reshape(2, 2)",
        "np.unique's counts: a missing class shifts the cells",
    ),
    Mistake(
        ref.confusion_matrix,
        ".reshape(2, 2)",
        ".reshape(2, 2) / len(cells)",
        "fractions instead of counts",
        says="counts, not fractions: do not divide by the number of samples",
    ),
    Mistake(
        ref.train_classifier,
        "delta = A_out - Y",
        "delta = (A_out - Y) * A_out * (1 - A_out)",
        "the MSE's output delta: keeps σ'(Z_L)",
        says="the output delta keeps σ'(Z_L) (the MSE's delta): with the cross-entropy, σ' "
        "cancels and δ_L = A_L - Y",
    ),
    Mistake(
        ref.train_classifier,
        "* A_prev * (1 - A_prev)",
        "* sigmoid_prime(A_prev)",
        "the hidden delta takes σ' at A instead of Z",
        calls=(sigmoid_prime,),
        says="the hidden delta uses σ'(A) = σ(A)(1 - σ(A)); the derivative is taken at Z: "
        "σ'(Z) = A (1 - A)",
    ),
    Mistake(
        ref.train_classifier,
        "(delta @ params[layer][0].T) * A_prev * (1 - A_prev)",
        "delta @ params[layer][0].T",
        "the hidden delta lacks σ'(Z)",
        says="the hidden delta lacks σ'(Z) = A (1 - A): δ_l = (δ_{l+1} W_{l+1}^T) * A_l (1 - A_l)",
    ),
    Mistake(
        ref.train_classifier,
        f"            b, m[1], v[1] = {STEPS[1]}\n",
        "",
        "the biases are never updated",
        says="the biases are never updated (Adam must update every W and every b)",
    ),
    Mistake(
        ref.train_classifier,
        STEPS,
        tuple(s.replace(", t, lr", ", 1, lr") for s in STEPS),
        "Adam's step t stays at 1",
        says="Adam's step t stays at 1: it must count the epochs, 1, 2, 3, ...",
    ),
    Mistake(
        ref.train_classifier,
        "range(1, max_epochs + 1)",
        "range(max_epochs)",
        "Adam's step t starts at 0",
        hint=None,
        says="Adam's step t must start at 1 (at t = 0, 1 - β^t = 0 and the step divides by zero)",
    ),
    Mistake(
        ref.train_classifier,
        STEPS,
        tuple(s.replace("dW,", "-dW,").replace("db,", "-db,") for s in STEPS),
        "gradient ascent: the update adds the gradient",
        says="the parameters move up the gradient: Adam's update subtracts (pass dW, not -dW)",
    ),
    Mistake(
        ref.train_classifier,
        "return best_params, history",
        "return params, history",
        "early stopping returns the last parameters, not the best validation epoch's",
        says="when early stopping ends the run, return the parameters of the epoch with the "
        "lowest validation cost, not the last ones",
    ),
    Mistake(
        ref.train_classifier,
        "    return params, history",
        "    return (params if X_val is None else best_params), history",
        "returns the best validation epoch's parameters when max_epochs ends the run too",
        says="when max_epochs ends the run (early stopping never fired), return the last "
        "parameters, as assignment 05 does; the best validation epoch's are returned only when "
        "early stopping stops training",
    ),
    Mistake(
        ref.train_classifier,
        "            if patience is not None and waited >= patience:\n"
        "                return best_params, history\n",
        "",
        "ignores patience: never stops early",
        says="training must stop once the validation cost has not improved for `patience` epochs",
    ),
    Mistake(
        ref.train_classifier,
        "waited >= patience",
        "waited > patience",
        "patience off by one (waited > patience)",
        says="training went one epoch too far: stop as soon as `patience` epochs in a row "
        "have not improved on the best validation cost",
    ),
    Mistake(
        ref.train_classifier,
        (
            f"        {VAL_COST}\n",
            "        A_out, cache = forward(X, params)\n",
            "params = updated",
            "val_cost, params, 0",
        ),
        (
            "",
            f"        if X_val is not None:\n            {VAL_COST}\n"
            "        A_out, cache = forward(X, params)\n",
            "previous, params = params, updated",
            "val_cost, previous, 0",
        ),
        "the validation cost of the parameters before the update",
        says="the validation cost must be computed after the epoch's update, on the updated "
        "parameters",
    ),
    Mistake(
        ref.train_classifier,
        VAL_COST,
        'val_cost = history["train_cost"][-1]',
        "early stopping watches the training cost",
        says="early stopping must watch the validation cost, not the training cost",
    ),
    Mistake(
        ref.roc_auc,
        PAIR_SCORE,
        "above",
        "ties counted 0",
        says="a tie (equal scores) counts one half: a pair with equal scores is neither in the "
        "right order nor in the wrong one",
    ),
    Mistake(
        ref.roc_auc,
        PAIR_SCORE,
        "above + tied",
        "ties counted 1 (>= instead of >)",
        says="a tie counts one half, not as a pair in the right order: comparing with >= "
        "counts equal scores as ranked right",
    ),
    Mistake(
        ref.roc_auc,
        "scores[y_true == 1], scores[y_true == 0]",
        "scores[y_true == 0], scores[y_true == 1]",
        "positives and negatives swapped",
        says="this is 1 - AUC: a pair is in the right order when the POSITIVE (label 1) scores "
        "above the negative",
    ),
    Mistake(
        ref.roc_auc,
        f"float(np.mean({PAIR_SCORE}))",
        f"float(np.sum({PAIR_SCORE}) / (len(scores) * (len(scores) - 1) / 2))",
        "divides by the pairs of all samples",
        says="divide by the number of (positive, negative) pairs, n_pos * n_neg, not by the "
        "number of pairs of all samples",
    ),
    Mistake(
        ref.roc_auc,
        "np.asarray(scores, dtype=float)",
        "(np.asarray(scores) >= 0.5).astype(float)",
        "the scores thresholded at 0.5 first",
        says="rank the scores themselves: thresholded at 0.5 first, they become 0s and 1s and "
        "almost every pair is a tie",
    ),
    Mistake(
        ref.roc_auc,
        AUC_BODY,
        "    y_true, scores = np.asarray(y_true, dtype=float), np.asarray(scores, dtype=float)\n"
        "    tpr = np.r_[0.0, np.cumsum(y_true) / y_true.sum()]\n"
        "    fpr = np.r_[0.0, np.cumsum(1 - y_true) / (1 - y_true).sum()]\n"
        f"    return {TRAPEZOID}\n",
        "the trapezoid rule over the samples in input order, unsorted",
        says="the ROC curve's points come from lowering the threshold past the scores in "
        "DECREASING order (np.argsort(-scores)): in the input order the curve means nothing",
    ),
    Mistake(
        ref.roc_auc,
        AUC_BODY,
        f"{SORTED}"
        "    last = np.r_[np.diff(s) != 0, True]\n"
        "    tpr, fpr = (np.cumsum(y) / y.sum())[last], (np.cumsum(1 - y) / (1 - y).sum())[last]\n"
        f"    return {TRAPEZOID}\n",
        "the ROC curve without its end point (0, 0)",
        says="the ROC curve starts at (0, 0), a threshold above every score, which flags "
        "nobody: without that point the first trapezoid is missing",
    ),
    Mistake(
        ref.roc_auc,
        AUC_BODY,
        f"{SORTED}"
        "    tpr = np.r_[0.0, np.cumsum(y) / y.sum()]\n"
        "    fpr = np.r_[0.0, np.cumsum(1 - y) / (1 - y).sum()]\n"
        f"    return {TRAPEZOID}\n",
        "one ROC point per sample: ties broken by the order of the input",
        says="equal scores are one threshold: give the ROC curve one point per DISTINCT score, "
        "or a tie counts 0 or 1 depending on which sample comes first",
    ),
)
