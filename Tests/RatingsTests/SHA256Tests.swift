import Ratings
import Testing

@Suite struct SHA256Tests {
    private func hex(_ bytes: [UInt8]) -> String { SHA256.hex(SHA256.hash(bytes)) }

    @Test func matchesFIPSVectors() {
        #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func hashesAMillionAs() {
        #expect(
            hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (expected values from Python's hashlib).
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func handlesPaddingBoundaries(length: Int, expected: String) {
        #expect(hex([UInt8](repeating: 0x61, count: length)) == expected)
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<3).flatMap { _ in (0...255).map(UInt8.init) }
        let expected = "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363"
        #expect(hex(data) == expected)
        for chunk in [1, 3, 63, 64, 65, 200] {
            var hasher = SHA256()
            var start = 0
            while start < data.count {
                let end = min(start + chunk, data.count)
                if chunk == 3 {
                    hasher.update(data[start..<end].lazy.map { $0 })  // not contiguous
                } else {
                    data[start..<end].withUnsafeBytes { hasher.update($0) }
                }
                start = end
            }
            #expect(SHA256.hex(hasher.finalize()) == expected, "chunk \(chunk)")
            // finalize starts over.
            #expect(SHA256.hex(hasher.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(SHA256.hex([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
    }
}
