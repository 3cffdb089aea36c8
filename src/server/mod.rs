//! The proxy: serves the page and the Riot API endpoints it needs (native only).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tower_http::services::ServeDir;

/// `rivulet serve` arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The page's folder.
    #[arg(long, default_value = "www")]
    pub www: PathBuf,
    /// The generated wasm package (served under /pkg).
    #[arg(long, default_value = "pkg")]
    pub pkg: PathBuf,
}

/// Run the server until interrupted.
pub fn run(args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        let app = Router::new()
            .nest_service("/pkg", ServeDir::new(&args.pkg))
            .fallback_service(ServeDir::new(&args.www));
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).await?;
        println!("rivulet: serving http://{}", listener.local_addr()?);
        axum::serve(listener, app).await?;
        Ok(())
    })
}
