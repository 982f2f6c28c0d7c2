import Dispatch

/// Calls `beat` every `interval` seconds on a background queue until ``stop()``, so a run's
/// heartbeat keeps going while the training loop holds the agent's thread.
public final class Heartbeat {
    private let timer: any DispatchSourceTimer

    /// Beats every `interval` seconds, the first time `interval` seconds from now (a run's
    /// claim is its first sign of life, so a run that ends sooner never beats).
    public init(interval: Double, beat: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "mfsweep.heartbeat"))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler(handler: beat)
        timer.resume()
    }

    /// Stops beating. A beat already running may still finish, so heartbeats must be harmless
    /// after a run ends (the store only updates runs that are still `running`).
    public func stop() {
        timer.cancel()
    }

    deinit { timer.cancel() }
}
