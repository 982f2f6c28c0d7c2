import Core
import TestSupport
import Testing
import Tracking

struct RunStoreLookupTests {
    @Test func runReferencesParseNumbersAndSweepSlashNumber() throws {
        #expect(try RunReference(parsing: "3") == RunReference(sweep: nil, number: 3))
        #expect(try RunReference(parsing: "mf-HPO-CV/12") == RunReference(sweep: "mf-HPO-CV", number: 12))
        // The sweep is everything before the last slash.
        #expect(try RunReference(parsing: "a/b/7") == RunReference(sweep: "a/b", number: 7))
        #expect(RunReference(sweep: "s", number: 2).description == "s/2")
        for bad in ["two", "0", "-1", "/3", "s/", "s/x", ""] {
            #expect(throws: RunReferenceError(text: bad), "\(bad)") { try RunReference(parsing: bad) }
        }
        #expect(
            RunReferenceError(text: "two").description
                == "run 'two': expected NUMBER or SWEEP/NUMBER (e.g. 3 or mf-HPO-CV/3)")
    }

    @Test("a missing store, an unknown sweep and an ambiguous plain number each name the store and its sweeps")
    func sweepLookUpsNameTheStore() throws {
        let folder = try TempDirectory()
        defer { folder.remove() }
        let path = folder.path("Runs/mfsweep.sqlite")
        #expect(throws: StoreError.noStore(path: path)) { try RunStore.existing(at: path) }
        #expect(
            StoreError.noStore(path: path).description
                == "no run store at \(path) (`mfsweep launch` creates one; --store or $MFSWEEP_STORE choose another)")

        let store = try RunStore(path: path)
        #expect(throws: StoreError.whichSweep(path: path, known: [])) { try store.sweep(nil) }
        #expect(throws: StoreError.noSweep(name: "x", path: path, known: [])) { try store.sweep("x") }
        #expect(
            StoreError.noSweep(name: "x", path: path, known: []).description
                == "no sweep named 'x' in \(path) (it has no sweeps)")

        let only = try store.makeSweep("alpha")
        #expect(try store.sweep(nil) == only)
        #expect(try RunStore.existing(at: path).sweep("alpha") == only)
        _ = try store.makeSweep("beta")
        let ambiguous = StoreError.whichSweep(path: path, known: ["alpha", "beta"])
        #expect(throws: ambiguous) { try store.sweep(nil) }
        #expect(ambiguous.description.hasSuffix("\(path) has sweeps alpha, beta"))
        let unknown = StoreError.noSweep(name: "gamma", path: path, known: ["alpha", "beta"])
        #expect(throws: unknown) { try store.sweep("gamma") }
        #expect(unknown.description == "no sweep named 'gamma' in \(path); sweeps: alpha, beta")
        #expect(unknown.location == .sweep("gamma") && unknown.exitStatus == .invalidInput)
    }
}
