//! A per-category classifier over segments: L2-regularised logistic regression (smartcore's,
//! L-BFGS run to convergence) over the binary presence of a vocabulary chosen for its
//! relevance to the positives. (linfa-logistic fits the same objective, but its optimiser,
//! argmin, brings anyhow into the library.)
//!
//! The vocabulary is not the most frequent features of the training rows (that is the
//! negatives' chatter): a feature is kept when it is in at least two positives (one when
//! there is only one) and more frequent among them than in the case as a whole, ranked by
//! its smoothed log-odds ratio (positives against every segment of the case) weighted by how
//! many positives hold it; stop words never reach it ([`super::features`]). Negatives are
//! sampled so that positives are at least a fifth of the rows, which weighs the classes.

use rustc_hash::FxHashMap;
use smartcore::linalg::basic::arrays::Array;
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};

use super::LearningError;
use super::features::Feature;
use super::segments::Segments;

/// How a model is trained.
#[derive(Clone, Copy, Debug)]
pub struct ModelOptions {
    /// Features kept in the vocabulary, at most.
    pub vocabulary: usize,
    /// L2 regularisation: `alpha / 2 · |w|²` added to the log-loss (the intercept is not
    /// penalised).
    pub alpha: f64,
    /// Training rows, at most (positives first, then negatives).
    pub max_rows: usize,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions { vocabulary: 400, alpha: 1.0, max_rows: 6_000 }
    }
}

/// A trained model: a weight per vocabulary feature and an intercept.
#[derive(Clone, Debug)]
pub struct Model {
    weights: FxHashMap<Feature, f64>,
    intercept: f64,
}

impl Model {
    /// The model's log-odds that `features` (a segment's) belong to the category.
    pub fn logit(&self, features: &[Feature]) -> f64 {
        self.intercept + features.iter().filter_map(|f| self.weights.get(f)).sum::<f64>()
    }

    /// The weight of `feature` (0 outside the vocabulary).
    pub fn weight(&self, feature: Feature) -> f64 {
        self.weights.get(&feature).copied().unwrap_or(0.0)
    }

    /// Features in the vocabulary.
    pub fn vocabulary(&self) -> usize {
        self.weights.len()
    }
}

/// The probability of a log-odds.
pub fn probability(logit: f64) -> f64 {
    1.0 / (1.0 + (-logit).exp())
}

/// The vocabulary for `positives` (segment indexes): see the module documentation.
pub fn select_vocabulary(segments: &Segments, positives: &[usize], size: usize) -> Vec<Feature> {
    let mut in_positives: FxHashMap<Feature, u32> = FxHashMap::default();
    for &p in positives {
        if let Some(s) = segments.get(p) {
            for &f in segments.features(s) {
                *in_positives.entry(f).or_insert(0) += 1;
            }
        }
    }
    let p = positives.len() as f64;
    let all = segments.len() as f64;
    let floor = if positives.len() > 1 { 2 } else { 1 };
    let mut scored: Vec<(f64, Feature)> = in_positives
        .into_iter()
        .filter(|&(_, a)| a >= floor)
        .filter_map(|(f, a)| {
            let a = f64::from(a);
            let b = f64::from(segments.document_frequency(f)).max(a);
            let odds = ((a + 0.5) / (p - a + 0.5)).ln() - ((b + 0.5) / (all - b + 0.5)).ln();
            (odds > 0.0).then_some((odds * (1.0 + a).ln(), f))
        })
        .collect();
    scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(size);
    scored.into_iter().map(|(_, f)| f).collect()
}

/// Trains a model on `positives` and `negatives` (segment indexes). `None` when either is
/// empty or the positives share no feature with a positive log-odds: nothing to learn.
pub fn train(
    segments: &Segments,
    positives: &[usize],
    negatives: &[usize],
    options: &ModelOptions,
) -> Result<Option<Model>, LearningError> {
    let positives = &positives[..positives.len().min(options.max_rows / 2)];
    let negatives = &negatives[..negatives.len().min(options.max_rows - positives.len())];
    if positives.is_empty() || negatives.is_empty() {
        return Ok(None);
    }
    let vocabulary = select_vocabulary(segments, positives, options.vocabulary.max(1));
    if vocabulary.is_empty() {
        return Ok(None);
    }
    let column: FxHashMap<Feature, usize> = vocabulary.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows = positives.len() + negatives.len();
    let mut x = vec![0.0f64; rows * vocabulary.len()];
    let mut y = vec![0u32; rows];
    for (r, &s) in positives.iter().chain(negatives).enumerate() {
        if let Some(segment) = segments.get(s) {
            for f in segments.features(segment) {
                if let Some(&c) = column.get(f) {
                    x[r * vocabulary.len() + c] = 1.0;
                }
            }
        }
        y[r] = u32::from(r < positives.len());
    }
    let training = |e: smartcore::error::Failed| LearningError::Training(e.to_string());
    let x = DenseMatrix::new(rows, vocabulary.len(), x, false).map_err(training)?;
    let fitted = LogisticRegression::fit(&x, &y, LogisticRegressionParameters::default().with_alpha(options.alpha))
        .map_err(training)?;
    // Two classes: one row of coefficients, the log-odds of the larger label (1, positives).
    let coefficients = fitted.coefficients();
    let weights =
        vocabulary.iter().enumerate().map(|(c, f)| (*f, *coefficients.get((0, c)))).filter(|(_, w)| *w != 0.0);
    let intercept = *fitted.intercept().get((0, 0));
    Ok(Some(Model { weights: weights.collect(), intercept }))
}
