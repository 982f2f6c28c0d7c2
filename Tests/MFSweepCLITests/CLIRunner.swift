import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one `mfsweep` command did: run as a process by ``CLIRunner``, or in the test process by
/// ``CLI``.
struct CLIResult: CustomStringConvertible {
    /// The arguments after the executable.
    var arguments: [String]
    /// The exit status; 128 + the signal number when the process was killed by a signal.
    var exitCode: Int32
    /// The signal that ended the process, if it did not exit normally (always nil in-process).
    var signal: Int32?
    /// Standard output, decoded as UTF-8.
    var stdout: String
    /// Standard error, decoded as UTF-8.
    var stderr: String

    /// The non-empty lines of standard error.
    var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Standard output parsed as one JSON object.
    func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw CLIError("stdout of `\(commandLine)` is not a JSON object:\n\(stdout)")
        }
        return object
    }

    /// Standard output decoded as `T` from JSON.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(stdout.utf8))
        } catch {
            throw CLIError("cannot decode stdout of `\(commandLine)` as \(T.self): \(error)\n\(stdout)")
        }
    }

    /// `mfsweep ARGS` as a person would type it.
    var commandLine: String {
        (["mfsweep"] + arguments).map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// The command, its status and both streams, for failure messages.
    var description: String {
        let status = signal.map { "killed by signal \($0)" } ?? "exit \(exitCode)"
        return "`\(commandLine)` → \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

/// A failure of the test harness itself (not of the tool under test).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs the `mfsweep` executable built next to the test runner as a subprocess.
enum CLIRunner {
    /// The executable's file name.
    static let executableName = "mfsweep"

    /// The `mfsweep` executable, or why it could not be found.
    static let executable: Result<URL, CLIError> = locateExecutable()

    /// Runs `mfsweep ARGUMENTS` with standard input empty, waits at most `timeout` seconds
    /// (then kills it and throws), and returns what it printed and its exit status. The wait
    /// holds no thread, so other tests run meanwhile.
    static func run(_ arguments: [String], timeout: Double = 60) async throws -> CLIResult {
        try await BackgroundCLI(arguments).wait(timeout: timeout)
    }

    /// Finds `mfsweep` in the build products directory, which holds the test runner
    /// (`…/debug/mfsweepPackageTests.xctest` on Linux, `…/debug/mfsweepPackageTests.xctest/Contents/MacOS/…`
    /// on macOS).
    private static func locateExecutable() -> Result<URL, CLIError> {
        var starts: [URL] = []
        #if os(Linux)
        starts.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        #endif
        if let url = Bundle.main.executableURL { starts.append(url) }
        starts.append(Bundle.main.bundleURL)
        if let first = CommandLine.arguments.first, !first.isEmpty {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            starts.append(URL(fileURLWithPath: first, relativeTo: cwd).absoluteURL)
        }

        var directories: [URL] = []
        for start in starts {
            let url = start.standardizedFileURL.resolvingSymlinksInPath()
            // The directory holding the runner, and the one holding an enclosing `.xctest` bundle.
            directories.append(url.deletingLastPathComponent())
            var ancestor = url
            while ancestor.pathComponents.count > 1 {
                if ancestor.pathExtension == "xctest" {
                    directories.append(ancestor.deletingLastPathComponent())
                    break
                }
                ancestor = ancestor.deletingLastPathComponent()
            }
        }

        var searched: [String] = []
        for directory in directories where !searched.contains(directory.path) {
            searched.append(directory.path)
            let candidate = directory.appendingPathComponent(executableName)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
                !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return .success(candidate)
            }
        }
        return .failure(
            CLIError(
                "the `\(executableName)` executable was not found next to the test runner; looked in: "
                    + searched.joined(separator: ", ")
                    + ". Build it first, e.g. `swift build --build-tests --scratch-path .build-cli`."))
    }
}

/// An `mfsweep` process, its output captured to files: one run by ``CLIRunner/run(_:timeout:)``,
/// or one left running in the background (an agent to kill or interrupt, or one of several
/// processes started at once).
final class BackgroundCLI {
    /// The arguments after the executable.
    let arguments: [String]
    private let process = Process()
    private let exited = ExitEvent()
    private let outURL: URL
    private let errURL: URL
    private var result: CLIResult?

    /// Starts `mfsweep ARGUMENTS` with standard input empty, and `environment` added to the
    /// test's own.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        self.arguments = arguments
        let binary = try CLIRunner.executable.get()
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mfsweep-cli-bg-\(UUID().uuidString)")
        outURL = base.appendingPathExtension("out")
        errURL = base.appendingPathExtension("err")
        guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil)
        else { throw CLIError("cannot create capture files at \(base.path).{out,err}") }
        // Files rather than pipes: the child can never block on a full pipe buffer.
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        process.executableURL = binary
        process.arguments = arguments
        // Help and usage wrap at 80 columns whatever the terminal the tests run in, as in-process.
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "COLUMNS" }
            .merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw CLIError("cannot start \(binary.path): \(error)")
        }
    }

    deinit {
        if result == nil {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            exited.blockingWait(timeout: 10)
        }
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether the process has not exited yet.
    var isRunning: Bool { result == nil && !exited.hasHappened }

    /// What the process printed and its exit status, once it has exited (nil while it runs).
    var exitedResult: CLIResult? {
        if result == nil && exited.hasHappened { result = capture() }
        return result
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits at most `timeout` seconds for the process to exit (then kills it and throws) and
    /// returns what it printed and its exit status. The wait holds no thread.
    func wait(timeout: Double) async throws -> CLIResult {
        if let result { return result }
        if await !exited.wait(timeout: timeout) {
            kill(process.processIdentifier, SIGKILL)
            _ = await exited.wait(timeout: 10)
            let partial = capture()
            result = partial
            throw CLIError("timed out after \(timeout) s and was killed: \(partial)")
        }
        let done = capture()
        result = done
        return done
    }

    private func capture() -> CLIResult {
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let running = !exited.hasHappened
        let status = running ? -1 : process.terminationStatus
        let signaled = !running && process.terminationReason == .uncaughtSignal
        return CLIResult(
            arguments: arguments, exitCode: signaled ? 128 + status : status, signal: signaled ? status : nil,
            stdout: stdout, stderr: stderr)
    }
}

/// Something that happens once (a process's exit), awaited by tasks without holding a thread:
/// each waiter is a continuation, resumed by ``signal()`` or by its own deadline.
final class ExitEvent: Sendable {
    private struct State {
        var happened = false
        var nextWaiter = 0
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
    }
    private let state = Mutex(State())

    /// Whether it has happened.
    var hasHappened: Bool { state.withLock { $0.happened } }

    /// Records that it happened and resumes every waiter.
    func signal() {
        let waiters = state.withLock { state in
            state.happened = true
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume(returning: true) }
    }

    /// Waits at most `timeout` seconds; returns whether it happened.
    func wait(timeout: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            let id: Int? = state.withLock { state in
                if state.happened { return nil }
                defer { state.nextWaiter += 1 }
                state.waiters[state.nextWaiter] = continuation
                return state.nextWaiter
            }
            guard let id else { return continuation.resume(returning: true) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }

    /// Waits at most `timeout` seconds, blocking the thread (for `deinit`, which cannot await).
    func blockingWait(timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        while !hasHappened && Date() < deadline { usleep(10_000) }
    }
}
