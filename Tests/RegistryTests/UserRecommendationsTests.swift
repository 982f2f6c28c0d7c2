import Core
import Factorization
import Ratings
import Testing

@testable import Registry

/// `recommend --users`: the lists come one at a time, each made when it is asked for.
struct UserRecommendationsTests {
    @Test func listsAreMadeOneAtATimeInFileOrder() throws {
        let loaded = UserListTests.loaded()
        let list = try UserListTests.list("b\n# skip\na\nb\n")
        let results = try ModelInference.recommendations(loaded, for: list, k: 1, coldStart: .none)
        #expect(results.underestimatedCount == 3)
        var iterator = results.makeIterator()
        // The first list exists before any other is made: the iterator has read one id.
        let first = iterator.next()
        #expect(first == (try ModelInference.recommend(loaded, user: "b", k: 1, coldStart: .none)))
        #expect(iterator.ids.next()?.id == "a", "only the first id has been read")
        let all = Array(results)
        #expect(all.map(\.user) == ["b", "a", "b"])
        #expect(all[1] == (try ModelInference.recommend(loaded, user: "a", k: 1, coldStart: .none)))
    }

    @Test func unknownUsersAreRefusedBeforeAnyListUnlessColdStartIsPopular() throws {
        let loaded = UserListTests.loaded()
        let list = try UserListTests.list("a\nzz\n")
        #expect(throws: RegistryError.self) {
            _ = try ModelInference.recommendations(loaded, for: list, k: 1, coldStart: .none)
        }
        let cold = Array(try ModelInference.recommendations(loaded, for: list, k: 1, coldStart: .popular))
        #expect(cold.map(\.known) == [true, false])
        #expect(cold[1] == (try ModelInference.recommend(loaded, user: "zz", k: 1, coldStart: .popular)))
    }
}
