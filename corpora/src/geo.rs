//! Where LOCATION bodies point: port and drug-trade cities of the corpus's three languages.

use crate::content::Lang;
use fastrand::Rng;

const FR: &[(f64, f64)] =
    &[(43.2965, 5.3698), (50.6292, 3.0573), (48.8566, 2.3522), (45.7640, 4.8357), (49.4944, 0.1079)];
const NL: &[(f64, f64)] = &[(51.9244, 4.4777), (52.3676, 4.9041), (51.2194, 4.4025), (51.5719, 4.7683)];
const EN: &[(f64, f64)] = &[(53.4084, -2.9916), (53.4808, -2.2426), (51.5074, -0.1278), (52.4862, -1.8904)];

/// A plausible (lat, lon) for a phone talking `lang`: a city centre plus a few kilometres.
pub(crate) fn position(rng: &mut Rng, lang: Lang) -> (f64, f64) {
    let cities = match lang {
        Lang::Fr => FR,
        Lang::Nl => NL,
        Lang::En => EN,
    };
    let (lat, lon) = cities[rng.usize(0..cities.len())];
    (lat + (rng.f64() - 0.5) * 0.06, lon + (rng.f64() - 0.5) * 0.09)
}
