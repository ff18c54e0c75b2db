//! The `beatplan` command line. Exit codes are decided in one place, [`cli::Failure::code`].

mod cli;

fn main() {
    std::process::exit(cli::main());
}
