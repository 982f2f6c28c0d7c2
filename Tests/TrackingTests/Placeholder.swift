import Testing

@Test func trackingtestsBuilds() {}
