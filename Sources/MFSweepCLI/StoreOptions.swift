import Agents
import ArgumentParser
import Reports
import Tracking

/// `--store PATH|URL` (else `$MFSWEEP_STORE`, else `Runs/mfsweep.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Run store: a SQLite file, or postgres://USER[:PASSWORD]@HOST[:PORT]/DB (password also from $PGPASSWORD).",
            discussion: "Default: $MFSWEEP_STORE, else Runs/mfsweep.sqlite.", valueName: "path-or-url"))
    var store: String?

    /// The resolved path or URL (with its password: never print it; see ``shown``).
    var path: String { StoreLocation.resolve(store) }

    /// The store as shown to people: a PostgreSQL URL without its password.
    var shown: String { StoreLocation.shown(path) }

    /// Opens an existing store to change it (commands never create one).
    func open() throws -> RunStore { try RunStore.existing(at: path) }

    /// Opens an existing store read-only, for commands that only look.
    func openForReading() throws -> RunStore { try RunStore.existingForReading(at: path) }

    /// The report of sweep `name` (with the histories of its best `histories` runs; counting
    /// the data's users and items when `readsData`).
    func report(_ name: String, histories: Int = 0, readsData: Bool = true) throws -> SweepReport {
        let store = try openForReading()
        return try SweepReporting.report(
            store: store, sweep: try store.sweep(name), histories: histories, readsData: readsData)
    }
}
