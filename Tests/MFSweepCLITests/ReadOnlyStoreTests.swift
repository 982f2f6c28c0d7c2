import Foundation
import Testing
import Tracking

#if canImport(Glibc)
import Glibc
#endif

/// The reading commands (`status`, `runs`, `report`, `compare`, `models`) work on a store the
/// user may only read; they used to refuse with "agents need to write to the store".
@Suite("store: read-only")
struct ReadOnlyStoreTests {
    @Test("the reading commands open the store on a read-only connection")
    func readingConnectionCannotWrite() throws {
        let dir = try ScratchDirectory()
        let path = try ReportCommandTests.store(dir)
        let store = try RunStore.existingForReading(at: path)
        #expect(try store.sweep("snap").name == "snap")
        #expect(throws: (any Error).self) {
            _ = try store.createOrResumeSweep(name: "other", specJSON: "{}", fingerprint: "x", now: 0)
        }
        #expect(throws: StoreError.noStore(path: dir.url("missing.sqlite"))) {
            try RunStore.existingForReading(at: dir.url("missing.sqlite"))
        }
    }

    @Test("status, runs, report, compare and models read a store in a read-only file and folder")
    func readOnlyFileAndFolder() async throws {
        let dir = try ScratchDirectory()
        let path = try ReportCommandTests.store(dir)
        // The store in a folder of its own: file 0444 and folder 0555, so neither the file nor a
        // journal beside it can be written.
        let folder = dir.url("readonly")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = folder + "/store.sqlite"
        try FileManager.default.moveItem(atPath: path, toPath: store)
        let runner = try ReadOnlyRunner(scratch: dir)
        chmod(folder, 0o555)
        chmod(store, 0o444)
        defer { chmod(folder, 0o755) }
        let commands = [
            ["status"], ["runs", "snap"], ["report", "snap", "--top", "3"], ["compare", "snap/1", "snap/2"],
            ["models"],
        ]
        for command in commands {
            let result = try runner.run(command + ["--store", store])
            #expect(result.status == 0, "mfsweep \(command.joined(separator: " ")): \(result.stderr)")
            #expect(!result.stderr.contains("need to write"), "\(result.stderr)")
        }
    }
}

/// Runs the built `mfsweep` as a user who cannot write the store. Under root, permission bits do
/// not bind, so it runs as `nobody` (through `runuser`) from a copy of the binary that `nobody`
/// may execute; otherwise as the current user.
private struct ReadOnlyRunner {
    let binary: String
    let asNobody: Bool

    init(scratch: ScratchDirectory) throws {
        asNobody = geteuid() == 0
        guard asNobody else {
            binary = try CLIRunner.executable.get().path
            return
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw CLIError("running as root needs /usr/sbin/runuser to drop to `nobody`")
        }
        binary = scratch.url("mfsweep")
        try FileManager.default.copyItem(atPath: try CLIRunner.executable.get().path, toPath: binary)
        chmod(binary, 0o755)
        chmod(scratch.path, 0o755)
    }

    func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        let err = Pipe()
        if asNobody {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "nobody", "--", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
