import Foundation

/// Thrown by ``waitUntil(_:timeout:every:_:)`` when its condition never held.
public struct WaitTimedOut: Error, CustomStringConvertible {
    /// What was waited for.
    public let what: String
    /// How long.
    public let timeout: Duration

    public var description: String { "timed out after \(timeout) waiting for \(what)" }
}

/// Waits until `condition` returns a value, checking it every `interval`, and returns that
/// value: a test waits for something it can observe (a run's state in the store, a file) rather
/// than sleeping for a time it hopes is long enough.
///
/// - Throws: ``WaitTimedOut`` after `timeout`, or what `condition` throws.
public func waitUntil<T>(
    _ what: String, timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(10),
    _ condition: () throws -> T?
) throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let value = try condition() { return value }
        if clock.now >= deadline { throw WaitTimedOut(what: what, timeout: timeout) }
        let (seconds, attoseconds) = interval.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) * 1e-18)
    }
}
