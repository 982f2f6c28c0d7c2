import Core
import Foundation
import Ratings
import TestSupport
import Testing

@Suite struct SideFeatureLoaderTests {
    /// Ratings by users 1, 2, 3 on items 10, 20 at fixed times.
    static let ratings = table([
        ("1", "10", 4, 881_250_949), ("2", "20", 3, 951_782_400), ("3", "10", 5, 0),
    ])

    static func load(
        _ names: [String], _ dir: TempDirectory, ratings: String = "u.data",
        user: SideFeatureFile? = nil, item: SideFeatureFile? = nil
    ) throws -> LoadedSideFeatures {
        try SideFeatureLoader.load(
            SideFeatureRequest(names: names, userFile: user, itemFile: item), for: Self.ratings,
            ratingsPath: dir.path(ratings))
    }

    @Test func readsMovieLens100kUsersWithNormalisedAgeAndMissingUsersCounted() throws {
        try withTempDirectory { dir in
            // User 3 is missing; user 9 is not in the ratings and is ignored.
            try dir.file("u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n9|99|M|writer|10001\n")
            let loaded = try Self.load(["user.age", "user.gender", "user.zip", "user.occupation"], dir)
            let user = loaded.features.user
            #expect(loaded.missingUsers == 1)
            #expect(user.count == 3)
            #expect(user.categorical.map(\.name) == ["user.gender", "user.zip", "user.occupation"])
            #expect(user.categorical[0].levels == ["F", "M"])
            #expect(user.categorical[1].levels == ["8", "9"])
            #expect(user.cardinalities == [3, 3, 3])
            // Users 1, 2, 3 by dense index; user 3 is all unknown.
            #expect(user.codes == [2, 1, 2, 1, 2, 1, 0, 0, 0])
            // Ages 24 and 53: mean 38.5, population std 14.5.
            #expect(user.continuous == [.init(name: "user.age", mean: 38.5, std: 14.5)])
            #expect(user.values == [-1, 1, 0])
            #expect(loaded.summary == "side features: user 4 (u.user, 1 of 3 users missing)")
        }
    }

