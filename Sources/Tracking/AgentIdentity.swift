/// Who claims and runs trials: an agent id, its host and its process id.
///
/// Stored on every run the agent claims, and named in the error of a run marked crashed.
public struct AgentIdentity: Sendable, Hashable {
    /// The agent's id, unique among the agents of a store (for example a UUID).
    public var id: String
    /// The host name.
    public var host: String
    /// The process id.
    public var pid: Int32

    /// Makes an identity.
    public init(id: String, host: String, pid: Int32) {
        self.id = id
        self.host = host
        self.pid = pid
    }
}
