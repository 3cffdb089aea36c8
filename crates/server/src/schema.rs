//! Riot's schema, as riven's generated model types (`riven::models`) read it: one function that
//! parses an answer of any whitelisted endpoint into the riven type Riot documents for it.
//!
//! riven's types are generated from the community-maintained OpenAPI description of the Riot API
//! (`riotapi-schema`); a field it marks required is a field every Riot client may rely on. The
//! simulated and replay leagues' answers (`tests/sim_schema.rs`) and the real Riot samples in
//! `../shared/data/api-samples` both go through [`parse`], so code written against the league
//! also reads Riot, and the other way round. riven is built without its `deny-unknown-fields`
//! feature, as the proxy uses it: fields riven does not know are ignored, missing required ones
//! are errors.

use riven::models::{account_v1, champion_mastery_v4, league_v4, match_v5, spectator_v5};
use serde::Deserialize;

use super::routes::Endpoint;

/// spectator-v5 featured-games. riven 2.x dropped the type when Riot withdrew the endpoint from
/// its documentation; its list holds the same `CurrentGameInfo` as active-games.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeaturedGames {
    pub game_list: Vec<spectator_v5::CurrentGameInfo>,
    pub client_refresh_interval: i64,
}

/// One answer in riven's types.
#[derive(Debug, Clone)]
pub enum RiotAnswer {
    Account(account_v1::Account),
    Game(Box<spectator_v5::CurrentGameInfo>),
    Featured(FeaturedGames),
    Mastery(Box<champion_mastery_v4::ChampionMastery>),
    Score(i32),
    Entries(Vec<league_v4::LeagueEntry>),
    Match(Box<match_v5::Match>),
    /// match-v5 match ids by puuid: a list of match id strings.
    Ids(Vec<String>),
}

fn de<'a, T: Deserialize<'a>>(what: &str, body: &'a [u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("{what}: {e}"))
}

/// Parse `body`, the 200 answer to `ep`, into riven's type for that endpoint.
pub fn parse(ep: &Endpoint, body: &[u8]) -> Result<RiotAnswer, String> {
    let what = ep.method_id();
    Ok(match ep {
        Endpoint::Account { .. } => RiotAnswer::Account(de(what, body)?),
        Endpoint::ActiveGame { .. } => RiotAnswer::Game(de(what, body)?),
        Endpoint::FeaturedGames { .. } => RiotAnswer::Featured(de(what, body)?),
        Endpoint::MasteryByChampion { .. } => RiotAnswer::Mastery(de(what, body)?),
        Endpoint::MasteryScore { .. } => RiotAnswer::Score(de(what, body)?),
        Endpoint::LeagueEntries { .. } => RiotAnswer::Entries(de(what, body)?),
        Endpoint::Match { .. } => RiotAnswer::Match(de(what, body)?),
        Endpoint::MatchIds { .. } => RiotAnswer::Ids(de(what, body)?),
    })
}
