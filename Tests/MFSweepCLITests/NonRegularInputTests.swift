import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Data, sweep and config paths that name something other than a regular file.
@Suite("inputs that are not regular files", .timeLimit(.minutes(3)))
struct NonRegularInputTests {
    @Test("data info and train on /dev/zero exit 64: not a regular file (a character device)")
    func characterDevice() async throws {
        for arguments in [["data", "info", "/dev/zero"], ["train", "--data", "/dev/zero", "--param", "steps=1"]] {
            let result = try await CLI.run(arguments)
            #expect(result.exitCode == 64, "\(result)")
            #expect(result.stderrLines == ["error: /dev/zero: not a regular file (a character device)"], "\(result)")
        }
    }

    @Test("a FIFO as data, sweep file or config exits 64 naming it as a FIFO, without waiting for a writer")
    func fifo() async throws {
        let dir = try ScratchDirectory()
        let fifo = dir.url("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let data = try await CLI.run(["data", "info", fifo])
        #expect(data.exitCode == 64, "\(data)")
        #expect(data.stderrLines == ["error: \(fifo): not a regular file (a FIFO)"], "\(data)")

        let store = dir.url("store/mfsweep.sqlite")
        let sweep = try await CLI.run(["launch", fifo, "--store", store])
        #expect(sweep.exitCode == 64, "\(sweep)")
        #expect(sweep.stderrLines == ["\(fifo): error: not a regular file (a FIFO)"], "\(sweep)")
        #expect(!FileManager.default.fileExists(atPath: dir.url("store")))

        let ratings = try await dir.synthesize(users: 10, items: 8)
        let config = try await CLI.run(["train", "--data", ratings.path, "--config", fifo, "--param", "steps=1"])
        #expect(config.exitCode == 64, "\(config)")
        #expect(config.stderrLines == ["error: \(fifo): not a regular file (a FIFO)"], "\(config)")
    }
}
