/// One run (trial) of a sweep: a config, the agent that runs it and its outcome.
///
/// Table `run`. `number` is unique within a sweep and counts from 1 in claim order.
public struct RunRecord: Codable, Sendable, Hashable {
    /// The row id, unique in the store, assigned by the store.
    public var id: Int64
    /// The sweep this run belongs to.
    public var sweepID: Int64
    /// The run's number in its sweep: 1, 2, … in claim order.
    public var number: Int
    /// The run's config (hyperparameters) as JSON text.
    public var configJSON: String
    /// Where the run is in its life cycle.
    public var state: RunState
    /// The agent that claimed the run.
    public var agentID: String
    /// The host the agent runs on.
    public var host: String
    /// The agent's process id.
    public var pid: Int32
    /// The last heartbeat, in seconds since 1970 (nil before the first one).
    public var heartbeatAt: Double?
    /// When the run was claimed, in seconds since 1970.
    public var startedAt: Double
    /// When the run ended, in seconds since 1970. For a crashed run: its last sign of life.
    public var finishedAt: Double?
    /// The sweep metric's final value for this run (nil until finished, or if NaN).
    public var summaryMetric: Double?
    /// Why the run failed, crashed or stopped.
    public var error: String?
    /// The id of the crashed or stopped run whose config this run retries.
    public var retryOf: Int64?
    /// The number of optimisation steps taken.
    public var steps: Int?
    /// The wall time of the run in seconds.
    public var seconds: Double?

    /// Makes a record; the store assigns `id` and `number` when a claim inserts one.
    public init(
        id: Int64, sweepID: Int64, number: Int, configJSON: String, state: RunState,
        agentID: String, host: String, pid: Int32, heartbeatAt: Double? = nil,
        startedAt: Double, finishedAt: Double? = nil, summaryMetric: Double? = nil,
        error: String? = nil, retryOf: Int64? = nil, steps: Int? = nil, seconds: Double? = nil
    ) {
        self.id = id
        self.sweepID = sweepID
        self.number = number
        self.configJSON = configJSON
        self.state = state
        self.agentID = agentID
        self.host = host
        self.pid = pid
        self.heartbeatAt = heartbeatAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.summaryMetric = summaryMetric
        self.error = error
        self.retryOf = retryOf
        self.steps = steps
        self.seconds = seconds
    }

    /// The last sign of life: the heartbeat, or the start if the run never beat.
    public var lastSeenAt: Double { heartbeatAt ?? startedAt }
}

extension RunRecord: StoredRecord {
    static let table = "run"
    static let columns = [
        "id", "sweepID", "number", "configJSON", "state", "agentID", "host", "pid", "heartbeatAt", "startedAt",
        "finishedAt", "summaryMetric", "error", "retryOf", "steps", "seconds",
    ]

    init(row: SQLRow) throws {
        self.init(
            id: try row.int64(0), sweepID: try row.int64(1), number: try row.int(2), configJSON: try row.string(3),
            state: try row.raw(4, as: RunState.self), agentID: try row.string(5), host: try row.string(6),
            pid: Int32(truncatingIfNeeded: try row.int64(7)), heartbeatAt: try row.optionalDouble(8),
            startedAt: try row.double(9), finishedAt: try row.optionalDouble(10),
            summaryMetric: try row.optionalDouble(11), error: try row.optionalString(12),
            retryOf: try row.optionalInt64(13), steps: try row.optionalInt(14), seconds: try row.optionalDouble(15))
    }

    var values: [SQLValue] {
        [
            .integer(id), .integer(sweepID), SQLValue(number), .text(configJSON), .text(state.rawValue),
            .text(agentID), .text(host), SQLValue(pid), SQLValue(heartbeatAt), SQLValue(startedAt),
            SQLValue(finishedAt), SQLValue(summaryMetric), SQLValue(error), SQLValue(retryOf), SQLValue(steps),
            SQLValue(seconds),
        ]
    }
}
