use super::{grow_for, Optimizer};
use crate::learn::state::{saved_state, state_methods};
use crate::learn::Feature;

/// FTRL-Proximal (McMahan et al., 2013), as River's `optim.FTRLProximal`. For each feature `i`
/// in the gradient: first, if `|zᵢ| > λ₁`,
/// `wᵢ ← −(zᵢ − sign(zᵢ)λ₁) / ((β + √nᵢ)/α + λ₂)` (else `wᵢ` is left as is); then
/// `σ = (√(nᵢ + gᵢ²) − √nᵢ)/α`, `zᵢ ← zᵢ + gᵢ − σwᵢ`, `nᵢ ← nᵢ + gᵢ²`; then `t ← t + 1`.
///
/// ```
/// use rivulet::learn::optim::{FtrlProximal, Optimizer};
/// let mut o = FtrlProximal::new(0.05, 1.0, 0.0, 1.0);
/// let mut w = vec![];
/// o.step(&mut w, &[(0, 1.0)]); // z = 1, n = 1, w still 0
/// o.step(&mut w, &[(0, 1.0)]); // w = −1 / ((1 + 1)/0.05 + 1)
/// assert!((w[0] + 1.0 / 41.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct FtrlProximal {
    alpha: f64,
    beta: f64,
    l1: f64,
    l2: f64,
    st: State,
}

saved_state! {
    #[derive(Debug, Clone, Default, PartialEq)]
    struct State {
        n: Vec<f64> => [same_len(z), finite],
        n_iterations: u64,
        z: Vec<f64> => [len, finite],
    }
}

impl FtrlProximal {
    /// FTRL with River's parameters (defaults α 0.05, β 1, λ₁ 0, λ₂ 1).
    pub fn new(alpha: f64, beta: f64, l1: f64, l2: f64) -> Self {
        FtrlProximal {
            alpha,
            beta,
            l1,
            l2,
            st: State::default(),
        }
    }
}

impl Optimizer for FtrlProximal {
    fn n_iterations(&self) -> u64 {
        self.st.n_iterations
    }

    fn step(&mut self, w: &mut Vec<f64>, g: &[Feature]) {
        grow_for(w, g);
        grow_for(&mut self.st.z, g);
        grow_for(&mut self.st.n, g);
        let st = &mut self.st;
        for &(i, _) in g {
            let i = i as usize;
            let z = st.z[i];
            if z.abs() > self.l1 {
                w[i] = -(((self.beta + st.n[i].powf(0.5)) / self.alpha + self.l2).powf(-1.0))
                    * (z - z.signum() * self.l1);
            }
        }
        for &(i, gi) in g {
            let i = i as usize;
            let s = ((st.n[i] + gi * gi).powf(0.5) - st.n[i].powf(0.5)) / self.alpha;
            st.z[i] += gi - s * w[i];
            st.n[i] += gi * gi;
        }
        st.n_iterations += 1;
    }

    state_methods!(st, "ftrl optimizer");

    fn box_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}
