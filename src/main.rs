//! The `beatplan` command line. Exit codes are decided in one place, [`cli::Failure::code`].

mod cli;

fn main() {
    // Rust ignores SIGPIPE, so printing to a closed pipe would panic; restore the default so
    // `beatplan check … | head` ends quietly like any Unix tool.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread starts; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(cli::main());
}
