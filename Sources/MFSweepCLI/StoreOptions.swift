import Agents
import ArgumentParser
import Reports
import Tracking

/// `--store PATH` (else `$MFSWEEP_STORE`, else `Runs/mfsweep.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(help: "Run store (SQLite file). Default: $MFSWEEP_STORE or Runs/mfsweep.sqlite.")
    var store: String?

    /// The resolved path.
    var path: String { StoreLocation.resolve(store) }

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