    @Test func readsMovieLens100kItemsFromLatin1WithGenreFile() throws {
        try withTempDirectory { dir in
            try dir.file("u.genre", "unknown|0\nAction|1\nComedy|2\n\n")
            var bytes = Array("10|Mis".utf8) + [0xE9] + Array("rables (1995)|01-Jan-1995||http://x|0|1|1\n".utf8)
            bytes += Array("20|B (1997)|||http://y|0|0|1\n".utf8)
            try dir.file("u.item", bytes: bytes)
            let item = try Self.load(["item.genres", "item.year"], dir).features.item
            #expect(
                item.continuous.map(\.name) == [
                    "item.genres=unknown", "item.genres=Action", "item.genres=Comedy", "item.year",
                ])
            // Action: 1 and 0 → mean 0.5, std 0.5; Comedy 1 and 1 → std 1 (no variation).
            #expect(item.continuous[1].mean == 0.5 && item.continuous[1].std == 0.5)
            #expect(item.continuous[2].std == 1)
            // Item 10 then 20; item 20's missing year is the mean.
            #expect(item.values == [0, 1, 0, 0, 0, -1, 0, 0])
            #expect(item.continuous[3].mean == 1995)
        }
    }

    @Test func readsMovieLens1mUsersAndMovies() throws {
        try withTempDirectory { dir in
            try dir.file("users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n3::M::25::15::55117\n")
            try dir.file(
                "movies.dat", "10::GoldenEye (1995)::Action|Adventure|Thriller\n20::Money Train (1995)::Action\n")
            let loaded = try Self.load(
                ["user.gender", "user.age", "item.genres", "item.year"], dir, ratings: "ratings.dat")
            #expect(loaded.features.user.categorical[0].levels == ["F", "M"])
            #expect(loaded.features.user.codes == [1, 2, 2])
            let meanAge: Double = 82.0 / 3
            #expect(loaded.features.user.continuous[0].mean == meanAge)
            let item = loaded.features.item
            #expect(
                item.continuous.map(\.name).prefix(3) == [
                    "item.genres=Action", "item.genres=Adventure", "item.genres=Thriller",
                ])
            #expect(item.continuous[3].name == "item.year" && item.continuous[3].mean == 1995)
            #expect(loaded.missingItems == 0)
        }
    }

    @Test func readsMoviesCSVGenresAndTitleYears() throws {
        try withTempDirectory { dir in
            try dir.file(
                "movies.csv",
                "movieId,title,genres\n10,\"American President, The (1995)\",Comedy|Drama\n"
                    + "20,Untitled,(no genres listed)\n")
            let item = try Self.load(["item.genres", "item.year"], dir, ratings: "ratings.csv").features.item
            #expect(item.continuous.map(\.name) == ["item.genres=Comedy", "item.genres=Drama", "item.year"])
            // Item 20 has no genre (0) and no year (missing → 0).
            #expect(item.continuous[0].mean == 0.5)
            #expect(item.values == [1, 1, 0, -1, -1, 0])
        }
    }

    @Test func moviesCSVHasNoUserFile() throws {
        try withTempDirectory { dir in
            try dir.file("movies.csv", "movieId,title,genres\n10,A (1995),Comedy\n")
            let error = ratingsError { _ = try Self.load(["user.age"], dir, ratings: "ratings.csv") }
            #expect(error?.file == dir.path("ratings.csv"))
            #expect(
                error?.message.contains("feature user.age needs MovieLens's user file (u.user or users.dat)") == true)
        }
    }

    @Test func timeFeaturesInUTC() throws {
        try withTempDirectory { dir in
            let rating = try Self.load(["time.year", "time.month", "time.weekday", "time.hour"], dir).features.rating
            #expect(rating.count == 3)
            #expect(rating.categorical.map(\.name) == ["time.month", "time.weekday", "time.hour"])
            #expect(rating.cardinalities == [13, 8, 25])
            // 1997-12-04 15:55 Thu, 2000-02-29 00:00 Tue, 1970-01-01 00:00 Thu.
            #expect(rating.codes == [12, 4, 16, 2, 2, 1, 1, 4, 1])
            let year = rating.continuous[0]
            #expect(year.name == "time.year" && year.mean == Double(5967) / 3)
            #expect(SideFeatures.utcFields(-1) == (1969, 12, 2, 23))
            #expect(SideFeatures.utcFields(1_700_000_000) == (2023, 11, 1, 22))
        }
    }

    @Test func ratingLevelEncodesNewTimesWithStoredNormalisation() throws {
        try withTempDirectory { dir in
            let features = try Self.load(["time.year", "time.hour"], dir).features
            #expect(features.latestTimestamp == 951_782_400)
            let now = features.ratingLevel(at: features.latestTimestamp)
            #expect(now.codes == [1])
            #expect(now.values == [features.rating.values[1]])
            let encoded = try JSONDecoder().decode(SideFeatures.self, from: JSONEncoder().encode(features))
            #expect(encoded == features)
        }
    }

    @Test func genericFileInfersAndForcesTypes() throws {
        try withTempDirectory { dir in
            let path = try dir.file(
                "people.csv",
                "id,height,country,code\n1,180,FR,7\n2,160,,8\n3,,DE,\n4,x1,US,9\n".replacingOccurrences(
                    of: "x1", with: "170"))
            let loaded = try Self.load(
                ["user.height", "user.country", "user.code:categorical"], dir,
                user: SideFeatureFile(path: path, key: .name("id")))
            let user = loaded.features.user
            #expect(user.categorical.map(\.name) == ["user.country", "user.code"])
            #expect(user.categorical[0].levels == ["DE", "FR"])
            #expect(user.categorical[1].levels == ["7", "8"])
            #expect(user.codes == [2, 1, 0, 2, 1, 0])
            // Heights 180 and 160 among the ratings' users: mean 170, std 10; user 3's is missing.
            #expect(user.continuous == [.init(name: "user.height", mean: 170, std: 10)])
            #expect(user.values == [1, -1, 0])
            #expect(loaded.missingUsers == 0)
        }
    }

    @Test func genericFileDetectsDelimiterAndKeysByNumber() throws {
        try withTempDirectory { dir in
            let path = try dir.file("items.tsv", "price\tsku\n2.5\t10\n7.5\t20\n")
            let item = try Self.load(
                ["item.price"], dir, item: SideFeatureFile(path: path, key: .number(2))
            ).features.item
            #expect(item.values == [-1, 1])
        }
    }

    @Test func errorsNameFileAndLine() throws {
        try withTempDirectory { dir in
            let users = try dir.file("users.csv", "id,age,team\n1,30,a\n2,abc,b\n1,40,c\n")
            func error(_ names: [String], _ file: SideFeatureFile) -> String? {
                ratingsError { _ = try Self.load(names, dir, user: file) }?.description
            }
            #expect(
                error(["user.age"], .init(path: users)) == "\(users):4: user id \"1\" appears again, first on line 2")
            let ages = try dir.file("ages.csv", "id,age,team\n1,30,a\n2,abc,b\n")
            #expect(
                error(["user.age:continuous"], .init(path: ages))
                    == "\(ages):3: feature user.age:continuous: \"abc\" is not a number")
            #expect(
                error(["user.weight"], .init(path: ages))?.hasPrefix(
                    "\(ages):1: feature user.weight: the header has no column \"weight\"") == true)
            #expect(error(["user.age"], .init(path: dir.path("none.csv"))) == "\(dir.path("none.csv")): no such file")
            let short = try dir.file("short.csv", "id,age\n1,30\n2\n")
            #expect(
                error(["user.age"], .init(path: short)) == "\(short):3: expected 2 fields separated by \",\", found 1")
            try dir.file("u.user", "1|24|M|technician|85711\n2|old|F|other|94043\n")
            #expect(
                ratingsError { _ = try Self.load(["user.age"], dir) }?.description
                    == "\(dir.path("u.user")):2: feature user.age: \"old\" is not a number")
            try dir.file("u.item", "10|A|01-Jan-1995||u|0\n")
            #expect(
                ratingsError { _ = try Self.load(["item.genres"], dir) }?.description
                    == "\(dir.path("u.item")):1: expected 24 fields separated by \"|\", found 6")
            #expect(
                ratingsError { _ = try Self.load(["user.height"], dir) }?.description
                    == "\(dir.path("u.data")): unknown feature 'user.height'; known: user.age, user.gender, "
                    + "user.occupation, user.zip (or give user_features, --user-features, to name its columns)")
        }
    }

    @Test(MovieLens100k.required) func readsRealMovieLens100k() throws {
        let loaded = try RatingsLoader.load(path: MovieLens100k.ratingsPath)
        let side = try SideFeatureLoader.load(
            SideFeatureRequest(names: [
                "user.age", "user.gender", "user.occupation", "user.zip", "item.genres", "item.year", "time.weekday",
            ]),
            for: loaded.table, ratingsPath: MovieLens100k.ratingsPath)
        #expect(side.missingUsers == 0 && side.missingItems == 0)
        #expect(side.features.user.categorical[1].levels.count == 21)
        #expect(side.features.item.continuousCount == 20)
        #expect(side.features.item.continuous[0].name == "item.genres=unknown")
        #expect(side.features.rating.codes.count == 100_000)
    }
}
