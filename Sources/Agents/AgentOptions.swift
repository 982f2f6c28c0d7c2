import Reports

/// How an agent runs.
public struct AgentOptions: Sendable {
    /// The store file.
    public var storePath: String
    /// The sweep's name.
    public var sweep: String
    /// Most runs this agent trains (nil: until the sweep is done).
    public var count: Int?
    /// A running run whose heartbeat is older than this many seconds is crashed.
    public var heartbeatGrace: Double = 30
    /// Seconds between heartbeats.
    public var heartbeatInterval: Double = 5
    /// How many times a crashed run's config is retried.
    public var maxRetries: Int = 1
    /// An agent whose first this-many runs all fail stops (0: never), as W&B's agent gives up
    /// after `WANDB_AGENT_MAX_INITIAL_FAILURES`: when every run fails from the start, the cause
    /// (a missing program, a parameter that always diverges) is the sweep's, and retrying only
    /// fills the store with failed runs.
    public var maxInitialFailures: Int = 5
    /// Training threads.
    public var threads: Int
    /// Log metrics every this many steps.
    public var logEvery: Int = 50
    /// This agent's id (unique per process).
    public var agentID: String

    /// Options with the defaults above.
    public init(storePath: String, sweep: String, count: Int? = nil, threads: Int, agentID: String) {
        self.storePath = storePath
        self.sweep = sweep
        self.count = count
        self.threads = threads
        self.agentID = agentID
    }
}

extension AgentOptions {
    /// Seconds between heartbeats when neither interval nor grace is given.
    public static let defaultHeartbeatInterval = 5.0

    /// The seconds between heartbeats for a grace period of `grace` seconds: `interval` when
    /// given, else a third of the grace, at most ``defaultHeartbeatInterval``, so a run beats
    /// at least three times before it can be taken for crashed. (Optuna likewise derives one
    /// setting from the other: its grace period defaults to twice the heartbeat interval.)
    ///
    /// - Throws: ``SweepError/invalidOption(option:message:)`` when either is not a positive number, or when the given
    ///   interval is not shorter than the grace.
    public static func heartbeatInterval(grace: Double, interval: Double?) throws -> Double {
        guard grace.isFinite, grace > 0 else {
            throw SweepError.invalidOption(
                option: "--heartbeat-grace",
                message: "--heartbeat-grace must be a positive number of seconds, got \(grace)")
        }
        guard let interval else { return min(defaultHeartbeatInterval, grace / 3) }
        guard interval.isFinite, interval > 0 else {
            throw SweepError.invalidOption(
                option: "--heartbeat-interval",
                message: "--heartbeat-interval must be a positive number of seconds, got \(interval)")
        }
        guard interval < grace else {
            throw SweepError.invalidOption(
                option: "--heartbeat-interval",
                message: "--heartbeat-interval (\(interval) s) must be shorter than --heartbeat-grace (\(grace) s); "
                    + "leave it out to beat every \(NumberFormat.significant(min(defaultHeartbeatInterval, grace / 3))) s"
            )
        }
        return interval
    }
}
