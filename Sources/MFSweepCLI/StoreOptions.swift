import Agents
import ArgumentParser
import Foundation
import Reports
import Tracking

/// `--store PATH` (else `$MFSWEEP_STORE`, else `Runs/mfsweep.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(help: "Run store (SQLite file). Default: $MFSWEEP_STORE or Runs/mfsweep.sqlite.")
    var store: String?

    /// The resolved path.
    var path: String { StoreLocation.resolve(store) }

    /// Opens an existing store (reading commands never create one), turning a failure into its
    /// one-line message and exit 64.
    func open() throws -> RunStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Terminal.fail("no run store at \(path) (`mfsweep launch` creates one; --store or $MFSWEEP_STORE choose another)")
        }
        do {
            return try RunStore(path: path)
        } catch {
            throw Terminal.fail("\(error)")
        }
    }

    /// The named sweep, or exit 64 naming the store and listing its sweeps.
    func sweep(_ name: String, in store: RunStore) throws -> SweepRecord {
        do {
            if let s = try store.sweep(named: name) { return s }
            let names = try store.sweeps().map(\.name)
            throw Terminal.fail(
                "no sweep named '\(name)' in \(path)"
                    + (names.isEmpty ? " (it has no sweeps)" : "; sweeps: " + names.joined(separator: ", ")))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw Terminal.fail("\(error)")
        }
    }

    /// The report of sweep `name` (with the histories of its best `histories` runs; counting
    /// the data's users and items when `readsData`), or exit 64 with the reason.
    func report(_ name: String, histories: Int = 0, readsData: Bool = true) throws -> SweepReport {
        let store = try open()
        let record = try sweep(name, in: store)
        do {
            return try SweepReporting.report(store: store, sweep: record, histories: histories, readsData: readsData)
        } catch {
            throw Terminal.fail("\(error)")
        }
    }
}
