import Core
import Factorization
import Foundation
import Ratings
import TestSupport
import Testing

@testable import Registry

/// The model file: a bit-exact round trip, and every kind of damage named with the file.
struct ModelArtifactTests {
    static func artifact(bias: Bool = true, range: Bool = false) -> ModelArtifact {
        var h = Hyperparameters()
        h.embDim = 11
        h.bias = bias
        h.yRange = range ? 0.5...5.5 : nil
        let seeded = MFModel(userCount: 7, itemCount: 9, hyperparameters: h, mean: 3.6, seed: 5)
        let model = MFModel(
            users: seeded.users, items: seeded.items, userBias: bias ? (0..<7).map { Float($0) * 0.125 - 0.3 } : nil,
            itemBias: bias ? (0..<9).map { Float($0) * -0.0625 + 0.2 } : nil, offset: seeded.offset,
            outputRange: seeded.outputRange)
        let seen = SeenItems(users: [0, 0, 1, 3, 6, 6, 6], items: [2, 1, 8, 0, 3, 4, 5], userCount: 7)
        return ModelArtifact(
            model: model, userIDs: IDMap(rawIDs: (1...7).map { "u\($0)" }),
            itemIDs: IDMap(rawIDs: (1...9).map { "\($0 * 10)" }),
            titles: (0..<9).map { $0 == 4 ? "" : "Film №\($0) (199\($0))" }, seen: seen, configJSON: #"{"emb_dim":11}"#,
            dataFingerprint: "sha256:abc", metadataJSON: #"{"sweep":"s"}"#)
    }

    static func decode(_ bytes: [UInt8], expected: String? = nil) throws(ArtifactError) -> ModelArtifact {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ArtifactError) -> ModelArtifact in
                try ModelArtifact.decode(raw, path: "x/model.mfm", expectedSHA256: expected)
            }
        }.get()
    }

    static func error(_ bytes: [UInt8], expected: String? = nil) -> ArtifactError? {
        do {
            _ = try decode(bytes, expected: expected)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [(true, false), (true, true), (false, false)])
    func roundTripIsBitExact(bias: Bool, range: Bool) throws {
        let original = Self.artifact(bias: bias, range: range)
        let bytes = original.encoded()
        let copy = try Self.decode(bytes, expected: ArtifactFiles.sha256(bytes))
        #expect(
            copy.model.dotModel!.users.flattened().map(\.bitPattern)
                == original.model.dotModel!.users.flattened().map(\.bitPattern))
        #expect(
            copy.model.dotModel!.items.flattened().map(\.bitPattern)
                == original.model.dotModel!.items.flattened().map(\.bitPattern))
        #expect(
            copy.model.dotModel!.userBias?.map(\.bitPattern) == original.model.dotModel!.userBias?.map(\.bitPattern))
        #expect(
            copy.model.dotModel!.itemBias?.map(\.bitPattern) == original.model.dotModel!.itemBias?.map(\.bitPattern))
        #expect(copy.model.dotModel!.offset.bitPattern == original.model.dotModel!.offset.bitPattern)
        #expect(copy.model.dotModel!.outputRange == original.model.dotModel!.outputRange)
        #expect(copy.userIDs == original.userIDs && copy.itemIDs == original.itemIDs)
        #expect(copy.titles == original.titles && copy.seen == original.seen)
        #expect(copy.configJSON == original.configJSON && copy.dataFingerprint == original.dataFingerprint)
        #expect(copy.metadataJSON == original.metadataJSON)
        #expect(copy.encoded() == bytes, "re-encoding gives the same bytes")
        #expect(copy.title(of: 4) == nil && copy.label(of: 4) == "item 50")
        #expect(Array(bytes.prefix(8)) == Array("MFMODEL\0".utf8))
    }

    @Test func everyFlippedByteIsDetected() {
        let bytes = Self.artifact().encoded()
        var undetected: [Int] = []
        // Every byte of the header, then a stride through the body and the trailer.
        for position in Array(0..<64) + Array(stride(from: 64, to: bytes.count, by: 7)) + [bytes.count - 1] {
            var damaged = bytes
            damaged[position] ^= 0x5A
            if Self.error(damaged) == nil { undetected.append(position) }
        }
        #expect(undetected == [], "flipped bytes that still decoded")
    }

    @Test func aCorruptedByteIsAChecksumMismatchNamingTheFile() throws {
        var bytes = Self.artifact().encoded()
        let sha = ArtifactFiles.sha256(bytes)
        bytes[200] ^= 1
        let plain = try #require(Self.error(bytes))
        #expect(plain.description.hasPrefix("artifact x/model.mfm: checksum mismatch (trailer says "))
        let stored = try #require(Self.error(bytes, expected: sha))
        #expect(
            stored.description.hasPrefix(
                "artifact x/model.mfm: checksum mismatch (expected \(sha) as the store records it, got "))
        #expect(!stored.description.contains("\n"))
    }

    @Test func truncatedWrongMagicAndWrongVersion() throws {
        let bytes = Self.artifact().encoded()
        #expect(
            Self.error(Array(bytes.prefix(bytes.count - 10)))?.message.hasPrefix(
                "truncated: the header says \(bytes.count) bytes") == true)
        #expect(Self.error(Array(bytes.prefix(40)))?.message == "truncated: 40 bytes, a model file has at least 96")
        #expect(Self.error([])?.message.hasPrefix("truncated") == true)
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(Self.error(magic)?.message == #"not an mfsweep model file (it does not start with "MFMODEL")"#)
        var version = bytes
        version[8] = 3
        #expect(
            Self.error(version)?.message == "format version 3 is not one this mfsweep reads (it reads versions 1 to 2)")
        #expect(Self.error(bytes + [0])?.message.hasPrefix("damaged: the header says") == true)
    }

    @Test func filesAreWrittenAtomicallyAndLoadedWithTheirChecksum() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let folder = directory.path
        let bytes = Self.artifact().encoded()
        let temporary = try ArtifactFiles.writeTemporary(bytes, in: folder + "/m")
        #expect(temporary.hasPrefix(folder + "/m/.tmp-"))
        let final = folder + "/m/v1/model.mfm"
        try ArtifactFiles.install(temporary, at: final)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        let loaded = try ArtifactFiles.load(path: final, expectedSHA256: ArtifactFiles.sha256(bytes))
        #expect(loaded.encoded() == bytes)
        #expect(throws: ArtifactError(path: folder + "/none.mfm", "no such file")) {
            try ArtifactFiles.load(path: folder + "/none.mfm")
        }
        #expect(throws: ArtifactError(path: folder + "/m", "is a folder; expected a model file")) {
            try ArtifactFiles.load(path: folder + "/m")
        }
        #expect(throws: ArtifactError(path: "/dev/zero", "is not a regular file; expected a model file")) {
            try ArtifactFiles.load(path: "/dev/zero")
        }
    }

    /// A promote killed between writing its temporary file and registering it leaves the file
    /// behind; the next write in that folder removes it once it is an hour old, and leaves a
    /// recent one (another promote may be about to register it) and other files alone.
    @Test func staleTemporaryFilesAreRemovedByTheNextWrite() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let folder = directory.path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stale = folder + "/.tmp-stale.mfm"
        let recent = folder + "/.tmp-recent.mfm"
        let other = folder + "/notes.mfm"
        for path in [stale, recent, other] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data([1])))
        }
        let old = Date(timeIntervalSinceNow: -(ArtifactFiles.staleTemporaryAge + 60))
        for path in [stale, other] {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        let written = try ArtifactFiles.writeTemporary([1, 2, 3], in: folder)
        #expect(!FileManager.default.fileExists(atPath: stale))
        for path in [recent, other, written] { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
    }

    /// `bytes` with a little-endian u32 written at `offset`, then resealed (new SHA-256
    /// trailer), as a hostile writer would do: the checksum is no defence against a crafted file.
    static func patched(_ bytes: [UInt8], _ patches: [(offset: Int, value: UInt32)]) -> [UInt8] {
        var out = bytes
        for (offset, value) in patches {
            withUnsafeBytes(of: value.littleEndian) { for k in 0..<4 { out[offset + k] = $0[k] } }
        }
        let body = out.count - ModelArtifact.trailerSize
        out.replaceSubrange(body..., with: SHA256.hash(out[..<body]))
        return out
    }

    @Test func craftedFilesWithAValidChecksumAreErrorsNotCrashes() throws {
        let original = Self.artifact()
        let bytes = original.encoded()
        let n = 7, m = 9, d = 11
        let offsets = 64 + 4 * (n * d + m * d + n + m)
        let strings = offsets + 4 * (n + 1) + 4 * original.seen.items.count
        let cases: [(String, [(offset: Int, value: UInt32)], String)] = [
            // A CSR offset past the end of the item rows (user 5's slice runs off the array).
            ("offset past the end", [(offsets + 4 * 6, UInt32(original.seen.items.count + 2))], "rated-items table"),
            ("first offset not 0", [(offsets, 1)], "rated-items table"),
            ("item row out of range", [(offsets + 4 * (n + 1), UInt32(m))], "rated-items table"),
            ("4 billion users", [(16, .max), (24, 4096)], "damaged"),
            ("2^31 items", [(20, 1 << 31)], "damaged"),
            ("dimension 0", [(24, 0)], "bad header"),
            ("unknown flag", [(12, 4 | 1)], "bad header"),
            ("a 4 GB string", [(strings, .max)], "a string runs past the end"),
            (
                "output range flag with lo > hi", [(12, 3), (36, Float(5).bitPattern), (40, Float(1).bitPattern)],
                "output range"
            ),
            (
                "output range flag with NaN", [(12, 3), (36, Float.nan.bitPattern), (40, Float(5).bitPattern)],
                "output range"
            ),
            // Non-finite numbers used to load, and `recommend` printed "top 0 unrated items".
            ("a NaN user factor", [(64 + 4 * (3 * d + 2), Float.nan.bitPattern)], "user factor row 3, column 2 is nan"),
            (
                "an infinite item factor", [(64 + 4 * (n * d + 4), Float.infinity.bitPattern)],
                "item factor row 0, column 4 is inf"
            ),
            ("a NaN item bias", [(64 + 4 * (n * d + m * d + n + 1), Float.nan.bitPattern)], "item bias 1 is nan"),
            ("a NaN offset", [(32, Float.nan.bitPattern)], "the global offset is nan"),
        ]
        for (what, patches, message) in cases {
            let error = Self.error(Self.patched(bytes, patches))
            #expect(error?.message.contains(message) == true, "\(what): \(String(describing: error))")
            #expect(error?.path == "x/model.mfm", "\(what)")
        }
        #expect(Self.error(Self.patched(bytes, [])) == nil, "resealing alone changes nothing")
    }

    @Test func itemsAreFoundByIdOrTitleAndRepeatedTitlesAreAmbiguous() {
        var artifact = Self.artifact()
        // MovieLens 100K has 18 titles used by two item ids each (e.g. "Chasing Amy (1997)").
        artifact.titles = [
            "Chasing Amy (1997)", "Fargo (1996)", "Chasing Amy (1997)", "Heat (1995)", "",
            "heat (1995)", "Toy Story (1995)", "70", "Sliding Doors (1998)",
        ]
        #expect(artifact.findItem("20") == .found(1), "a raw id")
        #expect(artifact.findItem("70") == .found(6), "a raw id wins over a title")
        #expect(artifact.findItem("Fargo (1996)") == .found(1))
        #expect(artifact.findItem("fargo (1996)") == .found(1), "case-insensitive")
        #expect(artifact.findItem("Chasing Amy (1997)") == .ambiguous([0, 2]), "two items share the exact title")
        #expect(artifact.findItem("Heat (1995)") == .found(3), "an exact title beats one that differs in case")
        #expect(artifact.findItem("HEAT (1995)") == .ambiguous([3, 5]), "two titles differ from it only in case")
        #expect(artifact.findItem("toy") == .found(6))
        #expect(artifact.findItem("(199") == .ambiguous([0, 1, 2, 3, 5, 6, 8]))
        #expect(artifact.findItem("Nothing") == ModelArtifact.ItemMatch.none)
        #expect(artifact.findItem("") == ModelArtifact.ItemMatch.none)
    }

    @Test func aFailedRegistrationRemovesOnlyItsOwnFile() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let folder = directory.path
        let final = folder + "/m/v1/model.mfm"
        // Ours was installed, then (our transaction having failed) another promote of version 1
        // put its file in place: undoing ours must leave theirs.
        let ours = try ArtifactFiles.writeTemporary([1, 2, 3], in: folder + "/m")
        let id = try #require(ArtifactFiles.fileID(ours))
        try ArtifactFiles.install(ours, at: final)
        #expect(ArtifactFiles.fileID(final) == id, "a rename keeps the file's id")
        try ArtifactFiles.install(try ArtifactFiles.writeTemporary([4, 5], in: folder + "/m"), at: final)
        ArtifactFiles.uninstall(final, id: id)
        #expect(FileManager.default.contents(atPath: final) == Data([4, 5]))
        // Without a replacement, the file and its empty folder go.
        let again = try ArtifactFiles.writeTemporary([6], in: folder + "/m")
        let againID = try #require(ArtifactFiles.fileID(again))
        try ArtifactFiles.install(again, at: folder + "/m/v2/model.mfm")
        ArtifactFiles.uninstall(folder + "/m/v2/model.mfm", id: againID)
        #expect(!FileManager.default.fileExists(atPath: folder + "/m/v2"))
    }

    /// Crafted files: random u32s written over the header and the tables, resealed so the
    /// checksum passes. Decoding must throw or succeed, never trap.
    @Test func resealedRandomDamageNeverCrashes() {
        let bytes = Self.artifact(range: true).encoded()
        var rng = SeededGenerator(seed: 11, stream: "artifact.fuzz")
        let iterations = Int(ProcessInfo.processInfo.environment["MFSWEEP_FUZZ_ITERATIONS"] ?? "") ?? 200
        for _ in 0..<iterations {
            var patches: [(offset: Int, value: UInt32)] = []
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                // Mostly the header's counts and flags, the CSR tables and the string lengths.
                let tables = 64 + 4 * (7 * 11 + 9 * 11 + 7 + 9)
                let offset =
                    switch rng.next() % 4 {
                    case 0: 12 + 4 * Int(rng.next() % 9)
                    case 1: tables + 4 * Int(rng.next() % 15)
                    case 2: tables + 60 + Int(rng.next() % 200)
                    default: Int(rng.next() % UInt64(bytes.count - ModelArtifact.trailerSize - 4))
                    }
                let value: UInt32 =
                    switch rng.next() % 4 {
                    case 0: UInt32(truncatingIfNeeded: rng.next())
                    case 1: UInt32(rng.next() % 16)
                    case 2: UInt32.max - UInt32(rng.next() % 4)
                    default: UInt32(1) << UInt32(rng.next() % 32)
                    }
                patches.append((offset, value))
            }
            _ = Self.error(Self.patched(bytes, patches))
        }
    }
}
