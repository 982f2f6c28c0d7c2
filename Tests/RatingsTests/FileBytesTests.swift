import Core
import Ratings
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Data that is not a regular file is refused with its true kind, before it is opened (opening
/// a FIFO waits for a writer; reading `/dev/zero` never ends).
@Suite(.timeLimit(.minutes(1)))
struct FileBytesTests {
    @Test func refusesACharacterDevice() {
        let error = ratingsError { _ = try RatingsLoader.load(path: "/dev/zero") }
        #expect(error?.description == "/dev/zero: not a regular file (a character device)")
        #expect(error?.exitStatus == .invalidInput)
        #expect(
            ratingsError { _ = try ItemTitles.load(path: "/dev/null") }?.message
                == "not a regular file (a character device)")
    }

    @Test func refusesAFIFO() throws {
        try withTempDirectory { dir in
            let path = dir.path("ratings.fifo")
            #expect(mkfifo(path, 0o600) == 0)
            let error = ratingsError { _ = try RatingsLoader.load(path: path, format: .movieLens100k) }
            #expect(error == RatingsError(file: path, message: "not a regular file (a FIFO)"))
        }
    }

    @Test func refusesStandardInputUnlessItIsARegularFile() throws {
        guard let kind = FileKind(path: "/dev/stdin"), kind != .regular else { return }
        let error = ratingsError { _ = try RatingsLoader.load(path: "/dev/stdin") }
        #expect(error?.message == "not a regular file (\(kind))")
    }

    @Test func readsARegularFileThroughASymbolicLink() throws {
        try withTempDirectory { dir in
            let target = try dir.file("u.data", "1\t2\t3\t4\n")
            let link = dir.path("linked.data")
            #expect(symlink(target, link) == 0)
            #expect(try RatingsLoader.load(path: link).table.count == 1)
        }
    }
}
