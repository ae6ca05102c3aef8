use clap::Parser;

fn main() {
    let cli = dafu::cli::Cli::parse();
    let code = dafu::commands::run(cli);
    std::process::exit(code.code());
}
