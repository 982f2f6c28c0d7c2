import Foundation
import TestSupport
import Testing
import Tracking

/// Claims whose proposal is prepared from a snapshot outside the write lock (issue 13): other
/// processes can claim meanwhile, the lock is held only to check and insert, and the snapshot
/// is skipped when a retry or the count decides the claim.
@Suite struct RunStorePreparedClaimsTests {
    @Test(arguments: StoreKind.shared)
    func anotherStoreClaimsWhileTheProposalIsPrepared(kind: StoreKind) throws {
        try withStoreLocation(kind) { path in try anotherStoreClaimsWhilePreparing(path: path) }
    }

    private func anotherStoreClaimsWhilePreparing(path: String) throws {
        let store = try RunStore(path: path)
        let other = try RunStore(path: path)
        let sweep = try store.makeSweep()
        var snapshotNumbers: [Int] = []
        var held: [Double] = []
        var inLock: [(Int, String?)] = []
        let outcome = try store.claimRun(
            sweepID: sweep.id, agent: agentA, now: 10, heartbeatGrace: 30, maxRetries: 1, countLimit: nil,
            prepare: { snapshot in
                snapshotNumbers.append(snapshot.nextNumber)
                // If the snapshot held the write lock, this claim would wait for it and fail
                // with SQLITE_BUSY; it must go through.
                _ = try other.claimed(sweep, by: agentB, at: 10)
                Thread.sleep(forTimeInterval: 0.2)
                return #"{"prepared":true}"#
            },
            propose: { history, prepared in
                inLock.append((history.nextNumber, prepared))
                return prepared
            },
            lockHeld: { held.append($0) })
        let run = try #require(outcome.run)
        #expect(snapshotNumbers == [1])
        #expect(inLock.count == 1 && inLock[0].0 == 2 && inLock[0].1 == #"{"prepared":true}"#)
        #expect(run.number == 2 && run.configJSON == #"{"prepared":true}"# && run.agentID == agentA.id)
        #expect(try store.runs(sweepID: sweep.id).map(\.number) == [1, 2])
        // The 0.2 s of preparing is not spent holding the lock.
        #expect(held.count == 1 && held[0] < 0.1, "lock held \(held)")
    }

    @Test(arguments: StoreKind.allCases)
    func noSnapshotProposalWhenARetryOrTheLimitDecides(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            let lost = try store.claimed(sweep, at: 0)
            var prepared = 0
            func claim(at now: Double, limit: Int?) throws -> ClaimOutcome {
                try store.claimRun(
                    sweepID: sweep.id, agent: agentB, now: now, heartbeatGrace: 30, maxRetries: 1,
                    countLimit: limit,
                    prepare: { _ in
                        prepared += 1
                        return #"{"p":1}"#
                    },
                    propose: { history, prepared in prepared ?? numberedConfig(history) })
            }
            // The snapshot still shows run 1 running (its grace has not passed): prepared.
            let second = try #require(try claim(at: 10, limit: nil).run)
            #expect(second.configJSON == #"{"p":1}"# && prepared == 1)
            // Two runs count toward a limit of 2: no proposal is prepared.
            #expect(try claim(at: 11, limit: 2) == .limitReached)
            #expect(prepared == 1)
            // Both went silent. The snapshot shows them running, so a proposal is prepared, but
            // the claim marks them crashed in the lock and retries the oldest instead.
            let retry = try #require(try claim(at: 100, limit: nil).run)
            #expect(retry.retryOf == lost.id && prepared == 2)
            // Now the snapshot shows run 2 crashed and not retried: nothing is prepared.
            #expect(try claim(at: 102, limit: nil).run?.retryOf == second.id)
            #expect(prepared == 2)
        }
    }

    /// A stale prepared proposal is prepared again from a new snapshot; after
    /// `maxPrepareAttempts` preparations, `propose` decides in the lock with none.
    @Test(arguments: StoreKind.allCases)
    func aStaleProposalIsPreparedAgainThenDecidedInTheLock(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            var preparations = 0
            var seen: [String?] = []
            let run = try #require(
                try store.claimRun(
                    sweepID: sweep.id, agent: agentA, now: 1, heartbeatGrace: 30, maxRetries: 1, countLimit: nil,
                    prepare: { _ in
                        preparations += 1
                        return #"{"try":\#(preparations)}"#
                    },
                    propose: { history, prepared in
                        seen.append(prepared)
                        return prepared == nil ? numberedConfig(history) : StaleProposal.marker
                    }
                ).run)
            #expect(preparations == RunStore.maxPrepareAttempts - 1)
            #expect(seen == [#"{"try":1}"#, #"{"try":2}"#, #"{"try":3}"#, nil])
            #expect(run.number == 1 && run.configJSON == #"{"n":1}"#)
            #expect(try store.runs(sweepID: sweep.id).count == 1)
        }
    }
}

/// Claims that read only the runs they need inside the lock.
@Suite struct RunStorePartialHistoryClaimsTests {
    @Test(arguments: StoreKind.allCases)
    func aPartialHistoryHasTheActiveRunsAndExactCounts(kind: StoreKind) throws {
        try withStore(kind) { store in
            let sweep = try store.makeSweep()
            // Runs 1-4 finished, 5 crashes (stale at 100), 6 stays running.
            for n in 1...4 { try store.finish(try store.claimed(sweep, at: Double(n)), at: Double(n)) }
            let stale = try store.claimed(sweep, at: 5)
            _ = try store.claimed(sweep, by: agentB, at: 90)
            var seen: [ClaimHistory] = []
            let outcome = try store.claimRun(
                sweepID: sweep.id, agent: agentB, now: 100, heartbeatGrace: 30, maxRetries: 0, countLimit: 6,
                propose: { history, _ in
                    seen.append(history)
                    return #"{"n":\#(history.nextNumber)}"#
                }, fullHistory: false)
            // Run 5 no longer counts (crashed, not retried with maxRetries 0): 5 of 6 counted.
            let run = try #require(outcome.run)
            #expect(run.number == 7 && run.retryOf == nil)
            let history = try #require(seen.first)
            #expect(history.nextNumber == 7)
            #expect(history.runs.map(\.number) == [5, 6], "the finished runs are not read")
            #expect(history.runs.map(\.state) == [.crashed, .running])
            #expect(try store.run(id: stale.id)?.state == .crashed)
            // Now 6 count: the limit holds without reading them.
            let limited = try store.claimRun(
                sweepID: sweep.id, agent: agentB, now: 100, heartbeatGrace: 30, maxRetries: 0, countLimit: 6,
                propose: { _, _ in "{}" }, fullHistory: false)
            #expect(limited == .limitReached)
        }
    }
}
