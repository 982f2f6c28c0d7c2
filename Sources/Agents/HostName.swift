import Foundation

/// The host an agent says it runs on: `$MFSWEEP_HOST`, else the system's host name.
///
/// Recorded on every run the agent claims and named when its run is marked crashed. Setting it
/// tells agents apart that share a host name (containers, or tests that stand in for several
/// hosts on one machine).
public enum HostName {
    /// The current host's identity.
    public static var current: String {
        if let host = ProcessInfo.processInfo.environment["MFSWEEP_HOST"], !host.isEmpty { return host }
        return ProcessInfo.processInfo.hostName
    }
}
