/// A content fingerprint of ratings: the same ratings give the same fingerprint whatever the
/// file format, row order or dense index assignment.
public enum Fingerprint {
    /// `"sha256:"` + the hex SHA-256 of the table's canonical form: rows sorted by (raw user,
    /// raw item, timestamp, rating), raw ids compared by their UTF-8 bytes, each row written as
    /// `user\titem\trating\ttimestamp\n` with the rating as Swift prints a `Float` (`3.0`, `3.5`).
    ///
    /// - Complexity: O(count · log count).
    public static func of(_ table: RatingsTable) -> String {
        let userRanks = ranks(table.userIDs)
        let itemRanks = ranks(table.itemIDs)
        var order = Array(0..<table.count)
        let keys = (0..<table.count).map { row in
            UInt64(userRanks[Int(table.users[row])]) << 32 | UInt64(itemRanks[Int(table.items[row])])
        }
        order.sort { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            if table.timestamps[a] != table.timestamps[b] { return table.timestamps[a] < table.timestamps[b] }
            return table.ratings[a] < table.ratings[b]
        }

        let userBytes = table.userIDs.rawIDs.map { Array($0.utf8) }
        let itemBytes = table.itemIDs.rawIDs.map { Array($0.utf8) }
        var ratingText: [UInt32: [UInt8]] = [:]
        var hasher = SHA256()
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for row in order {
            chunk += userBytes[Int(table.users[row])]
            chunk.append(9)
            chunk += itemBytes[Int(table.items[row])]
            chunk.append(9)
            let rating = table.ratings[row]
            if let text = ratingText[rating.bitPattern] {
                chunk += text
            } else {
                let text = Array("\(rating)".utf8)
                ratingText[rating.bitPattern] = text
                chunk += text
            }
            chunk.append(9)
            appendDecimal(table.timestamps[row], to: &chunk)
            chunk.append(10)
            if chunk.count >= (1 << 16) - 256 {
                hasher.update(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        hasher.update(chunk)
        return "sha256:" + SHA256.hex(hasher.finalize())
    }

    /// The rank of each raw id (by dense index) in UTF-8 byte order.
    private static func ranks(_ ids: IDMap) -> [UInt32] {
        let bytes = ids.rawIDs.map { Array($0.utf8) }
        let sorted = bytes.indices.sorted { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        var ranks = [UInt32](repeating: 0, count: bytes.count)
        for (rank, index) in sorted.enumerated() { ranks[index] = UInt32(rank) }
        return ranks
    }

    private static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(45) }
        var magnitude = value.magnitude
        var digits: [UInt8] = []
        repeat {
            digits.append(UInt8(48 + magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out += digits.reversed()
    }
}
