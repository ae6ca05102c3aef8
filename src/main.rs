use clap::Parser;

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = dafu::cli::refuse_hyphen_query(&args) {
        std::process::exit(code.code());
    }
    let cli = dafu::cli::Cli::parse_from(args);
    let code = dafu::commands::run(cli);
    std::process::exit(code.code());
}
