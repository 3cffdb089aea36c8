//! The `rivulet` command line (native only).
//!
//! - `rivulet serve`: the proxy and the page (simulated league by default, live with
//!   `RIOT_API_KEY`, or `--replay PATH`).
//! - `rivulet eval`: progressive validation of a model on a real dataset or the simulated league.
//! - `rivulet log export`: the community match log as JSON lines of match-v5 `info` objects.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "rivulet",
    version,
    about = "Online learning in the browser: proxy, page and evaluation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Each subcommand's arguments live with the code that runs it.
#[derive(Subcommand)]
enum Command {
    /// Serve the page and the Riot API proxy (simulated league unless RIOT_API_KEY or --replay).
    Serve(rivulet_server::ServeArgs),
    /// Progressive validation of a model on a real dataset or the simulated league.
    Eval(rivulet_server::eval::EvalArgs),
    /// The community match log (`export`).
    #[command(subcommand)]
    Log(rivulet_server::eval::matchv5::LogCommand),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => rivulet_server::run(args),
        Command::Eval(args) => rivulet_server::eval::run(args).map_err(Into::into),
        Command::Log(cmd) => rivulet_server::eval::matchv5::run_log(cmd).map_err(Into::into),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rivulet: error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
