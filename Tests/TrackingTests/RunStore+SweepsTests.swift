import Testing
import Tracking

@Suite struct RunStoreSweepsTests {
    @Test(arguments: StoreKind.allCases)
    func createsThenResumesSweepWithIdenticalSpec(kind: StoreKind) throws {
        try withStore(kind) { store in
            let (created, isNew) = try store.createOrResumeSweep(
                name: "hpo", specJSON: #"{"a":1}"#, fingerprint: "fp1", now: 100)
            #expect(isNew)
            #expect(created.name == "hpo" && created.state == .running && created.createdAt == 100)
            try store.setSweepState(sweepID: created.id, state: .stopped)

            let (resumed, isNewAgain) = try store.createOrResumeSweep(
                name: "hpo", specJSON: #"{"a":1}"#, fingerprint: "fp1", now: 200)
            #expect(!isNewAgain)
            #expect(resumed.id == created.id && resumed.createdAt == 100)
            #expect(resumed.state == .running)
            #expect(try store.sweep(id: created.id)?.state == .running)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rejectsSameNameWithDifferentSpec(kind: StoreKind) throws {
        try withStore(kind) { store in
            _ = try store.createOrResumeSweep(
                name: "hpo", specJSON: #"{"a":1}"#, fingerprint: "fp", now: 0)
            let error = #expect(throws: StoreError.self) {
                try store.createOrResumeSweep(
                    name: "hpo", specJSON: #"{"a":2}"#, fingerprint: "fp", now: 1)
            }
            #expect(error == .sweepSpecMismatch(name: "hpo"))
            #expect(
                error?.description.contains("sweep 'hpo' already exists with a different spec")
                    == true)
            #expect(try store.sweeps().count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rejectsSameSpecWithOtherData(kind: StoreKind) throws {
        try withStore(kind) { store in
            _ = try store.createOrResumeSweep(
                name: "hpo", specJSON: "{}", fingerprint: "old", now: 0)
            #expect(
                throws: StoreError.sweepFingerprintMismatch(
                    name: "hpo", stored: "old", given: "new")
            ) {
                try store.createOrResumeSweep(
                    name: "hpo", specJSON: "{}", fingerprint: "new", now: 1)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func readsSweepsByNameIdAndAll(kind: StoreKind) throws {
        try withStore(kind) { store in
            let first = try store.makeSweep("first")
            let second = try store.makeSweep("second")
            #expect(first.id != second.id)
            #expect(try store.sweep(named: "second") == second)
            #expect(try store.sweep(id: first.id) == first)
            #expect(try store.sweep(named: "third") == nil)
            #expect(try store.sweep(id: 999) == nil)
            #expect(try store.sweeps().map(\.name) == ["first", "second"])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func setsSweepStateAndRejectsUnknownSweep(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            try store.setSweepState(sweepID: sweep.id, state: .finished)
            #expect(try store.sweep(id: sweep.id)?.state == .finished)
            #expect(throws: StoreError.unknownSweep(id: 42)) {
                try store.setSweepState(sweepID: 42, state: .stopped)
            }
        }
    }
}
