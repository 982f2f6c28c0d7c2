import Testing
import Tracking

@Suite struct RunStoreClaimsTests {
    @Test(arguments: StoreKind.allCases)
    func numbersClaimsFromOneAndShowsTheHistory(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let other = try store.makeSweep("other")
            var seen: [[Int]] = []
            for now in [10.0, 11, 12] {
                _ = try store.claim(sweep, at: now) { history in
                    #expect(history.sweep == sweep)
                    seen.append(history.runs.map(\.number))
                    return numberedConfig(history)
                }
            }
            #expect(seen == [[], [1], [1, 2]])
            let runs = try store.runs(sweepID: sweep.id)
            #expect(runs.map(\.number) == [1, 2, 3])
            #expect(runs.map(\.configJSON) == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#])
            #expect(runs.allSatisfy { $0.state == .running && $0.retryOf == nil })
            #expect(runs[0].agentID == "agent-a" && runs[0].host == "host-1" && runs[0].pid == 101)
            #expect(runs[0].startedAt == 10 && runs[0].heartbeatAt == nil)
            // Numbers are per sweep.
            #expect(try store.claimed(other, at: 13).number == 1)
            #expect(try store.run(sweepID: sweep.id, number: 2) == runs[1])
            #expect(try store.run(id: runs[2].id) == runs[2])
            #expect(try store.run(sweepID: sweep.id, number: 9) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func marksStaleRunCrashedAndRetriesItsConfig(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let lost = try store.claimed(sweep, by: agentA, at: 0)
            try store.heartbeat(runID: lost.id, now: 10)
            let busy = try store.claimed(sweep, by: agentB, at: 20)
            try store.heartbeat(runID: busy.id, now: 35)

            // 40 − 10 = 30 s of silence is within the 30 s grace: nothing is marked.
            let third = try store.claimed(sweep, by: agentB, at: 40)
            #expect(third.retryOf == nil)
            #expect(try store.run(id: lost.id)?.state == .running)

            // At 41 s it is 31 s: crashed, and the next claim retries its config.
            var proposed = false
            let retry = try #require(
                store.claim(sweep, by: agentB, at: 41) { _ in
                    proposed = true
                    return "{}"
                }.run)
            #expect(!proposed)
            #expect(
                retry.number == 4 && retry.retryOf == lost.id && retry.configJSON == lost.configJSON
            )
            #expect(retry.agentID == agentB.id && retry.state == .running)
            let crashed = try #require(try store.run(id: lost.id))
            #expect(crashed.state == .crashed)
            #expect(crashed.error == "no heartbeat for 31s (agent agent-a on host host-1, pid 101)")
            #expect(crashed.finishedAt == 10)
            #expect(try store.run(id: busy.id)?.state == .running)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func usesTheStartWhenARunNeverBeat(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let silent = try store.claimed(sweep, at: 100)
            _ = try store.claimed(sweep, by: agentB, at: 131)
            let crashed = try #require(try store.run(id: silent.id))
            #expect(crashed.state == .crashed)
            #expect(crashed.error?.hasPrefix("no heartbeat for 31s") == true)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retriesACrashOnlyOnce(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let lost = try store.claimed(sweep, at: 0)
            let retry = try store.claimed(sweep, by: agentB, at: 100)
            #expect(retry.retryOf == lost.id)
            try store.finish(retry, by: agentB, at: 101)
            // The crash has its retry: later claims propose new configs.
            let next = try store.claimed(sweep, by: agentB, at: 102)
            let after = try store.claimed(sweep, by: agentB, at: 103)
            #expect(next.retryOf == nil && next.configJSON == #"{"n":3}"#)
            #expect(after.retryOf == nil && after.configJSON == #"{"n":4}"#)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func stopsRetryingAConfigThatFailedMoreThanMaxRetriesTimes(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let lost = try store.claimed(sweep, at: 0)
            let retry = try store.claimed(sweep, by: agentB, at: 100)
            #expect(retry.retryOf == lost.id)
            // The retry crashes too: its config failed twice, more than one retry allows.
            let next = try store.claimed(sweep, at: 200)
            #expect(try store.run(id: retry.id)?.state == .crashed)
            #expect(next.retryOf == nil && next.configJSON == #"{"n":3}"#)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retriesUpToMaxRetriesTimesInAChain(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let first = try store.claimed(sweep, at: 0, maxRetries: 2)
            let second = try store.claimed(sweep, at: 100, maxRetries: 2)
            let third = try store.claimed(sweep, at: 200, maxRetries: 2)
            let fresh = try store.claimed(sweep, at: 300, maxRetries: 2)
            #expect(second.retryOf == first.id && third.retryOf == second.id)
            #expect(Set([first, second, third].map(\.configJSON)).count == 1)
            #expect(fresh.retryOf == nil && fresh.configJSON == #"{"n":4}"#)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func maxRetriesZeroRetriesNothing(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let lost = try store.claimed(sweep, at: 0, maxRetries: 0)
            let next = try store.claimed(sweep, by: agentB, at: 100, maxRetries: 0)
            #expect(try store.run(id: lost.id)?.state == .crashed)
            #expect(next.retryOf == nil && next.configJSON == #"{"n":2}"#)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retriesAStoppedRun(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let stopped = try store.claimed(sweep, at: 0)
            try store.finish(stopped, state: .stopped, at: 1)
            let retry = try store.claimed(sweep, by: agentB, at: 2)
            #expect(retry.retryOf == stopped.id && retry.configJSON == stopped.configJSON)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func stoppingAConfigAgainAndAgainNeverUsesUpItsRetries(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            var run = try store.claimed(sweep, at: 0)
            let config = run.configJSON
            for k in 1...3 {
                try store.finish(run, state: .stopped, at: Double(2 * k))
                let retry = try store.claimed(sweep, at: Double(2 * k + 1), maxRetries: 1)
                #expect(retry.retryOf == run.id && retry.configJSON == config, "stop \(k)")
                run = retry
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func countLimitCountsAllButCrashedAndStoppedRuns(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            func claim(_ now: Double) throws -> ClaimOutcome {
                try store.claim(sweep, by: agentB, at: now, maxRetries: 0, countLimit: 4)
            }
            let runs = try (0..<4).map { try #require(claim(Double($0)).run) }
            try store.finish(runs[0], by: agentB, state: .finished, at: 5)
            try store.finish(runs[1], by: agentB, state: .failed, at: 5)
            try store.finish(runs[2], by: agentB, state: .pruned, at: 5)
            try store.heartbeat(runID: runs[3].id, now: 10)
            #expect(try claim(20) == .limitReached)
            // Run 4 crashes: it no longer counts, so one more run may start.
            let replacement = try #require(claim(100).run)
            #expect(replacement.number == 5)
            #expect(try claim(101) == .limitReached)
            #expect(try store.runs(sweepID: sweep.id).count == 5)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func returnsExhaustedWhenNothingIsProposed(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            _ = try store.claimed(sweep, at: 0)
            let outcome = try store.claim(sweep, at: 1) { _ in nil }
            #expect(outcome == .exhausted)
            #expect(try store.runs(sweepID: sweep.id).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rollsBackEverythingWhenProposeThrows(kind: StoreKind) throws {
        struct SamplerFailure: Error {}
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let stale = try store.claimed(sweep, at: 0, maxRetries: 0)
            #expect(throws: SamplerFailure.self) {
                try store.claim(sweep, at: 100, maxRetries: 0) { _ in throw SamplerFailure() }
            }
            #expect(try store.run(id: stale.id)?.state == .running)
            #expect(try store.runs(sweepID: sweep.id).count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func rejectsAnUnknownSweep(kind: StoreKind) throws {
        try withStore(kind) { store in
            #expect(throws: StoreError.unknownSweep(id: 7)) {
                try store.claimRun(
                    sweepID: 7, agent: agentA, now: 0, heartbeatGrace: 30, maxRetries: 1,
                    countLimit: nil, propose: numberedConfig)
            }
        }
    }
}
