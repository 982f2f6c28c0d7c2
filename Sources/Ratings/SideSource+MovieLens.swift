import Core
import Foundation

extension SideSource {
    /// MovieLens 100K's genres, in `u.item`'s flag order, for a folder without `u.genre`.
    static let movieLensGenres = [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]

    /// The first of `candidates` in `folder`, or an error naming the feature that needs one.
    private static func find(
        _ candidates: [String], in folder: String, ratingsPath: String, feature: SideFeatureName, option: String
    ) throws -> String {
        for name in candidates {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        let listed = candidates.joined(separator: " or ")
        throw RatingsError(
            file: ratingsPath,
            message: "feature \(feature.feature) needs MovieLens's \(feature.level.rawValue) file (\(listed)) "
                + "beside the ratings, in \(folder); or give \(option)")
    }

    /// MovieLens's users: `u.user` (`id|age|gender|occupation|zip`) or `users.dat`
    /// (`id::gender::age::occupation::zip`).
    static func movieLensUsers(
        folder: String, family: String, ratingsPath: String, first: SideFeatureName
    ) throws -> SideSource {
        let candidates = family == "dat" ? ["users.dat", "u.user"] : ["u.user", "users.dat"]
        let path = try find(candidates, in: folder, ratingsPath: ratingsPath, feature: first, option: "user_features")
        let dat = path.hasSuffix(".dat")
        let table = try SideTable(
            path: path, delimiter: dat ? "::" : "|", quoting: false, hasHeader: false, fieldCount: 5,
            key: { _, _ in 0 }, idName: "user id")
        let columns =
            dat
            ? ["gender": 1, "age": 2, "occupation": 3, "zip": 4] : ["age": 1, "gender": 2, "occupation": 3, "zip": 4]
        return SideSource(table: table) { name, rows in
            let c = columns[name.column]!
            switch name.column {
            case "age":
                for row in table.rowsByLine where !row.fields[c].isEmpty && number(row.fields[c]) == nil {
                    throw RatingsError(
                        file: path, line: row.line, message: "feature user.age: \"\(row.fields[c])\" is not a number")
                }
                return .continuous(name: name.feature, values: rows.map { $0.flatMap { number($0.fields[c]) } })
            case "zip":
                // The first character: a region (US zip codes' first digit), so the levels stay few.
                return .categorical(name: name.feature, values: rows.map { $0.map { String($0.fields[c].prefix(1)) } })
            default:
                return .categorical(name: name.feature, values: rows.map { $0?.fields[c] })
            }
        }
    }

    /// MovieLens's items: `u.item` (`id|title|release date|video date|URL|19 genre flags`),
    /// `movies.dat` (`id::Title (Year)::Genre|Genre`) or `movies.csv` (`movieId,title,genres`).
    static func movieLensItems(
        folder: String, family: String, ratingsPath: String, first: SideFeatureName
    ) throws -> SideSource {
        let candidates =
            switch family {
            case "dat": ["movies.dat", "u.item", "movies.csv"]
            case "csv": ["movies.csv", "movies.dat", "u.item"]
            default: ["u.item", "movies.dat", "movies.csv"]
            }
        let path = try find(candidates, in: folder, ratingsPath: ratingsPath, feature: first, option: "item_features")
        if path.hasSuffix("u.item") { return try uItem(path: path, folder: folder) }
        let csv = path.hasSuffix(".csv")
        var titleColumn = 1
        var genresColumn = 2
        let table = try SideTable(
            path: path, delimiter: csv ? "," : "::", quoting: csv, hasHeader: csv, fieldCount: csv ? nil : 3,
            key: { header, line in
                guard csv else { return 0 }
                titleColumn = try column(.name("title"), in: header, path: path, line: line, role: "title")
                genresColumn = try column(.name("genres"), in: header, path: path, line: line, role: "genres")
                return try column(.name("movieId"), in: header, path: path, line: line, role: "key")
            }, idName: "item id")
        let (t, g) = (titleColumn, genresColumn)
        return SideSource(table: table) { name, rows in
            if name.column == "year" {
                return .continuous(name: name.feature, values: rows.map { $0.flatMap { titleYear($0.fields[t]) } })
            }
            func genres(_ row: SideTable.Row) -> [String] {
                row.fields[g].split(separator: "|").map(String.init).filter { $0 != "(no genres listed)" }
            }
            let labels = Set(table.rowsByLine.flatMap(genres)).sorted()
            let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
            return .multiHot(
                name: name.feature, labels: labels,
                values: rows.map { $0.map { Set(genres($0).compactMap { index[$0] }) } })
        }
    }

    /// `u.item`, with genre names from `u.genre` beside it when present.
    private static func uItem(path: String, folder: String) throws -> SideSource {
        let genrePath = (folder as NSString).appendingPathComponent("u.genre")
        let genres =
            FileManager.default.fileExists(atPath: genrePath) ? try genreNames(genrePath) : movieLensGenres
        let table = try SideTable(
            path: path, delimiter: "|", quoting: false, hasHeader: false, fieldCount: 5 + genres.count,
            key: { _, _ in 0 }, idName: "item id")
        return SideSource(table: table) { name, rows in
            if name.column == "year" {
                var years: [Int: Double?] = [:]
                for row in table.rowsByLine {
                    let date = row.fields[2]
                    guard !date.isEmpty else { continue }
                    guard let year = date.split(separator: "-").last.flatMap({ Int($0) }) else {
                        throw RatingsError(
                            file: path, line: row.line,
                            message: "feature item.year: release date \"\(date)\" is not DD-Mon-YYYY")
                    }
                    years[row.line] = Double(year)
                }
                return .continuous(name: name.feature, values: rows.map { $0.flatMap { years[$0.line] ?? nil } })
            }
            var flags: [Int: Set<Int>] = [:]
            for row in table.rowsByLine {
                var set: Set<Int> = []
                for k in genres.indices {
                    switch row.fields[5 + k] {
                    case "1": set.insert(k)
                    case "0": break
                    default:
                        throw RatingsError(
                            file: path, line: row.line,
                            message: "feature item.genres: flag \(k + 1) (\(genres[k])) is \"\(row.fields[5 + k])\", "
                                + "expected 0 or 1")
                    }
                }
                flags[row.line] = set
            }
            return .multiHot(name: name.feature, labels: genres, values: rows.map { $0.flatMap { flags[$0.line] } })
        }
    }

    /// `u.genre`'s `name|index` lines, in index order.
    private static func genreNames(_ path: String) throws -> [String] {
        var byIndex: [(Int, String)] = []
        for record in try SideTable.records(path: path, delimiter: "|", quoting: false) {
            guard record.fields.count == 2, let index = Int(record.fields[1]) else {
                throw RatingsError(file: path, line: record.line, message: "expected name|index")
            }
            byIndex.append((index, record.fields[0]))
        }
        guard !byIndex.isEmpty else { throw RatingsError(file: path, message: "file is empty") }
        return byIndex.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The year of a MovieLens title ending in `(1995)`; nil without one.
    static func titleYear(_ title: String) -> Double? {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        guard inner.count == 4, let year = Int(inner) else { return nil }
        return Double(year)
    }
}
