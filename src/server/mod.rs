//! The proxy: serves the page and the Riot API endpoints it needs (native only).
