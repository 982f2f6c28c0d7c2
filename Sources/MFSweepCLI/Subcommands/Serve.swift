import ArgumentParser
import Dashboard

extension MFSweep {
    /// `mfsweep serve`.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a live dashboard of the store: sweeps, runs, curves, comparisons and models.",
            discussion: "Read-only, offline (every asset is in the binary). It binds to 127.0.0.1; on any other "
                + "address requests need a token (--token, else one is generated and printed once).")

        @Option(help: "Address to bind.")
        var host = "127.0.0.1"

        @Option(help: "Port (0: any free port; the address is printed).")
        var port = 8080

        @Option(help: "Token requests must carry (?token=, a cookie, or Authorization: Bearer).")
        var token: String?

        @Option(
            help:
                "Nice value (0-19) of the threads that read the store and draw pages, so agents on this machine come first."
        )
        var nice = 10

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535 (got \(port))") }
            guard (0...19).contains(nice) else { throw ValidationError("--nice must be in 0...19 (got \(nice))") }
        }

        func run() async throws {
            let access = try ServeAccess(host: host, token: token)
            let store = try storeOptions.openForReading()
            let shown = storeOptions.shown
            let server = DashboardServer(dashboard: Dashboard(store: store), access: access, port: port, nice: nice)
            let console = Console.current
            try await server.run { port in
                console.print(access.banner(port: port, store: shown))
                console.flush()
            }
        }
    }
}
