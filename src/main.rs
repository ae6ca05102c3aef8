use clap::Parser;

use dafu::cli::{Cli, Command};
use dafu::{commands, exit_codes};

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => commands::index(&args),
        Command::Search(args) => commands::search(&args),
        Command::Show(args) => commands::show(&args),
        Command::Stats(args) => commands::stats(&args),
        Command::Similar(args) => commands::similar(&args),
        Command::Terms(args) => commands::terms(&args),
        Command::Export(args) => commands::export(&args),
        Command::Completions(args) => commands::completions(args.shell),
        Command::Man => commands::man(),
    };
    let code = match result {
        Ok(code) => code,
        Err(err) if commands::is_broken_pipe(&err) => exit_codes::SUCCESS,
        Err(err) if err.downcast_ref::<dafu::index::Busy>().is_some() => {
            eprintln!("dafu: {err:#}");
            exit_codes::BUSY
        }
        Err(err) => {
            eprintln!("dafu: {err:#}");
            exit_codes::ERROR
        }
    };
    std::process::exit(code);
}
