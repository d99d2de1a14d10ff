fn main() -> std::process::ExitCode {
    servicebook::cli::main()
}
