import Testing
import Tracking

@Suite struct RunStoreRunsTests {
    @Test(arguments: StoreKind.allCases)
    func heartbeatMovesOnlyARunningRun(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let run = try store.claimed(sweep, at: 0)
            #expect(try store.heartbeat(runID: run.id, now: 5))
            #expect(try store.run(id: run.id)?.heartbeatAt == 5)
            _ = try store.claimed(sweep, by: agentB, at: 100)  // marks it crashed
            #expect(try !store.heartbeat(runID: run.id, now: 101))
            #expect(try store.run(id: run.id)?.heartbeatAt == 5)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func appendsMetricHistoryInBatches(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let run = try store.claimed(sweep, at: 0)
            let first = [
                MetricRecord(runID: run.id, step: 0, fold: 0, name: "test_omse", value: 1.5),
                MetricRecord(runID: run.id, step: 0, fold: 1, name: "test_omse", value: 1.25),
                MetricRecord(runID: run.id, step: 0, name: "test_omse_mean", value: 1.375),
            ]
            let second = [
                MetricRecord(runID: run.id, step: 1, fold: 0, name: "test_omse", value: .nan),
                MetricRecord(runID: run.id, step: 1, fold: 1, name: "test_omse", value: .infinity),
            ]
            try store.appendMetrics(first)
            try store.appendMetrics([])
            try store.appendMetrics(second)
            let stored = try store.metrics(runID: run.id)
            #expect(stored == first + second)
            #expect(stored[3].value.isNaN)
            #expect(try store.metrics(runID: run.id + 1).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishRunWritesTheOutcomeAndFoldResults(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let run = try store.claimed(sweep, at: 0)
            let folds = [
                FoldResultRecord(
                    runID: run.id, fold: 1, trainOMSE: 0.5, testOMSE: nil, steps: 7,
                    diverged: "test_omse is NaN at step 7"),
                FoldResultRecord(
                    runID: run.id, fold: 0, trainOMSE: 0.25, testOMSE: 0.75, steps: 100),
            ]
            try store.finishRun(
                runID: run.id, agent: agentA, state: .failed, summaryMetric: .nan, folds: folds,
                error: "diverged", steps: 100, seconds: 2.5, now: 9)
            let finished = try #require(try store.run(id: run.id))
            #expect(finished.state == .failed && finished.error == "diverged")
            #expect(
                finished.summaryMetric == nil && finished.steps == 100 && finished.seconds == 2.5)
            #expect(finished.finishedAt == 9)
            #expect(try store.foldResults(runID: run.id) == [folds[1], folds[0]])
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishRunRefusesARunMarkedCrashed(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let slow = try store.claimed(sweep, at: 0)
            let retry = try store.claimed(sweep, by: agentB, at: 100)
            #expect(retry.retryOf == slow.id)
            let error = #expect(throws: StoreError.self) {
                try store.finish(slow, at: 101)
            }
            guard case .runNotRunning(slow.id, 1, .crashed, "agent-a", _)? = error else {
                Issue.record("unexpected error \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("run 1 (id \(slow.id)) is crashed") == true)
            #expect(error?.description.contains("no heartbeat for 100s") == true)
            let stored = try #require(try store.run(id: slow.id))
            #expect(stored.state == .crashed && stored.summaryMetric == nil)
            #expect(try store.foldResults(runID: slow.id).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func finishRunRefusesAnotherAgentsRunAndAnUnknownRun(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let run = try store.claimed(sweep, by: agentA, at: 0)
            #expect(
                throws: StoreError.runNotRunning(
                    runID: run.id, number: 1, state: .running, owner: "agent-a", detail: nil)
            ) {
                try store.finish(run, by: agentB, at: 1)
            }
            #expect(throws: StoreError.unknownRun(id: 999)) {
                try store.finishRun(
                    runID: 999, agent: agentA, state: .finished, summaryMetric: nil, folds: [],
                    error: nil, steps: nil, seconds: nil, now: 1)
            }
            try store.finish(run, at: 2)
            #expect(try store.run(id: run.id)?.state == .finished)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func registersArtifacts(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let run = try store.claimed(sweep, at: 0)
            let model = try store.addArtifact(
                runID: run.id, kind: "model", path: "artifacts/m1.json", sha256: "ab12", now: 3)
            let plot = try store.addArtifact(
                runID: run.id, kind: "plot", path: "artifacts/p.svg", sha256: "cd34", now: 4)
            #expect(model.id != plot.id && model.runID == run.id && model.createdAt == 3)
            #expect(try store.artifacts(runID: run.id) == [model, plot])
            #expect(throws: StoreError.unknownRun(id: 555)) {
                try store.addArtifact(runID: 555, kind: "model", path: "x", sha256: "y", now: 5)
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func countsRunsInEveryState(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            #expect(
                try store.counts(sweepID: sweep.id)
                    == Dictionary(uniqueKeysWithValues: RunState.allCases.map { ($0, 0) }))
            let runs = try (0..<5).map {
                try store.claimed(sweep, by: agentB, at: 50 + Double($0), maxRetries: 0)
            }
            try store.finish(runs[0], by: agentB, state: .finished, at: 60)
            try store.finish(runs[1], by: agentB, state: .finished, at: 60)
            try store.finish(runs[2], by: agentB, state: .pruned, at: 60)
            for run in runs[3...] { try store.heartbeat(runID: run.id, now: 60) }
            _ = try store.claimed(sweep, by: agentA, at: 91, maxRetries: 0)  // crashes runs 4 and 5
            let counts = try store.counts(sweepID: sweep.id)
            #expect(counts[.finished] == 2 && counts[.pruned] == 1 && counts[.crashed] == 2)
            #expect(counts[.running] == 1 && counts[.failed] == 0 && counts[.stopped] == 0)
        }
    }
}
