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
