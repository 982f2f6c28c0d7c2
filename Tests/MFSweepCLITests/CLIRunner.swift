import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of the `mfsweep` executable did.
struct CLIResult: CustomStringConvertible {
    /// The arguments after the executable.
    var arguments: [String]
    /// The exit status; 128 + the signal number when the process was killed by a signal.
    var exitCode: Int32
    /// The signal that ended the process, if it did not exit normally.
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
    /// (then kills it and throws), and returns what it printed and its exit status.
    static func run(_ arguments: [String], timeout: Double = 60) throws -> CLIResult {
        let binary = try executable.get()
        let fm = FileManager.default
        let base = fm.temporaryDirectory.appendingPathComponent("mfsweep-cli-run-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil)
        else { throw CLIError("cannot create capture files at \(base.path).{out,err}") }
        defer {
            try? fm.removeItem(at: outURL)
            try? fm.removeItem(at: errURL)
        }
        // Files rather than pipes: the child can never block on a full pipe buffer.
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            try? outHandle.close()
            try? errHandle.close()
            throw CLIError("cannot start \(binary.path): \(error)")
        }
        try? outHandle.close()
        try? errHandle.close()

        let timedOut = exited.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + 5)
            }
        }
        let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        let status = process.terminationStatus
        let signaled = process.terminationReason == .uncaughtSignal
        let result = CLIResult(
            arguments: arguments, exitCode: signaled ? 128 + status : status, signal: signaled ? status : nil,
            stdout: stdout, stderr: stderr)
        if timedOut {
            throw CLIError("timed out after \(timeout) s and was killed: \(result)")
        }
        return result
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
