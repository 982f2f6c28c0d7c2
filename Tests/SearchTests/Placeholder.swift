import Testing

@Test func searchtestsBuilds() {}
