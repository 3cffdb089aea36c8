//! What the examples share: games.csv as the learner's input rows, in file order.
use rivulet::learn::FeatureValue;
use rivulet_lol::features::{featurize, FeatureConfig};
use rivulet_server::eval::load;

/// One game: the page's default pre-game features as (key, number) pairs, and its duration (s).
pub type Row = (Vec<(String, FeatureValue<'static>)>, f64);

/// The rows of the games.csv at `path` (default: the shared data's), or `None` after saying it
/// is absent (../shared/data is not in every checkout).
pub fn games_csv_rows(path: Option<String>) -> Option<(String, Vec<Row>)> {
    let path =
        path.unwrap_or_else(|| "../shared/data/kaggle-datasnaek-games-2017/games.csv".to_string());
    if !std::path::Path::new(&path).exists() {
        println!("skipped: {path} is absent");
        return None;
    }
    let cfg = FeatureConfig::default();
    let rows = load(&path)
        .unwrap()
        .iter()
        .map(|g| {
            let x = featurize(&g.game, &g.extras, &cfg)
                .into_iter()
                .map(|f| (f.key(), FeatureValue::Num(f.number())))
                .collect();
            (x, g.duration_s)
        })
        .collect();
    Some((path, rows))
}
