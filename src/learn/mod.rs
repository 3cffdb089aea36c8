//! The learner core: online estimators on named, sparse features, with River's semantics.
//! Pure Rust: no wasm or web types here.
