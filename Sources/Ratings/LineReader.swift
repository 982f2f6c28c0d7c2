#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Iterates the non-blank lines of a byte buffer: splits on `\n`, drops a trailing `\r`, skips
/// a leading UTF-8 byte-order mark and lines holding only spaces and tabs, and counts 1-based
/// line numbers including the skipped lines.
struct LineReader {
    let bytes: UnsafeRawBufferPointer
    private var position: Int
    /// The byte offset of the next line to read.
    var offset: Int { position }
    private var lineNumber = 0

    /// A reader at the start of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.count >= 3 && bytes.prefix(3).elementsEqual(bom) ? 3 : 0
    }

    /// The next non-blank line as a byte range without its line ending, with its line number.
    mutating func next() -> (range: Range<Int>, number: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        while position < count {
            lineNumber += 1
            let start = position
            let end: Int
            if let newline = memchr(base + start, 10, count - start) {
                end = base.distance(to: UnsafeRawPointer(newline))
            } else {
                end = count
            }
            position = end + 1
            var trimmedEnd = end
            if trimmedEnd > start && bytes[trimmedEnd - 1] == 13 { trimmedEnd -= 1 }
            var i = start
            while i < trimmedEnd && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            if i < trimmedEnd { return (start..<trimmedEnd, lineNumber) }
        }
        return nil
    }
}
