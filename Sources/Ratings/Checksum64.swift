/// A fast 64-bit checksum of large buffers, to tell a damaged cache file from a good one (not
/// a cryptographic hash: nobody forges cache files).
///
/// Each 1 MiB block is mixed in four lanes of 64-bit words (multiply, rotate, multiply, as
/// xxHash's rounds), on all cores; the block sums are then combined in order, so the value
/// does not depend on the number of threads.
enum Checksum64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let blockBytes = 1 << 20

    /// The checksum of `buffers`, in order (each buffer's length counts too).
    static func of(_ buffers: [UnsafeRawBufferPointer]) -> UInt64 {
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        for buffer in buffers {
            let blocks = (buffer.count + blockBytes - 1) / blockBytes
            var sums = [UInt64](repeating: 0, count: blocks)
            nonisolated(unsafe) let source = buffer
            sums.withUnsafeMutableBufferPointer { out in
                let target = SharedPointer(base: out.baseAddress!)
                ParallelChunks.run(blocks) { b in
                    let lo = b * blockBytes
                    let hi = min(source.count, lo + blockBytes)
                    target.base[b] = block(UnsafeRawBufferPointer(rebasing: source[lo..<hi]))
                }
            }
            h = mix(h, UInt64(buffer.count))
            for sum in sums { h = mix(h, sum) }
        }
        return h
    }

    /// One block: four lanes over its 32-byte strides, then the tail byte by byte.
    private static func block(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, 0, 0 &- prime1)
        var i = 0
        while i + 32 <= bytes.count {
            lanes.0 = round(lanes.0, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            lanes.1 = round(lanes.1, bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            lanes.2 = round(lanes.2, bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            lanes.3 = round(lanes.3, bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            i += 32
        }
        var h = mix(mix(mix(lanes.0, lanes.1), lanes.2), lanes.3)
        while i < bytes.count {
            h = mix(h, UInt64(bytes[i]))
            i += 1
        }
        return h
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
        let x = acc &+ word &* prime2
        return ((x << 31) | (x >> 33)) &* prime1
    }

    @inline(__always)
    private static func mix(_ h: UInt64, _ value: UInt64) -> UInt64 {
        var x = (h ^ round(0, value)) &* prime1 &+ prime2
        x ^= x >> 29
        return x
    }
}
